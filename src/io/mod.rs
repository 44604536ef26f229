//! Reading and writing the tidy format: one row per published figure.
//!
//! One parser serves the bundled data, the user's CSV and JSON files and (with the `polars`
//! feature) DataFrames: all of them become rows of text cells with positions, and one
//! validator checks them and builds the [`Dataset`](crate::Dataset). Validation collects every problem in
//! the input, each with its file, line, column and what was expected and found; an input
//! with any problem loads nothing.
//!
//! # The columns
//!
//! | column | required | what it holds |
//! |---|---|---|
//! | `series` | yes | snake_case series id (`genron_eai`, … or your own) |
//! | `publisher` | for your own series | who publishes the series |
//! | `wave` | yes | the wave id as the publisher labels it (`2016_4th`, `FY2016`, `2016-01-05`) |
//! | `country` | yes | sample country, ISO 3166-1 alpha-2 (`JP`, `KR`) |
//! | `fieldwork_start`, `fieldwork_end`, `published` | no | `YYYY`, `YYYY-MM` or `YYYY-MM-DD` |
//! | `n` | no | valid responses (a whole number ≥ 1) |
//! | `mode` | no | `face_to_face`, `telephone`, `postal`, `online`, `placement`, `mixed` |
//! | `population` | no | who was sampled, as stated (`18+`) |
//! | `method` | no | the method as the source describes it |
//! | `series_break` | no | why the series breaks before this wave (e.g. a mode change) |
//! | `question` | yes | snake_case question id |
//! | `question_text`, `question_text_ja`, `question_text_ko` | no | wording (English, original Japanese, original Korean) |
//! | `response` | yes | `single` or `multi` |
//! | `option` | yes | snake_case option id |
//! | `option_kind` | no | `substantive`, `net`, `dont_know`, `no_answer`, `dk_na` (inferred from the option id when empty) |
//! | `percent` | yes | the figure as published, in [0, 100] (`59.1`, `80`) |
//! | `source`, `seen_at`, `source_kind` | no | the publication, where it was read (`" \| "`-separated), `primary`/`secondary`/`paper` |
//! | `conflict`, `conflict_note` | no | `preferred`/`alternative` where sources disagree, and why |
//! | `notes`, `source_ref` | no | free notes; where the row was taken from |
//!
//! Wave columns (`publisher` to `series_break`) must agree on every row of one wave (series,
//! wave, country); question columns on every row of one question (series, question).
//!
//! # Where each part lives
//!
//! - `schema`: the columns, the header check and the raw text rows every input becomes;
//! - `csv` and `json`: reading the two file formats into raw rows;
//! - `validate`: checking raw rows and building the [`Dataset`](crate::Dataset);
//! - `figures`: a selection of figures as `yoron show` prints them;
//! - `inputs`: several files as one dataset, alone or on top of the bundled data;
//! - `write`: writing a dataset back, losslessly, in either format.
//!
//! The helpers that other readers share live outside: [`crate::fs`] (reading files with
//! a size limit, atomic writes), [`crate::csv_text`] (UTF-8, quoting, CSV tables with
//! lines) and [`crate::error::Problems`] (collecting every problem of an input).

mod csv;
mod figures;
mod inputs;
mod json;
mod schema;
mod validate;
mod write;

pub use figures::Figures;
pub use schema::{COLUMNS, REQUIRED};
#[cfg_attr(not(feature = "polars"), allow(unused_imports))]
pub(crate) use schema::{map_header, raw_row};
#[cfg_attr(not(feature = "polars"), allow(unused_imports))]
pub(crate) use validate::build;
