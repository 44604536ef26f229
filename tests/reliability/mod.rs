//! Reliability: the bad-input corpus with pinned errors, inputs too large for the corpus,
//! fuzzing's regression inputs and the command line's behaviour on bad paths and options.
//! (Round trips are in `tests/data/roundtrip.rs`, fixtures in `tests/fixtures/`.)

mod cli;
mod corpus;
mod extreme;
mod files;
mod fuzz_regressions;
mod large;
mod positions;
mod regressions;
