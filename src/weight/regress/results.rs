//! A fitted regression: coefficients with t tests and intervals, Wald tests of terms, odds
//! ratios, and their CSV, JSON and text forms.

use std::io::Write;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Family, Model};
use crate::error::{Error, ErrorKind, Result};
use crate::stats::ConfidenceLevel;
use crate::stats::dist::{beta_tails_of, qt};
use crate::weight::output::{Field, Record, write_csv};

/// One coefficient of a [`Regression`]: estimate, standard error, t test and interval
/// (R `summary(fit)$coefficients` and `confint(fit)`).
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Model, Respondents};
/// let m = Model::formula("y ~ x")?;
/// let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
/// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
/// let b = &fit.coefficients()[1];
/// assert_eq!(b.term(), "x");
/// assert!((b.t() - b.estimate() / b.se()).abs() < 1e-12);
/// assert!(b.ci_low() < b.estimate() && b.estimate() < b.ci_high());
/// assert!(b.p() > 0.0 && b.p() < 1.0);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Coefficient {
    term: String,
    estimate: f64,
    se: f64,
    df: i64,
    ci: (f64, f64),
}

impl Coefficient {
    /// R's name of the coefficient (`(Intercept)`, `age`, `sexM`, `age:sexM`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.coefficients()[1].term(), "x");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn term(&self) -> &str {
        &self.term
    }

    /// The estimate.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// // Sxy / Sxx = 5.5 / 5
    /// assert!((fit.coefficients()[1].estimate() - 1.1).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The design-based standard error.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let b = &fit.coefficients()[1];
    /// assert!(b.se() > 0.0 && b.se() < b.estimate());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se(&self) -> f64 {
        self.se
    }

    /// estimate / se.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let b = &fit.coefficients()[1];
    /// assert_eq!(b.t(), b.estimate() / b.se());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn t(&self) -> f64 {
        self.estimate / self.se
    }

    /// The residual degrees of freedom of the t test: `degf(design) + 1 −` coefficients.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.coefficients()[1].df(), 2); // degf 3 + 1 − 2 coefficients
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> i64 {
        self.df
    }

    /// Two-sided p-value of the t test, `2 * pt(-|t|, df)` (NaN when df ≤ 0, as R).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let p = fit.coefficients()[1].p();
    /// assert!(p > 0.0 && p < 0.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p(&self) -> f64 {
        if self.df <= 0 {
            return f64::NAN;
        }
        let t = self.t();
        let df = self.df as f64;
        // 2 pt(−|t|, df) = I_{df/(df+t²)}(df/2, 1/2), precise far into the tail.
        beta_tails_of(df / 2.0, 0.5, df / (df + t * t)).0
    }

    /// Lower end of the interval: estimate − qt(1 − α/2, df) · se.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let b = &fit.coefficients()[1];
    /// // R: qt(0.975, 2)
    /// assert!((b.estimate() - b.ci_low() - 4.302652729749464 * b.se()).abs() < 1e-9);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci_low(&self) -> f64 {
        self.ci.0
    }

    /// Upper end of the interval.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let b = &fit.coefficients()[1];
    /// assert!((b.ci_high() - b.estimate() - 4.302652729749464 * b.se()).abs() < 1e-9);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci_high(&self) -> f64 {
        self.ci.1
    }
}

/// An odds ratio of a logistic regression: exp of a coefficient and of its interval.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Family, Model, Respondents};
/// let m = Model::formula("y ~ x")?.family(Family::Binomial);
/// let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
/// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
/// let or = &fit.odds_ratios()?[1];
/// assert_eq!(or.term(), "x");
/// assert!((or.ratio() - fit.coefficients()[1].estimate().exp()).abs() < 1e-12);
/// assert!(or.ci_low() < or.ratio() && or.ratio() < or.ci_high());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OddsRatio {
    term: String,
    ratio: f64,
    ci: (f64, f64),
}

impl OddsRatio {
    /// The coefficient's name.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let or = fit.odds_ratios()?;
    /// assert_eq!(or[1].term(), "x");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn term(&self) -> &str {
        &self.term
    }

    /// exp(estimate).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let or = fit.odds_ratios()?;
    /// assert!((or[1].ratio() - fit.coefficients()[1].estimate().exp()).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// exp(lower end of the coefficient's interval).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let or = fit.odds_ratios()?;
    /// assert!((or[1].ci_low() - fit.coefficients()[1].ci_low().exp()).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci_low(&self) -> f64 {
        self.ci.0
    }

    /// exp(upper end of the coefficient's interval).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let or = fit.odds_ratios()?;
    /// assert!((or[1].ci_high() - fit.coefficients()[1].ci_high().exp()).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci_high(&self) -> f64 {
        self.ci.1
    }
}

