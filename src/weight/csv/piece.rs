//! Parsing one piece of a block: a fast path for fields without quotes, the `csv` crate
//! for the rest; only the wanted columns are converted (numbers to `f64`, categories to
//! codes of a per-piece dictionary).

use crate::error::ErrorKind;
use crate::weight::data::{BadList, ColumnKind, MISSING};
use crate::weight::dict::{Dict, is_missing, parse_number};

/// What one piece of a block yields.
pub(super) struct Piece {
    pub(super) rows: usize,
    /// Lines in the piece (records can span lines).
    pub(super) lines: u64,
    /// `(row in piece, line in piece from 0)` of records that do not start right after the
    /// previous one.
    pub(super) anchors: Vec<(usize, u64)>,
    pub(super) cols: Vec<PieceCol>,
    pub(super) error: Option<(u64, ErrorKind)>,
}

impl Piece {
    /// The rows read before the error at `line` (from 0 in the piece).
    fn failed(
        rows: usize,
        anchors: Vec<(usize, u64)>,
        cols: Vec<PieceCol>,
        line: u64,
        error: ErrorKind,
    ) -> Piece {
        Piece {
            rows,
            lines: 0,
            anchors,
            cols,
            error: Some((line, error)),
        }
    }
}

pub(super) enum PieceCol {
    Number(Vec<f64>, BadList),
    Category(Vec<u32>, Dict),
}

/// Whether a piece can take the fast path: no quotes, and every carriage return ends a line.
fn is_plain(bytes: &[u8]) -> bool {
    memchr::memchr(b'"', bytes).is_none()
        && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'))
}

fn new_cols(wanted: &[(usize, ColumnKind)], capacity: usize) -> Vec<PieceCol> {
    wanted
        .iter()
        .map(|(_, k)| match k {
            ColumnKind::Number => {
                PieceCol::Number(Vec::with_capacity(capacity), BadList::default())
            }
            ColumnKind::Category => {
                PieceCol::Category(Vec::with_capacity(capacity), Dict::default())
            }
        })
        .collect()
}

fn push_field(col: &mut PieceCol, f: &[u8], row: usize) {
    match col {
        PieceCol::Number(v, bad) => {
            let t = f.trim_ascii();
            v.push(if is_missing(t) {
                f64::NAN
            } else {
                match parse_number(t) {
                    Some(x) => x,
                    None => {
                        bad.push(row, || String::from_utf8_lossy(t).into_owned());
                        f64::NAN
                    }
                }
            });
        }
        PieceCol::Category(codes, dict) => {
            codes.push(if is_missing(f) { MISSING } else { dict.code(f) });
        }
    }
}

/// The fast path for pieces without quotes (most respondent files): split lines and
/// fields on bytes, convert only the wanted fields. Same results as the `csv` crate on such
/// input: LF or CRLF line ends, blank lines skipped.
fn parse_plain(bytes: &[u8], wanted: &[(usize, ColumnKind)], n_fields: usize) -> Piece {
    let estimate = bytes.len() / 32 + 16;
    let mut cols = new_cols(wanted, estimate);
    // Wanted fields in file order, to fill them in one left-to-right scan.
    let mut order: Vec<(usize, usize)> = wanted
        .iter()
        .enumerate()
        .map(|(k, (f, _))| (*f, k))
        .collect();
    order.sort_unstable();
    let last_wanted = order.last().map_or(0, |x| x.0);
    let mut rows = 0usize;
    let mut anchors = Vec::new();
    let mut line = 0u64; // line of the current record, from 0
    let mut expected = 0u64;
    let mut start = 0usize;
    let mut bounds: Vec<(usize, usize)> = vec![(0, 0); last_wanted + 1];
    while start < bytes.len() {
        // One scan per line: field bounds up to the last wanted field, commas counted for
        // the rest, up to the newline.
        let mut field = 0usize;
        let mut fstart = start;
        let mut end = bytes.len();
        for (i, &b) in bytes[start..].iter().enumerate() {
            if b == b',' {
                if field <= last_wanted {
                    bounds[field] = (fstart, start + i);
                }
                field += 1;
                fstart = start + i + 1;
            } else if b == b'\n' {
                end = start + i;
                break;
            }
        }
        let mut rec_end = end;
        if rec_end > fstart && bytes[rec_end - 1] == b'\r' {
            rec_end -= 1;
        }
        if field <= last_wanted {
            bounds[field] = (fstart, rec_end.max(fstart));
        }
        let blank = field == 0 && rec_end == start;
        if !blank {
            if line != expected {
                anchors.push((rows, line));
            }
            if field + 1 != n_fields {
                return Piece::failed(
                    rows,
                    anchors,
                    cols,
                    line,
                    ErrorKind::FieldCount {
                        expected: n_fields as u64,
                        found: field as u64 + 1,
                    },
                );
            }
            for &(f, k) in &order {
                let (a, b) = bounds[f];
                push_field(&mut cols[k], &bytes[a..b], rows);
            }
            rows += 1;
            expected = line + 1;
        }
        line += 1;
        start = end + 1;
    }
    Piece {
        rows,
        lines: line,
        anchors,
        cols,
        error: None,
    }
}

pub(super) fn parse_piece(bytes: &[u8], wanted: &[(usize, ColumnKind)], n_fields: usize) -> Piece {
    if is_plain(bytes) {
        return parse_plain(bytes, wanted, n_fields);
    }
    let mut cols = new_cols(wanted, bytes.len() / 32 + 16);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0usize;
    let mut anchors = Vec::new();
    let mut expected_line = 1u64;
    // The line after the last record read, and the bytes read so far.
    let mut after = 1u64;
    let mut consumed = 0usize;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let l = e
                    .position()
                    .map(|p| p.line())
                    .unwrap_or(expected_line)
                    .saturating_sub(1);
                return Piece::failed(
                    rows,
                    anchors,
                    cols,
                    l,
                    ErrorKind::MalformedCsv {
                        message: e.to_string(),
                    },
                );
            }
        }
        // Physical lines: count the newlines read since the last record (blank lines,
        // line breaks inside quotes, the terminator); the record starts as many lines
        // before its end as it holds line breaks.
        let end = (rdr.position().byte() as usize).min(bytes.len());
        after += memchr::memchr_iter(b'\n', &bytes[consumed..end]).count() as u64;
        consumed = end;
        let inside = memchr::memchr_iter(b'\n', rec.as_slice()).count() as u64;
        let ends_line = if bytes[..end].ends_with(b"\n") { 1 } else { 0 };
        let rec_line = after.saturating_sub(ends_line + inside).max(1);
        if rec.len() != n_fields {
            return Piece::failed(
                rows,
                anchors,
                cols,
                rec_line - 1,
                ErrorKind::FieldCount {
                    expected: n_fields as u64,
                    found: rec.len() as u64,
                },
            );
        }
        if rec_line != expected_line {
            anchors.push((rows, rec_line - 1));
        }
        for ((idx, _), col) in wanted.iter().zip(cols.iter_mut()) {
            push_field(col, rec.get(*idx).unwrap_or(b""), rows);
        }
        rows += 1;
        // Row numbers map to lines by "one line per row" from the last anchor.
        expected_line = rec_line + 1;
    }
    // Lines in the piece: the reader's line after the last record, minus the start.
    let lines = if bytes.is_empty() {
        0
    } else {
        memchr::memchr_iter(b'\n', bytes).count() as u64 + u64::from(!bytes.ends_with(b"\n"))
    };
    Piece {
        rows,
        lines,
        anchors,
        cols,
        error: None,
    }
}
