//! A parallel CSV reader for respondent files: the file is read in blocks, each block is
//! cut at record boundaries (quote-aware) into one piece per core, the pieces are parsed
//! at once with the `csv` crate, and only the wanted columns are converted — numbers to
//! `f64`, categories to `u32` codes through a per-piece dictionary that is merged
//! afterwards. Memory stays at the converted columns plus one block.
//!
//! Why not polars' CSV reader: in polars 0.55 its `csv` feature pulls the streaming engine
//! and the cloud stack (tokio, reqwest, rustls…), roughly doubling the crate's build time
//! (debug 111 s → 200 s, release 326 s → 605 s on the CI machine), and it would hand back
//! text columns that still have to be dictionary-encoded. This reader is as fast for the
//! columns an analysis needs (see `benches/survey.rs`) and costs nothing to build.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::path::Path;

use super::data::{
    BadList, ColumnData, ColumnKind, Columns, MISSING, Origin, Respondents, remap_codes,
    sort_levels,
};
use crate::error::{Error, ErrorKind, Position, Result};

/// Bytes read per block (each block is parsed on all cores).
const BLOCK: usize = 32 << 20;

/// FxHash: a fast hash for short keys (category texts); no HashDoS concern here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Dictionaries up to this many levels are searched linearly.
const SMALL: usize = 12;

/// A dictionary from category text to code, in order of first appearance.
#[derive(Default, Debug)]
pub(crate) struct Dict {
    map: HashMap<Box<[u8]>, u32, FxBuild>,
    levels: Vec<Box<[u8]>>,
    /// Levels of at most 15 bytes packed with their length, for the small path.
    packed: Vec<u128>,
    last: Option<(u128, u32)>,
}

/// A key of at most 15 bytes as one integer (bytes, then the length in the top byte), so
/// that comparing keys is comparing integers; `None` for longer keys.
fn pack(key: &[u8]) -> Option<u128> {
    if key.len() > 15 {
        return None;
    }
    // A shift loop: a variable-length copy would call memcpy for a few bytes.
    let mut v = (key.len() as u128) << 120;
    for (i, &b) in key.iter().enumerate() {
        v |= u128::from(b) << (8 * i);
    }
    Some(v)
}

impl Dict {
    pub(crate) fn code(&mut self, key: &[u8]) -> u32 {
        let packed = pack(key);
        // Respondent files are usually sorted by stratum and PSU: repeats are common.
        if let (Some(p), Some((lp, c))) = (packed, self.last)
            && p == lp
        {
            return c;
        }
        // Answers, sexes, age groups have a handful of short levels: comparing integers
        // beats hashing. The map takes over beyond that.
        let small = self.levels.len() <= SMALL && self.packed.len() == self.levels.len();
        let found = match (small, packed) {
            (true, Some(p)) => self.packed.iter().position(|&l| l == p).map(|i| i as u32),
            _ if self.levels.len() <= SMALL => self
                .levels
                .iter()
                .position(|l| **l == *key)
                .map(|i| i as u32),
            _ => self.map.get(key).copied(),
        };
        let c = match found {
            Some(c) => c,
            None => {
                let c = self.levels.len() as u32;
                self.levels.push(key.into());
                match packed {
                    Some(p) if self.packed.len() + 1 == self.levels.len() => self.packed.push(p),
                    _ => {}
                }
                if self.levels.len() == SMALL + 1 {
                    for (i, l) in self.levels.iter().enumerate() {
                        self.map.insert(l.clone(), i as u32);
                    }
                } else if self.levels.len() > SMALL + 1 {
                    self.map.insert(key.into(), c);
                }
                c
            }
        };
        if let Some(p) = packed {
            self.last = Some((p, c));
        }
        c
    }

    /// Levels as text; invalid UTF-8 is replaced (only used for data frames, whose text is
    /// UTF-8 already).
    pub(crate) fn into_levels_lossy(self) -> Vec<String> {
        self.levels
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }
}

