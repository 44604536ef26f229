//! The one integration-test binary: every sub-folder is a module.

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
