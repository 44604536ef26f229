//! Replicate-weight designs: the second variance engine, as R `svrepdesign`.
//!
//! Many public-use survey files ship replicate weights instead of strata and PSUs. Each
//! replicate r is a full set of weights w_r; a statistic θ is computed once with the
//! full-sample weights and once with each replicate's, and its variance is R's `svrVar`:
//!
//! ```text
//! V(θ̂) = scale · Σ_r rscales_r · (θ̂_r − θ̄)²
//! ```
//!
//! with θ̄ the mean of the replicate estimates whose `rscales_r > 0` or, with `mse`, the
//! full-sample estimate θ̂. The design's degrees of freedom are R's `degf()` of a
//! replicate design: the rank of the replicate weight matrix (QR tolerance 1e-5) minus 1.
//!
//! The defaults of `scale` and `rscales` per [`ReplicateType`] are R's (survey 4.1.1,
//! `svrepdesign.default`); see the type's docs. Checked against R at relative 1e-8 on
//! every type: `tests/reference/survey/replicate/`.

use std::sync::Arc;

use super::data::BadList;
use super::data::Respondents;
use super::design::show;
use super::engine::dot;
use super::estimate::CellSum;
use crate::error::{Error, Result};
use crate::label::named;

/// The replicate-weight types R `svrepdesign` knows, each with R's default `scale` and
/// `rscales` (R is the number of replicates):
///
/// | type | name | scale | rscales |
/// |---|---|---|---|
/// | [`Jk1`](ReplicateType::Jk1) | `JK1` | (R − 1)/R | 1 |
/// | [`Jkn`](ReplicateType::Jkn) | `JKn` | 1 | required: (n_h − 1)/n_h of each replicate's stratum |
/// | [`Brr`](ReplicateType::Brr) | `BRR` | 1/R | 1 |
/// | [`Fay`](ReplicateType::Fay) | `Fay` | 1/(R (1 − ρ)²), ρ required | 1 |
/// | [`Bootstrap`](ReplicateType::Bootstrap) | `bootstrap` | 1/(R − 1) | 1 |
/// | [`SuccessiveDifference`](ReplicateType::SuccessiveDifference) | `successive-difference` | 4/R (fixed) | 1 (fixed) |
/// | [`Acs`](ReplicateType::Acs) | `ACS` | 4/R (fixed) | 1 (fixed) |
/// | [`Other`](ReplicateType::Other) | `other` | 1 | 1 |
///
/// With weights that are not combined with the sampling weights, R guesses JK1's scale as
/// 1/max of the first replicate column and JKn's rscales as 1/max of each column; yoron
/// does the same.
///
/// # Example
/// ```
/// use yoron::weight::ReplicateType;
/// let t: ReplicateType = "successive-difference".parse()?;
/// assert_eq!(t, ReplicateType::SuccessiveDifference);
/// assert_eq!(ReplicateType::Jkn.to_string(), "JKn");
/// assert!("jk2".parse::<ReplicateType>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplicateType {
    /// The delete-one-PSU jackknife of an unstratified design.
    Jk1,
    /// The stratified delete-one-PSU jackknife.
    Jkn,
    /// Balanced repeated replication.
    Brr,
    /// Fay's modified BRR with factor ρ.
    Fay,
    /// The bootstrap (e.g. Canty–Davison rescaled).
    Bootstrap,
    /// Successive-difference replication (e.g. the US Census Bureau's).
    SuccessiveDifference,
    /// The American Community Survey's replicates.
    Acs,
    /// Any other: give `scale` and `rscales`.
    Other,
}

impl ReplicateType {
    /// Every type.
    pub const ALL: [ReplicateType; 8] = [
        ReplicateType::Jk1,
        ReplicateType::Jkn,
        ReplicateType::Brr,
        ReplicateType::Fay,
        ReplicateType::Bootstrap,
        ReplicateType::SuccessiveDifference,
        ReplicateType::Acs,
        ReplicateType::Other,
    ];

    /// R's name of the type (`type =` of `svrepdesign`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::ReplicateType::Acs.name(), "ACS");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ReplicateType::Jk1 => "JK1",
            ReplicateType::Jkn => "JKn",
            ReplicateType::Brr => "BRR",
            ReplicateType::Fay => "Fay",
            ReplicateType::Bootstrap => "bootstrap",
            ReplicateType::SuccessiveDifference => "successive-difference",
            ReplicateType::Acs => "ACS",
            ReplicateType::Other => "other",
        }
    }
}

named!(lenient ReplicateType::name, "replicate type");

/// Which columns hold the replicate weights.
#[derive(Clone, Debug, PartialEq)]
enum Which {
    Named(Vec<String>),
    Matching(String),
}

