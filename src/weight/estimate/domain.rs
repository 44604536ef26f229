//! The domain engine: turns an [`Estimand`] into [`DesignEstimates`] on a [`Design`] —
//! domains as R's `svyby` forms them, influence values, variances through the shared
//! engine, design effects and intervals.

use super::estimand::What;
use super::{DesignEstimate, DesignEstimates, Estimand, Statistic};
use crate::error::{Error, ErrorKind, Result};
use crate::stats::Bounds;
use crate::stats::dist::qt;
use crate::weight::data::{BadList, MISSING, has_text};
use crate::weight::design::{Design, show};
use crate::weight::engine::{Influence, Pair, Presence, covariances};
use crate::weight::interval::{DesignCiMethod, LikelihoodInput, PropInput, proportion_ci};

/// The domain of each row: `G` (one past the last category) for rows left out.
pub(super) struct Domains {
    /// Rows with an answer in each domain (missing answers and groups left out).
    pub(super) code: Vec<u32>,
    /// Rows of each domain whatever their answer (missing groups left out): the design R
    /// passes to `svyciprop` when `na.rm = TRUE` drops answers inside it.
    pub(super) frame: Vec<u32>,
    pub(super) categories: Vec<String>,
    pub(super) variable: Option<String>,
    /// [`Design::domain_facts`], worked out once: a quantile's score interval estimates
    /// proportions in the same domains at every step of its root finder.
    facts: std::cell::OnceCell<Vec<DomainFacts>>,
}

