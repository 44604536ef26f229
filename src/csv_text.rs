//! CSV text with positions, shared by every reader of user CSV files (the tidy format, the
//! raking margins, respondent files): the UTF-8 check, the csv crate's quoting read a byte
//! at a time, and a reader of a header and records that knows each record's line.

use crate::error::{Error, ErrorKind, Position, Problems, Result};

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
                ErrorKind::FieldCount {
                    expected: table.names.len() as u64,
                    found: rec.len() as u64,
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
        problems.at(ErrorKind::UnclosedQuote, pos);
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

fn csv_error(e: &csv::Error, text: &str, lines: &CsvLines) -> Error {
    let line = lines.record_line(text, e.position());
    let kind = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => ErrorKind::FieldCount {
            expected: *expected_len,
            found: *len,
        },
        _ => ErrorKind::MalformedCsv {
            message: e.to_string(),
        },
    };
    Error::at(kind, Position::at_line(line))
}

/// An error of the csv crate as [`ErrorKind::MalformedCsv`], on its line when it says one
/// (for files read with the csv crate alone: the bundled tables, claims).
pub(crate) fn malformed(e: &csv::Error) -> Error {
    let kind = ErrorKind::MalformedCsv {
        message: e.to_string(),
    };
    match e.position() {
        Some(p) => Error::at(kind, Position::at_line(p.line())),
        None => Error::new(kind),
    }
}
