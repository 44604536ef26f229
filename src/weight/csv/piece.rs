//! Parsing one piece of a block: a fast path for fields without quotes, the `csv` crate
//! for the rest; only the wanted columns are converted (numbers to `f64`, categories to
//! codes of a per-piece dictionary), straight into the piece's share of the final columns.

use crate::error::ErrorKind;
use crate::weight::data::{BadList, ColumnKind, MISSING};
use crate::weight::dict::{Dict, is_missing, parse_number, plain_decimal};

/// Where a piece writes one wanted column: its own part of the column, one place per line
/// of the piece (an upper bound on its records), so that pieces parsed at once write the
/// final columns directly, with no per-piece vectors to copy afterwards.
pub(super) enum Slot<'a> {
    Number(&'a mut [f64], BadList),
    Category(&'a mut [u32], Dict),
}

/// What a piece leaves besides the values it wrote: per column, the bad numbers or the
/// piece's dictionary.
pub(super) enum Found {
    Number(BadList),
    Category(Dict),
}

impl Slot<'_> {
    pub(super) fn new_number(values: &mut [f64]) -> Slot<'_> {
        Slot::Number(values, BadList::default())
    }

    pub(super) fn new_category(codes: &mut [u32]) -> Slot<'_> {
        Slot::Category(codes, Dict::default())
    }

    /// The rows this slot has room for.
    fn len(&self) -> usize {
        match self {
            Slot::Number(v, _) => v.len(),
            Slot::Category(c, _) => c.len(),
        }
    }

    fn found(self) -> Found {
        match self {
            Slot::Number(_, bad) => Found::Number(bad),
            Slot::Category(_, dict) => Found::Category(dict),
        }
    }

    /// Writes row `row` from the field's text (the `csv` crate's path).
    fn set(&mut self, f: &[u8], row: usize) {
        match self {
            Slot::Number(v, bad) => set_number(v, bad, f, row),
            Slot::Category(codes, dict) => set_category(codes, dict, f, row),
        }
    }
}

/// Writes a number from a field's text: missing, a number, or a bad value (listed, NaN).
fn set_number(v: &mut [f64], bad: &mut BadList, f: &[u8], row: usize) {
    let t = f.trim_ascii();
    let x = if is_missing(t) {
        f64::NAN
    } else {
        match parse_number(t) {
            Some(x) => x,
            None => {
                bad.push(row, || String::from_utf8_lossy(t).into_owned());
                f64::NAN
            }
        }
    };
    if let Some(s) = v.get_mut(row) {
        *s = x;
    }
}

/// Writes a category code from a field's text (missing when empty or `NA`).
fn set_category(codes: &mut [u32], dict: &mut Dict, f: &[u8], row: usize) {
    let c = if is_missing(f) { MISSING } else { dict.code(f) };
    if let Some(s) = codes.get_mut(row) {
        *s = c;
    }
}

/// What one piece of a block yields.
pub(super) struct Piece {
    pub(super) rows: usize,
    /// Lines in the piece (records can span lines).
    pub(super) lines: u64,
    /// `(row in piece, line in piece from 0)` of records that do not start right after the
    /// previous one.
    pub(super) anchors: Vec<(usize, u64)>,
    pub(super) cols: Vec<Found>,
    pub(super) error: Option<(u64, ErrorKind)>,
}

impl Piece {
    /// The rows read before the error at `line` (from 0 in the piece).
    fn failed(rows: usize, anchors: Vec<(usize, u64)>, line: u64, error: ErrorKind) -> Piece {
        Piece {
            rows,
            lines: 0,
            anchors,
            cols: Vec::new(),
            error: Some((line, error)),
        }
    }
}

/// What one pass over a piece finds before it is parsed: the most records it can hold
/// (its line ends — `\n`, `\r\n`, or a `\r` alone, which the `csv` crate also takes for
/// one — plus a last line without one), and whether it can take the fast path (no quotes,
/// and every carriage return ends a line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Scan {
    pub(super) max_records: usize,
    pub(super) plain: bool,
}

/// Scans a piece once for [`Scan`]: the line ends, quotes and carriage returns in one
/// search.
pub(super) fn scan(bytes: &[u8]) -> Scan {
    let mut ends = 0usize;
    let mut plain = true;
    for i in memchr::memchr3_iter(b'\n', b'\r', b'"', bytes) {
        match bytes[i] {
            b'\n' => ends += 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            b'\r' => {
                ends += 1;
                plain = false;
            }
            _ => plain = false,
        }
    }
    let last = usize::from(!bytes.ends_with(b"\n") && !bytes.ends_with(b"\r"));
    Scan {
        max_records: ends + last,
        plain,
    }
}

