//! Reading and writing the tidy format: one row per published figure.
//!
//! One parser serves the bundled data, the user's CSV and JSON files and (with the `polars`
//! feature) DataFrames: all of them become rows of text cells with positions, and one
//! validator checks them and builds the [`Dataset`]. Validation collects every problem in
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

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::{
    ConflictMark, Country, Dataset, Fieldwork, Figure, FigureRef, Mode, OptionId, OptionKind,
    PartialDate, Percent, Question, QuestionId, ResponseFormat, SampleSize, SeriesId, SeriesInfo,
    Source, SourceKind, Wave, WaveId,
};

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
const SERIES: usize = 0;
const PUBLISHER: usize = 1;
const WAVE: usize = 2;
const COUNTRY: usize = 3;
const FW_START: usize = 4;
const FW_END: usize = 5;
const PUBLISHED: usize = 6;
const N: usize = 7;
const MODE: usize = 8;
const POPULATION: usize = 9;
const METHOD: usize = 10;
const SERIES_BREAK: usize = 11;
const QUESTION: usize = 12;
const Q_TEXT: usize = 13;
const Q_TEXT_JA: usize = 14;
const Q_TEXT_KO: usize = 15;
const RESPONSE: usize = 16;
const OPTION: usize = 17;
const OPTION_KIND: usize = 18;
const PERCENT: usize = 19;
const SOURCE: usize = 20;
const SEEN_AT: usize = 21;
const SOURCE_KIND: usize = 22;
const CONFLICT: usize = 23;
const CONFLICT_NOTE: usize = 24;
const NOTES: usize = 25;
const SOURCE_REF: usize = 26;

/// The most problems one error lists; the rest are counted.
const MAX_PROBLEMS: usize = 200;

/// One input row as text cells, before validation. `cells[i]` is the value of
/// `COLUMNS[i]` (empty when the input has no such column) and `cols[i]` the 1-based
/// column it was in (0 when absent).
#[derive(Clone, Debug)]
pub(crate) struct RawRow {
    pub(crate) line: u64,
    pub(crate) cells: Vec<String>,
    pub(crate) cols: Vec<u64>,
}

impl RawRow {
    fn pos(&self, c: usize) -> Position {
        if self.cols[c] == 0 {
            Position::at_line(self.line)
        } else {
            Position::cell(self.line, self.cols[c], COLUMNS[c])
        }
    }
}

/// Collects problems, keeping the first [`MAX_PROBLEMS`] and counting the rest.
#[derive(Default)]
pub(crate) struct Problems {
    list: Vec<Error>,
    more: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, e: Error) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(e);
        } else {
            self.more += 1;
        }
    }

    fn at(&mut self, kind: ErrorKind, pos: Position) {
        self.push(Error::at(kind, pos));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn into_list(self) -> Vec<Error> {
        self.list
    }

    pub(crate) fn into_error(mut self) -> Error {
        if self.more > 0 {
            self.list.push(Error::new(ErrorKind::Csv {
                message: format!("… and {} more problems not listed", self.more),
            }));
        }
        Error::new(ErrorKind::Invalid {
            problems: self.list,
        })
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
pub(crate) fn raw_row(line: u64, fields: &[&str], map: &[Option<usize>]) -> RawRow {
    let mut cells = vec![String::new(); COLUMNS.len()];
    let mut cols = vec![0u64; COLUMNS.len()];
    for (c, idx) in map.iter().enumerate() {
        if let Some(i) = idx {
            cells[c] = fields.get(*i).map_or(String::new(), |s| s.to_string());
            cols[c] = *i as u64 + 1;
        }
    }
    RawRow { line, cells, cols }
}

/// Checks that bytes are UTF-8 and strips a UTF-8 byte-order mark.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count() as u64
            + 1;
        Error::at(
            ErrorKind::NotUtf8 { byte: bytes[at] },
            Position::at_line(line).with_column(column),
        )
    })
}

/// Where each line of a CSV text starts, and where a quoted field that is never closed
/// opens.
///
/// The csv crate counts only `\n` as a line end and dates a record from the blank lines
/// before it, so its line numbers are wrong for files with lone `\r` line ends (Excel for
/// Mac) and after blank lines; and it reads an unclosed quote silently to the end of the
/// file as one field, which can swallow every later row. This scan follows the csv crate's
/// quoting: `"` opens a quoted field only at a field's start, `""` inside one is a quote.
struct CsvLines {
    starts: Vec<usize>,
    /// The byte offset and 0-based field index of a quote that is never closed.
    unclosed_quote: Option<(usize, usize)>,
}

/// The csv crate's quoting, read a byte at a time: `"` opens a quoted field only at a
/// field's start, and `""` inside one is a quote. Shared by every scan that must know
/// where records end without parsing them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quoting {
    /// The byte offset and 0-based field index of the quote that opened the current
    /// quoted field, while inside one.
    open: Option<(usize, usize)>,
    field: usize,
    field_start: bool,
}

