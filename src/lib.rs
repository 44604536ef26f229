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

pub mod error;

pub use error::{Error, ErrorKind, Position, Result};
pub mod datasets;
mod io;
pub mod model;

pub use io::{COLUMNS, REQUIRED};
pub use model::{
    ConflictMark, Country, Dataset, DatePrecision, Fieldwork, FigureRef, Mode, OptionId,
    OptionKind, PartialDate, Percent, Question, QuestionId, QuestionRef, ResponseFormat,
    SampleSize, SeriesId, SeriesInfo, SeriesRef, Source, SourceKind, Topline, Trend, TrendPoint,
    Wave, WaveId, WaveSelector,
};
#[cfg(feature = "polars")]
pub mod frame;

/// The polars crate yoron was built with, so notebooks and users can name its types.
#[cfg(feature = "polars")]
pub use polars;
