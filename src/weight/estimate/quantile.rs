//! Quantiles with Woodruff's intervals (R survey 4.1 `svyquantile`, `qrule = "math"`), on
//! the domain engine: the proportion below the quantile is estimated as any proportion.

use super::domain::Domains;
use super::estimand::MAX_QUANTILES;
use super::{DesignEstimate, Estimand, Statistic};
use crate::error::{Error, Result};
use crate::label::named;
use crate::stats::Bounds;
use crate::stats::dist::qt;
use crate::weight::data::MISSING;
use crate::weight::design::Design;
use crate::weight::interval::{DesignCiMethod, PropInput, proportion_ci};

/// How the confidence interval of a quantile is computed: R survey 4.1's `svyquantile`
/// `interval.type`. All but `Score` are Woodruff's method — an interval (L, U) for the
/// proportion F̂(q̂) at or below the quantile, turned into (F̂⁻¹(L), F̂⁻¹(U)) — and differ in
/// the proportion's interval, which is the `svyciprop` method of the same name.
///
/// # Example
/// ```
/// use yoron::weight::QuantileInterval;
/// assert_eq!(QuantileInterval::default(), QuantileInterval::Mean);
/// assert_eq!("score".parse::<QuantileInterval>()?, QuantileInterval::Score);
/// assert!("logit".parse::<QuantileInterval>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuantileInterval {
    /// Woodruff with the Wald interval p̂ ± t(df)·SE (R's default, `interval.type = "mean"`).
    #[default]
    Mean,
    /// Woodruff with the Korn–Graubard beta interval (R `interval.type = "beta"`).
    Beta,
    /// Woodruff with the delta-method logit interval (R `interval.type = "xlogit"`).
    Xlogit,
    /// Woodruff with the arcsine-square-root interval (R `interval.type = "asin"`).
    Asin,
    /// Francisco and Fuller's score interval (R `interval.type = "score"`): the values θ
    /// where the design-based test of F(θ) = p is at ±t(df), found by R's `uniroot` (Brent's
    /// method, reproduced step by step) between min + IQR/100 and max − IQR/100 with
    /// tolerance 1/(100√n), then turned into quantiles through the share of values ≤ θ as R
    /// does. No interval where R's `uniroot` fails (the test does not change sign there).
    Score,
}

impl QuantileInterval {
    /// Every method, in a stable order.
    pub const ALL: [QuantileInterval; 5] = [
        QuantileInterval::Mean,
        QuantileInterval::Beta,
        QuantileInterval::Xlogit,
        QuantileInterval::Asin,
        QuantileInterval::Score,
    ];

    /// The method's name, as R's `interval.type` spells it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::QuantileInterval::Xlogit.as_str(), "xlogit");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            QuantileInterval::Mean => "mean",
            QuantileInterval::Beta => "beta",
            QuantileInterval::Xlogit => "xlogit",
            QuantileInterval::Asin => "asin",
            QuantileInterval::Score => "score",
        }
    }

    /// The proportion's interval of a Woodruff method.
    fn woodruff(self) -> Option<DesignCiMethod> {
        match self {
            QuantileInterval::Mean => Some(DesignCiMethod::Mean),
            QuantileInterval::Beta => Some(DesignCiMethod::Beta),
            QuantileInterval::Xlogit => Some(DesignCiMethod::Xlogit),
            QuantileInterval::Asin => Some(DesignCiMethod::Asin),
            QuantileInterval::Score => None,
        }
    }
}

named!(exact QuantileInterval::as_str, "quantile interval");

