//! Trends across waves: the change from each wave to the next, and a weighted
//! least-squares slope per year over each run of comparable waves.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::stats::difference::{DiffMethod, DiffOptions, Difference};
use crate::stats::dist;
use crate::stats::estimate::Estimate;
use crate::stats::level::ConfidenceLevel;

/// The position of a date in its year as a fractional year, at midday:
/// year + (day of year − ½) / days in the year.
///
/// Use the midpoint of the fieldwork for a wave: average the fractional years of its
/// first and last day.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use yoron::stats::fractional_year;
/// assert_eq!(fractional_year(date(2021, 1, 1)), 2021.0 + 0.5 / 365.0);
/// assert_eq!(fractional_year(date(2020, 12, 31)), 2020.0 + 365.5 / 366.0); // leap year
/// ```
pub fn fractional_year(date: jiff::civil::Date) -> f64 {
    f64::from(date.year()) + (f64::from(date.day_of_year()) - 0.5) / f64::from(date.days_in_year())
}

/// One wave of a series: when (fractional year), the figure, and whether the series
/// breaks just before it (a change of mode, wording or sample frame).
///
/// # Example
/// ```
/// use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
/// let est = Estimate::from_percent(34.9, SampleSizeSource::Published(1803))?;
/// let p = WaveEstimate::new(2020.8, est).with_break_before();
/// assert!(p.has_break_before());
/// assert_eq!(p.time(), 2020.8);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaveEstimate {
    time: f64,
    estimate: Estimate,
    break_before: bool,
}

impl WaveEstimate {
    /// A wave at `time` (fractional year) with its figure and no break before it.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
    /// let p = WaveEstimate::new(2013.5, Estimate::from_percent(37.0, SampleSizeSource::Published(1000))?);
    /// assert!(!p.has_break_before());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(time: f64, estimate: Estimate) -> WaveEstimate {
        WaveEstimate {
            time,
            estimate,
            break_before: false,
        }
    }

    /// The same wave, marked as the first after a series break.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
    /// let p = WaveEstimate::new(2013.5, Estimate::from_percent(37.0, SampleSizeSource::Published(1000))?);
    /// assert!(p.with_break_before().has_break_before());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_break_before(self) -> WaveEstimate {
        WaveEstimate {
            break_before: true,
            ..self
        }
    }

    /// The time, in fractional years.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
    /// let p = WaveEstimate::new(2013.5, Estimate::from_percent(37.0, SampleSizeSource::Published(1000))?);
    /// assert_eq!(p.time(), 2013.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn time(&self) -> f64 {
        self.time
    }

    /// The figure.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
    /// let p = WaveEstimate::new(2013.5, Estimate::from_percent(37.0, SampleSizeSource::Published(1000))?);
    /// assert_eq!(p.estimate().percent(), 37.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self) -> &Estimate {
        &self.estimate
    }

    /// True when the series breaks just before this wave.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, WaveEstimate};
    /// let p = WaveEstimate::new(2013.5, Estimate::from_percent(37.0, SampleSizeSource::Published(1000))?);
    /// assert!(!p.has_break_before());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn has_break_before(&self) -> bool {
        self.break_before
    }
}

/// What to do with recorded series breaks when fitting slopes.
///
/// # Example
/// ```
/// assert_eq!(yoron::stats::Breaks::default(), yoron::stats::Breaks::Split);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Breaks {
    /// Fit one slope per run between breaks (the default): figures on either side of a
    /// mode change are not comparable.
    #[default]
    Split,
    /// Fit across breaks, as if there were none: the user's explicit override.
    Ignore,
}

