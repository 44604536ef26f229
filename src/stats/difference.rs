//! The difference between two figures, with the variance that fits how they were sampled.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::label::named;
use crate::stats::dist;
use crate::stats::estimate::{Estimate, Precision, SampleSizeSource};
use crate::stats::interval::{self, Adjustment, Bounds};
use crate::stats::level::ConfidenceLevel;
use crate::table::{p_clause, signed};

/// The interval method for a difference between two independent samples.
///
/// Names (CLI, JSON): `newcombe` (default), `wald`, `agresti-caffo`, and Newcombe's (1998)
/// further methods `wald-cc`, `hauck-anderson`, `mee`, `miettinen-nurminen` (formulas on
/// their variants). With x = p · n_eff,
/// n = n_eff and z = Φ⁻¹(1 − α/2):
///
/// ```text
/// newcombe       d − √((p₁ − l₁)² + (u₂ − p₂)²),  d + √((u₁ − p₁)² + (p₂ − l₂)²)
///                (lᵢ, uᵢ: Wilson score bounds of pᵢ at the same level)
/// wald           d ± z √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂)
/// agresti-caffo  p̃ᵢ = (xᵢ + 1)/(nᵢ + 2),  p̃₁ − p̃₂ ± z √(Σ p̃ᵢ(1 − p̃ᵢ)/(nᵢ + 2))
/// ```
///
/// Wald and Agresti–Caffo bounds outside [−1, 1] are cut to it
/// ([`Adjustment::Clipped`]); a Wald interval whose two variances are both zero (both
/// figures 0 % or 100 %) is replaced by the Newcombe interval
/// ([`Adjustment::NewcombeAtBoundary`]).
///
/// # References
/// Newcombe, R. G. (1998). Interval estimation for the difference between independent
/// proportions: comparison of eleven methods. *Statistics in Medicine* 17, 873–890
/// (method 10, the hybrid score interval). Agresti, A. & Caffo, B. (2000). Simple and
/// effective confidence intervals for proportions and differences of proportions result
/// from adding two successes and two failures. *The American Statistician* 54, 280–288.
///
/// Matches statsmodels: `confint_proportions_2indep(x1, n1, x2, n2, method="newcomb" |
/// "wald" | "agresti-caffo", compare="diff")`; R: `prop.test(c(x1, x2), c(n1, n2), correct
/// = FALSE)$conf.int` for Wald.
///
/// # Example
/// ```
/// use yoron::stats::DiffMethod;
/// assert_eq!("agresti-caffo".parse::<DiffMethod>()?, DiffMethod::AgrestiCaffo);
/// assert_eq!(DiffMethod::default().to_string(), "newcombe");
/// assert!("score".parse::<DiffMethod>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiffMethod {
    /// Newcombe's hybrid score interval (the default).
    #[default]
    Newcombe,
    /// The normal approximation; also the only method for two figures of one sample.
    Wald,
    /// Agresti–Caffo: Wald after adding one success and one failure to each sample.
    AgrestiCaffo,
    /// Wald with continuity correction (Newcombe 1998, method 2).
    ///
    /// ```text
    /// d ± (z √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂) + ½ (1/n₁ + 1/n₂)),  cut to [−1, 1]
    /// ```
    /// Matches R: `prop.test(c(x1, x2), c(n1, n2), correct = TRUE)$conf.int` when the
    /// correction is not shrunk (|d| > ½ (1/n₁ + 1/n₂)), and the formula in
    /// `tests/reference/stats/make_reference_methods.R`.
    WaldCc,
    /// Hauck–Anderson: Wald with variances over nᵢ − 1 and a correction of 1/(2 min nᵢ).
    ///
    /// ```text
    /// d ± (z √(p₁(1 − p₁)/(n₁ − 1) + p₂(1 − p₂)/(n₂ − 1)) + 1/(2 min(n₁, n₂))),  cut to [−1, 1]
    /// ```
    /// An n of 1 or less gives [−1, 1] (marked clipped). Hauck, W. W. & Anderson, S. (1986).
    /// A comparison of large-sample confidence interval methods for the difference of two
    /// binomial probabilities. *The American Statistician* 40, 318–322. Matches R: the
    /// formula in `make_reference_methods.R`; `DescTools::BinomDiffCI(x1, n1, x2, n2, method
    /// = "ha")`.
    HauckAnderson,
    /// Mee's score interval: the differences Δ not rejected by the score test.
    ///
    /// ```text
    /// (d − Δ)² ≤ z² (p̃₁(1 − p̃₁)/n₁ + p̃₂(1 − p̃₂)/n₂),   p̃₂ = p̃₁ − Δ
    /// ```
    /// where (p̃₁, p̃₂) maximise the likelihood under p₁ − p₂ = Δ (closed form of a cubic,
    /// Farrington & Manning 1990); bounds by bisection. Mee, R. W. (1984). Confidence bounds
    /// for the difference between two probabilities. *Biometrics* 40, 1175–1176; Newcombe
    /// (1998), method 8. Matches R: `make_reference_methods.R` (uniroot);
    /// `PropCIs::diffscoreci` without the N/(N − 1) factor. statsmodels 0.15's
    /// `confint_proportions_2indep(method="score", correction=False)` differs: its restricted
    /// MLE has a wrong coefficient (statsmodels issue #10269).
    Mee,
    /// Miettinen–Nurminen score interval: Mee's with the variance times N/(N − 1),
    /// N = n₁ + n₂.
    ///
    /// ```text
    /// (d − Δ)² ≤ z² · N/(N − 1) · (p̃₁(1 − p̃₁)/n₁ + p̃₂(1 − p̃₂)/n₂)
    /// ```
    /// Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two rates. *Statistics in
    /// Medicine* 4, 213–226; Newcombe (1998), method 9. Matches R: `make_reference_methods.R`
    /// (uniroot); `ratesci::scoreci(x1, n1, x2, n2, skew = FALSE)`. statsmodels 0.15's
    /// `confint_proportions_2indep(method="score", correction=True)` differs (issue #10269).
    MiettinenNurminen,
}