impl Design {
    /// Computes an [`Estimand`]'s estimates.
    ///
    /// # Errors
    /// A variable that was not read, or read with the wrong kind; a missing value without
    /// [`Estimand::na_rm`] (with its rows); an indicator that is not 0 or 1; a
    /// non-finite value; a contrast without `by` or with an unknown category; an empty domain.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let spec = DesignSpec::new().weight("w");
    /// let m = Estimand::mean("age");
    /// let csv = "w,age\n1,20\n3,40\n";
    /// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&m.columns()))?;
    /// let est = spec.build(data)?.estimate(&m)?;
    /// assert_eq!(est.rows()[0].estimate(), 35.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self, e: &Estimand) -> Result<DesignEstimates> {
        if e.contrast.is_some() && e.by.is_none() {
            return Err(Error::invalid_argument(
                "contrast",
                "a grouping variable (by) whose categories it compares",
                "no by variable",
            ));
        }
        if self.replicates.is_some() && e.method == DesignCiMethod::Likelihood {
            return Err(Error::invalid_argument(
                "interval",
                "logit, beta, mean, xlogit, asin or wilson on a replicate-weight design (R gives NA for svyciprop(method = \"likelihood\") on a svrepdesign, survey 4.1.1)",
                "likelihood",
            ));
        }
        let mut rows = Vec::new();
        let method = match &e.what {
            What::Proportions(v) => {
                rows.extend(self.categorical(e, v, false)?);
                Some(e.method)
            }
            What::CategoryTotals(v) => {
                rows.extend(self.categorical(e, v, true)?);
                None
            }
            // A text column: the total of each category (R svytotal(~factor(v))); numbers
            // read as categories are a number's total.
            What::Total(v) if self.data.category(v).is_ok_and(|(_, c)| has_text(c)) => {
                rows.extend(self.categorical(e, v, true)?);
                None
            }
            What::Ratio {
                numerator,
                denominator,
            } => {
                rows.extend(self.ratio(e, numerator, denominator)?);
                None
            }
            What::Quantiles(v, ps) => {
                rows.extend(self.quantiles(e, v, ps)?);
                None
            }
            What::Indicators(cols) => {
                for v in cols {
                    let y = self.data.numbers(v)?;
                    let mut bad = BadList::default();
                    for (i, &x) in y.iter().enumerate() {
                        if !(x.is_nan() || x == 0.0 || x == 1.0) {
                            bad.push(i, || show(x));
                        }
                    }
                    bad.error(&self.data, v, "0 or 1 (an indicator)")?;
                    let codes: Vec<u32> = y
                        .iter()
                        .map(|&x| if x.is_nan() { MISSING } else { x as u32 })
                        .collect();
                    let doms = self.domains(e, &[(v.as_str(), &codes)])?;
                    let categories = ["0".to_string(), "1".to_string()];
                    let est = self.proportions(e, v, &codes, &categories, &doms, false)?;
                    rows.extend(est.into_iter().filter(|r| r.category() == Some("1")));
                }
                Some(e.method)
            }
            What::Mean(v) | What::Total(v) => {
                let y = self.data.numbers(v)?;
                let mut bad = BadList::default();
                for (i, &x) in y.iter().enumerate() {
                    if x.is_infinite() {
                        bad.push(i, || show(x));
                    }
                }
                bad.error(&self.data, v, "a finite number")?;
                let codes: Vec<u32> = y
                    .iter()
                    .map(|&x| if x.is_nan() { MISSING } else { 0 })
                    .collect();
                let doms = self.domains(e, &[(v.as_str(), &codes)])?;
                let total = matches!(e.what, What::Total(_));
                rows.extend(self.numeric(e, v, &y, total, &doms)?);
                None
            }
        };
        Ok(DesignEstimates {
            rows,
            level: e.level,
            method,
        })
    }

    /// Proportions (or, with `total`, totals) of each category of a categorical column.
    fn categorical(&self, e: &Estimand, v: &str, total: bool) -> Result<Vec<DesignEstimate>> {
        let (codes, categories) = self.data.category(v)?;
        let mut parts = vec![(v, categories.len())];
        if let Some(by) = &e.by {
            parts.push((by.as_str(), self.data.category(by)?.1.len()));
        }
        self.check_categories(&parts)?;
        let doms = self.domains(e, &[(v, codes)])?;
        self.proportions(e, v, codes, categories, &doms, total)
    }

    /// Domain codes for the estimand, with rows left out (missing values under `na_rm`)
    /// coded `G`; errors for missing values otherwise.
    pub(super) fn domains(&self, e: &Estimand, vars: &[(&str, &[u32])]) -> Result<Domains> {
        let n = self.n_rows();
        let (mut code, categories, variable) = match &e.by {
            Some(by) => {
                let (codes, categories) = self.data.category(by)?;
                self.check_categories(&[(by.as_str(), categories.len())])?;
                (codes.to_vec(), categories.to_vec(), Some(by.clone()))
            }
            None => (vec![0u32; n], vec!["(all)".to_string()], None),
        };
        let g = categories.len() as u32;
        if !e.na_rm {
            if let Some(by) = &e.by {
                BadList::missing(&code).error(
                    &self.data,
                    by,
                    "a group (pass na_rm to leave out respondents without one)",
                )?;
            }
            for (name, v) in vars {
                BadList::missing(v).error(
                    &self.data,
                    name,
                    "an answer (pass na_rm to leave out missing answers)",
                )?;
            }
        }
        for c in code.iter_mut() {
            if *c == MISSING {
                *c = g;
            }
        }
        let frame = code.clone();
        for (i, c) in code.iter_mut().enumerate() {
            if vars.iter().any(|(_, v)| v[i] == MISSING) {
                *c = g;
            }
        }
        Ok(Domains {
            code,
            frame,
            categories,
            variable,
            facts: std::cell::OnceCell::new(),
        })
    }

    /// Cell ids over (domain incl. "left out", category incl. "missing", raking cell).
    pub(super) fn cells(
        &self,
        doms: &Domains,
        cat: &[u32],
        n_cat: usize,
    ) -> Result<(Vec<u32>, usize, usize)> {
        let kk = n_cat + 1;
        let n_base = (doms.categories.len() + 1) * kk;
        let (combo, n_combo): (Option<&[u32]>, usize) = match &self.raking {
            Some(r) => (Some(&r.combo), r.n_combos),
            None => (None, 1),
        };
        // Every cell id below fits in u32 once the count does.
        crate::weight::limits::cell_count(
            n_base.checked_mul(n_combo),
            "groups × categories × raking cells",
        )?;
        let cell: Vec<u32> = (0..self.n_rows())
            .map(|i| {
                let c = if cat[i] == MISSING {
                    n_cat as u32
                } else {
                    cat[i]
                };
                let base = doms.code[i] as usize * kk + c as usize;
                let ext = base * n_combo + combo.map_or(0, |cb| cb[i] as usize);
                ext as u32
            })
            .collect();
        Ok((cell, n_base, n_combo))
    }

    /// Per-domain design facts: PSUs and strata holding rows of the domain (worked out on
    /// the first call for these domains).
    pub(super) fn domain_facts<'d>(&self, doms: &'d Domains) -> &'d [DomainFacts] {
        doms.facts.get_or_init(|| self.work_out_domain_facts(doms))
    }

    fn work_out_domain_facts(&self, doms: &Domains) -> Vec<DomainFacts> {
        let g = doms.categories.len();
        let answered = self.facts_of(&doms.code, g);
        let frame = self.facts_of(&doms.frame, g);
        let n_missing = doms
            .code
            .iter()
            .zip(&doms.frame)
            .filter(|(c, f)| c != f)
            .count() as f64;
        let weights = &self.weights;
        let mut frame_w = vec![0.0; g + 1];
        for (i, &f) in doms.frame.iter().enumerate() {
            frame_w[f as usize] += weights[i];
        }
        answered
            .into_iter()
            .zip(frame)
            .enumerate()
            .map(|(d, (a, f))| DomainFacts {
                model_rows: if self.raking.is_some() {
                    self.n_rows() as f64 - n_missing
                } else {
                    a.n_rows_design
                },
                frame_df: f.df,
                frame_rows: f.n_rows_design,
                frame_w: frame_w[d],
                ..a
            })
            .collect()
    }

    /// The design facts of the whole sample: the design's own df, every stratum present.
    pub(crate) fn whole_facts(&self) -> DomainFacts {
        let n = self.n_rows() as f64;
        DomainFacts {
            df: self.df(),
            presence: Presence::All,
            n_rows_design: n,
            frame_df: self.df(),
            frame_rows: n,
            frame_w: 0.0,
            model_rows: n,
        }
    }

    /// Per-domain design facts of rows coded by domain (`g` for rows left out); also the
    /// regression's, whose fit rows are a domain of the design.
    pub(crate) fn facts_of(&self, code: &[u32], g: usize) -> Vec<DomainFacts> {
        let layout = &self.layout;
        let new = |df, presence, n_rows_design| DomainFacts {
            df,
            presence,
            n_rows_design,
            frame_df: df,
            frame_rows: n_rows_design,
            frame_w: 0.0,
            model_rows: n_rows_design,
        };
        // The whole sample, nobody left out: the design's own facts.
        if g == 1 && !code.contains(&1) {
            return vec![self.whole_facts()];
        }
        let n_strata = layout.n_strata();
        let mut strata_seen = vec![false; (g + 1) * n_strata];
        let mut psu_seen: Option<Vec<bool>> = layout
            .psu
            .as_ref()
            .map(|_| vec![false; (g + 1) * layout.n_psu_total() as usize]);
        let mut rows = vec![0u64; g + 1];
        let n_psu = layout.n_psu_total() as usize;
        for i in 0..self.n_rows() {
            let d = code[i] as usize;
            rows[d] += 1;
            strata_seen[d * n_strata + layout.stratum[i] as usize] = true;
            if let Some(seen) = psu_seen.as_mut() {
                seen[d * n_psu + layout.psu_of(i)] = true;
            }
        }
        (0..g)
            .map(|d| {
                let present: Vec<bool> = strata_seen[d * n_strata..(d + 1) * n_strata].to_vec();
                let n_strata_d = present.iter().filter(|&&x| x).count() as i64;
                let n_psu_d = match &psu_seen {
                    Some(seen) => seen[d * n_psu..(d + 1) * n_psu]
                        .iter()
                        .filter(|&&x| x)
                        .count() as i64,
                    None => rows[d] as i64,
                };
                new(
                    // A replicate design's df is the design's (R: degf of the design).
                    if self.replicates.is_some() {
                        self.df()
                    } else {
                        n_psu_d - n_strata_d
                    },
                    if self.raking.is_some() {
                        Presence::All
                    } else {
                        Presence::Strata(present)
                    },
                    if self.raking.is_some() {
                        self.n_rows() as f64
                    } else {
                        rows[d] as f64
                    },
                )
            })
            .collect()
    }

    pub(super) fn empty_domain(&self, doms: &Domains, d: usize) -> Error {
        let category = doms.categories[d].clone();
        match &doms.variable {
            Some(v) => self.data.placed(
                ErrorKind::EmptyDomain {
                    variable: v.clone(),
                    category,
                    reason: ", all with a missing answer".into(),
                },
                v,
            ),
            None => Error::new(ErrorKind::EmptyDomain {
                variable: "(all)".into(),
                category,
                reason: ": every answer is missing".into(),
            }),
        }
    }

    pub(super) fn contrast_categories(
        &self,
        e: &Estimand,
        doms: &Domains,
    ) -> Result<Option<(usize, usize)>> {
        let Some((a, b)) = &e.contrast else {
            return Ok(None);
        };
        let find = |l: &str| {
            doms.categories.iter().position(|x| x == l).ok_or_else(|| {
                Error::unknown_name(
                    format!(
                        "category of {}",
                        doms.variable.as_deref().unwrap_or("the grouping variable")
                    ),
                    l,
                    doms.categories.iter().cloned(),
                )
            })
        };
        let (ia, ib) = (find(a)?, find(b)?);
        if ia == ib {
            return Err(Error::invalid_argument(
                "contrast",
                "two different categories",
                format!("{a} and {b}"),
            ));
        }
        Ok(Some((ia, ib)))
    }

    pub(super) fn proportions(
        &self,
        e: &Estimand,
        variable: &str,
        cat: &[u32],
        categories: &[String],
        doms: &Domains,
        total: bool,
    ) -> Result<Vec<DesignEstimate>> {
        let g = doms.categories.len();
        let kc = categories.len();
        let kk = kc + 1;
        let contrast = self.contrast_categories(e, doms)?;
        let (cell, n_base, n_combo) = self.cells(doms, cat, kc)?;
        let n_cells = n_base * n_combo;
        let lik = e.method == DesignCiMethod::Likelihood;
        let sums = cell_sums(&self.weights, &cell, n_cells, None);
        // Aggregate over raking cells: per (domain, category).
        let mut wsum = vec![0.0; (g + 1) * kk];
        let mut w2 = vec![0.0; (g + 1) * kk];
        let mut count = vec![0u64; (g + 1) * kk];
        for base in 0..n_base {
            for c in 0..n_combo {
                let s = &sums[base * n_combo + c];
                wsum[base] += s.w;
                w2[base] += s.w2;
                count[base] += s.n;
            }
        }
        let facts = self.domain_facts(doms);
        let mut dom_w = vec![0.0; g];
        let mut dom_n = vec![0u64; g];
        let mut dom_w2 = vec![0.0; g];
        for d in 0..g {
            for c in 0..kc {
                dom_w[d] += wsum[d * kk + c];
                dom_n[d] += count[d * kk + c];
                dom_w2[d] += w2[d * kk + c];
            }
            if dom_n[d] == 0 {
                return Err(self.empty_domain(doms, d));
            }
        }
        // Statistics: (d, c) for every domain and category, then contrasts per category.
        let k_main = g * kc;
        let k = k_main + if contrast.is_some() { kc } else { 0 };
        let p = |d: usize, c: usize| wsum[d * kk + c] / dom_w[d];
        let mut b = vec![0.0; n_cells * k];
        for base in 0..n_base {
            let (d, c) = (base / kk, base % kk);
            if d >= g || c >= kc {
                continue;
            }
            for cc in 0..kc {
                let v = if total {
                    f64::from(u8::from(c == cc))
                } else {
                    (f64::from(u8::from(c == cc)) - p(d, cc)) / dom_w[d]
                };
                for combo in 0..n_combo {
                    let cellid = base * n_combo + combo;
                    b[cellid * k + d * kc + cc] = v;
                    let s = contrast_sign(d, contrast);
                    if s != 0.0 {
                        b[cellid * k + k_main + cc] = s * v;
                    }
                }
            }
        }
        if let Some(r) = &self.raking {
            let counts: Vec<f64> = sums.iter().map(|s| s.n as f64).collect();
            r.residualize(n_base, k, &mut b, None, &counts, None);
        }
        let mut pairs: Vec<Pair> = Vec::with_capacity(k);
        for (d, fact) in facts.iter().enumerate().take(g) {
            for c in 0..kc {
                pairs.push(Pair {
                    a: d * kc + c,
                    b: d * kc + c,
                    presence: fact.presence.clone(),
                });
            }
        }
        for c in 0..kc {
            if contrast.is_some() {
                pairs.push(Pair {
                    a: k_main + c,
                    b: k_main + c,
                    presence: Presence::All,
                });
            }
        }
        let inf = Influence {
            cell: &cell,
            n_cells,
            k,
            b,
            a: None,
        };
        let mut logit_var: Vec<f64> = Vec::new();
        let var = match &self.replicates {
            // Replication: every statistic recomputed with each replicate's weights.
            Some(rep) => {
                let theta = |w_ext: &[f64]| -> Vec<f64> {
                    // Per (domain, category), over raking cells.
                    let w_cell: Vec<f64> = (0..n_base)
                        .map(|b| w_ext[b * n_combo..(b + 1) * n_combo].iter().sum())
                        .collect();
                    let mut out = vec![0.0; k];
                    let dom: Vec<f64> = (0..g)
                        .map(|d| (0..kc).map(|c| w_cell[d * kk + c]).sum())
                        .collect();
                    for d in 0..g {
                        for c in 0..kc {
                            out[d * kc + c] = if total {
                                w_cell[d * kk + c]
                            } else {
                                w_cell[d * kk + c] / dom[d]
                            };
                        }
                    }
                    if let Some((da, db)) = contrast {
                        for c in 0..kc {
                            out[k_main + c] = out[da * kc + c] - out[db * kc + c];
                        }
                    }
                    out
                };
                let (thetas, full) = rep.estimates(&cell, &sums, None, |w, _| theta(w));
                // R's logit interval replicates logit(p̂), one proportion at a time.
                let logit = |p: f64| (p / (1.0 - p)).ln();
                logit_var = (0..if total { 0 } else { k_main })
                    .map(|j| {
                        let t: Vec<Vec<f64>> = thetas.iter().map(|r| vec![logit(r[j])]).collect();
                        rep.variances(&t, &[logit(full[j])])[0]
                    })
                    .collect();
                rep.variances(&thetas, &full)
            }
            None => covariances(&self.layout, &self.weights, &inf, &pairs),
        };
        let mut out = Vec::with_capacity(pairs.len());
        for d in 0..g {
            let n_d = dom_n[d] as f64;
            for c in 0..kc {
                let v = var[d * kc + c].max(0.0);
                let pp = p(d, c);
                let mut svyvar = pp * (1.0 - pp) * n_d / (n_d - 1.0);
                if total {
                    svyvar *= dom_w[d] * dom_w[d];
                }
                let dstats = DeffInput {
                    v,
                    svyvar,
                    n: n_d,
                    psum: dom_w[d],
                };
                let (deff, deff_wor) = dstats.deffs();
                let n_eff = deff.map(|x| n_d / x);
                let likelihood = lik.then(|| {
                    let m = facts[d].frame_w / facts[d].frame_rows;
                    LikelihoodInput {
                        s1: wsum[d * kk + c] / m,
                        s0: (dom_w[d] - wsum[d * kk + c]) / m,
                        // svyvar of R's Pearson residuals for svyglm, (y − μ)/√(μ(1 − μ)),
                        // whose weighted mean is 0 and mean square 1 at μ = p̂, times
                        // √(W/w′) squared: R scales them by the glm's weights W (rescaled by
                        // the mean weight of the domain's rows) over the weights w′ of the
                        // design without the missing answers (rescaled by its own mean),
                        // which differ when answers are missing.
                        dispersion: n_d / (n_d - 1.0) * (dom_w[d] / facts[d].n_rows_design) / m,
                        n_rows: facts[d].model_rows,
                    }
                });
                let ci = if total {
                    wald(wsum[d * kk + c], v, facts[d].frame_df, e.level.value())
                } else {
                    proportion_ci(
                        e.method,
                        &PropInput {
                            p: pp,
                            var: v,
                            df: facts[d].frame_df as f64,
                            level: e.level.value(),
                            n_rows: facts[d].frame_rows,
                            n_eff: n_eff.unwrap_or(f64::NAN),
                            likelihood,
                            logit_var: logit_var.get(d * kc + c).copied(),
                        },
                    )
                };
                let (statistic, estimate) = if total {
                    (Statistic::Total, wsum[d * kk + c])
                } else {
                    (Statistic::Proportion, pp)
                };
                out.push(DesignEstimate {
                    group: doms.variable.as_ref().map(|_| doms.categories[d].clone()),
                    contrast: false,
                    variable: variable.to_string(),
                    category: Some(categories[c].clone()),
                    statistic,
                    estimate,
                    se: v.sqrt(),
                    ci,
                    df: facts[d].frame_df,
                    deff,
                    deff_wor,
                    kish_deff: Some(n_d * dom_w2[d] / (dom_w[d] * dom_w[d])),
                    n: dom_n[d],
                    n_eff,
                    weighted_n: dom_w[d],
                });
            }
        }
        if let Some((da, db)) = contrast {
            for c in 0..kc {
                let v = var[k_main + c].max(0.0);
                let est = if total {
                    wsum[da * kk + c] - wsum[db * kk + c]
                } else {
                    p(da, c) - p(db, c)
                };
                out.push(self.contrast_row(
                    doms,
                    da,
                    db,
                    variable,
                    Some(&categories[c]),
                    est,
                    v,
                    e.level.value(),
                    if total {
                        Statistic::Total
                    } else {
                        Statistic::Proportion
                    },
                ));
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn contrast_row(
        &self,
        doms: &Domains,
        da: usize,
        db: usize,
        variable: &str,
        category: Option<&String>,
        est: f64,
        v: f64,
        conf: f64,
        statistic: Statistic,
    ) -> DesignEstimate {
        let df = self.df();
        let se = v.sqrt();
        let ci = wald(est, v, df, conf);
        DesignEstimate {
            group: Some(format!("{}-{}", doms.categories[da], doms.categories[db])),
            contrast: true,
            variable: variable.to_string(),
            category: category.cloned(),
            statistic,
            estimate: est,
            se,
            ci,
            df,
            deff: None,
            deff_wor: None,
            kish_deff: None,
            n: 0,
            n_eff: None,
            weighted_n: 0.0,
        }
    }

    fn numeric(
        &self,
        e: &Estimand,
        variable: &str,
        y: &[f64],
        total: bool,
        doms: &Domains,
    ) -> Result<Vec<DesignEstimate>> {
        let g = doms.categories.len();
        let contrast = self.contrast_categories(e, doms)?;
        let missing: Vec<u32> = y
            .iter()
            .map(|x| if x.is_nan() { MISSING } else { 0 })
            .collect();
        let (cell, n_base, n_combo) = self.cells(doms, &missing, 1)?;
        let n_cells = n_base * n_combo;
        // Missing values contribute nothing; keep them out of products with zero.
        let y_clean: std::borrow::Cow<'_, [f64]> = if y.iter().any(|x| x.is_nan()) {
            std::borrow::Cow::Owned(
                y.iter()
                    .map(|&x| if x.is_nan() { 0.0 } else { x })
                    .collect(),
            )
        } else {
            std::borrow::Cow::Borrowed(y)
        };
        let sums = cell_sums(&self.weights, &cell, n_cells, Some(&y_clean));
        let facts = self.domain_facts(doms);
        let per = answered_sums(&sums, g, n_combo);
        let w: Vec<f64> = per.iter().map(|s| s.w).collect();
        let wy: Vec<f64> = per.iter().map(|s| s.wy).collect();
        if let Some(d) = per.iter().position(|s| s.n == 0) {
            return Err(self.empty_domain(doms, d));
        }
        let k_main = g;
        let mean = |d: usize| wy[d] / w[d];
        let (a, mut b, k) = answered_tables(n_cells, n_combo, g, contrast, |d| {
            if total {
                (1.0, 0.0)
            } else {
                (1.0 / w[d], -mean(d) / w[d])
            }
        });
        if let Some(r) = &self.raking {
            let counts: Vec<f64> = sums.iter().map(|s| s.n as f64).collect();
            let ysum: Vec<f64> = sums.iter().map(|s| s.y).collect();
            r.residualize(n_base, k, &mut b, Some(&a), &counts, Some(&ysum));
        }
        let pairs = variance_pairs(&facts[..g], contrast.is_some().then_some(k_main));
        let inf = Influence {
            cell: &cell,
            n_cells,
            k,
            b,
            a: Some((&y_clean, a)),
        };
        let var = match &self.replicates {
            // Replication: every statistic recomputed with each replicate's weights.
            Some(rep) => {
                let theta = |w_ext: &[f64], wy_ext: &[f64]| -> Vec<f64> {
                    let mut out = vec![0.0; k];
                    for d in 0..g {
                        // Cell (domain d, answer present), over raking cells.
                        let b = d * 2;
                        let sw: f64 = w_ext[b * n_combo..(b + 1) * n_combo].iter().sum();
                        let swy: f64 = wy_ext[b * n_combo..(b + 1) * n_combo].iter().sum();
                        out[d] = if total { swy } else { swy / sw };
                    }
                    if let Some((da, db)) = contrast {
                        out[k_main] = out[da] - out[db];
                    }
                    out
                };
                let (thetas, full) = rep.estimates(&cell, &sums, Some(&y_clean), theta);
                rep.variances(&thetas, &full)
            }
            None => covariances(&self.layout, &self.weights, &inf, &pairs),
        };
        let statistic = if total {
            Statistic::Total
        } else {
            Statistic::Mean
        };
        let mut out = Vec::new();
        for d in 0..g {
            let v = var[d].max(0.0);
            let n_d = per[d].n as f64;
            let m = mean(d);
            // svyvar: weighted variance × n/(n − 1).
            let s2 = ((per[d].wyy - w[d] * m * m) / w[d]).max(0.0) * n_d / (n_d - 1.0);
            let svyvar = if total { s2 * w[d] * w[d] } else { s2 };
            let (deff, deff_wor) = DeffInput {
                v,
                svyvar,
                n: n_d,
                psum: w[d],
            }
            .deffs();
            let est = if total { wy[d] } else { m };
            let df = facts[d].frame_df;
            let se = v.sqrt();
            let ci = wald(est, v, df, e.level.value());
            out.push(DesignEstimate {
                group: doms.variable.as_ref().map(|_| doms.categories[d].clone()),
                contrast: false,
                variable: variable.to_string(),
                category: None,
                statistic,
                estimate: est,
                se,
                ci,
                df,
                deff,
                deff_wor,
                kish_deff: Some(n_d * per[d].w2 / (w[d] * w[d])),
                n: per[d].n,
                n_eff: deff.map(|x| n_d / x),
                weighted_n: w[d],
            });
        }
        if let Some((da, db)) = contrast {
            let v = var[k_main].max(0.0);
            let est = if total {
                wy[da] - wy[db]
            } else {
                mean(da) - mean(db)
            };
            out.push(self.contrast_row(
                doms,
                da,
                db,
                variable,
                None,
                est,
                v,
                e.level.value(),
                statistic,
            ));
        }
        Ok(out)
    }
}

/// The Wald interval est ± t(df)·√v (R `confint(..., df = degf(design))`); none for
/// df ≤ 0.
pub(super) fn wald(est: f64, v: f64, df: i64, level: f64) -> Option<Bounds> {
    (df > 0).then(|| {
        let t = qt(0.5 + level / 2.0, df as f64);
        let se = v.sqrt();
        Bounds::new(est - t * se, est + t * se)
    })
}

/// The variances a numeric statistic's domains need: one per domain (seeing the strata that
/// hold the domain, for the `average` lonely-PSU policy), and the contrast's at `contrast`
/// (over every stratum) when there is one.
pub(super) fn variance_pairs(facts: &[DomainFacts], contrast: Option<usize>) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = facts
        .iter()
        .enumerate()
        .map(|(d, f)| Pair {
            a: d,
            b: d,
            presence: f.presence.clone(),
        })
        .collect();
    if let Some(k) = contrast {
        pairs.push(Pair {
            a: k,
            b: k,
            presence: Presence::All,
        });
    }
    pairs
}

