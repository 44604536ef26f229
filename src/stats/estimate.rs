//! One published figure with its sample: [`Estimate`], [`SampleSizeSource`], [`Precision`] and
//! the pollster's [`MarginOfError`].

use std::fmt;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::stats::interval::{self, Bounds, CiMethod, ConfidenceInterval};
use crate::stats::level::ConfidenceLevel;

/// The sample size behind a figure: published, explicitly assumed, or unknown.
///
/// An assumed n is carried into every result computed from it (`n_assumed` in JSON,
/// "assumed" in the text), so a reader can see that the uncertainty rests on a guess.
/// An unknown n makes every computation fail with
/// [`ErrorKind::UnknownSampleSize`](crate::ErrorKind::UnknownSampleSize).
///
/// # Example
/// ```
/// use yoron::stats::SampleSizeSource;
/// let published: Option<u32> = None;              // the source gives no n
/// let n = SampleSizeSource::from(published).or_assume(1000);
/// assert_eq!(n, SampleSizeSource::Assumed(1000));
/// assert_eq!(n.value(), Some(1000));
/// assert!(n.is_assumed());
/// assert_eq!(SampleSizeSource::Published(1010).or_assume(1000), SampleSizeSource::Published(1010));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SampleSizeSource {
    /// The number of respondents the source publishes.
    Published(u32),
    /// A number of respondents the user assumes because none is published.
    Assumed(u32),
    /// No sample size is known.
    Unknown,
}

impl SampleSizeSource {
    /// This sample size, or `Assumed(n)` when it is [`Unknown`](SampleSizeSource::Unknown).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::SampleSizeSource;
    /// assert_eq!(SampleSizeSource::Unknown.or_assume(500), SampleSizeSource::Assumed(500));
    /// ```
    pub fn or_assume(self, n: u32) -> SampleSizeSource {
        match self {
            SampleSizeSource::Unknown => SampleSizeSource::Assumed(n),
            known => known,
        }
    }

    /// The number, published or assumed.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::SampleSizeSource::Unknown.value(), None);
    /// ```
    pub fn value(self) -> Option<u32> {
        match self {
            SampleSizeSource::Published(n) | SampleSizeSource::Assumed(n) => Some(n),
            SampleSizeSource::Unknown => None,
        }
    }

    /// True when the number is an assumption.
    ///
    /// # Example
    /// ```
    /// assert!(!yoron::stats::SampleSizeSource::Published(1010).is_assumed());
    /// ```
    pub fn is_assumed(self) -> bool {
        matches!(self, SampleSizeSource::Assumed(_))
    }

    /// The known n (at least 1), or an error naming `what`.
    pub(crate) fn require(self, what: impl FnOnce() -> String) -> Result<(u32, bool)> {
        match self {
            SampleSizeSource::Unknown => {
                Err(Error::new(ErrorKind::UnknownSampleSize { what: what() }))
            }
            SampleSizeSource::Published(0) | SampleSizeSource::Assumed(0) => Err(
                Error::invalid_argument("n", "a sample size of at least 1", "0"),
            ),
            SampleSizeSource::Published(n) => Ok((n, false)),
            SampleSizeSource::Assumed(n) => Ok((n, true)),
        }
    }
}

impl From<Option<u32>> for SampleSizeSource {
    /// `Some(n)` is a published n, `None` is unknown.
    fn from(n: Option<u32>) -> SampleSizeSource {
        n.map_or(SampleSizeSource::Unknown, SampleSizeSource::Published)
    }
}

impl fmt::Display for SampleSizeSource {
    /// `1010`, `1000 (assumed)` or `unknown`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleSizeSource::Published(n) => write!(f, "{n}"),
            SampleSizeSource::Assumed(n) => write!(f, "{n} (assumed)"),
            SampleSizeSource::Unknown => f.write_str("unknown"),
        }
    }
}

