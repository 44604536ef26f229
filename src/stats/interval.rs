//! Confidence intervals for one proportion: [`CiMethod`], [`ConfidenceInterval`].

use std::fmt;

use serde::{Serialize, Serializer};

use crate::label::named;
use crate::stats::dist;
use crate::stats::estimate::{Estimate, SampleSizeSource};
use crate::stats::level::ConfidenceLevel;

/// A method for the confidence interval of one proportion.
///
/// In the formulas, x = p · n_eff is the (effective) count, n = n_eff, z = Φ⁻¹(1 − α/2)
/// and Q(q; a, b) is the q-quantile of the Beta(a, b) distribution. Every method works on
/// a non-integer n_eff (a design effect other than 1).
///
/// **Edges.** No method returns NaN or a zero-width interval. At p = 0 and p = 1:
/// - [`Wald`](CiMethod::Wald) and [`Logit`](CiMethod::Logit) have zero width or are
///   undefined there, so yoron returns the exact Clopper–Pearson interval instead and marks
///   the result with [`Adjustment::ExactAtBoundary`];
/// - [`Wilson`](CiMethod::Wilson), [`WilsonCc`](CiMethod::WilsonCc),
///   [`ClopperPearson`](CiMethod::ClopperPearson), [`Jeffreys`](CiMethod::Jeffreys),
///   [`MidP`](CiMethod::MidP) and [`WaldCc`](CiMethod::WaldCc) have the bound at the edge
///   exactly 0 (or 1) and a positive other bound;
/// - [`Wald`](CiMethod::Wald) and [`AgrestiCoull`](CiMethod::AgrestiCoull) bounds that fall
///   outside [0, 1] (small n, p near the edges) are cut to it and the result is marked
///   [`Adjustment::Clipped`].
///
/// The names (`FromStr`, `Display`, JSON) are the CLI's: `wald`, `wilson`, `wilson-cc`,
/// `agresti-coull`, `clopper-pearson`, `jeffreys`, `logit`, `mid-p`, `wald-cc`. The default
/// is Wilson.
///
/// # Example
/// ```
/// use yoron::stats::CiMethod;
/// let m: CiMethod = "clopper-pearson".parse()?;
/// assert_eq!(m, CiMethod::ClopperPearson);
/// assert_eq!(m.to_string(), "clopper-pearson");
/// let err = "exact".parse::<CiMethod>().unwrap_err();
/// assert!(err.to_string().contains(
///     "(known: wald, wilson, wilson-cc, agresti-coull, clopper-pearson, jeffreys, logit, mid-p, wald-cc)"
/// ));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CiMethod {
    /// Normal approximation (Laplace), the textbook ± z·SE.
    ///
    /// ```text
    /// p ± z √(p (1 − p) / n)
    /// ```
    /// Poor coverage for small n or p near the edges (Brown, Cai & DasGupta 2001); offered
    /// because published margins of error are Wald margins. Matches R:
    /// `p + c(-1, 1) * qnorm(1 - alpha/2) * sqrt(p * (1 - p) / n)` cut to [0, 1]; statsmodels
    /// `proportion_confint(x, n, alpha, method="normal")` except at p = 0, 1 (see the edges
    /// above).
    Wald,
    /// Wilson score interval (the default).
    ///
    /// ```text
    /// (p + z²/(2n) ± z √(p (1 − p)/n + z²/(4n²))) / (1 + z²/n)
    /// ```
    /// Wilson (1927). Matches R: `prop.test(x, n, correct = FALSE)$conf.int`; statsmodels
    /// `proportion_confint(x, n, alpha, method="wilson")`.
    #[default]
    Wilson,
    /// Wilson score interval with continuity correction (Newcombe 1998, method 4).
    ///
    /// ```text
    /// lower = (2x + z² − 1 − z √(z² − 2 − 1/n + 4p(n(1 − p) + 1))) / (2(n + z²)),  0 if x = 0
    /// upper = (2x + z² + 1 + z √(z² + 2 − 1/n + 4p(n(1 − p) − 1))) / (2(n + z²)),  1 if x = n
    /// ```
    /// Matches R: `prop.test(x, n, p = p0, correct = TRUE)$conf.int` for any null value p0
    /// with |x − n p0| ≥ 0.5. (R shrinks the correction to |x − n p0| when that is smaller,
    /// so with the default p0 = 0.5 it drops the correction at x = n/2; yoron always applies
    /// it, as Newcombe describes.)
    WilsonCc,
    /// Agresti–Coull ("add z²/2 successes and z²/2 failures").
    ///
    /// ```text
    /// ñ = n + z²,  p̃ = (x + z²/2) / ñ,  p̃ ± z √(p̃ (1 − p̃) / ñ)
    /// ```
    /// Agresti & Coull (1998). Matches statsmodels
    /// `proportion_confint(x, n, alpha, method="agresti_coull")` (cut to [0, 1]).
    AgrestiCoull,
    /// Clopper–Pearson "exact" interval from Beta quantiles: coverage at least the nominal
    /// level for every p (conservative).
    ///
    /// ```text
    /// lower = Q(α/2; x, n − x + 1)  (0 if x = 0),   upper = Q(1 − α/2; x + 1, n − x)  (1 if x = n)
    /// ```
    /// Clopper & Pearson (1934). Matches R: `binom.test(x, n)$conf.int`; statsmodels
    /// `proportion_confint(x, n, alpha, method="beta")`. For a non-integer x (design
    /// effect) the same Beta quantiles are used.
    ClopperPearson,
    /// Jeffreys interval: equal-tailed Beta(x + ½, n − x + ½) posterior interval.
    ///
    /// ```text
    /// lower = Q(α/2; x + ½, n − x + ½)  (0 if x = 0),   upper = Q(1 − α/2; …)  (1 if x = n)
    /// ```
    /// Brown, Cai & DasGupta (2001), with their modification at x = 0 and x = n. Matches R:
    /// `qbeta(c(alpha/2, 1 - alpha/2), x + 0.5, n - x + 0.5)` except that bound at the edge;
    /// statsmodels 0.15 `method="jeffreys"` keeps the Beta quantile there (a small positive
    /// lower bound at x = 0).
    Jeffreys,
    /// Logit interval: Wald on the log-odds, transformed back.
    ///
    /// ```text
    /// λ = ln(x / (n − x)),  SE = √(n / (x (n − x))),  logistic(λ ± z SE)
    /// ```
    /// Undefined at x = 0 and x = n, where the exact interval is used instead (see the
    /// edges above). Matches R: `plogis(log(x/(n - x)) + c(-1, 1) * qnorm(1 - alpha/2) *
    /// sqrt(n/(x * (n - x))))`.
    Logit,
    /// Lancaster's mid-p interval: the Clopper–Pearson tails with half the probability of
    /// the observed count.
    ///
    /// ```text
    /// lower: P(X > x) + ½ P(X = x) = α/2  (0 if x = 0)
    /// upper: P(X < x) + ½ P(X = x) = α/2  (1 if x = n),   X ~ Binomial(n, bound)
    /// ```
    /// with the tails as incomplete beta functions, P(X ≥ x) = I_q(x, n − x + 1), so that a
    /// non-integer effective count works too; solved by bisection to machine precision.
    /// Less conservative than Clopper–Pearson, close to nominal coverage on average.
    ///
    /// # References
    /// Lancaster, H. O. (1961). Significance tests in discrete distributions. *JASA* 56,
    /// 223–234. Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    /// proportion: comparison of seven methods. *Statistics in Medicine* 17, 857–872
    /// (method 6).
    ///
    /// Matches R (base, `tests/reference/stats/make_reference_methods.R`):
    /// `uniroot(function(q) pbinom(x, n, q, lower.tail = FALSE) + dbinom(x, n, q)/2 - alpha/2,
    /// c(0, 1))` and `uniroot(function(q) pbinom(x - 1, n, q) + dbinom(x, n, q)/2 - alpha/2,
    /// c(0, 1))`; `exactci::binom.exact(x, n, midp = TRUE, tsmethod = "central")` where
    /// installed.
    MidP,
    /// Wald with continuity correction.
    ///
    /// ```text
    /// p ± (z √(p (1 − p) / n) + 1/(2n)),  cut to [0, 1]
    /// ```
    /// At x = 0 (x = n) the interval is [0, 1/(2n)] ([1 − 1/(2n), 1]): the correction gives
    /// it a width, so no exact fallback is needed. Still poor coverage near the edges.
    ///
    /// # References
    /// Newcombe, R. G. (1998). *Statistics in Medicine* 17, 857–872 (method 2).
    ///
    /// Matches R: `p + c(-1, 1) * (qnorm(1 - alpha/2) * sqrt(p * (1 - p)/n) + 1/(2 * n))`
    /// cut to [0, 1]; `DescTools::BinomCI(x, n, method = "waldcc")`.
    WaldCc,
}