/// Options for [`TrendAnalysis::new`].
///
/// # Example
/// ```
/// use yoron::stats::{Breaks, ConfidenceLevel, TrendOptions};
/// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, WaveEstimate};
/// let n = SampleSizeSource::Published(1000);
/// let pts = [
///     WaveEstimate::new(2019.0, Estimate::from_percent(30.0, n)?),
///     WaveEstimate::new(2020.0, Estimate::from_percent(35.0, n)?).with_break_before(),
///     WaveEstimate::new(2021.0, Estimate::from_percent(38.0, n)?),
/// ];
/// let o = TrendOptions::new().level(ConfidenceLevel::P90).breaks(Breaks::Ignore);
/// let t = TrendAnalysis::new(&pts, o)?;
/// assert_eq!(t.runs().len(), 1); // the break is ignored: one run of three waves
/// assert_eq!(t.changes()[0].difference().level(), ConfidenceLevel::P90);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrendOptions {
    pub(crate) level: ConfidenceLevel,
    pub(crate) breaks: Breaks,
    pub(crate) method: DiffMethod,
}

impl TrendOptions {
    /// 95 %, [`Breaks::Split`], Newcombe intervals for the wave-to-wave changes.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, DiffMethod, TrendOptions};
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(30.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(35.0, n)?).with_break_before(),
    ///     WaveEstimate::new(2021.0, Estimate::from_percent(38.0, n)?),
    /// ];
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// let d = t.changes()[0].difference();
    /// assert_eq!((d.level(), d.method()), (ConfidenceLevel::P95, DiffMethod::Newcombe));
    /// assert_eq!(t.runs().len(), 2); // split at the break
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new() -> TrendOptions {
        TrendOptions::default()
    }

    /// Sets the confidence level of every interval.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{ConfidenceLevel, TrendOptions};
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(30.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(35.0, n)?).with_break_before(),
    ///     WaveEstimate::new(2021.0, Estimate::from_percent(38.0, n)?),
    /// ];
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new().level(ConfidenceLevel::P99))?;
    /// assert_eq!(t.changes()[0].difference().level(), ConfidenceLevel::P99);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(self, level: ConfidenceLevel) -> TrendOptions {
        TrendOptions { level, ..self }
    }

    /// Sets how breaks are handled.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Breaks, TrendOptions};
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(30.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(35.0, n)?).with_break_before(),
    ///     WaveEstimate::new(2021.0, Estimate::from_percent(38.0, n)?),
    /// ];
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new().breaks(Breaks::Ignore))?;
    /// assert_eq!(t.runs().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn breaks(self, breaks: Breaks) -> TrendOptions {
        TrendOptions { breaks, ..self }
    }

    /// Sets the interval method of the wave-to-wave changes (independent samples).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{DiffMethod, TrendOptions};
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(30.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(35.0, n)?).with_break_before(),
    ///     WaveEstimate::new(2021.0, Estimate::from_percent(38.0, n)?),
    /// ];
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new().method(DiffMethod::Wald))?;
    /// assert_eq!(t.changes()[0].difference().method(), DiffMethod::Wald);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn method(self, method: DiffMethod) -> TrendOptions {
        TrendOptions { method, ..self }
    }
}

/// The change from one wave to the next: later − earlier, as independent samples.
///
/// # Example
/// ```
/// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
/// let n = SampleSizeSource::Published(1000);
/// let pts = [
///     WaveEstimate::new(2019.0, Estimate::from_percent(40.0, n)?),
///     WaveEstimate::new(2020.0, Estimate::from_percent(46.0, n)?),
/// ];
/// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
/// let c = &t.changes()[0];
/// assert!((c.difference().points() - 6.0).abs() < 1e-12);
/// assert!(c.difference().p_value() < 0.01);
/// assert_eq!((c.from(), c.to()), (2019.0, 2020.0));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaveChange {
    from: f64,
    to: f64,
    across_break: bool,
    difference: Difference,
}