/// A replicate-weight design's declaration, as R `svrepdesign(repweights =, type =,
/// scale =, rscales =, rho =, mse =, combined.weights =)`: given to
/// [`DesignSpec::replicates`](super::DesignSpec::replicates) instead of strata and PSUs.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Estimand, Replicates, ReplicateType, Respondents};
/// // Four BRR replicates of a two-stratum, two-PSU design (made-up weights).
/// let csv = "w,r1,r2,r3,r4,y\n\
///            1,2,0,2,0,3\n1,0,2,0,2,5\n1,2,0,0,2,4\n1,0,2,2,0,8\n";
/// let spec = DesignSpec::new()
///     .weight("w")
///     .replicates(Replicates::matching(ReplicateType::Brr, "^r[0-9]+$"));
/// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().number("r1").number("r2").number("r3").number("r4").number("y"))?;
/// let design = spec.build(data)?;
/// let est = design.estimate(&Estimand::mean("y"))?;
/// // Replicate means 3.5, 6.5, 5.5, 4.5 around 5: V = (1/4)(2.25 + 2.25 + 0.25 + 0.25).
/// assert_eq!(est.rows()[0].estimate(), 5.0);
/// assert!((est.rows()[0].se() - 1.25f64.sqrt()).abs() < 1e-12);
/// // R: degf(des) is the rank of the replicate weights minus 1 (r4 = r1 + r2 − r3).
/// assert_eq!(design.df(), 2);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Replicates {
    which: Which,
    kind: ReplicateType,
    scale: Option<f64>,
    rscales: Option<Vec<f64>>,
    rho: Option<f64>,
    mse: bool,
    combined: bool,
}

impl Replicates {
    /// The replicate weights in these columns, in this order.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Replicates, ReplicateType};
    /// let r = Replicates::new(ReplicateType::Jk1, ["rep1", "rep2"]);
    /// assert_eq!(r.kind(), ReplicateType::Jk1);
    /// ```
    pub fn new<I, S>(kind: ReplicateType, columns: I) -> Replicates
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Replicates::with(
            kind,
            Which::Named(columns.into_iter().map(Into::into).collect()),
        )
    }

    /// The replicate weights in every column whose name matches the regular expression
    /// `pattern`, in the file's order (R `svrepdesign(repweights = "rep[0-9]+")`, which
    /// greps the names likewise).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Replicates, ReplicateType};
    /// let r = Replicates::matching(ReplicateType::Brr, "^repw");
    /// assert_eq!(r.columns_in(&["id".into(), "repw1".into(), "repw2".into()])?, ["repw1", "repw2"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn matching(kind: ReplicateType, pattern: impl Into<String>) -> Replicates {
        Replicates::with(kind, Which::Matching(pattern.into()))
    }

    fn with(kind: ReplicateType, which: Which) -> Replicates {
        Replicates {
            which,
            kind,
            scale: None,
            rscales: None,
            rho: None,
            mse: false,
            combined: true,
        }
    }

    /// The overall multiplier of the variance (R `scale`), instead of the type's default.
    pub fn scale(mut self, scale: f64) -> Replicates {
        self.scale = Some(scale);
        self
    }

    /// One multiplier per replicate (R `rscales`; one value applies to every replicate).
    pub fn rscales(mut self, rscales: impl Into<Vec<f64>>) -> Replicates {
        self.rscales = Some(rscales.into());
        self
    }

    /// Fay's ρ (R `rho`), required by [`ReplicateType::Fay`].
    pub fn rho(mut self, rho: f64) -> Replicates {
        self.rho = Some(rho);
        self
    }

    /// Centre the squared deviations at the full-sample estimate instead of the replicates'
    /// mean (R `mse = TRUE`; R's default is `getOption("survey.replicates.mse")`, FALSE).
    pub fn mse(mut self, mse: bool) -> Replicates {
        self.mse = mse;
        self
    }

    /// Whether the replicate weights already include the sampling weights (R
    /// `combined.weights`, default true); when not, each is multiplied by the sampling
    /// weight.
    pub fn combined_weights(mut self, combined: bool) -> Replicates {
        self.combined = combined;
        self
    }

    /// The type.
    pub fn kind(&self) -> ReplicateType {
        self.kind
    }

    /// The named columns, or none for a pattern (see [`Replicates::columns_in`]).
    pub(crate) fn named_columns(&self) -> &[String] {
        match &self.which {
            Which::Named(c) => c,
            Which::Matching(_) => &[],
        }
    }

    /// The replicate columns among `names` (a file's header): the named ones, or those
    /// matching the pattern, in the file's order.
    ///
    /// # Errors
    /// An invalid pattern; a pattern that matches nothing (the error lists the columns);
    /// no columns named.
    pub fn columns_in(&self, names: &[String]) -> Result<Vec<String>> {
        match &self.which {
            Which::Named(c) if c.is_empty() => Err(Error::invalid_argument(
                "replicate weights",
                "at least one replicate weight column",
                "none",
            )),
            Which::Named(c) => Ok(c.clone()),
            Which::Matching(p) => {
                let re = regex::Regex::new(p).map_err(|e| {
                    Error::invalid_argument(
                        "replicate weights pattern",
                        "a regular expression",
                        format!("\"{p}\" ({e})"),
                    )
                })?;
                let found: Vec<String> = names.iter().filter(|n| re.is_match(n)).cloned().collect();
                if found.is_empty() {
                    return Err(Error::invalid_argument(
                        "replicate weights pattern",
                        format!(
                            "a pattern matching replicate weight columns among {}",
                            names.join(", ")
                        ),
                        format!("\"{p}\", which matches no column"),
                    ));
                }
                Ok(found)
            }
        }
    }
}

