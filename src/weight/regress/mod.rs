//! Survey-weighted generalised linear models (R `svyglm`) and Wald tests of terms (R
//! `regTermTest`).
//!
//! The formula, the R calls matched and the references are on
//! [`Design::regress`](super::Design::regress).

mod fit;
mod formula;
mod results;

pub use results::{Coefficient, OddsRatio, Regression, WaldTest};

use super::data::Columns;
use crate::error::{Error, Result};
use crate::label::named;
use crate::stats::ConfidenceLevel;
use formula::Formula;

/// The most coefficients a model may have: the fit's work grows with their square per
/// row, so a formula that turns an id column into a factor is refused with its count.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, MAX_COEFFICIENTS, Model, Respondents};
/// assert_eq!(MAX_COEFFICIENTS, 1000);
/// let m = Model::formula("y ~ id")?;
/// let csv: String = std::iter::once("y,id\n".to_string())
///     .chain((0..1001).map(|i| format!("{},r{i}\n", i % 3)))
///     .collect();
/// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?;
/// assert!(d.regress(&m).unwrap_err().to_string().contains("at most 1000 coefficients"));
/// # Ok::<(), yoron::Error>(())
/// ```
pub const MAX_COEFFICIENTS: usize = 1000;

/// The family of a generalised linear model, each with its canonical link. Dispersion is
/// estimated (R's quasi families), which does not change the coefficients' design-based
/// standard errors.
///
/// # Example
/// ```
/// use yoron::weight::Family;
/// assert_eq!("binomial".parse::<Family>()?, Family::Binomial);
/// assert_eq!(Family::default(), Family::Gaussian);
/// assert_eq!(Family::Poisson.r_name(), "quasipoisson");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Linear regression, identity link (R `gaussian()`); the default.
    #[default]
    Gaussian,
    /// Logistic regression, logit link, for 0/1 answers or proportions (R
    /// `quasibinomial()`).
    Binomial,
    /// Log-linear regression for counts, log link (R `quasipoisson()`).
    Poisson,
}

impl Family {
    const ALL: [Family; 3] = [Family::Gaussian, Family::Binomial, Family::Poisson];

    /// yoron's name: `gaussian`, `binomial` or `poisson` (the CLI's `--family`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Family::Binomial.as_str(), "binomial");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Gaussian => "gaussian",
            Family::Binomial => "binomial",
            Family::Poisson => "poisson",
        }
    }

    /// R's family of the same fit: `gaussian`, `quasibinomial`, `quasipoisson`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Family::Binomial.r_name(), "quasibinomial");
    /// ```
    pub fn r_name(self) -> &'static str {
        match self {
            Family::Gaussian => "gaussian",
            Family::Binomial => "quasibinomial",
            Family::Poisson => "quasipoisson",
        }
    }
}

named!(exact Family::as_str, "family");

impl serde::Serialize for Family {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A regression model to fit on a design with [`Design::regress`](super::Design::regress):
/// formula, family, reference levels, a domain, missing-value handling, confidence level.
///
/// Predictors are numeric when their column is read as numbers or every category is a
/// number, categorical otherwise (or when written `factor(x)`), as R's `read.csv` and
/// `glm` treat them. A categorical predictor is coded by treatment contrasts against its
/// first level (sorted as [`Respondents::categories`](super::Respondents::categories):
/// numbers numerically, text by bytes, as R's `factor()` in the C locale) unless
/// [`Model::reference`] picks another; coefficients are named as R names them
/// (`(Intercept)`, `sexM`, `age:sexM`).
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Family, Model, Respondents};
/// let csv = "y,x,g\n1,1,a\n0,2,b\n1,3,a\n1,4,b\n0,5,a\n1,6,b\n0,7,a\n0,8,b\n";
/// let model = Model::formula("y ~ x + g")?.family(Family::Binomial);
/// let data = Respondents::from_csv_reader(csv.as_bytes(), &model.columns())?;
/// let fit = DesignSpec::new().build(data)?.regress(&model)?;
/// let names: Vec<&str> = fit.coefficients().iter().map(|c| c.term()).collect();
/// assert_eq!(names, ["(Intercept)", "x", "gb"]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    formula: Formula,
    family: Family,
    references: Vec<(String, String)>,
    domain: Option<(String, String)>,
    na_rm: bool,
    level: ConfidenceLevel,
    max_iterations: u32,
}