impl Design {
    /// The quantiles of `v` per domain, each with Woodruff's interval.
    pub(super) fn quantiles(
        &self,
        e: &Estimand,
        v: &str,
        ps: &[f64],
    ) -> Result<Vec<DesignEstimate>> {
        if ps.is_empty() || ps.len() > MAX_QUANTILES {
            return Err(Error::invalid_argument(
                "quantiles",
                format!("between 1 and at most {MAX_QUANTILES} quantiles"),
                format!("{} quantiles", ps.len()),
            ));
        }
        if let Some(p) = ps.iter().find(|p| !(**p > 0.0 && **p < 1.0)) {
            return Err(Error::invalid_argument(
                "quantiles",
                "probabilities strictly between 0 and 1",
                format!("{p}"),
            ));
        }
        if e.contrast.is_some() {
            return Err(Error::invalid_argument(
                "contrast",
                "no contrast for quantiles (differences of quantiles have no linearised variance here)",
                "a contrast",
            ));
        }
        if self.replicates.is_some() {
            return Err(Error::invalid_argument(
                "estimate",
                "a design with strata and PSUs for quantiles (replicate-weight designs are not supported for quantiles yet)",
                "a replicate-weight design",
            ));
        }
        let x = self.finite_numbers(v)?;
        let codes: Vec<u32> = x
            .iter()
            .map(|x| if x.is_nan() { MISSING } else { 0 })
            .collect();
        let doms = self.domains(e, &[(v, &codes)])?;
        let g = doms.categories.len();
        // Each domain's (value, weight), zero weights dropped as R's qrule does, sorted by
        // value with ties in row order (R's order() is stable).
        let mut sorted: Vec<Vec<(f64, f64)>> = vec![Vec::new(); g];
        let mut n = vec![0u64; g];
        let mut w2 = vec![0.0; g];
        for (i, &d) in doms.code.iter().enumerate() {
            let d = d as usize;
            if d < g {
                n[d] += 1;
                w2[d] += self.weights[i] * self.weights[i];
                if self.weights[i] != 0.0 {
                    sorted[d].push((x[i], self.weights[i]));
                }
            }
        }
        for (d, s) in sorted.iter_mut().enumerate() {
            if s.is_empty() {
                return Err(self.empty_domain(&doms, d));
            }
            s.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let rules: Vec<QuantileRule> = sorted.iter().map(|s| QuantileRule::new(s)).collect();
        let facts = self.domain_facts(&doms);
        let level = e.level.value();
        // The proportions at or below each quantile, on the whole design (as a domain).
        let plain = Estimand {
            contrast: None,
            method: DesignCiMethod::Mean,
            ..e.clone()
        };
        let below = ["le".to_string(), "gt".to_string()];
        let mut out = Vec::with_capacity(g * ps.len());
        let mut per_p: Vec<Vec<DesignEstimate>> = Vec::with_capacity(ps.len());
        for &p in ps {
            let q: Vec<f64> = rules.iter().map(|r| r.quantile(p)).collect();
            let cat: Vec<u32> = (0..self.n_rows())
                .map(|i| {
                    let d = doms.code[i] as usize;
                    u32::from(!(d < g && x[i] <= q[d]))
                })
                .collect();
            let est = self.proportions(&plain, v, &cat, &below, &doms, false)?;
            let mut rows = Vec::with_capacity(g);
            for d in 0..g {
                let f = &est[d * 2];
                let df = facts[d].df;
                let ci = match e.quantile_interval.woodruff() {
                    Some(method) => {
                        let pconf = proportion_ci(
                            method,
                            &PropInput {
                                p: f.estimate,
                                var: f.se * f.se,
                                df: df as f64,
                                level,
                                n_rows: facts[d].n_rows_design,
                                n_eff: f64::NAN,
                                likelihood: None,
                                logit_var: None,
                            },
                        );
                        // R: an end of the proportion's interval outside [0, 1] gives NaN.
                        pconf.and_then(|b| {
                            (b.low() >= 0.0 && b.high() <= 1.0).then(|| {
                                Bounds::new(rules[d].quantile(b.low()), rules[d].quantile(b.high()))
                            })
                        })
                    }
                    None => self.score_interval(
                        &ScoreInput {
                            x: &x,
                            doms: &doms,
                            d,
                            p,
                            df,
                            level,
                            n_rows: facts[d].n_rows_design,
                            plain: &plain,
                            variable: v,
                        },
                        &rules[d],
                    )?,
                };
                let se = match ci {
                    Some(b) if df > 0 => {
                        (b.high() - b.low()) / (2.0 * qt(0.5 + level / 2.0, df as f64))
                    }
                    _ => f64::NAN,
                };
                rows.push(DesignEstimate {
                    group: doms.variable.as_ref().map(|_| doms.categories[d].clone()),
                    contrast: false,
                    variable: v.to_string(),
                    category: Some(format!("{p}")),
                    statistic: Statistic::Quantile,
                    estimate: q[d],
                    se,
                    ci,
                    df,
                    deff: None,
                    deff_wor: None,
                    kish_deff: Some(n[d] as f64 * w2[d] / (f.weighted_n * f.weighted_n)),
                    n: n[d],
                    n_eff: None,
                    weighted_n: f.weighted_n,
                });
            }
            per_p.push(rows);
        }
        // Domains first, quantiles within, as proportions list categories within domains.
        for d in 0..g {
            for rows in &per_p {
                out.push(rows[d].clone());
            }
        }
        Ok(out)
    }
}

/// R survey's `qrule_math` on one domain's sorted values: cumulative weights are summed in
/// double-double precision, nearer R's long-double `cumsum` and `sum` than plain f64 sums,
/// since the rule compares them for equality.
struct QuantileRule<'a> {
    values: &'a [(f64, f64)],
    cum: Vec<f64>,
    total: f64,
}