/// What R's functions see of a domain's design. `df` and `n_rows_design` are of the rows
/// with an answer (R `svyquantile(na.rm = TRUE)` drops the others before `degf()`); the
/// `frame_` facts are of the domain's rows whatever their answer, which is what
/// `svyciprop(..., na.rm = TRUE)` uses: `degf(design)` for the interval, `nrow(design)` in
/// the beta method's effective n, and the mean weight of the design in `svyglm`'s rescaled
/// weights, while `svyglm`'s model frame (the likelihood profile's n) holds the rows with
/// an answer.
pub(crate) struct DomainFacts {
    pub(crate) df: i64,
    pub(crate) presence: Presence,
    pub(super) n_rows_design: f64,
    pub(super) frame_df: i64,
    pub(super) frame_rows: f64,
    pub(super) frame_w: f64,
    pub(super) model_rows: f64,
}

/// Inputs of R's two design effects.
struct DeffInput {
    v: f64,
    /// `svyvar` of the variable (for totals, × (Σw)²).
    svyvar: f64,
    n: f64,
    psum: f64,
}

impl DeffInput {
    /// (with replacement, without replacement); `None` where R gives NaN, NA or Inf.
    fn deffs(&self) -> (Option<f64>, Option<f64>) {
        let finite = |x: f64| x.is_finite().then_some(x);
        let replace = finite(self.v / (self.svyvar / self.n));
        let wor = if self.psum <= self.n {
            None
        } else {
            finite(self.v / (self.svyvar * (self.psum - self.n) / (self.psum * self.n)))
        };
        (replace, wor)
    }
}

