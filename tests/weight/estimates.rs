//! Ratios, quantiles, per-category totals and `svyciprop(na.rm = TRUE)` against R's survey
//! package: every value in tests/reference/survey/estimates/expected.csv, at the tolerance
//! in its tolerances.csv. The designs are declared in its designs.csv.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::stats::ConfidenceLevel;
use yoron::weight::{
    Columns, CreateReplicates, CreatedType, Design, DesignCiMethod, DesignEstimates, DesignSpec,
    Estimand, Margins, QuantileInterval, Rake, Respondents, Statistic,
};

fn survey_dir() -> PathBuf {
    crate::support::reference("survey")
}

fn ours(name: &str) -> Vec<HashMap<String, String>> {
    crate::support::reference_csv(survey_dir().join("estimates").join(name))
}

fn columns(data: &str) -> Columns {
    if data.starts_with("estimates/api") {
        Columns::new()
            .categories(["stype", "awards", "dnum"])
            .numbers(["pw", "fpc", "api00", "api99", "enroll", "api_stu"])
    } else {
        Columns::new()
            .categories(["q5", "q5_na", "country", "sex", "agegrp", "stratum", "psu"])
            .numbers(["age", "hh", "w", "fpc_n"])
    }
}

fn designs() -> HashMap<String, Design> {
    let mut out = HashMap::new();
    for r in ours("designs.csv") {
        let mut spec = DesignSpec::new().weight(&r["weight"]);
        if !r["strata"].is_empty() {
            spec = spec.strata(&r["strata"]);
        }
        if !r["psu"].is_empty() {
            spec = spec.psu(&r["psu"]);
        }
        if !r["fpc"].is_empty() {
            spec = spec.fpc(&r["fpc"]);
        }
        let data = Respondents::read(survey_dir().join(&r["data"]), &columns(&r["data"])).unwrap();
        let mut design = spec.build(data).unwrap();
        if !r["margins"].is_empty() {
            let m = Margins::from_csv_path(survey_dir().join(&r["margins"])).unwrap();
            design = design
                .rake(&m, &Rake::new().tolerance(1e-13).max_iterations(1000))
                .unwrap()
                .into_design();
        }
        if r["replicates"] == "JKn" {
            // R: as.svrepdesign(des, type = "JKn"), whose weights yoron reproduces.
            design = design
                .to_replicate(&CreateReplicates::new(CreatedType::Jkn))
                .unwrap();
        }
        out.insert(r["design"].clone(), design);
    }
    out
}

fn estimand(r: &HashMap<String, String>) -> Estimand {
    let var = &r["var"];
    let method = || r["method"].parse::<DesignCiMethod>().unwrap();
    let kind = r["kind"].strip_suffix("_contrast");
    let mut e = match kind.unwrap_or(&r["kind"]) {
        "ratio" => {
            let (num, den) = var.split_once('/').unwrap();
            Estimand::ratio(num, den)
        }
        "quantile" => Estimand::quantiles(var, [0.25, 0.5, 0.75])
            .quantile_interval(r["method"].parse::<QuantileInterval>().unwrap()),
        "cat_total" => Estimand::total(var),
        "prop_na" => Estimand::proportions(var).na_rm(true).interval(method()),
        k => panic!("unknown kind {k}"),
    };
    if !r["by"].is_empty() {
        e = e.by(&r["by"]);
    }
    if kind.is_some() {
        let (a, b) = r["group"].split_once('-').unwrap();
        e = e.contrast(a, b);
    }
    e.level(ConfidenceLevel::new(r["conf"].parse().unwrap()).unwrap())
}