impl<'a> QuantileRule<'a> {
    fn new(values: &'a [(f64, f64)]) -> QuantileRule<'a> {
        let (mut hi, mut lo) = (0.0f64, 0.0f64);
        let mut cum = Vec::with_capacity(values.len());
        for &(_, w) in values {
            // Knuth's two-sum: hi + lo holds the running sum exactly to ~106 bits.
            let s = hi + w;
            let bp = s - hi;
            let err = (hi - (s - bp)) + (w - bp);
            hi = s;
            lo += err;
            cum.push(hi + lo);
        }
        let total = cum.last().copied().unwrap_or(0.0);
        QuantileRule { values, cum, total }
    }

    /// R: `pos` is the last value whose cumulative weight is ≤ p·Σw (the first when none
    /// is, R's `last()`); the quantile is that value when p − cum/Σw is exactly 0, else the
    /// next one (the same one at the end).
    fn quantile(&self, p: f64) -> f64 {
        let target = p * self.total;
        let pos = self.cum.partition_point(|&c| c <= target).saturating_sub(1);
        let wlow = p - self.cum[pos] / self.total;
        let i = if wlow == 0.0 {
            pos
        } else {
            (pos + 1).min(self.values.len() - 1)
        };
        self.values[i].0
    }
}

/// What the score interval of one quantile in one domain needs.
struct ScoreInput<'a> {
    x: &'a [f64],
    doms: &'a Domains,
    d: usize,
    p: f64,
    df: i64,
    level: f64,
    n_rows: f64,
    plain: &'a Estimand,
    variable: &'a str,
}

