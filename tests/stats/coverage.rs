//! Exact coverage by enumeration: for n = 10..=50 and true p on a grid, the probability
//! that the interval covers p is Σₓ 1[p ∈ CI(x)] · C(n, x) pˣ (1 − p)ⁿ⁻ˣ — no simulation.
//!
//! Stated slack (what the literature leads one to expect; Brown, Cai & DasGupta 2001):
//! - Clopper–Pearson: coverage ≥ the nominal level at every p (it is built to be
//!   conservative), up to 1e-9 for floating point.
//! - Wilson: coverage averaged over p uniform on the grid within ±0.015 of the nominal
//!   level for every n (its coverage oscillates around the nominal level and dips near
//!   p = 0 and 1, so no pointwise bound is claimed), and at least nominal − 0.10 at every
//!   p in [0.05, 0.95].

use yoron::stats::{Bounds, CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};

/// True p: 0.001, 0.002, …, 0.999.
fn grid() -> impl Iterator<Item = f64> {
    (1..1000).map(|i| f64::from(i) / 1000.0)
}

fn intervals(n: u32, method: CiMethod, level: ConfidenceLevel) -> Vec<Bounds> {
    (0..=n)
        .map(|x| {
            Estimate::from_count(x, SampleSizeSource::Published(n))
                .expect("count")
                .ci(method, level)
                .bounds()
        })
        .collect()
}

/// ln C(n, x) for x = 0..=n.
fn ln_choose(n: u32) -> Vec<f64> {
    let mut out = Vec::with_capacity(n as usize + 1);
    let mut acc = 0.0;
    out.push(0.0);
    for x in 1..=n {
        acc += f64::from(n - x + 1).ln() - f64::from(x).ln();
        out.push(acc);
    }
    out
}

fn coverage(n: u32, cis: &[Bounds], lc: &[f64], p: f64) -> f64 {
    (0..=n)
        .filter(|&x| cis[x as usize].contains(p))
        .map(|x| (lc[x as usize] + f64::from(x) * p.ln() + f64::from(n - x) * (-p).ln_1p()).exp())
        .sum()
}

const LEVELS: [ConfidenceLevel; 3] = [
    ConfidenceLevel::P90,
    ConfidenceLevel::P95,
    ConfidenceLevel::P99,
];

#[test]
fn clopper_pearson_coverage_is_at_least_nominal_everywhere() {
    for level in LEVELS {
        let mut worst = (1.0_f64, 0, 0.0);
        for n in 10..=50 {
            let cis = intervals(n, CiMethod::ClopperPearson, level);
            let lc = ln_choose(n);
            for p in grid() {
                let c = coverage(n, &cis, &lc, p);
                if c < worst.0 {
                    worst = (c, n, p);
                }
            }
        }
        eprintln!(
            "clopper-pearson {level}: minimum coverage {:.5} (n = {}, p = {})",
            worst.0, worst.1, worst.2
        );
        assert!(
            worst.0 >= level.value() - 1e-9,
            "clopper-pearson {level}: coverage {} at n = {}, p = {} is below nominal",
            worst.0,
            worst.1,
            worst.2
        );
    }
}

#[test]
fn wilson_coverage_is_nominal_on_average() {
    for level in LEVELS {
        let nominal = level.value();
        let (mut lowest_mean, mut highest_mean) = (1.0_f64, 0.0_f64);
        let mut worst_mid = (1.0_f64, 0, 0.0);
        for n in 10..=50 {
            let cis = intervals(n, CiMethod::Wilson, level);
            let lc = ln_choose(n);
            let mut sum = 0.0;
            let mut count = 0.0;
            for p in grid() {
                let c = coverage(n, &cis, &lc, p);
                sum += c;
                count += 1.0;
                if (0.05..=0.95).contains(&p) && c < worst_mid.0 {
                    worst_mid = (c, n, p);
                }
            }
            let mean = sum / count;
            lowest_mean = lowest_mean.min(mean);
            highest_mean = highest_mean.max(mean);
            assert!(
                (mean - nominal).abs() <= 0.015,
                "wilson {level}, n = {n}: mean coverage {mean:.4} is more than 0.015 from nominal"
            );
        }
        eprintln!(
            "wilson {level}: mean coverage per n in [{lowest_mean:.4}, {highest_mean:.4}]; minimum on [0.05, 0.95] {:.4} (n = {}, p = {})",
            worst_mid.0, worst_mid.1, worst_mid.2
        );
        assert!(
            worst_mid.0 >= nominal - 0.10,
            "wilson {level}: coverage {} at n = {}, p = {}",
            worst_mid.0,
            worst_mid.1,
            worst_mid.2
        );
    }
}

/// Negative control: the same enumeration flags the Wald interval, whose poor small-sample
/// coverage is well known (Brown, Cai & DasGupta 2001), so the checks above can fail.
/// (Its mean coverage is rescued by yoron's exact interval at x = 0 and x = n; its
/// coverage inside [0.05, 0.95] is not.)
#[test]
fn wald_coverage_fails_the_same_check() {
    let level = ConfidenceLevel::P95;
    let mut worst = 1.0_f64;
    for n in 10..=50 {
        let cis = intervals(n, CiMethod::Wald, level);
        let lc = ln_choose(n);
        for p in grid().filter(|p| (0.05..=0.95).contains(p)) {
            worst = worst.min(coverage(n, &cis, &lc, p));
        }
    }
    eprintln!("wald 95%: minimum coverage on [0.05, 0.95] {worst:.4}");
    assert!(
        worst < level.value() - 0.10,
        "wald: minimum coverage {worst:.4} would pass the wilson check"
    );
}
