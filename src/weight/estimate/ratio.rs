//! Ratios of two totals (R `svyratio`), overall and by domain, on the domain engine.

use super::domain::{answered_sums, answered_tables, wald};
use super::{DesignEstimate, Estimand, Statistic, cell_sums};
use crate::error::{Error, Result};
use crate::weight::data::{BadList, MISSING};
use crate::weight::design::{Design, show};
use crate::weight::engine::{Influence, covariances};

impl Design {
    /// R̂ = Σ wᵢ yᵢ / Σ wᵢ xᵢ per domain, with influence values wᵢ (yᵢ − R̂ xᵢ) / X̂ (R
    /// `svyratio`'s linearisation, residualised on the margins of a raked design as R's
    /// `svyrecvar` does with `postStrata`).
    pub(super) fn ratio(
        &self,
        e: &Estimand,
        numerator: &str,
        denominator: &str,
    ) -> Result<Vec<DesignEstimate>> {
        let y = self.finite_numbers(numerator)?;
        let x = self.finite_numbers(denominator)?;
        let code = |v: &[f64]| -> Vec<u32> {
            v.iter()
                .map(|x| if x.is_nan() { MISSING } else { 0 })
                .collect()
        };
        let (cy, cx) = (code(&y), code(&x));
        let doms = self.domains(e, &[(numerator, &cy), (denominator, &cx)])?;
        let g = doms.categories.len();
        let contrast = self.contrast_categories(e, &doms)?;
        // One answer cell per domain: rows left out (either value missing) sit in domain g.
        let none = vec![0u32; self.n_rows()];
        let (cell, n_base, n_combo) = self.cells(&doms, &none, 1)?;
        let n_cells = n_base * n_combo;
        let in_domain = |i: usize| (doms.code[i] as usize) < g;
        let clean = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, &a)| if in_domain(i) { a } else { 0.0 })
                .collect()
        };
        let (y0, x0) = (clean(&y), clean(&x));
        let sy = cell_sums(&self.weights, &cell, n_cells, Some(&y0));
        let sx = cell_sums(&self.weights, &cell, n_cells, Some(&x0));
        let per = answered_sums(&sy, g, n_combo);
        let ty: Vec<f64> = per.iter().map(|s| s.wy).collect();
        let tx: Vec<f64> = answered_sums(&sx, g, n_combo)
            .iter()
            .map(|s| s.wy)
            .collect();
        for d in 0..g {
            if per[d].n == 0 {
                return Err(self.empty_domain(&doms, d));
            }
            if tx[d] == 0.0 || !tx[d].is_finite() {
                return Err(Error::invalid_argument(
                    format!("ratio {numerator}/{denominator}"),
                    "a denominator whose weighted total is not zero",
                    match &doms.variable {
                        Some(v) => format!(
                            "a total of {} for {denominator} in {v} = {}",
                            show(tx[d]),
                            doms.categories[d]
                        ),
                        None => format!("a total of {} for {denominator}", show(tx[d])),
                    },
                ));
            }
        }
        let r: Vec<f64> = (0..g).map(|d| ty[d] / tx[d]).collect();
        // The linearised variable yᵢ − R̂_d xᵢ of each row's domain; the influence value is
        // wᵢ times it over X̂_d, which the `a` table carries.
        let lin: Vec<f64> = (0..self.n_rows())
            .map(|i| {
                let d = doms.code[i] as usize;
                if d < g { y0[i] - r[d] * x0[i] } else { 0.0 }
            })
            .collect();
        let k_main = g;
        let (a, mut b, k) = answered_tables(n_cells, n_combo, g, contrast, |d| (1.0 / tx[d], 0.0));
        if let Some(rk) = &self.raking {
            let sl = cell_sums(&self.weights, &cell, n_cells, Some(&lin));
            let counts: Vec<f64> = sl.iter().map(|s| s.n as f64).collect();
            let lsum: Vec<f64> = sl.iter().map(|s| s.y).collect();
            rk.residualize(n_base, k, &mut b, Some(&a), &counts, Some(&lsum));
        }
        let facts = self.domain_facts(&doms);
        let pairs =
            super::domain::variance_pairs(&facts[..g], contrast.is_some().then_some(k_main));
        let inf = Influence {
            cell: &cell,
            n_cells,
            k,
            b,
            a: Some((&lin, a)),
        };
        let var = match &self.replicates {
            // Replication (R svyratio.svyrep.design): the ratio of each replicate's totals.
            Some(rep) => {
                // Each domain's total of the variable; the weights' sums are not needed.
                let totals = |_w_ext: &[f64], wv_ext: &[f64]| -> Vec<f64> {
                    (0..g)
                        .map(|d| wv_ext[d * 2 * n_combo..(d * 2 + 1) * n_combo].iter().sum())
                        .collect()
                };
                let (ty_r, ty_full) = rep.estimates(&cell, &sy, Some(&y0), totals);
                let (tx_r, tx_full) = rep.estimates(&cell, &sx, Some(&x0), totals);
                let ratios = |ty: &[f64], tx: &[f64]| -> Vec<f64> {
                    let mut out: Vec<f64> = (0..g).map(|d| ty[d] / tx[d]).collect();
                    if let Some((da, db)) = contrast {
                        out.push(out[da] - out[db]);
                    }
                    out
                };
                let thetas: Vec<Vec<f64>> =
                    ty_r.iter().zip(&tx_r).map(|(a, b)| ratios(a, b)).collect();
                rep.variances(&thetas, &ratios(&ty_full, &tx_full))
            }
            None => covariances(&self.layout, &self.weights, &inf, &pairs),
        };
        let variable = format!("{numerator}/{denominator}");
        let mut out: Vec<DesignEstimate> = (0..g)
            .map(|d| {
                let v = var[d].max(0.0);
                let df = facts[d].frame_df;
                DesignEstimate {
                    group: doms.variable.as_ref().map(|_| doms.categories[d].clone()),
                    contrast: false,
                    variable: variable.clone(),
                    category: None,
                    statistic: Statistic::Ratio,
                    estimate: r[d],
                    se: v.sqrt(),
                    ci: wald(r[d], v, df, e.level.value()),
                    df,
                    deff: None,
                    deff_wor: None,
                    kish_deff: Some(per[d].n as f64 * per[d].w2 / (per[d].w * per[d].w)),
                    n: per[d].n,
                    n_eff: None,
                    weighted_n: per[d].w,
                }
            })
            .collect();
        if let Some((da, db)) = contrast {
            out.push(self.contrast_row(
                &doms,
                da,
                db,
                &variable,
                None,
                r[da] - r[db],
                var[k_main].max(0.0),
                e.level.value(),
                Statistic::Ratio,
            ));
        }
        Ok(out)
    }

    /// A numeric column with no infinite values (missing values stay NaN).
    pub(super) fn finite_numbers(&self, v: &str) -> Result<Vec<f64>> {
        let y = self.data.numbers(v)?;
        let mut bad = BadList::default();
        for (i, &x) in y.iter().enumerate() {
            if x.is_infinite() {
                bad.push(i, || show(x));
            }
        }
        bad.error(&self.data, v, "a finite number")?;
        Ok(y.into_owned())
    }
}
