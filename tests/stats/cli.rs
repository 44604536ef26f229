//! `yoron interval` and `yoron diff`: output, JSON fields, errors and exit codes.

use crate::support::{stderr, success_stdout, yoron};

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&success_stdout(&yoron(args))).expect("json")
}

fn approx(v: &serde_json::Value, expected: f64, tol: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((x - expected).abs() <= tol, "{x} vs {expected}");
}

#[test]
fn interval_table() {
    let out = success_stdout(&yoron(&["interval", "--percent", "38", "--n", "1010"]));
    assert_eq!(
        out,
        "figure           38% (n = 1010)\n\
         interval         35.1% to 41.0% (95% wilson)\n\
         over rounding    34.6% to 41.5% (the true figure may be 37.50% to 38.50%)\n\
         margin of error  ±3.0 points at this figure, ±3.1 at 50% (the poll's)\n"
    );
}

#[test]
fn interval_json_has_the_documented_fields() {
    // prop.test(384, 1010, correct = FALSE)$conf.int * 100 = 35.0767548452043, 41.0536353756202
    let j = json(&[
        "interval", "--count", "384", "--n", "1010", "--format", "json",
    ]);
    approx(&j["estimate"], 38.0198, 1e-4);
    approx(&j["ci_low"], 35.0767548452043, 1e-10);
    approx(&j["ci_high"], 41.0536353756202, 1e-10);
    assert_eq!(j["method"], "wilson");
    approx(&j["level"], 0.95, 0.0);
    assert_eq!(j["n"], 1010);
    approx(&j["n_eff"], 1010.0, 0.0);
    assert_eq!(j["n_assumed"], false);
    assert!(j["rounding_low"].is_null(), "counts are exact");
}

#[test]
fn interval_method_level_deff_and_assumed_n_reach_the_output() {
    // binom.test(0, 50, conf.level = 0.99)$conf.int[2] * 100 on n_eff = 50 / 1.25 = 40:
    // 1 - 0.005^(1/40) = 12.4596...
    let j = json(&[
        "interval",
        "--percent",
        "0",
        "--assume-n",
        "50",
        "--method",
        "clopper-pearson",
        "--level",
        "99%",
        "--deff",
        "1.25",
        "--format",
        "json",
    ]);
    assert_eq!(j["method"], "clopper-pearson");
    approx(&j["level"], 0.99, 1e-15);
    approx(&j["n_eff"], 40.0, 1e-12);
    assert_eq!(j["n_assumed"], true);
    approx(&j["ci_low"], 0.0, 0.0);
    approx(
        &j["ci_high"],
        100.0 * (1.0 - 0.005f64.powf(1.0 / 40.0)),
        1e-10,
    );
}

#[test]
fn every_method_name_is_accepted() {
    for m in [
        "wald",
        "wilson",
        "wilson-cc",
        "agresti-coull",
        "clopper-pearson",
        "jeffreys",
        "logit",
    ] {
        let j = json(&[
            "interval",
            "--percent",
            "38",
            "--n",
            "100",
            "--method",
            m,
            "--format",
            "json",
        ]);
        assert_eq!(j["method"], m);
    }
}

