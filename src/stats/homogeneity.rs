//! Chi-square test of homogeneity: does one question's answer distribution differ between
//! two samples?

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::stats::dist;
use crate::stats::estimate::{SampleSizeSource, effective_n};
use crate::table::p_clause;

/// One sample's published distribution over a question's options, in percent, with its n.
///
/// The test compares the options as listed. When the published options leave something
/// out ("don't know", "no answer"), add the remainder as an option with
/// [`with_rest`](Distribution::with_rest), or the test is only about the listed options.
///
/// # Example
/// ```
/// use yoron::stats::{Distribution, SampleSizeSource};
/// let d = Distribution::from_percents(&[38.0, 36.0], SampleSizeSource::Published(1000))?.with_rest();
/// assert_eq!(d.percents().len(), 3);
/// assert!((d.percents()[2] - 26.0).abs() < 1e-12);
/// assert!((d.counts()[0] - 380.0).abs() < 1e-9);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    percents: Vec<f64>,
    n: u32,
    n_assumed: bool,
    n_eff: f64,
}

impl Distribution {
    /// A distribution from its figures in percent and the sample size.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownSampleSize`](crate::ErrorKind::UnknownSampleSize) for an unknown
    /// n; [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when a figure is
    /// outside [0, 100], there are fewer than two, or n is 0.
    ///
    /// # Example
    /// ```
    /// use yoron::stats::{Distribution, SampleSizeSource};
    /// assert!(Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Unknown).is_err());
    /// assert!(Distribution::from_percents(&[150.0, 50.0], SampleSizeSource::Published(10)).is_err());
    /// ```
    pub fn from_percents(percents: &[f64], n: SampleSizeSource) -> Result<Distribution> {
        if percents.len() < 2 {
            return Err(Error::invalid_argument(
                "percents",
                "at least two options",
                percents.len().to_string(),
            ));
        }
        if let Some(bad) = percents.iter().find(|p| !(0.0..=100.0).contains(*p)) {
            return Err(Error::invalid_argument(
                "percents",
                "figures in [0, 100]",
                bad.to_string(),
            ));
        }
        let (n, n_assumed) = n.require(|| "the distribution".to_string())?;
        Ok(Distribution {
            percents: percents.to_vec(),
            n,
            n_assumed,
            n_eff: f64::from(n),
        })
    }

    /// The same distribution with a design effect: counts are taken on n_eff = n / deff.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when `deff` is not a
    /// positive finite number.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(1000))?.with_deff(2.0)?;
    /// assert_eq!(d.n_eff(), 500.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_deff(self, deff: f64) -> Result<Distribution> {
        Ok(Distribution {
            n_eff: effective_n(self.n, deff)?,
            ..self
        })
    }

    /// The same distribution with one more option holding 100 minus the sum of the others
    /// (0 when they already reach 100, as rounding can make them exceed it).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[50.0, 51.0], SampleSizeSource::Published(10))?.with_rest();
    /// assert_eq!(d.percents()[2], 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn with_rest(mut self) -> Distribution {
        let sum: f64 = self.percents.iter().sum();
        self.percents.push((100.0 - sum).max(0.0));
        self
    }

    /// The figures, in percent.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[40.0, 60.0], SampleSizeSource::Published(10))?;
    /// assert_eq!(d.percents(), &[40.0, 60.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn percents(&self) -> &[f64] {
        &self.percents
    }

    /// The sample size.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[40.0, 60.0], SampleSizeSource::Published(10))?;
    /// assert_eq!(d.n(), 10);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The effective sample size.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[40.0, 60.0], SampleSizeSource::Published(10))?;
    /// assert_eq!(d.n_eff(), 10.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.n_eff
    }

    /// The reconstructed counts: percent × n_eff / 100 for each option, not rounded.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, SampleSizeSource};
    /// let d = Distribution::from_percents(&[38.4, 61.6], SampleSizeSource::Published(1010))?;
    /// assert!((d.counts()[0] - 387.84).abs() < 1e-9);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn counts(&self) -> Vec<f64> {
        self.percents
            .iter()
            .map(|p| p * self.n_eff / 100.0)
            .collect()
    }
}

