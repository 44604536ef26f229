//! What to estimate: the statistic, its variable(s), domains, a contrast, the confidence
//! level and the interval method of proportions.

use super::quantile::QuantileInterval;
use crate::stats::ConfidenceLevel;
use crate::weight::data::Columns;
use crate::weight::interval::DesignCiMethod;

/// What is estimated.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum What {
    Proportions(String),
    Indicators(Vec<String>),
    Mean(String),
    Total(String),
    /// Totals of each category, whatever kind the column was read as.
    CategoryTotals(String),
    Ratio {
        numerator: String,
        denominator: String,
    },
    Quantiles(String, Vec<f64>),
}

/// The most quantiles one [`Estimand::quantiles`] may ask for (every percentile, 1 to 99):
/// each costs a pass over the rows for its interval.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Estimand, MAX_QUANTILES, Respondents};
/// let ps: Vec<f64> = (1..=MAX_QUANTILES + 1).map(|i| i as f64 / 101.0).collect();
/// let e = Estimand::quantiles("x", ps);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &e.columns())?)?;
/// assert!(d.estimate(&e).unwrap_err().to_string().contains("at most 99 quantiles"));
/// # Ok::<(), yoron::Error>(())
/// ```
pub const MAX_QUANTILES: usize = 99;

/// A request for estimates: the statistic and variable, an optional domain variable
/// (`by`), an optional contrast between two of its categories, the confidence level and the
/// interval method for proportions.
///
/// Domain estimates are computed as R's `svyby` computes them: on the whole design, with
/// rows outside the domain contributing zero (never by dropping rows), so that strata and
/// PSUs without members of the domain still count.
///
/// # Example
/// ```
/// use yoron::weight::{Estimand, DesignCiMethod};
/// let e = Estimand::proportions("q1").by("country").contrast("JP", "KR").interval(DesignCiMethod::Beta);
/// assert_eq!(e.columns().names(), vec!["q1", "country"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Estimand {
    pub(super) what: What,
    pub(super) by: Option<String>,
    pub(super) contrast: Option<(String, String)>,
    pub(super) level: ConfidenceLevel,
    pub(super) method: DesignCiMethod,
    pub(super) na_rm: bool,
    pub(super) quantile_interval: QuantileInterval,
}