impl DiffMethod {
    /// Every method.
    pub const ALL: [DiffMethod; 7] = [
        DiffMethod::Newcombe,
        DiffMethod::Wald,
        DiffMethod::AgrestiCaffo,
        DiffMethod::WaldCc,
        DiffMethod::HauckAnderson,
        DiffMethod::Mee,
        DiffMethod::MiettinenNurminen,
    ];

    /// The method's name on the command line and in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::DiffMethod::Wald.name(), "wald");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            DiffMethod::Newcombe => "newcombe",
            DiffMethod::Wald => "wald",
            DiffMethod::AgrestiCaffo => "agresti-caffo",
            DiffMethod::WaldCc => "wald-cc",
            DiffMethod::HauckAnderson => "hauck-anderson",
            DiffMethod::Mee => "mee",
            DiffMethod::MiettinenNurminen => "miettinen-nurminen",
        }
    }
}

named!(lenient DiffMethod::name, "difference method");
named!(serialize DiffMethod::name);

/// How the two figures were sampled, which decides the variance of their difference.
///
/// In the data model this follows from the data (same wave and country = same sample);
/// here, working on bare figures, it is an input.
///
/// # Example
/// ```
/// use yoron::stats::{Joint, Samples};
/// assert_eq!(Samples::default(), Samples::Independent);
/// assert!(Samples::SameMultiResponse(Joint::Unknown).is_conservative());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Samples {
    /// Two independent samples: two countries, or two waves (the default).
    #[default]
    Independent,
    /// Two options of one single-response question in one sample. The options exclude each
    /// other, so the covariance is multinomial: Cov(p₁, p₂) = −p₁p₂/n.
    SameSingleResponse,
    /// Two options of one multiple-response question in one sample; the share choosing
    /// both decides the covariance.
    SameMultiResponse(Joint),
}

impl Samples {
    /// True when the interval and p-value are conservative bounds over an unknown
    /// covariance.
    ///
    /// # Example
    /// ```
    /// assert!(!yoron::stats::Samples::Independent.is_conservative());
    /// ```
    pub fn is_conservative(self) -> bool {
        matches!(self, Samples::SameMultiResponse(Joint::Unknown))
    }

    fn name(self) -> &'static str {
        match self {
            Samples::Independent => "independent",
            Samples::SameSingleResponse => "same-sample-single",
            Samples::SameMultiResponse(_) => "same-sample-multi",
        }
    }
}

/// For two options of a multiple-response question: the share of respondents who chose
/// both.
///
/// Toplines do not publish it. With [`Unknown`](Joint::Unknown), yoron uses the Fréchet
/// bounds max(0, p₁ + p₂ − 1) ≤ P(both) ≤ min(p₁, p₂) and returns the interval and p-value
/// at the least favourable end (the lower bound, which gives the largest variance): the
/// widest interval and largest p-value over every possible covariance, so conservative.
/// With respondent-level data the share is known ([`Known`](Joint::Known)) and the result
/// is exact.
///
/// # Example
/// ```
/// use yoron::stats::Joint;
/// assert_eq!(Joint::default(), Joint::Unknown);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Joint {
    /// Not known: conservative over the Fréchet bounds (the default).
    #[default]
    Unknown,
    /// The share (a proportion in [0, 1]) who chose both options.
    Known(f64),
}

/// Options for [`Difference::new`]: level, method and how the figures were sampled.
///
/// # Example
/// ```
/// use yoron::stats::{ConfidenceLevel, DiffMethod, DiffOptions, Estimate, Samples, SampleSizeSource};
/// let opts = DiffOptions::new()
///     .level(ConfidenceLevel::P99)
///     .method(DiffMethod::AgrestiCaffo)
///     .samples(Samples::Independent);
/// let (a, b) = (Estimate::parse_percent("38", SampleSizeSource::Published(1010))?, Estimate::parse_percent("36", SampleSizeSource::Published(1010))?);
/// let d = a.diff(&b, opts)?;
/// assert_eq!((d.level(), d.method()), (ConfidenceLevel::P99, DiffMethod::AgrestiCaffo));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DiffOptions {
    pub(crate) level: ConfidenceLevel,
    pub(crate) method: Option<DiffMethod>,
    pub(crate) samples: Samples,
}

