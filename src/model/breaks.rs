//! Series breaks as data: where a series changes (mode, population, partner, wording, a
//! different survey), why, and where the sources say so — and the decisions that something
//! is *not* a break ([`BreakKind::Note`]).
//!
//! The bundled breaks come from `data/breaks.csv` (see `data/README.md`); a user's tidy file
//! states its breaks in the `series_break` column, which concerns a whole wave from that wave
//! on. Trends ([`crate::QuestionRef::trend`]) split at every break of their series, country
//! and question.

use std::fmt;

use super::{BreakExtent, BreakKind, Country, QuestionId, SeriesId, Wave, WaveId};
use crate::error::{Error, ErrorKind, Result};

/// One recorded series break (or note): where, what, why and on what source.
///
/// # Example
/// ```
/// use yoron::{BreakKind, Country};
/// let ds = yoron::datasets::bundled();
/// let b = ds
///     .breaks()
///     .find(|b| b.series().as_str() == "cabinet_office" && b.kind() == BreakKind::Mode)
///     .expect("the FY2020 mode change");
/// assert_eq!(b.wave().as_str(), "FY2020");
/// assert_eq!(b.country(), Country::JP);
/// assert!(b.splits() && b.question().is_none());
/// assert!(b.reason().starts_with("mode change"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesBreak {
    pub(crate) series: SeriesId,
    pub(crate) wave: WaveId,
    pub(crate) country: Country,
    pub(crate) question: Option<QuestionId>,
    pub(crate) kind: BreakKind,
    pub(crate) extent: BreakExtent,
    pub(crate) reason: String,
    pub(crate) source: String,
}

impl SeriesBreak {
    /// The series.
    pub fn series(&self) -> &SeriesId {
        &self.series
    }
    /// The wave where the change shows (the first wave stated with the new method).
    pub fn wave(&self) -> &WaveId {
        &self.wave
    }
    /// The sample country.
    pub fn country(&self) -> Country {
        self.country
    }
    /// The one question concerned, or `None` for every question of the wave.
    pub fn question(&self) -> Option<&QuestionId> {
        self.question.as_ref()
    }
    /// What changes.
    pub fn kind(&self) -> BreakKind {
        self.kind
    }
    /// From this wave on, or this wave only.
    pub fn extent(&self) -> BreakExtent {
        self.extent
    }
    /// Why, as the data says it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// Where the sources say so.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// True for a break; false for a [`BreakKind::Note`], which records that the series
    /// continues.
    pub fn splits(&self) -> bool {
        self.kind != BreakKind::Note
    }
    /// True when the break concerns this question of this series and sample country.
    pub fn concerns(&self, series: &SeriesId, country: Country, question: &QuestionId) -> bool {
        self.series == *series
            && self.country == country
            && self.question.as_ref().is_none_or(|q| q == question)
    }
}

/// A break between two points of a trend: a recorded [`SeriesBreak`] or a wave's
/// `series_break` text (user data).
#[derive(Clone, Copy, Debug)]
pub(crate) enum BreakRef<'a> {
    Recorded(&'a SeriesBreak),
    Wave(&'a Wave),
}

impl<'a> BreakRef<'a> {
    pub(crate) fn reason(&self) -> &'a str {
        match self {
            BreakRef::Recorded(b) => &b.reason,
            BreakRef::Wave(w) => w.series_break().unwrap_or_default(),
        }
    }
    pub(crate) fn recorded(&self) -> Option<&'a SeriesBreak> {
        match self {
            BreakRef::Recorded(b) => Some(b),
            BreakRef::Wave(_) => None,
        }
    }
}

/// True when a break at time `t` separates two consecutive points at times `a < b`:
/// a `from` break lies between the wave before it and its own wave, even when its own wave
/// is not on the trend; an `only` break separates its own wave from its neighbours, and
/// nothing when that wave is not on the trend (the rest of the series is unaffected).
pub(crate) fn separates(extent: BreakExtent, t: f64, a: f64, b: f64) -> bool {
    match extent {
        BreakExtent::From => t > a && t <= b,
        // The same wave gives the same time: exact equality is intended.
        BreakExtent::Only => (t == b && a < t) || (t == a && t < b),
    }
}

/// Reads `breaks.csv` (`series,wave,country,question,kind,extent,reason,source`).
///
/// # Errors
/// A row with a wrong number of cells or an invalid id or code, with its line and column.
pub(crate) fn read_breaks_csv(text: &str, file: &str) -> Result<Vec<SeriesBreak>> {
    const HEADER: [&str; 8] = [
        "series", "wave", "country", "question", "kind", "extent", "reason", "source",
    ];
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_error =
        |e: csv::Error| crate::csv_text::malformed(&e).with_path(std::path::Path::new(file));
    let header = rdr.headers().map_err(csv_error)?.clone();
    if header.iter().ne(HEADER) {
        return Err(Error::new(ErrorKind::InvalidValue {
            expected: format!("{file} header {}", HEADER.join(",")),
            found: header.iter().collect::<Vec<_>>().join(","),
        }));
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(csv_error)?;
        let line = i + 2;
        let at = |col: usize, e: Error| {
            Error::new(ErrorKind::InvalidValue {
                expected: format!("{file}:{line}: column {}: {e}", HEADER[col]),
                found: rec.get(col).unwrap_or_default().to_string(),
            })
        };
        if rec.len() != HEADER.len() {
            return Err(Error::new(ErrorKind::InvalidValue {
                expected: format!("{file}:{line}: {} cells", HEADER.len()),
                found: rec.len().to_string(),
            }));
        }
        let cell = |c: usize| rec.get(c).unwrap_or_default();
        let question = match cell(3) {
            "" => None,
            q => Some(q.parse().map_err(|e| at(3, e))?),
        };
        out.push(SeriesBreak {
            series: cell(0).parse().map_err(|e| at(0, e))?,
            wave: cell(1).parse().map_err(|e| at(1, e))?,
            country: cell(2).parse().map_err(|e| at(2, e))?,
            question,
            kind: cell(4).parse().map_err(|e| at(4, e))?,
            extent: cell(5).parse().map_err(|e| at(5, e))?,
            reason: cell(6).to_string(),
            source: cell(7).to_string(),
        });
    }
    Ok(out)
}

impl fmt::Display for SeriesBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}{}: {}",
            self.series,
            self.wave,
            self.country,
            self.question
                .as_ref()
                .map(|q| format!(" {q}"))
                .unwrap_or_default(),
            self.reason
        )
    }
}
