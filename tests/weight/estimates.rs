//! Ratios, quantiles, per-category totals and `svyciprop(na.rm = TRUE)` against R's survey
//! package: every value in tests/reference/survey/estimates/expected.csv, at the tolerance
//! in its tolerances.csv. The designs are declared in its designs.csv.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::stats::ConfidenceLevel;
use yoron::weight::{
    Columns, Design, DesignCiMethod, DesignEstimates, DesignSpec, Estimand, Margins, Rake,
    Respondents, Statistic,
};

fn survey_dir() -> PathBuf {
    crate::support::reference("survey")
}

fn read_csv(path: PathBuf) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn ours(name: &str) -> Vec<HashMap<String, String>> {
    read_csv(survey_dir().join("estimates").join(name))
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
        out.insert(r["design"].clone(), design);
    }
    out
}

fn estimand(r: &HashMap<String, String>) -> Estimand {
    let var = &r["var"];
    let method = || r["method"].parse::<DesignCiMethod>().unwrap();
    let mut e = match r["kind"].as_str() {
        "ratio" => {
            let (num, den) = var.split_once('/').unwrap();
            Estimand::ratio(num, den)
        }
        "quantile" => Estimand::quantiles(var, [0.25, 0.5, 0.75]).interval(method()),
        "cat_total" => Estimand::total(var),
        "prop_na" => Estimand::proportions(var).na_rm(true).interval(method()),
        k => panic!("unknown kind {k}"),
    };
    if !r["by"].is_empty() {
        e = e.by(&r["by"]);
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
        if !((got - expected).abs() <= abs.max(rel * expected.abs())) {
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