impl DiffOptions {
    /// 95 %, [`Samples::Independent`], and the method chosen by the samples: Newcombe for
    /// independent samples, Wald for one sample.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, DiffMethod, DiffOptions, Estimate, Samples, SampleSizeSource};
    /// let (a, b) = (Estimate::parse_percent("38", SampleSizeSource::Published(1010))?, Estimate::parse_percent("36", SampleSizeSource::Published(1010))?);
    /// let d = a.diff(&b, DiffOptions::new())?;
    /// assert_eq!(d.samples(), Samples::Independent);
    /// assert_eq!((d.level(), d.method()), (ConfidenceLevel::P95, DiffMethod::Newcombe));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new() -> DiffOptions {
        DiffOptions::default()
    }

    /// Sets the confidence level.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, DiffOptions, Estimate, SampleSizeSource};
    /// let (a, b) = (Estimate::parse_percent("38", SampleSizeSource::Published(1010))?, Estimate::parse_percent("36", SampleSizeSource::Published(1010))?);
    /// let d = a.diff(&b, DiffOptions::new().level(ConfidenceLevel::P90))?;
    /// assert_eq!(d.level(), ConfidenceLevel::P90);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(self, level: ConfidenceLevel) -> DiffOptions {
        DiffOptions { level, ..self }
    }

    /// Sets the interval method. Two figures of one sample only take
    /// [`DiffMethod::Wald`] (with their covariance); another method is an error there.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{DiffMethod, DiffOptions, Estimate, SampleSizeSource};
    /// let (a, b) = (Estimate::parse_percent("38", SampleSizeSource::Published(1010))?, Estimate::parse_percent("36", SampleSizeSource::Published(1010))?);
    /// let d = a.diff(&b, DiffOptions::new().method(DiffMethod::Wald))?;
    /// assert_eq!(d.method(), DiffMethod::Wald);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn method(self, method: DiffMethod) -> DiffOptions {
        DiffOptions {
            method: Some(method),
            ..self
        }
    }

    /// Sets how the figures were sampled.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{DiffOptions, Estimate, Samples, SampleSizeSource};
    /// let (a, b) = (Estimate::parse_percent("38", SampleSizeSource::Published(1010))?, Estimate::parse_percent("36", SampleSizeSource::Published(1010))?);
    /// let d = a.diff(&b, DiffOptions::new().samples(Samples::SameSingleResponse))?;
    /// assert_eq!(d.samples(), Samples::SameSingleResponse);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn samples(self, samples: Samples) -> DiffOptions {
        DiffOptions { samples, ..self }
    }
}

impl From<ConfidenceLevel> for DiffOptions {
    fn from(level: ConfidenceLevel) -> DiffOptions {
        DiffOptions::new().level(level)
    }
}

/// How rounding of the published figures bears on their difference.
///
/// # Example
/// ```
/// use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
/// let a = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
/// let b = Estimate::parse_percent("37", SampleSizeSource::Published(1010))?;
/// let r = Difference::new(&a, &b, DiffOptions::new())?.rounding().unwrap();
/// assert_eq!(r.error_points(), 1.0);
/// assert!(r.is_within()); // a 1-point gap between whole percents may be no gap at all
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoundingCheck {
    error: f64,
    within: bool,
    over_rounding: Bounds,
}

impl RoundingCheck {
    /// The largest error rounding can put in the difference, in points: the sum of the
    /// two figures' half units (1 point for two whole percents).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::parse_percent("38.1", SampleSizeSource::Published(1010))?;
    /// let b = Estimate::parse_percent("36", SampleSizeSource::Published(1010))?;
    /// let r = Difference::new(&a, &b, DiffOptions::new())?.rounding().unwrap();
    /// assert!((r.error_points() - 0.55).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn error_points(&self) -> f64 {
        self.error * 100.0
    }

    /// True when the difference is no larger than the rounding error: the published
    /// figures alone cannot tell whether the true difference is positive, zero or negative.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::parse_percent("40", SampleSizeSource::Published(1010))?;
    /// let b = Estimate::parse_percent("36", SampleSizeSource::Published(1010))?;
    /// assert!(!Difference::new(&a, &b, DiffOptions::new())?.rounding().unwrap().is_within());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_within(&self) -> bool {
        self.within
    }

    /// The union of the intervals (same method and level) over every pair of true values
    /// that round to the two figures — the rounding box — as a difference of proportions.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::parse_percent("40", SampleSizeSource::Published(1010))?;
    /// let b = Estimate::parse_percent("36", SampleSizeSource::Published(1010))?;
    /// let d = Difference::new(&a, &b, DiffOptions::new())?;
    /// let r = d.rounding().unwrap().over_rounding();
    /// assert!(r.low() < d.low() && r.high() > d.high());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn over_rounding(&self) -> Bounds {
        self.over_rounding
    }
}

