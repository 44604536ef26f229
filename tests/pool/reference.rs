//! `yoron::pool` against statsmodels 0.15 (`tests/reference/pool/make_reference.py`): a
//! custom `MLEModel` with exact diffuse initialisation, on a simulated and a real data set.
//!
//! Tolerances: at a FIXED σ (no optimiser involved) the log-likelihood, the smoothed trend
//! and its variance at every poll, and every house effect and its variance agree to 1e-9
//! relative (absolute 1e-9 for values near 0). The maximum-likelihood σ agrees to 1e-6
//! relative (both optimisers stop at 1e-10–1e-12 in log σ; the likelihood is flat at its
//! top, so σ is the least precise figure), the log-likelihood at it to 1e-9.

use yoron::pool::{Polls, PoolOptions, Pooled};

fn read_polls(csv: &str) -> Polls {
    let mut polls = Polls::new();
    let mut ids: Vec<String> = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let house = match ids.iter().position(|h| h == f[1]) {
            Some(i) => i,
            None => {
                ids.push(f[1].to_string());
                polls.add_house(f[1]).unwrap()
            }
        };
        polls
            .add_poll(
                house,
                f[0].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )
            .unwrap();
    }
    polls
}

fn scalar(csv: &str, name: &str) -> f64 {
    csv.lines()
        .find_map(|l| l.strip_prefix(&format!("{name},")))
        .unwrap_or_else(|| panic!("no {name}"))
        .parse()
        .unwrap()
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    let tol = rel * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tol,
        "{what}: yoron {got}, statsmodels {want} (|diff| {:e} > {tol:e})",
        (got - want).abs()
    );
}

fn compare(pooled: &Pooled, trend_csv: &str, houses_csv: &str, label: &str, rel: f64) {
    let mut checked = 0;
    for line in trend_csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != label {
            continue;
        }
        let p = pooled
            .trend()
            .iter()
            .find(|p| p.date().to_string() == f[2])
            .unwrap_or_else(|| panic!("no trend point on {}", f[2]));
        close(
            &format!("{label} α on {}", f[2]),
            p.estimate(),
            f[3].parse().unwrap(),
            rel,
        );
        close(
            &format!("{label} Var α on {}", f[2]),
            p.se() * p.se(),
            f[4].parse().unwrap(),
            rel,
        );
        checked += 1;
    }
    assert!(checked > 10, "{checked} trend rows checked");
    let mut checked = 0;
    for line in houses_csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != label {
            continue;
        }
        let h = pooled
            .houses()
            .iter()
            .find(|h| h.house().id() == f[1])
            .unwrap();
        close(
            &format!("{label} δ {}", f[1]),
            h.effect(),
            f[2].parse().unwrap(),
            rel,
        );
        close(
            &format!("{label} Var δ {}", f[1]),
            h.se() * h.se(),
            f[3].parse().unwrap(),
            rel,
        );
        checked += 1;
    }
    assert!(checked >= 4);
}

fn check(input: &str, scalars: &str, trend: &str, houses: &str, pairs: &str) {
    let polls = read_polls(input);
    let fixed = scalar(scalars, "fixed_sigma");
    let at_fixed = polls.fit(&PoolOptions::new().sigma(fixed)).unwrap();
    // The full covariance of the effects, through every pairwise difference.
    let mut n = 0;
    for line in pairs.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let d = at_fixed.effect_difference(f[0], f[1]).unwrap();
        close(
            &format!("Var(δ {} − δ {})", f[0], f[1]),
            d.se() * d.se(),
            f[2].parse().unwrap(),
            1e-9,
        );
        n += 1;
    }
    assert!(n >= 6);
    close(
        "log-likelihood at fixed σ",
        at_fixed.log_likelihood(),
        scalar(scalars, "loglik_fixed"),
        1e-9,
    );
    compare(&at_fixed, trend, houses, "fixed", 1e-9);

    let ml = polls.fit(&PoolOptions::new()).unwrap();
    close("ML σ", ml.sigma(), scalar(scalars, "sigma_ml"), 1e-6);
    close(
        "log-likelihood at ML σ",
        ml.log_likelihood(),
        scalar(scalars, "loglik_at_sigma_ml"),
        1e-9,
    );
    compare(&ml, trend, houses, "ml", 1e-6);
}

#[test]
fn simulated_data_match_statsmodels() {
    check(
        include_str!("../reference/pool/sim_input.csv"),
        include_str!("../reference/pool/sim_scalars.csv"),
        include_str!("../reference/pool/sim_trend.csv"),
        include_str!("../reference/pool/sim_houses.csv"),
        include_str!("../reference/pool/sim_pairs.csv"),
    );
}

#[test]
fn real_japanese_polls_match_statsmodels() {
    check(
        include_str!("../reference/pool/real_jp_input.csv"),
        include_str!("../reference/pool/real_jp_scalars.csv"),
        include_str!("../reference/pool/real_jp_trend.csv"),
        include_str!("../reference/pool/real_jp_houses.csv"),
        include_str!("../reference/pool/real_jp_pairs.csv"),
    );
}
