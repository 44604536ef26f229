//! One figure's interval, and a difference, explained line by line for readers (what
//! `yoron interval` and `yoron diff` print), in the one key–value layout of
//! [`KeyValues`](crate::table::KeyValues).

use std::fmt;

use serde::Serialize;

use super::difference::{Difference, Samples};
use super::estimate::{Estimate, MarginOfError, Precision};
use super::interval::{Adjustment, CiMethod, ConfidenceInterval};
use super::level::ConfidenceLevel;
use crate::table::{KeyValues, p_clause, signed};

/// A published figure's confidence interval with its margins of error: at the figure, and
/// the poll's (at 50 %) that pollsters print.
///
/// Serialises as the interval's fields with `margin_of_error` and `poll_margin_of_error`
/// (points) beside them (`yoron interval --format json`).
///
/// # Example
/// ```
/// use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};
/// let e = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
/// let fi = FigureInterval::new(&e, CiMethod::Wilson, ConfidenceLevel::P95);
/// let text = fi.to_string();
/// assert!(text.starts_with("figure           38% (n = 1010)\ninterval         35.1% to 41.0% (95% wilson)\n"));
/// assert!(text.contains("margin of error  ±3.0 points at this figure, ±3.1 at 50% (the poll's)"));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FigureInterval {
    #[serde(skip)]
    estimate: Estimate,
    #[serde(skip)]
    method: CiMethod,
    #[serde(flatten)]
    interval: ConfidenceInterval,
    #[serde(serialize_with = "points")]
    margin_of_error: MarginOfError,
    #[serde(serialize_with = "points")]
    poll_margin_of_error: MarginOfError,
}

fn points<S: serde::Serializer>(m: &MarginOfError, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(m.points())
}

impl FigureInterval {
    /// The interval of `estimate` by `method` at `level`, with its margins of error.
    pub fn new(estimate: &Estimate, method: CiMethod, level: ConfidenceLevel) -> FigureInterval {
        FigureInterval {
            estimate: *estimate,
            method,
            interval: estimate.ci(method, level),
            margin_of_error: estimate.margin_of_error(level),
            poll_margin_of_error: estimate.poll_margin_of_error(level),
        }
    }

    /// The interval.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};
    /// let e = Estimate::from_count(384, SampleSizeSource::Published(1010))?;
    /// let fi = FigureInterval::new(&e, CiMethod::Wilson, ConfidenceLevel::P95);
    /// assert_eq!(fi.interval(), &e.ci(CiMethod::Wilson, ConfidenceLevel::P95));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn interval(&self) -> &ConfidenceInterval {
        &self.interval
    }

    /// The margin of error at the figure.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};
    /// let e = Estimate::parse_percent("50", SampleSizeSource::Published(1000))?;
    /// let fi = FigureInterval::new(&e, CiMethod::Wald, ConfidenceLevel::P95);
    /// // 1.959964 * sqrt(0.25 / 1000) = 3.099 points
    /// assert!((fi.margin_of_error().points() - 3.0990).abs() < 1e-4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn margin_of_error(&self) -> MarginOfError {
        self.margin_of_error
    }

    /// The poll's margin of error (at 50 %).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};
    /// let e = Estimate::parse_percent("10", SampleSizeSource::Published(1000))?;
    /// let fi = FigureInterval::new(&e, CiMethod::Wald, ConfidenceLevel::P95);
    /// assert!(fi.poll_margin_of_error().points() > fi.margin_of_error().points());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn poll_margin_of_error(&self) -> MarginOfError {
        self.poll_margin_of_error
    }

    /// The explanation, line by line (also the `Display` text).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};
    /// let e = Estimate::parse_percent("0", SampleSizeSource::Assumed(1000))?;
    /// let lines = FigureInterval::new(&e, CiMethod::Wald, ConfidenceLevel::P95).explanation();
    /// let notes: Vec<&str> = lines.lines().iter().filter(|(k, _)| k == "note").map(|(_, v)| v.as_str()).collect();
    /// assert_eq!(notes, ["wald has no width at 0%: exact (Clopper-Pearson) interval shown", "n is assumed, not published"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn explanation(&self) -> KeyValues {
        let (est, ci, method) = (&self.estimate, &self.interval, self.method);
        let mut k = KeyValues::new();
        k.push("figure", est.to_string());
        k.push(
            "interval",
            format!(
                "{:.1}% to {:.1}% ({} {method})",
                ci.low() * 100.0,
                ci.high() * 100.0,
                ci.level(),
            ),
        );
        if let (Some(r), Some(range)) = (ci.over_rounding(), est.rounding_range()) {
            let digits = match est.precision() {
                Precision::Decimals(d) => usize::from(d) + 2,
                _ => 2,
            };
            k.push(
                "over rounding",
                format!(
                    "{:.1}% to {:.1}% (the true figure may be {:.*}% to {:.*}%)",
                    r.low() * 100.0,
                    r.high() * 100.0,
                    digits,
                    range.low() * 100.0,
                    digits,
                    range.high() * 100.0
                ),
            );
        }
        k.push(
            "margin of error",
            format!(
                "±{:.1} points at this figure, ±{:.1} at 50% (the poll's)",
                self.margin_of_error.points(),
                self.poll_margin_of_error.points()
            ),
        );
        match ci.adjustment() {
            Adjustment::ExactAtBoundary => k.push(
                "note",
                format!(
                    "{method} has no width at {}%: exact (Clopper-Pearson) interval shown",
                    est.percent()
                ),
            ),
            Adjustment::Clipped => k.push("note", "cut to 0%-100%"),
            _ => {}
        }
        if est.is_n_assumed() {
            k.push("note", "n is assumed, not published");
        }
        k
    }
}

