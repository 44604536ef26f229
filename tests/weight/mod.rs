//! Respondent-level estimates, raking and their CLI commands.

#[cfg(feature = "cli")]
mod cli;
mod errors;
#[cfg(feature = "parquet")]
mod parquet;
mod props;
#[cfg(feature = "readstat")]
mod readstat;
mod reference;
mod replicate;
mod replicate_created;
