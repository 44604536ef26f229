//! # yoron — 世論 / 여론, public opinion
//!
//! Analyse public-opinion polls, first of all the series that research on Japan–South
//! Korea relations cites: the Genron NPO / East Asia Institute joint poll, the Yomiuri
//! Shimbun–Hankook Ilbo joint poll, Gallup Korea's Daily Opinion, Japan's Cabinet Office
//! Public Opinion Survey on Diplomacy, and the Yomiuri Shimbun–Gallup Japan–US poll's
//! military-threat question. Every bundled figure carries its source.
//!
//! ```
//! use yoron::Country;
//!
//! // The bundled data needs no files: 867 published figures with their sources.
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let jp = threat.topline("2016", Country::JP)?;
//! let kr = threat.topline("2016", Country::KR)?;
//! assert_eq!(jp.figure("china")?.percent().as_str(), "80");
//! assert_eq!(kr.figure("japan")?.percent().as_str(), "38");
//! assert_eq!(kr.wave().n().map(|n| n.get()), Some(1010));
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! # Overview
//!
//! - [`Dataset`]: validated figures with their waves, questions and sources; views
//!   [`SeriesRef`], [`QuestionRef`], [`Topline`] (one question, one wave, one sample),
//!   [`Trend`] (one option over time, with series breaks) and [`FigureRef`].
//! - [`datasets`]: the four bundled series ([`datasets::bundled`], [`datasets::genron_eai`],
//!   …), compiled in and parsed once.
//! - Values: [`Country`], [`SeriesId`], [`WaveId`], [`QuestionId`], [`OptionId`],
//!   [`Percent`] (kept as published), [`SampleSize`], [`PartialDate`] and [`Fieldwork`]
//!   (dates at their published precision), [`ResponseFormat`], [`OptionKind`], [`Source`].
//! - The tidy format for your own data: [`Dataset::from_csv_path`],
//!   [`Dataset::from_json_path`], [`Dataset::write_csv`]; with the `polars` feature
//!   [`Dataset::to_frame`] and [`Dataset::from_frame`].
//! - One error type, [`Error`], with a [`Position`] for every problem in an input.
//!
//! # Recipes
//!
//! Three short ones here; the [`cookbook`] has a recipe for each task (compare two countries,
//! rank, change, mirror, check a claim, chart a trend, weight a respondent file, …).
//!
//! ## Follow one figure over time
//! ```
//! use yoron::Country;
//! let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
//! for p in q.trend(Country::JP, "feel_total")?.points() {
//!     let mark = if p.break_before() { " (series break before)" } else { "" };
//!     println!("{} {}{mark}", p.wave().id(), p.percent());
//! }
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! ## See where sources disagree
//! ```
//! for f in yoron::datasets::bundled().conflicts().filter(|f| f.is_preferred()) {
//!     let others: Vec<String> = f.rivals().map(|r| r.percent().to_string()).collect();
//!     println!("{} {}: {} preferred over {:?}: {}", f.wave().id(), f.option(), f.percent(), others, f.conflict_note());
//! }
//! ```
//!
//! ## Load your own poll figures
//! ```
//! let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
//!            my_poll,My Institute,2025-03,JP,1200,trust_korea,single,trust,41.5\n\
//!            my_poll,My Institute,2025-03,JP,1200,trust_korea,single,not_trust,52.0\n";
//! let ds = yoron::Dataset::from_csv_reader(csv.as_bytes())?;
//! let t = ds.series("my_poll")?.question("trust_korea")?.topline("2025-03", yoron::Country::JP)?;
//! assert_eq!(t.figure("not_trust")?.percent().as_str(), "52.0");
//! # Ok::<(), yoron::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "chart")]
pub mod chart;
pub mod error;
pub mod label;
pub mod stats;

pub use error::{Error, ErrorKind, Position, Result};
pub mod compare;
pub mod cookbook;
mod csv_text;
pub mod datasets;
mod fs;
mod io;
pub mod model;
pub mod pool;
#[cfg(feature = "chart")]
pub mod report;
pub mod table;
#[cfg(feature = "polars")]
pub mod weight;

pub use io::{COLUMNS, Figures, REQUIRED};

/// R `survey` calls and their yoron equivalents (a page of documentation, no code).
#[doc = include_str!("../docs/for-r-survey-users.md")]
pub mod for_r_users {}

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use model::{
    BreakExtent, BreakKind, ConflictMark, Country, Dataset, DatePrecision, Fieldwork, FigureRef,
    Mode, OptionId, OptionKind, PartialDate, Percent, Question, QuestionId, QuestionRef,
    ResponseFormat, SampleSize, SeriesBreak, SeriesId, SeriesInfo, SeriesRef, Source, SourceKind,
    Topline, Trend, TrendPoint, Wave, WaveId, WaveSelector,
};
#[cfg(feature = "polars")]
pub mod frame;

/// The polars crate yoron was built with, so notebooks and users can name its types.
#[cfg(feature = "polars")]
pub use polars;
// The statistics' own `SampleSize` (published or assumed) stays in `yoron::stats`; the
// root `SampleSize` is the data model's.
pub use stats::{
    CiMethod, ConfidenceInterval, ConfidenceLevel, DiffMethod, DiffOptions, Difference, Estimate,
    Samples,
};
