//! yoron::weight::regress against R's survey package (`svyglm`, `confint`, `regTermTest`):
//! every row of tests/reference/survey/regress/expected.csv and tests.csv, at the
//! tolerances in tolerances.csv; then the errors R leaves as warnings or NA.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::weight::{
    CreateReplicates, CreatedType, Design, DesignSpec, Family, LonelyPsu, Margins, Model, Rake,
    Regression, Respondents,
};

fn dir() -> PathBuf {
    crate::support::reference("survey/regress")
}

/// How each case of make_reference.R is declared in yoron: data file, design, formula,
/// family, domain, reference level, raking.
struct Case {
    name: &'static str,
    data: &'static str,
    spec: DesignSpec,
    formula: &'static str,
    family: Family,
    domain: Option<(&'static str, &'static str)>,
    reference: Option<(&'static str, &'static str)>,
    raked: bool,
    /// JK1 replicates created from the design (R `as.svrepdesign(des, type = "JK1")`).
    jk1: bool,
}

fn cases() -> Vec<Case> {
    let strat = || DesignSpec::new().strata("stype").weight("pw").fpc("fpc");
    let clus1 = || DesignSpec::new().psu("dnum").weight("pw").fpc("fpc");
    let clus2 = || DesignSpec::new().psu("dnum").weight("pw");
    let poll = || {
        DesignSpec::new()
            .psu("psu")
            .strata("stratum")
            .weight("w")
            .fpc("fpc_n")
    };
    let raked = || DesignSpec::new().psu("psu").strata("stratum").weight("w");
    let lonely = |policy| {
        DesignSpec::new()
            .psu("psu")
            .strata("stratum")
            .weight("w")
            .fpc("popn")
            .lonely_psu(policy)
    };
    let case = |name, data, spec, formula, family| Case {
        name,
        data,
        spec,
        formula,
        family,
        domain: None,
        reference: None,
        raked: false,
        jk1: false,
    };
    use Family::*;
    vec![
        case(
            "strat_gaussian",
            "apistrat.csv",
            strat(),
            "api00 ~ ell + meals + stype",
            Gaussian,
        ),
        case(
            "strat_binomial",
            "apistrat.csv",
            strat(),
            "sch_wide ~ ell + meals + mobility",
            Binomial,
        ),
        Case {
            domain: Some(("awards", "Yes")),
            ..case(
                "strat_domain",
                "apistrat.csv",
                strat(),
                "api00 ~ ell + meals",
                Gaussian,
            )
        },
        case(
            "clus1_poisson",
            "apiclus1.csv",
            clus1(),
            "enroll ~ ell + meals + stype",
            Poisson,
        ),
        case(
            "clus1_nointercept",
            "apiclus1.csv",
            clus1(),
            "api00 ~ 0 + stype + ell",
            Gaussian,
        ),
        case(
            "clus2_interaction",
            "apiclus2.csv",
            clus2(),
            "api00 ~ meals * stype",
            Gaussian,
        ),
        case(
            "poll_binomial",
            "../poll.csv",
            poll(),
            "qbin ~ age + sex + agegrp",
            Binomial,
        ),
        case(
            "poll_poisson",
            "../poll.csv",
            poll(),
            "hh ~ age + region",
            Poisson,
        ),
        Case {
            domain: Some(("country", "JP")),
            ..case(
                "poll_domain",
                "../poll.csv",
                poll(),
                "qbin ~ age + sex",
                Binomial,
            )
        },
        Case {
            reference: Some(("agegrp", "55+")),
            ..case(
                "poll_reference",
                "../poll.csv",
                poll(),
                "qbin ~ age + agegrp",
                Binomial,
            )
        },
        case(
            "poll_interaction",
            "../poll.csv",
            poll(),
            "qbin ~ sex * agegrp",
            Binomial,
        ),
        Case {
            raked: true,
            ..case(
                "poll_raked",
                "../poll.csv",
                raked(),
                "qbin ~ age + region",
                Binomial,
            )
        },
        Case {
            jk1: true,
            ..case(
                "clus1_jk1_gaussian",
                "apiclus1.csv",
                clus2(),
                "api00 ~ ell + stype",
                Gaussian,
            )
        },
        Case {
            jk1: true,
            domain: Some(("stype", "E")),
            ..case(
                "clus1_jk1_binomial",
                "apiclus1.csv",
                clus2(),
                "sch_wide ~ ell + meals",
                Binomial,
            )
        },
        case(
            "poll_text_response",
            "../poll.csv",
            poll(),
            "sex ~ age + region",
            Binomial,
        ),
        case(
            "lonely_adjust",
            "../lonely.csv",
            lonely(LonelyPsu::Adjust),
            "x ~ g + q",
            Gaussian,
        ),
        case(
            "lonely_average",
            "../lonely.csv",
            lonely(LonelyPsu::Average),
            "x ~ g + q",
            Gaussian,
        ),
        Case {
            domain: Some(("q", "z")),
            ..case(
                "lonely_average_domain",
                "../lonely.csv",
                lonely(LonelyPsu::Average),
                "x ~ g",
                Gaussian,
            )
        },
        case(
            "lonely_certainty",
            "../lonely.csv",
            lonely(LonelyPsu::Certainty),
            "x ~ g",
            Poisson,
        ),
        Case {
            raked: true,
            domain: Some(("country", "KR")),
            ..case(
                "poll_raked_gaussian",
                "../poll.csv",
                raked(),
                "age ~ sex + region",
                Gaussian,
            )
        },
    ]
}

