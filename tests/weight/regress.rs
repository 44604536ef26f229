//! yoron::weight::regress against R's survey package (`svyglm`, `confint`, `regTermTest`):
//! every row of tests/reference/survey/regress/expected.csv and tests.csv, at the
//! tolerances in tolerances.csv; then the errors R leaves as warnings or NA.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::weight::{Design, DesignSpec, Family, Margins, Model, Rake, Regression, Respondents};

fn dir() -> PathBuf {
    crate::support::reference("survey/regress")
}

fn read_csv(path: PathBuf) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect())
        .collect()
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
}

fn cases() -> Vec<Case> {
    let strat = || DesignSpec::new().strata("stype").weight("pw").fpc("fpc");
    let clus1 = || DesignSpec::new().psu("dnum").weight("pw").fpc("fpc");
    let clus2 = || DesignSpec::new().psu("dnum").weight("pw");
    let poll = || DesignSpec::new().psu("psu").strata("stratum").weight("w").fpc("fpc_n");
    let raked = || DesignSpec::new().psu("psu").strata("stratum").weight("w");
    let case = |name, data, spec, formula, family| Case {
        name,
        data,
        spec,
        formula,
        family,
        domain: None,
        reference: None,
        raked: false,
    };
    use Family::*;
    vec![
        case("strat_gaussian", "apistrat.csv", strat(), "api00 ~ ell + meals + stype", Gaussian),
        case("strat_binomial", "apistrat.csv", strat(), "sch_wide ~ ell + meals + mobility", Binomial),
        Case {
            domain: Some(("awards", "Yes")),
            ..case("strat_domain", "apistrat.csv", strat(), "api00 ~ ell + meals", Gaussian)
        },
        case("clus1_poisson", "apiclus1.csv", clus1(), "enroll ~ ell + meals + stype", Poisson),
        case("clus1_nointercept", "apiclus1.csv", clus1(), "api00 ~ 0 + stype + ell", Gaussian),
        case("clus2_interaction", "apiclus2.csv", clus2(), "api00 ~ meals * stype", Gaussian),
        case("poll_binomial", "../poll.csv", poll(), "qbin ~ age + sex + agegrp", Binomial),
        case("poll_poisson", "../poll.csv", poll(), "hh ~ age + region", Poisson),
        Case {
            domain: Some(("country", "JP")),
            ..case("poll_domain", "../poll.csv", poll(), "qbin ~ age + sex", Binomial)
        },
        Case {
            reference: Some(("agegrp", "55+")),
            ..case("poll_reference", "../poll.csv", poll(), "qbin ~ age + agegrp", Binomial)
        },
        case("poll_interaction", "../poll.csv", poll(), "qbin ~ sex * agegrp", Binomial),
        Case {
            raked: true,
            ..case("poll_raked", "../poll.csv", raked(), "qbin ~ age + region", Binomial)
        },
        Case {
            raked: true,
            domain: Some(("country", "KR")),
            ..case("poll_raked_gaussian", "../poll.csv", raked(), "age ~ sex + region", Gaussian)
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
    design
        .regress(&model)
        .unwrap_or_else(|e| panic!("{}: {e}", c.name))
}

fn tolerances() -> HashMap<String, (f64, f64)> {
    read_csv(dir().join("tolerances.csv"))
        .into_iter()
        .map(|r| {
            (
                r["quantity"].clone(),
                (r["relative"].parse().unwrap(), r["absolute"].parse().unwrap()),
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
    let expected = read_csv(dir().join("expected.csv"));
    let tests = read_csv(dir().join("tests.csv"));
    let mut failures = Vec::new();
    let (mut checked, mut checked_tests) = (0, 0);
    for c in cases() {
        let f = fit(&c);
        let rows: Vec<_> = expected.iter().filter(|r| r["case"] == c.name).collect();
        assert!(!rows.is_empty(), "no reference rows for {}", c.name);
        assert_eq!(rows.len(), f.coefficients().len(), "{}: coefficients", c.name);
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
    assert!(failures.is_empty(), "{} of {checked} + {checked_tests} values differ from R:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(checked, 6 * (expected.len()));
    assert_eq!(checked_tests, 2 * tests.len());
}