/// How precisely a figure is published, which decides how much rounding it hides.
///
/// A figure printed as a whole percent (38) may be anything in [37.5, 38.5]; with one
/// decimal (38.4), anything in [38.35, 38.45].
///
/// # Example
/// ```
/// use yoron::stats::Precision;
/// assert_eq!(Precision::Decimals(0).half_unit_points(), Some(0.5));
/// assert_eq!(Precision::Decimals(1).half_unit_points(), Some(0.05));
/// assert_eq!(Precision::Exact.half_unit_points(), Some(0.0));
/// assert_eq!(Precision::Unstated.half_unit_points(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Precision {
    /// Computed from counts: nothing is hidden by rounding.
    Exact,
    /// A percent published with this many decimals.
    Decimals(u8),
    /// Not stated: no rounding check is made.
    Unstated,
}

impl Precision {
    /// Half a unit of the last published digit, in percentage points: the largest rounding
    /// error the figure can hide. `None` when the precision is not stated.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::Precision::Decimals(2).half_unit_points(), Some(0.005));
    /// ```
    pub fn half_unit_points(self) -> Option<f64> {
        match self {
            Precision::Exact => Some(0.0),
            Precision::Decimals(d) => Some(0.5 / 10f64.powi(i32::from(d))),
            Precision::Unstated => None,
        }
    }

    /// The same, as a proportion.
    pub(crate) fn half_unit(self) -> Option<f64> {
        self.half_unit_points().map(|h| h / 100.0)
    }
}

/// A published figure as a proportion with its sample: p, n, the effective sample size and
/// the precision it was printed with.
///
/// The effective sample size n_eff = n / deff carries the design effect (default 1: simple
/// random sampling). Every interval and test uses n_eff; n_eff need not be an integer.
///
/// # Example
/// ```
/// use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
/// let est = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?.with_deff(1.3)?;
/// assert_eq!(est.p(), 0.38);
/// assert!((est.n_eff() - 1010.0 / 1.3).abs() < 1e-9);
/// let ci = est.ci(CiMethod::Wilson, ConfidenceLevel::P95);
/// assert!(ci.low() < 0.38 && 0.38 < ci.high());
/// // A whole percent hides ±0.5 points: the interval over the rounding range is wider.
/// let r = ci.over_rounding().unwrap();
/// assert!(r.low() < ci.low() && r.high() > ci.high());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    p: f64,
    n: u32,
    n_assumed: bool,
    n_eff: f64,
    precision: Precision,
}

impl Estimate {
    /// A figure in percent (0–100) with its sample size. The precision is
    /// [`Unstated`](Precision::Unstated) until set with
    /// [`with_decimals`](Estimate::with_decimals); [`parse_percent`](Estimate::parse_percent)
    /// reads it from the text.
    ///
    /// # Errors
    /// - [`ErrorKind::UnknownSampleSize`] when `n` is [`SampleSizeSource::Unknown`];
    /// - [`ErrorKind::InvalidArgument`] when the percent is not in [0, 100] or n is 0.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(1010))?;
    /// assert_eq!(est.percent(), 38.0);
    /// let err = Estimate::from_percent(38.0, SampleSizeSource::Unknown).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "the figure 38% has no published sample size: pass an assumed n to use it"
    /// );
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_percent(percent: f64, n: SampleSizeSource) -> Result<Estimate> {
        if !(0.0..=100.0).contains(&percent) {
            return Err(Error::invalid_argument(
                "percent",
                "a number in [0, 100]",
                percent.to_string(),
            ));
        }
        Estimate::build(percent / 100.0, n, Precision::Unstated, || {
            format!("the figure {percent}%")
        })
    }