impl WaveChange {
    /// The earlier wave's time.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(40.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(46.0, n)?),
    /// ];
    /// let c = TrendAnalysis::new(&pts, TrendOptions::new())?.changes()[0];
    /// assert_eq!(c.from(), 2019.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from(&self) -> f64 {
        self.from
    }

    /// The later wave's time.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(40.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(46.0, n)?),
    /// ];
    /// let c = TrendAnalysis::new(&pts, TrendOptions::new())?.changes()[0];
    /// assert_eq!(c.to(), 2020.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to(&self) -> f64 {
        self.to
    }

    /// True when a series break lies between the two waves: the change mixes real change
    /// with the effect of the break.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(40.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(46.0, n)?).with_break_before(),
    /// ];
    /// assert!(TrendAnalysis::new(&pts, TrendOptions::new())?.changes()[0].is_across_break());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_across_break(&self) -> bool {
        self.across_break
    }

    /// The difference later − earlier with its interval and test.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts = [
    ///     WaveEstimate::new(2019.0, Estimate::from_percent(40.0, n)?),
    ///     WaveEstimate::new(2020.0, Estimate::from_percent(46.0, n)?),
    /// ];
    /// let c = TrendAnalysis::new(&pts, TrendOptions::new())?.changes()[0];
    /// assert!((c.difference().points() - 6.0).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn difference(&self) -> &Difference {
        &self.difference
    }
}

/// A weighted least-squares slope of a figure over time, in percentage points per year.
///
/// # Formula
/// With yᵢ the figure in percent at time tᵢ (fractional years) and weights
/// wᵢ = 1 / vᵢ, vᵢ = 10⁴ pᵢ(1 − pᵢ) / n_eff,ᵢ (the sampling variance in points²):
/// ```text
/// t̄ = Σwt / Σw,  ȳ = Σwy / Σw,  Sₜₜ = Σw(t − t̄)²
/// slope = Σw(t − t̄)(y − ȳ) / Sₜₜ
/// σ̂² = Σw(y − ȳ − slope (t − t̄))² / (k − 2)
/// SE_residual = √(σ̂² / Sₜₜ)          (R's lm)
/// SE_sampling = √(1 / Sₜₜ)           (sampling error only, as if the vᵢ were exact)
/// SE = max(SE_residual, SE_sampling),  interval: slope ± t_{k−2, 1−α/2} SE
/// ```
/// The residual-based SE also absorbs real wave-to-wave movement in opinion, which the
/// sampling variances do not, so it is the one to quote — but it can come out far below
/// what sampling alone implies when a few waves happen to lie almost on a line (rounded
/// figures make that common: 40, 41, 43, 44), and exactly 0 on a perfect line. The figures
/// cannot be more precise than their samples, so yoron floors the SE at the sampling-only
/// SE (σ̂² constrained to at least 1, as is usual for the multiplicative-dispersion model
/// in meta-regression; Thompson & Sharp 1999). [`se_residual`](Slope::se_residual) keeps
/// the unfloored value. A figure of exactly 0 % or 100 % would get infinite weight: for its
/// weight only, p is replaced by (x + ½)/(n_eff + 1).
///
/// # References
/// Draper, N. R. & Smith, H. (1998). *Applied Regression Analysis*, 3rd ed., ch. 9
/// (weighted least squares). Thompson, S. G. & Sharp, S. J. (1999). Explaining
/// heterogeneity in meta-analysis: a comparison of methods. *Statistics in Medicine* 18,
/// 2693–2708.
///
/// Matches R: `summary(lm(percent ~ time, weights = w))$coefficients["time", 1:2]` (slope,
/// SE_residual) and `df.residual`; the interval is `confint(fit, level = level)["time", ]`
/// whenever SE_residual ≥ SE_sampling.
///
/// # Example
/// ```
/// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
/// let n = SampleSizeSource::Published(1000);
/// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
///     .iter()
///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
///     .collect::<Result<_, yoron::Error>>()?;
/// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
/// assert!(s.per_year() > 2.5 && s.per_year() < 3.5);
/// assert_eq!(s.df(), 2);
/// assert!(s.low() < s.per_year() && s.per_year() < s.high());
/// # Ok::<(), yoron::Error>(())
/// ```
// Serialised with the JSON names the CLI has always written.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Slope {
    #[serde(rename = "slope_per_year")]
    per_year: f64,
    se: f64,
    se_residual: f64,
    df: u32,
    #[serde(rename = "ci_low")]
    low: f64,
    #[serde(rename = "ci_high")]
    high: f64,
    se_sampling: f64,
    level: ConfidenceLevel,
    start: f64,
    end: f64,
    waves: usize,
    n_assumed: bool,
}

