//! Reference tests: every value in `tests/reference/stats/*.csv` was computed by R or
//! statsmodels (scripts `make_reference.R` / `make_reference.py` in that folder, versions
//! in `r_versions.txt` / `statsmodels_versions.txt`).
//!
//! Tolerance: relative 1e-9, with an absolute floor of 1e-15 for reference values at or
//! next to 0. Every failure names the R or Python call that produced the expected value.
//! Where yoron departs from a tool on purpose, the test says so where it happens.

use std::collections::HashMap;

use yoron::stats::{
    Adjustment, CiMethod, ConfidenceLevel, DiffMethod, DiffOptions, Difference, Distribution,
    Estimate, Homogeneity, Joint, PAdjust, SampleSizeSource, Samples, Slope, WaveEstimate,
};

use crate::support::reference_rows;

/// Relative tolerance against R and statsmodels.
const REL: f64 = 1e-9;
/// Absolute floor, for reference values that are 0 or differ from 0 by rounding noise.
const ABS: f64 = 1e-15;

fn close(actual: f64, expected: f64) -> bool {
    let diff = (actual - expected).abs();
    diff <= REL * expected.abs() || diff <= ABS
}

/// A CSV of reference values: `#` lines are comments, then a header.
struct Table {
    name: &'static str,
    rows: Vec<HashMap<String, String>>,
}

impl Table {
    fn parse(name: &'static str, text: &str) -> Table {
        let rows = reference_rows(text);
        assert!(!rows.is_empty(), "{name}: no rows");
        Table { name, rows }
    }
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    let v = &row[col];
    if v == "NA" {
        return f64::NAN;
    }
    v.parse::<f64>()
        .unwrap_or_else(|_| panic!("column {col}: not a number: {v}"))
}

fn list(row: &HashMap<String, String>, col: &str) -> Vec<f64> {
    row[col]
        .split(';')
        .map(|v| v.parse::<f64>().expect("number in list"))
        .collect()
}

/// Collects mismatches so one run reports all of them.
struct Check {
    table: &'static str,
    failures: Vec<String>,
    compared: usize,
    worst: f64,
    worst_what: String,
}

impl Check {
    fn new(table: &'static str) -> Check {
        Check {
            table,
            failures: Vec::new(),
            compared: 0,
            worst: 0.0,
            worst_what: String::new(),
        }
    }

    fn value(&mut self, what: &str, actual: f64, expected: f64, call: &str) {
        self.compared += 1;
        let rel = ((actual - expected) / expected).abs();
        if (actual - expected).abs() > ABS && rel > self.worst {
            self.worst = rel;
            self.worst_what = format!("{what}: {actual:e} vs {expected:e}");
        }
        if !close(actual, expected) {
            self.failures.push(format!(
                "{what}: yoron {actual:.17e}, reference {expected:.17e} (rel. error {:.1e})\n    reference call: {call}",
                ((actual - expected) / expected).abs()
            ));
        }
    }

    fn that(&mut self, what: &str, ok: bool, call: &str) {
        self.compared += 1;
        if !ok {
            self.failures
                .push(format!("{what}\n    reference call: {call}"));
        }
    }

    fn finish(self) {
        // Shown with --nocapture: how close yoron is, not just that it is within tolerance.
        eprintln!(
            "{}: {} comparisons, largest relative error {:.1e} ({})",
            self.table, self.compared, self.worst, self.worst_what
        );
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} comparisons failed (tolerance: relative {REL:e}, absolute {ABS:e}):\n{}",
            self.table,
            self.failures.len(),
            self.compared,
            self.failures.join("\n")
        );
        assert!(self.compared > 0, "{}: nothing compared", self.table);
    }
}

/// An estimate of x out of n: from counts when both are integers, otherwise a proportion
/// on an effective (non-integer) n.
fn estimate(x: f64, n: f64) -> Estimate {
    if x.fract() == 0.0 && n.fract() == 0.0 {
        Estimate::from_count(x as u32, SampleSizeSource::Published(n as u32)).expect("count")
    } else {
        Estimate::from_proportion(x / n, SampleSizeSource::Published(n.ceil() as u32))
            .and_then(|e| e.with_n_eff(n))
            .expect("proportion")
    }
}