/// Where the replicates' analysis weights are.
#[derive(Debug)]
pub(crate) enum Store {
    /// The data's own columns (combined weights): no copy of what may be most of the
    /// file's memory.
    Columns(Arc<Respondents>),
    /// Computed weights, replicate by replicate: `w[r * n + i]` (factors times the sampling
    /// weight, raked or created replicates).
    Owned(Vec<f64>),
}

/// A built replicate design: the analysis weights of every replicate and R's constants.
#[derive(Debug)]
pub(crate) struct ReplicateWeights {
    pub(crate) store: Store,
    pub(crate) n: usize,
    pub(crate) r: usize,
    pub(crate) scale: f64,
    pub(crate) rscales: Vec<f64>,
    pub(crate) mse: bool,
    pub(crate) df: i64,
    pub(crate) kind: ReplicateType,
    pub(crate) columns: Vec<String>,
}

impl ReplicateWeights {
    /// Reads and checks the replicate columns of `data` and settles R's constants.
    pub(crate) fn build(
        spec: &Replicates,
        data: &Arc<Respondents>,
        weights: &[f64],
    ) -> Result<ReplicateWeights> {
        let names: Vec<String> = data.column_names().iter().map(|s| s.to_string()).collect();
        let columns = spec.columns_in(&names)?;
        let n = weights.len();
        let r = columns.len();
        let raw: Vec<std::borrow::Cow<'_, [f64]>> = columns
            .iter()
            .map(|col| data.numbers(col))
            .collect::<Result<_>>()?;
        // One branch-free pass checks and sums each column (in lanes), on all cores; the
        // rows are listed only when something is wrong. Its sums of squares serve the rank
        // when the columns are the analysis weights.
        let refs: Vec<&[f64]> = raw.iter().map(|c| &**c).collect();
        let checked = column_facts(&refs);
        let mut sums = Vec::with_capacity(r);
        for ((col, x), &Facts { ok, sum, .. }) in columns.iter().zip(&raw).zip(&checked) {
            if !ok {
                let mut bad = BadList::default();
                for (i, &v) in x.iter().enumerate() {
                    if !(v.is_finite() && v >= 0.0) {
                        bad.push(i, || show(v));
                    }
                }
                bad.error(data, col, "a replicate weight (finite, 0 or more)")?;
            }
            sums.push(sum);
        }
        // R warns when the weights do not look like what `combined.weights` says; a wrong
        // declaration changes every estimate, so here it is an error.
        let rep_mean = sums.iter().map(|s| s / n as f64).sum::<f64>() / r as f64;
        let w_mean = weights.iter().sum::<f64>() / n as f64;
        if spec.combined && rep_mean < 5.0 && w_mean / rep_mean > 5.0 {
            return Err(Error::invalid_argument(
                "replicate weights",
                format!(
                    "replicate weights on the scale of the sampling weights (mean {w_mean}), or combined_weights(false) / --not-combined for replicate factors"
                ),
                format!("columns {} with mean {rep_mean}", columns.join(", ")),
            ));
        }
        if !spec.combined && rep_mean > 5.0 && w_mean / rep_mean < 5.0 {
            return Err(Error::invalid_argument(
                "replicate weights",
                "replicate factors (around 1) when the weights are not combined",
                format!(
                    "columns {} with mean {rep_mean}, which look like combined weights (the sampling weights' mean is {w_mean})",
                    columns.join(", ")
                ),
            ));
        }
        let col_max = |c: usize| -> f64 { raw[c].iter().copied().fold(0.0, f64::max) };
        let rf = r as f64;
        let (scale, rscales) = match spec.kind {
            ReplicateType::Brr => (1.0 / rf, spec.rscales.clone()),
            ReplicateType::Fay => {
                let rho = spec.rho.ok_or_else(|| {
                    Error::invalid_argument("rho", "Fay's ρ for a Fay design (--fay-rho)", "none")
                })?;
                if !(0.0..1.0).contains(&rho) {
                    return Err(Error::invalid_argument(
                        "rho",
                        "a number in [0, 1)",
                        rho.to_string(),
                    ));
                }
                (1.0 / (rf * (1.0 - rho).powi(2)), spec.rscales.clone())
            }
            ReplicateType::Bootstrap => {
                (spec.scale.unwrap_or(1.0 / (rf - 1.0)), spec.rscales.clone())
            }
            ReplicateType::Jk1 => (
                spec.scale.unwrap_or(if spec.combined {
                    (rf - 1.0) / rf
                } else {
                    1.0 / col_max(0)
                }),
                spec.rscales.clone(),
            ),
            ReplicateType::Jkn => {
                let rs = match &spec.rscales {
                    Some(rs) => Some(rs.clone()),
                    None if !spec.combined => Some((0..r).map(|c| 1.0 / col_max(c)).collect()),
                    None => {
                        return Err(Error::invalid_argument(
                            "rscales",
                            "(n_h − 1)/n_h for each replicate of a JKn design with combined weights (--rscales)",
                            "none",
                        ));
                    }
                };
                (spec.scale.unwrap_or(1.0), rs)
            }
            // R ignores scale and rscales for these two.
            ReplicateType::SuccessiveDifference | ReplicateType::Acs => (4.0 / rf, None),
            ReplicateType::Other => (spec.scale.unwrap_or(1.0), spec.rscales.clone()),
        };
        let rscales = match rscales {
            None => vec![1.0; r],
            Some(v) if v.len() == 1 => vec![v[0]; r],
            Some(v) if v.len() == r => v,
            Some(v) => {
                return Err(Error::invalid_argument(
                    "rscales",
                    format!("one value, or one per replicate ({r})"),
                    format!("{} values", v.len()),
                ));
            }
        };
        if !(scale.is_finite() && scale > 0.0)
            || rscales.iter().any(|x| !(x.is_finite() && *x >= 0.0))
        {
            return Err(Error::invalid_argument(
                "scale and rscales",
                "positive finite scale, rscales finite and 0 or more",
                format!("scale {scale}, rscales {rscales:?}"),
            ));
        }
        let all_borrowed = raw
            .iter()
            .all(|c| matches!(c, std::borrow::Cow::Borrowed(_)));
        let analysis = spec.combined && all_borrowed;
        let squares: Vec<f64> = checked.iter().map(|f| f.squares).collect();
        drop(refs);
        let store = if analysis {
            drop(raw);
            Store::Columns(data.clone())
        } else {
            let mut w = Vec::with_capacity(n * r);
            for x in &raw {
                if spec.combined {
                    w.extend_from_slice(x);
                } else {
                    w.extend(x.iter().zip(weights).map(|(a, b)| a * b));
                }
            }
            Store::Owned(w)
        };
        let mut built = ReplicateWeights {
            store,
            n,
            r,
            scale,
            rscales,
            mse: spec.mse,
            df: 0,
            kind: spec.kind,
            columns,
        };
        built.df = if analysis {
            let cols: Vec<std::borrow::Cow<'_, [f64]>> =
                (0..built.r).map(|r| built.replicate(r)).collect();
            let cols: Vec<&[f64]> = cols.iter().map(|c| &**c).collect();
            rank_with_squares(&cols, &squares)
        } else {
            built.rank()
        } as i64
            - 1;
        Ok(built)
    }

