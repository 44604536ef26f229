//! The variance of a raked design: R `svyrecvar`'s residualisation of influence values
//! on the raking margins. Kept apart from raking itself so that the design (which carries
//! this for its variance) does not depend on the raking module: `rake` → `design` →
//! `raked_variance`, never back.

/// What a raked design keeps for its variance: each row's raking cell, each cell's
/// category in every margin, and the factors of the last sweep (R keeps the weights after
/// each margin's post-stratification in the last sweep; they are the final weights divided
/// by the later margins' last factors).
#[derive(Debug)]
pub(crate) struct RakingInfo {
    pub(crate) combo: Vec<u32>,
    pub(crate) n_combos: usize,
    pub(crate) combo_cat: Vec<u32>,
    pub(crate) n_categories: Vec<usize>,
    pub(crate) last: Vec<Vec<f64>>,
    pub(crate) rows_per_category: Vec<Vec<f64>>,
}

impl RakingInfo {
    /// R `svyrecvar`'s treatment of a raking: ten rounds of, for each margin m,
    /// x ← x − psw_m · ave(x / psw_m, margin m), applied to influence tables over extended
    /// cells (`n_base` base cells × raking cells), which keeps the form
    /// x = w (y a + b): only `b` changes.
    // The indices address several parallel tables (cells, categories, margins) at once.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn residualize(
        &self,
        n_base: usize,
        k: usize,
        b: &mut [f64],
        a: Option<&[f64]>,
        counts: &[f64],
        ysum: Option<&[f64]>,
    ) {
        let nm = self.n_categories.len();
        let nc = self.n_combos;
        // rho[m][combo] = product of later margins' last factors = w / psw_m.
        let rho: Vec<Vec<f64>> = (0..nm)
            .map(|m| {
                (0..nc)
                    .map(|c| {
                        ((m + 1)..nm)
                            .map(|m2| self.last[m2][self.combo_cat[c * nm + m2] as usize])
                            .product()
                    })
                    .collect()
            })
            .collect();
        for _ in 0..10 {
            for m in 0..nm {
                let nl = self.n_categories[m];
                let mut g = vec![0.0; nl * k];
                for base in 0..n_base {
                    for c in 0..nc {
                        let e = base * nc + c;
                        if counts[e] == 0.0 {
                            continue;
                        }
                        let lvl = self.combo_cat[c * nm + m] as usize;
                        let r = rho[m][c];
                        for j in 0..k {
                            let mut x = b[e * k + j] * counts[e];
                            if let (Some(a), Some(ys)) = (a, ysum) {
                                x += a[e * k + j] * ys[e];
                            }
                            g[lvl * k + j] += r * x;
                        }
                    }
                }
                for (lvl, rows) in self.rows_per_category[m].iter().enumerate() {
                    for j in 0..k {
                        if *rows > 0.0 {
                            g[lvl * k + j] /= rows;
                        }
                    }
                }
                for base in 0..n_base {
                    for c in 0..nc {
                        let e = base * nc + c;
                        let lvl = self.combo_cat[c * nm + m] as usize;
                        let r = rho[m][c];
                        for j in 0..k {
                            b[e * k + j] -= g[lvl * k + j] / r;
                        }
                    }
                }
            }
        }
    }

    /// The same residualisation for per-row influence vectors x_i (k values each), as
    /// R `svyrecvar` applies it to an n × k matrix: after it, x_i becomes
    /// x_i − w_i · `h[combo_i]`, and this returns `h` (n_combos × k). Every quantity the
    /// ten rounds need depends on a row only through its raking cell, so the rounds run
    /// on the cells: `s[combo]` = Σ x_i / w_i over the cell's rows, with `w` the design's
    /// (raked) weights.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn row_adjustment(&self, k: usize, s: &[f64]) -> Vec<f64> {
        let nm = self.n_categories.len();
        let nc = self.n_combos;
        let rho = self.rho();
        let mut rows = vec![0.0; nc];
        for &c in &self.combo {
            rows[c as usize] += 1.0;
        }
        let mut h = vec![0.0; nc * k];
        for _ in 0..10 {
            for m in 0..nm {
                let nl = self.n_categories[m];
                let mut g = vec![0.0; nl * k];
                for c in 0..nc {
                    let lvl = self.combo_cat[c * nm + m] as usize;
                    let r = rho[m][c];
                    for j in 0..k {
                        g[lvl * k + j] += r * (s[c * k + j] - rows[c] * h[c * k + j]);
                    }
                }
                for (lvl, n) in self.rows_per_category[m].iter().enumerate() {
                    if *n > 0.0 {
                        for j in 0..k {
                            g[lvl * k + j] /= n;
                        }
                    }
                }
                for c in 0..nc {
                    let lvl = self.combo_cat[c * nm + m] as usize;
                    let r = rho[m][c];
                    for j in 0..k {
                        h[c * k + j] += g[lvl * k + j] / r;
                    }
                }
            }
        }
        h
    }

    /// `rho[m][combo]`: the product of the later margins' last factors, w / psw_m.
    fn rho(&self) -> Vec<Vec<f64>> {
        let nm = self.n_categories.len();
        (0..nm)
            .map(|m| {
                (0..self.n_combos)
                    .map(|c| {
                        ((m + 1)..nm)
                            .map(|m2| self.last[m2][self.combo_cat[c * nm + m2] as usize])
                            .product()
                    })
                    .collect()
            })
            .collect()
    }
}