/// The difference a − b between two figures, with its interval and a two-sided test of
/// "no difference".
///
/// **Test.** Independent samples: the pooled two-proportion z-test
/// z = d / √(p̄(1 − p̄)(1/n₁ + 1/n₂)), p̄ = (x₁ + x₂)/(n₁ + n₂) on effective counts, for
/// every interval method. Matches R: `prop.test(c(x1, x2), c(n1, n2), correct =
/// FALSE)$p.value` (its X-squared is z²) and statsmodels `test_proportions_2indep(x1, n1,
/// x2, n2, method="score", correction=False)`. When p̄ is 0 or 1 the figures are equal and
/// yoron returns z = 0, p = 1 (R and statsmodels give NaN). The test and the Newcombe
/// interval are different approximations: near the 5 % line they can disagree.
///
/// **One sample.** With q = P(both) (0 for a single-response question), the discordant
/// shares are b = p₁ − q and c = p₂ − q, and
/// ```text
/// Var(p₁ − p₂) = (b + c − (b − c)²) / n        interval: d ± z √Var (Wald)
/// z = d / √((b + c) / n)                        (McNemar's test on b and c, no correction)
/// ```
/// For a single-response question this is Var = (p₁ + p₂ − (p₁ − p₂)²)/n. Matches R:
/// `mcnemar.test(matrix(c(q, c, b, 1 - p1 - p2 + q) * n, 2), correct = FALSE)` for the
/// p-value. With an unknown joint share the result is conservative: see [`Joint`].
///
/// **Symmetry.** `Difference::new(b, a)` is exactly the negative of `Difference::new(a, b)`
/// (estimate, bounds and z negated and swapped; the same p-value).
///
/// JSON fields: `diff`, `ci_low`, `ci_high` (points), `p_value`, `z`, `method`, `samples`,
/// `conservative`, `level`, `a`, `b` (percent), `n_a`, `n_b`, `n_assumed`, `n_eff_a`,
/// `n_eff_b`, `adjustment`, `rounding_error` (points), `within_rounding`, `rounding_low`,
/// `rounding_high` (points; `null` when a precision is not stated or both are exact).
///
/// # Example
/// ```
/// use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
/// let jp = Estimate::from_count(384, SampleSizeSource::Published(1010))?;
/// let kr = Estimate::from_count(364, SampleSizeSource::Published(1010))?;
/// let d = Difference::new(&jp, &kr, DiffOptions::new())?;
/// assert!((d.points() - 1.980198).abs() < 1e-6);
/// assert!(d.low() < 0.0 && d.high() > 0.0);
/// // prop.test(c(384, 364), c(1010, 1010), correct = FALSE)$p.value
/// assert!((d.p_value() - 0.356771739919357).abs() < 1e-12);
/// let back = Difference::new(&kr, &jp, DiffOptions::new())?;
/// assert_eq!(back.low(), -d.high());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Difference {
    a: f64,
    b: f64,
    estimate: f64,
    bounds: Bounds,
    level: ConfidenceLevel,
    method: DiffMethod,
    samples: Samples,
    z: f64,
    p_value: f64,
    n_a: u32,
    n_b: u32,
    n_assumed: bool,
    n_eff_a: f64,
    n_eff_b: f64,
    adjustment: Adjustment,
    rounding: Option<RoundingCheck>,
    // How each figure was published and its sample size, to print them as given.
    pub(super) precision_a: Precision,
    pub(super) precision_b: Precision,
    pub(super) size_a: SampleSizeSource,
    pub(super) size_b: SampleSizeSource,
}

impl Difference {
    /// The difference a − b with the interval and test that `options` select.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when
    /// - the samples are the same but the two figures have different n or n_eff;
    /// - the samples are the same and a method other than Wald was asked for;
    /// - a single-response pair sums to more than 100 % (beyond the rounding of the two
    ///   figures), or a known joint share lies outside its Fréchet bounds (beyond rounding).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource, Samples};
    /// let n = SampleSizeSource::Published(1000);
    /// let yes = Estimate::from_count(520, n)?;
    /// let no = Estimate::from_count(410, n)?;
    /// let opts = DiffOptions::new().samples(Samples::SameSingleResponse);
    /// let d = Difference::new(&yes, &no, opts)?;
    /// // Var = (0.52 + 0.41 − 0.11²) / 1000
    /// let se = ((0.52_f64 + 0.41 - 0.11 * 0.11) / 1000.0).sqrt();
    /// assert!((d.high() - (0.11 + 1.959963984540054 * se)).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(a: &Estimate, b: &Estimate, options: DiffOptions) -> Result<Difference> {
        let samples = options.samples;
        let method = match (samples, options.method) {
            (Samples::Independent, m) => m.unwrap_or_default(),
            (_, None | Some(DiffMethod::Wald)) => DiffMethod::Wald,
            (_, Some(other)) => {
                return Err(Error::invalid_argument(
                    "method",
                    "wald for two figures from one sample (the covariance is built into it)",
                    other.name(),
                ));
            }
        };
        if samples != Samples::Independent
            && (a.n() != b.n() || (a.n_eff() - b.n_eff()).abs() > 1e-9 * a.n_eff())
        {
            return Err(Error::invalid_argument(
                "b",
                format!(
                    "a figure from the same sample as a (n = {}, n_eff = {})",
                    a.n(),
                    a.n_eff()
                ),
                format!("n = {}, n_eff = {}", b.n(), b.n_eff()),
            ));
        }
        let level = options.level;
        let half_a = a.precision().half_unit();
        let half_b = b.precision().half_unit();
        let slack = half_a.unwrap_or(0.0) + half_b.unwrap_or(0.0) + 1e-12;
        validate(samples, a.p(), b.p(), slack)?;

