//! Design-based estimates: proportions and totals of each category, 0/1 indicator sets,
//! means, totals, ratios and quantiles, overall or by domain, with contrasts between two
//! domains.
//!
//! Three concerns, one file each, depending in one direction:
//! `estimand` (what is asked) ← `domain` (the engine computing it on a
//! [`Design`](super::Design)) → `results` (what is returned, and its CSV/JSON forms).
//! `estimand` and `results` know nothing of designs or the engine. `ratio` and `quantile`
//! add their statistics to the engine in `domain` (a quantile's interval is a proportion's).

mod domain;
mod estimand;
mod quantile;
mod ratio;
mod results;

pub(crate) use domain::{CellSum, cell_sums};
pub use estimand::{Estimand, MAX_QUANTILES};
pub use quantile::QuantileInterval;
pub use results::{DesignEstimate, DesignEstimates, Statistic};