    /// A figure as printed, such as `"38"`, `"38.4"` or `"38.4%"`; its number of decimals
    /// becomes its [`Precision`].
    ///
    /// # Errors
    /// As [`from_percent`](Estimate::from_percent), and
    /// [`ErrorKind::InvalidArgument`] when the text is not a plain decimal number.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, Precision, SampleSizeSource};
    /// let est = Estimate::parse_percent("59.1", SampleSizeSource::Published(1000))?;
    /// assert_eq!(est.precision(), Precision::Decimals(1));
    /// assert!(Estimate::parse_percent("5e1", SampleSizeSource::Published(1000)).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn parse_percent(text: &str, n: SampleSizeSource) -> Result<Estimate> {
        let t = text.trim();
        let t = t.strip_suffix('%').map_or(t, str::trim_end);
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let decimals = u8::try_from(frac.len()).ok();
        let value = t.parse::<f64>().ok();
        match (value, decimals) {
            (Some(v), Some(d)) if !int.is_empty() && digits(int) && digits(frac) => {
                Ok(Estimate::from_percent(v, n)?.with_decimals(d))
            }
            _ => Err(Error::invalid_argument(
                "percent",
                "a percent written as digits with an optional decimal point, such as 38 or 38.4",
                format!("\"{text}\""),
            )),
        }
    }

    /// A figure as a proportion (0–1) with its sample size; precision
    /// [`Unstated`](Precision::Unstated).
    ///
    /// # Errors
    /// As [`from_percent`](Estimate::from_percent), for p outside [0, 1].
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_proportion(0.25, SampleSizeSource::Assumed(400))?.percent(), 25.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_proportion(p: f64, n: SampleSizeSource) -> Result<Estimate> {
        if !(0.0..=1.0).contains(&p) {
            return Err(Error::invalid_argument(
                "proportion",
                "a number in [0, 1]",
                p.to_string(),
            ));
        }
        Estimate::build(p, n, Precision::Unstated, || format!("the proportion {p}"))
    }

    /// A count of respondents out of n; precision [`Exact`](Precision::Exact).
    ///
    /// # Errors
    /// As [`from_percent`](Estimate::from_percent), and when `count` exceeds n.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, Precision, SampleSizeSource};
    /// let est = Estimate::from_count(384, SampleSizeSource::Published(1010))?;
    /// assert!((est.percent() - 38.0198).abs() < 1e-4);
    /// assert_eq!(est.precision(), Precision::Exact);
    /// assert!(Estimate::from_count(11, SampleSizeSource::Published(10)).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_count(count: u32, n: SampleSizeSource) -> Result<Estimate> {
        let (size, _) = n.require(|| format!("the count {count}"))?;
        if count > size {
            return Err(Error::invalid_argument(
                "count",
                format!("a count of at most n = {size}"),
                count.to_string(),
            ));
        }
        Estimate::build(
            f64::from(count) / f64::from(size),
            n,
            Precision::Exact,
            String::new,
        )
    }

    fn build(
        p: f64,
        n: SampleSizeSource,
        precision: Precision,
        what: impl FnOnce() -> String,
    ) -> Result<Estimate> {
        let (n, n_assumed) = n.require(what)?;
        Ok(Estimate {
            p,
            n,
            n_assumed,
            n_eff: f64::from(n),
            precision,
        })
    }

    /// The same figure with a design effect: n_eff = n / deff.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`] when `deff` is not a positive finite number.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(50.0, SampleSizeSource::Published(1000))?.with_deff(2.0)?;
    /// assert_eq!(est.n_eff(), 500.0);
    /// assert_eq!(est.deff(), 2.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_deff(self, deff: f64) -> Result<Estimate> {
        Ok(Estimate {
            n_eff: effective_n(self.n, deff)?,
            ..self
        })
    }

    /// The same figure with a given effective sample size (for instance Kish's n_eff from
    /// the weights).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`] when `n_eff` is not a positive finite number.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(50.0, SampleSizeSource::Published(1000))?.with_n_eff(800.0)?;
    /// assert_eq!(est.deff(), 1.25);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_n_eff(self, n_eff: f64) -> Result<Estimate> {
        if !(n_eff.is_finite() && n_eff > 0.0) {
            return Err(Error::invalid_argument(
                "n_eff",
                "an effective sample size greater than 0",
                n_eff.to_string(),
            ));
        }
        Ok(Estimate { n_eff, ..self })
    }

    /// The same figure, published as a percent with this many decimals.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(1010))?.with_decimals(0);
    /// let r = est.rounding_range().unwrap();
    /// assert!((r.low() - 0.375).abs() < 1e-15 && (r.high() - 0.385).abs() < 1e-15);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_decimals(self, decimals: u8) -> Estimate {
        self.with_precision(Precision::Decimals(decimals))
    }

    /// The same figure with this precision.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Estimate, Precision, SampleSizeSource};
    /// let est = Estimate::from_proportion(0.5, SampleSizeSource::Published(10))?
    ///     .with_precision(Precision::Exact);
    /// assert_eq!(est.rounding_range().unwrap().low(), 0.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_precision(self, precision: Precision) -> Estimate {
        Estimate { precision, ..self }
    }

    /// The proportion, in [0, 1].
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_percent(38.0, SampleSizeSource::Published(10))?.p(), 0.38);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p(&self) -> f64 {
        self.p
    }

    /// The figure in percent.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_count(1, SampleSizeSource::Published(4))?.percent(), 25.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn percent(&self) -> f64 {
        self.p * 100.0
    }

    /// The sample size, published or assumed.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_percent(38.0, SampleSizeSource::Assumed(1000))?.n(), 1000);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The sample size as given: [`Published`](SampleSizeSource::Published) or
    /// [`Assumed`](SampleSizeSource::Assumed).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Assumed(1000))?;
    /// assert_eq!(est.sample_size(), SampleSizeSource::Assumed(1000));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn sample_size(&self) -> SampleSizeSource {
        if self.n_assumed {
            SampleSizeSource::Assumed(self.n)
        } else {
            SampleSizeSource::Published(self.n)
        }
    }

    /// True when n is an assumption rather than published.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert!(Estimate::from_percent(38.0, SampleSizeSource::Assumed(1000))?.is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The effective sample size n / deff.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_percent(38.0, SampleSizeSource::Published(1000))?.n_eff(), 1000.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.n_eff
    }

    /// The design effect n / n_eff (1 unless set).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_percent(38.0, SampleSizeSource::Published(1000))?.deff(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn deff(&self) -> f64 {
        f64::from(self.n) / self.n_eff
    }

    /// The effective number of respondents giving the answer, p · n_eff (not an integer in
    /// general).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// assert_eq!(Estimate::from_percent(25.0, SampleSizeSource::Published(1000))?.count(), 250.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn count(&self) -> f64 {
        self.p * self.n_eff
    }

    /// How precisely the figure was published.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, Precision, SampleSizeSource};
    /// let est = Estimate::parse_percent("38", SampleSizeSource::Published(1000))?;
    /// assert_eq!(est.precision(), Precision::Decimals(0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The range of true proportions that round to the published figure, cut to [0, 1];
    /// `None` when the precision is not stated.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::parse_percent("0", SampleSizeSource::Published(1000))?;
    /// let r = est.rounding_range().unwrap();
    /// assert_eq!((r.low(), r.high()), (0.0, 0.005));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rounding_range(&self) -> Option<Bounds> {
        let h = self.precision.half_unit()?;
        Some(Bounds::new((self.p - h).max(0.0), (self.p + h).min(1.0)))
    }

    /// The same sample and precision with another proportion, clamped to [0, 1] (for
    /// instance an end of the rounding range).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(1010))?;
    /// assert_eq!(est.at_proportion(0.375).p(), 0.375);
    /// assert_eq!(est.at_proportion(1.5).p(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn at_proportion(&self, p: f64) -> Estimate {
        let p = if p.is_nan() {
            self.p
        } else {
            p.clamp(0.0, 1.0)
        };
        Estimate { p, ..*self }
    }

    /// A two-sided confidence interval for the proportion, on n_eff.
    ///
    /// When the figure's precision is known (not [`Unstated`](Precision::Unstated)) the
    /// result also holds the interval over the rounding range; see
    /// [`ConfidenceInterval::over_rounding`]. See [`CiMethod`] for each method's formula,
    /// references and behaviour at p = 0 and p = 1.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_count(0, SampleSizeSource::Published(20))?;
    /// let ci = est.ci(CiMethod::ClopperPearson, ConfidenceLevel::P95);
    /// assert_eq!(ci.low(), 0.0);
    /// assert!((ci.high() - 0.16843347098308536).abs() < 1e-12); // binom.test(0, 20)
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ci(&self, method: CiMethod, level: ConfidenceLevel) -> ConfidenceInterval {
        interval::confidence_interval(self, method, level)
    }

    /// The margin of error of this figure: half the width of the Wald interval at its own
    /// p, in percentage points.
    ///
    /// # Formula
    /// ```text
    /// moe = 100 · z · √(p (1 − p) / n_eff),   n_eff = n / deff,   z = Φ⁻¹(1 − α/2)
    /// ```
    /// Matches R: `100 * qnorm(1 - (1 - level)/2) * sqrt(p * (1 - p) * deff / n)`.
    ///
    /// # References
    /// Kish, L. (1965). *Survey Sampling*. Wiley (design effect, effective sample size).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(1010))?;
    /// let moe = est.margin_of_error(ConfidenceLevel::P95);
    /// assert!((moe.points() - 2.9935).abs() < 1e-4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn margin_of_error(&self, level: ConfidenceLevel) -> MarginOfError {
        MarginOfError::new(self, self.p, level)
    }

    /// The margin of error the pollster prints for the whole poll: the largest one, at
    /// p = 50 %, with this figure's n and design effect.
    ///
    /// # Formula
    /// ```text
    /// moe = 100 · z · √(0.25 / n_eff)
    /// ```
    /// Matches R: `100 * qnorm(0.975) * sqrt(0.25 * deff / n)`.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// // Gallup Korea prints ±3.1 points at 95 % for its n = 1003 weekly poll.
    /// let est = Estimate::from_percent(70.0, SampleSizeSource::Published(1003))?;
    /// let moe = est.poll_margin_of_error(ConfidenceLevel::P95);
    /// assert_eq!(format!("{:.1}", moe.points()), "3.1");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn poll_margin_of_error(&self, level: ConfidenceLevel) -> MarginOfError {
        MarginOfError::new(self, 0.5, level)
    }
}

