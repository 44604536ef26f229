//! A parallel CSV reader for respondent files: the file is read in blocks, each block is
//! cut at record boundaries (quote-aware) into one piece per core, the pieces are parsed
//! at once with the `csv` crate, and only the wanted columns are converted — numbers to
//! `f64`, categories to `u32` codes through a per-piece dictionary that is merged
//! afterwards. Memory stays at the converted columns plus two blocks (the one parsed and
//! the next, read meanwhile).
//!
//! Why not polars' CSV reader: in polars 0.55 its `csv` feature pulls the streaming engine
//! and the cloud stack (tokio, reqwest, rustls…), roughly doubling the crate's build time
//! (debug 111 s → 200 s, release 326 s → 605 s on the CI machine), and it would hand back
//! text columns that still have to be dictionary-encoded. This reader is as fast for the
//! columns an analysis needs (see `benches/survey.rs`) and costs nothing to build.
//!
//! The reader depends on the respondent types (`weight::data`) and the field dictionary
//! (`weight::dict`), never the other way: `data` knows nothing of files. Opening a file
//! by its extension (CSV here, Parquet through polars) is `weight::read`'s.
//! `block` cuts a block into pieces; `piece` parses one.

mod block;
mod piece;

use std::io::Read;
use std::path::Path;

use block::{cut, first_boundary, last_boundary, unclosed_quote};
use piece::{Found, Piece, Slot, parse_piece, scan};

use super::data::{
    BadList, ColumnData, ColumnKind, Columns, MISSING, Origin, Respondents, remap_codes,
    sort_categories,
};
use super::dict::{Dict, is_missing, parse_number};
use crate::error::{Error, ErrorKind, Position, Result};

/// Bytes read per block (each block is parsed on all cores while the next is read). 8 MiB
/// rather than 32: the first block is read before any parsing starts, and a 67 MB file reads
/// in 0.12 s rather than 0.15 s (`benches/peers`, 1M rows); 4 MiB gained nothing
/// more. The unit tests read in blocks of 4 KiB, so that small files cross blocks (records,
/// quotes and line breaks in quotes cut by a block's end).
const BLOCK: usize = if cfg!(test) { 1 << 12 } else { 8 << 20 };

/// Reads a CSV file.
pub(crate) fn read_csv_path(path: &Path, columns: &Columns) -> Result<Respondents> {
    let once = |columns: &Columns| {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map(|m| m.len()).ok();
        read_csv_sized(file, Some(path), columns, size)
    };
    until_typed(columns, once).map_err(|e| {
        if e.position().and_then(|p| p.path()).is_some() {
            e
        } else {
            e.with_path(path)
        }
    })
}

/// Reads CSV from any reader. With [`ColumnKind::Inferred`] columns the input is kept in
/// memory, to be read again should text turn up in a column its first records showed as
/// numbers.
pub(crate) fn read_csv<R: Read>(
    mut reader: R,
    path: Option<&Path>,
    columns: &Columns,
) -> Result<Respondents> {
    if !columns
        .specs()
        .iter()
        .any(|(_, k)| *k == ColumnKind::Inferred)
    {
        return match read_csv_sized(reader, path, columns, None)? {
            Typed::Read(r) => Ok(r),
            Typed::Text(_) => Err(Error::new(ErrorKind::Internal {
                what: "text in an inferred column where none was asked for".into(),
            })),
        };
    }
    let mut all = Vec::new();
    reader.read_to_end(&mut all).map_err(|e| match path {
        Some(p) => Error::io(p, e),
        None => Error::from(e),
    })?;
    let size = Some(all.len() as u64);
    until_typed(columns, |c| read_csv_sized(all.as_slice(), path, c, size))
}

/// A read, or the inferred columns that turned out to hold text after the records that
/// typed them as numbers (to be read again as categories).
enum Typed {
    Read(Respondents),
    Text(Vec<String>),
}

/// Reads with `once` until no inferred column is found to hold text where its first
/// records held numbers: each further read has more of them as categories, so there are
/// at most as many reads as inferred columns (one, nearly always).
fn until_typed(columns: &Columns, once: impl Fn(&Columns) -> Result<Typed>) -> Result<Respondents> {
    let mut columns = columns.clone();
    loop {
        match once(&columns)? {
            Typed::Read(r) => return Ok(r),
            Typed::Text(names) => {
                for name in names {
                    columns = columns.category(name);
                }
            }
        }
    }
}

/// How many records of the first block type the inferred columns.
const TYPING_RECORDS: usize = 1000;

