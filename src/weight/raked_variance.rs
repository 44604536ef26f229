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
    pub(crate) n_levels: Vec<usize>,
    pub(crate) last: Vec<Vec<f64>>,
    pub(crate) rows_per_level: Vec<Vec<f64>>,
}

impl RakingInfo {
    /// R `svyrecvar`'s treatment of a raking: ten rounds of, for each margin m,
    /// x ← x − psw_m · ave(x / psw_m, margin m), applied to influence tables over extended
    /// cells (`n_base` base cells × raking cells), which keeps the form
    /// x = w (y a + b): only `b` changes.
    // The indices address several parallel tables (cells, levels, margins) at once.
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
        let nm = self.n_levels.len();
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
                let nl = self.n_levels[m];
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
                for (lvl, rows) in self.rows_per_level[m].iter().enumerate() {
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
}
