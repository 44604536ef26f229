//! Reliability: the bad-input corpus with pinned errors, inputs too large for the corpus,
//! fuzzing's regression inputs, round-trip properties and the command line's behaviour on
//! bad paths and options.

mod cli;
mod corpus;
mod extreme;
mod files;
mod fuzz_regressions;
mod large;
mod positions;
mod regressions;
mod roundtrip;