fn level(row: &HashMap<String, String>) -> ConfidenceLevel {
    ConfidenceLevel::new(num(row, "level")).expect("level")
}

#[test]
fn one_proportion_matches_r() {
    let t = Table::parse(
        "r_one_proportion.csv",
        include_str!("../reference/stats/r_one_proportion.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let method: CiMethod = row["method"].parse().expect("method");
        let (x, n) = (num(row, "x"), num(row, "n"));
        let ci = estimate(x, n).ci(method, level(row));
        let call = &row["call"];
        let what = format!("{method} x={x} n={n} level={}", row["level"]);
        check.value(&format!("{what} low"), ci.low(), num(row, "low"), call);
        check.value(&format!("{what} high"), ci.high(), num(row, "high"), call);
        // The documented fallback is visible in the result.
        let at_edge = x == 0.0 || x == n;
        if matches!(method, CiMethod::Wald | CiMethod::Logit) {
            check.that(
                &format!("{what}: adjustment {:?}", ci.adjustment()),
                (ci.adjustment() == Adjustment::ExactAtBoundary) == at_edge,
                call,
            );
        }
    }
    check.finish();
}

#[test]
fn one_proportion_matches_statsmodels() {
    let t = Table::parse(
        "statsmodels_one_proportion.csv",
        include_str!("../reference/stats/statsmodels_one_proportion.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let method: CiMethod = row["method"].parse().expect("method");
        let (x, n) = (num(row, "x"), num(row, "n"));
        let ci = estimate(x, n).ci(method, level(row));
        let call = &row["call"];
        let what = format!("{method} x={x} n={n} level={}", row["level"]);
        let (lo, hi) = (num(row, "low"), num(row, "high"));
        match method {
            // Departure: statsmodels' normal interval has zero width at x = 0 and x = n;
            // yoron returns the exact interval there and flags it (checked against R's
            // binom.test in one_proportion_matches_r).
            CiMethod::Wald if x == 0.0 || x == n => {
                check.that(
                    &format!("{what}: statsmodels width {}", hi - lo),
                    hi == lo && ci.adjustment() == Adjustment::ExactAtBoundary,
                    call,
                );
            }
            // Departure: Brown, Cai & DasGupta's bound at the edge (statsmodels keeps the
            // Beta quantile). The other bound must still match.
            CiMethod::Jeffreys if x == 0.0 => {
                check.that(&format!("{what}: low is 0"), ci.low() == 0.0, call);
                check.value(&format!("{what} high"), ci.high(), hi, call);
            }
            CiMethod::Jeffreys if x == n => {
                check.value(&format!("{what} low"), ci.low(), lo, call);
                check.that(&format!("{what}: high is 1"), ci.high() == 1.0, call);
            }
            _ => {
                check.value(&format!("{what} low"), ci.low(), lo, call);
                check.value(&format!("{what} high"), ci.high(), hi, call);
            }
        }
    }
    check.finish();
}

#[test]
fn margin_of_error_matches_r() {
    let t = Table::parse(
        "r_margin_of_error.csv",
        include_str!("../reference/stats/r_margin_of_error.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let n = num(row, "n") as u32;
        let est = Estimate::from_proportion(num(row, "p"), SampleSizeSource::Published(n))
            .and_then(|e| e.with_deff(num(row, "deff")))
            .expect("estimate");
        let moe = est.margin_of_error(level(row));
        check.value(
            &format!("moe n={n} deff={} p={}", row["deff"], row["p"]),
            moe.points(),
            num(row, "moe_points"),
            &row["call"],
        );
        if num(row, "p") == 0.5 {
            let poll = est.poll_margin_of_error(level(row)).points();
            check.value("poll margin", poll, num(row, "moe_points"), &row["call"]);
        }
    }
    check.finish();
}

/// Published table: Gallup Korea prints "±3.1pt" (95 %) for these weekly Daily Opinion
/// samples (shared/sources/polls.csv, column `mode`; e.g. Gallup Korea Daily Opinion,
/// January 2016 week 1, n = 1021, and September 2016 week 1, n = 1009).
#[test]
fn poll_margin_matches_gallup_korea_published_margins() {
    for n in [1021, 1009, 1003, 1004, 1001, 1007] {
        let est = Estimate::from_percent(50.0, SampleSizeSource::Published(n)).expect("estimate");
        let moe = est.poll_margin_of_error(ConfidenceLevel::P95);
        assert_eq!(format!("{:.1}", moe.points()), "3.1", "n = {n}");
    }
}

fn pair(row: &HashMap<String, String>) -> (Estimate, Estimate) {
    (
        estimate(num(row, "x1"), num(row, "n1")),
        estimate(num(row, "x2"), num(row, "n2")),
    )
}

#[test]
fn two_proportions_match_statsmodels() {
    let t = Table::parse(
        "statsmodels_two_proportions.csv",
        include_str!("../reference/stats/statsmodels_two_proportions.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let (a, b) = pair(row);
        let call = &row["call"];
        let what = format!(
            "{}/{} vs {}/{} level={}",
            row["x1"], row["n1"], row["x2"], row["n2"], row["level"]
        );
        let opts = DiffOptions::new().level(level(row));
        let newcombe = Difference::new(&a, &b, opts.method(DiffMethod::Newcombe)).expect("diff");
        let (nl, nh) = (num(row, "newcombe_low"), num(row, "newcombe_high"));
        check.value(&format!("{what} newcombe low"), newcombe.low(), nl, call);
        check.value(&format!("{what} newcombe high"), newcombe.high(), nh, call);

        let wald = Difference::new(&a, &b, opts.method(DiffMethod::Wald)).expect("diff");
        let (wl, wh) = (num(row, "wald_low"), num(row, "wald_high"));
        if wl == wh {
            // Departure: both variances are zero; statsmodels returns a zero-width
            // interval, yoron the Newcombe interval, flagged.
            check.that(
                &format!("{what}: wald falls back to newcombe"),
                wald.adjustment() == Adjustment::NewcombeAtBoundary
                    && wald.bounds() == newcombe.bounds(),
                call,
            );
        } else {
            // Departure: statsmodels does not cut to [-1, 1]; yoron does, and flags it.
            check.value(&format!("{what} wald low"), wald.low(), wl.max(-1.0), call);
            check.value(&format!("{what} wald high"), wald.high(), wh.min(1.0), call);
            let clipped = wl < -1.0 || wh > 1.0;
            check.that(
                &format!("{what}: wald clipped flag"),
                (wald.adjustment() == Adjustment::Clipped) == clipped,
                call,
            );
        }

        let ac = Difference::new(&a, &b, opts.method(DiffMethod::AgrestiCaffo)).expect("diff");
        let (al, ah) = (
            num(row, "agresti_caffo_low"),
            num(row, "agresti_caffo_high"),
        );
        check.value(
            &format!("{what} agresti-caffo low"),
            ac.low(),
            al.max(-1.0),
            call,
        );
        check.value(
            &format!("{what} agresti-caffo high"),
            ac.high(),
            ah.min(1.0),
            call,
        );

        let (z, p) = (num(row, "z"), num(row, "p_value"));
        if z.is_nan() {
            // Departure: pooled proportion 0 or 1; statsmodels gives nan, yoron z = 0, p = 1.
            check.that(
                &format!("{what}: z = 0, p = 1"),
                newcombe.z() == 0.0 && newcombe.p_value() == 1.0,
                call,
            );
        } else {
            check.value(&format!("{what} z"), newcombe.z(), z, call);
            check.value(&format!("{what} p"), newcombe.p_value(), p, call);
        }
        // The test does not depend on the interval method.
        check.that(
            &format!("{what}: same test for every method"),
            wald.p_value() == newcombe.p_value() && ac.p_value() == newcombe.p_value(),
            call,
        );
    }
    check.finish();
}

#[test]
fn two_proportions_match_r_prop_test() {
    let t = Table::parse(
        "r_two_proportions.csv",
        include_str!("../reference/stats/r_two_proportions.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let (a, b) = pair(row);
        let what = format!(
            "{}/{} vs {}/{} level={}",
            row["x1"], row["n1"], row["x2"], row["n2"], row["level"]
        );
        let opts = DiffOptions::new()
            .level(level(row))
            .method(DiffMethod::Wald);
        let d = Difference::new(&a, &b, opts).expect("diff");
        check.value(
            &format!("{what} z"),
            d.z(),
            num(row, "z"),
            &row["test_call"],
        );
        check.value(
            &format!("{what} p"),
            d.p_value(),
            num(row, "p_value"),
            &row["test_call"],
        );
        let (wl, wh) = (num(row, "wald_low"), num(row, "wald_high"));
        if wl == wh {
            // Departure: zero variance; see two_proportions_match_statsmodels.
            check.that(
                &format!("{what}: flagged fallback"),
                d.adjustment() == Adjustment::NewcombeAtBoundary,
                &row["wald_call"],
            );
        } else {
            check.value(&format!("{what} wald low"), d.low(), wl, &row["wald_call"]);
            check.value(
                &format!("{what} wald high"),
                d.high(),
                wh,
                &row["wald_call"],
            );
        }
    }
    check.finish();
}

#[test]
fn same_sample_matches_r() {
    let t = Table::parse(
        "r_same_sample.csv",
        include_str!("../reference/stats/r_same_sample.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let n = num(row, "n");
        let a = estimate(num(row, "x1"), n);
        let b = estimate(num(row, "x2"), n);
        let samples = match row["kind"].as_str() {
            "single" => Samples::SameSingleResponse,
            "multi-unknown" => Samples::SameMultiResponse(Joint::Unknown),
            "multi-known" => Samples::SameMultiResponse(Joint::Known(num(row, "joint") / n)),
            other => panic!("unknown kind {other}"),
        };
        let d = Difference::new(
            &a,
            &b,
            DiffOptions::new().level(level(row)).samples(samples),
        )
        .expect("diff");
        let what = format!(
            "{} {}/{} vs {}/{} level={}",
            row["kind"], row["x1"], row["n"], row["x2"], row["n"], row["level"]
        );
        check.value(
            &format!("{what} low"),
            d.low(),
            num(row, "low"),
            &row["ci_call"],
        );
        check.value(
            &format!("{what} high"),
            d.high(),
            num(row, "high"),
            &row["ci_call"],
        );
        check.value(
            &format!("{what} z"),
            d.z(),
            num(row, "z"),
            &row["test_call"],
        );
        check.value(
            &format!("{what} p"),
            d.p_value(),
            num(row, "p_value"),
            &row["test_call"],
        );
        check.that(
            &format!("{what}: conservative flag"),
            d.is_conservative() == (row["kind"] == "multi-unknown"),
            &row["ci_call"],
        );
    }
    check.finish();
}

#[test]
fn homogeneity_matches_r_chisq_test() {
    let t = Table::parse(
        "r_homogeneity.csv",
        include_str!("../reference/stats/r_homogeneity.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let a = Distribution::from_percents(
            &list(row, "a"),
            SampleSizeSource::Published(num(row, "na") as u32),
        )
        .expect("a");
        let b = Distribution::from_percents(
            &list(row, "b"),
            SampleSizeSource::Published(num(row, "nb") as u32),
        )
        .expect("b");
        let h = Homogeneity::test(&a, &b).expect("test");
        let call = &row["call"];
        let id = &row["id"];
        check.value(
            &format!("#{id} X2"),
            h.statistic(),
            num(row, "statistic"),
            call,
        );
        check.value(
            &format!("#{id} df"),
            f64::from(h.df()),
            num(row, "df"),
            call,
        );
        check.value(&format!("#{id} p"), h.p_value(), num(row, "p_value"), call);
        for (j, (ours, theirs)) in h.counts_a().iter().zip(list(row, "counts_a")).enumerate() {
            check.value(&format!("#{id} counts_a[{j}]"), *ours, theirs, call);
        }
        for (j, (ours, theirs)) in h.counts_b().iter().zip(list(row, "counts_b")).enumerate() {
            check.value(&format!("#{id} counts_b[{j}]"), *ours, theirs, call);
        }
    }
    check.finish();
}

#[test]
fn p_adjust_matches_r() {
    let t = Table::parse(
        "r_p_adjust.csv",
        include_str!("../reference/stats/r_p_adjust.csv"),
    );
    let mut check = Check::new(t.name);
    let mut families: Vec<(String, Vec<&HashMap<String, String>>)> = Vec::new();
    for row in &t.rows {
        match families.last_mut() {
            Some((id, rows)) if *id == row["id"] => rows.push(row),
            _ => families.push((row["id"].clone(), vec![row])),
        }
    }
    for (id, rows) in families {
        let p: Vec<f64> = rows.iter().map(|r| num(r, "p")).collect();
        let holm = PAdjust::Holm.adjust(&p).expect("holm");
        let bh = PAdjust::BenjaminiHochberg.adjust(&p).expect("bh");
        for (i, r) in rows.iter().enumerate() {
            check.value(
                &format!("#{id}[{i}] holm"),
                holm.adjusted()[i],
                num(r, "holm"),
                &r["call"],
            );
            check.value(
                &format!("#{id}[{i}] BH"),
                bh.adjusted()[i],
                num(r, "bh"),
                &r["call"],
            );
        }
    }
    check.finish();
}

#[test]
fn trend_slope_matches_r_lm() {
    let t = Table::parse(
        "r_trend.csv",
        include_str!("../reference/stats/r_trend.csv"),
    );
    let mut check = Check::new(t.name);
    for row in &t.rows {
        let points: Vec<WaveEstimate> = list(row, "time")
            .into_iter()
            .zip(list(row, "percent"))
            .zip(list(row, "n_eff"))
            .map(|((time, pct), n_eff)| {
                let est =
                    Estimate::from_percent(pct, SampleSizeSource::Published(n_eff.ceil() as u32))
                        .and_then(|e| e.with_n_eff(n_eff))
                        .expect("estimate");
                WaveEstimate::new(time, est)
            })
            .collect();
        let s = Slope::fit(&points, level(row)).expect("slope");
        let call = &row["call"];
        let what = format!("run #{} level={}", row["id"], row["level"]);
        check.value(
            &format!("{what} slope"),
            s.per_year(),
            num(row, "slope"),
            call,
        );
        let se_residual = num(row, "se_residual");
        if se_residual < 1e-9 * num(row, "slope").abs() {
            // Waves exactly on a line: both tools give rounding noise, not a number to
            // compare; it must be noise-sized here too.
            check.that(
                &format!("{what}: se_residual {} is noise", s.se_residual()),
                s.se_residual() < 1e-9 * s.per_year().abs(),
                call,
            );
        } else {
            check.value(
                &format!("{what} se_residual"),
                s.se_residual(),
                se_residual,
                call,
            );
        }
        check.value(
            &format!("{what} se_sampling"),
            s.se_sampling(),
            num(row, "se_sampling"),
            call,
        );
        check.value(&format!("{what} se"), s.se(), num(row, "se"), call);
        check.value(
            &format!("{what} df"),
            f64::from(s.df()),
            num(row, "df"),
            call,
        );
        check.value(&format!("{what} ci_low"), s.low(), num(row, "ci_low"), call);
        check.value(
            &format!("{what} ci_high"),
            s.high(),
            num(row, "ci_high"),
            call,
        );
        if se_residual >= num(row, "se_sampling") {
            check.value(
                &format!("{what} = confint low"),
                s.low(),
                num(row, "lm_ci_low"),
                call,
            );
            check.value(
                &format!("{what} = confint high"),
                s.high(),
                num(row, "lm_ci_high"),
                call,
            );
        }
    }
    check.finish();
}
