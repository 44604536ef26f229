//! The few distribution functions the statistics need, on statrs, with their edge cases
//! handled here once so that callers never see NaN or a panic.

use std::f64::consts::SQRT_2;

use statrs::function::{erf, gamma};

/// Φ⁻¹(1 − α/2) for α in (0, 1), computed as √2 · erfc⁻¹(α) so that small α keeps its
/// precision (1 − α/2 would round it away).
pub(crate) fn z_two_sided(alpha: f64) -> f64 {
    SQRT_2 * erf::erfc_inv(alpha)
}

/// Two-sided standard-normal p-value 2 · (1 − Φ(|z|)) = P(χ²₁ > z²).
///
/// Through the chi-square tail (statrs' incomplete gamma) rather than statrs 0.19's
/// `erfc`, whose truncated interval constants cost it about 1e-10 relative accuracy
/// (statrs-dev/statrs#412); the reference tests against R saw exactly that error.
pub(crate) fn normal_two_sided_p(z: f64) -> f64 {
    chi_square_sf(z * z, 1.0)
}

/// The q-quantile of Beta(a, b), for a, b > 0 and q in (0, 1): the x with I_x(a, b) = q.
///
/// Beta(a, 1) and Beta(1, b) have closed forms (they are the Clopper–Pearson bounds one
/// count from the ends). Otherwise Halley's method on ln I_x in ln x, from Carter's
/// approximation, kept inside a bisection bracket. statrs' own inversion (AS 109) is not
/// used: for large n and small counts (x = 2, n = 100 000) it is off by up to 1e-5
/// relative, which the reference tests against R's `qbeta` caught, and it is slower.
pub(crate) fn beta_quantile(a: f64, b: f64, q: f64) -> f64 {
    debug_assert!(a > 0.0 && b > 0.0 && q > 0.0 && q < 1.0);
    if b == 1.0 {
        // F(x) = x^a
        return (q.ln() / a).exp();
    }
    if a == 1.0 {
        // F(x) = 1 − (1 − x)^b
        return -((-q).ln_1p() / b).exp_m1();
    }
    solve(a, b, q, Tail::Lower)
}

/// The x with P(X > x) = q for X ~ Beta(a, b), without forming 1 − q.
pub(crate) fn beta_upper_quantile(a: f64, b: f64, q: f64) -> f64 {
    // X ~ Beta(a, b) ⇔ 1 − X ~ Beta(b, a).
    if a == 1.0 || b == 1.0 {
        return 1.0 - beta_quantile(b, a, q);
    }
    solve(a, b, q, Tail::Upper)
}

#[derive(Clone, Copy, PartialEq)]
enum Tail {
    Lower,
    Upper,
}

/// The x where the lower (or upper) tail of Beta(a, b) equals q.
fn solve(a: f64, b: f64, q: f64, tail: Tail) -> f64 {
    let ln_b = ln_beta(a, b);
    let x0 = match tail {
        Tail::Lower => start(a, b, q, ln_b),
        Tail::Upper => 1.0 - start(b, a, q, ln_b),
    };
    // Iterate on the side of 0, where ln x resolves the answer to full relative precision;
    // for a quantile near 1, solve for 1 − x in the mirrored distribution.
    if x0 > 0.5 {
        let flipped = if tail == Tail::Lower {
            Tail::Upper
        } else {
            Tail::Lower
        };
        1.0 - halley(b, a, q, flipped, 1.0 - x0, ln_b)
    } else {
        halley(a, b, q, tail, x0, ln_b)
    }
}

fn halley(a: f64, b: f64, q: f64, tail: Tail, x0: f64, ln_b: f64) -> f64 {
    let ln_q = q.ln();
    // s = 1 for the lower tail (increasing in x), −1 for the upper.
    let s = if tail == Tail::Lower { 1.0 } else { -1.0 };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let mut x = if x0.is_finite() && x0 > 0.0 && x0 < 1.0 {
        x0
    } else {
        0.5
    };
    for _ in 0..200 {
        let (lower, upper) = beta_tails(a, b, x, ln_b);
        let ln_t = if tail == Tail::Lower { lower } else { upper }.ln();
        // G(u) = s (ln T(eᵘ) − ln q) increases in u = ln x; its root is the quantile.
        let g = s * (ln_t - ln_q);
        if g == 0.0 {
            return x;
        }
        if g > 0.0 {
            hi = x;
        } else {
            lo = x;
        }
        // G' = x f(x) / T and G'' = G' (a − (b − 1) x/(1 − x) − s G'), in logs so that
        // nothing overflows.
        let g1 = (a * x.ln() + (b - 1.0) * (-x).ln_1p() - ln_b - ln_t).exp();
        let g2 = g1 * (a - (b - 1.0) * x / (1.0 - x) - s * g1);
        let newton = -g / g1;
        let correction = g * g2 / (2.0 * g1 * g1);
        let du = if correction.abs() < 0.5 {
            newton / (1.0 - correction)
        } else {
            newton
        };
        let mut next = x * du.exp();
        let bracketed = next.is_finite() && next > lo && next < hi;
        if !bracketed {
            next = 0.5 * (lo + hi);
        }
        // Halley converges cubically: after a step of 1e-7 the error is ~1e-21.
        if (bracketed && du.abs() <= 1e-7) || hi - lo <= 4.0 * f64::EPSILON * hi {
            return next;
        }
        x = next;
    }
    x
}