/// The inferred columns (index in `wanted`) with a value in the first records that is
/// neither missing nor a number: categories. The others are read as numbers.
fn text_in_first_records(bytes: &[u8], wanted: &[(usize, ColumnKind)]) -> Vec<usize> {
    let mut text = vec![false; wanted.len()];
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    for _ in 0..TYPING_RECORDS {
        // A broken record is the full read's to report, with its line.
        if !matches!(rdr.read_byte_record(&mut rec), Ok(true)) {
            break;
        }
        for (k, (field, kind)) in wanted.iter().enumerate() {
            if *kind == ColumnKind::Inferred
                && let Some(f) = rec.get(*field)
            {
                let t = f.trim_ascii();
                text[k] |= !is_missing(t) && parse_number(t).is_none();
            }
        }
    }
    (0..wanted.len()).filter(|&k| text[k]).collect()
}

/// Reads CSV; `size` (the input's length, when known) lets the columns be allocated once.
fn read_csv_sized<R: Read>(
    mut reader: R,
    path: Option<&Path>,
    columns: &Columns,
    size: Option<u64>,
) -> Result<Typed> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    fill(&mut reader, &mut buf, BLOCK, &mut eof, path)?;
    let (header, header_end) = header_of(&mut reader, &mut buf, &mut eof, path)?;
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
    for k in text_in_first_records(&buf, &wanted) {
        wanted[k].1 = ColumnKind::Category;
    }

    let mut out: Vec<Acc> = wanted
        .iter()
        .map(|(_, k)| match k {
            // Inferred columns left are numbers in their first records.
            ColumnKind::Number | ColumnKind::Inferred => {
                Acc::Number(Vec::new(), BadList::default())
            }
            ColumnKind::Category => Acc::Category(Vec::new(), Dict::default()),
        })
        .collect();
    let mut rows = 0usize;
    let mut line = 2u64; // the line of the next record (the header is line 1)
    let mut anchors: Vec<(usize, u64)> = Vec::new();
    let mut bytes_done = header_end as u64;
    let mut reserved = false;
    let mut next: Vec<u8> = Vec::new();

    // Whether `buf` may hold quotes: searched once per block (while the block before is
    // parsed), not again by each step that must know.
    let mut searched: Option<bool> = None;
    loop {
        if !eof && buf.len() < BLOCK {
            fill(&mut reader, &mut buf, BLOCK, &mut eof, path)?;
            searched = None;
        }
        if buf.is_empty() {
            break;
        }
        let quoted = *searched.get_or_insert_with(|| memchr::memchr(b'"', &buf).is_some());
        let end = if eof {
            buf.len()
        } else {
            match last_boundary(&buf, buf.len(), quoted) {
                Some(e) => e,
                None => {
                    // One record longer than the buffer: read more.
                    let want = buf.len() * 2;
                    fill(&mut reader, &mut buf, want, &mut eof, path)?;
                    searched = None;
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
        let cuts = cut(&buf[..end], threads, quoted);
        let block = &buf[..end];
        // Each piece gets room for as many rows as it has lines, in every column; the
        // first block also sizes the columns for the whole file.
        let scans = in_threads(&cuts, |w| scan(&block[w[0]..w[1]]))?;
        let caps: Vec<usize> = scans.iter().map(|s| s.max_records).collect();
        let room: usize = caps.iter().sum();
        if !reserved {
            let more = match size {
                // Rows in the file, from the lines per byte of this block, with 5 % to spare.
                Some(size) => {
                    (room as f64 * (size.saturating_sub(bytes_done) as f64 / end as f64) * 1.05)
                        as usize
                }
                None => room,
            };
            for acc in out.iter_mut() {
                acc.allocate(more.max(room));
            }
            reserved = true;
        }
        let mut slots: Vec<Vec<Slot<'_>>> = caps.iter().map(|_| Vec::new()).collect();
        for acc in out.iter_mut() {
            acc.make_room(rows, room, &caps, &mut slots);
        }
        // The next block starts with this one's unfinished record, and is read while this
        // one is parsed: the copy from the kernel no longer waits for the parsing, nor the
        // parsing for the copy.
        next.clear();
        next.extend_from_slice(&buf[end..]);
        let (pieces, filled, next_quoted): (Vec<Piece>, Result<()>, bool) =
            std::thread::scope(|s| {
                let handles: Vec<_> = cuts
                    .windows(2)
                    .zip(slots)
                    .zip(&scans)
                    .map(|((w, slots), scan)| {
                        let bytes = &block[w[0]..w[1]];
                        let wanted = &wanted;
                        let plain = scan.plain;
                        s.spawn(move || parse_piece(bytes, plain, wanted, n_fields, slots))
                    })
                    .collect();
                let filled = fill(&mut reader, &mut next, BLOCK, &mut eof, path);
                let next_quoted = memchr::memchr(b'"', &next).is_some();
                let pieces = handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| thread_failed()))
                    .collect();
                (pieces, filled, next_quoted)
            });
        // Each piece wrote from the start of its room; close the gaps its blank lines left
        // and bring its categories into the file's dictionary.
        let mut at = rows;
        let mut offset = rows;
        for (piece, cap) in pieces.into_iter().zip(&caps) {
            if let Some((l, kind)) = piece.error {
                return Err(Error::at(kind, Position::at_line(line + l)));
            }
            for (r, l) in &piece.anchors {
                anchors.push((at + r, line + l));
            }
            for (acc, found) in out.iter_mut().zip(piece.cols) {
                acc.settle(offset, at, piece.rows, found);
            }
            at += piece.rows;
            offset += cap;
            line += piece.lines;
        }
        filled?;
        rows = at;
        bytes_done += end as u64;
        std::mem::swap(&mut buf, &mut next);
        searched = Some(next_quoted);
        if eof && buf.is_empty() {
            break;
        }
    }

    // The columns were allocated for the rows estimated; keep the rows read.
    for acc in out.iter_mut() {
        acc.truncate(rows);
    }
    let origin = Origin::Csv {
        path: path.map(Path::to_path_buf),
        anchors,
    };
    let shell = Respondents::new(rows, vec![], vec![], origin.clone());
    let mut names = Vec::new();
    let mut data = Vec::new();
    let mut text = Vec::new();
    for (((name, _), acc), (field, kind)) in columns.specs().iter().zip(out).zip(&wanted) {
        let col = match acc {
            Acc::Number(_, bad) if *kind == ColumnKind::Inferred && bad.count > 0 => {
                text.push(name.clone());
                continue;
            }
            Acc::Number(v, bad) => {
                bad.error(&shell, name, "a number")?;
                ColumnData::Number(std::sync::Arc::new(v))
            }
            Acc::Category(mut codes, dict) => {
                let mut categories = Vec::with_capacity(dict.categories.len());
                for (i, l) in dict.categories.into_iter().enumerate() {
                    match String::from_utf8(l.into_vec()) {
                        Ok(s) => categories.push(s),
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
                let remap = sort_categories(&mut categories);
                remap_codes(&mut codes, &remap);
                ColumnData::Category {
                    codes: std::sync::Arc::new(codes),
                    categories,
                }
            }
        };
        debug_assert_eq!(
            *kind == ColumnKind::Category,
            matches!(col, ColumnData::Category { .. })
        );
        names.push(name.clone());
        data.push(col);
    }
    if rows == 0 {
        return Err(Error::new(ErrorKind::Empty {
            found: "only a header".into(),
        }));
    }
    if !text.is_empty() {
        return Ok(Typed::Text(text));
    }
    Ok(Typed::Read(Respondents::new(rows, names, data, origin)))
}

/// The column names of a CSV file, read as [`read_csv_path`] reads them (byte-order mark
/// dropped, names trimmed), without reading its rows.
pub(crate) fn read_csv_header(path: &Path) -> Result<Vec<String>> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = Vec::new();
    let mut eof = false;
    fill(&mut file, &mut buf, 1 << 16, &mut eof, Some(path))?;
    header_of(&mut file, &mut buf, &mut eof, Some(path))
        .map(|(names, _)| names)
        .map_err(|e| {
            if e.position().and_then(|p| p.path()).is_some() {
                e
            } else {
                e.with_path(path)
            }
        })
}

/// Reads on until `buf` (already filled once) holds the header record, after dropping a
/// byte-order mark: the names and where the record ends. The header may be longer than a
/// block only in absurd files.
fn header_of<R: Read>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    eof: &mut bool,
    path: Option<&Path>,
) -> Result<(Vec<String>, usize)> {
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    loop {
        match parse_header(buf, *eof) {
            Some((header, end)) => return Ok((header?, end)),
            None if *eof => {
                return Err(Error::new(ErrorKind::Empty {
                    found: "an empty file".into(),
                }));
            }
            None => {
                let want = (buf.len() * 2).max(1 << 16);
                fill(reader, buf, want, eof, path)?;
            }
        }
    }
}