impl fmt::Display for Estimate {
    /// `38% (n = 1010)`, with the figure's own decimals (one decimal when not stated) and
    /// the design effect when it is not 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimals = match self.precision {
            Precision::Decimals(d) => usize::from(d),
            Precision::Exact | Precision::Unstated => 1,
        };
        write!(
            f,
            "{:.*}% (n = {})",
            decimals,
            self.percent(),
            self.sample_size()
        )?;
        if self.deff() != 1.0 {
            write!(f, ", n_eff = {:.1}", self.n_eff)?;
        }
        Ok(())
    }
}

/// The margin of error of a figure or of a whole poll, in percentage points.
///
/// # Example
/// ```
/// use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
/// let est = Estimate::from_percent(38.0, SampleSizeSource::Assumed(1000))?;
/// let moe = est.poll_margin_of_error(ConfidenceLevel::P95);
/// assert_eq!(moe.at(), 0.5);
/// assert!(moe.is_n_assumed());
/// assert_eq!(format!("{moe:.1}"), "±3.1 points (95%, at 50%, n = 1000 (assumed))");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MarginOfError {
    #[serde(rename = "margin_of_error")]
    points: f64,
    #[serde(serialize_with = "as_percent")]
    at: f64,
    level: ConfidenceLevel,
    n: u32,
    n_assumed: bool,
    n_eff: f64,
}