fn fit(c: &Case) -> Regression {
    let mut model = Model::formula(c.formula).unwrap().family(c.family);
    if let Some((col, level)) = c.domain {
        model = model.domain(col, level);
    }
    if let Some((col, level)) = c.reference {
        model = model.reference(col, level);
    }
    let margins = c
        .raked
        .then(|| Margins::from_csv_path(dir().join("../margins_totals.csv")).unwrap());
    let mut cols = c.spec.columns().merge(&model.columns());
    if let Some(m) = &margins {
        cols = cols.merge(&m.columns());
    }
    let data = Respondents::read(dir().join(c.data), &cols).unwrap();
    let mut design: Design = c.spec.build(data).unwrap();
    if let Some(m) = &margins {
        design = design
            .rake(m, &Rake::new().tolerance(1e-13).max_iterations(1000))
            .unwrap()
            .into_design();
    }
    if c.jk1 {
        design = design
            .to_replicate(&CreateReplicates::new(CreatedType::Jk1))
            .unwrap();
    }
    design
        .regress(&model)
        .unwrap_or_else(|e| panic!("{}: {e}", c.name))
}

fn tolerances() -> HashMap<String, (f64, f64)> {
    crate::support::reference_csv(dir().join("tolerances.csv"))
        .into_iter()
        .map(|r| {
            (
                r["quantity"].clone(),
                (
                    r["relative"].parse().unwrap(),
                    r["absolute"].parse().unwrap(),
                ),
            )
        })
        .collect()
}

fn close(got: f64, want: f64, (rel, abs): (f64, f64)) -> bool {
    (got - want).abs() <= abs.max(rel * want.abs())
}

