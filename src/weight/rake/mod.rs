//! Raking: iterative proportional fitting of the weights to population margins, with
//! optional trimming, and the raked design's linearisation variance as R's `rake()`
//! object gives it.
//!
//! Raked weights are wᵢ = dᵢ · F(cᵢ) where cᵢ is the respondent's combination of margin
//! categories (a "raking cell"), so the fitting runs on the table of raking cells — a few
//! dozen numbers — after one pass over the rows, and the weights are written in a second
//! pass. Trimming clips the weights (rows) and rakes again.
//!
//! Three concerns, depending in one direction: `margins` (the targets, read from code or
//! a file) and `options` (what to do, what happened) know nothing of the fitting; `fit`
//! uses both and the [`Design`](super::Design). The raked design's variance lives in
//! `weight::raked_variance`, which the design uses without depending on raking.

mod fit;
mod margins;
mod options;

pub use margins::Margins;
pub use options::{Rake, RakeReport, Raked, Trim};