impl Estimand {
    pub(super) fn new(what: What) -> Estimand {
        Estimand {
            what,
            by: None,
            contrast: None,
            level: ConfidenceLevel::P95,
            method: DesignCiMethod::default(),
            na_rm: false,
            quantile_interval: QuantileInterval::default(),
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

    /// The population total of a numeric variable (R `svytotal(~var)`); on a text column
    /// (some category is not a number), the total of each category (R
    /// `svytotal(~factor(var))`, see [`Estimand::category_totals`]). Its column is read as
    /// [`ColumnKind::Inferred`](crate::weight::ColumnKind::Inferred), so one read of the
    /// file tells which.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Estimand::total("hh").columns().names(), vec!["hh"]);
    /// ```
    pub fn total(variable: impl Into<String>) -> Estimand {
        Estimand::new(What::Total(variable.into()))
    }

    /// The population total of each category of a variable (R `svytotal(~factor(var))`):
    /// Σ wᵢ [yᵢ = c] with influence values wᵢ [yᵢ = c]. [`Estimand::total`] does the same on a
    /// column that was read as categories; this one also asks for the column as categories.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::category_totals("q");
    /// let csv = "w,q\n10,a\n20,b\n30,a\n";
    /// let spec = DesignSpec::new().weight("w");
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&e.columns()))?)?;
    /// assert_eq!(d.estimate(&e)?.find(None, "a")?.estimate(), 40.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn category_totals(variable: impl Into<String>) -> Estimand {
        Estimand::new(What::CategoryTotals(variable.into()))
    }

    /// The ratio of two population totals, R̂ = Σ wᵢ yᵢ / Σ wᵢ xᵢ (R
    /// `svyratio(~numerator, ~denominator, design)`), reported under the variable name
    /// `"numerator/denominator"` as R names it.
    ///
    /// # Formula
    /// Influence values zᵢ = wᵢ (yᵢ − R̂ xᵢ) / X̂ with X̂ = Σ wᵢ xᵢ, whose Taylor-linearised
    /// variance (strata, PSUs, FPC, raking as for every estimate) is the ratio's. In a
    /// domain, the sums run over the domain's rows (R `svyby(~y, ~g, design, svyratio,
    /// denominator = ~x)`). The interval is R̂ ± t(df)·SE with the design df (R
    /// `confint(svyratio(...), df = degf(design))`). On a replicate-weight design the
    /// variance is that of the replicates' ratios (R `svyratio.svyrep.design`).
    ///
    /// # Errors
    /// (From [`Design::estimate`](crate::weight::Design::estimate).) A denominator whose
    /// weighted total is zero (in the whole sample or a domain), with the domain; the errors
    /// of every estimate (missing values without [`Estimand::na_rm`], unread columns).
    ///
    /// # References
    /// Cochran, W. G. (1977) *Sampling Techniques*, 3rd ed., ch. 6. Wiley. — Lumley, T.
    /// (2010) *Complex Surveys*, §2.4. Wiley.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::ratio("spend", "people");
    /// let csv = "spend,people\n30,1\n50,2\n100,2\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &e.columns())?)?;
    /// let r = d.estimate(&e)?;
    /// assert_eq!(r.find(None, "spend/people")?.estimate(), 36.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ratio(numerator: impl Into<String>, denominator: impl Into<String>) -> Estimand {
        Estimand::new(What::Ratio {
            numerator: numerator.into(),
            denominator: denominator.into(),
        })
    }

    /// Quantiles of a numeric variable with Woodruff's confidence intervals, as R survey
    /// 4.1's `svyquantile(~var, design, quantiles = ..., ci = TRUE)` computes them with its
    /// defaults (`interval.type = "mean"`, `qrule = "math"`).
    ///
    /// # Formula
    /// The quantile (`qrule = "math"`) is the smallest value q with F̂(q) ≥ p, where
    /// F̂(q) = Σ wᵢ [xᵢ ≤ q] / Σ wᵢ. Woodruff's interval: the proportion p̂ = F̂(q̂) gets its
    /// design-based interval (L, U) — by default p̂ ± t(df)·SE(p̂) (R `interval.type =
    /// "mean"`), or another chosen with [`Estimand::quantile_interval`], including R's
    /// `"score"` (Francisco and Fuller), which is not Woodruff's — and the interval of the
    /// quantile is (F̂⁻¹(L), F̂⁻¹(U)) with the same quantile rule (an end outside [0, 1] gives
    /// no interval). The standard error is R's, (upper − lower) / (2 t(df)), where t(df) is
    /// the (1 + level)/2 quantile on the df of the rows with an answer (R `degf()` after
    /// `na.rm`). [`Estimand::interval`] does not apply to quantiles.
    ///
    /// # Errors
    /// (From [`Design::estimate`](crate::weight::Design::estimate).) A probability outside
    /// (0, 1) or not a number, more than [`MAX_QUANTILES`], a contrast, a replicate-weight
    /// design.
    ///
    /// # References
    /// Woodruff, R. S. (1952) Confidence intervals for medians and other position measures.
    /// *JASA* 47, 635–646. — Lumley, T. (2010) *Complex Surveys*, §2.4.2. Wiley.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::quantiles("age", [0.5]);
    /// let csv = "w,age\n1,20\n1,30\n3,40\n";
    /// let spec = DesignSpec::new().weight("w");
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&e.columns()))?)?;
    /// assert_eq!(d.estimate(&e)?.find(None, "0.5")?.estimate(), 40.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn quantiles(
        variable: impl Into<String>,
        probabilities: impl IntoIterator<Item = f64>,
    ) -> Estimand {
        Estimand::new(What::Quantiles(
            variable.into(),
            probabilities.into_iter().collect(),
        ))
    }

    /// The interval of [`Estimand::quantiles`] (R `svyquantile(interval.type = ...)`):
    /// Woodruff's with the proportion's Wald interval by default ([`QuantileInterval::Mean`],
    /// R's default), or another of [`QuantileInterval`]'s.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, QuantileInterval, Respondents};
    /// let e = Estimand::quantiles("x", [0.5]).quantile_interval(QuantileInterval::Beta);
    /// let csv = "x\n1\n2\n3\n4\n5\n6\n7\n8\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &e.columns())?)?;
    /// assert!(d.estimate(&e)?.rows()[0].ci().unwrap().contains(4.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn quantile_interval(mut self, method: QuantileInterval) -> Estimand {
        self.quantile_interval = method;
        self
    }

    /// Estimates for each category of a grouping variable (domains; R `svyby`).
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
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::mean("age").by("country").contrast("JP", "KR");
    /// let csv = "age,country\n20,JP\n40,JP\n30,KR\n50,KR\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &e.columns())?)?;
    /// assert_eq!(d.estimate(&e)?.find(Some("JP-KR"), "age")?.estimate(), -10.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn contrast(mut self, a: impl Into<String>, b: impl Into<String>) -> Estimand {
        self.contrast = Some((a.into(), b.into()));
        self
    }

    /// The confidence level of the intervals; [`ConfidenceLevel::P95`] by default. A level
    /// from a number is checked once, where it is made: `ConfidenceLevel::new(0.9)?`, or
    /// `"90%".parse()?` (as `compare::CompareOptions::level`).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::ConfidenceLevel;
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::mean("age").level(ConfidenceLevel::new(0.9)?);
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("age\n20\n40\n".as_bytes(), &e.columns())?)?;
    /// // The estimates say which level they were computed at.
    /// assert_eq!(d.estimate(&e)?.level(), ConfidenceLevel::P90);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(mut self, level: ConfidenceLevel) -> Estimand {
        self.level = level;
        self
    }

    /// The interval method for proportions ([`DesignCiMethod::Logit`] by default). Means,
    /// totals, ratios and contrasts always get a Wald interval with a t quantile on the
    /// design df; quantiles take [`Estimand::quantile_interval`].
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignCiMethod, DesignSpec, Estimand, Respondents};
    /// let e = Estimand::proportions("q").interval(DesignCiMethod::Wilson);
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &e.columns())?)?;
    /// assert_eq!(d.estimate(&e)?.interval_method(), Some(DesignCiMethod::Wilson));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn interval(mut self, method: DesignCiMethod) -> Estimand {
        self.method = method;
        self
    }

    /// Whether missing values are allowed: when true, respondents with a missing answer
    /// (or a missing group) are left out as a domain is (R `na.rm = TRUE`); when false (the
    /// default) a missing value is an error naming its rows.
    ///
    /// As R's `svyciprop(~I(q == "a"), design, method = ..., na.rm = TRUE)`, the intervals of
    /// proportions (and of means, totals and ratios) use the df of the whole design — or of
    /// the domain's rows, answered or not — (`degf(design)`), the beta method's effective n
    /// uses its row count (`nrow(design)`), and the likelihood method rescales the weights
    /// by its mean weight as `svyglm` does, while the estimate and its variance are those
    /// of the respondents with an answer. yoron 0.1 used the answered rows for all of these,
    /// which is R's `svyciprop(~I(q == "a"), subset(design, !is.na(q)), ...)` (about 1e-6
    /// to 5e-4 relative from the above on real data). Quantiles use the answered rows' df,
    /// as R's `svyquantile(na.rm = TRUE)` does.
    ///
    /// # Example with R's numbers
    /// ```
    /// use yoron::weight::{DesignCiMethod, DesignSpec, Estimand, Respondents};
    /// // Made-up data. R: d <- data.frame(q = c("a", "b", NA, "a", "b", "a"), s = c(1, 1, 1, 2, 2, 2),
    /// //   p = 1:6); des <- svydesign(ids = ~p, strata = ~s, data = d)
    /// let e = Estimand::proportions("q").na_rm(true).interval(DesignCiMethod::Beta);
    /// let spec = DesignSpec::new().strata("s").psu("p");
    /// let csv = "q,s,p\na,1,1\nb,1,2\n,1,3\na,2,4\nb,2,5\na,2,6\n";
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&e.columns()))?)?;
    /// let a = d.estimate(&e)?.find(None, "a")?.clone();
    /// assert_eq!(a.df(), 4); // degf(des): 6 PSUs − 2 strata, the unanswered one included
    /// // attr(svyciprop(~I(q == "a"), des, method = "beta", na.rm = TRUE), "ci")
    /// let ci = a.ci().unwrap();
    /// assert!((ci.low() - 0.06562910259071647).abs() < 1e-9 && (ci.high() - 0.9836745052639172).abs() < 1e-9);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let e = Estimand::mean("age");
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("age,id\n20,1\n,2\n40,3\n".as_bytes(), &e.columns())?)?;
    /// assert!(d.estimate(&e).is_err()); // a missing age, named with its line
    /// assert_eq!(d.estimate(&e.na_rm(true))?.rows()[0].n(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn na_rm(mut self, drop: bool) -> Estimand {
        self.na_rm = drop;
        self
    }

    /// The columns the estimate reads.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{ColumnKind, Estimand};
    /// let c = Estimand::mean("hh").by("region").columns();
    /// assert_eq!(c.kind("hh"), Some(ColumnKind::Number));
    /// assert_eq!(c.kind("region"), Some(ColumnKind::Category));
    /// // A total's variable is a number, or text whose categories each get a total.
    /// assert_eq!(Estimand::total("hh").columns().kind("hh"), Some(ColumnKind::Inferred));
    /// ```
    pub fn columns(&self) -> Columns {
        let mut c = match &self.what {
            What::Proportions(v) => Columns::new().category(v),
            What::Indicators(v) => Columns::new().numbers(v.iter().cloned()),
            What::Total(v) => Columns::new().inferred(v),
            What::Mean(v) | What::Quantiles(v, _) => Columns::new().number(v),
            What::CategoryTotals(v) => Columns::new().category(v),
            What::Ratio {
                numerator,
                denominator,
            } => Columns::new().number(numerator).number(denominator),
        };
        if let Some(by) = &self.by {
            c = c.category(by);
        }
        c
    }
}