impl fmt::Display for FigureInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.explanation())
    }
}

impl Difference {
    /// The difference explained line by line for readers (`yoron diff`): the difference
    /// with both figures as published, the interval, the test, and every caveat
    /// (conservative bounds, rounding, adjustments, assumed n).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Difference, DiffOptions, Estimate, SampleSizeSource};
    /// let jp = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
    /// let kr = Estimate::parse_percent("37", SampleSizeSource::Published(1010))?;
    /// let text = Difference::new(&jp, &kr, DiffOptions::new())?.explanation().to_string();
    /// assert!(text.starts_with("difference  +1.0 points (38% − 37%; n = 1010, 1010)\n"));
    /// assert!(text.contains("the difference is within the rounding error"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn explanation(&self) -> KeyValues {
        let samples = match self.samples() {
            Samples::Independent => "independent samples",
            Samples::SameSingleResponse => "one sample, single response",
            _ => "one sample, multiple response",
        };
        let test = match self.samples() {
            Samples::Independent => "pooled two-proportion z-test",
            _ => "McNemar z-test on the answers given to only one of the two",
        };
        let mut k = KeyValues::new();
        k.push(
            "difference",
            format!(
                "{} points ({} − {}; n = {}, {})",
                signed(self.points(), 1),
                figure(self.a() * 100.0, self.precision_a),
                figure(self.b() * 100.0, self.precision_b),
                self.size_a,
                self.size_b
            ),
        );
        k.push(
            "interval",
            format!(
                "{} to {} points ({} {}, {samples})",
                signed(self.low() * 100.0, 1),
                signed(self.high() * 100.0, 1),
                self.level(),
                self.method()
            ),
        );
        k.push(
            "test",
            format!("{} ({test}, z = {:.2})", p_clause(self.p_value()), self.z()),
        );
        if self.is_conservative() {
            k.push(
                "note",
                "conservative: the share choosing both is not published, so the interval and p-value are the widest over every possible overlap",
            );
        }
        if let Some(r) = self.rounding() {
            let over = r.over_rounding();
            k.push(
                "rounding",
                format!(
                    "the published figures hide up to ±{} of difference; interval over the rounding range {} to {} points",
                    points_text(r.error_points()),
                    signed(over.low() * 100.0, 1),
                    signed(over.high() * 100.0, 1)
                ),
            );
            if r.is_within() {
                k.push(
                    "note",
                    "the difference is within the rounding error: the published figures cannot tell which is larger",
                );
            }
        }
        match self.adjustment() {
            Adjustment::NewcombeAtBoundary => k.push(
                "note",
                "wald has no width when both figures are 0% or 100%: newcombe interval shown",
            ),
            Adjustment::ZeroWidth => k.push(
                "note",
                "zero width: the figures carry no information about sampling error",
            ),
            Adjustment::Clipped => k.push("note", "cut to -100..+100 points"),
            _ => {}
        }
        if self.is_n_assumed() {
            k.push("note", "a sample size is assumed, not published");
        }
        k
    }
}

/// "1 point", "0.55 points".
fn points_text(x: f64) -> String {
    let v = (x * 1e9).round() / 1e9;
    if v == 1.0 {
        "1 point".to_string()
    } else {
        format!("{v} points")
    }
}

/// The figure with its published decimals: 38%, 38.4%.
fn figure(percent: f64, precision: Precision) -> String {
    match precision {
        Precision::Decimals(d) => format!("{:.*}%", usize::from(d), percent),
        _ => format!("{percent:.1}%"),
    }
}