impl Slope {
    /// Fits the slope over these waves, ignoring any break marks.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when there are
    /// fewer than 3 waves (no residual degrees of freedom) or the times are not finite and
    /// strictly increasing.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let e = Estimate::from_percent(40.0, SampleSizeSource::Published(1000))?;
    /// let two = [WaveEstimate::new(2019.0, e), WaveEstimate::new(2020.0, e)];
    /// assert!(Slope::fit(&two, ConfidenceLevel::P95).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn fit(points: &[WaveEstimate], level: ConfidenceLevel) -> Result<Slope> {
        check_points(
            points,
            3,
            "at least 3 waves for a slope with a standard error",
        )?;
        let mut sw = 0.0;
        let mut swt = 0.0;
        let mut swy = 0.0;
        let data: Vec<(f64, f64, f64)> = points
            .iter()
            .map(|pt| {
                let e = pt.estimate;
                let n = e.n_eff();
                let p = if e.p() <= 0.0 || e.p() >= 1.0 {
                    (e.p() * n + 0.5) / (n + 1.0)
                } else {
                    e.p()
                };
                let w = 1.0 / (1e4 * p * (1.0 - p) / n);
                (pt.time, e.percent(), w)
            })
            .collect();
        for &(t, y, w) in &data {
            sw += w;
            swt += w * t;
            swy += w * y;
        }
        let (tbar, ybar) = (swt / sw, swy / sw);
        let (mut stt, mut sty) = (0.0, 0.0);
        for &(t, y, w) in &data {
            stt += w * (t - tbar) * (t - tbar);
            sty += w * (t - tbar) * (y - ybar);
        }
        let slope = sty / stt;
        let rss: f64 = data
            .iter()
            .map(|&(t, y, w)| w * (y - ybar - slope * (t - tbar)).powi(2))
            .sum();
        let k = points.len();
        let df = u32::try_from(k - 2).unwrap_or(u32::MAX);
        let se_residual = (rss / f64::from(df) / stt).sqrt();
        let se_sampling = (1.0 / stt).sqrt();
        let se = se_residual.max(se_sampling);
        let tq = dist::t_two_sided(level.alpha(), f64::from(df));
        Ok(Slope {
            per_year: slope,
            se,
            se_residual,
            df,
            low: slope - tq * se,
            high: slope + tq * se,
            se_sampling,
            level,
            start: points[0].time,
            end: points[k - 1].time,
            waves: k,
            n_assumed: points.iter().any(|p| p.estimate.is_n_assumed()),
        })
    }

    /// The slope in percentage points per year.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.per_year() > 2.5 && s.per_year() < 3.5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn per_year(&self) -> f64 {
        self.per_year
    }

    /// The standard error quoted: the residual SE, floored at the sampling-only SE.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.se() >= s.se_sampling() && s.se() >= s.se_residual());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se(&self) -> f64 {
        self.se
    }

    /// The standard error from the residuals, as R's `lm` reports it (can be near 0 for
    /// waves on a line).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.se_residual() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se_residual(&self) -> f64 {
        self.se_residual
    }

    /// Residual degrees of freedom, waves − 2.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert_eq!(s.df(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> u32 {
        self.df
    }

    /// The lower bound of the t interval.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.low() < s.per_year());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The upper bound of the t interval.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.high() > s.per_year());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.high
    }

    /// The standard error from sampling alone, √(1 / Σw(t − t̄)²).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(s.se_sampling() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se_sampling(&self) -> f64 {
        self.se_sampling
    }

    /// The confidence level of the interval.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert_eq!(s.level(), ConfidenceLevel::P95);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The first and last wave's times.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert_eq!(s.span(), (2019.0, 2022.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn span(&self) -> (f64, f64) {
        (self.start, self.end)
    }

    /// The number of waves.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert_eq!(s.waves(), 4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn waves(&self) -> usize {
        self.waves
    }

    /// True when any wave's n is an assumption.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{ConfidenceLevel, Estimate, SampleSizeSource, Slope, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0), (2022.0, 49.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let s = Slope::fit(&pts, ConfidenceLevel::P95)?;
    /// assert!(!s.is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }
}

