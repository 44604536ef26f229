//! What to estimate: the statistic, its variable(s), domains, a contrast, the confidence
//! level and the interval method of proportions.

use crate::stats::ConfidenceLevel;
use crate::weight::data::Columns;
use crate::weight::interval::DesignCiMethod;

/// What is estimated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum What {
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
    /// totals and contrasts always get a Wald interval with a t quantile on the design df.
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
