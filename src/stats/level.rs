//! The confidence level of an interval, validated once.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::stats::dist;

/// A confidence level in the open interval (0, 1), such as 0.95.
///
/// The default is [`ConfidenceLevel::P95`].
///
/// # Example
/// ```
/// use yoron::stats::ConfidenceLevel;
/// let level = ConfidenceLevel::new(0.9)?;
/// assert_eq!(level.value(), 0.9);
/// assert!((level.alpha() - 0.1).abs() < 1e-15);
/// assert_eq!(ConfidenceLevel::default(), ConfidenceLevel::P95);
/// assert!(ConfidenceLevel::new(1.0).is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct ConfidenceLevel(f64);

impl ConfidenceLevel {
    /// 80 %.
    pub const P80: ConfidenceLevel = ConfidenceLevel(0.8);
    /// 90 %.
    pub const P90: ConfidenceLevel = ConfidenceLevel(0.9);
    /// 95 %, the level pollsters print (the default).
    pub const P95: ConfidenceLevel = ConfidenceLevel(0.95);
    /// 99 %.
    pub const P99: ConfidenceLevel = ConfidenceLevel(0.99);

    /// A confidence level from a number in (0, 1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when `level` is not a
    /// number strictly between 0 and 1 (NaN, 0, 1 and 95 are all rejected).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::ConfidenceLevel;
    /// assert_eq!(ConfidenceLevel::new(0.99)?, ConfidenceLevel::P99);
    /// let err = ConfidenceLevel::new(95.0).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "argument level: expected a confidence level in (0, 1) such as 0.95, found 95"
    /// );
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(level: f64) -> Result<ConfidenceLevel> {
        if level > 0.0 && level < 1.0 {
            Ok(ConfidenceLevel(level))
        } else {
            Err(Error::invalid_argument(
                "level",
                "a confidence level in (0, 1) such as 0.95",
                level.to_string(),
            ))
        }
    }

    /// The level as a number in (0, 1).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::ConfidenceLevel::P95.value(), 0.95);
    /// ```
    pub fn value(self) -> f64 {
        self.0
    }

    /// One minus the level: the two-sided error rate α.
    ///
    /// # Example
    /// ```
    /// let a = yoron::stats::ConfidenceLevel::P99.alpha();
    /// assert!((a - 0.01).abs() < 1e-15);
    /// ```
    pub fn alpha(self) -> f64 {
        1.0 - self.0
    }

    /// The two-sided standard-normal critical value z = Φ⁻¹(1 − α/2).
    ///
    /// # Formula
    /// ```text
    /// z = Φ⁻¹(1 − α/2) = √2 · erfc⁻¹(α)
    /// ```
    /// Matches R: `qnorm(1 - (1 - level) / 2)`.
    ///
    /// # Example
    /// ```
    /// let z = yoron::stats::ConfidenceLevel::P95.z();
    /// assert!((z - 1.959963984540054).abs() < 1e-14);
    /// ```
    pub fn z(self) -> f64 {
        dist::z_two_sided(self.alpha())
    }
}

impl Default for ConfidenceLevel {
    fn default() -> ConfidenceLevel {
        ConfidenceLevel::P95
    }
}

impl fmt::Display for ConfidenceLevel {
    /// The level in percent, as few digits as needed: `95%`, `99.9%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.0 * 100.0;
        // Round away the binary noise of e.g. 0.95 * 100 = 95.00000000000001.
        let shown = (pct * 1e9).round() / 1e9;
        write!(f, "{shown}%")
    }
}

impl FromStr for ConfidenceLevel {
    type Err = Error;

    /// Parses a level as a proportion (`0.95`), a percent (`95%`) or a bare number above 1
    /// read as a percent (`95`), so `--level` takes the same forms on every command.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::ConfidenceLevel;
    /// for s in ["0.95", "95", "95%", " 95 % "] {
    ///     assert_eq!(s.parse::<ConfidenceLevel>()?.value(), 0.95);
    /// }
    /// assert!("1".parse::<ConfidenceLevel>().is_err());
    /// assert!("100".parse::<ConfidenceLevel>().is_err());
    /// assert!("0".parse::<ConfidenceLevel>().is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<ConfidenceLevel> {
        let text = s.trim();
        let invalid = || {
            Error::invalid_argument(
                "level",
                "a confidence level such as 0.95, 95 or 95%",
                format!("\"{s}\""),
            )
        };
        let value = match text.strip_suffix('%') {
            Some(pct) => pct.trim().parse::<f64>().map_err(|_| invalid())? / 100.0,
            None => match text.parse::<f64>().map_err(|_| invalid())? {
                // "95" means 95 %: no one asks for a level of 95.
                x if x > 1.0 => x / 100.0,
                x => x,
            },
        };
        if value > 0.0 && value < 1.0 {
            Ok(ConfidenceLevel(value))
        } else {
            Err(invalid())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fraction_and_percent() {
        assert_eq!(
            "0.9".parse::<ConfidenceLevel>().unwrap(),
            ConfidenceLevel::P90
        );
        assert_eq!("99%".parse::<ConfidenceLevel>().unwrap().value(), 0.99);
        // The same forms on every command: "95" is 95 %, as "95%" and "0.95" are.
        assert_eq!("95".parse::<ConfidenceLevel>().unwrap().value(), 0.95);
        let err = "100".parse::<ConfidenceLevel>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument level: expected a confidence level such as 0.95, 95 or 95%, found \"100\""
        );
        assert!("nan".parse::<ConfidenceLevel>().is_err());
        assert!(ConfidenceLevel::new(f64::NAN).is_err());
        assert!(ConfidenceLevel::new(0.0).is_err());
    }

    #[test]
    fn displays_percent() {
        assert_eq!(ConfidenceLevel::P95.to_string(), "95%");
        assert_eq!(ConfidenceLevel::new(0.999).unwrap().to_string(), "99.9%");
    }
}