impl CiMethod {
    /// Every method, in the order of the CLI's list.
    pub const ALL: [CiMethod; 9] = [
        CiMethod::Wald,
        CiMethod::Wilson,
        CiMethod::WilsonCc,
        CiMethod::AgrestiCoull,
        CiMethod::ClopperPearson,
        CiMethod::Jeffreys,
        CiMethod::Logit,
        CiMethod::MidP,
        CiMethod::WaldCc,
    ];

    /// The method's name on the command line and in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::CiMethod::WilsonCc.name(), "wilson-cc");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            CiMethod::Wald => "wald",
            CiMethod::Wilson => "wilson",
            CiMethod::WilsonCc => "wilson-cc",
            CiMethod::AgrestiCoull => "agresti-coull",
            CiMethod::ClopperPearson => "clopper-pearson",
            CiMethod::Jeffreys => "jeffreys",
            CiMethod::Logit => "logit",
            CiMethod::MidP => "mid-p",
            CiMethod::WaldCc => "wald-cc",
        }
    }
}

named!(lenient CiMethod::name, "confidence-interval method");
named!(serialize CiMethod::name);

/// What yoron did to an interval to keep it meaningful, if anything.
///
/// # Example
/// ```
/// use yoron::stats::{Adjustment, CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
/// let zero = Estimate::from_count(0, SampleSizeSource::Published(50))?;
/// let ci = zero.ci(CiMethod::Wald, ConfidenceLevel::P95);
/// assert_eq!(ci.adjustment(), Adjustment::ExactAtBoundary);
/// assert!(ci.high() > 0.0);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Adjustment {
    /// Nothing: the method's own interval (the default).
    #[default]
    None,
    /// A bound fell outside [0, 1] (for a difference, [−1, 1]) and was cut to it.
    Clipped,
    /// The estimate is 0 or 1, where the method has zero width or is undefined: the exact
    /// Clopper–Pearson interval is returned instead.
    ExactAtBoundary,
    /// A Wald difference whose two variances are both zero (both figures 0 % or 100 %):
    /// the Newcombe interval is returned instead.
    NewcombeAtBoundary,
    /// The interval has zero width because the estimated variance is zero and no better
    /// interval is available (two figures from one sample that are both 0 %, or 0 % and
    /// 100 %). Treat it as "no information about sampling error", not as certainty.
    ZeroWidth,
}