    /// R's `degf` rank of the replicate weights (see [`rank`]).
    fn rank(&self) -> usize {
        let cols: Vec<std::borrow::Cow<'_, [f64]>> =
            (0..self.r).map(|r| self.replicate(r)).collect();
        let cols: Vec<&[f64]> = cols.iter().map(|c| &**c).collect();
        rank(&cols)
    }

    /// The same design with other analysis weights (raked replicates); df is the rank of
    /// the new weights minus 1, as R's `degf()` of a raked replicate design (raking breaks
    /// e.g. the within-stratum dependence of JKn replicates).
    pub(crate) fn with_weights(&self, w: Vec<f64>) -> ReplicateWeights {
        let mut built = ReplicateWeights {
            store: Store::Owned(w),
            n: self.n,
            r: self.r,
            scale: self.scale,
            rscales: self.rscales.clone(),
            mse: self.mse,
            df: 0,
            kind: self.kind,
            columns: self.columns.clone(),
        };
        built.df = built.rank() as i64 - 1;
        built
    }

    /// The analysis weights of replicate `r`.
    pub(crate) fn replicate(&self, r: usize) -> std::borrow::Cow<'_, [f64]> {
        match &self.store {
            Store::Owned(w) => std::borrow::Cow::Borrowed(&w[r * self.n..(r + 1) * self.n]),
            // Checked numbers when the design was built.
            Store::Columns(data) => data
                .numbers(&self.columns[r])
                // Built only on the impossible error: `unwrap_or` allocated n values on
                // every call of this hot path.
                .unwrap_or_else(|_| std::borrow::Cow::Owned(vec![f64::NAN; self.n])),
        }
    }

    /// Per replicate, the sums over each cell of w_r (and, with `y`, of w_r·y): one pass
    /// over the rows per replicate, replicates spread over the cores.
    pub(crate) fn cell_sums(
        &self,
        cell: &[u32],
        n_cells: usize,
        y: Option<&[f64]>,
    ) -> Vec<(Vec<f64>, Vec<f64>)> {
        // Four sets of sums, row i adding to set i % 4: consecutive rows of one cell (the
        // usual case, few cells) no longer wait on each other's addition.
        const LANES: usize = 4;
        let one = |r: usize| {
            let w = self.replicate(r);
            let mut sw = vec![0.0; LANES * n_cells];
            let mut swy = vec![0.0; if y.is_some() { LANES * n_cells } else { 0 }];
            let n = self.n;
            let whole = n - n % LANES;
            match y {
                Some(y) => {
                    for i in (0..whole).step_by(LANES) {
                        for l in 0..LANES {
                            let c = l * n_cells + cell[i + l] as usize;
                            sw[c] += w[i + l];
                            swy[c] += w[i + l] * y[i + l];
                        }
                    }
                    for i in whole..n {
                        let c = cell[i] as usize;
                        sw[c] += w[i];
                        swy[c] += w[i] * y[i];
                    }
                }
                None => {
                    for i in (0..whole).step_by(LANES) {
                        for l in 0..LANES {
                            sw[l * n_cells + cell[i + l] as usize] += w[i + l];
                        }
                    }
                    for i in whole..n {
                        sw[cell[i] as usize] += w[i];
                    }
                }
            }
            let fold = |v: Vec<f64>| -> Vec<f64> {
                if v.is_empty() {
                    return v;
                }
                (0..n_cells)
                    .map(|c| (0..LANES).map(|l| v[l * n_cells + c]).sum())
                    .collect()
            };
            (fold(sw), fold(swy))
        };
        let threads = if self.n * self.r < 2_000_000 {
            1
        } else {
            std::thread::available_parallelism()
                .map(|t| t.get())
                .unwrap_or(1)
                .clamp(1, 8)
                .min(self.r)
        };
        if threads <= 1 {
            return (0..self.r).map(one).collect();
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let one = &one;
                    let (lo, hi) = (self.r * t / threads, self.r * (t + 1) / threads);
                    s.spawn(move || (lo..hi).map(one).collect::<Vec<_>>())
                })
                .collect();
            crate::weight::engine::joined(handles)
                .into_iter()
                .flatten()
                .collect()
        })
    }

    /// The statistics `theta` computes from per-cell sums of w and w·y, with the full
    /// sample's sums (`full`) and with each replicate's: (per-replicate estimates, full
    /// estimate), for [`ReplicateWeights::variances`] or [`ReplicateWeights::covariance`].
    pub(crate) fn estimates(
        &self,
        cell: &[u32],
        full: &[CellSum],
        y: Option<&[f64]>,
        theta: impl Fn(&[f64], &[f64]) -> Vec<f64>,
    ) -> (Vec<Vec<f64>>, Vec<f64>) {
        let full_w: Vec<f64> = full.iter().map(|s| s.w).collect();
        let full_wy: Vec<f64> = full.iter().map(|s| s.wy).collect();
        let thetas = self
            .cell_sums(cell, full.len(), y)
            .iter()
            .map(|(w, wy)| theta(w, wy))
            .collect();
        (thetas, theta(&full_w, &full_wy))
    }

    /// R `svrVar` for a vector of statistics: their full covariance matrix (k × k, row by
    /// row), replicates with non-numbers left out as in [`ReplicateWeights::variances`].
    pub(crate) fn covariance(&self, thetas: &[Vec<f64>], full: &[f64]) -> Vec<f64> {
        let k = full.len();
        let (kept, centre) = self.centre(thetas, full);
        let mut v = vec![0.0; k * k];
        for &r in &kept {
            let d: Vec<f64> = (0..k).map(|j| thetas[r][j] - centre[j]).collect();
            let s = self.scale * self.rscales[r];
            for a in 0..k {
                for b in 0..=a {
                    v[a * k + b] += s * d[a] * d[b];
                }
            }
        }
        for a in 0..k {
            for b in 0..a {
                v[b * k + a] = v[a * k + b];
            }
        }
        v
    }

    /// R `svrVar`: the variance of each statistic from its replicate estimates
    /// (`thetas[r][j]`) and full-sample estimate (`full[j]`). As R's `na.action`, a
    /// replicate whose estimates are not all numbers (a domain emptied by a replicate) is
    /// left out.
    pub(crate) fn variances(&self, thetas: &[Vec<f64>], full: &[f64]) -> Vec<f64> {
        let (kept, centre) = self.centre(thetas, full);
        (0..full.len())
            .map(|j| {
                self.scale
                    * kept
                        .iter()
                        .map(|&r| self.rscales[r] * (thetas[r][j] - centre[j]).powi(2))
                        .sum::<f64>()
            })
            .collect()
    }

    /// The replicates kept (estimates all numbers) and the centre of each statistic: the
    /// full-sample estimate with `mse`, else the mean of the kept replicates with
    /// `rscales > 0` (R `svrVar`).
    fn centre(&self, thetas: &[Vec<f64>], full: &[f64]) -> (Vec<usize>, Vec<f64>) {
        let kept: Vec<usize> = (0..self.r)
            .filter(|&r| thetas[r].iter().all(|x| x.is_finite()))
            .collect();
        let used: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&r| self.rscales[r] > 0.0)
            .collect();
        let centre = (0..full.len())
            .map(|j| {
                if self.mse {
                    full[j]
                } else {
                    used.iter().map(|&r| thetas[r][j]).sum::<f64>() / used.len() as f64
                }
            })
            .collect();
        (kept, centre)
    }
}

