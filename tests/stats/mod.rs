//! Tests of `yoron::stats`: reference values from R and statsmodels, laws (proptest),
//! exact coverage, and the `yoron interval` / `yoron diff` commands.

#[cfg(feature = "cli")]
mod cli;
mod coverage;
mod methods;
mod properties;
mod reference;
