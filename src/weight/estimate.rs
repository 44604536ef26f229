//! Design-based estimates: proportions of each category, 0/1 indicator sets, means and
//! totals, overall or by domain, with contrasts between two domains.

use std::fmt;

use super::data::{BadList, Columns, MISSING};
use super::design::{Design, show};
use super::engine::{Influence, Pair, Presence, covariances};
use super::interval::{Interval, LikelihoodInput, PropInput, ProportionCi, proportion_ci};
use crate::error::{Error, ErrorKind, Result};
use crate::stats::dist::qt;

/// What is estimated.
#[derive(Clone, Debug, PartialEq, Eq)]
enum What {
    Proportions(String),
    Indicators(Vec<String>),
    Mean(String),
    Total(String),
}

/// A request for estimates: the statistic and variable, an optional domain variable
/// (`by`), an optional contrast between two of its levels, the confidence level and the
/// interval method for proportions.
///
/// Domain estimates are computed as R's `svyby` computes them: on the whole design, with
/// rows outside the domain contributing zero (never by dropping rows), so that strata and
/// PSUs without members of the domain still count.
///
/// # Example
/// ```
/// use yoron::weight::{Estimand, ProportionCi};
/// let e = Estimand::proportions("q1").by("country").contrast("JP", "KR").interval(ProportionCi::Beta);
/// assert_eq!(e.columns().names(), vec!["q1", "country"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Estimand {
    what: What,
    by: Option<String>,
    contrast: Option<(String, String)>,
    level: f64,
    method: ProportionCi,
    na_rm: bool,
}

impl Estimand {
    fn new(what: What) -> Estimand {
        Estimand {
            what,
            by: None,
            contrast: None,
            level: 0.95,
            method: ProportionCi::default(),
            na_rm: false,
        }
    }

    /// The proportion of each category of a variable (R `svymean(~factor(var))` and
    /// `svyciprop`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::proportions("q1").columns().names(), vec!["q1"]);
    /// ```
    pub fn proportions(variable: impl Into<String>) -> Estimand {
        Estimand::new(What::Proportions(variable.into()))
    }

