//! The results of an estimate: one [`DesignEstimate`] per (domain, category) and contrast,
//! gathered in [`DesignEstimates`].

use std::fmt;
use std::io::Write;

use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::stats::{Bounds, ConfidenceLevel};
use crate::weight::interval::DesignCiMethod;
use crate::weight::output::{self, Field, Record};

/// The kind of statistic a [`DesignEstimate`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Statistic {
    /// A proportion in [0, 1].
    Proportion,
    /// A mean.
    Mean,
    /// A population total (of a numeric variable, or of a category).
    Total,
    /// A ratio of two population totals.
    Ratio,
    /// A quantile (its probability in the category column).
    Quantile,
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Statistic::Proportion => "proportion",
            Statistic::Mean => "mean",
            Statistic::Total => "total",
            Statistic::Ratio => "ratio",
            Statistic::Quantile => "quantile",
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
/// `svyciprop(~I(y == category), design, method = ...)`.
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
pub struct DesignEstimate {
    pub(super) group: Option<String>,
    pub(super) contrast: bool,
    pub(super) variable: String,
    pub(super) category: Option<String>,
    pub(super) statistic: Statistic,
    pub(super) estimate: f64,
    pub(super) se: f64,
    pub(super) ci: Option<Bounds>,
    pub(super) df: i64,
    pub(super) deff: Option<f64>,
    pub(super) deff_wor: Option<f64>,
    pub(super) kish_deff: Option<f64>,
    pub(super) n: u64,
    pub(super) n_eff: Option<f64>,
    pub(super) weighted_n: f64,
}

impl DesignEstimate {
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

    /// The category for a proportion or a category's total (`"1"` for an indicator), the
    /// probability for a quantile (`"0.5"`), `None` for means, totals and ratios.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows()[1].category(), Some("b"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
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
    pub fn ci(&self) -> Option<Bounds> {
        self.ci
    }

    /// The degrees of freedom of the interval: PSUs − strata among the domain's rows (R
    /// `degf()` of the domain's design; with [`Estimand::na_rm`](super::Estimand::na_rm),
    /// rows with a missing answer count, as in R, except for quantiles), or of the whole
    /// design for a contrast.
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

/// The estimates of one [`Estimand`](super::Estimand): a row per (domain, category), then contrasts.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// let q = Estimand::proportions("q").by("g").contrast("x", "y");
/// let csv = "q,g\na,x\nb,x\na,y\na,y\n";
/// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &q.columns())?)?;
/// let est = d.estimate(&q)?;
/// assert_eq!(est.rows().len(), 6); // 2 domains × 2 categories + 2 contrasts
/// assert_eq!(est.find(Some("x-y"), "a")?.estimate(), -0.5);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DesignEstimates {
    pub(super) rows: Vec<DesignEstimate>,
    pub(super) level: ConfidenceLevel,
    pub(super) method: Option<DesignCiMethod>,
}

impl DesignEstimates {
    /// All rows: domains in category order, categories within, contrasts last.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.rows().len(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rows(&self) -> &[DesignEstimate] {
        &self.rows
    }

    /// The confidence level of the intervals.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.level(), yoron::stats::ConfidenceLevel::P95);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The interval method of proportion rows (`None` for means, totals, ratios and
    /// quantiles; a quantile's interval is
    /// [`Estimand::quantile_interval`](super::Estimand::quantile_interval)).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// assert_eq!(d.estimate(&q)?.interval_method(), Some(DesignCiMethod::Logit));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn interval_method(&self) -> Option<DesignCiMethod> {
        self.method
    }

    /// The row of a group (domain or `"A-B"` contrast, `None` for the whole sample) and
    /// category (answer category, indicator column, or variable for means and totals).
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
    pub fn find(&self, group: Option<&str>, category: &str) -> Result<&DesignEstimate> {
        let key = |e: &DesignEstimate| e.category().unwrap_or(e.variable()).to_string();
        self.rows
            .iter()
            .find(|e| {
                e.group() == group && (e.category() == Some(category) || e.variable() == category)
            })
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
                    category,
                    known,
                )
            })
    }
}

// The CSV, JSON and text forms (`yoron estimate --format csv|json|table`).
impl DesignEstimate {
    /// The columns of an estimate's CSV record, JSON object and text-table row:
    /// `group` (empty for the whole sample), `variable`, `category` (the answer category; empty for
    /// means and totals), `estimate`, `se`, `ci_low`, `ci_high`, `df`, `deff` (R's
    /// `deff = "replace"`), `n` (empty for a contrast), `n_eff`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::DesignEstimate::COLUMNS[2], "category");
    /// ```
    pub const COLUMNS: [&'static str; 11] = [
        "group", "variable", "category", "estimate", "se", "ci_low", "ci_high", "df", "deff", "n",
        "n_eff",
    ];

