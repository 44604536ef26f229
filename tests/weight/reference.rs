//! yoron::weight against R's survey package: every value in
//! tests/reference/survey/expected.csv, at the tolerance in tolerances.csv.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::weight::{
    Columns, Design, DesignCiMethod, DesignEstimates, DesignSpec, Estimand, LonelyPsu, Margins,
    Rake, Respondents,
};

fn dir() -> PathBuf {
    crate::support::reference("survey")
}

/// A reference CSV of `tests/reference/survey/`.
fn reference_csv(name: &str) -> Vec<HashMap<String, String>> {
    crate::support::reference_csv(dir().join(name))
}

struct Tolerance {
    relative: f64,
    absolute: f64,
}

fn tolerances() -> HashMap<String, Tolerance> {
    reference_csv("tolerances.csv")
        .into_iter()
        .map(|r| {
            (
                r["quantity"].clone(),
                Tolerance {
                    relative: r["relative"].parse().unwrap(),
                    absolute: r["absolute"].parse().unwrap(),
                },
            )
        })
        .collect()
}

fn all_columns(data: &str) -> Columns {
    if data == "lonely.csv" {
        Columns::new().categories(["q", "g"]).number("x")
    } else {
        Columns::new()
            .categories(["q5", "q5_na", "country", "sex", "agegrp", "region"])
            .numbers(["age", "hh", "m1", "m2", "m3", "qbin"])
    }
}