        let z = level.z();
        let (n1, n2) = (a.n_eff(), b.n_eff());
        let (bounds, adjustment) = diff_bounds(samples, method, z, a.p(), n1, b.p(), n2);
        let (stat, p_value) = test(samples, a.p(), n1, b.p(), n2);
        let estimate = a.p() - b.p();

        let rounding = match (a.rounding_range(), b.rounding_range()) {
            (Some(ra), Some(rb)) if ra.width() + rb.width() > 0.0 => {
                let error = half_a.unwrap_or(0.0) + half_b.unwrap_or(0.0);
                let at = |pa: f64, pb: f64| diff_bounds(samples, method, z, pa, n1, pb, n2).0;
                Some(RoundingCheck {
                    error,
                    // Tolerate the binary noise in e.g. 0.38 − 0.37 against 0.01.
                    within: estimate.abs() <= error * (1.0 + 1e-9),
                    over_rounding: over_box(samples, method, ra, rb, at).union(bounds),
                })
            }
            _ => None,
        };

        Ok(Difference {
            a: a.p(),
            b: b.p(),
            estimate,
            bounds,
            level,
            method,
            samples,
            z: stat,
            p_value,
            n_a: a.n(),
            n_b: b.n(),
            n_assumed: a.is_n_assumed() || b.is_n_assumed(),
            n_eff_a: a.n_eff(),
            n_eff_b: b.n_eff(),
            adjustment,
            rounding,
            precision_a: a.precision(),
            precision_b: b.precision(),
            size_a: a.sample_size(),
            size_b: b.sample_size(),
        })
    }

    /// The difference a − b, as a difference of proportions.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(3, SampleSizeSource::Published(4))?;
    /// let b = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert_eq!(Difference::new(&a, &b, DiffOptions::new())?.estimate(), 0.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The difference in percentage points.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(3, SampleSizeSource::Published(4))?;
    /// let b = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert_eq!(Difference::new(&a, &b, DiffOptions::new())?.points(), 50.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn points(&self) -> f64 {
        self.estimate * 100.0
    }

    /// The lower bound (difference of proportions).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(30, SampleSizeSource::Published(40))?;
    /// let b = Estimate::from_count(10, SampleSizeSource::Published(40))?;
    /// assert!(Difference::new(&a, &b, DiffOptions::new())?.low() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.bounds.low()
    }

    /// The upper bound (difference of proportions).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(30, SampleSizeSource::Published(40))?;
    /// let b = Estimate::from_count(10, SampleSizeSource::Published(40))?;
    /// assert!(Difference::new(&a, &b, DiffOptions::new())?.high() < 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.bounds.high()
    }

    /// The bounds.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(30, SampleSizeSource::Published(40))?;
    /// let d = Difference::new(&a, &a, DiffOptions::new())?;
    /// assert!(d.bounds().contains(0.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// The first figure a, as a proportion.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert_eq!(Difference::new(&a, &a, DiffOptions::new())?.a(), 0.25);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn a(&self) -> f64 {
        self.a
    }

    /// The second figure b, as a proportion.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert_eq!(Difference::new(&a, &a, DiffOptions::new())?.b(), 0.25);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn b(&self) -> f64 {
        self.b
    }

    /// The confidence level.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// let d = Difference::new(&a, &a, ConfidenceLevel::P90.into())?;
    /// assert_eq!(d.level(), ConfidenceLevel::P90);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The interval method used.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffMethod, DiffOptions, Estimate, SampleSizeSource, Samples};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// let d = Difference::new(&a, &a, DiffOptions::new().samples(Samples::SameSingleResponse))?;
    /// assert_eq!(d.method(), DiffMethod::Wald);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn method(&self) -> DiffMethod {
        self.method
    }

    /// How the figures were sampled.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource, Samples};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert_eq!(Difference::new(&a, &a, DiffOptions::new())?.samples(), Samples::Independent);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn samples(&self) -> Samples {
        self.samples
    }

    /// True when the interval and p-value are conservative bounds over an unknown
    /// covariance (a multiple-response pair without the joint share).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, Joint, SampleSizeSource, Samples};
    /// let a = Estimate::from_count(60, SampleSizeSource::Published(100))?;
    /// let b = Estimate::from_count(70, SampleSizeSource::Published(100))?;
    /// let opts = DiffOptions::new().samples(Samples::SameMultiResponse(Joint::Unknown));
    /// assert!(Difference::new(&a, &b, opts)?.is_conservative());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_conservative(&self) -> bool {
        self.samples.is_conservative()
    }

    /// The z statistic of the test (positive when a > b).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(30, SampleSizeSource::Published(40))?;
    /// let b = Estimate::from_count(10, SampleSizeSource::Published(40))?;
    /// assert!(Difference::new(&a, &b, DiffOptions::new())?.z() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn z(&self) -> f64 {
        self.z
    }

    /// The two-sided p-value of the test of no difference.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(0, SampleSizeSource::Published(40))?;
    /// assert_eq!(Difference::new(&a, &a, DiffOptions::new())?.p_value(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p_value
    }

    /// The sample sizes of a and b.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// let b = Estimate::from_count(1, SampleSizeSource::Published(5))?;
    /// assert_eq!(Difference::new(&a, &b, DiffOptions::new())?.n(), (4, 5));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> (u32, u32) {
        (self.n_a, self.n_b)
    }

    /// True when either sample size is an assumption.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// let b = Estimate::from_count(1, SampleSizeSource::Assumed(5))?;
    /// assert!(Difference::new(&a, &b, DiffOptions::new())?.is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// What was done to keep the interval meaningful, if anything.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Adjustment, Difference, DiffMethod, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(0, SampleSizeSource::Published(10))?;
    /// let d = Difference::new(&a, &a, DiffOptions::new().method(DiffMethod::Wald))?;
    /// assert_eq!(d.adjustment(), Adjustment::NewcombeAtBoundary);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn adjustment(&self) -> Adjustment {
        self.adjustment
    }

    /// The rounding check, when both figures' precisions are known and at least one was
    /// rounded.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(1, SampleSizeSource::Published(4))?;
    /// assert!(Difference::new(&a, &a, DiffOptions::new())?.rounding().is_none());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rounding(&self) -> Option<RoundingCheck> {
        self.rounding
    }
}

