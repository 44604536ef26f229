//! The one integration-test binary: every sub-folder is a module.
#[cfg(feature = "chart")]
mod chart;