/// Accumulated output for one column across blocks.
enum Acc {
    Number(Vec<f64>, BadList),
    Category(Vec<u32>, Dict),
}

impl Acc {
    /// Allocates the column for `total` rows, as zeros. A zeroed allocation of this size
    /// is fresh pages from the system, mapped on first write: the parsing threads touch
    /// them, at once, instead of one thread filling the whole column before parsing
    /// starts (a serial pass over 640 MB for a million rows of 80 replicate weights). The
    /// zeros are never read: every row a piece counts has each wanted column written.
    fn allocate(&mut self, total: usize) {
        match self {
            Acc::Number(v, _) if v.is_empty() => *v = vec![0.0; total],
            Acc::Category(v, _) if v.is_empty() => *v = vec![0; total],
            _ => {}
        }
    }

    /// Hands each piece its part (`caps[p]` places) of the `room` places after the
    /// column's first `rows` rows, growing the column when the rows outrun the estimate.
    fn make_room<'a>(
        &'a mut self,
        rows: usize,
        room: usize,
        caps: &[usize],
        slots: &mut [Vec<Slot<'a>>],
    ) {
        match self {
            Acc::Number(v, _) => {
                if v.len() < rows + room {
                    v.resize(rows + room, f64::NAN);
                }
                let mut rest = &mut v[rows..rows + room];
                for (cap, piece) in caps.iter().zip(slots.iter_mut()) {
                    let (part, tail) = std::mem::take(&mut rest).split_at_mut(*cap);
                    piece.push(Slot::new_number(part));
                    rest = tail;
                }
            }
            Acc::Category(v, _) => {
                if v.len() < rows + room {
                    v.resize(rows + room, MISSING);
                }
                let mut rest = &mut v[rows..rows + room];
                for (cap, piece) in caps.iter().zip(slots.iter_mut()) {
                    let (part, tail) = std::mem::take(&mut rest).split_at_mut(*cap);
                    piece.push(Slot::new_category(part));
                    rest = tail;
                }
            }
        }
    }

