//! The less common interval methods of Newcombe's (1998) comparisons: mid-p and Wald with
//! continuity correction for one proportion; Wald with continuity correction,
//! Hauck–Anderson, Mee and Miettinen–Nurminen for a difference of independent
//! proportions. Their formulas, sources and reference calls are documented on the
//! [`CiMethod`](super::CiMethod) and [`DiffMethod`](super::DiffMethod) variants; this module
//! only computes them.

use crate::stats::dist;
use crate::stats::interval::{Adjustment, Bounds};

/// The point where `f` changes sign between `a` (where `f > 0` is `above_at_a`) and `b`:
/// regula falsi with the Illinois modification (Dowell & Jarratt 1971), which keeps the
/// bracket like bisection but converges superlinearly — the rounding box of a difference
/// evaluates a score interval about 2,600 times. Stops when successive points agree to a
/// few ulps (absolute 1e-27 near 0). Every function here has one crossing on its bracket.
fn bisect(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64, above_at_a: bool) -> f64 {
    let (mut fa, mut fb) = (f(a), f(b));
    let mut side = 0i8;
    let mut last = f64::NAN;
    for _ in 0..1000 {
        let (lo, hi) = (a.min(b), a.max(b));
        let mut c = if fa == fb {
            0.5 * (a + b)
        } else {
            (a * fb - b * fa) / (fb - fa)
        };
        if !(c > lo && c < hi) {
            c = 0.5 * (a + b);
            if !(c > lo && c < hi) {
                return c;
            }
        }
        let fc = f(c);
        if (fc > 0.0) == above_at_a {
            a = c;
            fa = fc;
            if side == 1 {
                fb *= 0.5;
            }
            side = 1;
        } else {
            b = c;
            fb = fc;
            if side == -1 {
                fa *= 0.5;
            }
            side = -1;
        }
        let scale = c.abs().max(1e-12);
        if (c - last).abs() <= 4.0 * f64::EPSILON * scale
            || (b - a).abs() <= 2.0 * f64::EPSILON * scale
        {
            return c;
        }
        last = c;
    }
    last
}

/// Lancaster's mid-p interval for x = p · n of n, the binomial tails written as incomplete
/// beta functions (so that a non-integer effective x, from a design effect, works too):
/// P(X ≥ x) = I_q(x, n − x + 1).
pub(crate) fn mid_p(p: f64, n: f64, alpha: f64) -> Bounds {
    let x = p * n;
    let half = alpha / 2.0;
    // ½ [P(X ≥ x) + P(X ≥ x + 1)] = P(X > x) + ½ P(X = x), increasing in q.
    let low = if x <= 0.0 {
        0.0
    } else {
        let upper_tail = |q: f64| {
            let ge_x = dist::beta_tails_of(x, n - x + 1.0, q).0;
            let ge_x1 = if n - x > 0.0 {
                dist::beta_tails_of(x + 1.0, n - x, q).0
            } else {
                0.0
            };
            0.5 * (ge_x + ge_x1) - half
        };
        bisect(upper_tail, 1.0, 0.0, true)
    };
    // ½ [P(X ≤ x) + P(X ≤ x − 1)] = P(X < x) + ½ P(X = x), decreasing in q.
    let high = if x >= n {
        1.0
    } else {
        let lower_tail = |q: f64| {
            let le_x = dist::beta_tails_of(x + 1.0, n - x, q).1;
            let le_x1 = if x > 0.0 {
                dist::beta_tails_of(x, n - x + 1.0, q).1
            } else {
                0.0
            };
            0.5 * (le_x + le_x1) - half
        };
        bisect(lower_tail, 0.0, 1.0, true)
    };
    Bounds::new(low, high)
}

/// Wald with continuity correction: p ± (z √(p(1 − p)/n) + 1/(2n)), cut to [0, 1].
pub(crate) fn wald_cc(p: f64, n: f64, z: f64) -> (Bounds, Adjustment) {
    let h = z * (p * (1.0 - p) / n).sqrt() + 0.5 / n;
    cut(p - h, p + h, 0.0, 1.0)
}

/// Wald with continuity correction for p1 − p2: d ± (z √(Σ pᵢ(1 − pᵢ)/nᵢ) + ½ (1/n1 + 1/n2)).
pub(crate) fn diff_wald_cc(p1: f64, n1: f64, p2: f64, n2: f64, z: f64) -> (Bounds, Adjustment) {
    let d = p1 - p2;
    let h = z * (p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2).sqrt() + 0.5 * (1.0 / n1 + 1.0 / n2);
    cut(d - h, d + h, -1.0, 1.0)
}