impl Default for Quoting {
    fn default() -> Quoting {
        Quoting {
            open: None,
            field: 0,
            field_start: true,
        }
    }
}

impl Quoting {
    /// Reads the byte at `i` of `b` and returns the index of the next byte to read (past
    /// the second quote of a doubled one).
    pub(crate) fn step(&mut self, b: &[u8], i: usize) -> usize {
        let c = b[i];
        if self.open.is_some() {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    return i + 2;
                }
                self.open = None;
                self.field_start = false;
            }
        } else {
            match c {
                b'"' if self.field_start => self.open = Some((i, self.field)),
                b',' => {
                    self.field += 1;
                    self.field_start = true;
                }
                b'\n' | b'\r' => {
                    self.field = 0;
                    self.field_start = true;
                }
                _ => self.field_start = false,
            }
        }
        i + 1
    }

    /// Where the quoted field being read opened, if one is open.
    pub(crate) fn open_quote(&self) -> Option<(usize, usize)> {
        self.open
    }
}

impl CsvLines {
    fn scan(b: &[u8]) -> CsvLines {
        let mut starts = vec![0];
        let mut quoting = Quoting::default();
        // csv strips a byte-order mark left after ours, so a quote right after it opens.
        let mut i = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        while i < b.len() {
            let c = b[i];
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
            i = quoting.step(b, i);
        }
        CsvLines {
            starts,
            unclosed_quote: quoting.open_quote(),
        }
    }

    /// The line (from 1) of the byte at `offset`.
    fn line_of(&self, offset: usize) -> u64 {
        self.starts.partition_point(|&s| s <= offset) as u64
    }

    /// The line of a record that csv says starts at `pos`, past any blank lines.
    fn record_line(&self, text: &str, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else { return 0 };
        let from = usize::try_from(pos.byte())
            .unwrap_or(usize::MAX)
            .min(text.len());
        let blank = text.as_bytes()[from..]
            .iter()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count();
        self.line_of(from + blank)
    }
}

/// A CSV text's header and records, each with its line (from 1), after the structural
/// checks that every CSV input of yoron gets.
pub(crate) struct CsvTable {
    /// The header's cells, trimmed.
    pub(crate) names: Vec<String>,
    /// The records with as many fields as the header, and their lines.
    pub(crate) records: Vec<(u64, csv::StringRecord)>,
}

/// Reads a CSV text into its header and records, collecting structural problems: an empty
/// file, malformed CSV, a record whose field count differs from the header's, a quoted
/// field never closed (which the csv crate reads silently to the end of the file), a
/// header with no records. Blank lines are skipped. `header` checks the header's names
/// (at its line) before the records are read, so its problems come first; `None` when
/// there is no header.
pub(crate) fn csv_table<T>(
    text: &str,
    problems: &mut Problems,
    header: impl FnOnce(&[String], u64, &mut Problems) -> T,
) -> Option<(CsvTable, T)> {
    let lines = CsvLines::scan(text.as_bytes());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let first = match records.next() {
        None => {
            problems.at(
                ErrorKind::Empty {
                    found: "an empty file".to_string(),
                },
                Position::at_line(1),
            );
            return None;
        }
        Some(Err(e)) => {
            problems.push(csv_error(&e, text, &lines));
            return None;
        }
        Some(Ok(h)) => h,
    };
    let header_line = lines.record_line(text, first.position()).max(1);
    let names: Vec<String> = first.iter().map(|s| s.trim().to_string()).collect();
    let checked = header(&names, header_line, problems);
    let mut table = CsvTable {
        names,
        records: Vec::new(),
    };
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_error(&e, text, &lines));
                // The reader cannot resynchronise after a broken quote; stop here.
                if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    continue;
                }
                break;
            }
        };
        let line = lines.record_line(text, rec.position());
        if rec.len() == 1 && rec.get(0) == Some("") {
            // A blank line between records: csv already skips these, but a lone empty
            // field can still show up at the very end.
            continue;
        }
        if rec.len() != table.names.len() {
            problems.at(
                ErrorKind::Csv {
                    message: format!(
                        "expected {} fields as in the header, found {}",
                        table.names.len(),
                        rec.len()
                    ),
                },
                Position::at_line(line),
            );
            continue;
        }
        table.records.push((line, rec));
    }
    if let Some((offset, field)) = lines.unclosed_quote {
        let line = lines.line_of(offset);
        let column = field as u64 + 1;
        let pos = match table.names.get(field) {
            Some(name) if line > header_line => Position::cell(line, column, name),
            _ => Position::at_line(line).with_column(column),
        };
        problems.at(
            ErrorKind::Csv {
                message: "expected a closing quote for the quoted field that opens here, found the end of the file (everything after the quote was read as one field)".to_string(),
            },
            pos,
        );
    }
    if table.records.is_empty() && problems.is_empty() {
        problems.at(
            ErrorKind::Empty {
                found: "only a header".to_string(),
            },
            Position::at_line(header_line),
        );
    }
    Some((table, checked))
}