/// An empty field or `NA` is missing.
pub(crate) fn is_missing(b: &[u8]) -> bool {
    b.is_empty() || b == b"NA"
}

/// Parses a number: plain decimals of at most 15 digits on a fast path, anything else
/// through `str::parse`. `None` for text that is not a number; missing values must be
/// checked before.
///
/// The fast path is exact: with at most 15 digits the digits form an integer m < 2⁵³ and
/// 10ᵏ (k ≤ 15) is a double, so m / 10ᵏ is one correctly rounded division — the same double
/// `str::parse` (and R's `strtod`) gives (Clinger 1990).
pub(crate) fn parse_number(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let t = b.trim_ascii();
    let (neg, body) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if !body.is_empty() && body.len() <= 16 {
        let mut m = 0u64;
        let mut digits = 0usize;
        let mut frac: Option<usize> = None;
        let mut ok = true;
        for (i, &c) in body.iter().enumerate() {
            match c {
                b'0'..=b'9' => {
                    m = m * 10 + u64::from(c - b'0');
                    digits += 1;
                }
                b'.' if frac.is_none() => frac = Some(body.len() - i - 1),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && digits > 0 && digits <= 15 {
            let v = m as f64 / POW10[frac.unwrap_or(0)];
            return Some(if neg { -v } else { v });
        }
    }
    std::str::from_utf8(t).ok()?.parse::<f64>().ok()
}

/// What one piece of a block yields.
struct Piece {
    rows: usize,
    /// Lines in the piece (records can span lines).
    lines: u64,
    /// `(row in piece, line in piece from 0)` of records that do not start right after the
    /// previous one.
    anchors: Vec<(usize, u64)>,
    cols: Vec<PieceCol>,
    error: Option<(u64, ErrorKind)>,
}

enum PieceCol {
    Number(Vec<f64>, BadList),
    Category(Vec<u32>, Dict),
}

/// Reads a CSV file.
pub(crate) fn read_csv_path(path: &Path, columns: &Columns) -> Result<Respondents> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).ok();
    read_csv_sized(file, Some(path), columns, size).map_err(|e| {
        if e.position().and_then(|p| p.path()).is_some() {
            e
        } else {
            e.with_path(path)
        }
    })
}

/// Reads CSV from any reader.
pub(crate) fn read_csv<R: Read>(
    reader: R,
    path: Option<&Path>,
    columns: &Columns,
) -> Result<Respondents> {
    read_csv_sized(reader, path, columns, None)
}