impl fmt::Display for Slope {
    /// `+2.9 points/year [+1.2, +4.6] (95%, 4 waves 2019.0–2022.0)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(1);
        write!(
            f,
            "{:+.*} points/year [{:+.*}, {:+.*}] ({}, {} waves {:.1}–{:.1})",
            d,
            self.per_year,
            d,
            self.low,
            d,
            self.high,
            self.level,
            self.waves,
            self.start,
            self.end
        )?;
        if self.n_assumed {
            f.write_str("; n assumed")?;
        }
        Ok(())
    }
}

/// A run of consecutive comparable waves and its slope (when it has at least 3 waves).
///
/// # Example
/// ```
/// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
/// let e = Estimate::from_percent(40.0, SampleSizeSource::Published(1000))?;
/// let pts = [WaveEstimate::new(2019.0, e), WaveEstimate::new(2020.0, e)];
/// let run = TrendAnalysis::new(&pts, TrendOptions::new())?.runs()[0];
/// assert_eq!(run.waves(), 2);
/// assert!(run.slope().is_none()); // two waves: no slope with a standard error
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    start: f64,
    end: f64,
    waves: usize,
    slope: Option<Slope>,
}

impl Run {
    /// The first and last wave's times.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// assert_eq!(t.runs()[0].span(), (2019.0, 2021.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn span(&self) -> (f64, f64) {
        (self.start, self.end)
    }

    /// The number of waves in the run.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// assert_eq!(t.runs()[0].waves(), 3);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn waves(&self) -> usize {
        self.waves
    }

    /// The slope, or `None` for a run of fewer than 3 waves.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// assert!(t.runs()[0].slope().is_some());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn slope(&self) -> Option<&Slope> {
        self.slope.as_ref()
    }
}

/// A series' trend: every wave-to-wave change and a slope per run between breaks.
///
/// # Example
/// ```
/// use yoron::stats::{Breaks, Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
/// let n = SampleSizeSource::Published(1800);
/// let mut pts = Vec::new();
/// for (i, pct) in [31.0, 33.0, 36.0, 38.0, 30.0, 34.0, 37.0].into_iter().enumerate() {
///     let pt = WaveEstimate::new(2015.8 + i as f64, Estimate::from_percent(pct, n)?);
///     // The survey changed mode before the fifth wave.
///     pts.push(if i == 4 { pt.with_break_before() } else { pt });
/// }
/// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
/// assert_eq!(t.changes().len(), 6);
/// assert_eq!(t.runs().len(), 2);
/// assert_eq!(t.runs()[0].waves(), 4);
/// assert!(t.runs()[1].slope().is_some());
/// let all = TrendAnalysis::new(&pts, TrendOptions::new().breaks(Breaks::Ignore))?;
/// assert_eq!(all.runs().len(), 1);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TrendAnalysis {
    changes: Vec<WaveChange>,
    runs: Vec<Run>,
}