    /// The proportion of 1s in each of a set of 0/1 indicator columns, as for a
    /// multiple-response question (one column per option).
    ///
    /// # Example
    /// ```
    /// let e = yoron::weight::Estimand::indicators(["m1", "m2"]);
    /// assert_eq!(e.columns().names(), vec!["m1", "m2"]);
    /// ```
    pub fn indicators<I, S>(columns: I) -> Estimand
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Estimand::new(What::Indicators(
            columns.into_iter().map(Into::into).collect(),
        ))
    }

    /// The mean of a numeric variable (R `svymean(~var)`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::mean("age").columns().names(), vec!["age"]);
    /// ```
    pub fn mean(variable: impl Into<String>) -> Estimand {
        Estimand::new(What::Mean(variable.into()))
    }

    /// The population total of a numeric variable (R `svytotal(~var)`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::total("hh").columns().names(), vec!["hh"]);
    /// ```
    pub fn total(variable: impl Into<String>) -> Estimand {
        Estimand::new(What::Total(variable.into()))
    }

    /// Estimates for each level of a grouping variable (domains; R `svyby`).
    ///
    /// # Example
    /// ```
    /// let e = yoron::weight::Estimand::mean("age").by("sex");
    /// assert_eq!(e.columns().names(), vec!["age", "sex"]);
    /// ```
    pub fn by(mut self, variable: impl Into<String>) -> Estimand {
        self.by = Some(variable.into());
        self
    }

    /// Adds the difference between two domains (`a − b`) with its standard error, which
    /// accounts for the covariance of the two domain estimates. Needs [`Estimand::by`].
    ///
    /// # Example
    /// ```
    /// let e = yoron::weight::Estimand::mean("age").by("country").contrast("JP", "KR");
    /// assert_eq!(e.contrast_levels(), Some(("JP", "KR")));
    /// ```
    pub fn contrast(mut self, a: impl Into<String>, b: impl Into<String>) -> Estimand {
        self.contrast = Some((a.into(), b.into()));
        self
    }

    /// The two levels of the contrast, if any.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::mean("age").contrast_levels(), None);
    /// ```
    pub fn contrast_levels(&self) -> Option<(&str, &str)> {
        self.contrast
            .as_ref()
            .map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// The confidence level, in (0, 1); 0.95 by default.
    ///
    /// # Example
    /// ```
    /// let e = yoron::weight::Estimand::mean("age").level(0.9);
    /// assert_eq!(e.confidence_level(), 0.9);
    /// ```
    pub fn level(mut self, level: f64) -> Estimand {
        self.level = level;
        self
    }

    /// The confidence level.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::mean("age").confidence_level(), 0.95);
    /// ```
    pub fn confidence_level(&self) -> f64 {
        self.level
    }

    /// The interval method for proportions ([`ProportionCi::Logit`] by default). Means,
    /// totals and contrasts always get a Wald interval with a t quantile on the design df.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Estimand, ProportionCi};
    /// let e = Estimand::proportions("q").interval(ProportionCi::Wilson);
    /// assert_eq!(e.interval_method(), ProportionCi::Wilson);
    /// ```
    pub fn interval(mut self, method: ProportionCi) -> Estimand {
        self.method = method;
        self
    }

    /// The interval method for proportions.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Estimand, ProportionCi};
    /// assert_eq!(Estimand::proportions("q").interval_method(), ProportionCi::Logit);
    /// ```
    pub fn interval_method(&self) -> ProportionCi {
        self.method
    }

    /// Whether missing values are allowed: when true, respondents with a missing answer
    /// (or a missing group) are left out as a domain is (R `na.rm = TRUE`); when false (the
    /// default) a missing value is an error naming its rows.
    ///
    /// # Example
    /// ```
    /// let e = yoron::weight::Estimand::mean("age").na_rm(true);
    /// assert!(e.drops_missing());
    /// ```
    pub fn na_rm(mut self, drop: bool) -> Estimand {
        self.na_rm = drop;
        self
    }

    /// Whether missing values are left out.
    ///
    /// # Example
    /// ```
    /// assert!(!yoron::weight::Estimand::mean("age").drops_missing());
    /// ```
    pub fn drops_missing(&self) -> bool {
        self.na_rm
    }

    /// The columns the estimate reads.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{ColumnKind, Estimand};
    /// let c = Estimand::total("hh").by("region").columns();
    /// assert_eq!(c.kind("hh"), Some(ColumnKind::Number));
    /// assert_eq!(c.kind("region"), Some(ColumnKind::Category));
    /// ```
    pub fn columns(&self) -> Columns {
        let mut c = match &self.what {
            What::Proportions(v) => Columns::new().category(v),
            What::Indicators(v) => Columns::new().numbers(v.iter().cloned()),
            What::Mean(v) | What::Total(v) => Columns::new().number(v),
        };
        if let Some(by) = &self.by {
            c = c.category(by);
        }
        c
    }
}

/// The kind of statistic an [`Estimate`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Statistic {
    /// A proportion in [0, 1].
    Proportion,
    /// A mean.
    Mean,
    /// A population total.
    Total,
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Statistic::Proportion => "proportion",
            Statistic::Mean => "mean",
            Statistic::Total => "total",
        })
    }
}

/// One design-based estimate with its uncertainty.
///
/// # Formula
/// For a domain d and weights wᵢ: p̂ = Σ wᵢ yᵢ Iᵢ / Σ wᵢ Iᵢ with influence values
/// zᵢ = wᵢ Iᵢ (yᵢ − p̂) / Σ wᵢ Iᵢ; the variance is Σₕ fₕ nₕ/(nₕ − 1) Σₚ (Zₕₚ − Z̄ₕ)² over
/// PSU totals Zₕₚ of zᵢ (Taylor linearisation, PSUs with replacement). Design effects:
/// `deff` = V / (s²/n) with s² the weighted variance × n/(n − 1) (R `deff = "replace"`);
/// `deff_without_replacement` = V / (s² (N̂ − n)/(N̂ n)) (R `deff = TRUE`);
/// `kish_deff` = n Σ wᵢ² / (Σ wᵢ)². `n_eff` = n / `deff`.
///
/// # References
/// Kish, L. (1965) *Survey Sampling*. Wiley. — Wolter, K. (2007) *Introduction to Variance
/// Estimation*, 2nd ed. Springer. — Lumley, T. (2010) *Complex Surveys*. Wiley.
///
/// Matches R: `svymean(~y, design, deff = "replace")`, `svyby(~y, ~g, design, svymean)`,
/// `svyciprop(~I(y == level), design, method = ...)`.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Estimand, Respondents};
/// let spec = DesignSpec::new();
/// let q = Estimand::proportions("q");
/// let data = Respondents::from_csv_reader("q\na\nb\nb\nb\n".as_bytes(), &q.columns())?;
/// let est = spec.build(data)?.estimate(&q)?;
/// let b = est.find(None, "b")?;
/// assert_eq!(b.estimate(), 0.75);
/// assert!((b.se() - (0.75f64 * 0.25 / 3.0).sqrt()).abs() < 1e-12);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    group: Option<String>,
    contrast: bool,
    variable: String,
    level: Option<String>,
    statistic: Statistic,
    estimate: f64,
    se: f64,
    ci: Option<Interval>,
    df: i64,
    deff: Option<f64>,
    deff_wor: Option<f64>,
    kish_deff: Option<f64>,
    n: u64,
    n_eff: Option<f64>,
    weighted_n: f64,
}