/// Reads CSV; `size` (the input's length, when known) lets the columns be allocated once.
fn read_csv_sized<R: Read>(
    mut reader: R,
    path: Option<&Path>,
    columns: &Columns,
    size: Option<u64>,
) -> Result<Respondents> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    fill(&mut reader, &mut buf, BLOCK, &mut eof, path)?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    // The header may be longer than a block only in absurd files; read until it ends.
    let (header, header_end) = loop {
        match parse_header(&buf, eof) {
            Some(h) => break h,
            None if eof => {
                return Err(Error::new(ErrorKind::Empty {
                    found: "an empty file".into(),
                }));
            }
            None => {
                let want = buf.len() * 2;
                fill(&mut reader, &mut buf, want, &mut eof, path)?;
            }
        }
    };
    let header = header?;
    let mut wanted: Vec<(usize, ColumnKind)> = Vec::new();
    for (name, kind) in columns.specs() {
        let hits: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == name)
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [] => {
                if let [only] = header.as_slice()
                    && let Some(sep) = [';', '\t', '|'].into_iter().find(|c| only.contains(*c))
                {
                    // A file saved with another separator reads as one column.
                    return Err(Error::at(
                        ErrorKind::NotCommaSeparated {
                            column: only.clone(),
                            separator: sep,
                        },
                        Position::at_line(1),
                    ));
                }
                let e = Error::unknown_name("column", name, header.iter().cloned());
                return Err(Error::at(e.into_kind(), Position::at_line(1)));
            }
            [i] => wanted.push((*i, *kind)),
            [first, second, ..] => {
                return Err(Error::at(
                    ErrorKind::DuplicateColumn {
                        column: name.clone(),
                        first: *first as u64 + 1,
                    },
                    Position::cell(1, *second as u64 + 1, name),
                ));
            }
        }
    }
    let n_fields = header.len();
    buf.drain(..header_end);

    let mut out: Vec<Acc> = wanted
        .iter()
        .map(|(_, k)| match k {
            ColumnKind::Number => Acc::Number(Vec::new(), BadList::default()),
            ColumnKind::Category => Acc::Category(Vec::new(), Dict::default()),
        })
        .collect();
    let mut rows = 0usize;
    let mut line = 2u64; // the line of the next record (the header is line 1)
    let mut anchors: Vec<(usize, u64)> = Vec::new();
    let mut bytes_done = header_end as u64;
    let mut reserved = false;

    loop {
        if !eof && buf.len() < BLOCK {
            fill(&mut reader, &mut buf, BLOCK, &mut eof, path)?;
        }
        if buf.is_empty() {
            break;
        }
        let end = if eof {
            buf.len()
        } else {
            match last_boundary(&buf, buf.len()) {
                Some(e) => e,
                None => {
                    // One record longer than the buffer: read more.
                    let want = buf.len() * 2;
                    fill(&mut reader, &mut buf, want, &mut eof, path)?;
                    continue;
                }
            }
        };
        if eof && let Some((lines, field)) = unclosed_quote(&buf[..end]) {
            let name = header.get(field).map_or("", String::as_str);
            return Err(Error::at(
                ErrorKind::UnclosedQuote,
                Position::cell(line + lines, field as u64 + 1, name),
            ));
        }
        let cuts = cut(&buf[..end], threads);
        let pieces: Vec<Piece> = std::thread::scope(|s| {
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let bytes = &buf[w[0]..w[1]];
                    let wanted = &wanted;
                    s.spawn(move || parse_piece(bytes, wanted, n_fields))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| Piece {
                        rows: 0,
                        lines: 0,
                        anchors: vec![],
                        cols: vec![],
                        error: Some((
                            0,
                            ErrorKind::Internal {
                                what: "a CSV parsing thread failed".into(),
                            },
                        )),
                    })
                })
                .collect()
        });
        for piece in pieces {
            if let Some((l, kind)) = piece.error {
                return Err(Error::at(kind, Position::at_line(line + l)));
            }
            for (r, l) in &piece.anchors {
                anchors.push((rows + r, line + l));
            }
            for (acc, col) in out.iter_mut().zip(piece.cols) {
                acc.append(col, rows);
            }
            rows += piece.rows;
            line += piece.lines;
        }
        bytes_done += end as u64;
        if !reserved && let Some(size) = size {
            // Rows to come, from the rows per byte so far, with 5 % to spare.
            let more = (rows as f64
                * (size.saturating_sub(bytes_done) as f64 / bytes_done as f64)
                * 1.05) as usize;
            for acc in out.iter_mut() {
                acc.reserve(more);
            }
            reserved = true;
        }
        buf.drain(..end);
        if eof && buf.is_empty() {
            break;
        }
    }

    let origin = Origin::Csv {
        path: path.map(Path::to_path_buf),
        anchors,
    };
    let shell = Respondents::new(rows, vec![], vec![], origin.clone());
    let mut names = Vec::new();
    let mut data = Vec::new();
    for (((name, kind), acc), (field, _)) in columns.specs().iter().zip(out).zip(&wanted) {
        let col = match acc {
            Acc::Number(v, bad) => {
                bad.error(&shell, name, "a number")?;
                ColumnData::Number(v)
            }
            Acc::Category(mut codes, dict) => {
                let mut levels = Vec::with_capacity(dict.levels.len());
                for (i, l) in dict.levels.into_iter().enumerate() {
                    match String::from_utf8(l.into_vec()) {
                        Ok(s) => levels.push(s),
                        Err(e) => {
                            let row = codes.iter().position(|&c| c == i as u32).unwrap_or(0);
                            let byte = e
                                .as_bytes()
                                .get(e.utf8_error().valid_up_to())
                                .copied()
                                .unwrap_or(0);
                            let line = match &origin {
                                Origin::Csv { anchors, .. } => super::data::csv_line(anchors, row),
                                Origin::Rows { .. } => row as u64 + 1,
                            };
                            let err = Error::at(
                                ErrorKind::NotUtf8 { byte },
                                Position::cell(line, *field as u64 + 1, name),
                            );
                            return Err(match path {
                                Some(p) => err.with_path(p),
                                None => err,
                            });
                        }
                    }
                }
                let remap = sort_levels(&mut levels);
                remap_codes(&mut codes, &remap);
                ColumnData::Category { codes, levels }
            }
        };
        debug_assert_eq!(
            *kind == ColumnKind::Number,
            matches!(col, ColumnData::Number(_))
        );
        names.push(name.clone());
        data.push(col);
    }
    if rows == 0 {
        return Err(Error::new(ErrorKind::Empty {
            found: "only a header".into(),
        }));
    }
    Ok(Respondents::new(rows, names, data, origin))
}