/// Hauck–Anderson: d ± (z √(Σ pᵢ(1 − pᵢ)/(nᵢ − 1)) + 1/(2 min(n1, n2))). Undefined for an
/// n of 1 or less: the whole range [−1, 1], marked clipped.
pub(crate) fn hauck_anderson(p1: f64, n1: f64, p2: f64, n2: f64, z: f64) -> (Bounds, Adjustment) {
    if n1 <= 1.0 || n2 <= 1.0 {
        return (Bounds::new(-1.0, 1.0), Adjustment::Clipped);
    }
    let d = p1 - p2;
    let h =
        z * (p1 * (1.0 - p1) / (n1 - 1.0) + p2 * (1.0 - p2) / (n2 - 1.0)).sqrt() + 0.5 / n1.min(n2);
    cut(d - h, d + h, -1.0, 1.0)
}

fn cut(low: f64, high: f64, min: f64, max: f64) -> (Bounds, Adjustment) {
    let clipped = low < min || high > max;
    (
        Bounds::new(low.max(min), high.min(max)),
        if clipped {
            Adjustment::Clipped
        } else {
            Adjustment::None
        },
    )
}

/// The maximum-likelihood (p1, p2) under p1 − p2 = `delta` (Farrington & Manning 1990,
/// closed form of the cubic; Miettinen & Nurminen 1985).
fn restricted(p1: f64, n1: f64, p2: f64, n2: f64, delta: f64) -> (f64, f64) {
    let theta = n2 / n1;
    let a = 1.0 + theta;
    let b = -(1.0 + theta + p1 + theta * p2 + delta * (theta + 2.0));
    let c = delta * delta + delta * (2.0 * p1 + theta + 1.0) + p1 + theta * p2;
    let d = -p1 * delta * (1.0 + delta);
    let v = b.powi(3) / (27.0 * a.powi(3)) - b * c / (6.0 * a * a) + d / (2.0 * a);
    let s = (b * b / (9.0 * a * a) - c / (3.0 * a)).max(0.0).sqrt();
    let u = if v < 0.0 { -s } else { s };
    let w = if u == 0.0 {
        std::f64::consts::FRAC_PI_2
    } else {
        (std::f64::consts::PI + (v / u.powi(3)).clamp(-1.0, 1.0).acos()) / 3.0
    };
    let r1 = (2.0 * u * w.cos() - b / (3.0 * a)).clamp(0.0, 1.0);
    (r1, (r1 - delta).clamp(0.0, 1.0))
}

/// The score interval for p1 − p2: the Δ with (d − Δ)² ≤ z² V(Δ), V from the restricted
/// MLE, times N/(N − 1) for Miettinen–Nurminen (`mn`), as is for Mee.
pub(crate) fn score_diff(p1: f64, n1: f64, p2: f64, n2: f64, z: f64, mn: bool) -> Bounds {
    // Swapping the samples negates the interval exactly: compute in one canonical order
    // (the bisection and the cubic are not bitwise symmetric).
    match (p1, n1).partial_cmp(&(p2, n2)) {
        Some(std::cmp::Ordering::Less) => {
            let b = score_diff_ordered(p2, n2, p1, n1, z, mn);
            Bounds::new(-b.high(), -b.low())
        }
        Some(std::cmp::Ordering::Equal) => {
            let high = score_diff_ordered(p1, n1, p2, n2, z, mn).high();
            Bounds::new(-high, high)
        }
        _ => score_diff_ordered(p1, n1, p2, n2, z, mn),
    }
}

fn score_diff_ordered(p1: f64, n1: f64, p2: f64, n2: f64, z: f64, mn: bool) -> Bounds {
    let d = p1 - p2;
    let total = n1 + n2;
    let k = if mn { total / (total - 1.0) } else { 1.0 };
    let g = |delta: f64| {
        let (r1, r2) = restricted(p1, n1, p2, n2, delta);
        let v = k * (r1 * (1.0 - r1) / n1 + r2 * (1.0 - r2) / n2);
        (d - delta).powi(2) - z * z * v
    };
    // g(±1) ≥ 0 (the restricted variance is 0 there) and g(d) ≤ 0: one crossing each side.
    let low = if d <= -1.0 {
        -1.0
    } else {
        bisect(g, -1.0, d, true)
    };
    let high = if d >= 1.0 {
        1.0
    } else {
        bisect(g, 1.0, d, true)
    };
    Bounds::new(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_mle_is_the_observed_pair_when_it_satisfies_the_constraint() {
        let (r1, r2) = restricted(0.8, 70.0, 0.6, 80.0, 0.2);
        assert!(
            (r1 - 0.8).abs() < 1e-12 && (r2 - 0.6).abs() < 1e-12,
            "{r1} {r2}"
        );
    }

    #[test]
    fn mid_p_at_zero_has_the_closed_form() {
        // P(X = 0)/2 = (1 − q)^n / 2 = α/2: q = 1 − α^(1/n).
        let b = mid_p(0.0, 10.0, 0.05);
        assert_eq!(b.low(), 0.0);
        assert!((b.high() - (1.0 - 0.05f64.powf(0.1))).abs() < 1e-14);
    }
}