impl Estimate {
    /// The domain ("JP"), the contrast ("JP-KR"), or `None` for the whole sample.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].group(), None);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// Whether this row is a contrast between two domains.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert!(!d.estimate(&q)?.rows()[0].is_contrast());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_contrast(&self) -> bool {
        self.contrast
    }

    /// The variable (for indicator sets, the indicator's column).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].variable(), "q");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn variable(&self) -> &str {
        &self.variable
    }

    /// The category for a proportion (`"1"` for an indicator), `None` for means and totals.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[1].level(), Some("b"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> Option<&str> {
        self.level.as_deref()
    }

    /// The kind of statistic.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].statistic(), Statistic::Proportion);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn statistic(&self) -> Statistic {
        self.statistic
    }

    /// The estimate.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].estimate(), 0.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The standard error.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert!((d.estimate(&q)?.rows()[0].se() - 0.5).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se(&self) -> f64 {
        self.se
    }

    /// The confidence interval, `None` when the method is undefined here (an estimate of
    /// 0 or 1 on the logit scale, no variance, df ≤ 0).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\nb\n".as_bytes(), &q.columns())?)?;
    /// let ci = d.estimate(&q)?.rows()[1].ci().unwrap();
    /// assert!(ci.contains(2.0 / 3.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci(&self) -> Option<Interval> {
        self.ci
    }

    /// The degrees of freedom of the interval: PSUs − strata among the domain's rows (R
    /// `degf()` of the domain's design), or of the whole design for a contrast.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].df(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> i64 {
        self.df
    }

    /// Design effect against simple random sampling with replacement (R
    /// `deff = "replace"`); `None` when undefined (no variance in the domain).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert!((d.estimate(&q)?.rows()[0].deff().unwrap() - 1.0).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn deff(&self) -> Option<f64> {
        self.deff
    }

    /// Design effect against simple random sampling without replacement from a
    /// population of Σw (R `deff = TRUE`); `None` when the weights sum to no more than the
    /// sample size (weights scaled to n, where R gives `NA` or `Inf`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].deff_without_replacement(), None);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn deff_without_replacement(&self) -> Option<f64> {
        self.deff_wor
    }

    /// Kish's design effect of unequal weighting, n Σw² / (Σw)², in the domain.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].kish_deff(), Some(1.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kish_deff(&self) -> Option<f64> {
        self.kish_deff
    }

    /// Kish's effective sample size (Σw)² / Σw² in the domain.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].kish_n_eff(), Some(2.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kish_n_eff(&self) -> Option<f64> {
        self.kish_deff.map(|d| self.n as f64 / d)
    }

    /// Respondents in the domain (with an answer).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].n(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Effective sample size n / deff (deff with replacement).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert!((d.estimate(&q)?.rows()[0].n_eff().unwrap() - 2.0).abs() < 1e-9);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_eff(&self) -> Option<f64> {
        self.n_eff
    }

    /// The sum of weights in the domain.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[0].weighted_n(), 2.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn weighted_n(&self) -> f64 {
        self.weighted_n
    }
}