/// Accumulated output for one column across blocks.
enum Acc {
    Number(Vec<f64>, BadList),
    Category(Vec<u32>, Dict),
}

impl Acc {
    fn reserve(&mut self, more: usize) {
        match self {
            Acc::Number(v, _) => v.reserve(more),
            Acc::Category(v, _) => v.reserve(more),
        }
    }

    fn append(&mut self, col: PieceCol, row0: usize) {
        match (self, col) {
            (Acc::Number(v, bad), PieceCol::Number(p, pbad)) => {
                v.extend_from_slice(&p);
                bad.count += pbad.count;
                for (r, f) in pbad.first {
                    if bad.first.len() < super::data::SHOWN {
                        bad.first.push((row0 + r, f));
                    }
                }
            }
            (Acc::Category(codes, dict), PieceCol::Category(p, pdict)) => {
                let remap: Vec<u32> = pdict.levels.iter().map(|l| dict.code(l)).collect();
                codes.reserve(p.len());
                codes.extend(p.iter().map(|&c| {
                    if c == MISSING {
                        MISSING
                    } else {
                        remap[c as usize]
                    }
                }));
            }
            _ => {}
        }
    }
}

/// Reads from `reader` until `buf` holds `want` bytes or the input ends.
fn fill<R: Read>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    want: usize,
    eof: &mut bool,
    path: Option<&Path>,
) -> Result<()> {
    let io = |e: std::io::Error| match path {
        Some(p) => Error::io(p, e),
        None => Error::from(e),
    };
    while !*eof && buf.len() < want {
        // `take` + `read_to_end` grows the buffer with the data instead of zeroing a
        // whole block up front (small inputs stay small).
        let need = (want - buf.len()) as u64;
        match reader.by_ref().take(need).read_to_end(buf) {
            Ok(0) => *eof = true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(())
}

/// Parses the header record; `None` when the buffer does not hold a whole record yet.
fn parse_header(buf: &[u8], eof: bool) -> Option<(Result<Vec<String>>, usize)> {
    let end = match first_boundary(buf) {
        Some(e) => e,
        None if eof => buf.len(),
        None => return None,
    };
    if end == 0 && eof {
        return None;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&buf[..end]);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return None,
        Err(e) => {
            return Some((
                Err(Error::at(
                    ErrorKind::MalformedCsv {
                        message: e.to_string(),
                    },
                    Position::at_line(1),
                )),
                end,
            ));
        }
    }
    // The header ends at its newline (the reader may stop between "\r" and "\n").
    let consumed = end;
    let mut names = Vec::with_capacity(rec.len());
    for f in rec.iter() {
        match std::str::from_utf8(f) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(e) => {
                let byte = f.get(e.valid_up_to()).copied().unwrap_or(0);
                return Some((
                    Err(Error::at(ErrorKind::NotUtf8 { byte }, Position::at_line(1))),
                    consumed,
                ));
            }
        }
    }
    Some((Ok(names), consumed))
}