/// A Wald test that the coefficients of one or more terms are all zero (R
/// `regTermTest(fit, ~a + b)`, method `"Wald"`): F = βᵀV⁻¹β / q on q and the fit's
/// residual degrees of freedom.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Model, Respondents};
/// let m = Model::formula("y ~ x + g")?;
/// let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
/// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
/// let test = fit.wald(&["g"])?;
/// assert_eq!((test.ndf(), test.ddf()), (2, 3));
/// assert!(test.f() > 0.0 && test.p() > 0.0 && test.p() < 1.0);
/// assert_eq!(test.terms(), ["g"]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct WaldTest {
    terms: Vec<String>,
    f: f64,
    ndf: usize,
    ddf: i64,
}

impl WaldTest {
    /// The terms tested.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.wald(&["g", "x"])?.terms(), ["g", "x"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The F statistic.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// // One coefficient: F is its t squared.
    /// let t = fit.coefficient("x")?.t();
    /// assert!((fit.wald(&["x"])?.f() - t * t).abs() < 1e-9 * t * t);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn f(&self) -> f64 {
        self.f
    }

    /// Numerator degrees of freedom: the number of coefficients tested.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.wald(&["g"])?.ndf(), 2); // gb, gc
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ndf(&self) -> usize {
        self.ndf
    }

    /// Denominator degrees of freedom: the fit's residual df.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.wald(&["g"])?.ddf(), 3); // degf 6 + 1 − 4 coefficients
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ddf(&self) -> i64 {
        self.ddf
    }

    /// `pf(F, ndf, ddf, lower.tail = FALSE)` (NaN when ddf ≤ 0).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// // One coefficient: the p-value of its t test.
    /// assert!((fit.wald(&["x"])?.p() - fit.coefficient("x")?.p()).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p(&self) -> f64 {
        if self.ddf <= 0 || !self.f.is_finite() {
            return f64::NAN;
        }
        let (d1, d2) = (self.ndf as f64, self.ddf as f64);
        beta_tails_of(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * self.f)).0
    }
}

/// A fitted survey-weighted GLM ([`Design::regress`](crate::weight::Design::regress)).
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Family, Model, Respondents};
/// let m = Model::formula("y ~ x")?.family(Family::Poisson);
/// let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
/// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
/// assert_eq!((fit.family(), fit.n(), fit.df()), (Family::Poisson, 4, 2));
/// assert_eq!(fit.formula(), "y ~ x");
/// assert!(fit.iterations() >= 2);
/// assert_eq!(fit.covariance().len(), 4);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Regression {
    formula: String,
    family: Family,
    level: ConfidenceLevel,
    terms: Vec<String>,
    term_of: Vec<Option<usize>>,
    coefficients: Vec<Coefficient>,
    cov: Vec<f64>,
    df: i64,
    n: u64,
    iterations: u32,
    tests: Vec<WaldTest>,
}