/// The result of a chi-square test of homogeneity between two samples.
///
/// # Formula
/// Counts are reconstructed as Oᵢⱼ = percentᵢⱼ × n_eff,ᵢ / 100 (not rounded: rounding them
/// would add error that the published figures do not have). With row totals Rᵢ, column
/// totals Cⱼ and grand total T, Eᵢⱼ = RᵢCⱼ/T and
/// ```text
/// X² = Σᵢⱼ (Oᵢⱼ − Eᵢⱼ)² / Eᵢⱼ,   df = k − 1,   p = P(χ²_df > X²)
/// ```
/// Options that are 0 in both samples carry no information and are left out (listed in
/// [`dropped`](Homogeneity::dropped), df reduced). With a common design effect, using n_eff
/// divides X² by it: the first-order design correction of Rao & Scott (1984).
///
/// # References
/// Pearson, K. (1900); Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for
/// multiway contingency tables with cell proportions estimated from survey data. *Annals of
/// Statistics* 12, 46–60.
///
/// Matches R: `chisq.test(rbind(a * na / 100, b * nb / 100), correct = FALSE)`.
///
/// # Example
/// ```
/// use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
/// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
/// let b = Distribution::from_percents(&[60.0, 40.0], SampleSizeSource::Published(100))?;
/// let t = Homogeneity::test(&a, &b)?;
/// assert!((t.statistic() - 2.0202020202020203).abs() < 1e-12);
/// assert_eq!(t.df(), 1);
/// assert!((t.p_value() - 0.15521848968468371).abs() < 1e-12);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Homogeneity {
    statistic: f64,
    df: u32,
    p_value: f64,
    counts_a: Vec<f64>,
    counts_b: Vec<f64>,
    dropped: Vec<usize>,
    n_a: u32,
    n_b: u32,
    n_assumed: bool,
}

impl Homogeneity {
    /// Tests whether a and b come from the same distribution over the options.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the two have a
    /// different number of options, when a sample's figures are all 0, or when fewer than
    /// two options are non-zero in either sample.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
    /// let b = Distribution::from_percents(&[20.0, 30.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert!(Homogeneity::test(&a, &b).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn test(a: &Distribution, b: &Distribution) -> Result<Homogeneity> {
        if a.percents.len() != b.percents.len() {
            return Err(Error::invalid_argument(
                "b",
                format!("the same {} options as a", a.percents.len()),
                format!("{} options", b.percents.len()),
            ));
        }
        let (ca, cb) = (a.counts(), b.counts());
        let (ra, rb): (f64, f64) = (ca.iter().sum(), cb.iter().sum());
        if ra <= 0.0 || rb <= 0.0 {
            return Err(Error::invalid_argument(
                "percents",
                "at least one figure above 0 in each sample",
                "all 0",
            ));
        }
        let total = ra + rb;
        let mut statistic = 0.0;
        let mut dropped = Vec::new();
        let mut used = 0u32;
        for (j, (&oa, &ob)) in ca.iter().zip(&cb).enumerate() {
            let col = oa + ob;
            if col <= 0.0 {
                dropped.push(j);
                continue;
            }
            used += 1;
            let (ea, eb) = (ra * col / total, rb * col / total);
            statistic += (oa - ea).powi(2) / ea + (ob - eb).powi(2) / eb;
        }
        if used < 2 {
            return Err(Error::invalid_argument(
                "percents",
                "at least two options above 0 in one of the samples",
                format!("{used}"),
            ));
        }
        let df = used - 1;
        Ok(Homogeneity {
            statistic,
            df,
            p_value: dist::chi_square_sf(statistic, f64::from(df)),
            counts_a: ca,
            counts_b: cb,
            dropped,
            n_a: a.n,
            n_b: b.n,
            n_assumed: a.n_assumed || b.n_assumed,
        })
    }

    /// Pearson's X².
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.statistic(), 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// Degrees of freedom: the number of options used minus one.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0, 0.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.df(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> u32 {
        self.df
    }

    /// The p-value P(χ²_df > X²).
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.p_value(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p_value
    }

    /// The reconstructed counts of a.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.counts_a(), &[50.0, 50.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn counts_a(&self) -> &[f64] {
        &self.counts_a
    }

    /// The reconstructed counts of b.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.counts_b(), &[50.0, 50.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn counts_b(&self) -> &[f64] {
        &self.counts_b
    }

    /// The options (0-based) left out because they are 0 in both samples.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 0.0, 50.0], SampleSizeSource::Published(100))?;
    /// assert_eq!(Homogeneity::test(&a, &a)?.dropped(), &[1]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn dropped(&self) -> &[usize] {
        &self.dropped
    }

    /// True when either sample size is an assumption.
    ///
    /// # Example
    /// ```
    /// # use yoron::stats::{Distribution, Homogeneity, SampleSizeSource};
    /// let a = Distribution::from_percents(&[50.0, 50.0], SampleSizeSource::Assumed(100))?;
    /// assert!(Homogeneity::test(&a, &a)?.is_n_assumed());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }
}

impl fmt::Display for Homogeneity {
    /// `X² = 10.60, df = 2, p = 0.005`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "X² = {:.2}, df = {}, {}",
            self.statistic,
            self.df,
            p_clause(self.p_value)
        )?;
        if !self.dropped.is_empty() {
            write!(f, " ({} empty options left out)", self.dropped.len())?;
        }
        if self.n_assumed {
            f.write_str("; n assumed")?;
        }
        Ok(())
    }
}