/// Reads the tidy CSV format into raw rows, collecting structural problems.
fn csv_rows(text: &str, problems: &mut Problems) -> Vec<RawRow> {
    let Some((table, (map, header_ok))) = csv_table(text, problems, |names, line, problems| {
        let map = map_header(names, line, problems);
        (map, problems.is_empty())
    }) else {
        return Vec::new();
    };
    if !header_ok {
        return Vec::new();
    }
    table
        .records
        .iter()
        .map(|(line, rec)| {
            let fields: Vec<&str> = rec.iter().collect();
            raw_row(*line, &fields, &map)
        })
        .collect()
}

fn csv_error(e: &csv::Error, text: &str, lines: &CsvLines) -> Error {
    let line = lines.record_line(text, e.position());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields as in the header, found {len}"),
        _ => format!("malformed CSV: {e}"),
    };
    Error::at(ErrorKind::Csv { message }, Position::at_line(line))
}

/// Reads the tidy JSON format (an array of row objects) into raw rows.
fn json_rows(text: &str, problems: &mut Problems) -> Vec<RawRow> {
    let items: Vec<&serde_json::value::RawValue> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.at(
                ErrorKind::InvalidValue {
                    expected: "a JSON array of row objects".to_string(),
                    found: e.to_string(),
                },
                // serde_json counts columns from 1 but says 0 before a line's first byte.
                Position::at_line(e.line() as u64).with_column(e.column().max(1) as u64),
            );
            return Vec::new();
        }
    };
    if items.is_empty() {
        problems.at(
            ErrorKind::Empty {
                found: "an empty array".to_string(),
            },
            Position::at_line(1),
        );
    }
    let base = text.as_ptr() as usize;
    let mut rows = Vec::new();
    for item in items {
        let offset = (item.get().as_ptr() as usize).saturating_sub(base);
        let (line, column) = line_col(text, offset);
        let obj: Members<'_> = match serde_json::from_str(item.get()) {
            Ok(o) => o,
            Err(_) => {
                problems.at(
                    ErrorKind::InvalidValue {
                        expected: "a JSON object with the tidy format's columns as keys"
                            .to_string(),
                        found: item.get().chars().take(60).collect(),
                    },
                    Position::at_line(line).with_column(column),
                );
                continue;
            }
        };
        let keys: Vec<String> = obj.0.iter().map(|(k, _)| k.clone()).collect();
        let mut header_problems = Problems::default();
        let map = map_header(&keys, line, &mut header_problems);
        // As in a CSV file with a bad header, the row's values are not checked as well.
        let mut row_ok = header_problems.is_empty();
        for mut p in header_problems.list {
            if let Some(pos) = p.position_mut() {
                *pos = pos.clone().with_column(column);
            }
            problems.push(p);
        }
        let mut fields: Vec<String> = Vec::with_capacity(keys.len());
        for (k, v) in &obj.0 {
            let raw = v.get();
            let value = if raw.starts_with('"') {
                match serde_json::from_str::<String>(raw) {
                    Ok(s) => s,
                    Err(_) => {
                        // A lone surrogate escape ("\ud800") is valid JSON syntax but no
                        // text: say so rather than read the value as empty.
                        let inner = raw
                            .strip_prefix('"')
                            .and_then(|r| r.strip_suffix('"'))
                            .unwrap_or(raw);
                        problems.at(
                            ErrorKind::InvalidValue {
                                expected: "a JSON string of Unicode text (a \\u escape from d800 to dfff must be half of a surrogate pair)".to_string(),
                                found: inner.to_string(),
                            },
                            Position::cell(line, column, k),
                        );
                        row_ok = false;
                        String::new()
                    }
                }
            } else if raw == "null" {
                String::new()
            } else {
                raw.to_string()
            };
            fields.push(value);
        }
        if !row_ok {
            continue;
        }
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mut row = raw_row(line, &refs, &map);
        // JSON has no columns: point every cell at the row object's opening brace.
        for c in row.cols.iter_mut() {
            if *c != 0 {
                *c = column;
            }
        }
        rows.push(row);
    }
    rows
}

/// A JSON object's members in input order. A map would keep only the last of two equal
/// keys and drop the other value silently; this keeps both, for the header check to report.
struct Members<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visitor)
    }
}

fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[start..].chars().count() as u64 + 1)
}

