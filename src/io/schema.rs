//! The tidy format's columns, the header check, and the raw rows of text cells that every
//! input (CSV, JSON, DataFrame) becomes before validation.

use crate::error::{ErrorKind, Position, Problems};

/// The columns of the tidy format, in the order yoron writes them.
pub const COLUMNS: [&str; 27] = [
    "series",
    "publisher",
    "wave",
    "country",
    "fieldwork_start",
    "fieldwork_end",
    "published",
    "n",
    "mode",
    "population",
    "method",
    "series_break",
    "question",
    "question_text",
    "question_text_ja",
    "question_text_ko",
    "response",
    "option",
    "option_kind",
    "percent",
    "source",
    "seen_at",
    "source_kind",
    "conflict",
    "conflict_note",
    "notes",
    "source_ref",
];

/// The columns every input must have.
pub const REQUIRED: [&str; 7] = [
    "series", "wave", "country", "question", "response", "option", "percent",
];

// Column indexes, by name, so the validator reads like the format.
pub(super) const SERIES: usize = 0;
pub(super) const PUBLISHER: usize = 1;
pub(super) const WAVE: usize = 2;
pub(super) const COUNTRY: usize = 3;
pub(super) const FW_START: usize = 4;
pub(super) const FW_END: usize = 5;
pub(super) const PUBLISHED: usize = 6;
pub(super) const N: usize = 7;
pub(super) const MODE: usize = 8;
pub(super) const POPULATION: usize = 9;
pub(super) const METHOD: usize = 10;
pub(super) const SERIES_BREAK: usize = 11;
pub(super) const QUESTION: usize = 12;
pub(super) const Q_TEXT: usize = 13;
pub(super) const Q_TEXT_JA: usize = 14;
pub(super) const Q_TEXT_KO: usize = 15;
pub(super) const RESPONSE: usize = 16;
pub(super) const OPTION: usize = 17;
pub(super) const OPTION_KIND: usize = 18;
pub(super) const PERCENT: usize = 19;
pub(super) const SOURCE: usize = 20;
pub(super) const SEEN_AT: usize = 21;
pub(super) const SOURCE_KIND: usize = 22;
pub(super) const CONFLICT: usize = 23;
pub(super) const CONFLICT_NOTE: usize = 24;
pub(super) const NOTES: usize = 25;
pub(super) const SOURCE_REF: usize = 26;

/// One input row as text cells, before validation. `cells[i]` is the value of
/// `COLUMNS[i]` (empty when the input has no such column) and `cols[i]` the 1-based
/// column it was in (0 when absent). `at` is the row's line in a file, or its row in a
/// DataFrame.
#[derive(Clone, Debug)]
pub(crate) struct RawRow {
    pub(crate) at: Position,
    pub(crate) cells: Vec<String>,
    pub(crate) cols: Vec<u64>,
}

impl RawRow {
    pub(super) fn pos(&self, c: usize) -> Position {
        if self.cols[c] == 0 {
            self.at.clone()
        } else {
            self.at.clone().in_column(self.cols[c], COLUMNS[c])
        }
    }

    /// "line 12" or "row 12", for messages that name another row.
    pub(super) fn place(&self) -> String {
        crate::error::place(&self.at)
    }
}

/// Maps a header to column indexes, reporting duplicate, unknown and missing columns.
/// Returns, for each of [`COLUMNS`], the 0-based index in the input, if present.
pub(crate) fn map_header(
    header: &[String],
    line: u64,
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let mut map: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    let known: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    for (i, name) in header.iter().enumerate() {
        let col = i as u64 + 1;
        match COLUMNS.iter().position(|c| c == name) {
            Some(c) => match map[c] {
                Some(first) => problems.at(
                    ErrorKind::DuplicateColumn {
                        column: name.clone(),
                        first: first as u64 + 1,
                    },
                    Position::cell(line, col, name),
                ),
                None => map[c] = Some(i),
            },
            None => problems.at(
                ErrorKind::UnknownColumn {
                    column: name.clone(),
                    suggestion: crate::error::suggest(name, &known),
                },
                Position::cell(line, col, name),
            ),
        }
    }
    for req in REQUIRED {
        let c = COLUMNS.iter().position(|x| *x == req).unwrap_or(0);
        if map[c].is_none() {
            problems.at(
                ErrorKind::MissingColumn {
                    column: req.to_string(),
                    expected: COLUMNS.join(", "),
                },
                Position::at_line(line),
            );
        }
    }
    map
}

/// Builds a raw row from the fields of one record, given the header mapping.
pub(crate) fn raw_row(at: Position, fields: &[&str], map: &[Option<usize>]) -> RawRow {
    let mut cells = vec![String::new(); COLUMNS.len()];
    let mut cols = vec![0u64; COLUMNS.len()];
    for (c, idx) in map.iter().enumerate() {
        if let Some(i) = idx {
            cells[c] = fields.get(*i).map_or(String::new(), |s| s.to_string());
            cols[c] = *i as u64 + 1;
        }
    }
    RawRow { at, cells, cols }
}