/// A start for the q-quantile of Beta(a, b), good to about three digits: Carter's (1947)
/// approximation when a, b > 1, otherwise the AS 64 forms (Majumder & Bhattacharjee 1973),
/// both from a normal quantile by Hastings' formula.
fn start(a: f64, b: f64, q: f64, ln_b: f64) -> f64 {
    // Work in the smaller tail; x and 1 − x swap with a and b.
    if q > 0.5 {
        return 1.0 - start(b, a, 1.0 - q, ln_b);
    }
    let t = (-2.0 * q.ln()).sqrt();
    let y = t - (2.30753 + 0.27061 * t) / (1.0 + (0.99229 + 0.04481 * t) * t);
    if a > 1.0 && b > 1.0 {
        let r = (y * y - 3.0) / 6.0;
        let sa = 1.0 / (2.0 * a - 1.0);
        let sb = 1.0 / (2.0 * b - 1.0);
        let h = 2.0 / (sa + sb);
        let w = y * (h + r).sqrt() / h - (sb - sa) * (r + 5.0 / 6.0 - 2.0 / (3.0 * h));
        return a / (a + b * (2.0 * w).exp());
    }
    let nine = 1.0 / (9.0 * b);
    let chi = 2.0 * b * (1.0 - nine + y * nine.sqrt()).powi(3);
    if chi <= 0.0 {
        return 1.0 - (((1.0 - q).ln() + b.ln() + ln_b) / b).exp();
    }
    let ratio = (4.0 * a + 2.0 * b - 2.0) / chi;
    if ratio <= 1.0 {
        ((q.ln() + a.ln() + ln_b) / a).exp()
    } else {
        1.0 - 2.0 / (ratio + 1.0)
    }
}

/// (I_x(a, b), 1 − I_x(a, b)), each accurate to a few ulps relative: the smaller tail
/// comes from the continued fraction, the other as its complement.
fn beta_tails(a: f64, b: f64, x: f64, ln_b: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if x >= 1.0 {
        return (1.0, 0.0);
    }
    let front = (a * x.ln() + b * (-x).ln_1p() - ln_b).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        let lower = front * beta_cf(a, b, x) / a;
        (lower, 1.0 - lower)
    } else {
        let upper = front * beta_cf(b, a, 1.0 - x) / b;
        (1.0 - upper, upper)
    }
}

/// The continued fraction of the incomplete beta function (modified Lentz), which
/// converges fast for x < (a + 1)/(a + b + 2).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 2.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// ln B(a, b) without subtracting two large ln Γ values when an argument is large.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (s, l) = if a < b { (a, b) } else { (b, a) };
    if s >= 10.0 {
        // Stirling for all three ln Γ, with the large terms combined as ratios.
        let sum = s + l;
        -s * (l / s).ln_1p() - l * (s / l).ln_1p()
            + 0.5 * (sum / (s * l)).ln()
            + 0.5 * (2.0 * std::f64::consts::PI).ln()
            + stirling_delta(s)
            + stirling_delta(l)
            - stirling_delta(sum)
    } else if l >= 10.0 {
        // ln Γ(l) − ln Γ(s + l) = −[(l − ½) ln(1 + s/l) + s ln(s + l) − s] + δ(l) − δ(s + l)
        gamma::ln_gamma(s) - ((l - 0.5) * (s / l).ln_1p() + s * (s + l).ln() - s)
            + stirling_delta(l)
            - stirling_delta(s + l)
    } else {
        gamma::ln_gamma(s) + gamma::ln_gamma(l) - gamma::ln_gamma(s + l)
    }
}

/// δ(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π), for z ≥ 10 (error below 2e-14).
fn stirling_delta(z: f64) -> f64 {
    let r = 1.0 / z;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))))
}

/// Upper tail P(X > x) of the chi-square distribution with `df` degrees of freedom.
pub(crate) fn chi_square_sf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    gamma::checked_gamma_ur(df / 2.0, x / 2.0)
        .ok()
        .filter(|p| p.is_finite())
        .map_or(0.0, |p| p.clamp(0.0, 1.0))
}

/// The (1 − α/2)-quantile of Student's t with `df` > 0 degrees of freedom, from the
/// incomplete-beta relation t² = df (1 − y) / y with y = I⁻¹(α; df/2, 1/2).
pub(crate) fn t_two_sided(alpha: f64, df: f64) -> f64 {
    let y = beta_quantile(df / 2.0, 0.5, alpha);
    (df * (1.0 - y) / y).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_forms_match_r() {
        // qbeta(q, a, b) in R 4.2.2.
        for &(a, b, q, r) in &[
            (1.0, 7.0, 0.975, 0.4096163972250034),
            (3.0, 1.0, 0.975, 0.9915962413403874),
            (1.0, 1e5, 0.005, 5.012541697916405e-08),
        ] {
            let ours = beta_quantile(a, b, q);
            assert!(
                (ours - r).abs() <= 1e-14 * r,
                "qbeta({q}, {a}, {b}): {ours} vs {r}"
            );
        }
    }

    #[test]
    fn t_quantile_known_values() {
        // qt(0.975, 3) and qt(0.995, 10) in R.
        assert!((t_two_sided(0.05, 3.0) - 3.182446305284263).abs() < 1e-12);
        assert!((t_two_sided(0.01, 10.0) - 3.16927267261696).abs() < 1e-12);
    }

    #[test]
    fn chi_square_tail() {
        // pchisq(3.841458820694124, 1, lower.tail = FALSE) = 0.05 in R.
        assert!((chi_square_sf(3.841458820694124, 1.0) - 0.05).abs() < 1e-14);
        assert_eq!(chi_square_sf(0.0, 2.0), 1.0);
    }
}