/// Sums per cell of one pass over the rows.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CellSum {
    pub(crate) n: u64,
    pub(crate) w: f64,
    pub(crate) w2: f64,
    pub(crate) wy: f64,
    pub(crate) wyy: f64,
    pub(crate) y: f64,
}

impl CellSum {
    fn add(&mut self, b: &CellSum) {
        self.n += b.n;
        self.w += b.w;
        self.w2 += b.w2;
        self.wy += b.wy;
        self.wyy += b.wyy;
        self.y += b.y;
    }
}

/// +1 for the first domain of a contrast, −1 for the second, 0 for the others: the
/// contrast's influence column is the difference of the two domains' columns.
pub(super) fn contrast_sign(d: usize, contrast: Option<(usize, usize)>) -> f64 {
    match contrast {
        Some((da, _)) if d == da => 1.0,
        Some((_, db)) if d == db => -1.0,
        _ => 0.0,
    }
}

/// Each domain's sums over its answered cells, across raking cells, in a layout of one
/// answer per domain (`cells(doms, codes, 1)`: base cell 2d answered, 2d + 1 not).
pub(super) fn answered_sums(sums: &[CellSum], g: usize, n_combo: usize) -> Vec<CellSum> {
    (0..g)
        .map(|d| {
            let mut t = CellSum::default();
            for s in &sums[2 * d * n_combo..(2 * d + 1) * n_combo] {
                t.add(s);
            }
            t
        })
        .collect()
}