/// The rank of the n × r matrix of replicate weights as R's `qr(x, tol = 1e-5)$rank`
/// (LINPACK `dqrdc2`): a column whose norm, after removing the earlier independent
/// columns, falls below 1e-5 of its original norm is dependent. Computed on the r × r
/// Gram matrix by a Cholesky decomposition that skips such columns, so one pass over the
/// rows suffices; full rank is first sought on a sample of the rows
/// ([`full_rank_on_sample`]), which needs a sixteenth of the products.
pub(crate) fn rank(cols: &[&[f64]]) -> usize {
    let squares: Vec<f64> = column_facts(cols).iter().map(|f| f.squares).collect();
    rank_with_squares(cols, &squares)
}

/// [`rank`] with each column's sum of squares known.
fn rank_with_squares(cols: &[&[f64]], squares: &[f64]) -> usize {
    full_rank_on_sample(cols, squares).unwrap_or_else(|| rank_of_gram(&gram(cols), cols.len()))
}

/// R's tolerance in [`rank`], and the margin the sample must clear it by.
const RANK_TOLERANCE: f64 = 1e-5;
const SAMPLE_MARGIN: f64 = 10.0;

/// `Some(r)` when the r columns are certainly of full rank by R's rule, from the Gram
/// matrix of a sample of their rows (64 rows in every 1,024, spread over the file);
/// `None` when the sample cannot tell (then the whole Gram matrix decides).
///
/// Why the sample can certify the whole: R keeps column j when its residual after the
/// columns before it, ‖xⱼ − X₍<ⱼ₎c‖ minimised over c, is at least 1e-5 ‖xⱼ‖. Over a subset
/// of the rows the squared residual of any c can only be smaller (fewer non-negative
/// terms), so its minimum on the sample, eⱼ, is at most that on all rows. If every column
/// keeps eⱼ ≥ (10 · 1e-5)² ‖xⱼ‖² on the sample — against its norm over all rows, and with a
/// margin of 10 for rounding — every column is kept on all rows, in order, and the rank is
/// r. Columns that are (nearly) dependent fail the test and go to the whole computation,
/// so the answer is R's either way.
fn full_rank_on_sample(cols: &[&[f64]], squares: &[f64]) -> Option<usize> {
    const CHUNK: usize = 64;
    const EVERY: usize = 1024;
    let r = cols.len();
    let n = cols.first().map_or(0, |c| c.len());
    // Below this the whole Gram matrix costs little.
    if r == 0 || n < 64 * EVERY {
        return None;
    }
    let sample: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| {
            (0..n)
                .step_by(EVERY)
                .flat_map(|s| c[s..(s + CHUNK).min(n)].iter().copied())
                .collect()
        })
        .collect();
    let refs: Vec<&[f64]> = sample.iter().map(Vec::as_slice).collect();
    let g = gram(&refs);
    let floor = (SAMPLE_MARGIN * RANK_TOLERANCE).powi(2);
    let mut l = vec![0.0; r * r];
    for j in 0..r {
        let mut resid = g[j * r + j];
        let mut row = vec![0.0; r];
        for b in 0..j {
            let mut v = g[j * r + b];
            for s in 0..b {
                v -= row[s] * l[b * r + s];
            }
            row[b] = v / l[b * r + b];
            resid -= row[b] * row[b];
        }
        if !(resid > floor * squares[j]) {
            return None;
        }
        row[j] = resid.sqrt();
        l[j * r..(j + 1) * r].copy_from_slice(&row);
    }
    Some(r)
}