impl TrendAnalysis {
    /// The changes between consecutive waves and the slope of each run.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the times are
    /// not finite and strictly increasing, or when there are fewer than 2 waves.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let e = Estimate::from_percent(40.0, SampleSizeSource::Published(1000))?;
    /// let backwards = [WaveEstimate::new(2020.0, e), WaveEstimate::new(2019.0, e)];
    /// let err = TrendAnalysis::new(&backwards, TrendOptions::new()).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "argument points[1].time: expected a time after the previous wave's 2020, found 2019"
    /// );
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(points: &[WaveEstimate], options: TrendOptions) -> Result<TrendAnalysis> {
        check_points(points, 2, "at least 2 waves")?;
        let diff = DiffOptions::new()
            .level(options.level)
            .method(options.method);
        let changes = points
            .windows(2)
            .map(|w| {
                Ok(WaveChange {
                    from: w[0].time,
                    to: w[1].time,
                    across_break: w[1].break_before,
                    difference: Difference::new(&w[1].estimate, &w[0].estimate, diff)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=points.len() {
            let cut =
                i == points.len() || (options.breaks == Breaks::Split && points[i].break_before);
            if cut {
                let run = &points[start..i];
                runs.push(Run {
                    start: run[0].time,
                    end: run[run.len() - 1].time,
                    waves: run.len(),
                    slope: if run.len() >= 3 {
                        Some(Slope::fit(run, options.level)?)
                    } else {
                        None
                    },
                });
                start = i;
            }
        }
        Ok(TrendAnalysis { changes, runs })
    }

    /// The change from each wave to the next, in time order.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// assert_eq!(t.changes().len(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn changes(&self) -> &[WaveChange] {
        &self.changes
    }

    /// The runs between breaks (one run when there are none or they are ignored).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Estimate, SampleSizeSource, TrendAnalysis, TrendOptions, WaveEstimate};
    /// let n = SampleSizeSource::Published(1000);
    /// let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Ok(WaveEstimate::new(t, Estimate::from_percent(p, n)?)))
    ///     .collect::<Result<_, yoron::Error>>()?;
    /// let t = TrendAnalysis::new(&pts, TrendOptions::new())?;
    /// assert_eq!(t.runs().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }
}

/// Checks the times of `points` ([`check_times`]), then that there are at least `min` of
/// them (`expected` says so in the error).
fn check_points(points: &[WaveEstimate], min: usize, expected: &str) -> Result<()> {
    check_times(points)?;
    if points.len() < min {
        return Err(Error::invalid_argument(
            "points",
            expected,
            format!("{} waves", points.len()),
        ));
    }
    Ok(())
}

fn check_times(points: &[WaveEstimate]) -> Result<()> {
    for (i, p) in points.iter().enumerate() {
        if !p.time.is_finite() {
            return Err(Error::invalid_argument(
                format!("points[{i}].time"),
                "a finite fractional year",
                p.time.to_string(),
            ));
        }
        if i > 0 && p.time <= points[i - 1].time {
            return Err(Error::invalid_argument(
                format!("points[{i}].time"),
                format!("a time after the previous wave's {}", points[i - 1].time),
                p.time.to_string(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::SampleSizeSource;

    /// The JSON of a slope keeps the names and order the CLI has written since 0.1.
    #[test]
    fn slope_json_names_and_order() {
        let n = SampleSizeSource::Published(1000);
        let pts: Vec<WaveEstimate> = [(2019.0, 40.0), (2020.0, 43.0), (2021.0, 45.0)]
            .iter()
            .map(|&(t, p)| WaveEstimate::new(t, Estimate::from_percent(p, n).unwrap()))
            .collect();
        let json = serde_json::to_string(&Slope::fit(&pts, ConfidenceLevel::P95).unwrap()).unwrap();
        let keys = [
            "slope_per_year",
            "se",
            "se_residual",
            "df",
            "ci_low",
            "ci_high",
            "se_sampling",
            "level",
            "start",
            "end",
            "waves",
            "n_assumed",
        ];
        let at: Vec<usize> = keys
            .iter()
            .map(|k| {
                json.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("{k} in {json}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{json}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v.as_object().unwrap().len(), keys.len(), "{json}");
    }
}