    /// Moves a piece's `n` rows from where it wrote them (`from`) to where they belong
    /// (`to`, at or before `from`), merges its bad values and maps its category codes into
    /// the column's dictionary.
    fn settle(&mut self, from: usize, to: usize, n: usize, found: Found) {
        match (self, found) {
            (Acc::Number(v, bad), Found::Number(pbad)) => {
                if from != to {
                    v.copy_within(from..from + n, to);
                }
                bad.count += pbad.count;
                for (r, f) in pbad.first {
                    if bad.first.len() < super::data::SHOWN {
                        bad.first.push((to + r, f));
                    }
                }
            }
            (Acc::Category(codes, dict), Found::Category(pdict)) => {
                if from != to {
                    codes.copy_within(from..from + n, to);
                }
                let remap: Vec<u32> = pdict.categories.iter().map(|l| dict.code(l)).collect();
                for c in &mut codes[to..to + n] {
                    if *c != MISSING {
                        *c = remap[*c as usize];
                    }
                }
            }
            _ => {}
        }
    }

    fn truncate(&mut self, rows: usize) {
        match self {
            Acc::Number(v, _) => v.truncate(rows),
            Acc::Category(v, _) => v.truncate(rows),
        }
    }
}

/// Runs `f` on each piece (consecutive cuts) in its own thread, results in order.
fn in_threads<T: Send>(cuts: &[usize], f: impl Fn(&[usize]) -> T + Sync) -> Result<Vec<T>> {
    std::thread::scope(|s| {
        let handles: Vec<_> = cuts.windows(2).map(|w| s.spawn(|| f(w))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().map_err(|_| {
                    Error::new(ErrorKind::Internal {
                        what: "a CSV reading thread failed".into(),
                    })
                })
            })
            .collect()
    })
}