    fn record(&self) -> Record<'static> {
        // Proportions read to 4 decimals in the text table, means and totals to 3.
        let digits = if self.statistic == Statistic::Proportion {
            4
        } else {
            3
        };
        let text = |s: Option<&str>| Field::Text(s.unwrap_or("").to_string());
        Record {
            columns: &Self::COLUMNS,
            cells: vec![
                text(self.group()),
                text(Some(self.variable())),
                text(self.category()),
                Field::num(self.estimate, digits),
                Field::num(self.se, digits),
                Field::opt(self.ci.map(|c| c.low()), digits),
                Field::opt(self.ci.map(|c| c.high()), digits),
                Field::Int(self.df),
                Field::opt(self.deff, 3),
                if self.contrast {
                    Field::Empty
                } else {
                    Field::Int(i64::try_from(self.n).unwrap_or(i64::MAX))
                },
                Field::opt(self.n_eff, 1),
            ],
        }
    }

    /// The row as CSV cells under [`DesignEstimate::COLUMNS`], numbers at full precision
    /// (they read back to the same `f64`), missing values empty.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\nb\n".as_bytes(), &q.columns())?)?;
    /// let row = d.estimate(&q)?.rows()[0].csv_record();
    /// assert_eq!(row[..4], ["", "q", "a", "0.3333333333333333"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn csv_record(&self) -> Vec<String> {
        self.record().csv()
    }

    /// The row rounded for reading (4 decimals for proportions, 3 for means and totals,
    /// 3 for deff, 1 for n_eff), as `yoron estimate` prints its table.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\nb\n".as_bytes(), &q.columns())?)?;
    /// let row = d.estimate(&q)?.rows()[0].text_record();
    /// assert_eq!(row[..5], ["", "q", "a", "0.3333", "0.3333"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn text_record(&self) -> Vec<String> {
        self.record().text()
    }

    /// Writes estimates as CSV: the header [`DesignEstimate::COLUMNS`], then one
    /// [`csv_record`](DesignEstimate::csv_record) per estimate (`\n` line ends, quotes only
    /// where needed). Rows of several estimands go into one file this way.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignEstimate, DesignSpec, Estimand, Respondents};
    /// let (q, m) = (Estimand::proportions("q"), Estimand::mean("age"));
    /// let csv = "q,age\na,20\nb,40\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &q.columns().merge(&m.columns()))?)?;
    /// let (eq, em) = (d.estimate(&q)?, d.estimate(&m)?);
    /// let mut out = Vec::new();
    /// DesignEstimate::write_csv(eq.rows().iter().chain(em.rows()), &mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("group,variable,category,estimate,se,ci_low,ci_high,df,deff,n,n_eff\n"));
    /// assert_eq!(text.lines().count(), 4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<'a, W: Write>(
        rows: impl IntoIterator<Item = &'a DesignEstimate>,
        out: W,
    ) -> Result<()> {
        output::write_csv(
            out,
            &Self::COLUMNS,
            rows.into_iter().map(DesignEstimate::record),
        )
    }
}

/// JSON (`serde_json::to_string`): one object with the keys of
/// [`DesignEstimate::COLUMNS`] in alphabetical order, every number a JSON number
/// (floating point: `"df": 18.0`), missing values `null`, `group`, `variable` and `category`
/// strings.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// # let q = Estimand::proportions("q");
/// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
/// let json = serde_json::to_value(&d.estimate(&q)?.rows()[0]).unwrap();
/// assert_eq!(json["category"], "a");
/// assert_eq!(json["estimate"], 0.5);
/// assert!(json["group"].is_null()); // the whole sample
/// # Ok::<(), yoron::Error>(())
/// ```
impl Serialize for DesignEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.record().serialize(s)
    }
}

/// JSON: the array of [`rows`](DesignEstimates::rows), each as [`DesignEstimate`]
/// serializes.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// # let q = Estimand::proportions("q");
/// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
/// let json = serde_json::to_value(&d.estimate(&q)?).unwrap();
/// assert_eq!(json.as_array().unwrap().len(), 2);
/// # Ok::<(), yoron::Error>(())
/// ```
impl Serialize for DesignEstimates {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        output::serialize_records(self.rows.iter().map(DesignEstimate::record), s)
    }
}

impl DesignEstimates {
    /// Writes the rows as CSV (see [`DesignEstimate::write_csv`]).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let q = Estimand::proportions("q");
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// let mut out = Vec::new();
    /// d.estimate(&q)?.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.lines().nth(1).unwrap().starts_with(",q,a,0.5,0.5,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        DesignEstimate::write_csv(&self.rows, out)
    }
}