/// The rows every slot has room for.
fn room(slots: &[Slot<'_>]) -> usize {
    slots.iter().map(Slot::len).min().unwrap_or(usize::MAX)
}

/// Cannot happen (records never outnumber line ends, see [`Scan::max_records`]); an error rather
/// than a row lost if it did.
fn too_many_records() -> ErrorKind {
    ErrorKind::Internal {
        what: "more CSV records than line ends in a block".into(),
    }
}

/// The end of the field that starts at `p`: the next `,` or `\n`, or the end of `bytes`.
#[inline]
fn field_end(bytes: &[u8], mut p: usize) -> usize {
    while let Some(&b) = bytes.get(p) {
        if b == b',' || b == b'\n' {
            break;
        }
        p += 1;
    }
    p
}

/// The field from `p` to `end` without the `\r` of a CRLF line end.
#[inline]
fn field_text(bytes: &[u8], p: usize, end: usize) -> &[u8] {
    let f = &bytes[p..end];
    match f.split_last() {
        Some((b'\r', rest)) if bytes.get(end) != Some(&b',') => rest,
        _ => f,
    }
}

/// Where a line's scan stands: field `field` starts at `p`; `ended` once the line's last
/// field is passed (`p` is then at its line end).
struct Cursor {
    p: usize,
    field: usize,
    ended: bool,
}

impl Cursor {
    /// Moves past the field that ends at `q`: to the next field after a comma, else to the
    /// line's end.
    #[inline]
    fn past(&mut self, bytes: &[u8], q: usize) {
        if bytes.get(q) == Some(&b',') {
            self.p = q + 1;
            self.field += 1;
        } else {
            self.p = q;
            self.ended = true;
        }
    }
}

/// The fast path for pieces without quotes (most respondent files): one left-to-right scan
/// of each line that finds the wanted fields and converts them as it goes — a plain decimal
/// is read while its end is found ([`plain_decimal`]) — and skips the rest. Same results as
/// the `csv` crate on such input: LF or CRLF line ends, blank lines skipped.
fn parse_plain(
    bytes: &[u8],
    wanted: &[(usize, ColumnKind)],
    n_fields: usize,
    mut slots: Vec<Slot<'_>>,
) -> Piece {
    // Wanted fields in file order, to fill them in one left-to-right scan.
    let mut order: Vec<(usize, usize)> = wanted
        .iter()
        .enumerate()
        .map(|(k, (f, _))| (*f, k))
        .collect();
    order.sort_unstable();
    let capacity = room(&slots);
    let mut rows = 0usize;
    let mut anchors = Vec::new();
    let mut line = 0u64; // line of the current record, from 0
    let mut expected = 0u64;
    let mut start = 0usize;
    let n = bytes.len();
    while start < n {
        // Blank lines are skipped, as the csv crate does.
        match (bytes[start], bytes.get(start + 1)) {
            (b'\n', _) | (b'\r', Some(b'\n')) => {
                start += if bytes[start] == b'\n' { 1 } else { 2 };
                line += 1;
                continue;
            }
            _ => {}
        }
        if rows >= capacity {
            return Piece::failed(rows, anchors, line, too_many_records());
        }
        if line != expected {
            anchors.push((rows, line));
        }
        let mut at = Cursor {
            p: start,
            field: 0,
            ended: false,
        };
        for &(f, k) in &order {
            while at.field < f && !at.ended {
                at.past(bytes, field_end(bytes, at.p));
            }
            if at.field < f {
                break;
            }
            let p = at.p;
            let q = match &mut slots[k] {
                Slot::Number(v, bad) => match plain_decimal(bytes, p) {
                    Some((x, q)) => {
                        if let Some(s) = v.get_mut(rows) {
                            *s = x;
                        }
                        q
                    }
                    None => {
                        let q = field_end(bytes, p);
                        set_number(v, bad, field_text(bytes, p, q), rows);
                        q
                    }
                },
                Slot::Category(codes, dict) => {
                    let q = field_end(bytes, p);
                    set_category(codes, dict, field_text(bytes, p, q), rows);
                    q
                }
            };
            at.past(bytes, q);
        }
        let Cursor { p, field, ended } = at;
        // The line's end, and its number of fields (commas after the last wanted field).
        let nl = memchr::memchr(b'\n', &bytes[p..]).map_or(n, |i| p + i);
        let found = if ended {
            field + 1
        } else {
            field + 1 + memchr::memchr_iter(b',', &bytes[p..nl]).count()
        };
        if found != n_fields {
            return Piece::failed(
                rows,
                anchors,
                line,
                ErrorKind::FieldCount {
                    expected: n_fields as u64,
                    found: found as u64,
                },
            );
        }
        rows += 1;
        expected = line + 1;
        line += 1;
        start = nl + 1;
    }
    Piece {
        rows,
        lines: line,
        anchors,
        cols: slots.into_iter().map(Slot::found).collect(),
        error: None,
    }
}

/// Parses one piece into its slots (one per wanted column, in the order of `wanted`, each
/// [`Scan::max_records`] long); `plain` is [`Scan::plain`].
pub(super) fn parse_piece(
    bytes: &[u8],
    plain: bool,
    wanted: &[(usize, ColumnKind)],
    n_fields: usize,
    mut slots: Vec<Slot<'_>>,
) -> Piece {
    if plain {
        return parse_plain(bytes, wanted, n_fields, slots);
    }
    let capacity = room(&slots);
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
        if rows >= capacity {
            return Piece::failed(rows, anchors, rec_line - 1, too_many_records());
        }
        for ((idx, _), slot) in wanted.iter().zip(slots.iter_mut()) {
            slot.set(rec.get(*idx).unwrap_or(b""), rows);
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
        cols: slots.into_iter().map(Slot::found).collect(),
        error: None,
    }
}