/// The estimates of one [`Estimand`]: a row per (domain, category), then contrasts.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// let q = Estimand::proportions("q").by("g").contrast("x", "y");
/// let csv = "q,g\na,x\nb,x\na,y\na,y\n";
/// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &q.columns())?)?;
/// let est = d.estimate(&q)?;
/// assert_eq!(est.rows().len(), 6); // 2 domains × 2 levels + 2 contrasts
/// assert_eq!(est.find(Some("x-y"), "a")?.estimate(), -0.5);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Estimates {
    rows: Vec<Estimate>,
    level: f64,
    method: Option<ProportionCi>,
}

impl Estimates {
    /// All rows: domains in level order, categories within, contrasts last.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows().len(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rows(&self) -> &[Estimate] {
        &self.rows
    }

    /// The confidence level of the intervals.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.level(), 0.95);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The interval method of proportion rows (`None` for means and totals).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.interval_method(), Some(ProportionCi::Logit));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn interval_method(&self) -> Option<ProportionCi> {
        self.method
    }

    /// The row of a group (domain or `"A-B"` contrast, `None` for the whole sample) and
    /// level (category, indicator column, or variable for means and totals).
    ///
    /// # Errors
    /// No such row (the message lists the rows that exist).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// let err = d.estimate(&q)?.find(None, "c").unwrap_err();
    /// assert!(err.to_string().contains("known: a, b"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn find(&self, group: Option<&str>, level: &str) -> Result<&Estimate> {
        let key = |e: &Estimate| e.level().unwrap_or(e.variable()).to_string();
        self.rows
            .iter()
            .find(|e| e.group() == group && (e.level() == Some(level) || e.variable() == level))
            .ok_or_else(|| {
                let known: Vec<String> = self
                    .rows
                    .iter()
                    .filter(|e| e.group() == group)
                    .map(key)
                    .collect();
                Error::unknown_name(
                    match group {
                        Some(g) => format!("estimate in group {g}"),
                        None => "estimate".to_string(),
                    },
                    level,
                    known,
                )
            })
    }
}

/// The domain of each row: `G` (one past the last level) for rows left out.
struct Domains {
    code: Vec<u32>,
    levels: Vec<String>,
    variable: Option<String>,
}