/// The end (after the newline) of the first record, quote-aware.
fn first_boundary(buf: &[u8]) -> Option<usize> {
    let mut in_quotes = false;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => in_quotes = !in_quotes,
            _ if !in_quotes => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The end (after the newline) of the last record that ends before `limit`, quote-aware:
/// a newline inside a quoted field is not a boundary. Quotes inside quoted fields are
/// doubled (RFC 4180), so the parity of the quotes before a newline tells whether it is
/// inside a field.
fn last_boundary(buf: &[u8], limit: usize) -> Option<usize> {
    let buf = &buf[..limit];
    if memchr::memchr(b'"', buf).is_none() {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let mut in_quotes = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => in_quotes = !in_quotes,
            _ if !in_quotes => last = Some(i + 1),
            _ => {}
        }
    }
    last
}

/// Where a quoted field that is never closed opens in the last block of a file: the
/// lines before it and its field's index. The csv crate would read such a field silently
/// to the end of the file, swallowing every later row.
fn unclosed_quote(block: &[u8]) -> Option<(u64, usize)> {
    // Most respondent files have no quotes at all: skip the scan.
    memchr::memchr(b'"', block)?;
    let mut quoting = crate::csv_text::Quoting::default();
    let mut i = 0;
    while i < block.len() {
        i = quoting.step(block, i);
    }
    let (at, field) = quoting.open_quote()?;
    // Lines counted as this reader counts them, by `\n`.
    Some((
        memchr::memchr_iter(b'\n', &block[..at]).count() as u64,
        field,
    ))
}