/// [`rank`] from the r × r Gram matrix `g` of the columns.
fn rank_of_gram(g: &[f64], r: usize) -> usize {
    // l[j] holds row j of the Cholesky factor over the independent columns so far.
    let mut basis: Vec<usize> = Vec::new();
    let mut l = vec![0.0; r * r];
    for j in 0..r {
        let orig = g[j * r + j];
        let mut resid = orig;
        let mut row = vec![0.0; r];
        for (t, &b) in basis.iter().enumerate() {
            let mut v = g[j * r + b];
            for s in 0..t {
                v -= row[s] * l[b * r + s];
            }
            let d = l[b * r + t];
            row[t] = v / d;
            resid -= row[t] * row[t];
        }
        if orig > 0.0 && resid > 0.0 && resid.sqrt() >= RANK_TOLERANCE * orig.sqrt() {
            let t = basis.len();
            row[t] = resid.sqrt();
            l[j * r..(j + 1) * r].copy_from_slice(&row);
            basis.push(j);
        }
    }
    basis.len()
}

/// The r × r matrix of inner products of the columns: for each tile of rows, the tile's
/// columns are copied side by side (column-major) and Xᵀ·X added by a matrix product
/// (`ndarray` on `matrixmultiply`, whose kernels use the CPU's vector units, chosen at run
/// time); blocks of rows spread over the cores. 1M rows × 80 columns is 6.4 billion
/// multiply-adds: a hand-written loop compiled for the baseline CPU takes several times as
/// long. The order of additions differs from R's `qr()`, by rounding only; the rank's
/// tolerance is 1e-5.
fn gram(cols: &[&[f64]]) -> Vec<f64> {
    use ndarray::{ArrayView2, Axis, ShapeBuilder, Slice, linalg::general_mat_mul};
    let r = cols.len();
    let n = cols.first().map_or(0, |c| c.len());
    // Column blocks of at most 40 (a multiple of the kernels' 8 rows).
    const WIDTH: usize = 40;
    let blocks: Vec<std::ops::Range<usize>> = (0..r.div_ceil(WIDTH))
        .map(|k| k * WIDTH..((k + 1) * WIDTH).min(r))
        .collect();
    // Tiles small enough to stay in cache while the product runs over them.
    const TILE: usize = 256;
    let block = |rows: std::ops::Range<usize>| {
        let mut g = ndarray::Array2::<f64>::zeros((r, r));
        let mut tile = vec![0.0; TILE * r];
        let mut start = rows.start;
        while start < rows.end {
            let end = (start + TILE).min(rows.end);
            let t = end - start;
            for (c, col) in cols.iter().enumerate() {
                tile[c * t..(c + 1) * t].copy_from_slice(&col[start..end]);
            }
            match ArrayView2::from_shape((t, r).f(), &tile[..t * r]) {
                // The blocks on and above the diagonal only (the rest is their mirror):
                // with two blocks, three quarters of the products.
                Ok(x) => {
                    for (i, a) in blocks.iter().enumerate() {
                        let xa = x.slice_axis(Axis(1), Slice::from(a.clone()));
                        for b in &blocks[i..] {
                            let xb = x.slice_axis(Axis(1), Slice::from(b.clone()));
                            let mut ga = g.slice_axis_mut(Axis(0), Slice::from(a.clone()));
                            let mut gab = ga.slice_axis_mut(Axis(1), Slice::from(b.clone()));
                            general_mat_mul(1.0, &xa.t(), &xb, 1.0, &mut gab);
                        }
                    }
                }
                // The shape always fits the tile; were it refused, the plain loop.
                Err(_) => {
                    for a in 0..r {
                        for b in 0..r {
                            g[[a, b]] += dot(&cols[a][start..end], &cols[b][start..end]);
                        }
                    }
                }
            }
            start = end;
        }
        g.into_raw_vec_and_offset().0
    };
    let mut g = crate::weight::engine::by_row_chunks(n, block, |acc: &mut Vec<f64>, part| {
        for (x, y) in acc.iter_mut().zip(part) {
            *x += y;
        }
    });
    if g.len() != r * r {
        return vec![0.0; r * r];
    }
    // Below the diagonal blocks, the mirror of the blocks above.
    for a in &blocks {
        for b in blocks.iter().filter(|b| b.start > a.start) {
            for i in a.clone() {
                for j in b.clone() {
                    g[j * r + i] = g[i * r + j];
                }
            }
        }
    }
    g
}

