//! # yoron — 世論 / 여론, public opinion
//!
//! Analyse public-opinion polls, first of all the four series that research on
//! Japan–South Korea relations cites: the Genron NPO / East Asia Institute joint poll, the
//! Yomiuri Shimbun–Hankook Ilbo joint poll, Gallup Korea's Daily Opinion and Japan's
//! Cabinet Office Public Opinion Survey on Diplomacy. Every bundled figure carries its
//! source.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "chart")]
pub mod chart;
pub mod error;

pub use error::{Error, ErrorKind, Position, Result};
