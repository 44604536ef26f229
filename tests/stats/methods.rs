//! Issue 13, item 6: mid-p and Wald-cc for one proportion; Wald-cc, Hauck–Anderson, Mee and
//! Miettinen–Nurminen for a difference, against base R (`tests/reference/stats/
//! make_reference_methods.R`, the formulas written from the papers, roots by `uniroot` to
//! 1e-15). Tolerance: absolute 1e-9 for root-found bounds (mid-p, Mee, Miettinen–Nurminen),
//! relative 1e-9 for the closed forms. The methods are looked up by their names, as the CLI
//! does.
//!
//! statsmodels 0.15 is not a reference for Mee and Miettinen–Nurminen: its restricted MLE
//! for `compare="diff"` has a wrong coefficient (statsmodels issue #10269), and its root
//! search fails on small samples.

use std::collections::HashMap;

use yoron::stats::{
    CiMethod, ConfidenceLevel, DiffMethod, DiffOptions, Difference, Estimate, SampleSizeSource,
};

use crate::support::reference_rows;

const ONE: &str = include_str!("../reference/stats/r_methods_one_proportion.csv");
const TWO: &str = include_str!("../reference/stats/r_methods_two_proportions.csv");

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col}: {}", row[col]))
}

fn close(actual: f64, expected: f64, absolute: bool) -> bool {
    let diff = (actual - expected).abs();
    if absolute {
        diff <= 1e-9
    } else {
        diff <= 1e-9 * expected.abs() || diff <= 1e-15
    }
}

#[test]
fn one_proportion_mid_p_and_wald_cc_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for row in reference_rows(ONE) {
        let method: CiMethod = match row["method"].parse() {
            Ok(m) => m,
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        let (x, n) = (num(&row, "x") as u32, num(&row, "n") as u32);
        let level = ConfidenceLevel::new(num(&row, "level")).unwrap();
        let ci = Estimate::from_count(x, SampleSizeSource::Published(n))
            .unwrap()
            .ci(method, level);
        let absolute = row["method"] == "mid-p";
        for (what, actual) in [("low", ci.low()), ("high", ci.high())] {
            compared += 1;
            let e = num(&row, what);
            if !close(actual, e, absolute) {
                failures.push(format!(
                    "{} {x}/{n} at {}: {what} yoron {actual:.17e}, R {e:.17e}\n    R: {}",
                    row["method"], row["level"], row["call"]
                ));
            }
        }
    }
    assert!(compared >= 300, "{compared}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn differences_wald_cc_hauck_anderson_mee_and_miettinen_nurminen_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for row in reference_rows(TWO) {
        let n = |c: &str| num(&row, c) as u32;
        let a = Estimate::from_count(n("x1"), SampleSizeSource::Published(n("n1"))).unwrap();
        let b = Estimate::from_count(n("x2"), SampleSizeSource::Published(n("n2"))).unwrap();
        let level = ConfidenceLevel::new(num(&row, "level")).unwrap();
        for (name, col, absolute) in [
            ("wald-cc", "wald_cc", false),
            ("hauck-anderson", "hauck_anderson", false),
            ("mee", "mee", true),
            ("miettinen-nurminen", "mn", true),
        ] {
            let method: DiffMethod = match name.parse() {
                Ok(m) => m,
                Err(e) => {
                    failures.push(e.to_string());
                    continue;
                }
            };
            let d =
                Difference::new(&a, &b, DiffOptions::new().level(level).method(method)).unwrap();
            for (end, actual) in [("low", d.low()), ("high", d.high())] {
                compared += 1;
                let e = num(&row, &format!("{col}_{end}"));
                if !close(actual, e, absolute) {
                    failures.push(format!(
                        "{name} {}/{} − {}/{} at {}: {end} yoron {actual:.17e}, R {e:.17e}\n    R: {}",
                        row["x1"], row["n1"], row["x2"], row["n2"], row["level"], row["call"]
                    ));
                }
            }
        }
    }
    assert!(compared >= 250, "{compared}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
