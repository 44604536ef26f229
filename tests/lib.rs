//! The one integration-test binary: every sub-folder is a module, named after the part of
//! yoron it tests (`stats/`, `compare/`, `weight/`, `chart/`, ...; `cli/` is the command line,
//! `data/` the bundled data and the tidy format with its round trips, `reliability/` bad
//! input, files and paths).
//!
//! - `support/` — what the modules share: running the `yoron` binary, fixture and repository
//!   paths, reference CSVs (see its docs).
//! - `prereq/` — what a test needs from outside the crate, and the rule that no test passes
//!   without having run.
//! - `fixtures/` — inputs made for the tests (the bad-input corpus in `fixtures/bad/`).
//! - `reference/` — values from R and statsmodels with the scripts and versions that made them.

#[cfg(feature = "chart")]
mod chart;
mod cli;
mod compare;
mod data;
mod pool;
mod prereq;
mod reliability;
#[cfg(feature = "chart")]
mod report;
mod stats;
mod support;
#[cfg(feature = "polars")]
mod weight;
