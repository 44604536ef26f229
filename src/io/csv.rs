//! Reading the tidy format from CSV.

use std::io::Read;
use std::path::Path;

use super::schema::{RawRow, map_header, raw_row};
use super::validate::build_from_text;
use crate::csv_text::csv_table;
use crate::error::{Position, Problems, Result};
use crate::fs::{read_all, read_file};
use crate::model::Dataset;

/// Reads the tidy CSV format into raw rows, collecting structural problems.
pub(super) fn csv_rows(text: &str, problems: &mut Problems) -> Vec<RawRow> {
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
            raw_row(Position::at_line(*line), &fields, &map)
        })
        .collect()
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
    pub fn from_csv_reader<R: Read>(reader: R) -> Result<Dataset> {
        let bytes = read_all(reader)?;
        Dataset::from_csv_bytes(&bytes)
    }

    pub(crate) fn from_csv_bytes(bytes: &[u8]) -> Result<Dataset> {
        build_from_text(bytes, csv_rows)
    }
}