impl Adjustment {
    /// The kebab-case name used in JSON and text.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Adjustment::None => "none",
            Adjustment::Clipped => "clipped",
            Adjustment::ExactAtBoundary => "exact-at-boundary",
            Adjustment::NewcombeAtBoundary => "newcombe-at-boundary",
            Adjustment::ZeroWidth => "zero-width",
        }
    }
}

/// A lower and an upper bound.
///
/// # Example
/// ```
/// use yoron::stats::Bounds;
/// let b = Bounds::new(0.35, 0.41);
/// assert!((b.width() - 0.06).abs() < 1e-12);
/// assert!(b.contains(0.38));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Bounds {
    low: f64,
    high: f64,
}

impl Bounds {
    /// Bounds from low and high (low ≤ high is the caller's promise).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::Bounds::new(0.1, 0.2).low(), 0.1);
    /// ```
    pub fn new(low: f64, high: f64) -> Bounds {
        Bounds { low, high }
    }

    /// The lower bound.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::Bounds::new(0.1, 0.2).low(), 0.1);
    /// ```
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The upper bound.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::Bounds::new(0.1, 0.2).high(), 0.2);
    /// ```
    pub fn high(&self) -> f64 {
        self.high
    }

    /// high − low.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::Bounds::new(0.25, 0.5).width(), 0.25);
    /// ```
    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    /// True when low ≤ x ≤ high.
    ///
    /// # Example
    /// ```
    /// assert!(!yoron::stats::Bounds::new(0.1, 0.2).contains(0.3));
    /// ```
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// The smallest bounds holding both.
    pub(crate) fn union(self, other: Bounds) -> Bounds {
        Bounds::new(self.low.min(other.low), self.high.max(other.high))
    }
}