#[test]
fn estimates_match_r_survey() {
    let designs = designs();
    let tol: HashMap<String, (f64, f64)> = ours("tolerances.csv")
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
        .collect();
    let mut cache: HashMap<String, DesignEstimates> = HashMap::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in ours("expected.csv") {
        let design = &designs[&r["design"]];
        if r["kind"] == "design" {
            assert_eq!(design.df().to_string(), r["value"], "{}", r["design"]);
            continue;
        }
        let key = format!(
            "{}|{}|{}|{}|{}|{}",
            r["design"], r["kind"], r["var"], r["by"], r["method"], r["conf"]
        );
        let est = cache
            .entry(key)
            .or_insert_with(|| design.estimate(&estimand(&r)).unwrap());
        let group = (!r["group"].is_empty()).then_some(r["group"].as_str());
        let name = if r["category"].is_empty() {
            &r["var"]
        } else {
            &r["category"]
        };
        let row = est.find(group, name).unwrap();
        let expected: f64 = r["value"].parse().unwrap();
        let got = match r["quantity"].as_str() {
            "estimate" => row.estimate(),
            "se" => row.se(),
            "df" => row.df() as f64,
            "deff" => row.deff().unwrap_or(f64::NAN),
            "ci_low" => row.ci().map_or(f64::NAN, |b| b.low()),
            "ci_high" => row.ci().map_or(f64::NAN, |b| b.high()),
            q => panic!("unknown quantity {q}"),
        };
        let (rel, abs) = tol[&r["quantity"]];
        checked += 1;
        // NaN (no value) is never within tolerance.
        let within = (got - expected).abs() <= abs.max(rel * expected.abs());
        if !within {
            failures.push(format!(
                "{} {} {} {}={} {} {} [{}]: yoron {got}, R {expected} (rel {:.1e}); R: {}",
                r["design"],
                r["kind"],
                r["var"],
                r["by"],
                r["group"],
                r["category"],
                r["quantity"],
                r["method"],
                ((got - expected) / expected).abs(),
                r["call"]
            ));
        }
    }
    assert!(checked > 700, "only {checked} values checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ from R:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn statistics_are_named() {
    let d = &designs()["api_strat"];
    let est = d.estimate(&Estimand::total("stype")).unwrap();
    assert!(est.rows().iter().all(|r| r.statistic() == Statistic::Total));
    assert_eq!(est.rows().len(), 3);
    let q = d
        .estimate(&Estimand::quantiles("api00", [0.5]).by("stype"))
        .unwrap();
    assert!(
        q.rows()
            .iter()
            .all(|r| r.statistic() == Statistic::Quantile)
    );
    assert_eq!(q.rows().len(), 3);
    let r = d.estimate(&Estimand::ratio("api00", "api99")).unwrap();
    assert_eq!(r.rows()[0].statistic(), Statistic::Ratio);
    assert_eq!(r.rows()[0].variable(), "api00/api99");
}

/// R's value for one row of expected.csv.
fn r_value(
    design: &str,
    kind: &str,
    by: &str,
    category: &str,
    quantity: &str,
    method: &str,
) -> f64 {
    let r = ours("expected.csv")
        .into_iter()
        .find(|r| {
            r["design"] == design
                && r["kind"] == kind
                && r["by"] == by
                && r["group"].is_empty()
                && r["category"] == category
                && r["quantity"] == quantity
                && r["method"] == method
                && r["conf"] == "0.95"
        })
        .unwrap();
    r["value"].parse().unwrap()
}

fn close(got: &str, want: f64) -> bool {
    let got: f64 = got.parse().unwrap();
    (got - want).abs() <= 1e-8 * want.abs()
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;

    const API: [&str; 8] = [
        "--data",
        "estimates/api_strat.csv",
        "--weight",
        "pw",
        "--strata",
        "stype",
        "--fpc",
        "fpc",
    ];

    fn run(extra: &[&str]) -> (i32, Vec<Vec<String>>, String) {
        let mut args = vec!["estimate"];
        args.extend(API);
        args.extend(extra);
        let out = crate::support::command()
            .args(&args)
            .current_dir(survey_dir())
            .output()
            .unwrap();
        let stdout = crate::support::stdout(&out);
        let mut lines = stdout.lines();
        if out.status.success() {
            assert_eq!(
                lines.next(),
                Some("group,variable,category,estimate,se,ci_low,ci_high,df,deff,n,n_eff"),
                "the csv columns of every estimate"
            );
        }
        (
            out.status.code().unwrap_or(-1),
            lines
                .map(|l| l.split(',').map(String::from).collect())
                .collect(),
            crate::support::stderr(&out),
        )
    }

    #[test]
    fn ratio_prints_r_svyratio() {
        let (code, rows, err) = run(&[
            "--stat",
            "ratio",
            "--var",
            "api00",
            "--denominator",
            "api99",
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1], "api00/api99");
        assert!(close(
            &rows[0][3],
            r_value("api_strat", "ratio", "", "", "estimate", "")
        ));
        assert!(close(
            &rows[0][4],
            r_value("api_strat", "ratio", "", "", "se", "")
        ));
        assert!(close(
            &rows[0][5],
            r_value("api_strat", "ratio", "", "", "ci_low", "")
        ));
    }

    #[test]
    fn quantiles_print_r_svyquantile() {
        let (code, rows, err) = run(&["--stat", "quantile", "--var", "api00", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        let cats: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
        assert_eq!(cats, ["0.25", "0.5", "0.75"]);
        for r in &rows {
            assert!(close(
                &r[3],
                r_value("api_strat", "quantile", "", &r[2], "estimate", "mean")
            ));
            assert!(close(
                &r[4],
                r_value("api_strat", "quantile", "", &r[2], "se", "mean")
            ));
        }
        let (code, rows, err) = run(&[
            "--stat",
            "quantile",
            "--var",
            "api00",
            "--quantiles",
            "0.5",
            "--quantile-method",
            "beta",
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(rows.len(), 1);
        assert!(close(
            &rows[0][6],
            r_value("api_strat", "quantile", "", "0.5", "ci_high", "beta")
        ));
    }

    #[test]
    fn total_of_a_text_column_gives_each_category() {
        let (code, rows, err) = run(&["--stat", "total", "--var", "awards", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        let cats: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
        assert_eq!(cats, ["No", "Yes"]);
        for r in &rows {
            assert!(close(
                &r[3],
                r_value("api_strat", "cat_total", "", &r[2], "estimate", "")
            ));
            assert!(close(
                &r[4],
                r_value("api_strat", "cat_total", "", &r[2], "se", "")
            ));
        }
        // A numeric column keeps its one total.
        let (code, rows, err) = run(&["--stat", "total", "--var", "enroll", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], "");
    }

    #[test]
    fn bad_requests_exit_2_with_the_message() {
        let (code, _, err) = run(&["--stat", "ratio", "--var", "api00"]);
        assert_eq!(code, 2);
        assert!(err.contains("--stat ratio needs --denominator"), "{err}");
        let (code, _, err) = run(&[
            "--stat",
            "quantile",
            "--var",
            "api00",
            "--quantiles",
            "0.5,1.5",
        ]);
        assert_eq!(code, 2);
        assert!(
            err.contains("probabilities strictly between 0 and 1") && err.contains("1.5"),
            "{err}"
        );
        let (code, _, err) = run(&["--stat", "mean", "--var", "api00", "--denominator", "api99"]);
        assert_eq!(code, 2);
        assert!(err.contains("--denominator is for --stat ratio"), "{err}");
        // Flags of another statistic are refused, not ignored.
        let (code, _, err) = run(&["--stat", "quantile", "--var", "api00", "--ci", "beta"]);
        assert_eq!(code, 2);
        assert!(err.contains("--ci beta is for proportions"), "{err}");
        let (code, _, err) = run(&["--stat", "mean", "--var", "api00", "--quantiles", "0.5"]);
        assert_eq!(code, 2);
        assert!(err.contains("are for --stat quantile"), "{err}");
    }
}

fn made_up(csv: &str, e: &Estimand) -> Design {
    // Made-up test data, inline.
    DesignSpec::new()
        .build(Respondents::from_csv_reader(csv.as_bytes(), &e.columns()).unwrap())
        .unwrap()
}

#[test]
fn ratio_with_a_zero_denominator_total_is_an_error() {
    let e = Estimand::ratio("y", "x").by("g");
    let d = made_up("y,x,g\n1,2,a\n3,4,a\n5,0,b\n6,0,b\n", &e);
    let err = d.estimate(&e).unwrap_err().to_string();
    assert!(
        err.contains("ratio y/x")
            && err.contains("a denominator whose weighted total is not zero")
            && err.contains("g = b"),
        "{err}"
    );
}

#[test]
fn quantiles_outside_zero_one_too_many_or_with_a_contrast_are_errors() {
    let csv = "x,g\n1,a\n2,a\n3,b\n4,b\n";
    for bad in [0.0, 1.0, -0.1, f64::NAN] {
        let e = Estimand::quantiles("x", [0.5, bad]);
        let err = made_up(csv, &e).estimate(&e).unwrap_err().to_string();
        assert!(
            err.contains("probabilities strictly between 0 and 1"),
            "{err}"
        );
    }
    let e = Estimand::quantiles("x", (1..=100).map(|i| f64::from(i) / 101.0));
    let err = made_up(csv, &e).estimate(&e).unwrap_err().to_string();
    assert!(
        err.contains("at most 99 quantiles") && err.contains("100 quantiles"),
        "{err}"
    );
    let e = Estimand::quantiles("x", [0.5]).by("g").contrast("a", "b");
    assert!(made_up(csv, &e).estimate(&e).is_err());
    let err = "logit".parse::<QuantileInterval>().unwrap_err().to_string();
    assert!(err.contains("mean, beta, xlogit, asin, score"), "{err}");
}

#[test]
fn quantile_rule_is_r_qrule_math() {
    // Equal weights, n = 4: R svyquantile(~x, svydesign(ids = ~1, data = d), c(0.25, 0.5,
    // 0.6)) gives 1, 2, 3 (the smallest x with F(x) >= p); made-up data.
    let e = Estimand::quantiles("x", [0.25, 0.5, 0.6]);
    let est = made_up("x\n4\n2\n1\n3\n", &e).estimate(&e).unwrap();
    let q: Vec<f64> = est.rows().iter().map(|r| r.estimate()).collect();
    assert_eq!(q, [1.0, 2.0, 3.0]);
}

#[test]
fn missing_answers_need_na_rm_for_the_new_statistics() {
    for e in [Estimand::ratio("y", "x"), Estimand::quantiles("y", [0.5])] {
        let d = made_up("y,x\n1,2\n,4\n5,1\n6,3\n", &e);
        let err = d.estimate(&e).unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert_eq!(d.estimate(&e.clone().na_rm(true)).unwrap().rows()[0].n(), 3);
    }
}

/// Issue 18: with missing answers, `svyciprop(..., na.rm = TRUE)` takes `degf()` and
/// `nrow()` of the design it was given, not of the answered rows. Made-up data; R:
/// d <- data.frame(q = c("a", "b", NA, "a", "b", "a"), s = c(1, 1, 1, 2, 2, 2), p = 1:6)
/// des <- svydesign(ids = ~p, strata = ~s, data = d)
/// attr(svyciprop(~I(q == "a"), des, method = "beta", na.rm = TRUE), "ci")
#[test]
fn issue_18_svyciprop_na_rm_uses_the_whole_design() {
    let e = Estimand::proportions("q")
        .na_rm(true)
        .interval(DesignCiMethod::Beta);
    let spec = DesignSpec::new().strata("s").psu("p");
    let csv = "q,s,p\na,1,1\nb,1,2\n,1,3\na,2,4\nb,2,5\na,2,6\n";
    let d = spec
        .build(
            Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&e.columns()))
                .unwrap(),
        )
        .unwrap();
    let est = d.estimate(&e).unwrap();
    let a = est.find(None, "a").unwrap();
    assert_eq!(a.df(), 4, "degf(des): the unanswered row's PSU counts");
    assert_eq!(a.n(), 5);
    let ci = a.ci().unwrap();
    assert!(
        (ci.low() - 0.06562910259071647).abs() < 1e-12,
        "{}",
        ci.low()
    );
    assert!(
        (ci.high() - 0.9836745052639172).abs() < 1e-12,
        "{}",
        ci.high()
    );
}

/// `Estimand::total` reads its column once, as an inferred kind: numbers give one total,
/// text (even after the first records) a total per category, and numbers read as
/// categories stay one total. Made-up test data; the totals are counted by hand.
#[test]
fn a_total_is_one_number_unless_its_column_holds_text() {
    let spec = DesignSpec::new().weight("w");
    let totals = |csv: &str, cols: &Columns| {
        let e = Estimand::total("x");
        let data =
            Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(cols)).unwrap();
        let est = spec.build(data).unwrap().estimate(&e).unwrap();
        est.rows()
            .iter()
            .map(|r| (r.category().unwrap_or("").to_string(), r.estimate()))
            .collect::<Vec<_>>()
    };
    let e = Estimand::total("x");
    let numbers = "w,x\n1,2\n3,4\n";
    assert_eq!(totals(numbers, &e.columns()), [(String::new(), 14.0)]);
    assert_eq!(
        totals(numbers, &Columns::new().category("x")),
        [(String::new(), 14.0)]
    );
    let mut late = String::from("w,x\n");
    for _ in 0..1200 {
        late.push_str("1,5\n");
    }
    late.push_str("2,z\n");
    assert_eq!(
        totals(&late, &e.columns()),
        [("5".to_string(), 1200.0), ("z".to_string(), 2.0)]
    );
}
