//! Tests of `yoron::pool`: statsmodels reference values, a simulation study, bad input and
//! the `yoron pool` command.

mod bad_input;
#[cfg(feature = "chart")]
mod chart;
#[cfg(feature = "cli")]
mod cli;
mod reference;
mod simulation;