fn validate(samples: Samples, p1: f64, p2: f64, slack: f64) -> Result<()> {
    match samples {
        Samples::Independent | Samples::SameMultiResponse(Joint::Unknown) => Ok(()),
        Samples::SameSingleResponse if p1 + p2 <= 1.0 + slack => Ok(()),
        Samples::SameSingleResponse => Err(Error::invalid_argument(
            "samples",
            "two options of a single-response question to sum to at most 100%",
            format!("{}% + {}%", p1 * 100.0, p2 * 100.0),
        )),
        Samples::SameMultiResponse(Joint::Known(q)) => {
            let (lo, hi) = ((p1 + p2 - 1.0).max(0.0), p1.min(p2));
            if q.is_finite() && q >= lo - slack && q <= hi + slack {
                Ok(())
            } else {
                Err(Error::invalid_argument(
                    "joint",
                    format!(
                        "a share choosing both options in [{}, {}] (the Fréchet bounds)",
                        lo, hi
                    ),
                    q.to_string(),
                ))
            }
        }
    }
}

/// The interval of p1 − p2 and what was done to it.
fn diff_bounds(
    samples: Samples,
    method: DiffMethod,
    z: f64,
    p1: f64,
    n1: f64,
    p2: f64,
    n2: f64,
) -> (Bounds, Adjustment) {
    match samples {
        Samples::Independent => independent_bounds(method, z, p1, n1, p2, n2),
        Samples::SameSingleResponse | Samples::SameMultiResponse(_) => {
            let d = p1 - p2;
            let (b, c) = discordant(samples, p1, p2);
            let v = ((b + c - d * d) / n1).max(0.0);
            if v > 0.0 {
                let h = z * v.sqrt();
                clip_diff(d - h, d + h)
            } else {
                (Bounds::new(d, d), Adjustment::ZeroWidth)
            }
        }
    }
}

/// The shares answering one option but not the other, (p1 − q, p2 − q), q = P(both).
fn discordant(samples: Samples, p1: f64, p2: f64) -> (f64, f64) {
    let frechet_low = (p1 + p2 - 1.0).max(0.0);
    let q = match samples {
        Samples::SameMultiResponse(Joint::Known(q)) => q.clamp(frechet_low, p1.min(p2)),
        // The least favourable share: the largest variance, under H0 too.
        Samples::SameMultiResponse(Joint::Unknown) => frechet_low,
        _ => 0.0,
    };
    ((p1 - q).max(0.0), (p2 - q).max(0.0))
}

/// The z statistic and two-sided p-value of "no difference".
fn test(samples: Samples, p1: f64, n1: f64, p2: f64, n2: f64) -> (f64, f64) {
    let d = p1 - p2;
    match samples {
        Samples::Independent => {
            let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
            z_test(d, pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
        }
        Samples::SameSingleResponse | Samples::SameMultiResponse(_) => {
            let (b, c) = discordant(samples, p1, p2);
            z_test(d, (b + c) / n1)
        }
    }
}

/// The union of the intervals over every (pa, pb) in the rounding box ra × rb.
///
/// Newcombe's bounds are monotone in each figure (the Wilson bounds have slopes in
/// [0, 2]), so its extremes are at the two corners that make the difference smallest and
/// largest. The Wald-type bounds are not monotone next to 0 % and 100 % (the variance
/// grows faster than the difference), but the lower bound is convex and the upper bound
/// concave in (pa, pb), so nested golden-section searches find their extremes; the corners
/// are added for the places where clipping or a fallback breaks convexity.
fn over_box(
    samples: Samples,
    method: DiffMethod,
    ra: Bounds,
    rb: Bounds,
    at: impl Fn(f64, f64) -> Bounds,
) -> Bounds {
    let corners = at(ra.low(), rb.high()).union(at(ra.high(), rb.low()));
    // Newcombe's and the score intervals' bounds are monotone in each proportion (the lower
    // bound rises with a and falls with b): the two corners hold the box. The property test
    // difference_over_rounding_holds_every_difference_in_the_box checks it on a grid. (A
    // golden-section search would also cost a score interval about 2,600 root searches.)
    if samples == Samples::Independent
        && matches!(
            method,
            DiffMethod::Newcombe | DiffMethod::Mee | DiffMethod::MiettinenNurminen
        )
    {
        return corners;
    }
    let low = golden_min(ra, |pa| golden_min(rb, |pb| at(pa, pb).low()));
    let high = -golden_min(ra, |pa| golden_min(rb, |pb| -at(pa, pb).high()));
    corners
        .union(at(ra.low(), rb.low()))
        .union(at(ra.high(), rb.high()))
        .union(Bounds::new(low, high))
}

/// The minimum of a convex function over [r.low, r.high] (golden-section search, to about
/// 1e-7 of the range; the value is then exact to second order).
fn golden_min(r: Bounds, f: impl Fn(f64) -> f64) -> f64 {
    const INV_PHI: f64 = 0.618_033_988_749_894_8;
    let (mut a, mut b) = (r.low(), r.high());
    if b <= a {
        return f(a);
    }
    let mut c = b - INV_PHI * (b - a);
    let mut d = a + INV_PHI * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    let mut best = f(a).min(f(b)).min(fc).min(fd);
    for _ in 0..32 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - INV_PHI * (b - a);
            fc = f(c);
            best = best.min(fc);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + INV_PHI * (b - a);
            fd = f(d);
            best = best.min(fd);
        }
    }
    best
}