/// What one pass over a replicate column tells: whether every value is finite and 0 or
/// more, their sum and their sum of squares.
#[derive(Clone, Copy, Debug, Default)]
struct Facts {
    ok: bool,
    sum: f64,
    squares: f64,
}

/// [`facts`] of each column, the columns shared among the cores when there are enough
/// values to be worth it.
fn column_facts(cols: &[&[f64]]) -> Vec<Facts> {
    let values: usize = cols.iter().map(|c| c.len()).sum();
    let threads = if values < 2_000_000 {
        1
    } else {
        std::thread::available_parallelism()
            .map(|t| t.get())
            .unwrap_or(1)
            .clamp(1, 8)
            .min(cols.len().max(1))
    };
    if threads <= 1 {
        return cols.iter().map(|c| facts(c)).collect();
    }
    let per = cols.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = cols
            .chunks(per)
            .map(|part| s.spawn(move || part.iter().map(|c| facts(c)).collect::<Vec<_>>()))
            .collect();
        crate::weight::engine::joined(handles)
            .into_iter()
            .flatten()
            .collect()
    })
}

/// [`Facts`] of one column, branch-free in eight lanes (see [`dot`]; the rank's tolerance
/// is 1e-5, far above the rounding that order changes).
fn facts(x: &[f64]) -> Facts {
    let mut sum = [0.0; 8];
    let mut squares = [0.0; 8];
    let mut ok = true;
    let xs = x.chunks_exact(8);
    for &v in xs.remainder() {
        ok &= v.is_finite() & (v >= 0.0);
        sum[0] += v;
        squares[0] += v * v;
    }
    for a in xs {
        for l in 0..8 {
            ok &= a[l].is_finite() & (a[l] >= 0.0);
            sum[l] += a[l];
            squares[l] += a[l] * a[l];
        }
    }
    Facts {
        ok,
        sum: sum.iter().sum(),
        squares: squares.iter().sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::{full_rank_on_sample, gram, rank, rank_of_gram};

    #[test]
    fn rank_counts_independent_columns() {
        // Columns: a, b, a + b, 2a: rank 2.
        let a = [1.0, 0.0, 2.0, 1.0];
        let b = [0.0, 1.0, 1.0, 3.0];
        let mut w = Vec::new();
        w.extend(a);
        w.extend(b);
        w.extend(a.iter().zip(&b).map(|(x, y)| x + y));
        w.extend(a.iter().map(|x| 2.0 * x));
        let cols: Vec<&[f64]> = w.chunks(4).collect();
        assert_eq!(rank(&cols), 2);
        assert_eq!(rank(&cols[..2]), 2);
    }

    /// The rank on a sample of rows against the rank from every row (the Gram matrix of
    /// all of them), on columns large enough for the sample to be tried.
    #[test]
    fn sampled_full_rank_is_the_whole_rank() {
        let n = 200_000;
        let mut state = 20_261_206u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let base: Vec<Vec<f64>> = (0..6).map(|_| (0..n).map(|_| next()).collect()).collect();
        let whole = |cols: &[Vec<f64>]| {
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            let squares: Vec<f64> = refs.iter().map(|c| c.iter().map(|v| v * v).sum()).collect();
            (
                rank(&refs),
                full_rank_on_sample(&refs, &squares),
                rank_of_gram(&gram(&refs), refs.len()),
            )
        };
        // Independent columns: the sample certifies them.
        assert_eq!(whole(&base), (6, Some(6), 6));
        // An exact combination: the sample cannot certify; the rank is R's.
        let mut dependent = base.clone();
        dependent.push(
            base[0]
                .iter()
                .zip(&base[1])
                .map(|(a, b)| a + 2.0 * b)
                .collect(),
        );
        assert_eq!(whole(&dependent), (6, None, 6));
        // A copy of column 0 that differs (by 1 in 2 in 100 rows) only in rows the sample
        // skips (100..200 lie between its first two stretches): independent on all rows,
        // not on the sample, so the whole decides.
        let mut hidden = base.clone();
        let mut copy = base[0].clone();
        for v in &mut copy[100..200] {
            *v *= 1.5;
        }
        hidden.push(copy);
        assert_eq!(whole(&hidden), (7, None, 7));
        // A copy that differs only within sampled rows, by about 4e-6 of its whole norm:
        // dependent by R's rule on all rows. Against the sample's own norm (16 times
        // smaller in squares) the difference would pass R's rule; against the whole
        // column's, with the margin, it does not.
        let mut faint = base.clone();
        let mut copy = base[0].clone();
        for v in &mut copy[0..64] {
            *v += 1.4e-4;
        }
        faint.push(copy);
        assert_eq!(whole(&faint), (6, None, 6));
    }
}
