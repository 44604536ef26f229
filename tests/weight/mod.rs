//! Respondent-level estimates, raking and their CLI commands.

#[cfg(feature = "cli")]
mod cli;
mod errors;
mod estimates;
#[cfg(feature = "parquet")]
mod parquet;
mod props;
#[cfg(feature = "readstat")]
mod readstat;
mod reference;
mod regress;
mod replicate;
mod replicate_created;