impl Design {
    /// Computes an [`Estimand`]'s estimates.
    ///
    /// # Errors
    /// A variable that was not read, or read with the wrong kind; a missing value without
    /// [`Estimand::na_rm`] (with its rows); an indicator that is not 0 or 1; a
    /// non-finite value; a contrast without `by` or with an unknown level; an empty domain;
    /// a confidence level outside (0, 1).
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
    pub fn estimate(&self, e: &Estimand) -> Result<Estimates> {
        if !(e.level > 0.0 && e.level < 1.0) {
            return Err(Error::invalid_argument(
                "level",
                "a confidence level in (0, 1)",
                format!("{}", e.level),
            ));
        }
        if e.contrast.is_some() && e.by.is_none() {
            return Err(Error::invalid_argument(
                "contrast",
                "a grouping variable (by) whose levels it compares",
                "no by variable",
            ));
        }
        let mut rows = Vec::new();
        let method = match &e.what {
            What::Proportions(v) => {
                let (codes, levels) = self.data.category(v)?;
                let mut parts = vec![(v.as_str(), levels.len())];
                if let Some(by) = &e.by {
                    parts.push((by.as_str(), self.data.category(by)?.1.len()));
                }
                self.check_levels(&parts)?;
                let doms = self.domains(e, &[(v.as_str(), codes)])?;
                rows.extend(self.proportions(e, v, codes, levels, &doms)?);
                Some(e.method)
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
                    let levels = ["0".to_string(), "1".to_string()];
                    let est = self.proportions(e, v, &codes, &levels, &doms)?;
                    rows.extend(est.into_iter().filter(|r| r.level() == Some("1")));
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
        Ok(Estimates {
            rows,
            level: e.level,
            method,
        })
    }

    /// Domain codes for the estimand, with rows left out (missing values under `na_rm`)
    /// coded `G`; errors for missing values otherwise.
    fn domains(&self, e: &Estimand, vars: &[(&str, &[u32])]) -> Result<Domains> {
        let n = self.n_rows();
        let (mut code, levels, variable) = match &e.by {
            Some(by) => {
                let (codes, levels) = self.data.category(by)?;
                self.check_levels(&[(by.as_str(), levels.len())])?;
                (codes.to_vec(), levels.to_vec(), Some(by.clone()))
            }
            None => (vec![0u32; n], vec!["(all)".to_string()], None),
        };
        let g = levels.len() as u32;
        if !e.na_rm {
            if let Some(by) = &e.by {
                let mut bad = BadList::default();
                for (i, &c) in code.iter().enumerate() {
                    if c == MISSING {
                        bad.push(i, String::new);
                    }
                }
                bad.error(
                    &self.data,
                    by,
                    "a group (pass na_rm to leave out respondents without one)",
                )?;
            }
            for (name, v) in vars {
                let mut bad = BadList::default();
                for (i, &c) in v.iter().enumerate() {
                    if c == MISSING {
                        bad.push(i, String::new);
                    }
                }
                bad.error(
                    &self.data,
                    name,
                    "an answer (pass na_rm to leave out missing answers)",
                )?;
            }
        }
        for (i, c) in code.iter_mut().enumerate() {
            if *c == MISSING || vars.iter().any(|(_, v)| v[i] == MISSING) {
                *c = g;
            }
        }
        Ok(Domains {
            code,
            levels,
            variable,
        })
    }

    /// Cell ids over (domain incl. "left out", category incl. "missing", raking cell).
    fn cells(&self, doms: &Domains, cat: &[u32], n_cat: usize) -> Result<(Vec<u32>, usize, usize)> {
        let kk = n_cat + 1;
        let n_base = (doms.levels.len() + 1) * kk;
        let (combo, n_combo): (Option<&[u32]>, usize) = match &self.raking {
            Some(r) => (Some(&r.combo), r.n_combos),
            None => (None, 1),
        };
        // Every cell id below fits in u32 once the count does.
        super::limits::cell_count(
            n_base.checked_mul(n_combo),
            "groups × levels × raking cells",
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

    /// Per-domain design facts: PSUs and strata holding rows of the domain.
    fn domain_facts(&self, doms: &Domains) -> Vec<DomainFacts> {
        let g = doms.levels.len();
        let layout = &self.layout;
        // The whole sample, nobody left out: the design's own facts.
        if g == 1 && !doms.code.contains(&1) {
            return vec![DomainFacts {
                df: self.df(),
                presence: Presence::All,
                n_rows_design: self.n_rows() as f64,
            }];
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
            let d = doms.code[i] as usize;
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
                DomainFacts {
                    df: n_psu_d - n_strata_d,
                    presence: if self.raking.is_some() {
                        Presence::All
                    } else {
                        Presence::Strata(present)
                    },
                    n_rows_design: if self.raking.is_some() {
                        self.n_rows() as f64
                    } else {
                        rows[d] as f64
                    },
                }
            })
            .collect()
    }

    fn empty_domain(&self, doms: &Domains, d: usize) -> Error {
        let level = doms.levels[d].clone();
        match &doms.variable {
            Some(v) => self.data.placed(
                ErrorKind::EmptyDomain {
                    variable: v.clone(),
                    level,
                    reason: ", all with a missing answer".into(),
                },
                v,
            ),
            None => Error::new(ErrorKind::EmptyDomain {
                variable: "(all)".into(),
                level,
                reason: ": every answer is missing".into(),
            }),
        }
    }

    fn contrast_levels(&self, e: &Estimand, doms: &Domains) -> Result<Option<(usize, usize)>> {
        let Some((a, b)) = &e.contrast else {
            return Ok(None);
        };
        let find = |l: &str| {
            doms.levels.iter().position(|x| x == l).ok_or_else(|| {
                Error::unknown_name(
                    format!(
                        "level of {}",
                        doms.variable.as_deref().unwrap_or("the grouping variable")
                    ),
                    l,
                    doms.levels.iter().cloned(),
                )
            })
        };
        let (ia, ib) = (find(a)?, find(b)?);
        if ia == ib {
            return Err(Error::invalid_argument(
                "contrast",
                "two different levels",
                format!("{a} and {b}"),
            ));
        }
        Ok(Some((ia, ib)))
    }

    fn proportions(
        &self,
        e: &Estimand,
        variable: &str,
        cat: &[u32],
        levels: &[String],
        doms: &Domains,
    ) -> Result<Vec<Estimate>> {
        let g = doms.levels.len();
        let kc = levels.len();
        let kk = kc + 1;
        let contrast = self.contrast_levels(e, doms)?;
        let (cell, n_base, n_combo) = self.cells(doms, cat, kc)?;
        let n_cells = n_base * n_combo;
        let lik = e.method == ProportionCi::Likelihood;
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
                let v = (f64::from(u8::from(c == cc)) - p(d, cc)) / dom_w[d];
                for combo in 0..n_combo {
                    let cellid = base * n_combo + combo;
                    b[cellid * k + d * kc + cc] = v;
                    if let Some((da, db)) = contrast {
                        if d == da {
                            b[cellid * k + k_main + cc] = v;
                        } else if d == db {
                            b[cellid * k + k_main + cc] = -v;
                        }
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
        let var = covariances(&self.layout, &self.weights, &inf, &pairs);
        let mut out = Vec::with_capacity(pairs.len());
        for d in 0..g {
            let n_d = dom_n[d] as f64;
            for c in 0..kc {
                let v = var[d * kc + c].max(0.0);
                let pp = p(d, c);
                let svyvar = pp * (1.0 - pp) * n_d / (n_d - 1.0);
                let dstats = DeffInput {
                    v,
                    svyvar,
                    n: n_d,
                    psum: dom_w[d],
                };
                let (deff, deff_wor) = dstats.deffs();
                let n_eff = deff.map(|x| n_d / x);
                let likelihood = lik.then(|| {
                    let m = dom_w[d] / facts[d].n_rows_design;
                    LikelihoodInput {
                        s1: wsum[d * kk + c] / m,
                        s0: (dom_w[d] - wsum[d * kk + c]) / m,
                        // svyvar of R's Pearson residuals for svyglm, (y − μ)/√(μ(1 − μ)),
                        // whose weighted mean is 0 and mean square 1 at μ = p̂.
                        dispersion: n_d / (n_d - 1.0),
                        n_rows: facts[d].n_rows_design,
                    }
                });
                let ci = proportion_ci(
                    e.method,
                    &PropInput {
                        p: pp,
                        var: v,
                        df: facts[d].df as f64,
                        level: e.level,
                        n_rows: facts[d].n_rows_design,
                        n_eff: n_eff.unwrap_or(f64::NAN),
                        likelihood,
                    },
                );
                out.push(Estimate {
                    group: doms.variable.as_ref().map(|_| doms.levels[d].clone()),
                    contrast: false,
                    variable: variable.to_string(),
                    level: Some(levels[c].clone()),
                    statistic: Statistic::Proportion,
                    estimate: pp,
                    se: v.sqrt(),
                    ci,
                    df: facts[d].df,
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
                let est = p(da, c) - p(db, c);
                out.push(self.contrast_row(
                    doms,
                    da,
                    db,
                    variable,
                    Some(&levels[c]),
                    est,
                    v,
                    e.level,
                    Statistic::Proportion,
                ));
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn contrast_row(
        &self,
        doms: &Domains,
        da: usize,
        db: usize,
        variable: &str,
        level: Option<&String>,
        est: f64,
        v: f64,
        conf: f64,
        statistic: Statistic,
    ) -> Estimate {
        let df = self.df();
        let se = v.sqrt();
        let ci = (df > 0).then(|| {
            let t = qt(0.5 + conf / 2.0, df as f64);
            Interval::new(est - t * se, est + t * se)
        });
        Estimate {
            group: Some(format!("{}-{}", doms.levels[da], doms.levels[db])),
            contrast: true,
            variable: variable.to_string(),
            level: level.cloned(),
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
    ) -> Result<Vec<Estimate>> {
        let g = doms.levels.len();
        let contrast = self.contrast_levels(e, doms)?;
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
        let mut w = vec![0.0; g];
        let mut wy = vec![0.0; g];
        let mut wyy = vec![0.0; g];
        let mut w2 = vec![0.0; g];
        let mut n = vec![0u64; g];
        for base in 0..n_base {
            let (d, c) = (base / 2, base % 2);
            if d >= g || c != 0 {
                continue;
            }
            for combo in 0..n_combo {
                let s = &sums[base * n_combo + combo];
                w[d] += s.w;
                wy[d] += s.wy;
                wyy[d] += s.wyy;
                w2[d] += s.w2;
                n[d] += s.n;
            }
        }
        if let Some(d) = n.iter().take(g).position(|&count| count == 0) {
            return Err(self.empty_domain(doms, d));
        }
        let k_main = g;
        let k = g + usize::from(contrast.is_some());
        let mean = |d: usize| wy[d] / w[d];
        let mut a = vec![0.0; n_cells * k];
        let mut b = vec![0.0; n_cells * k];
        for base in 0..n_base {
            let (d, c) = (base / 2, base % 2);
            if d >= g || c != 0 {
                continue;
            }
            let (av, bv) = if total {
                (1.0, 0.0)
            } else {
                (1.0 / w[d], -mean(d) / w[d])
            };
            for combo in 0..n_combo {
                let id = base * n_combo + combo;
                a[id * k + d] = av;
                b[id * k + d] = bv;
                if let Some((da, db)) = contrast {
                    let s = if d == da {
                        1.0
                    } else if d == db {
                        -1.0
                    } else {
                        0.0
                    };
                    a[id * k + k_main] = s * av;
                    b[id * k + k_main] = s * bv;
                }
            }
        }
        if let Some(r) = &self.raking {
            let counts: Vec<f64> = sums.iter().map(|s| s.n as f64).collect();
            let ysum: Vec<f64> = sums.iter().map(|s| s.y).collect();
            r.residualize(n_base, k, &mut b, Some(&a), &counts, Some(&ysum));
        }
        let mut pairs: Vec<Pair> = (0..g)
            .map(|d| Pair {
                a: d,
                b: d,
                presence: facts[d].presence.clone(),
            })
            .collect();
        if contrast.is_some() {
            pairs.push(Pair {
                a: k_main,
                b: k_main,
                presence: Presence::All,
            });
        }
        let inf = Influence {
            cell: &cell,
            n_cells,
            k,
            b,
            a: Some((&y_clean, a)),
        };
        let var = covariances(&self.layout, &self.weights, &inf, &pairs);
        let statistic = if total {
            Statistic::Total
        } else {
            Statistic::Mean
        };
        let mut out = Vec::new();
        for d in 0..g {
            let v = var[d].max(0.0);
            let n_d = n[d] as f64;
            let m = mean(d);
            // svyvar: weighted variance × n/(n − 1).
            let s2 = ((wyy[d] - w[d] * m * m) / w[d]).max(0.0) * n_d / (n_d - 1.0);
            let svyvar = if total { s2 * w[d] * w[d] } else { s2 };
            let (deff, deff_wor) = DeffInput {
                v,
                svyvar,
                n: n_d,
                psum: w[d],
            }
            .deffs();
            let est = if total { wy[d] } else { m };
            let df = facts[d].df;
            let se = v.sqrt();
            let ci = (df > 0).then(|| {
                let t = qt(0.5 + e.level / 2.0, df as f64);
                Interval::new(est - t * se, est + t * se)
            });
            out.push(Estimate {
                group: doms.variable.as_ref().map(|_| doms.levels[d].clone()),
                contrast: false,
                variable: variable.to_string(),
                level: None,
                statistic,
                estimate: est,
                se,
                ci,
                df,
                deff,
                deff_wor,
                kish_deff: Some(n_d * w2[d] / (w[d] * w[d])),
                n: n[d],
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
            out.push(self.contrast_row(doms, da, db, variable, None, est, v, e.level, statistic));
        }
        Ok(out)
    }
}

struct DomainFacts {
    df: i64,
    presence: Presence,
    n_rows_design: f64,
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

/// One pass: count, Σw, Σw², and with `y` Σwy, Σwy², Σy per cell. Runs on all cores for
/// large inputs.
pub(crate) fn cell_sums(
    weights: &[f64],
    cell: &[u32],
    n_cells: usize,
    y: Option<&[f64]>,
) -> Vec<CellSum> {
    let n = weights.len();
    let threads = super::engine::threads_for(n);
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
    if threads == 1 {
        return run(0..n);
    }
    let parts: Vec<Vec<CellSum>> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                let run = &run;
                sc.spawn(move || run(n * t / threads..n * (t + 1) / threads))
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut it = parts.into_iter();
    let mut acc = it.next().unwrap_or_default();
    for part in it {
        for (a, b) in acc.iter_mut().zip(part) {
            a.n += b.n;
            a.w += b.w;
            a.w2 += b.w2;
            a.wy += b.wy;
            a.wyy += b.wyy;
            a.y += b.y;
        }
    }
    acc
}
