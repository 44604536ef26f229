//! Confidence intervals for design-based proportions: R `svyciprop`'s methods, computed
//! from the same quantities R uses, plus Wilson's score interval on the effective sample
//! size. The quantiles are `yoron::stats`' (`stats/dist.rs`), which agree with R's to about
//! 1e-12.

// `!(x > 0.0)` is true for NaN as well as for x ≤ 0: these guards reject both on purpose,
// which the partial-order lints would rewrite into checks that let NaN through. Values
// printed by R keep all their digits in the tests.
#![allow(
    clippy::neg_cmp_op_on_partial_ord,
    clippy::nonminimal_bool,
    clippy::manual_range_contains,
    clippy::excessive_precision
)]

use crate::label::named;
use crate::stats::dist::{pnorm, qbeta, qnorm, qt};
use crate::stats::{Bounds, wilson};

/// How the confidence interval of a proportion is computed. All but `Wilson` are the
/// methods of R's `svyciprop`, with the design degrees of freedom as R uses them.
///
/// # Example
/// ```
/// use yoron::weight::DesignCiMethod;
/// assert_eq!(DesignCiMethod::default(), DesignCiMethod::Logit);
/// assert_eq!("xlogit".parse::<DesignCiMethod>()?, DesignCiMethod::Xlogit);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DesignCiMethod {
    /// Wald interval for logit(p) with a t quantile, transformed back (R's default,
    /// `method = "logit"`; the interval stays inside (0, 1)).
    #[default]
    Logit,
    /// Rao–Scott scaled profile-likelihood interval of the binomial model (R
    /// `method = "likelihood"`; R's grid-and-spline profile is reproduced).
    Likelihood,
    /// Wald interval on the arcsine–square-root scale (R `method = "asin"`).
    Asin,
    /// Clopper–Pearson-type interval on the effective sample size, Korn–Graubard
    /// (R `method = "beta"`).
    Beta,
    /// Wald interval p ± t·SE (R `method = "mean"`; can leave [0, 1]).
    Mean,
    /// Wald interval for logit(p) by the delta method (R `method = "xlogit"`).
    Xlogit,
    /// Wilson's score interval on the effective sample size n_eff = n / deff (deff with
    /// replacement) with a t quantile on the design df. Not in R's `svyciprop`.
    Wilson,
}

impl DesignCiMethod {
    /// Every method, in a stable order.
    pub const ALL: [DesignCiMethod; 7] = [
        DesignCiMethod::Logit,
        DesignCiMethod::Likelihood,
        DesignCiMethod::Asin,
        DesignCiMethod::Beta,
        DesignCiMethod::Mean,
        DesignCiMethod::Xlogit,
        DesignCiMethod::Wilson,
    ];

    /// The method's name, as R spells it (`wilson` for Wilson).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::DesignCiMethod::Beta.as_str(), "beta");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DesignCiMethod::Logit => "logit",
            DesignCiMethod::Likelihood => "likelihood",
            DesignCiMethod::Asin => "asin",
            DesignCiMethod::Beta => "beta",
            DesignCiMethod::Mean => "mean",
            DesignCiMethod::Xlogit => "xlogit",
            DesignCiMethod::Wilson => "wilson",
        }
    }
}

named!(exact DesignCiMethod::as_str, "interval method");

/// What the likelihood method needs besides p and its variance: the binomial model's
/// weighted counts with R's rescaled weights W = w / mean(w), and the dispersion R's
/// `summary.svyglm` estimates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LikelihoodInput {
    /// Σ W over respondents with y = 1 and with y = 0.
    pub(crate) s1: f64,
    pub(crate) s0: f64,
    /// `svyvar` of the Pearson residuals.
    pub(crate) dispersion: f64,
    /// Rows in the model frame.
    pub(crate) n_rows: f64,
}

/// Everything a proportion interval can need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PropInput {
    pub(crate) p: f64,
    pub(crate) var: f64,
    pub(crate) df: f64,
    pub(crate) level: f64,
    /// `nrow(design)` as R's beta method uses it.
    pub(crate) n_rows: f64,
    /// Effective sample size for Wilson.
    pub(crate) n_eff: f64,
    pub(crate) likelihood: Option<LikelihoodInput>,
    /// For a replicate design, the replicate variance of logit(p): R's logit method fits
    /// `svyglm` and replicates its coefficient, logit(p̂_r), instead of the delta method.
    pub(crate) logit_var: Option<f64>,
}