/// Builds (and rakes) each design of designs.csv.
fn designs() -> HashMap<String, Design> {
    let mut out = HashMap::new();
    let mut cache: HashMap<String, std::sync::Arc<Respondents>> = HashMap::new();
    for r in reference_csv("designs.csv") {
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
        spec = spec
            .nest(r["nest"] == "true")
            .lonely_psu(r["lonely"].parse::<LonelyPsu>().unwrap());
        let margins = (!r["margins"].is_empty())
            .then(|| Margins::from_csv_path(dir().join(&r["margins"])).unwrap());
        let data = cache
            .entry(r["data"].clone())
            .or_insert_with(|| {
                // Every design column of this file, read once.
                let cols = all_columns(&r["data"])
                    .merge(&Columns::new().number("w").categories(["stratum", "psu"]))
                    .merge(&if r["data"] == "poll.csv" {
                        Columns::new()
                            .numbers(["fpc_n", "fpc_f", "pop_n"])
                            .category("psu_in")
                    } else {
                        Columns::new().number("popn")
                    });
                std::sync::Arc::new(Respondents::read(dir().join(&r["data"]), &cols).unwrap())
            })
            .clone();
        let mut design = spec
            .build(data)
            .unwrap_or_else(|e| panic!("{}: {e}", r["design"]));
        if let Some(m) = margins {
            design = design
                .rake(&m, &Rake::new().tolerance(1e-13).max_iterations(1000))
                .unwrap()
                .into_design();
        }
        out.insert(r["design"].clone(), design);
    }
    out
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Key {
    kind: String,
    var: String,
    by: String,
    group: String,
    method: String,
    conf: String,
}

fn method(m: &str) -> DesignCiMethod {
    if m.is_empty() {
        DesignCiMethod::Logit
    } else {
        m.parse().unwrap()
    }
}

fn estimand(k: &Key) -> Estimand {
    let mut e = match k.kind.as_str() {
        "prop" | "contrast" => Estimand::proportions(&k.var),
        "prop_na" => Estimand::proportions(&k.var).na_rm(true),
        "ind" => Estimand::indicators([k.var.as_str()]),
        "mean" | "contrast_mean" => Estimand::mean(&k.var),
        "total" | "contrast_total" => Estimand::total(&k.var),
        other => panic!("kind {other}"),
    };
    if !k.by.is_empty() {
        e = e.by(&k.by);
    }
    if k.kind.starts_with("contrast") {
        let (a, b) = k.group.split_once('-').unwrap();
        e = e.contrast(a, b);
    }
    e.interval(method(&k.method)).level(k.conf.parse().unwrap())
}

/// The value yoron computes for one expected row; `None` where yoron has no value.
fn actual(
    design: &Design,
    cache: &mut HashMap<Key, DesignEstimates>,
    r: &HashMap<String, String>,
) -> Option<f64> {
    let q = r["quantity"].as_str();
    let kind = r["kind"].as_str();
    match kind {
        "design" => return Some(design.df() as f64),
        "kish" => {
            let est = design.estimate(&Estimand::mean("age")).unwrap();
            return est.rows()[0].kish_deff();
        }
        "chisq" => {
            let (a, b) = r["var"].split_once('+').unwrap();
            let t = design.crosstab(a, b).unwrap();
            let test = if r["category"] == "F" {
                t.f_test()
            } else {
                t.chisq_test()
            };
            return Some(match q {
                "statistic" => test.statistic(),
                "ndf" | "df" => test.df(),
                "ddf" => test.ddf().unwrap(),
                "p" => test.p_value(),
                other => panic!("{other}"),
            });
        }
        _ => {}
    }
    let key = Key {
        kind: kind.to_string(),
        var: r["var"].clone(),
        by: r["by"].clone(),
        group: r["group"].clone(),
        method: if q.starts_with("ci_") {
            r["method"].clone()
        } else {
            String::new()
        },
        conf: r["conf"].clone(),
    };
    // Contrasts and ordinary rows of the same estimand share one computation.
    let mut ckey = key.clone();
    if !kind.starts_with("contrast") {
        ckey.group = String::new();
    }
    let est = cache.entry(ckey.clone()).or_insert_with(|| {
        design
            .estimate(&estimand(&ckey))
            .unwrap_or_else(|e| panic!("{ckey:?}: {e}"))
    });
    let group = (!r["group"].is_empty()).then_some(r["group"].as_str());
    let category = if r["category"].is_empty() {
        r["var"].as_str()
    } else {
        r["category"].as_str()
    };
    let row = if q == "df" && r["category"].is_empty() {
        est.rows().iter().find(|e| e.group() == group).unwrap()
    } else if kind == "ind" {
        est.find(group, &r["var"]).unwrap()
    } else {
        est.find(group, category).unwrap()
    };
    match q {
        "estimate" => Some(row.estimate()),
        "se" => Some(row.se()),
        "deff" => row.deff(),
        "deff_wor" => row.deff_without_replacement(),
        "df" => Some(row.df() as f64),
        "ci_low" => row.ci().map(|c| c.low()),
        "ci_high" => row.ci().map(|c| c.high()),
        other => panic!("quantity {other}"),
    }
}

#[test]
fn matches_r_survey() {
    let tol = tolerances();
    let designs = designs();
    let r_calls: HashMap<String, String> = reference_csv("r_designs.csv")
        .into_iter()
        .map(|r| (r["design"].clone(), r["r_call"].clone()))
        .collect();
    let mut caches: HashMap<String, HashMap<Key, DesignEstimates>> = HashMap::new();
    let mut failures = Vec::new();
    let mut compared = 0usize;
    let mut worst: HashMap<String, f64> = HashMap::new();
    for r in reference_csv("expected.csv") {
        let design = &designs[&r["design"]];
        let cache = caches.entry(r["design"].clone()).or_default();
        let got = actual(design, cache, &r);
        let expected: Option<f64> = match r["value"].as_str() {
            "NA" => None,
            v => Some(v.parse().unwrap()),
        };
        // R's logit interval where p is 0 or 1 is the noise of a glm that did not
        // converge (1e-13 .. 1e-10); yoron reports no interval there.
        let degenerate_logit = r["method"] == "logit"
            && r["quantity"].starts_with("ci_")
            && expected.is_some_and(|v| !(1e-9..=1.0 - 1e-9).contains(&v))
            && got.is_none();
        let t = &tol[&r["quantity"]];
        let ok = match (got, expected) {
            (None, None) => true,
            (Some(a), Some(e)) => {
                (a - e).abs() <= t.relative * e.abs().max(a.abs()) || (a - e).abs() <= t.absolute
            }
            _ => degenerate_logit,
        };
        compared += 1;
        if let (Some(a), Some(e)) = (got, expected)
            && e != 0.0
        {
            let w = worst.entry(r["quantity"].clone()).or_default();
            *w = w.max((a - e).abs() / e.abs());
        }
        if !ok {
            failures.push(format!(
                "{} {} {} by={} group={} category={} {} {}: yoron {:?}, R {:?}\n    R: {}\n    design: {}",
                r["design"],
                r["kind"],
                r["var"],
                r["by"],
                r["group"],
                r["category"],
                r["quantity"],
                r["method"],
                got,
                expected,
                r["call"],
                r_calls[&r["design"]]
            ));
        }
    }
    let mut worst: Vec<_> = worst.into_iter().collect();
    worst.sort_by(|a, b| a.0.cmp(&b.0));
    eprintln!("largest relative difference from R by quantity: {worst:?}");
    if let Ok(path) = std::env::var("YORON_REFERENCE_DUMP") {
        std::fs::write(path, failures.join("\n")).unwrap();
    }
    assert!(compared > 5000, "only {compared} values compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} values differ from R:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn raked_weights_match_r() {
    let designs = designs();
    let mut n = 0;
    for r in reference_csv("raked_weights.csv") {
        let d = &designs[&r["design"]];
        let id: usize = r["id"].parse().unwrap();
        let want: f64 = r["weight"].parse().unwrap();
        let got = d.weights()[id - 1];
        assert!(
            (got - want).abs() <= 1e-8 * want,
            "{} id {id}: yoron {got}, R {want}\n    R: weights({})",
            r["design"],
            reference_csv("r_designs.csv")
                .into_iter()
                .find(|x| x["design"] == r["design"])
                .map(|x| x["r_call"].clone())
                .unwrap_or_default()
        );
        n += 1;
    }
    assert_eq!(n, 4 * designs["raked"].n_rows());
}