impl Design {
    /// R's `ffullerCI`: roots of θ ↦ (F̂ₒ(θ) − (1 − p)) / SE − c for c = ±t, where F̂ₒ(θ)
    /// is the design-based share above θ, then quantiles at the (unweighted) shares of R's
    /// `x` at or below the roots.
    fn score_interval(
        &self,
        s: &ScoreInput<'_>,
        rule: &QuantileRule<'_>,
    ) -> Result<Option<Bounds>> {
        if s.df <= 0 {
            return Ok(None);
        }
        let g = s.doms.categories.len();
        // R's x: the domain's rows (as svyby's subset gives them); on a raked design the
        // subset keeps every row (with weight zero outside the domain), and na.rm sets the
        // missing values to 0 there.
        let xs: Vec<f64> = if self.raking.is_some() {
            s.x.iter()
                .map(|&v| if v.is_nan() { 0.0 } else { v })
                .collect()
        } else {
            s.x.iter()
                .zip(&s.doms.code)
                .filter(|(_, c)| **c as usize == s.d)
                .map(|(&v, _)| v)
                .collect()
        };
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let iqr = r_quantile7(&sorted, 0.75) - r_quantile7(&sorted, 0.25);
        let lower = sorted[0] + iqr / 100.0;
        let upper = sorted[sorted.len() - 1] - iqr / 100.0;
        let tol = 1.0 / (100.0 * s.n_rows.sqrt());
        let t = qt(0.5 + s.level / 2.0, s.df as f64);
        let categories = ["gt".to_string(), "le".to_string()];
        let mut failed = None;
        let mut test = |theta: f64, limit: f64| -> f64 {
            // Category 0: above θ.
            let cat: Vec<u32> = (0..self.n_rows())
                .map(|i| {
                    let dd = s.doms.code[i] as usize;
                    u32::from(!(dd < g && s.x[i] > theta))
                })
                .collect();
            match self.proportions(s.plain, s.variable, &cat, &categories, s.doms, false) {
                Ok(est) => {
                    let r = &est[s.d * 2];
                    (r.estimate - (1.0 - s.p)) / r.se - limit
                }
                Err(e) => {
                    failed = Some(e);
                    f64::NAN
                }
            }
        };
        let lo = zeroin(|th| test(th, t), lower, upper, tol);
        let hi = zeroin(|th| test(th, -t), lower, upper, tol);
        if let Some(e) = failed {
            return Err(e);
        }
        let share = |root: f64| xs.iter().filter(|&&v| v <= root).count() as f64 / xs.len() as f64;
        Ok(match (lo, hi) {
            (Some(a), Some(b)) => Some(Bounds::new(
                rule.quantile(share(a)),
                rule.quantile(share(b)),
            )),
            _ => None,
        })
    }
}

/// R's `quantile(x, p, type = 7)` of sorted values.
fn r_quantile7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let index = 1.0 + (n.max(1) - 1) as f64 * p;
    let lo = index.floor();
    let hi = index.ceil();
    let (xl, xh) = (sorted[lo as usize - 1], sorted[hi as usize - 1]);
    let h = index - lo;
    if index > lo && xh != xl {
        (1.0 - h) * xl + h * xh
    } else {
        xl
    }
}

/// R's `uniroot(f, c(a, b), tol = tol)`: `R_zeroin2` (Brent's method,
/// src/library/stats/src/zeroin.c) step by step, at most 1000 iterations; `None` where R
/// stops with an error (no sign change, a non-number at an end) or gives up.
fn zeroin(mut f: impl FnMut(f64) -> f64, ax: f64, bx: f64, tol: f64) -> Option<f64> {
    let (mut a, mut b) = (ax, bx);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa.is_nan() || fb.is_nan() || fa * fb > 0.0 {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    for _ in 0..=1000 {
        let prev_step = b - a;
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol_act = 2.0 * f64::EPSILON * b.abs() + tol / 2.0;
        let mut new_step = (c - b) / 2.0;
        if new_step.abs() <= tol_act || fb == 0.0 {
            return Some(b);
        }
        if prev_step.abs() >= tol_act && fa.abs() > fb.abs() {
            let cb = c - b;
            let (mut p, mut q);
            if a == c {
                let t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                let qq = fa / fc;
                let t1 = fb / fc;
                let t2 = fb / fa;
                p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1.0));
                q = (qq - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if p < 0.75 * cb * q - (tol_act * q).abs() / 2.0 && p < (prev_step * q / 2.0).abs() {
                new_step = p / q;
            }
        }
        if new_step.abs() < tol_act {
            new_step = if new_step > 0.0 { tol_act } else { -tol_act };
        }
        a = b;
        fa = fb;
        b += new_step;
        fb = f(b);
        if fb.is_nan() {
            return None;
        }
        if (fb > 0.0 && fc > 0.0) || (fb < 0.0 && fc < 0.0) {
            c = a;
            fc = fa;
        }
    }
    None
}