/// The interval, or `None` when the method is undefined for these values (df ≤ 0, zero
/// variance where the method divides by it, p at 0 or 1 on a logit scale).
pub(crate) fn proportion_ci(method: DesignCiMethod, x: &PropInput) -> Option<Bounds> {
    let ok = |lo: f64, hi: f64| (lo.is_finite() && hi.is_finite()).then(|| Bounds::new(lo, hi));
    if x.df.is_nan() || x.df <= 0.0 || !x.p.is_finite() || !x.var.is_finite() {
        return None;
    }
    let a = (1.0 - x.level) / 2.0;
    let se = x.var.sqrt();
    match method {
        DesignCiMethod::Mean => {
            let t = qt(1.0 - a, x.df);
            ok(x.p - t * se, x.p + t * se)
        }
        DesignCiMethod::Asin => {
            if x.p <= 0.0 || x.p >= 1.0 {
                // R: the derivative is infinite; 0 × ∞ gives NaN.
                return None;
            }
            let t = qt(1.0 - a, x.df);
            let c = x.p.sqrt().asin();
            let se_c = se / (2.0 * (x.p * (1.0 - x.p)).sqrt());
            ok((c - t * se_c).sin().powi(2), (c + t * se_c).sin().powi(2))
        }
        DesignCiMethod::Xlogit | DesignCiMethod::Logit => {
            if x.p <= 0.0 || x.p >= 1.0 || x.var <= 0.0 {
                return None;
            }
            let l = (x.p / (1.0 - x.p)).ln();
            let se_l = match (method, x.logit_var) {
                (DesignCiMethod::Logit, Some(v)) => v.sqrt(),
                _ => se / (x.p * (1.0 - x.p)),
            };
            let t = if method == DesignCiMethod::Logit {
                // R's confint.svyglm turns the t level into a normal one and back.
                let tlevel = 1.0 - 2.0 * pnorm(qt(a, x.df));
                qnorm((1.0 + tlevel) / 2.0)
            } else {
                qt(1.0 - a, x.df)
            };
            ok(expit(l - t * se_l), expit(l + t * se_l))
        }
        DesignCiMethod::Beta => {
            if x.var <= 0.0 {
                return None;
            }
            let mut n_eff = x.p * (1.0 - x.p) / x.var;
            n_eff *= (qt(a, x.n_rows - 1.0) / qt(a, x.df)).powi(2);
            let lo = qbeta(a, n_eff * x.p, n_eff * (1.0 - x.p) + 1.0);
            let hi = qbeta(1.0 - a, n_eff * x.p + 1.0, n_eff * (1.0 - x.p));
            ok(lo, hi)
        }
        DesignCiMethod::Wilson => {
            let n = x.n_eff;
            if !(n > 0.0 && n.is_finite()) {
                return None;
            }
            // The one-sample Wilson formula of `stats`, with a t quantile on the design df
            // in place of z.
            let b = wilson(x.p, n, qt(1.0 - a, x.df));
            ok(b.low(), b.high())
        }
        DesignCiMethod::Likelihood => likelihood(x),
    }
}

fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// R's likelihood method: `confint.svyglm(method = "likelihood")` profiles the binomial
/// deviance of the intercept-only model on a grid of at most 9 steps each side (step
/// size zmax/5 standard errors), fits R's `spline()` (Forsythe–Malcolm–Moler) through
/// (β, signed root deviance) at 3 × points, and inverts it by linear interpolation at the
/// Rao–Scott scaled cut-offs. The profile of an intercept-only model needs no refitting,
/// so each grid point is one closed-form deviance.
fn likelihood(x: &PropInput) -> Option<Bounds> {
    let lik = x.likelihood?;
    let p = x.p;
    if p <= 0.0 || p >= 1.0 || x.var <= 0.0 || lik.dispersion.is_nan() || lik.dispersion <= 0.0 {
        return None;
    }
    let b0 = (p / (1.0 - p)).ln();
    let se = x.var.sqrt() / (p * (1.0 - p));
    let dev = |b: f64| {
        let mu = expit(b);
        -2.0 * (lik.s1 * mu.ln() + lik.s0 * (1.0 - mu).ln())
    };
    let dev0 = dev(b0);
    let naive = 1.0 / (p * (1.0 - p) * (lik.s1 + lik.s0));
    let lambda = se * se / naive;
    let alpha = pnorm(qt((1.0 - x.level) / 2.0, x.df) * lambda.sqrt()) / 2.0;
    // zmax = sqrt(qf(alpha, 1, n - 1, lower = FALSE)) = the t quantile with upper tail
    // alpha/2; alpha can be 1e-22, so take it from the lower tail.
    let zmax = -qt(alpha / 2.0, lik.n_rows - 1.0);
    let del = zmax / 5.0;
    let mut pts: Vec<(f64, f64)> = vec![(0.0, b0)];
    for sgn in [-1.0, 1.0] {
        let mut step = 0;
        let mut z: f64 = 0.0;
        loop {
            step += 1;
            if step >= 10 || z.abs() >= zmax {
                break;
            }
            let bi = b0 + sgn * f64::from(step) * del * se;
            let mut zz = (dev(bi) - dev0) / lik.dispersion;
            if zz > -0.001 {
                zz = zz.max(0.0);
            } else {
                return None;
            }
            z = sgn * zz.sqrt();
            pts.push((z, bi));
        }
    }
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let xs: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let ys: Vec<f64> = pts.iter().map(|p| p.0).collect();
    let (sx, sy) = r_spline(&xs, &ys, 3 * xs.len())?;
    let cut_lo = qnorm(2.0 * alpha);
    let cut_hi = -cut_lo;
    let lo = r_approx(&sy, &sx, cut_lo)?;
    let hi = r_approx(&sy, &sx, cut_hi)?;
    Some(Bounds::new(expit(lo), expit(hi)))
}

/// R's `spline(x, y, n, method = "fmm")`: the interpolating cubic spline with end
/// conditions matching the third derivatives of cubics through the end points, evaluated
/// at `n` equally spaced points over [min x, max x]. `x` must be increasing.
fn r_spline(x: &[f64], y: &[f64], n: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let m = x.len();
    if m < 2
        || x.windows(2)
            .any(|w| w[1].is_nan() || w[0].is_nan() || w[1] <= w[0])
    {
        return None;
    }
    let (b, c, d) = fmm_coefficients(x, y);
    let (lo, hi) = (x[0], x[m - 1]);
    let by = (hi - lo) / (n as f64 - 1.0);
    let mut xs = Vec::with_capacity(n);
    let mut ys = Vec::with_capacity(n);
    for k in 0..n {
        let u = if k + 1 == n { hi } else { lo + k as f64 * by };
        // The interval holding u: last i with x[i] <= u (R's spline_eval).
        let i = x
            .partition_point(|&xi| xi <= u)
            .saturating_sub(1)
            .min(m - 1);
        let dx = u - x[i];
        xs.push(u);
        ys.push(y[i] + dx * (b[i] + dx * (c[i] + dx * d[i])));
    }
    Some((xs, ys))
}