/// Infers an option's kind from its id, for inputs that leave `option_kind` empty.
fn infer_kind(option: &str) -> OptionKind {
    match option {
        "dont_know" => OptionKind::DontKnow,
        "no_answer" => OptionKind::NoAnswer,
        "dk_na" | "withheld" | "dont_know_no_answer" => OptionKind::DkNa,
        o if o.ends_with("_total") => OptionKind::Net,
        _ => OptionKind::Substantive,
    }
}

/// The validated cells of one row.
struct Parsed {
    series: SeriesId,
    wave: WaveId,
    country: Country,
    question: QuestionId,
    response: ResponseFormat,
    option: OptionId,
    option_kind: OptionKind,
    percent: Percent,
    fieldwork: Fieldwork,
    published: Option<PartialDate>,
    n: Option<SampleSize>,
    mode: Option<Mode>,
    source_kind: SourceKind,
    conflict: Option<ConflictMark>,
}

fn parse_row(row: &RawRow, problems: &mut Problems) -> Option<Parsed> {
    let before = problems.list.len() + problems.more;
    let mut req = |c: usize| -> Option<&str> {
        let v = row.cells[c].as_str();
        if v.is_empty() {
            problems.at(
                ErrorKind::InvalidValue {
                    expected: format!("a value (column {} is required)", COLUMNS[c]),
                    found: String::new(),
                },
                row.pos(c),
            );
            None
        } else {
            Some(v)
        }
    };
    let series = req(SERIES);
    let wave = req(WAVE);
    let country = req(COUNTRY);
    let question = req(QUESTION);
    let response = req(RESPONSE);
    let option = req(OPTION);
    let percent = req(PERCENT);
    fn cell<T: std::str::FromStr<Err = Error>>(
        row: &RawRow,
        c: usize,
        v: Option<&str>,
        problems: &mut Problems,
    ) -> Option<T> {
        let v = v?;
        match v.parse::<T>() {
            Ok(x) => Some(x),
            Err(e) => {
                let kind = match e.into_kind() {
                    k @ ErrorKind::InvalidValue { .. } => k,
                    other => ErrorKind::InvalidValue {
                        expected: other.to_string(),
                        found: v.to_string(),
                    },
                };
                problems.at(kind, row.pos(c));
                None
            }
        }
    }
    fn opt<T: std::str::FromStr<Err = Error>>(
        row: &RawRow,
        c: usize,
        problems: &mut Problems,
    ) -> Option<Option<T>> {
        let v = row.cells[c].as_str();
        if v.is_empty() {
            return Some(None);
        }
        cell(row, c, Some(v), problems).map(Some)
    }
    let series: Option<SeriesId> = cell(row, SERIES, series, problems);
    let wave: Option<WaveId> = cell(row, WAVE, wave, problems);
    let country: Option<Country> = cell(row, COUNTRY, country, problems);
    let question: Option<QuestionId> = cell(row, QUESTION, question, problems);
    let response: Option<ResponseFormat> = cell(row, RESPONSE, response, problems);
    let option: Option<OptionId> = cell(row, OPTION, option, problems);
    let percent: Option<Percent> = cell(row, PERCENT, percent, problems);
    let start: Option<Option<PartialDate>> = opt(row, FW_START, problems);
    let end: Option<Option<PartialDate>> = opt(row, FW_END, problems);
    let published: Option<Option<PartialDate>> = opt(row, PUBLISHED, problems);
    let n: Option<Option<SampleSize>> = opt(row, N, problems);
    let mode: Option<Option<Mode>> = opt(row, MODE, problems);
    let kind: Option<Option<OptionKind>> = opt(row, OPTION_KIND, problems);
    let source_kind: Option<Option<SourceKind>> = opt(row, SOURCE_KIND, problems);
    let conflict: Option<Option<ConflictMark>> = opt(row, CONFLICT, problems);
    let fieldwork = match (start, end) {
        (Some(s), Some(e)) => match Fieldwork::new(s, e) {
            Ok(f) => Some(f),
            Err(err) => {
                problems.at(err.into_kind(), row.pos(FW_END));
                None
            }
        },
        _ => None,
    };
    if let (Some(Some(p)), Some(f)) = (published, fieldwork)
        && let Some(s) = f.start()
        && p.last_day() < s.first_day()
    {
        problems.at(
            ErrorKind::InvalidValue {
                expected: format!("a publication date on or after the fieldwork start {s}"),
                found: p.to_string(),
            },
            row.pos(PUBLISHED),
        );
    }
    if let Some(Some(c)) = conflict
        && row.cells[CONFLICT_NOTE].trim().is_empty()
    {
        problems.at(
            ErrorKind::InvalidValue {
                expected: format!("a reason why this figure is {c} (conflict_note)"),
                found: String::new(),
            },
            row.pos(CONFLICT_NOTE),
        );
    }
    if problems.list.len() + problems.more != before {
        return None;
    }
    let option = option?;
    let option_kind = kind?.unwrap_or_else(|| infer_kind(option.as_str()));
    Some(Parsed {
        series: series?,
        wave: wave?,
        country: country?,
        question: question?,
        response: response?,
        option,
        option_kind,
        percent: percent?,
        fieldwork: fieldwork?,
        published: published?,
        n: n?,
        mode: mode?,
        source_kind: source_kind?.unwrap_or(SourceKind::Primary),
        conflict: conflict?,
    })
}

