//! The few distribution functions the statistics need, on statrs, with their edge cases
//! handled here once so that callers never see NaN or a panic.

// `!(x > 0.0)` is true for NaN as well as for x ≤ 0: these guards reject both on purpose.
// The published quantile coefficients keep all their digits.
#![allow(
    clippy::neg_cmp_op_on_partial_ord,
    clippy::nonminimal_bool,
    clippy::manual_range_contains,
    clippy::excessive_precision
)]

use std::f64::consts::SQRT_2;

use statrs::distribution::{Continuous, ContinuousCDF, FisherSnedecor, StudentsT};
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

/// (I_x(a, b), 1 − I_x(a, b)) of the Beta(a, b) distribution function, for a, b > 0: the
/// binomial tails of the mid-p interval.
pub(crate) fn beta_tails_of(a: f64, b: f64, x: f64) -> (f64, f64) {
    beta_tails(a, b, x, ln_beta(a, b))
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
    // Lentz's guard: a denominator that vanishes is replaced by a tiny one.
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    // One term aa of the fraction: the factor it multiplies the convergent by.
    let mut factor = |aa: f64| {
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        d * c
    };
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        h *= factor(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let del = factor(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
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

/// R's `qbeta(p, a, b)` for p in [0, 1] and shapes ≥ 0: a zero shape is a point mass (0
/// for `a = 0`, 1 for `b = 0`), as in R; NaN for arguments outside those ranges. The upper
/// half is solved in the upper tail, so p near 1 keeps its precision.
// Used by the respondent-level estimates (`weight`, feature `polars`) only.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn qbeta(p: f64, a: f64, b: f64) -> f64 {
    if !(p >= 0.0 && p <= 1.0) || a.is_nan() || b.is_nan() || a < 0.0 || b < 0.0 {
        return f64::NAN;
    }
    if a == 0.0 || p == 0.0 {
        return 0.0;
    }
    if b == 0.0 || p == 1.0 {
        return 1.0;
    }
    if p <= 0.5 {
        beta_quantile(a, b, p)
    } else {
        beta_upper_quantile(a, b, 1.0 - p)
    }
}

/// Standard normal distribution function, to about 1e-15 relative in both tails (statrs'
/// `erfc` is off by up to 1e-10 in the tails, which the likelihood interval's cut-offs at
/// probabilities like 1e-20 magnify): the series Φ(x) = ½ + φ(x) Σ x^(2n+1)/(2n+1)!! for
/// |x| < 2, Laplace's continued fraction for the tail beyond.
// Used by the respondent-level estimates (`weight`, feature `polars`) only.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn pnorm(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let phi = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
    if x.abs() < 2.0 {
        let (mut term, mut sum, mut k) = (x, x, 1.0);
        while term.abs() > 1e-17 * sum.abs() {
            k += 2.0;
            term *= x * x / k;
            sum += term;
        }
        return 0.5 + phi * sum;
    }
    let z = x.abs();
    if z > 40.0 {
        return if x < 0.0 { 0.0 } else { 1.0 };
    }
    // Tail Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), by modified Lentz.
    let tiny = 1e-300;
    let mut f = z;
    let mut c = z;
    let mut d = 0.0;
    for k in 1..500 {
        let a = f64::from(k);
        d = z + a * d;
        d = if d.abs() < tiny { tiny } else { d };
        c = z + a / c;
        c = if c.abs() < tiny { tiny } else { c };
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    let tail = phi / f;
    if x < 0.0 { tail } else { 1.0 - tail }
}

/// Standard normal quantile: Wichura's algorithm AS 241 (PPND16), which R's `qnorm` uses,
/// accurate to about 1e-16.
// Used by the respondent-level estimates (`weight`, feature `polars`) only.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn qnorm(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return if p == 0.0 {
            f64::NEG_INFINITY
        } else if p == 1.0 {
            f64::INFINITY
        } else {
            f64::NAN
        };
    }
    let poly = |c: &[f64], r: f64| c.iter().rev().fold(0.0, |acc, &k| acc * r + k);
    // Wichura's AS 241 coefficients, exactly as published (hence the module's
    // `excessive_precision` allowance).
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// Student t quantile with `df` degrees of freedom (normal for infinite df), polished with
/// Newton steps on the distribution function.
// Used by the respondent-level estimates (`weight`, feature `polars`) only.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn qt(p: f64, df: f64) -> f64 {
    if df.is_infinite() || df > 1e12 {
        return qnorm(p);
    }
    if !(p > 0.0 && p < 1.0) || !(df > 0.0) {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    let Ok(t) = StudentsT::new(0.0, 1.0, df) else {
        return f64::NAN;
    };
    let mut x = t.inverse_cdf(p);
    if !x.is_finite() {
        return x;
    }
    for _ in 0..3 {
        let f = t.pdf(x);
        if !(f > 0.0) {
            break;
        }
        let err = if p < 0.5 {
            t.cdf(x) - p
        } else {
            (1.0 - p) - t.sf(x)
        };
        let step = err / f;
        x -= step;
        if step.abs() <= 1e-15 * x.abs() {
            break;
        }
    }
    x
}

/// Upper tail of the F distribution, `pf(x, d1, d2, lower.tail = FALSE)`.
// Used by the respondent-level estimates (`weight`, feature `polars`) only.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn pf_upper(x: f64, d1: f64, d2: f64) -> f64 {
    match FisherSnedecor::new(d1, d2) {
        Ok(f) => f.sf(x),
        Err(_) => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_r() {
        // R: qt(0.975, 10), qt(0.975, 1980), qnorm(0.975), qbeta(0.025, 3.5, 20.25)
        // statrs' t distribution function is good to about 1e-13 relative.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(qt(0.975, 10.0), 2.228_138_851_986_273_9));
        assert!(close(qt(0.975, 1980.0), 1.961_162_821_604_089_5));
        assert!(close(qt(0.975, 3.3), 3.024_874_461_840_806_5));
        assert!(close(qnorm(0.975), 1.959_963_984_540_053_6));
        assert!(close(qt(0.025, 10.0), -2.228_138_851_986_273_9));
        assert!(close(qbeta(0.025, 3.5, 20.25), 0.038_582_698_901_898_256));
        // R: qbeta(0.975, 3.5, 20.25), qbeta(0.999999, 0.5, 2000), pnorm(-9),
        // pf(4.4758, 2.307, 85.351, lower.tail = FALSE)
        assert!(close(qbeta(0.975, 3.5, 20.25), 3.116_399_834_913_233_8e-1));
        assert!(close(
            qbeta(0.999_999, 0.5, 2000.0),
            5.964_917_986_304_163_5e-3
        ));
        assert!(close(pnorm(-9.0), 1.128_588_405_953_840_8e-19));
        assert!(close(
            pf_upper(4.4758, 2.307, 85.351),
            1.065_872_245_999_965_4e-2
        ));
        // Point masses and the ends, as R.
        assert_eq!((qbeta(0.3, 0.0, 2.0), qbeta(0.3, 2.0, 0.0)), (0.0, 1.0));
        assert_eq!((qbeta(0.0, 2.0, 3.0), qbeta(1.0, 2.0, 3.0)), (0.0, 1.0));
        assert!(qbeta(1.5, 2.0, 3.0).is_nan() && qbeta(0.5, -1.0, 3.0).is_nan());
    }

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
