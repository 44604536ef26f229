//! Uncertainty and significance for published poll figures.
//!
//! Everything here works on plain numbers — a figure in percent as published, a sample
//! size, counts — so it can be used with or without yoron's data model.
//!
//! # Overview
//! - [`Estimate`]: one figure with its [`SampleSizeSource`] (published, or an explicit
//!   assumption carried into every result), design effect / effective n, and published
//!   [`Precision`] (whole percent, one decimal, …).
//! - [`Estimate::ci`] → [`ConfidenceInterval`] for any [`CiMethod`] at any
//!   [`ConfidenceLevel`]; for a rounded figure, also the interval over its rounding range.
//! - [`Estimate::margin_of_error`] and [`Estimate::poll_margin_of_error`] →
//!   [`MarginOfError`], the "±3.1 points" pollsters print.
//! - [`FigureInterval`]: a figure's interval and margins, explained line by line (as
//!   [`Difference::explanation`] explains a difference).
//! - [`Difference`] between two figures, for independent samples ([`DiffMethod`]: Newcombe,
//!   Wald, Agresti–Caffo, with a pooled z-test) or two options of one sample
//!   ([`Samples`]: multinomial covariance, or Fréchet bounds for multiple response), with a
//!   [`RoundingCheck`] that flags differences smaller than the rounding error.
//! - [`Homogeneity`]: chi-square test that a question's answers are distributed alike in two
//!   samples ([`Distribution`]).
//! - [`PAdjust`]: Holm and Benjamini–Hochberg adjusted p-values for a family of tests.
//! - [`TrendAnalysis`]: wave-to-wave changes and weighted least-squares slopes ([`Slope`]) per run
//!   of waves between series breaks ([`WaveEstimate`], [`Breaks`]).
//!
//! # Verification
//! Every formula is checked in `tests/stats/` against values computed by R 4.2 (`prop.test`,
//! `binom.test`, `qbeta`, `mcnemar.test`, `chisq.test`, `p.adjust`, `lm`) and statsmodels
//! 0.15 (`proportion_confint`, `confint_proportions_2indep`, `test_proportions_2indep`),
//! with a relative tolerance of 1e-9. The scripts, tool versions and CSVs are in
//! `tests/reference/stats/`. Where yoron departs from those tools on purpose (edges of the
//! range, continuity correction at x = n/2), the item's docs say so.
//!
//! # Example: how sure is "38 % vs 36 %"?
//! ```
//! use yoron::stats::{CiMethod, ConfidenceLevel, DiffOptions, Estimate, SampleSizeSource};
//! let jp = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
//! let kr = Estimate::parse_percent("36", SampleSizeSource::Published(1010))?;
//! let ci = jp.ci(CiMethod::Wilson, ConfidenceLevel::P95);
//! assert!(ci.low() > 0.35 && ci.high() < 0.42);
//! let gap = jp.diff(&kr, DiffOptions::new())?;
//! assert!(gap.p_value() > 0.05);              // not a significant lead
//! assert!(!gap.rounding().unwrap().is_within()); // but larger than the rounding error
//! # Ok::<(), yoron::Error>(())
//! ```

mod adjust;
mod difference;
pub(crate) mod dist;
mod estimate;
mod explain;
mod homogeneity;
mod interval;
mod level;
mod methods;
mod trend;

pub use adjust::{AdjustedPValues, PAdjust};
pub use difference::{DiffMethod, DiffOptions, Difference, Joint, RoundingCheck, Samples};
pub use estimate::{Estimate, MarginOfError, Precision, SampleSizeSource};
pub use explain::FigureInterval;
pub use homogeneity::{Distribution, Homogeneity};
pub use interval::{Adjustment, Bounds, CiMethod, ConfidenceInterval};
// The one-sample Wilson formula, shared with the design-based interval on the effective n.
#[cfg_attr(not(feature = "polars"), allow(unused_imports))]
pub(crate) use interval::wilson;
pub use level::ConfidenceLevel;
pub use trend::{
    Breaks, Run, Slope, TrendAnalysis, TrendOptions, WaveChange, WaveEstimate, fractional_year,
};