/// Validates raw rows and builds a dataset, or lists every problem.
pub(crate) fn build(rows: Vec<RawRow>, mut problems: Problems) -> Result<Dataset> {
    let mut ds = Dataset::default();
    let mut wave_idx: HashMap<(SeriesId, WaveId, Country), (usize, usize)> = HashMap::new();
    let mut question_idx: HashMap<(SeriesId, QuestionId), (usize, usize)> = HashMap::new();
    let mut series_first: HashMap<SeriesId, usize> = HashMap::new();
    let mut keys: HashMap<(usize, usize, OptionId), Vec<usize>> = HashMap::new();
    // The raw row of each figure, for positions in the checks across rows.
    let mut fig_rows: Vec<usize> = Vec::new();

    for (ri, row) in rows.iter().enumerate() {
        let Some(p) = parse_row(row, &mut problems) else {
            continue;
        };
        // Series: bundled ids, or user ids defined by naming their publisher.
        match series_first.get(&p.series) {
            Some(&first) => {
                let expected = &rows[first].cells[PUBLISHER];
                if &row.cells[PUBLISHER] != expected {
                    problems.at(
                        ErrorKind::Inconsistent {
                            what: format!("publisher of series {}", p.series),
                            expected: crate::error::quoted(expected),
                            first_line: rows[first].line,
                            found: row.cells[PUBLISHER].clone(),
                        },
                        row.pos(PUBLISHER),
                    );
                }
            }
            None => {
                if !p.series.is_bundled() && row.cells[PUBLISHER].trim().is_empty() {
                    let known: Vec<String> =
                        SeriesId::BUNDLED.iter().map(|s| s.to_string()).collect();
                    let suggestion = crate::error::suggest(p.series.as_str(), &known);
                    problems.at(
                        ErrorKind::InvalidValue {
                            expected: format!(
                                "a bundled series ({}){} or, for a series of your own, its publisher in column publisher",
                                known.join(", "),
                                suggestion
                                    .map(|s| format!(" — did you mean \"{s}\"?"))
                                    .unwrap_or_default()
                            ),
                            found: p.series.to_string(),
                        },
                        row.pos(SERIES),
                    );
                    continue;
                }
                series_first.insert(p.series.clone(), ri);
                ds.series.push((
                    p.series.clone(),
                    SeriesInfo {
                        name: p.series.to_string(),
                        publisher: row.cells[PUBLISHER].clone(),
                        ..SeriesInfo::default()
                    },
                ));
            }
        }
        // Wave: every wave column must agree with the wave's first row.
        let wkey = (p.series.clone(), p.wave.clone(), p.country);
        let w = match wave_idx.get(&wkey) {
            Some(&(w, first)) => {
                for c in [
                    FW_START,
                    FW_END,
                    PUBLISHED,
                    N,
                    MODE,
                    POPULATION,
                    METHOD,
                    SERIES_BREAK,
                ] {
                    if row.cells[c] != rows[first].cells[c] {
                        problems.at(
                            ErrorKind::Inconsistent {
                                what: format!(
                                    "{} of wave {} {} {}",
                                    COLUMNS[c], p.series, p.wave, p.country
                                ),
                                expected: crate::error::quoted(&rows[first].cells[c]),
                                first_line: rows[first].line,
                                found: row.cells[c].clone(),
                            },
                            row.pos(c),
                        );
                    }
                }
                w
            }
            None => {
                ds.waves.push(Wave {
                    series: p.series.clone(),
                    id: p.wave.clone(),
                    country: p.country,
                    fieldwork: p.fieldwork,
                    published: p.published,
                    n: p.n,
                    mode: p.mode,
                    population: row.cells[POPULATION].clone(),
                    method: row.cells[METHOD].clone(),
                    series_break: row.cells[SERIES_BREAK].clone(),
                });
                let w = ds.waves.len() - 1;
                wave_idx.insert(wkey, (w, ri));
                w
            }
        };
        // Question: wording and response format must agree with its first row.
        let qkey = (p.series.clone(), p.question.clone());
        let q = match question_idx.get(&qkey) {
            Some(&(q, first)) => {
                for c in [RESPONSE, Q_TEXT, Q_TEXT_JA, Q_TEXT_KO] {
                    if row.cells[c] != rows[first].cells[c] {
                        let what = if c == RESPONSE {
                            format!(
                                "response format of question {} {} (single in one row and multi in another)",
                                p.series, p.question
                            )
                        } else {
                            format!("{} of question {} {}", COLUMNS[c], p.series, p.question)
                        };
                        problems.at(
                            ErrorKind::Inconsistent {
                                what,
                                expected: crate::error::quoted(&rows[first].cells[c]),
                                first_line: rows[first].line,
                                found: row.cells[c].clone(),
                            },
                            row.pos(c),
                        );
                    }
                }
                q
            }
            None => {
                ds.questions.push(Question {
                    series: p.series.clone(),
                    id: p.question.clone(),
                    text: row.cells[Q_TEXT].clone(),
                    text_ja: row.cells[Q_TEXT_JA].clone(),
                    text_ko: row.cells[Q_TEXT_KO].clone(),
                    response: p.response,
                });
                let q = ds.questions.len() - 1;
                question_idx.insert(qkey, (q, ri));
                q
            }
        };
        keys.entry((w, q, p.option.clone()))
            .or_default()
            .push(ds.figures.len());
        ds.figures.push(Figure {
            wave: w,
            question: q,
            option: p.option,
            option_kind: p.option_kind,
            percent: p.percent,
            source: Source {
                publication: row.cells[SOURCE].clone(),
                seen_at: row.cells[SEEN_AT].clone(),
                kind: p.source_kind,
            },
            conflict: p.conflict,
            conflict_note: row.cells[CONFLICT_NOTE].clone(),
            notes: row.cells[NOTES].clone(),
            source_ref: row.cells[SOURCE_REF].clone(),
        });
        fig_rows.push(ri);
    }
    check_keys(&ds, &rows, &fig_rows, &keys, &mut problems);
    check_sums(&ds, &rows, &fig_rows, &mut problems);
    if problems.is_empty() {
        Ok(ds)
    } else {
        Err(problems.into_error())
    }
}