impl Regression {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        model: &Model,
        names: Vec<String>,
        term_of: Vec<Option<usize>>,
        beta: Vec<f64>,
        cov: Vec<f64>,
        df: i64,
        n: u64,
        iterations: u32,
    ) -> Regression {
        let p = beta.len();
        // R confint.svyglm: Wald interval with t quantiles on df.residual; NaN for df ≤ 0.
        let q = if df > 0 {
            qt(1.0 - model.level.alpha() / 2.0, df as f64)
        } else {
            f64::NAN
        };
        let coefficients = names
            .into_iter()
            .zip(&beta)
            .enumerate()
            .map(|(j, (term, &b))| {
                let se = cov[j * p + j].max(0.0).sqrt();
                Coefficient {
                    term,
                    estimate: b,
                    se,
                    df,
                    ci: (b - q * se, b + q * se),
                }
            })
            .collect();
        Regression {
            formula: model.formula.text.clone(),
            family: model.family,
            level: model.level,
            terms: model.terms(),
            term_of,
            coefficients,
            cov,
            df,
            n,
            iterations,
            tests: Vec::new(),
        }
    }

    /// The coefficients, in R's order.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let names: Vec<&str> = fit.coefficients().iter().map(|c| c.term()).collect();
    /// assert_eq!(names, ["(Intercept)", "x"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn coefficients(&self) -> &[Coefficient] {
        &self.coefficients
    }

    /// One coefficient by its R name.
    ///
    /// # Errors
    /// An unknown name (with the known ones).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert!((fit.coefficient("x")?.estimate() - 0.5).abs() < 1e-12);
    /// assert!(fit.coefficient("z").is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn coefficient(&self, term: &str) -> Result<&Coefficient> {
        self.coefficients
            .iter()
            .find(|c| c.term == term)
            .ok_or_else(|| {
                Error::unknown_name(
                    "coefficient",
                    term,
                    self.coefficients.iter().map(|c| c.term.clone()),
                )
            })
    }

    /// The covariance matrix of the coefficients, row-major (R `vcov(fit)`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let se = fit.coefficients()[1].se();
    /// assert!((fit.covariance()[3] - se * se).abs() < 1e-15 * se * se);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn covariance(&self) -> &[f64] {
        &self.cov
    }

    /// The family fitted.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.family(), Family::Gaussian);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn family(&self) -> Family {
        self.family
    }

    /// The formula as given.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.formula(), "y ~ x");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn formula(&self) -> &str {
        &self.formula
    }

    /// Residual degrees of freedom, `degf(design) + 1 −` coefficients (R
    /// `fit$df.residual`), with `degf` counting the PSUs and strata of the rows in the fit.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.df(), 2); // 4 respondents − 1 stratum + 1 − 2 coefficients
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> i64 {
        self.df
    }

    /// Rows in the fit (in the domain, without missing values).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.n(), 4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.n
    }

    /// IRLS iterations run.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.iterations(), 2); // a linear model converges in one step, checked by a second
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Odds ratios of a logistic regression (the intercept's is the odds at zero).
    ///
    /// # Errors
    /// A model that is not [`Family::Binomial`].
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let or = fit.odds_ratios()?;
    /// assert_eq!(or.len(), 2);
    /// let linear = Model::formula("y ~ x")?;
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &linear.columns())?)?;
    /// assert!(d.regress(&linear)?.odds_ratios().is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn odds_ratios(&self) -> Result<Vec<OddsRatio>> {
        if self.family != Family::Binomial {
            return Err(Error::invalid_argument(
                "odds ratios",
                "a logistic (binomial) regression",
                format!("a {} regression", self.family),
            ));
        }
        Ok(self
            .coefficients
            .iter()
            .map(|c| OddsRatio {
                term: c.term.clone(),
                ratio: c.estimate.exp(),
                ci: (c.ci.0.exp(), c.ci.1.exp()),
            })
            .collect())
    }

    /// The Wald test that all coefficients of the named terms are zero (R
    /// `regTermTest(fit, ~a + b)`). A term is named as in the formula (`sex`, `age:sex`;
    /// the order of an interaction's variables does not matter).
    ///
    /// # Errors
    /// No terms, or a term not in the model (with the model's terms).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Model, Respondents};
    /// # let m = Model::formula("y ~ x + g")?;
    /// # let csv = "y,x,g\n1,1,a\n3,2,b\n2,3,c\n5,4,a\n4,5,b\n6,6,c\n7,7,a\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let test = fit.wald(&["g", "x"])?;
    /// assert_eq!((test.ndf(), test.ddf()), (3, 3));
    /// assert!(fit.wald(&["h"]).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn wald(&self, terms: &[&str]) -> Result<WaldTest> {
        if terms.is_empty() {
            return Err(Error::invalid_argument("wald", "at least one term", "none"));
        }
        let canonical = |t: &str| {
            let mut parts: Vec<&str> = t.split(':').map(str::trim).collect();
            parts.sort_unstable();
            parts.join(":")
        };
        let mut wanted = Vec::new();
        for t in terms {
            match self.terms.iter().position(|m| canonical(m) == canonical(t)) {
                Some(i) => wanted.push(i),
                None => {
                    return Err(Error::unknown_name(
                        "term of the model",
                        t,
                        self.terms.iter().cloned(),
                    ));
                }
            }
        }
        let idx: Vec<usize> = (0..self.coefficients.len())
            .filter(|&c| self.term_of[c].is_some_and(|t| wanted.contains(&t)))
            .collect();
        let q = idx.len();
        let p = self.coefficients.len();
        let v: Vec<f64> = idx
            .iter()
            .flat_map(|&a| idx.iter().map(move |&b| (a, b)))
            .map(|(a, b)| self.cov[a * p + b])
            .collect();
        let beta: Vec<f64> = idx.iter().map(|&c| self.coefficients[c].estimate).collect();
        let chisq = quadratic_form(&v, q, &beta).ok_or_else(|| {
            Error::new(ErrorKind::Degenerate {
                what: format!("Wald test of {}", terms.join(", ")),
                reason: "the covariance of the coefficients is singular".to_string(),
            })
        })?;
        Ok(WaldTest {
            terms: terms.iter().map(|t| t.to_string()).collect(),
            f: chisq / q as f64,
            ndf: q,
            ddf: self.df,
        })
    }

    /// This fit with a Wald test of `terms` added to [`Regression::tests`] (and to its JSON
    /// and text forms).
    ///
    /// # Errors
    /// As [`Regression::wald`].
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let fit = fit.with_wald(&["x"])?;
    /// assert_eq!(fit.tests().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_wald(mut self, terms: &[&str]) -> Result<Regression> {
        let t = self.wald(terms)?;
        self.tests.push(t);
        Ok(self)
    }

    /// The Wald tests added with [`Regression::with_wald`].
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?;
    /// # let csv = "y,x\n1,1\n3,2\n2,3\n5,4\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert!(fit.tests().is_empty());
    /// assert_eq!(fit.with_wald(&["x"])?.tests().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn tests(&self) -> &[WaldTest] {
        &self.tests
    }

    const COLUMNS: [&'static str; 8] = [
        "term", "estimate", "se", "t", "df", "p_value", "ci_low", "ci_high",
    ];
    const TEST_COLUMNS: [&'static str; 5] = ["terms", "f", "ndf", "ddf", "p_value"];
    const OR_COLUMNS: [&'static str; 5] = ["term", "odds_ratio", "ci_low", "ci_high", "p_value"];

    fn odds_ratio_records(&self) -> Result<Vec<Record<'static>>> {
        Ok(self
            .odds_ratios()?
            .into_iter()
            .zip(&self.coefficients)
            .map(|(o, c)| Record {
                columns: &Self::OR_COLUMNS,
                cells: vec![
                    Field::Text(o.term),
                    Field::num(o.ratio, 4),
                    Field::num(o.ci.0, 4),
                    Field::num(o.ci.1, 4),
                    Field::num(c.p(), 4),
                ],
            })
            .collect())
    }

    /// Writes the odds ratios of a logistic regression as CSV:
    /// `term,odds_ratio,ci_low,ci_high,p_value` (`yoron regress --odds-ratios --format csv`).
    ///
    /// # Errors
    /// A model that is not logistic; a write that fails.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let mut out = Vec::new();
    /// fit.write_odds_ratios_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("term,odds_ratio,ci_low,ci_high,p_value\n(Intercept),"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_odds_ratios_csv<W: Write>(&self, out: W) -> Result<()> {
        write_csv(out, &Self::OR_COLUMNS, self.odds_ratio_records()?)
    }

    /// The header of [`Regression::odds_ratio_text_records`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Regression::odds_ratio_text_header()[1], "odds_ratio");
    /// ```
    pub fn odds_ratio_text_header() -> Vec<String> {
        Self::OR_COLUMNS.iter().map(|c| c.to_string()).collect()
    }

    /// The odds ratios rounded for reading, one row each.
    ///
    /// # Errors
    /// A model that is not logistic.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let rows = fit.odds_ratio_text_records()?;
    /// assert_eq!(rows[1][0], "x");
    /// assert_eq!(rows[1][1], format!("{:.4}", fit.coefficients()[1].estimate().exp()));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn odds_ratio_text_records(&self) -> Result<Vec<Vec<String>>> {
        Ok(self
            .odds_ratio_records()?
            .iter()
            .map(|r| r.text())
            .collect())
    }

    /// The odds ratios as JSON records (keys `term`, `odds_ratio`, `ci_low`, `ci_high`,
    /// `p_value`), for `yoron regress --odds-ratios --format json`.
    ///
    /// # Errors
    /// A model that is not logistic.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::{DesignSpec, Family, Model, Respondents};
    /// # let m = Model::formula("y ~ x")?.family(Family::Binomial);
    /// # let csv = "y,x\n1,1\n0,2\n1,3\n0,4\n1,5\n1,6\n";
    /// # let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let json = fit.odds_ratios_json()?;
    /// assert_eq!(json[1]["term"], "x");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn odds_ratios_json(&self) -> Result<serde_json::Value> {
        serde_json::to_value(self.odds_ratio_records()?).map_err(|e| {
            Error::new(ErrorKind::Internal {
                what: e.to_string(),
            })
        })
    }

    fn records(&self) -> impl ExactSizeIterator<Item = Record<'static>> + '_ {
        self.coefficients.iter().map(|c| Record {
            columns: &Self::COLUMNS,
            cells: vec![
                Field::Text(c.term.clone()),
                Field::num(c.estimate, 4),
                Field::num(c.se, 4),
                Field::num(c.t(), 3),
                Field::Int(c.df),
                Field::num(c.p(), 4),
                Field::num(c.ci.0, 4),
                Field::num(c.ci.1, 4),
            ],
        })
    }

    fn test_records(&self) -> impl ExactSizeIterator<Item = Record<'static>> + '_ {
        self.tests.iter().map(|t| Record {
            columns: &Self::TEST_COLUMNS,
            cells: vec![
                Field::Text(t.terms.join("+")),
                Field::num(t.f, 4),
                Field::Int(t.ndf as i64),
                Field::Int(t.ddf),
                Field::num(t.p(), 4),
            ],
        })
    }

    /// Writes the coefficients as CSV: `term,estimate,se,t,df,p_value,ci_low,ci_high`, at
    /// full precision (the columns of `yoron regress --format csv`).
    ///
    /// # Errors
    /// A write that fails.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// let mut out = Vec::new();
    /// fit.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("term,estimate,se,t,df,p_value,ci_low,ci_high\n(Intercept),"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        write_csv(out, &Self::COLUMNS, self.records())
    }

    /// Writes the Wald tests as CSV: `terms,f,ndf,ddf,p_value` (terms joined by `+`).
    ///
    /// # Errors
    /// A write that fails.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?.with_wald(&["x"])?;
    /// let mut out = Vec::new();
    /// fit.write_tests_csv(&mut out)?;
    /// assert!(String::from_utf8(out).unwrap().starts_with("terms,f,ndf,ddf,p_value\nx,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_tests_csv<W: Write>(&self, out: W) -> Result<()> {
        write_csv(out, &Self::TEST_COLUMNS, self.test_records())
    }

    /// The header of [`Regression::text_records`].
    ///
    /// # Example
    /// ```
    /// use yoron::weight::Regression;
    /// assert_eq!(Regression::text_header()[0], "term");
    /// ```
    pub fn text_header() -> Vec<String> {
        Self::COLUMNS.iter().map(|c| c.to_string()).collect()
    }

    /// The coefficients rounded for reading, one row each.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?;
    /// assert_eq!(fit.text_records()[1][..2], ["x".to_string(), "0.5000".to_string()]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn text_records(&self) -> Vec<Vec<String>> {
        self.records().map(|r| r.text()).collect()
    }

    /// Lines describing the fit and its Wald tests, for the text output.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let m = Model::formula("y ~ x")?;
    /// let csv = "y,x\n1,1\n3,2\n2,3\n";
    /// let fit = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &m.columns())?)?.regress(&m)?.with_wald(&["x"])?;
    /// let lines = fit.summary_text();
    /// assert!(lines[0].contains("gaussian"));
    /// assert!(lines[1].starts_with("Wald test of x: F = "));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn summary_text(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} regression (R {}), {} respondents, residual df {}, {} intervals, {} IRLS iterations",
            self.family,
            self.family.r_name(),
            self.n,
            self.df,
            self.level,
            self.iterations
        )];
        for t in &self.tests {
            lines.push(format!(
                "Wald test of {}: F = {:.4} on {} and {} df, p = {:.4}",
                t.terms.join(" + "),
                t.f,
                t.ndf,
                t.ddf,
                t.p()
            ));
        }
        lines
    }
}

/// JSON: `{"coefficients": [...], "tests": [...], "df", "family", "n"}`.
impl Serialize for Regression {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Regression", 5)?;
        st.serialize_field("coefficients", &self.records().collect::<Vec<_>>())?;
        st.serialize_field("tests", &self.test_records().collect::<Vec<_>>())?;
        st.serialize_field("df", &self.df)?;
        st.serialize_field("family", &self.family)?;
        st.serialize_field("n", &self.n)?;
        st.end()
    }
}

/// βᵀ V⁻¹ β through the fit's own Cholesky solve; `None` when V is not positive definite
/// (to the fit's scaled pivot tolerance).
fn quadratic_form(v: &[f64], q: usize, beta: &[f64]) -> Option<f64> {
    let l = super::fit::cholesky(v, q).ok()?;
    let c = super::fit::solve_lower_upper(&l, q, q, beta);
    Some(beta.iter().zip(&c).map(|(b, c)| b * c).sum())
}