/// A confidence interval for one proportion, with everything needed to read it: method,
/// level, n (and whether it is assumed), n_eff, any [`Adjustment`], and — for a rounded
/// figure — the interval over its rounding range.
///
/// JSON (`serde_json::to_string`): `estimate`, `ci_low`, `ci_high` (percent), `method`,
/// `level`, `n`, `n_assumed`, `n_eff`, `deff`, `adjustment`, `rounding_low`,
/// `rounding_high` (percent, `null` when the precision is exact or not stated).
///
/// # Example
/// ```
/// use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
/// let est = Estimate::from_count(384, SampleSizeSource::Published(1010))?;
/// let ci = est.ci(CiMethod::Wilson, ConfidenceLevel::P95);
/// // prop.test(384, 1010, correct = FALSE)$conf.int
/// assert!((ci.low() - 0.350767548452043).abs() < 1e-12);
/// assert!((ci.high() - 0.410536353756202).abs() < 1e-12);
/// assert_eq!(format!("{ci}"), "38.0% [35.1, 41.1] (95% wilson, n = 1010)");
/// let json = serde_json::to_value(&ci).unwrap();
/// assert_eq!(json["method"], "wilson");
/// assert!((json["ci_low"].as_f64().unwrap() - 35.0767548452043).abs() < 1e-10);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfidenceInterval {
    estimate: f64,
    bounds: Bounds,
    method: CiMethod,
    level: ConfidenceLevel,
    n: u32,
    n_assumed: bool,
    n_eff: f64,
    adjustment: Adjustment,
    over_rounding: Option<Bounds>,
}

