//! Raking itself: margins resolved against the data, iterative proportional fitting on the
//! table of raking cells, trimming rounds, and what the raked design keeps for its
//! variance.

use std::collections::HashMap;

use super::margins::{Cell, TargetKind};
use super::{Margins, Rake, RakeReport, Raked};
use crate::error::{Error, ErrorKind, Result};
use crate::weight::data::BadList;
use crate::weight::design::Design;
use crate::weight::dict::FxBuild;
use crate::weight::raked_variance::RakingInfo;

/// A margin resolved against the data: target per data category.
struct Resolved<'a> {
    variable: &'a str,
    codes: &'a [u32],
    targets: Vec<f64>,
}

impl Design {
    /// Rakes the weights to the margins (iterative proportional fitting) and returns the
    /// raked design with a report.
    ///
    /// Shares are turned into totals with the weighted total of the design (or the total of
    /// the margins given as totals); totals of different margins must agree.
    ///
    /// # Errors
    /// A raking variable that was not read or has missing values; a category in the data that
    /// the margin lacks; a target category with no respondents (or a zero target for a category
    /// that has some); a negative, non-finite or repeated target; shares that do not sum to
    /// 1, or totals that differ between margins (by more than 1e-6 relatively); no
    /// convergence within the iterations, or weights still outside the trimming bounds
    /// after the trimming rounds; a design that is already raked.
    ///
    /// # Formula
    /// Each sweep multiplies, margin by margin, the weights of each category by
    /// target / current weighted total. The raked design's variance residualises the
    /// influence values on the margins as R's `svyrecvar` does for a `rake()` design.
    ///
    /// # References
    /// Deming, W. E. and Stephan, F. F. (1940) On a least squares adjustment of a sampled
    /// frequency table when the expected marginal totals are known. *Annals of Mathematical
    /// Statistics* 11, 427–444. — Lumley, T. (2010) *Complex Surveys*, ch. 7. Wiley.
    ///
    /// Matches R: `weights(rake(design, list(~sex, ~age), list(pop_sex, pop_age),
    /// control = list(maxit = 100, epsilon = 1e-13)))`, and `svymean()` on it.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
    /// let m = Margins::new().totals("sex", [("F", 50.0), ("M", 50.0)]);
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// let r = d.rake(&m, &Rake::new())?;
    /// assert_eq!(r.design().weights(), &[25.0, 25.0, 50.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rake(&self, margins: &Margins, options: &Rake) -> Result<Raked> {
        if self.raking.is_some() {
            return Err(Error::invalid_argument(
                "design",
                "a design that is not raked yet (rake the original design to all margins at once)",
                "a raked design",
            ));
        }
        if self.replicates.is_some() && options.trim.is_some() {
            return Err(Error::invalid_argument(
                "rake",
                "no trimming on a replicate-weight design (each replicate is raked as R's rake does; trimming them is not defined there)",
                "trim",
            ));
        }
        if margins.margins.is_empty() {
            return Err(Error::invalid_argument(
                "margins",
                "at least one margin",
                "none",
            ));
        }
        if options.tolerance.is_nan() || options.tolerance <= 0.0 || options.max_iterations == 0 {
            return Err(Error::invalid_argument(
                "rake",
                "a positive tolerance and at least one iteration",
                format!("{} and {}", options.tolerance, options.max_iterations),
            ));
        }
        let total_w: f64 = self.weights.iter().sum();
        let resolved = self.resolve(margins, total_w)?;
        let nm = resolved.len();
        let n_categories: Vec<usize> = resolved.iter().map(|r| r.targets.len()).collect();
        // Raking cells: distinct combinations of margin categories.
        let n = self.n_rows();
        let radix_product = n_categories
            .iter()
            .try_fold(1usize, |acc, &l| acc.checked_mul(l.max(1)));
        let (combo, combo_cat) = match radix_product {
            Some(p) if p <= 1 << 22 => {
                let mut id = vec![u32::MAX; p];
                let mut cats = Vec::new();
                let mut combo = Vec::with_capacity(n);
                for i in 0..n {
                    let mut key = 0usize;
                    for r in &resolved {
                        key = key * r.targets.len() + r.codes[i] as usize;
                    }
                    if id[key] == u32::MAX {
                        id[key] = (cats.len() / nm) as u32;
                        cats.extend(resolved.iter().map(|r| r.codes[i]));
                    }
                    combo.push(id[key]);
                }
                (combo, cats)
            }
            _ => {
                let mut id: HashMap<Vec<u32>, u32, FxBuild> = HashMap::default();
                let mut cats = Vec::new();
                let mut combo = Vec::with_capacity(n);
                for i in 0..n {
                    let key: Vec<u32> = resolved.iter().map(|r| r.codes[i]).collect();
                    let next = (cats.len() / nm) as u32;
                    let c = *id.entry(key.clone()).or_insert_with(|| {
                        cats.extend(key.iter().copied());
                        next
                    });
                    combo.push(c);
                }
                (combo, cats)
            }
        };
        let n_combos = combo_cat.len() / nm.max(1);
        let mut rows_per_combo = vec![0.0; n_combos];
        for &c in &combo {
            rows_per_combo[c as usize] += 1.0;
        }
        let targets: Vec<Vec<f64>> = resolved.iter().map(|r| r.targets.clone()).collect();
        let mut w: Vec<f64> = self.weights.to_vec();
        let mut report = RakeReport {
            iterations: 0,
            largest_error: 0.0,
            min_weight: 0.0,
            max_weight: 0.0,
            kish_deff: 0.0,
            trim_rounds: 0,
            trimmed: 0,
            options: *options,
            respondents: n,
        };
        let mut last;
        let mut round = 0u32;
        loop {
            // Base weight per raking cell, then fit.
            let mut base = vec![0.0; n_combos];
            for (i, &c) in combo.iter().enumerate() {
                base[c as usize] += w[i];
            }
            let fit = ipf(&base, &combo_cat, nm, &targets, options)?;
            report.iterations = fit.iterations;
            report.largest_error = fit.largest_error;
            last = fit.last;
            for (wi, &c) in w.iter_mut().zip(&combo) {
                *wi *= fit.factor[c as usize];
            }
            let Some(trim) = options.trim else { break };
            let mean = w.iter().sum::<f64>() / n as f64;
            let (lo, hi) = (trim.lower * mean, trim.upper * mean);
            let slack = 1e-9;
            let outside = w
                .iter()
                .filter(|&&x| x < lo * (1.0 - slack) || x > hi * (1.0 + slack))
                .count() as u64;
            if outside == 0 {
                break;
            }
            if round >= trim.max_rounds {
                let worst = w
                    .iter()
                    .map(|&x| (x / hi - 1.0).max(if lo > 0.0 { 1.0 - x / lo } else { 0.0 }))
                    .fold(0.0f64, f64::max);
                return Err(Error::new(ErrorKind::NotConverged {
                    what: format!(
                        "trimming to [{}, {}] × mean weight with re-raking ({outside} weights still outside)",
                        trim.lower, trim.upper
                    ),
                    iterations: round,
                    largest_error: worst,
                    tolerance: slack,
                }));
            }
            round += 1;
            report.trim_rounds = round;
            report.trimmed += outside;
            for x in w.iter_mut() {
                *x = x.clamp(lo, hi);
            }
        }
        let (mut mn, mut mx, mut s, mut s2) = (f64::INFINITY, 0.0f64, 0.0, 0.0);
        for &x in &w {
            mn = mn.min(x);
            mx = mx.max(x);
            s += x;
            s2 += x * x;
        }
        report.min_weight = mn;
        report.max_weight = mx;
        report.kish_deff = n as f64 * s2 / (s * s);
        let mut rows_per_category: Vec<Vec<f64>> =
            n_categories.iter().map(|&l| vec![0.0; l]).collect();
        for (c, rows) in rows_per_combo.iter().enumerate() {
            for m in 0..nm {
                rows_per_category[m][combo_cat[c * nm + m] as usize] += rows;
            }
        }
        // A replicate design: every replicate's weights raked to the same margins, as R's
        // `rake` on a svyrep.design does; the variance then comes from the raked replicates.
        let replicates = match &self.replicates {
            Some(rep) => {
                let mut rw: Vec<f64> = Vec::with_capacity(n * rep.r);
                for r in 0..rep.r {
                    rw.extend_from_slice(&rep.replicate(r));
                }
                for r in 0..rep.r {
                    let wr = &mut rw[r * n..(r + 1) * n];
                    let mut base = vec![0.0; n_combos];
                    for (i, &c) in combo.iter().enumerate() {
                        base[c as usize] += wr[i];
                    }
                    let fit = ipf(&base, &combo_cat, nm, &targets, options).map_err(|e| {
                        Error::invalid_argument(
                            "rake",
                            "every replicate raked to the margins",
                            format!("replicate {} ({}): {e}", r + 1, rep.columns[r]),
                        )
                    })?;
                    for (wi, &c) in wr.iter_mut().zip(&combo) {
                        *wi *= fit.factor[c as usize];
                    }
                }
                Some(std::sync::Arc::new(rep.with_weights(rw)))
            }
            None => None,
        };
        let info = RakingInfo {
            combo,
            n_combos,
            combo_cat,
            n_categories,
            last,
            rows_per_category,
        };
        let design = Design {
            data: self.data.clone(),
            spec: self.spec.clone(),
            weights: std::sync::Arc::new(w),
            layout: self.layout.clone(),
            raking: Some(std::sync::Arc::new(info)),
            replicates,
        };
        Ok(Raked { design, report })
    }

    /// Checks margins against the data and turns them into totals per data category.
    fn resolve<'a>(&'a self, margins: &'a Margins, total_w: f64) -> Result<Vec<Resolved<'a>>> {
        let mut out = Vec::new();
        let mut totals_sum: Option<(&str, f64)> = None;
        let mut variables: HashMap<&str, usize> = HashMap::new();
        for (mi, m) in margins.margins.iter().enumerate() {
            let err = |k: Option<usize>, which: Cell, problem: String| {
                margins.margin_error(m, k, which, problem)
            };
            if let Some(first) = variables.insert(m.variable.as_str(), mi) {
                return Err(err(
                    None,
                    Cell::Variable,
                    format!(
                        "given twice (margins {} and {}); give each variable's categories once",
                        first + 1,
                        mi + 1
                    ),
                ));
            }
            let (codes, categories) = self.data.category(&m.variable).map_err(|e| {
                match (e.position(), margins.place(m, None, Cell::Variable)) {
                    // A raking variable the data lacks: point at the margins file too.
                    (None, Some(p)) => Error::at(e.into_kind(), p),
                    _ => e,
                }
            })?;
            BadList::missing(codes).error(&self.data, &m.variable, "a category to rake on")?;
            let mut seen: HashMap<&str, f64> = HashMap::new();
            for (k, (l, v)) in m.targets.iter().enumerate() {
                if !(v.is_finite() && *v >= 0.0) {
                    return Err(err(
                        Some(k),
                        Cell::Value,
                        format!("category \"{l}\": expected a non-negative number, found {v}"),
                    ));
                }
                if seen.insert(l.as_str(), *v).is_some() {
                    return Err(err(
                        Some(k),
                        Cell::Category,
                        format!("category \"{l}\" is given twice"),
                    ));
                }
            }
            let mut counts = vec![0u64; categories.len()];
            for &c in codes {
                counts[c as usize] += 1;
            }
            let not_in_targets: Vec<String> = categories
                .iter()
                .zip(&counts)
                .filter(|(l, _)| !seen.contains_key(l.as_str()))
                .map(|(l, n)| format!("\"{l}\" ({n} respondents)"))
                .collect();
            if !not_in_targets.is_empty() {
                return Err(err(
                    None,
                    Cell::Variable,
                    format!(
                        "the data has {} {} that the margin does not list (margin categories: {})",
                        category_word(not_in_targets.len()),
                        not_in_targets.join(", "),
                        m.targets
                            .iter()
                            .map(|(l, _)| l.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            let empty: Vec<usize> = (0..m.targets.len())
                .filter(|&k| {
                    let (l, v) = &m.targets[k];
                    *v > 0.0 && !categories.iter().any(|x| x == l)
                })
                .collect();
            if let Some(&k0) = empty.first() {
                return Err(err(
                    Some(k0),
                    Cell::Category,
                    format!(
                        "no respondent has {} {} (target > 0); data categories: {}",
                        category_word(empty.len()),
                        empty
                            .iter()
                            .map(|&k| format!("\"{}\"", m.targets[k].0))
                            .collect::<Vec<_>>()
                            .join(", "),
                        categories.join(", ")
                    ),
                ));
            }
            if let Some(k) = m
                .targets
                .iter()
                .position(|(l, v)| *v == 0.0 && categories.iter().any(|x| x == l))
            {
                return Err(err(
                    Some(k),
                    Cell::Value,
                    format!(
                        "category \"{}\" has target 0 but respondents in the data (drop them or give a positive target)",
                        m.targets[k].0
                    ),
                ));
            }
            margins.check_sum(m, &mut totals_sum)?;
            let targets: Vec<f64> = categories.iter().map(|l| seen[l.as_str()]).collect();
            out.push((
                m.kind,
                Resolved {
                    variable: &m.variable,
                    codes,
                    targets,
                },
            ));
        }
        let population = totals_sum.map_or(total_w, |(_, s)| s);
        Ok(out
            .into_iter()
            .map(|(kind, mut r)| {
                if kind == TargetKind::Shares {
                    for t in r.targets.iter_mut() {
                        *t *= population;
                    }
                }
                let _ = r.variable;
                r
            })
            .collect())
    }
}

struct Fit {
    factor: Vec<f64>,
    last: Vec<Vec<f64>>,
    iterations: u32,
    largest_error: f64,
}

/// IPF on the table of raking cells.
// The indices address several parallel tables (cells, categories, margins) at once.
#[allow(clippy::needless_range_loop)]
fn ipf(base: &[f64], cats: &[u32], nm: usize, targets: &[Vec<f64>], options: &Rake) -> Result<Fit> {
    let nc = base.len();
    let mut factor = vec![1.0; nc];
    let mut last: Vec<Vec<f64>> = targets.iter().map(|t| vec![1.0; t.len()]).collect();
    let current = |factor: &[f64], m: usize| {
        let mut s = vec![0.0; targets[m].len()];
        for c in 0..nc {
            s[cats[c * nm + m] as usize] += base[c] * factor[c];
        }
        s
    };
    let mut largest = f64::INFINITY;
    for it in 1..=options.max_iterations {
        for m in 0..nm {
            let s = current(&factor, m);
            let f: Vec<f64> = s
                .iter()
                .zip(&targets[m])
                .map(|(&cur, &t)| if cur > 0.0 { t / cur } else { 1.0 })
                .collect();
            for c in 0..nc {
                factor[c] *= f[cats[c * nm + m] as usize];
            }
            last[m] = f;
        }
        largest = 0.0;
        for (m, target) in targets.iter().enumerate().take(nm) {
            for (cur, t) in current(&factor, m).iter().zip(target) {
                if *t > 0.0 {
                    largest = largest.max((cur - t).abs() / t);
                }
            }
        }
        if largest <= options.tolerance {
            return Ok(Fit {
                factor,
                last,
                iterations: it,
                largest_error: largest,
            });
        }
    }
    Err(Error::new(ErrorKind::NotConverged {
        what: "raking".into(),
        iterations: options.max_iterations,
        largest_error: largest,
        tolerance: options.tolerance,
    }))
}

/// "category" or "categories", for `n` of them.
fn category_word(n: usize) -> &'static str {
    if n == 1 { "category" } else { "categories" }
}
