//! Writing the tidy format, losslessly: CSV and JSON, to a writer or atomically to a file.

use std::io::Write;
use std::path::Path;

use super::schema::{COLUMNS, N, PERCENT};
use crate::error::{Error, ErrorKind, Result};
use crate::fs::write_atomic;
use crate::model::{Dataset, FigureRef};

/// Every column of the tidy format, by index.
const ALL: [usize; 27] = {
    let mut all = [0; 27];
    let mut i = 0;
    while i < 27 {
        all[i] = i;
        i += 1;
    }
    all
};

/// Writes tidy rows as CSV, only the columns `cols` (indexes into [`COLUMNS`]), `\n` line
/// ends, quotes only where needed: the one CSV writer of published figures.
pub(super) fn write_csv_columns<W: Write>(
    rows: impl Iterator<Item = [String; 27]>,
    cols: &[usize],
    writer: W,
) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(writer);
    let csv_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::new(ErrorKind::Internal {
            what: format!("writing CSV: {other:?}"),
        }),
    };
    w.write_record(cols.iter().map(|&c| COLUMNS[c]))
        .map_err(csv_err)?;
    for row in rows {
        w.write_record(cols.iter().map(|&c| &row[c]))
            .map_err(csv_err)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes tidy rows as a JSON array of objects, only the columns `cols`: figures as JSON
/// numbers exactly as published (`59.0` stays `59.0`), n as a number or null, the rest as
/// strings. The one JSON writer of published figures.
pub(super) fn write_json_columns<W: Write>(
    rows: impl Iterator<Item = [String; 27]>,
    cols: &[usize],
    mut writer: W,
) -> Result<()> {
    writer.write_all(b"[")?;
    for (i, row) in rows.enumerate() {
        writer.write_all(if i == 0 { b"\n  {" } else { b",\n  {" })?;
        for (k, &c) in cols.iter().enumerate() {
            let value = &row[c];
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
                    Error::new(ErrorKind::Internal {
                        what: format!("writing a JSON string: {e}"),
                    })
                })?
            };
            let sep = if k == 0 { "" } else { ", " };
            write!(writer, "{sep}\"{key}\": {v}")?;
        }
        writer.write_all(b"}")?;
    }
    writer.write_all(b"\n]\n")?;
    Ok(())
}

impl Dataset {
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
        write_csv_columns(self.rows(), &ALL, writer)
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
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_json_columns(self.rows(), &ALL, writer)
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