impl ConfidenceInterval {
    /// The estimate p.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(1, SampleSizeSource::Published(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert_eq!(ci.estimate(), 0.25);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The lower bound, as a proportion.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(0, SampleSizeSource::Published(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert_eq!(ci.low(), 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.bounds.low
    }

    /// The upper bound, as a proportion.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(4, SampleSizeSource::Published(4))?.ci(CiMethod::Jeffreys, ConfidenceLevel::P95);
    /// assert_eq!(ci.high(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.bounds.high
    }

    /// The bounds.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(2, SampleSizeSource::Published(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert!(ci.bounds().contains(0.5));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// The method used.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(2, SampleSizeSource::Published(4))?.ci(CiMethod::Logit, ConfidenceLevel::P95);
    /// assert_eq!(ci.method(), CiMethod::Logit);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn method(&self) -> CiMethod {
        self.method
    }

    /// The confidence level.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(2, SampleSizeSource::Published(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P99);
    /// assert_eq!(ci.level(), ConfidenceLevel::P99);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The sample size, published or assumed.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(2, SampleSizeSource::Assumed(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert_eq!(ci.n(), 4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// True when the interval rests on an assumed n.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(2, SampleSizeSource::Assumed(4))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert!(ci.is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The effective sample size used.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(50.0, SampleSizeSource::Published(100))?.with_deff(1.25)?;
    /// assert_eq!(est.ci(CiMethod::Wilson, ConfidenceLevel::P95).n_eff(), 80.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.n_eff
    }

    /// What was done to keep the interval meaningful, if anything.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Adjustment, CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(1, SampleSizeSource::Published(5))?.ci(CiMethod::Wald, ConfidenceLevel::P95);
    /// assert_eq!(ci.adjustment(), Adjustment::Clipped);
    /// assert_eq!(ci.low(), 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn adjustment(&self) -> Adjustment {
        self.adjustment
    }

    /// For a figure rounded when published: the union of the intervals (same method and
    /// level) at the two ends of its rounding range, i.e. every proportion that is inside
    /// the interval of some true value that rounds to the figure. `None` when the figure
    /// came from counts or its precision is not stated.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
    /// let ci = est.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// let r = ci.over_rounding().unwrap();
    /// let at_low = est.at_proportion(0.375).ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert_eq!(r.low(), at_low.low());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn over_rounding(&self) -> Option<Bounds> {
        self.over_rounding
    }

    /// high − low.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(0, SampleSizeSource::Published(10))?.ci(CiMethod::Wald, ConfidenceLevel::P95);
    /// assert!(ci.width() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn width(&self) -> f64 {
        self.bounds.width()
    }

    /// True when low ≤ p ≤ high.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let ci = Estimate::from_count(3, SampleSizeSource::Published(10))?.ci(CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert!(ci.contains(0.3) && !ci.contains(0.9));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn contains(&self, p: f64) -> bool {
        self.bounds.contains(p)
    }
}

