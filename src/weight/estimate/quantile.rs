//! Quantiles with Woodruff's intervals (R survey 4.1 `svyquantile`, `qrule = "math"`), on
//! the domain engine: the proportion below the quantile is estimated as any proportion.

use super::estimand::MAX_QUANTILES;
use super::{DesignEstimate, Estimand, Statistic};
use crate::error::{Error, Result};
use crate::stats::Bounds;
use crate::stats::dist::qt;
use crate::weight::data::MISSING;
use crate::weight::design::Design;
use crate::weight::interval::{DesignCiMethod, PropInput, proportion_ci};

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
        if !matches!(
            e.method,
            DesignCiMethod::Mean
                | DesignCiMethod::Beta
                | DesignCiMethod::Xlogit
                | DesignCiMethod::Asin
        ) {
            return Err(Error::invalid_argument(
                "interval",
                "mean, beta, xlogit or asin for quantiles (R svyquantile interval.type)",
                e.method.as_str(),
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
                let pconf = proportion_ci(
                    e.method,
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
                let ci = pconf.and_then(|b| {
                    (b.low() >= 0.0 && b.high() <= 1.0).then(|| {
                        Bounds::new(rules[d].quantile(b.low()), rules[d].quantile(b.high()))
                    })
                });
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