/// z = d / √v0 with its two-sided p-value; a zero null variance means the figures are
/// equal (both 0 % or both 100 %, or no discordant answers): z = 0, p = 1.
fn z_test(d: f64, v0: f64) -> (f64, f64) {
    if v0 > 0.0 {
        let z = d / v0.sqrt();
        (z, dist::normal_two_sided_p(z))
    } else {
        (0.0, 1.0)
    }
}

fn independent_bounds(
    method: DiffMethod,
    z: f64,
    p1: f64,
    n1: f64,
    p2: f64,
    n2: f64,
) -> (Bounds, Adjustment) {
    let d = p1 - p2;
    let newcombe = || {
        let w1 = interval::wilson(p1, n1, z);
        let w2 = interval::wilson(p2, n2, z);
        let down = ((p1 - w1.low()).powi(2) + (w2.high() - p2).powi(2)).sqrt();
        let up = ((w1.high() - p1).powi(2) + (p2 - w2.low()).powi(2)).sqrt();
        Bounds::new(d - down, d + up)
    };
    match method {
        DiffMethod::Newcombe => (newcombe(), Adjustment::None),
        DiffMethod::Wald => {
            let v = p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2;
            if v > 0.0 {
                let h = z * v.sqrt();
                clip_diff(d - h, d + h)
            } else {
                (newcombe(), Adjustment::NewcombeAtBoundary)
            }
        }
        DiffMethod::AgrestiCaffo => {
            let (m1, m2) = (n1 + 2.0, n2 + 2.0);
            let t1 = (p1 * n1 + 1.0) / m1;
            let t2 = (p2 * n2 + 1.0) / m2;
            let h = z * (t1 * (1.0 - t1) / m1 + t2 * (1.0 - t2) / m2).sqrt();
            let dt = t1 - t2;
            clip_diff(dt - h, dt + h)
        }
        DiffMethod::WaldCc => super::methods::diff_wald_cc(p1, n1, p2, n2, z),
        DiffMethod::HauckAnderson => super::methods::hauck_anderson(p1, n1, p2, n2, z),
        DiffMethod::Mee => (
            super::methods::score_diff(p1, n1, p2, n2, z, false),
            Adjustment::None,
        ),
        DiffMethod::MiettinenNurminen => (
            super::methods::score_diff(p1, n1, p2, n2, z, true),
            Adjustment::None,
        ),
    }
}

fn clip_diff(low: f64, high: f64) -> (Bounds, Adjustment) {
    let clipped = low < -1.0 || high > 1.0;
    let b = Bounds::new(low.max(-1.0), high.min(1.0));
    (
        b,
        if clipped {
            Adjustment::Clipped
        } else {
            Adjustment::None
        },
    )
}

impl Estimate {
    /// The difference self − other; see [`Difference::new`].
    ///
    /// # Errors
    /// As [`Difference::new`].
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{DiffOptions, Estimate, SampleSizeSource};
    /// let a = Estimate::from_count(30, SampleSizeSource::Published(100))?;
    /// let b = Estimate::from_count(20, SampleSizeSource::Published(100))?;
    /// assert!((a.diff(&b, DiffOptions::new())?.points() - 10.0).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn diff(&self, other: &Estimate, options: DiffOptions) -> Result<Difference> {
        Difference::new(self, other, options)
    }
}