impl Model {
    /// A model from an R formula: `y ~ a + b`, interactions `a:b` and `a*b` (both terms and
    /// their interaction), `factor(x)`, `0 +` or `- 1` to drop the intercept, parentheses
    /// (`(a + b):c`); a response written `factor(y)`, as R needs for a text response of a
    /// logistic model, is the column `y`. Gaussian family, first levels as references, 95 %
    /// intervals.
    ///
    /// # Errors
    /// A formula R would not read, or one with functions other than `factor()` (the
    /// message gives the character where it went wrong).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::Model;
    /// let m = Model::formula("threat ~ age + sex * educ")?;
    /// assert_eq!(m.terms(), ["age", "sex", "educ", "sex:educ"]);
    /// assert!(Model::formula("threat ~ log(age)").is_err());
    /// assert_eq!(Model::formula("factor(threat) ~ age")?.columns().names()[0], "threat");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn formula(text: &str) -> Result<Model> {
        Ok(Model {
            formula: Formula::parse(text)?,
            family: Family::default(),
            references: Vec::new(),
            domain: None,
            na_rm: false,
            level: ConfidenceLevel::P95,
            max_iterations: 100,
        })
    }

    /// The family (gaussian by default).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Family, Model};
    /// let m = Model::formula("y ~ x")?.family(Family::Poisson);
    /// assert_eq!(m.family_kind(), Family::Poisson);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn family(mut self, family: Family) -> Model {
        self.family = family;
        self
    }

    /// The family chosen.
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Model::formula("y ~ x")?;
    /// assert_eq!(m.family_kind(), yoron::weight::Family::Gaussian);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn family_kind(&self) -> Family {
        self.family
    }

    /// The reference level of a categorical predictor (R `relevel(factor(x), ref =
    /// level)`): the other levels keep their order.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ g")?.reference("g", "b");
    /// let csv = "y,g\n1,a\n2,b\n4,c\n3,a\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?;
    /// let names: Vec<String> = d.regress(&m)?.coefficients().iter().map(|c| c.term().to_string()).collect();
    /// assert_eq!(names, ["(Intercept)", "ga", "gc"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn reference(mut self, column: impl Into<String>, level: impl Into<String>) -> Model {
        let column = column.into();
        self.references.retain(|(c, _)| *c != column);
        self.references.push((column, level.into()));
        self
    }

    /// Fit in the rows where `column` equals `level` only, keeping the whole design for the
    /// variance (R `svyglm(..., design = subset(des, column == level))`).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?.domain("c", "JP");
    /// let csv = "y,x,c\n1,1,JP\n2,2,JP\n2,3,JP\n9,1,KR\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?;
    /// let fit = d.regress(&m)?;
    /// assert_eq!(fit.n(), 3);
    /// assert!((fit.coefficients()[1].estimate() - 0.5).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn domain(mut self, column: impl Into<String>, level: impl Into<String>) -> Model {
        self.domain = Some((column.into(), level.into()));
        self
    }

    /// Drop rows with a missing value in a model variable, as R's `na.action = na.omit`
    /// (the design keeps them, contributing nothing); without it such rows are an error
    /// naming them.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n2,\n2,2\n4,3\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?;
    /// assert!(d.regress(&m).unwrap_err().to_string().contains("line 3"));
    /// assert_eq!(d.regress(&m.na_rm(true))?.n(), 3);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn na_rm(mut self, drop: bool) -> Model {
        self.na_rm = drop;
        self
    }

    /// The level of the coefficients' intervals (95 % by default, as R `confint`).
    ///
    /// # Example
    /// ```
    /// use yoron::{stats::ConfidenceLevel, weight::Model};
    /// let m = Model::formula("y ~ x")?.level(ConfidenceLevel::P90);
    /// assert_eq!(m.confidence_level(), ConfidenceLevel::P90);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(mut self, level: ConfidenceLevel) -> Model {
        self.level = level;
        self
    }

    /// The most IRLS iterations before the fit is an error (100 by default, R's `maxit`
    /// in the references).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// let m = Model::formula("y ~ x")?.family(Family::Binomial).max_iterations(1);
    /// let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?;
    /// let e = d.regress(&m).unwrap_err().to_string();
    /// assert!(e.contains("did not converge in 1 iterations"), "{e}");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn max_iterations(mut self, iterations: u32) -> Model {
        self.max_iterations = iterations.max(1);
        self
    }

    /// The level of the intervals.
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Model::formula("y ~ x")?;
    /// assert_eq!(m.confidence_level(), yoron::stats::ConfidenceLevel::P95);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn confidence_level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The terms in R's order (`attr(terms(formula), "term.labels")`).
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Model::formula("y ~ a:b + b + a")?;
    /// assert_eq!(m.terms(), ["b", "a", "a:b"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn terms(&self) -> Vec<String> {
        self.formula
            .terms
            .iter()
            .map(|&t| self.formula.label(t))
            .collect()
    }

    /// The columns to read: the response and the predictors as numbers when every value is
    /// one, else as categories ([`ColumnKind::Inferred`](crate::weight::ColumnKind::Inferred)),
    /// as R types a column it reads; `factor(x)` and the domain as categories. A
    /// categorical predictor's levels are its categories; a binomial response may be two
    /// text categories (the first, in sorted order, counts as 0: R `factor(y) ~ ...`).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{ColumnKind, Model};
    /// let c = Model::formula("y ~ age + factor(sex)")?.domain("country", "JP").columns();
    /// assert_eq!(c.names(), ["y", "age", "sex", "country"]);
    /// assert_eq!(c.kind("age"), Some(ColumnKind::Inferred));
    /// assert_eq!(c.kind("sex"), Some(ColumnKind::Category));
    /// assert_eq!(c.kind("country"), Some(ColumnKind::Category));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn columns(&self) -> Columns {
        let mut c = Columns::new().inferred(&self.formula.response);
        for v in &self.formula.variables {
            c = if v.factor {
                c.category(&v.column)
            } else {
                c.inferred(&v.column)
            };
        }
        if let Some((col, _)) = &self.domain {
            c = c.category(col);
        }
        c
    }

    /// Checks that `reference()` names variables of the formula.
    fn check(&self) -> Result<()> {
        for (col, _) in &self.references {
            if !self.formula.variables.iter().any(|v| v.column == *col) {
                return Err(Error::unknown_name(
                    "predictor in reference()",
                    col,
                    self.formula.variables.iter().map(|v| v.column.clone()),
                ));
            }
        }
        Ok(())
    }
}