fn key_text(ds: &Dataset, f: &Figure) -> String {
    let w = &ds.waves[f.wave];
    let q = &ds.questions[f.question];
    format!("{} {} {} {} {}", w.series, w.id, w.country, q.id, f.option)
}

/// Duplicate keys must be conflicts between different sources with exactly one preferred.
fn check_keys(
    ds: &Dataset,
    rows: &[RawRow],
    fig_rows: &[usize],
    keys: &HashMap<(usize, usize, OptionId), Vec<usize>>,
    problems: &mut Problems,
) {
    let mut groups: Vec<&Vec<usize>> = keys.values().collect();
    groups.sort_by_key(|g| g[0]);
    for g in groups {
        let first = &ds.figures[g[0]];
        let key = key_text(ds, first);
        let row_of = |i: usize| &rows[fig_rows[i]];
        if g.len() == 1 {
            if let Some(mark) = first.conflict {
                problems.at(
                    ErrorKind::Conflict {
                        key,
                        problem: format!(
                            "marked {mark} but there is no other figure for the same wave, question and option"
                        ),
                    },
                    row_of(g[0]).pos(CONFLICT),
                );
            }
            continue;
        }
        let unmarked: Vec<usize> = g
            .iter()
            .copied()
            .filter(|&i| ds.figures[i].conflict.is_none())
            .collect();
        let preferred = g
            .iter()
            .filter(|&&i| ds.figures[i].conflict == Some(ConflictMark::Preferred))
            .count();
        if !unmarked.is_empty() {
            for &i in g.iter().skip(1) {
                problems.at(
                    ErrorKind::Duplicate {
                        key: key.clone(),
                        first_line: row_of(g[0]).line,
                    },
                    row_of(i).pos(OPTION),
                );
            }
            continue;
        }
        if preferred != 1 {
            problems.at(
                ErrorKind::Conflict {
                    key: key.clone(),
                    problem: format!(
                        "expected exactly one row marked preferred, found {preferred} (lines {})",
                        g.iter()
                            .map(|&i| row_of(i).line.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
                row_of(g[g.len() - 1]).pos(CONFLICT),
            );
        }
        // Each row against the first earlier row with its source, through a map: comparing
        // every pair took minutes on a large file of one key.
        let mut first_of_source: HashMap<&Source, usize> = HashMap::new();
        for &i in g {
            match first_of_source.entry(&ds.figures[i].source) {
                std::collections::hash_map::Entry::Occupied(j) => problems.at(
                    ErrorKind::Conflict {
                        key: key.clone(),
                        problem: format!(
                            "conflicting figures must come from different sources, but line {} has the same source and seen_at",
                            row_of(*j.get()).line
                        ),
                    },
                    row_of(i).pos(SEEN_AT),
                ),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
    }
}

/// A single-response question's options may not sum above 100 plus the rounding that the
/// published precision allows (half a unit of each figure's last digit). Nets (sums of
/// scale points) are summed apart from the points themselves.
fn check_sums(ds: &Dataset, rows: &[RawRow], fig_rows: &[usize], problems: &mut Problems) {
    let mut groups: HashMap<(usize, usize, bool), Vec<usize>> = HashMap::new();
    for (i, f) in ds.figures.iter().enumerate() {
        if ds.questions[f.question].response != ResponseFormat::Single
            || f.conflict == Some(ConflictMark::Alternative)
        {
            continue;
        }
        let net = f.option_kind == OptionKind::Net;
        groups.entry((f.wave, f.question, net)).or_default().push(i);
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    for g in groups {
        let sum: f64 = g.iter().map(|&i| ds.figures[i].percent.value()).sum();
        let tol: f64 = g
            .iter()
            .map(|&i| ds.figures[i].percent.rounding_half_width())
            .sum();
        if sum > 100.0 + tol + 1e-9 {
            let f = &ds.figures[g[0]];
            let w = &ds.waves[f.wave];
            let q = &ds.questions[f.question];
            let last = g[g.len() - 1];
            problems.at(
                ErrorKind::SumExceeds {
                    key: format!("{} {} {} {}", w.series, w.id, w.country, q.id),
                    sum: format!("{}", (sum * 1000.0).round() / 1000.0),
                    tolerance: format!("{}", (tol * 1000.0).round() / 1000.0),
                },
                rows[fig_rows[last]].pos(PERCENT),
            );
        }
    }
}

impl Dataset {
    /// Reads the tidy CSV format from a file.
    ///
    /// # Errors
    /// The file cannot be read, is not UTF-8, or has any problem; the error lists every
    /// problem with its line and column, and nothing is loaded.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("polls.csv");
    /// yoron::datasets::bundled().write_csv_path(&path)?;
    /// let back = yoron::Dataset::from_csv_path(&path)?;
    /// assert_eq!(back.len(), 867);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        Dataset::from_csv_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Reads the tidy CSV format from a reader.
    ///
    /// # Errors
    /// As [`Dataset::from_csv_path`], with positions but no file name.
    ///
    /// # Example
    /// ```
    /// let csv = "series,wave,country,question,response,option,percent\n\
    ///            genron_eai,2016_4th,KR,military_threat,multi,japan,38\n";
    /// let ds = yoron::Dataset::from_csv_reader(csv.as_bytes())?;
    /// assert_eq!(ds.len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_csv_reader<R: Read>(mut reader: R) -> Result<Dataset> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        Dataset::from_csv_bytes(&bytes)
    }

    pub(crate) fn from_csv_bytes(bytes: &[u8]) -> Result<Dataset> {
        let mut problems = Problems::default();
        let text = match utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                return Err(problems.into_error());
            }
        };
        let rows = csv_rows(text, &mut problems);
        build(rows, problems)
    }

    /// Reads the tidy JSON format (an array of objects keyed by column name) from a file.
    ///
    /// # Errors
    /// As [`Dataset::from_csv_path`]; positions point at each row object.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("polls.json");
    /// yoron::datasets::bundled().write_json_path(&path)?;
    /// assert_eq!(yoron::Dataset::from_json_path(&path)?.len(), 867);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_path(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        Dataset::from_json_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Reads the tidy JSON format from a reader.
    ///
    /// # Errors
    /// As [`Dataset::from_json_path`].
    ///
    /// # Example
    /// ```
    /// let json = r#"[{"series": "genron_eai", "wave": "2016_4th", "country": "KR",
    ///   "question": "military_threat", "response": "multi", "option": "japan", "percent": 38}]"#;
    /// let ds = yoron::Dataset::from_json_reader(json.as_bytes())?;
    /// assert_eq!(ds.figures().next().map(|f| f.percent().to_string()), Some("38".into()));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_json_reader<R: Read>(mut reader: R) -> Result<Dataset> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        Dataset::from_json_bytes(&bytes)
    }

    fn from_json_bytes(bytes: &[u8]) -> Result<Dataset> {
        let mut problems = Problems::default();
        let text = match utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                return Err(problems.into_error());
            }
        };
        let rows = json_rows(text, &mut problems);
        build(rows, problems)
    }

    /// The cells of every figure's row, in [`COLUMNS`] order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = [String; 27]> + '_ {
        self.figures().map(|f| f.tidy_row())
    }

    /// Writes the tidy CSV format (all columns, `\n` line ends, quotes only where needed).
    /// Reading a file written this way and writing it again gives the same bytes.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let mut out = Vec::new();
    /// yoron::datasets::bundled().write_csv(&mut out)?;
    /// let again = yoron::Dataset::from_csv_reader(out.as_slice())?;
    /// let mut out2 = Vec::new();
    /// again.write_csv(&mut out2)?;
    /// assert_eq!(out, out2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(writer);
        let csv_err = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::from(io),
            other => Error::new(ErrorKind::Csv {
                message: format!("{other:?}"),
            }),
        };
        w.write_record(COLUMNS).map_err(csv_err)?;
        for row in self.rows() {
            w.write_record(&row).map_err(csv_err)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Writes the tidy CSV format to a file, atomically: a temporary file beside it is
    /// renamed into place, so a failure never leaves a partial file.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// yoron::datasets::bundled().write_csv_path(dir.path().join("all.csv"))?;
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv_path(&self, path: impl AsRef<Path>) -> Result<()> {
        write_atomic(path.as_ref(), |w| self.write_csv(w))
    }

    /// Writes the tidy JSON format: an array of objects with every column as a key; `n`
    /// and `percent` as JSON numbers written exactly as published (a figure with a leading
    /// zero, which a JSON number cannot have, as a string), other values as strings.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let mut out = Vec::new();
    /// yoron::datasets::bundled().write_json(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.contains("\"percent\": 59.1"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, mut writer: W) -> Result<()> {
        writer.write_all(b"[")?;
        for (i, row) in self.rows().enumerate() {
            writer.write_all(if i == 0 { b"\n  {" } else { b",\n  {" })?;
            for (c, value) in row.iter().enumerate() {
                let key = COLUMNS[c];
                // JSON numbers have no leading zeros: a figure read as "068" is written
                // as a string, which reads back as the same figure.
                let leading_zero =
                    value.len() > 1 && value.starts_with('0') && !value.starts_with("0.");
                let v = if c == PERCENT && !leading_zero {
                    value.clone()
                } else if c == N {
                    if value.is_empty() {
                        "null".to_string()
                    } else {
                        value.clone()
                    }
                } else {
                    serde_json::to_string(value).map_err(|e| {
                        Error::new(ErrorKind::Csv {
                            message: e.to_string(),
                        })
                    })?
                };
                let sep = if c == 0 { "" } else { ", " };
                write!(writer, "{sep}\"{key}\": {v}")?;
            }
            writer.write_all(b"}")?;
        }
        writer.write_all(b"\n]\n")?;
        Ok(())
    }

    /// Writes the tidy JSON format to a file, atomically.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// yoron::datasets::bundled().write_json_path(dir.path().join("all.json"))?;
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json_path(&self, path: impl AsRef<Path>) -> Result<()> {
        write_atomic(path.as_ref(), |w| self.write_json(w))
    }
}