/// The influence tables (`a`, `b`, and their width k) of one statistic per domain that is
/// linear in the answered rows' w and w·y, in the layout of [`answered_sums`]: domain d's
/// answered cells get `coef(d)` = (a, b) in column d, and with a contrast of two domains
/// column g gets their difference.
pub(super) fn answered_tables(
    n_cells: usize,
    n_combo: usize,
    g: usize,
    contrast: Option<(usize, usize)>,
    coef: impl Fn(usize) -> (f64, f64),
) -> (Vec<f64>, Vec<f64>, usize) {
    let k = g + usize::from(contrast.is_some());
    let mut a = vec![0.0; n_cells * k];
    let mut b = vec![0.0; n_cells * k];
    for d in 0..g {
        let (av, bv) = coef(d);
        let s = contrast_sign(d, contrast);
        for id in 2 * d * n_combo..(2 * d + 1) * n_combo {
            a[id * k + d] = av;
            b[id * k + d] = bv;
            if contrast.is_some() {
                a[id * k + g] = s * av;
                b[id * k + g] = s * bv;
            }
        }
    }
    (a, b, k)
}

/// One pass: count, Σw, Σw², and with `y` Σwy, Σwy², Σy per cell. Runs on all cores for
/// large inputs.
pub(crate) fn cell_sums(
    weights: &[f64],
    cell: &[u32],
    n_cells: usize,
    y: Option<&[f64]>,
) -> Vec<CellSum> {
    let n = weights.len();
    let run = |rows: std::ops::Range<usize>| {
        let mut s = vec![CellSum::default(); n_cells];
        for i in rows {
            let c = &mut s[cell[i] as usize];
            let w = weights[i];
            c.n += 1;
            c.w += w;
            c.w2 += w * w;
            if let Some(y) = y {
                let v = y[i];
                c.wy += w * v;
                c.wyy += w * v * v;
                c.y += v;
            }
        }
        s
    };
    crate::weight::engine::by_row_chunks(n, run, |acc, part| {
        for (a, b) in acc.iter_mut().zip(part) {
            a.add(&b);
        }
    })
}