/// The piece of a thread that panicked: an error, never rows silently missing.
fn thread_failed() -> Piece {
    Piece {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::weight::dict::parse_number;

    #[test]
    fn header_names_are_the_names_the_reader_matches() {
        // A byte-order mark and spaces around names: `Respondents::header` once kept " b",
        // which no read could then ask for.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        std::fs::write(&path, "\u{feff}a, b\n1,2\n").unwrap();
        let names = read_csv_header(&path).unwrap();
        assert_eq!(names, ["a", "b"]);
        let data = read_csv_path(&path, &Columns::new().number(&names[1])).unwrap();
        assert_eq!(data.n_rows(), 1);
        std::fs::write(&path, "").unwrap();
        assert!(read_csv_header(&path).is_err());
    }

    #[test]
    fn inferred_columns_are_numbers_unless_text_turns_up_anywhere() {
        // 1,500 rows: `late` has text only in its last row, after the records that type the
        // columns, so it is read again as categories; `num` stays numbers; `early` has
        // text in its first row.
        let mut text = String::from("num,late,early\n");
        for i in 0..1500 {
            let late = if i == 1499 {
                "tertiary".to_string()
            } else {
                i.to_string()
            };
            let early = if i == 0 { "x" } else { "2" };
            text.push_str(&format!("{i}.5,{late},{early}\n"));
        }
        let cols = Columns::new()
            .inferred("num")
            .inferred("late")
            .inferred("early");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.csv");
        std::fs::write(&path, &text).unwrap();
        for data in [
            read_csv_path(&path, &cols).unwrap(),
            read_csv(text.as_bytes(), None, &cols).unwrap(),
        ] {
            assert_eq!(data.n_rows(), 1500);
            match data.column("num").unwrap() {
                ColumnData::Number(v) => assert_eq!((v[0], v[1499]), (0.5, 1499.5)),
                _ => panic!("num should be numbers"),
            }
            let late = data.categories("late").unwrap();
            assert_eq!(late.len(), 1500);
            assert_eq!(late.last().map(String::as_str), Some("tertiary"));
            assert_eq!(data.categories("early").unwrap(), ["2", "x"]);
        }
        // An inferred column also asked for as a number is a number: its text is an error.
        let err = read_csv_path(&path, &cols.clone().number("late")).unwrap_err();
        assert!(err.to_string().contains("tertiary"), "{err}");
        // Missing values do not make text.
        let data = read_csv(
            "a\n1\nNA\n\n3\n".as_bytes(),
            None,
            &Columns::new().inferred("a"),
        );
        match data.unwrap().column("a").unwrap() {
            ColumnData::Number(v) => assert!(v[0] == 1.0 && v[1].is_nan() && v[2] == 3.0),
            _ => panic!("a should be numbers"),
        }
    }

    #[test]
    fn files_of_many_blocks_read_as_the_csv_crate_reads_them() {
        // Plain stretches, then quoted fields with commas and line breaks, then plain
        // again: blocks with and without quotes, and records cut by a block's end.
        let mut text = String::from("id,note,x\n");
        let mut want: Vec<(String, f64)> = Vec::new();
        for i in 0..3000 {
            let note = match i / 1000 {
                1 if i % 7 == 0 => format!("line {i}\nand \"more\", {i}"),
                1 => format!("a, {i}"),
                _ => format!("n{i}"),
            };
            let quoted = format!("\"{}\"", note.replace('"', "\"\""));
            let x = i as f64 / 8.0;
            text.push_str(&format!("{i},{quoted},{x}\n"));
            want.push((note, x));
        }
        let cols = Columns::new().category("note").number("x");
        let data = read_csv(text.as_bytes(), None, &cols).unwrap();
        assert_eq!(data.n_rows(), 3000);
        let (codes, cats) = match data.column("note").unwrap() {
            ColumnData::Category { codes, categories } => (codes, categories),
            _ => panic!("note should be categories"),
        };
        let xs = match data.column("x").unwrap() {
            ColumnData::Number(v) => v,
            _ => panic!("x should be numbers"),
        };
        for (i, (note, x)) in want.iter().enumerate() {
            assert_eq!(&cats[codes[i] as usize], note, "row {i}");
            assert_eq!(xs[i], *x, "row {i}");
        }
        // Line numbers after multi-line records in later blocks.
        let bad = format!("{text}3000,\"a\nb\",oops\n");
        let err = read_csv(bad.as_bytes(), None, &cols).unwrap_err();
        let lines = text.matches('\n').count();
        assert!(
            err.to_string().contains(&format!("(line {})", lines + 1)),
            "{err}"
        );
    }

    #[test]
    fn cut_respects_quoted_newlines() {
        let block = b"a,\"x\ny\"\nb,c\n\"q\nq\",d\n";
        let ends = last_boundary(block, block.len(), true);
        assert_eq!(ends, Some(block.len()));
        assert_eq!(last_boundary(block, 12, true), Some(12));
        assert_eq!(last_boundary(block, 11, true), Some(8));
        assert_eq!(last_boundary(block, 16, true), Some(12));
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
mod plain_tests {
    use super::*;

    #[test]
    fn fast_path_handles_crlf_blank_lines_and_empty_last_fields() {
        let text = "a,b,c\r\n1,x,\r\n\r\n2,,z\r\n3,y,w";
        let cols = Columns::new().number("a").categories(["b", "c"]);
        let fast = read_csv(text.as_bytes(), None, &cols).unwrap();
        assert_eq!(fast.n_rows(), 3);
        assert_eq!(
            fast.categories("c").unwrap(),
            &["w".to_string(), "z".to_string()]
        );
        assert_eq!(
            fast.categories("b").unwrap(),
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
