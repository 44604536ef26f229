//! Adjusted p-values for a family of tests: Holm and Benjamini–Hochberg.

use std::cmp::Ordering;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::label::named;

/// A multiple-comparison adjustment.
///
/// Names: `holm`, `bh` (also accepted: `fdr`, `benjamini-hochberg`).
///
/// # Example
/// ```
/// use yoron::stats::PAdjust;
/// assert_eq!("BH".parse::<PAdjust>()?, PAdjust::BenjaminiHochberg);
/// assert_eq!(PAdjust::Holm.to_string(), "holm");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PAdjust {
    /// Holm's step-down method: controls the family-wise error rate.
    Holm,
    /// Benjamini–Hochberg step-up method: controls the false discovery rate under
    /// independence or positive dependence.
    BenjaminiHochberg,
}

impl PAdjust {
    /// The name in JSON and on the command line.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::stats::PAdjust::BenjaminiHochberg.name(), "bh");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            PAdjust::Holm => "holm",
            PAdjust::BenjaminiHochberg => "bh",
        }
    }

    /// Adjusted p-values, in the order given.
    ///
    /// # Formula
    /// With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎:
    /// ```text
    /// Holm:  p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎)
    /// BH:    p̃₍ᵢ₎ = min(1, min_{j ≥ i} (m / j) p₍ⱼ₎)
    /// ```
    ///
    /// # References
    /// Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    /// *Scandinavian Journal of Statistics* 6, 65–70. Benjamini, Y. & Hochberg, Y. (1995).
    /// Controlling the false discovery rate. *JRSS B* 57, 289–300.
    ///
    /// Matches R: `p.adjust(p, method = "holm")`, `p.adjust(p, method = "BH")`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when a p-value is
    /// NaN or outside [0, 1] (R would pass NA through; here nothing is dropped silently).
    ///
    /// # Example
    /// ```
    /// use yoron::stats::PAdjust;
    /// // R: p.adjust(c(0.01, 0.02, 0.03, 0.5), "BH") is 0.04 0.04 0.04 0.5, bit for bit
    /// let adj = PAdjust::BenjaminiHochberg.adjust(&[0.01, 0.02, 0.03, 0.5])?;
    /// assert_eq!(adj.adjusted(), &[4.0 / 3.0 * 0.03, 4.0 / 3.0 * 0.03, 4.0 / 3.0 * 0.03, 0.5]);
    /// let holm = PAdjust::Holm.adjust(&[0.01, 0.04, 0.03])?;
    /// assert_eq!(holm.adjusted(), &[3.0 * 0.01, 2.0 * 0.03, 2.0 * 0.03]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn adjust(self, p: &[f64]) -> Result<AdjustedPValues> {
        if let Some(bad) = p.iter().find(|x| !(0.0..=1.0).contains(*x)) {
            return Err(Error::invalid_argument(
                "p",
                "p-values in [0, 1]",
                bad.to_string(),
            ));
        }
        let m = p.len();
        let mf = m as f64;
        let mut adjusted = vec![0.0; m];
        match self {
            PAdjust::Holm => {
                // Ascending, stable: ties keep their order, as R's order() does.
                let order = sorted(p, |a, b| a.total_cmp(b));
                let mut running = 0.0_f64;
                for (i, &k) in order.iter().enumerate() {
                    running = running.max((mf - i as f64) * p[k]);
                    adjusted[k] = running.min(1.0);
                }
            }
            PAdjust::BenjaminiHochberg => {
                let order = sorted(p, |a, b| b.total_cmp(a));
                let mut running = f64::INFINITY;
                for (step, &k) in order.iter().enumerate() {
                    let rank = (m - step) as f64;
                    running = running.min(mf / rank * p[k]);
                    adjusted[k] = running.min(1.0);
                }
            }
        }
        Ok(AdjustedPValues {
            method: self,
            raw: p.to_vec(),
            adjusted,
        })
    }
}

fn sorted(p: &[f64], cmp: impl Fn(&f64, &f64) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| cmp(&p[a], &p[b]));
    idx
}

named!(display PAdjust::name);
named!(serialize PAdjust::name);

impl FromStr for PAdjust {
    type Err = Error;

    fn from_str(s: &str) -> Result<PAdjust> {
        match s.trim().to_ascii_lowercase().as_str() {
            "holm" => Ok(PAdjust::Holm),
            "bh" | "fdr" | "benjamini-hochberg" => Ok(PAdjust::BenjaminiHochberg),
            _ => Err(Error::unknown_name("p-value adjustment", s, ["holm", "bh"])),
        }
    }
}

/// A family's p-values before and after adjustment, in the order given.
///
/// # Example
/// ```
/// use yoron::stats::PAdjust;
/// let a = PAdjust::Holm.adjust(&[0.2, 0.01])?;
/// assert_eq!(a.raw(), &[0.2, 0.01]);
/// assert_eq!(a.adjusted(), &[0.2, 0.02]);
/// assert_eq!(a.method(), PAdjust::Holm);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdjustedPValues {
    method: PAdjust,
    raw: Vec<f64>,
    adjusted: Vec<f64>,
}

impl AdjustedPValues {
    /// The adjustment used.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::PAdjust;
    /// assert_eq!(PAdjust::Holm.adjust(&[])?.method(), PAdjust::Holm);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn method(&self) -> PAdjust {
        self.method
    }

    /// The p-values as given.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::PAdjust;
    /// assert_eq!(PAdjust::Holm.adjust(&[0.5])?.raw(), &[0.5]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn raw(&self) -> &[f64] {
        &self.raw
    }

    /// The adjusted p-values, in the same order.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::PAdjust;
    /// assert_eq!(PAdjust::BenjaminiHochberg.adjust(&[0.5])?.adjusted(), &[0.5]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn adjusted(&self) -> &[f64] {
        &self.adjusted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_nan_and_out_of_range() {
        assert!(PAdjust::Holm.adjust(&[0.1, f64::NAN]).is_err());
        assert!(PAdjust::BenjaminiHochberg.adjust(&[1.5]).is_err());
        assert!(PAdjust::Holm.adjust(&[]).unwrap().adjusted().is_empty());
    }
}