impl fmt::Display for ConfidenceInterval {
    /// `38.0% [35.1, 41.0] (95% wilson, n = 1010)`; the precision (default 1) applies to
    /// every percent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(1);
        let n = if self.n_assumed {
            SampleSizeSource::Assumed(self.n)
        } else {
            SampleSizeSource::Published(self.n)
        };
        write!(
            f,
            "{:.*}% [{:.*}, {:.*}] ({} {}, n = {}",
            d,
            self.estimate * 100.0,
            d,
            self.low() * 100.0,
            d,
            self.high() * 100.0,
            self.level,
            self.method,
            n
        )?;
        if (f64::from(self.n) - self.n_eff).abs() > 1e-9 {
            write!(f, ", n_eff = {:.1}", self.n_eff)?;
        }
        if self.adjustment != Adjustment::None {
            write!(f, ", {}", self.adjustment.name())?;
        }
        f.write_str(")")?;
        if let Some(r) = self.over_rounding {
            write!(
                f,
                "; over rounding [{:.*}, {:.*}]",
                d,
                r.low * 100.0,
                d,
                r.high * 100.0
            )?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct IntervalJson {
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
    method: CiMethod,
    level: ConfidenceLevel,
    n: u32,
    n_assumed: bool,
    n_eff: f64,
    deff: f64,
    adjustment: Adjustment,
    rounding_low: Option<f64>,
    rounding_high: Option<f64>,
}

impl Serialize for ConfidenceInterval {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        IntervalJson {
            estimate: self.estimate * 100.0,
            ci_low: self.low() * 100.0,
            ci_high: self.high() * 100.0,
            method: self.method,
            level: self.level,
            n: self.n,
            n_assumed: self.n_assumed,
            n_eff: self.n_eff,
            deff: f64::from(self.n) / self.n_eff,
            adjustment: self.adjustment,
            rounding_low: self.over_rounding.map(|r| r.low * 100.0),
            rounding_high: self.over_rounding.map(|r| r.high * 100.0),
        }
        .serialize(s)
    }
}

/// The interval of `est`, with the interval over its rounding range when that is known.
pub(crate) fn confidence_interval(
    est: &Estimate,
    method: CiMethod,
    level: ConfidenceLevel,
) -> ConfidenceInterval {
    let (bounds, adjustment) = bounds(method, est.p(), est.n_eff(), level);
    let over_rounding = est.rounding_range().filter(|r| r.width() > 0.0).map(|r| {
        let (lo, _) = self::bounds(method, r.low(), est.n_eff(), level);
        let (hi, _) = self::bounds(method, r.high(), est.n_eff(), level);
        lo.union(hi).union(bounds)
    });
    ConfidenceInterval {
        estimate: est.p(),
        bounds,
        method,
        level,
        n: est.n(),
        n_assumed: est.is_n_assumed(),
        n_eff: est.n_eff(),
        adjustment,
        over_rounding,
    }
}

/// The bounds of `method` at proportion `p` on `n` (effective) respondents.
pub(crate) fn bounds(
    method: CiMethod,
    p: f64,
    n: f64,
    level: ConfidenceLevel,
) -> (Bounds, Adjustment) {
    let z = level.z();
    let alpha = level.alpha();
    let at_edge = p <= 0.0 || p >= 1.0;
    match method {
        CiMethod::Wald if at_edge => (clopper_pearson(p, n, alpha), Adjustment::ExactAtBoundary),
        CiMethod::Wald => {
            let h = z * (p * (1.0 - p) / n).sqrt();
            clip(p - h, p + h)
        }
        CiMethod::Wilson => (wilson(p, n, z), Adjustment::None),
        CiMethod::WilsonCc => (wilson_cc(p, n, z), Adjustment::None),
        CiMethod::AgrestiCoull => {
            let nt = n + z * z;
            let pt = (p * n + z * z / 2.0) / nt;
            let h = z * (pt * (1.0 - pt) / nt).sqrt();
            clip(pt - h, pt + h)
        }
        CiMethod::ClopperPearson => (clopper_pearson(p, n, alpha), Adjustment::None),
        CiMethod::Jeffreys => (jeffreys(p, n, alpha), Adjustment::None),
        CiMethod::Logit if at_edge => (clopper_pearson(p, n, alpha), Adjustment::ExactAtBoundary),
        CiMethod::Logit => {
            let lambda = (p / (1.0 - p)).ln();
            let se = (1.0 / (n * p * (1.0 - p))).sqrt();
            (
                Bounds::new(logistic(lambda - z * se), logistic(lambda + z * se)),
                Adjustment::None,
            )
        }
        CiMethod::MidP => (super::methods::mid_p(p, n, alpha), Adjustment::None),
        CiMethod::WaldCc => super::methods::wald_cc(p, n, z),
    }
}

fn clip(low: f64, high: f64) -> (Bounds, Adjustment) {
    let clipped = low < 0.0 || high > 1.0;
    let b = Bounds::new(low.max(0.0), high.min(1.0));
    (
        b,
        if clipped {
            Adjustment::Clipped
        } else {
            Adjustment::None
        },
    )
}

fn logistic(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Wilson score bounds, written as R's prop.test writes them.
pub(crate) fn wilson(p: f64, n: f64, z: f64) -> Bounds {
    let z22n = z * z / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z22n / (2.0 * n)).sqrt();
    let denom = 1.0 + 2.0 * z22n;
    // At the edges the formula is exactly 0 (or 1) in real arithmetic; say so in floating
    // point too.
    let low = if p <= 0.0 {
        0.0
    } else {
        ((p + z22n - half) / denom).max(0.0)
    };
    let high = if p >= 1.0 {
        1.0
    } else {
        ((p + z22n + half) / denom).min(1.0)
    };
    Bounds::new(low, high)
}

fn wilson_cc(p: f64, n: f64, z: f64) -> Bounds {
    let z22n = z * z / (2.0 * n);
    let denom = 1.0 + 2.0 * z22n;
    let pu = p + 0.5 / n;
    let high = if pu >= 1.0 {
        1.0
    } else {
        (pu + z22n + z * (pu * (1.0 - pu) / n + z22n / (2.0 * n)).sqrt()) / denom
    };
    let pl = p - 0.5 / n;
    let low = if pl <= 0.0 {
        0.0
    } else {
        (pl + z22n - z * (pl * (1.0 - pl) / n + z22n / (2.0 * n)).sqrt()) / denom
    };
    Bounds::new(low.max(0.0), high.min(1.0))
}

fn clopper_pearson(p: f64, n: f64, alpha: f64) -> Bounds {
    let x = p * n;
    let low = if p <= 0.0 {
        0.0
    } else {
        dist::beta_quantile(x, n - x + 1.0, alpha / 2.0)
    };
    let high = if p >= 1.0 {
        1.0
    } else {
        dist::beta_upper_quantile(x + 1.0, n - x, alpha / 2.0)
    };
    Bounds::new(low, high)
}

fn jeffreys(p: f64, n: f64, alpha: f64) -> Bounds {
    let (a, b) = (p * n + 0.5, n - p * n + 0.5);
    let low = if p <= 0.0 {
        0.0
    } else {
        dist::beta_quantile(a, b, alpha / 2.0)
    };
    let high = if p >= 1.0 {
        1.0
    } else {
        dist::beta_upper_quantile(a, b, alpha / 2.0)
    };
    Bounds::new(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(x: u32, n: u32, m: CiMethod) -> ConfidenceInterval {
        Estimate::from_count(x, SampleSizeSource::Published(n))
            .unwrap()
            .ci(m, ConfidenceLevel::P95)
    }

    #[test]
    fn no_method_gives_nan_or_zero_width_at_the_edges() {
        for n in [1, 2, 3, 5, 10, 1000] {
            for x in [0, n] {
                for m in CiMethod::ALL {
                    let c = ci(x, n, m);
                    assert!(c.low().is_finite() && c.high().is_finite(), "{m} {x}/{n}");
                    assert!(c.width() > 0.0, "{m} {x}/{n}: {c}");
                    assert!(c.contains(c.estimate()), "{m} {x}/{n}: {c}");
                }
            }
        }
    }

    #[test]
    fn wald_and_logit_fall_back_to_exact_at_the_edges() {
        for m in [CiMethod::Wald, CiMethod::Logit] {
            let c = ci(0, 20, m);
            let cp = ci(0, 20, CiMethod::ClopperPearson);
            assert_eq!(c.bounds(), cp.bounds());
            assert_eq!(c.adjustment(), Adjustment::ExactAtBoundary);
            let c = ci(20, 20, m);
            assert_eq!(c.high(), 1.0);
            assert_eq!(c.adjustment(), Adjustment::ExactAtBoundary);
        }
    }

    #[test]
    fn jeffreys_edge_bounds_are_exact() {
        assert_eq!(ci(0, 7, CiMethod::Jeffreys).low(), 0.0);
        assert_eq!(ci(7, 7, CiMethod::Jeffreys).high(), 1.0);
    }

    #[test]
    fn display_shows_assumed_n_and_adjustments() {
        let est = Estimate::from_count(0, SampleSizeSource::Assumed(50)).unwrap();
        let c = est.ci(CiMethod::Wald, ConfidenceLevel::P90);
        assert_eq!(
            c.to_string(),
            "0.0% [0.0, 5.8] (90% wald, n = 50 (assumed), exact-at-boundary)"
        );
        let json = serde_json::to_value(c).unwrap();
        assert_eq!(json["n_assumed"], true);
        assert_eq!(json["adjustment"], "exact-at-boundary");
        assert_eq!(json["rounding_low"], serde_json::Value::Null);
    }
}