/// R's `fmm_spline` (src/library/stats/src/splines.c), 0-based.
#[allow(clippy::many_single_char_names)]
fn fmm_coefficients(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = x.len();
    let mut b = vec![0.0; n];
    let mut c = vec![0.0; n];
    let mut d = vec![0.0; n];
    if n < 3 {
        let t = (y[1] - y[0]) / (x[1] - x[0]);
        b[0] = t;
        b[1] = t;
        return (b, c, d);
    }
    let nm1 = n - 1;
    d[0] = x[1] - x[0];
    c[1] = (y[1] - y[0]) / d[0];
    for i in 1..nm1 {
        d[i] = x[i + 1] - x[i];
        b[i] = 2.0 * (d[i - 1] + d[i]);
        c[i + 1] = (y[i + 1] - y[i]) / d[i];
        c[i] = c[i + 1] - c[i];
    }
    b[0] = -d[0];
    b[nm1] = -d[n - 2];
    c[0] = 0.0;
    c[nm1] = 0.0;
    if n > 3 {
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
        c[nm1] = c[n - 2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0]);
        c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (x[nm1] - x[n - 4]);
    }
    for i in 1..n {
        let t = d[i - 1] / b[i - 1];
        b[i] -= t * d[i - 1];
        c[i] -= t * c[i - 1];
    }
    c[nm1] /= b[nm1];
    for i in (0..nm1).rev() {
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
    }
    b[nm1] = (y[nm1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1]);
    for i in 0..nm1 {
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
        d[i] = (c[i + 1] - c[i]) / d[i];
        c[i] *= 3.0;
    }
    c[nm1] *= 3.0;
    d[nm1] = d[n - 2];
    (b, c, d)
}

/// R's `approx(x, y, xout)$y` (linear, rule = 1, ties averaged): `None` outside the range.
fn r_approx(x: &[f64], y: &[f64], xout: f64) -> Option<f64> {
    let mut pts: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Average the y of tied x, as regularize.values(ties = mean).
    let mut xs: Vec<f64> = Vec::with_capacity(pts.len());
    let mut ys: Vec<f64> = Vec::with_capacity(pts.len());
    let mut i = 0;
    while i < pts.len() {
        let mut j = i;
        let mut s = 0.0;
        while j < pts.len() && pts[j].0 == pts[i].0 {
            s += pts[j].1;
            j += 1;
        }
        xs.push(pts[i].0);
        ys.push(s / (j - i) as f64);
        i = j;
    }
    let n = xs.len();
    if n == 0 || !(xout >= xs[0] && xout <= xs[n - 1]) {
        return None;
    }
    // R's approx1: bisection for i with x[i] <= v <= x[j].
    let (mut lo, mut hi) = (0usize, n - 1);
    if xout == xs[hi] {
        return Some(ys[hi]);
    }
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if xout < xs[mid] {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    if xout == xs[lo] {
        return Some(ys[lo]);
    }
    Some(ys[lo] + (ys[hi] - ys[lo]) * ((xout - xs[lo]) / (xs[hi] - xs[lo])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spline_reproduces_a_cubic() {
        let x: Vec<f64> = (0..6).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| v * v * v - 2.0 * v).collect();
        let (sx, sy) = r_spline(&x, &y, 16).unwrap();
        for (u, v) in sx.iter().zip(&sy) {
            assert!((v - (u * u * u - 2.0 * u)).abs() < 1e-9, "{u} {v}");
        }
    }

    #[test]
    fn approx_interpolates_and_refuses_outside() {
        assert_eq!(r_approx(&[0.0, 1.0], &[0.0, 10.0], 0.25), Some(2.5));
        assert_eq!(r_approx(&[0.0, 1.0], &[0.0, 10.0], 1.5), None);
    }
}

#[cfg(test)]
mod tail_tests {
    use super::*;

    #[test]
    fn extreme_tails_match_r() {
        // R: qt(a, 805), qnorm(a) for a = 1e-22, 3.7e-15, 2e-9, 1e-5
        let a = [1e-22, 3.7e-15, 2e-9, 1e-5];
        let t = [
            -10.039_358_303_525_674,
            -7.928_406_333_067_751,
            -5.949_915_772_602_365,
            -4.290_441_110_034_377_6,
        ];
        let z = [
            -9.741_789_943_090_928_7,
            -7.777_451_714_126_926_5,
            -5.884_193_354_800_460_8,
            -4.264_890_793_922_825_6,
        ];
        for i in 0..4 {
            let (gt, gz) = (qt(a[i], 805.0), qnorm(a[i]));
            assert!(
                (gt - t[i]).abs() < 1e-12 * t[i].abs(),
                "qt {} {gt} {}",
                a[i],
                t[i]
            );
            assert!(
                (gz - z[i]).abs() < 1e-12 * z[i].abs(),
                "qnorm {} {gz} {}",
                a[i],
                z[i]
            );
        }
    }
}