fn as_percent<S: serde::Serializer>(p: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(p * 100.0)
}

impl MarginOfError {
    fn new(est: &Estimate, at: f64, level: ConfidenceLevel) -> MarginOfError {
        MarginOfError {
            points: 100.0 * level.z() * (at * (1.0 - at) / est.n_eff).sqrt(),
            at,
            level,
            n: est.n,
            n_assumed: est.n_assumed,
            n_eff: est.n_eff,
        }
    }

    /// The margin in percentage points (3.1 for "±3.1 points").
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(50.0, SampleSizeSource::Published(100))?;
    /// assert!((est.margin_of_error(ConfidenceLevel::P95).points() - 9.79982).abs() < 1e-5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn points(&self) -> f64 {
        self.points
    }

    /// The proportion at which the margin is computed (0.5 for the poll's margin).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(100))?;
    /// assert_eq!(est.margin_of_error(ConfidenceLevel::P95).at(), 0.38);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn at(&self) -> f64 {
        self.at
    }

    /// The confidence level.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(100))?;
    /// assert_eq!(est.margin_of_error(ConfidenceLevel::P90).level(), ConfidenceLevel::P90);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The sample size.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(100))?;
    /// assert_eq!(est.margin_of_error(ConfidenceLevel::P95).n(), 100);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// True when n is an assumption.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(100))?;
    /// assert!(!est.margin_of_error(ConfidenceLevel::P95).is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The effective sample size used.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource};
    /// let est = Estimate::from_percent(38.0, SampleSizeSource::Published(100))?.with_deff(2.0)?;
    /// assert_eq!(est.margin_of_error(ConfidenceLevel::P95).n_eff(), 50.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.n_eff
    }
}