#[test]
fn coefficients_match_r_svyglm() {
    let tol = tolerances();
    let expected = crate::support::reference_csv(dir().join("expected.csv"));
    let tests = crate::support::reference_csv(dir().join("tests.csv"));
    let mut failures = Vec::new();
    let (mut checked, mut checked_tests) = (0, 0);
    for c in cases() {
        let f = fit(&c);
        let rows: Vec<_> = expected.iter().filter(|r| r["case"] == c.name).collect();
        assert!(!rows.is_empty(), "no reference rows for {}", c.name);
        assert_eq!(
            rows.len(),
            f.coefficients().len(),
            "{}: coefficients",
            c.name
        );
        for (r, got) in rows.iter().zip(f.coefficients()) {
            assert_eq!(got.term(), r["term"], "{}", c.name);
            assert_eq!(got.df().to_string(), r["df"], "{}: df", c.name);
            for (q, v) in [
                ("estimate", got.estimate()),
                ("se", got.se()),
                ("t", got.t()),
                ("p_value", got.p()),
                ("ci_low", got.ci_low()),
                ("ci_high", got.ci_high()),
            ] {
                let want: f64 = r[q].parse().unwrap();
                checked += 1;
                if !close(v, want, tol[q]) {
                    failures.push(format!(
                        "{} {} {q}: yoron {v:e}, R {want:e} (rel {:.1e}); R: {}",
                        c.name,
                        got.term(),
                        (v - want).abs() / want.abs(),
                        r["r_call"]
                    ));
                }
            }
        }
        for r in tests.iter().filter(|r| r["case"] == c.name) {
            let terms: Vec<&str> = r["terms"].split('+').collect();
            let t = f.wald(&terms).unwrap();
            assert_eq!(t.ndf().to_string(), r["ndf"], "{} {}", c.name, r["terms"]);
            assert_eq!(t.ddf().to_string(), r["ddf"], "{} {}", c.name, r["terms"]);
            for (q, key, v) in [("f", "f", t.f()), ("test_p_value", "p_value", t.p())] {
                let want: f64 = r[key].parse().unwrap();
                checked_tests += 1;
                if !close(v, want, tol[q]) {
                    failures.push(format!(
                        "{} test {} {key}: yoron {v:e}, R {want:e}; R: {}",
                        c.name, r["terms"], r["r_call"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} + {checked_tests} values differ from R:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 6 * (expected.len()));
    assert_eq!(checked_tests, 2 * tests.len());
}

/// A design over made-up rows (test data, not a poll).
fn design(csv: &str, model: &Model) -> Design {
    let data = Respondents::from_csv_reader(csv.as_bytes(), &model.columns()).unwrap();
    DesignSpec::new().build(data).unwrap()
}

#[test]
fn separation_is_an_error_naming_the_coefficient() {
    // Made-up data: y is 1 exactly when x > 3.
    let m = Model::formula("y ~ x + g")
        .unwrap()
        .family(Family::Binomial);
    let csv = "y,x,g\n0,1,a\n0,2,b\n0,3,a\n1,4,b\n1,5,a\n1,6,b\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(e.contains("perfect or quasi-complete separation"), "{e}");
    assert!(e.contains("\"x\""), "{e}");
}

#[test]
fn rank_deficiency_is_an_error_naming_the_columns() {
    // Made-up data: x2 = 2 x.
    let m = Model::formula("y ~ x + x2").unwrap();
    let csv = "y,x,x2\n1,1,2\n3,2,4\n2,3,6\n5,4,8\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(
        e.contains("column \"x2\" is a linear combination of \"x\""),
        "{e}"
    );
    // A factor whose indicators add up to the intercept, with no intercept-free coding.
    let m = Model::formula("y ~ g + h").unwrap();
    let csv = "y,g,h\n1,a,c\n3,b,d\n2,a,c\n5,b,d\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(e.contains("\"hd\" is a linear combination of"), "{e}");
    assert!(e.contains("\"gb\""), "{e}");
}

#[test]
fn non_convergence_names_the_iterations() {
    let m = Model::formula("y ~ x")
        .unwrap()
        .family(Family::Poisson)
        .max_iterations(2);
    let csv = "y,x\n1,1\n30,2\n2,3\n500,4\n4,5\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(
        e.contains("IRLS fit of regression \"y ~ x\" did not converge in 2 iterations"),
        "{e}"
    );
}

#[test]
fn missing_values_empty_levels_and_bad_responses_are_errors() {
    let m = Model::formula("y ~ x").unwrap();
    let csv = "y,x\n1,1\n2,\n,3\n4,4\n5,6\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(e.contains("y") && e.contains("line 4"), "{e}");
    let fit = design(csv, &m).regress(&m.clone().na_rm(true)).unwrap();
    assert_eq!(fit.n(), 3);
    // The level "b" only occurs outside the domain.
    let m = Model::formula("y ~ x + g").unwrap().domain("c", "JP");
    let csv = "y,x,g,c\n1,1,a,JP\n2,2,c,JP\n3,3,a,JP\n4,1,b,KR\n5,2,c,JP\n";
    let e = design(csv, &m).regress(&m).unwrap_err().to_string();
    assert!(
        e.contains("level \"b\" of g has no respondents in the fit"),
        "{e}"
    );
    let m = Model::formula("y ~ x").unwrap().family(Family::Binomial);
    let e = design("y,x\n0,1\n2,2\n1,3\n", &m)
        .regress(&m)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("proportion in [0, 1]") && e.contains("line 3"),
        "{e}"
    );
    let m = Model::formula("y ~ x").unwrap().reference("x", "1");
    let e = design("y,x\n0,1\n2,2\n1,3\n", &m)
        .regress(&m)
        .unwrap_err()
        .to_string();
    assert!(e.contains("a categorical predictor"), "{e}");
    let m = Model::formula("y ~ g").unwrap().reference("g", "z");
    let e = design("y,g\n0,a\n2,b\n1,a\n", &m)
        .regress(&m)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown reference level of \"g\" \"z\""), "{e}");
}