/// Cuts a block that ends on a record boundary into about `parts` pieces at record
/// boundaries; returns the cut offsets including 0 and the end.
fn cut(block: &[u8], parts: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let quoted = memchr::memchr(b'"', block).is_some();
    // Small blocks are not worth a thread each.
    let parts = parts.min(block.len() / (1 << 20) + 1);
    if quoted {
        // One scan, recording the boundary nearest after each target.
        let targets: Vec<usize> = (1..parts).map(|k| block.len() * k / parts).collect();
        let mut t = 0;
        let mut in_quotes = false;
        for i in memchr::memchr2_iter(b'"', b'\n', block) {
            if t >= targets.len() {
                break;
            }
            match block[i] {
                b'"' => in_quotes = !in_quotes,
                _ if !in_quotes && i + 1 >= targets[t] && i + 1 < block.len() => {
                    cuts.push(i + 1);
                    while t < targets.len() && targets[t] <= i + 1 {
                        t += 1;
                    }
                }
                _ => {}
            }
        }
    } else {
        for k in 1..parts {
            let target = block.len() * k / parts;
            if let Some(j) = memchr::memchr(b'\n', &block[target..]) {
                let c = target + j + 1;
                if c < block.len() && c > *cuts.last().unwrap_or(&0) {
                    cuts.push(c);
                }
            }
        }
    }
    cuts.push(block.len());
    cuts.dedup();
    cuts
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
                return Piece {
                    rows,
                    lines: 0,
                    anchors,
                    cols,
                    error: Some((
                        line,
                        ErrorKind::FieldCount {
                            expected: n_fields as u64,
                            found: field as u64 + 1,
                        },
                    )),
                };
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

fn parse_piece(bytes: &[u8], wanted: &[(usize, ColumnKind)], n_fields: usize) -> Piece {
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
                return Piece {
                    rows,
                    lines: 0,
                    anchors,
                    cols,
                    error: Some((
                        l,
                        ErrorKind::MalformedCsv {
                            message: e.to_string(),
                        },
                    )),
                };
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
            return Piece {
                rows,
                lines: 0,
                anchors,
                cols,
                error: Some((
                    rec_line - 1,
                    ErrorKind::FieldCount {
                        expected: n_fields as u64,
                        found: rec.len() as u64,
                    },
                )),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_respects_quoted_newlines() {
        let block = b"a,\"x\ny\"\nb,c\n\"q\nq\",d\n";
        let ends = last_boundary(block, block.len());
        assert_eq!(ends, Some(block.len()));
        assert_eq!(last_boundary(block, 12), Some(12));
        assert_eq!(last_boundary(block, 11), Some(8));
        assert_eq!(last_boundary(block, 16), Some(12));
        assert_eq!(first_boundary(block), Some(8));
    }

    #[test]
    fn unclosed_quote_is_found_where_it_opens() {
        // Closed quotes, doubled quotes and quotes inside unquoted fields are fine.
        assert_eq!(
            unclosed_quote(b"a,\"x\ny\"\nb,5'11\"\n\"q\"\"r\",d\n"),
            None
        );
        assert_eq!(unclosed_quote(b"a,b\nc,d\n"), None);
        // Opens on the third line (two newlines before it), in the second field.
        assert_eq!(unclosed_quote(b"a,b\nc,d\ne,\"f\ng,h\n"), Some((2, 1)));
        assert_eq!(unclosed_quote(b"\"a"), Some((0, 0)));
    }

    #[test]
    fn numbers_parse_fast_and_slow() {
        assert_eq!(parse_number(b"42"), Some(42.0));
        assert_eq!(parse_number(b"-7"), Some(-7.0));
        assert_eq!(parse_number(b" 1.5 "), Some(1.5));
        assert_eq!(parse_number(b"1e3"), Some(1000.0));
        assert_eq!(parse_number(b"x"), None);
        assert_eq!(parse_number(b"-"), None);
        assert_eq!(parse_number(b"."), None);
        assert_eq!(parse_number(b"1.2.3"), None);
        for text in [
            "0.4740",
            "123456.789012345",
            "-0.1",
            "2.",
            ".5",
            "+3.25",
            "0.1",
            "9007199254740.993",
        ] {
            assert_eq!(
                parse_number(text.as_bytes()),
                text.parse::<f64>().ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn reads_columns_with_lines_after_multiline_fields() {
        let text = "id,note,w\n1,\"two\nlines\",1.5\n2,plain,x\n";
        let cols = Columns::new().number("w").category("note");
        let err = read_csv(text.as_bytes(), None, &cols).unwrap_err();
        assert!(err.to_string().contains("\"x\" (line 4)"), "{err}");
        let ok = read_csv(
            "a,b\n1,2\n\n3,4\n".as_bytes(),
            None,
            &Columns::new().number("b"),
        )
        .unwrap();
        assert_eq!(ok.n_rows(), 2);
    }
}

#[cfg(test)]
mod dict_tests {
    use super::Dict;

    #[test]
    fn codes_are_stable_across_the_small_to_map_switch() {
        let mut d = Dict::default();
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let first: Vec<u32> = keys.iter().map(|k| d.code(k.as_bytes())).collect();
        let again: Vec<u32> = keys.iter().rev().map(|k| d.code(k.as_bytes())).collect();
        assert_eq!(first, (0..40).collect::<Vec<u32>>());
        assert_eq!(again, (0..40).rev().collect::<Vec<u32>>());
    }
}

#[cfg(test)]
mod plain_tests {
    use super::*;

    #[test]
    fn fast_path_handles_crlf_blank_lines_and_empty_last_fields() {
        let text = "a,b,c\r\n1,x,\r\n\r\n2,,z\r\n3,y,w";
        let cols = Columns::new().number("a").categories(["b", "c"]);
        let fast = read_csv(text.as_bytes(), None, &cols).unwrap();
        assert_eq!(fast.n_rows(), 3);
        assert_eq!(
            fast.levels("c").unwrap(),
            &["w".to_string(), "z".to_string()]
        );
        assert_eq!(
            fast.levels("b").unwrap(),
            &["x".to_string(), "y".to_string()]
        );
        // Line numbers after the blank line.
        let err = read_csv(
            "a\r\n1\r\n\r\nx\r\n".as_bytes(),
            None,
            &Columns::new().number("a"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("\"x\" (line 4)"), "{err}");
    }
}