impl fmt::Display for MarginOfError {
    /// `±3.1 points (95%, at 50%, n = 1003)`; the precision applies to the margin (default 1).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(1);
        let n = if self.n_assumed {
            SampleSizeSource::Assumed(self.n)
        } else {
            SampleSizeSource::Published(self.n)
        };
        write!(
            f,
            "±{:.*} points ({}, at {}%, n = {}",
            d,
            self.points,
            self.level,
            trim(self.at * 100.0),
            n
        )?;
        if (f64::from(self.n) - self.n_eff).abs() > 1e-9 {
            write!(f, ", n_eff = {:.1}", self.n_eff)?;
        }
        f.write_str(")")
    }
}

/// A number without binary noise or trailing zeros: 38, 38.4.
pub(crate) fn trim(x: f64) -> String {
    let r = (x * 1e9).round() / 1e9;
    format!("{r}")
}

/// n_eff = n / deff (Kish 1965): the sample size a design-effect-`deff` sample is worth.
///
/// # Errors
/// `deff` is not a finite number greater than 0.
pub(crate) fn effective_n(n: u32, deff: f64) -> Result<f64> {
    if !(deff.is_finite() && deff > 0.0) {
        return Err(Error::invalid_argument(
            "deff",
            "a design effect greater than 0",
            deff.to_string(),
        ));
    }
    Ok(f64::from(n) / deff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_percent_reads_decimals() {
        let n = SampleSizeSource::Published(100);
        assert_eq!(
            Estimate::parse_percent("38.40", n).unwrap().precision(),
            Precision::Decimals(2)
        );
        assert_eq!(
            Estimate::parse_percent(" 7 % ", n).unwrap().precision(),
            Precision::Decimals(0)
        );
        for bad in ["", ".5", "-1", "1e2", "38,4", "abc", "101"] {
            assert!(Estimate::parse_percent(bad, n).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_and_zero_n_are_errors() {
        let e = Estimate::from_count(3, SampleSizeSource::Unknown).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::UnknownSampleSize { .. }));
        let e = Estimate::from_percent(3.0, SampleSizeSource::Published(0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "argument n: expected a sample size of at least 1, found 0"
        );
    }

    #[test]
    fn bad_design_effects_are_errors() {
        let est = Estimate::from_percent(3.0, SampleSizeSource::Published(10)).unwrap();
        assert!(est.with_deff(0.0).is_err());
        assert!(est.with_deff(f64::NAN).is_err());
        assert!(est.with_n_eff(-1.0).is_err());
        assert!(est.with_n_eff(f64::INFINITY).is_err());
    }

    #[test]
    fn display() {
        let est = Estimate::parse_percent("38", SampleSizeSource::Assumed(1000))
            .unwrap()
            .with_deff(1.25)
            .unwrap();
        assert_eq!(est.to_string(), "38% (n = 1000 (assumed)), n_eff = 800.0");
    }
}