#[test]
fn coefficient_limit_is_an_error() {
    let m = Model::formula("y ~ id").unwrap();
    let mut csv = String::from("y,id\n");
    for i in 0..1002 {
        csv.push_str(&format!("{},r{i}\n", i % 7));
    }
    let e = design(&csv, &m).regress(&m).unwrap_err().to_string();
    assert!(e.contains("at most 1000 coefficients"), "{e}");
}

#[test]
fn wald_test_of_an_unknown_term_lists_the_terms() {
    let m = Model::formula("y ~ x * g").unwrap();
    let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,a\n5,4,b\n4,5,a\n7,6,b\n";
    let fit = design(csv, &m).regress(&m).unwrap();
    assert_eq!(fit.wald(&["g:x"]).unwrap().ndf(), 1);
    let e = fit.wald(&["z"]).unwrap_err().to_string();
    assert!(e.contains("known: x, g, x:g"), "{e}");
    assert!(fit.odds_ratios().is_err());
}

#[test]
fn rescaling_the_weights_changes_nothing() {
    // R's svyglm rescales the weights to mean 1; the fit and its variance must not depend on
    // the weights' scale (made-up data).
    let m = Model::formula("y ~ x + g")
        .unwrap()
        .family(Family::Binomial);
    let rows = [
        (1, 1.0, "a", 1.2),
        (0, 2.0, "b", 0.7),
        (1, 3.0, "a", 2.5),
        (0, 1.5, "b", 1.1),
        (1, 2.5, "b", 0.4),
        (0, 3.5, "a", 1.9),
        (1, 0.5, "b", 1.3),
        (0, 4.0, "a", 0.8),
    ];
    let fit = |scale: f64| {
        let mut csv = String::from("y,x,g,w\n");
        for (y, x, g, w) in rows {
            csv.push_str(&format!("{y},{x},{g},{}\n", w * scale));
        }
        let spec = DesignSpec::new().weight("w");
        let data =
            Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&m.columns()))
                .unwrap();
        spec.build(data).unwrap().regress(&m).unwrap()
    };
    let (a, b) = (fit(1.0), fit(1000.0));
    for (x, y) in a.coefficients().iter().zip(b.coefficients()) {
        assert!(
            close(x.estimate(), y.estimate(), (1e-10, 1e-12)),
            "{x:?} {y:?}"
        );
        assert!(close(x.se(), y.se(), (1e-10, 0.0)), "{x:?} {y:?}");
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use crate::support::{stderr, success_stdout, yoron};

    #[test]
    fn regress_csv_matches_r_and_tests_follow() {
        let data = dir().join("apistrat.csv");
        let out = success_stdout(&yoron(&[
            "regress",
            "--data",
            data.to_str().unwrap(),
            "--strata",
            "stype",
            "--weight",
            "pw",
            "--fpc",
            "fpc",
            "--formula",
            "api00 ~ ell + meals + stype",
            "--test",
            "stype",
            "--test",
            "ell, meals",
            "--format",
            "csv",
        ]));
        let (coefs, tests) = out.split_once("\n\n").unwrap();
        let expected = crate::support::reference_csv(dir().join("expected.csv"));
        let rows: Vec<_> = expected
            .iter()
            .filter(|r| r["case"] == "strat_gaussian")
            .collect();
        let mut lines = coefs.lines();
        assert_eq!(
            lines.next(),
            Some("term,estimate,se,t,df,p_value,ci_low,ci_high")
        );
        let mut n = 0;
        for (line, r) in lines.zip(&rows) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[0], r["term"]);
            for (i, q) in ["estimate", "se", "t"].iter().enumerate() {
                let got: f64 = cells[i + 1].parse().unwrap();
                let want: f64 = r[*q].parse().unwrap();
                assert!(close(got, want, (1e-8, 0.0)), "{q}: {got} vs {want}");
            }
            n += 1;
        }
        assert_eq!(n, rows.len());
        let mut tl = tests.lines();
        assert_eq!(tl.next(), Some("terms,f,ndf,ddf,p_value"));
        let stype: Vec<&str> = tl.next().unwrap().split(',').collect();
        assert_eq!(stype[0], "stype");
        assert!(close(
            stype[1].parse().unwrap(),
            79.9932498809051,
            (1e-8, 0.0)
        ));
        assert!(tl.next().unwrap().starts_with("ell+meals,"));
    }

    #[test]
    fn regress_json_has_the_documented_keys() {
        let data = dir().join("../poll.csv");
        let out = success_stdout(&yoron(&[
            "regress",
            "--data",
            data.to_str().unwrap(),
            "--strata",
            "stratum",
            "--psu",
            "psu",
            "--weight",
            "w",
            "--formula",
            "qbin ~ age + sex",
            "--family",
            "binomial",
            "--domain",
            "country=JP",
            "--test",
            "sex",
            "--format",
            "json",
        ]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["family"], "binomial");
        assert_eq!(v["n"], 382);
        assert_eq!(v["coefficients"][2]["term"], "sexM");
        assert_eq!(v["tests"][0]["terms"], "sex");
        assert_eq!(v["tests"][0]["ndf"], 1.0);
        assert!(v["df"].as_i64().unwrap() > 0);
    }

    /// `yoron regress` on poll.csv in its stratified, clustered design with FPC, then `rest`.
    fn regress_poll(rest: &[&str]) -> std::process::Output {
        let data = dir().join("../poll.csv");
        let mut args = vec![
            "regress",
            "--data",
            data.to_str().unwrap(),
            "--strata",
            "stratum",
            "--psu",
            "psu",
            "--weight",
            "w",
            "--fpc",
            "fpc_n",
        ];
        args.extend_from_slice(rest);
        yoron(&args)
    }

    #[test]
    fn regress_ref_and_domain_flags_match_r() {
        let out = success_stdout(&regress_poll(&[
            "--formula",
            "qbin ~ age + agegrp",
            "--family",
            "binomial",
            "--ref",
            "agegrp=55+",
            "--format",
            "csv",
        ]));
        let expected = crate::support::reference_csv(dir().join("expected.csv"));
        let rows: Vec<_> = expected
            .iter()
            .filter(|r| r["case"] == "poll_reference")
            .collect();
        let lines: Vec<&str> = out.lines().skip(1).collect();
        assert_eq!(lines.len(), rows.len());
        for (line, r) in lines.iter().zip(&rows) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[0], r["term"]);
            let (got, want): (f64, f64) = (cells[2].parse().unwrap(), r["se"].parse().unwrap());
            assert!(close(got, want, (1e-8, 0.0)), "{line}");
        }
        let out = success_stdout(&regress_poll(&[
            "--formula",
            "qbin ~ age + sex",
            "--family",
            "binomial",
            "--domain",
            "country=JP",
            "--format",
            "csv",
        ]));
        let sex = out.lines().find(|l| l.starts_with("sexM,")).unwrap();
        let want = expected
            .iter()
            .find(|r| r["case"] == "poll_domain" && r["term"] == "sexM")
            .unwrap();
        let got: f64 = sex.split(',').nth(1).unwrap().parse().unwrap();
        assert!(close(got, want["estimate"].parse().unwrap(), (1e-8, 0.0)));
    }

    #[test]
    fn regress_odds_ratios_are_exp_of_r_coefficients() {
        let data = dir().join("../poll.csv");
        let out = success_stdout(&regress_poll(&[
            "--formula",
            "qbin ~ age + sex + agegrp",
            "--family",
            "binomial",
            "--odds-ratios",
            "--format",
            "csv",
        ]));
        let expected = crate::support::reference_csv(dir().join("expected.csv"));
        let rows: Vec<_> = expected
            .iter()
            .filter(|r| r["case"] == "poll_binomial")
            .collect();
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("term,odds_ratio,ci_low,ci_high,p_value"));
        let mut n = 0;
        for (line, r) in lines.zip(&rows) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[0], r["term"]);
            for (i, q) in [(1, "estimate"), (2, "ci_low"), (3, "ci_high")] {
                let got: f64 = cells[i].parse().unwrap();
                let want = r[q].parse::<f64>().unwrap().exp();
                assert!(close(got, want, (1e-8, 0.0)), "{q}: {line}");
            }
            n += 1;
        }
        assert_eq!(n, rows.len());
        let o = yoron(&[
            "regress",
            "--data",
            data.to_str().unwrap(),
            "--formula",
            "age ~ sex",
            "--odds-ratios",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("a logistic (binomial) regression"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn regress_errors_exit_2_with_the_place() {
        let data = dir().join("apistrat.csv");
        let data = data.to_str().unwrap();
        for (rest, said) in [
            (&["--formula", "api00 ~ log(ell)"][..], "character 9"),
            (
                &["--formula", "api00 ~ ell", "--family", "logit"][..],
                "unknown family \"logit\"",
            ),
            (
                &["--formula", "api00 ~ ell", "--domain", "stype"][..],
                "--domain: expected VAR=LEVEL",
            ),
        ] {
            let mut args = vec!["regress", "--data", data];
            args.extend_from_slice(rest);
            let o = yoron(&args);
            assert_eq!(o.status.code(), Some(2), "{rest:?}");
            assert!(stderr(&o).contains(said), "{rest:?}: {}", stderr(&o));
        }
    }
}

#[test]
fn a_gaussian_group_coefficient_is_the_domain_contrast() {
    // yoron's JP − KR contrast of means takes its reference from svyglm(age ~ country)
    // (tests/reference/survey): the regression must give the same number, negated, and SE.
    use yoron::weight::Estimand;
    let spec = DesignSpec::new()
        .psu("psu")
        .strata("stratum")
        .weight("w")
        .fpc("fpc_n");
    let model = Model::formula("age ~ country").unwrap();
    let e = Estimand::mean("age").by("country").contrast("JP", "KR");
    let cols = spec.columns().merge(&model.columns()).merge(&e.columns());
    let data = Respondents::read(dir().join("../poll.csv"), &cols).unwrap();
    let design = spec.build(data).unwrap();
    let est = design.estimate(&e).unwrap();
    let contrast = est.find(Some("JP-KR"), "age").unwrap();
    let fit = design.regress(&model).unwrap();
    let kr = fit.coefficient("countryKR").unwrap();
    assert!(close(-kr.estimate(), contrast.estimate(), (1e-10, 1e-12)));
    assert!(close(kr.se(), contrast.se(), (1e-10, 0.0)));
}