impl FigureRef<'_> {
    /// The figure's row in the tidy format, in [`COLUMNS`] order.
    pub(crate) fn tidy_row(&self) -> [String; 27] {
        let f = self;
        let w = f.wave();
        let q = f.question();
        let opt_s = |v: Option<String>| v.unwrap_or_default();
        [
            w.series.to_string(),
            f.publisher().to_string(),
            w.id.to_string(),
            w.country.to_string(),
            opt_s(w.fieldwork.start().map(|d| d.to_string())),
            opt_s(w.fieldwork.end().map(|d| d.to_string())),
            opt_s(w.published.map(|d| d.to_string())),
            opt_s(w.n.map(|n| n.to_string())),
            opt_s(w.mode.map(|m| m.to_string())),
            w.population.clone(),
            w.method.clone(),
            w.series_break.clone(),
            q.id.to_string(),
            q.text.clone(),
            q.text_ja.clone(),
            q.text_ko.clone(),
            q.response.to_string(),
            f.option().to_string(),
            f.option_kind().to_string(),
            f.percent().to_string(),
            f.source().publication.clone(),
            f.source().seen_at.clone(),
            f.source().kind.to_string(),
            opt_s(f.conflict().map(|c| c.to_string())),
            f.conflict_note().to_string(),
            f.notes().to_string(),
            f.source_ref().to_string(),
        ]
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::other("is a directory, expected a file"),
        ));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Writes through a temporary file in the same folder, then renames it into place.
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<()>,
) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::io(
                path,
                std::io::Error::other("is a directory, expected a file"),
            ));
        }
        // A device or a pipe (/dev/stdout, /dev/null, a FIFO) has nothing to replace, and
        // renaming over it would put a plain file in its place (in /dev, as root): write
        // to it directly.
        Ok(m) if !m.is_file() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            let mut w = std::io::BufWriter::new(file);
            write(&mut w).map_err(|e| e.with_path(path))?;
            return w.flush().map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    // Through a symbolic link, replace the file it points to rather than the link.
    let resolved = std::fs::canonicalize(path).ok();
    let target = resolved.as_deref().unwrap_or(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // Errors name the file asked for, not the temporary one.
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(path, e))?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w).map_err(|e| e.with_path(path))?;
        w.flush().map_err(|e| Error::io(path, e))?;
        std::fs::rename(&tmp, target).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
