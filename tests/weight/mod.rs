//! Respondent-level estimates, raking and their CLI commands.

#[cfg(feature = "cli")]
mod cli;
mod errors;
mod props;
mod reference;