#[test]
fn interval_errors_exit_2_with_a_message() {
    let out = yoron(&["interval", "--percent", "38"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "yoron: the figure 38% has no published sample size: pass an assumed n to use it (give --n N, or --assume-n N to state an assumption)\n"
    );
    let out = yoron(&[
        "interval",
        "--percent",
        "38",
        "--n",
        "10",
        "--method",
        "exact",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(
        "unknown confidence-interval method \"exact\" (known: wald, wilson, wilson-cc, agresti-coull, clopper-pearson, jeffreys, logit, mid-p, wald-cc)"
    ));
    let out = yoron(&["interval", "--percent", "38,5", "--n", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let out = yoron(&["interval", "--percent", "38", "--n", "10", "--level", "100"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_table() {
    let out = success_stdout(&yoron(&[
        "diff", "--a", "38", "--na", "1010", "--b", "36", "--nb", "1010",
    ]));
    assert_eq!(
        out,
        "difference  +2.0 points (38% − 36%; n = 1010, 1010)\n\
         interval    -2.2 to +6.2 points (95% newcombe, independent samples)\n\
         test        p = 0.352 (pooled two-proportion z-test, z = 0.93)\n\
         rounding    the published figures hide up to ±1 point of difference; interval over the rounding range -3.2 to +7.2 points\n"
    );
}

#[test]
fn diff_json_has_the_documented_fields() {
    // statsmodels: confint_proportions_2indep(383.8, 1010, 363.6, 1010, method="newcomb");
    // R: prop.test(c(383.8, 363.6), c(1010, 1010), correct = FALSE)$p.value = 0.3519036
    let j = json(&[
        "diff", "--a", "38", "--na", "1010", "--b", "36", "--nb", "1010", "--format", "json",
    ]);
    approx(&j["diff"], 2.0, 1e-12);
    approx(&j["p_value"], 0.3519036, 1e-7);
    assert_eq!(j["method"], "newcombe");
    assert!(j["ci_low"].as_f64().unwrap() < 0.0 && j["ci_high"].as_f64().unwrap() > 2.0);
    assert_eq!(j["samples"], "independent");
    assert_eq!(j["within_rounding"], false);
}

#[test]
fn diff_antisymmetric_through_the_cli() {
    let ab = json(&[
        "diff",
        "--a",
        "38",
        "--na",
        "1010",
        "--b",
        "36",
        "--nb",
        "900",
        "--method",
        "agresti-caffo",
        "--format",
        "json",
    ]);
    let ba = json(&[
        "diff",
        "--a",
        "36",
        "--na",
        "900",
        "--b",
        "38",
        "--nb",
        "1010",
        "--method",
        "agresti-caffo",
        "--format",
        "json",
    ]);
    assert_eq!(
        ab["ci_low"].as_f64().unwrap(),
        -ba["ci_high"].as_f64().unwrap()
    );
    assert_eq!(ab["p_value"], ba["p_value"]);
    assert_eq!(ab["method"], "agresti-caffo");
}

#[test]
fn diff_same_sample() {
    let single = json(&[
        "diff",
        "--a",
        "38",
        "--na",
        "1010",
        "--b",
        "36",
        "--same-sample",
        "single",
        "--format",
        "json",
    ]);
    assert_eq!(single["samples"], "same-sample-single");
    assert_eq!(single["method"], "wald");
    assert_eq!(single["n_b"], 1010);
    let multi = json(&[
        "diff",
        "--a",
        "60",
        "--na",
        "1000",
        "--b",
        "70",
        "--same-sample",
        "multi",
        "--format",
        "json",
    ]);
    assert_eq!(multi["conservative"], true);
    let known = json(&[
        "diff",
        "--a",
        "60",
        "--na",
        "1000",
        "--b",
        "70",
        "--same-sample",
        "multi",
        "--joint",
        "50",
        "--format",
        "json",
    ]);
    assert_eq!(known["conservative"], false);
    approx(&known["joint"], 50.0, 1e-12);
    assert!(known["ci_low"].as_f64().unwrap() > multi["ci_low"].as_f64().unwrap());
}

#[test]
fn diff_errors_exit_2() {
    let out = yoron(&[
        "diff",
        "--a",
        "38",
        "--na",
        "1010",
        "--b",
        "36",
        "--same-sample",
        "single",
        "--method",
        "newcombe",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expected wald for two figures from one sample"));
    let out = yoron(&["diff", "--a", "38", "--na", "1010", "--b", "36"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no published sample size"));
    let out = yoron(&[
        "diff",
        "--a",
        "60",
        "--na",
        "100",
        "--b",
        "70",
        "--same-sample",
        "single",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("sum to at most 100%"));
}