impl fmt::Display for Difference {
    /// `+2.0 points [-2.2, +6.2] (95% newcombe, independent, p = 0.357)`, then notes:
    /// conservative, assumed n, adjustment, rounding. The precision (default 1) applies to
    /// the points.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(1);
        write!(
            f,
            "{} points [{}, {}] ({} {}, {}, {})",
            signed(self.points(), d),
            signed(self.low() * 100.0, d),
            signed(self.high() * 100.0, d),
            self.level,
            self.method,
            self.samples.name(),
            p_clause(self.p_value)
        )?;
        if self.is_conservative() {
            f.write_str("; conservative: covariance unknown")?;
        }
        if self.n_assumed {
            f.write_str("; n assumed")?;
        }
        if self.adjustment != Adjustment::None {
            write!(f, "; {}", self.adjustment.name())?;
        }
        if let Some(r) = self.rounding
            && r.within
        {
            write!(
                f,
                "; within rounding error (±{})",
                crate::stats::estimate::trim(r.error_points())
            )?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct DifferenceJson {
    diff: f64,
    ci_low: f64,
    ci_high: f64,
    p_value: f64,
    z: f64,
    method: DiffMethod,
    samples: &'static str,
    joint: Option<f64>,
    conservative: bool,
    level: ConfidenceLevel,
    a: f64,
    b: f64,
    n_a: u32,
    n_b: u32,
    n_assumed: bool,
    n_eff_a: f64,
    n_eff_b: f64,
    adjustment: Adjustment,
    rounding_error: Option<f64>,
    within_rounding: Option<bool>,
    rounding_low: Option<f64>,
    rounding_high: Option<f64>,
}

impl Serialize for Difference {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        DifferenceJson {
            diff: self.points(),
            ci_low: self.low() * 100.0,
            ci_high: self.high() * 100.0,
            p_value: self.p_value,
            z: self.z,
            method: self.method,
            samples: self.samples.name(),
            joint: match self.samples {
                Samples::SameMultiResponse(Joint::Known(q)) => Some(q * 100.0),
                _ => None,
            },
            conservative: self.is_conservative(),
            level: self.level,
            a: self.a * 100.0,
            b: self.b * 100.0,
            n_a: self.n_a,
            n_b: self.n_b,
            n_assumed: self.n_assumed,
            n_eff_a: self.n_eff_a,
            n_eff_b: self.n_eff_b,
            adjustment: self.adjustment,
            rounding_error: self.rounding.map(|r| r.error_points()),
            within_rounding: self.rounding.map(|r| r.within),
            rounding_low: self.rounding.map(|r| r.over_rounding.low() * 100.0),
            rounding_high: self.rounding.map(|r| r.over_rounding.high() * 100.0),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::SampleSizeSource;

    fn est(x: u32, n: u32) -> Estimate {
        Estimate::from_count(x, SampleSizeSource::Published(n)).unwrap()
    }

    #[test]
    fn same_sample_rejects_other_methods_and_other_samples() {
        let o = DiffOptions::new()
            .samples(Samples::SameSingleResponse)
            .method(DiffMethod::Newcombe);
        let e = Difference::new(&est(3, 10), &est(2, 10), o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "argument method: expected wald for two figures from one sample (the covariance is built into it), found newcombe"
        );
        let o = DiffOptions::new().samples(Samples::SameSingleResponse);
        assert!(Difference::new(&est(3, 10), &est(2, 11), o).is_err());
        assert!(Difference::new(&est(7, 10), &est(6, 10), o).is_err());
    }

    #[test]
    fn multi_unknown_is_the_widest_over_the_joint_share() {
        let (a, b) = (est(600, 1000), est(700, 1000));
        let unknown = Difference::new(
            &a,
            &b,
            DiffOptions::new().samples(Samples::SameMultiResponse(Joint::Unknown)),
        )
        .unwrap();
        for q in [0.3, 0.4, 0.5, 0.6] {
            let known = Difference::new(
                &a,
                &b,
                DiffOptions::new().samples(Samples::SameMultiResponse(Joint::Known(q))),
            )
            .unwrap();
            assert!(known.low() >= unknown.low() && known.high() <= unknown.high());
            assert!(known.p_value() <= unknown.p_value());
        }
        let bad = DiffOptions::new().samples(Samples::SameMultiResponse(Joint::Known(0.1)));
        assert!(Difference::new(&a, &b, bad).is_err());
    }

    #[test]
    fn zero_variance_same_sample_is_flagged() {
        let z = est(0, 50);
        let d = Difference::new(
            &z,
            &z,
            DiffOptions::new().samples(Samples::SameSingleResponse),
        )
        .unwrap();
        assert_eq!(d.adjustment(), Adjustment::ZeroWidth);
        assert_eq!(d.p_value(), 1.0);
    }

    #[test]
    fn display_and_json() {
        let a = Estimate::parse_percent("38", SampleSizeSource::Published(1010)).unwrap();
        let b = Estimate::parse_percent("37", SampleSizeSource::Assumed(1000)).unwrap();
        let d = Difference::new(&a, &b, DiffOptions::new()).unwrap();
        // p: prop.test(c(0.38 * 1010, 0.37 * 1000), c(1010, 1000), correct = FALSE)
        assert_eq!(
            d.to_string(),
            "+1.0 points [-3.2, +5.2] (95% newcombe, independent, p = 0.643); n assumed; within rounding error (±1)"
        );
        let j = serde_json::to_value(d).unwrap();
        assert_eq!(j["method"], "newcombe");
        assert_eq!(j["within_rounding"], true);
        assert_eq!(j["n_assumed"], true);
        assert!((j["diff"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    }
}
