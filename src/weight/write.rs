//! Writing a respondent file back with more columns (raked or replicate weights), keeping
//! every row in its place.

use std::io::Write as _;
use std::path::Path;

use super::survey_file::RespondentFormat;
use crate::error::{Error, ErrorKind, Position, Result};

/// Copies a respondent file (CSV to CSV, or Parquet to Parquet with the `parquet`
/// feature), adding a column `name` with one value per data row, in order. No row is
/// dropped or moved; a CSV file is copied byte for byte (quoting, line ends, blank lines
/// and all), each record's value appended before its line end, numbers written with the
/// shortest text that reads back exactly. The output is written to a temporary file and
/// renamed into place, so it may be the input itself, and an error leaves it untouched.
///
/// # Errors
/// I/O errors; a quoted field never closed; a column `name` that already exists; a number
/// of values that differs from the number of rows; mixed or unsupported formats (an SPSS,
/// Stata or SAS input or output: yoron does not write those).
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let (a, b) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
/// std::fs::write(&a, "id,sex\n1,F\n2,M\n")?;
/// yoron::weight::write_with_column(&a, &b, "raked_weight", &[1.25, 0.75])?;
/// assert_eq!(std::fs::read_to_string(&b)?, "id,sex,raked_weight\n1,F,1.25\n2,M,0.75\n");
/// // In place: the file gains the column.
/// yoron::weight::write_with_column(&a, &a, "w2", &[2.0, 3.0])?;
/// assert_eq!(std::fs::read_to_string(&a)?, "id,sex,w2\n1,F,2\n2,M,3\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_with_column(input: &Path, output: &Path, name: &str, values: &[f64]) -> Result<()> {
    write_with_columns(input, output, &[(name, values)])
}

/// Writes replicate scales (R `rscales`) one per line, the file `--rscales FILE` reads,
/// atomically through the crate's one guarded writer.
///
/// # Errors
/// The file cannot be written.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.csv.rscales.txt");
/// yoron::weight::write_rscales(&path, &[0.8, 0.75])?;
/// assert_eq!(std::fs::read_to_string(&path)?, "0.8\n0.75\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_rscales(path: &Path, rscales: &[f64]) -> Result<()> {
    crate::fs::write_atomic(path, |w| {
        for x in rscales {
            writeln!(w, "{x}")?;
        }
        Ok(())
    })
}

/// [`write_with_column`] with several columns at once, appended in the order given (the
/// replicate weights of `yoron replicate`).
///
/// # Errors
/// Those of [`write_with_column`]; two new columns of the same name.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let (a, b) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
/// std::fs::write(&a, "id\n1\n2\n")?;
/// yoron::weight::write_with_columns(&a, &b, &[("rep1", &[0.0, 2.0][..]), ("rep2", &[2.0, 0.0][..])])?;
/// assert_eq!(std::fs::read_to_string(&b)?, "id,rep1,rep2\n1,0,2\n2,2,0\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_with_columns(input: &Path, output: &Path, columns: &[(&str, &[f64])]) -> Result<()> {
    use RespondentFormat::{Csv, Parquet, Survey};
    for (k, (name, _)) in columns.iter().enumerate() {
        if columns[..k].iter().any(|(other, _)| other == name) {
            return Err(Error::invalid_argument(
                "column",
                "new columns with different names",
                format!("{name} twice"),
            ));
        }
    }
    match (
        RespondentFormat::from_path(input),
        RespondentFormat::from_path(output),
    ) {
        // SPSS, Stata and SAS files are read, never written: copying one "as CSV" would
        // write its bytes as text.
        (Survey(format), _) => Err(Error::invalid_argument(
            "data file",
            format!(
                "a CSV or Parquet file to copy with the new columns (yoron reads {} files but does not write them: export the data as CSV first, e.g. R write.csv(haven::read_sav(...)))",
                format.name()
            ),
            input.display().to_string(),
        )),
        // Nor written as an output: CSV text under an SPSS, Stata or SAS name is refused
        // with the other mismatches below, not written.
        (Csv, Csv) => csv_copy(input, output, columns),
        (Parquet, Parquet) => parquet_copy(input, output, columns),
        _ => Err(Error::invalid_argument(
            "output",
            "the same format as the input (CSV to CSV or Parquet to Parquet)",
            output.display().to_string(),
        )),
    }
}

fn csv_copy(input: &Path, output: &Path, columns: &[(&str, &[f64])]) -> Result<()> {
    use std::fmt::Write as _;
    use std::io::{BufRead, Write};
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let mut lines = std::io::BufReader::with_capacity(1 << 20, file);
    // Through a temporary file renamed into place: the output may be the input itself,
    // which is still being read, and a failure must leave the old file whole.
    crate::fs::write_atomic(output, |out| {
        let write = |out: &mut std::io::BufWriter<std::fs::File>, bytes: &[u8]| {
            out.write_all(bytes).map_err(|e| Error::io(output, e))
        };
        // Each record is copied byte for byte and the value appended before its line end,
        // so the output differs from the input only by the new column. A record ends at a
        // line end outside quotes; as in the csv crate, `"` opens a quoted field only at a
        // field's start.
        let mut quoting = crate::csv_text::Quoting::default();
        let mut record: Vec<u8> = Vec::new();
        let mut line: Vec<u8> = Vec::new();
        let (mut header, mut row) = (true, 0usize);
        let mut number = String::new();
        loop {
            line.clear();
            let n = lines
                .read_until(b'\n', &mut line)
                .map_err(|e| Error::io(input, e))?;
            if n == 0 {
                break;
            }
            let mut i = 0;
            while i < line.len() {
                i = quoting.step(&line, i);
            }
            record.extend_from_slice(&line);
            if quoting.open_quote().is_some() {
                continue; // a line break inside a quoted field: the record goes on
            }
            let body_len = record.len()
                - usize::from(record.ends_with(b"\n"))
                - usize::from(record.ends_with(b"\r\n"));
            let (body, end) = record.split_at(body_len);
            if body.is_empty() {
                // A blank line is not a row: copied as it is.
                write(out, end)?;
            } else if header {
                write(out, body)?;
                for (name, _) in columns {
                    if header_has(body, name) {
                        return Err(exists(input, name));
                    }
                    write(out, b",")?;
                    write(out, name.as_bytes())?;
                }
                write(out, end)?;
                header = false;
            } else {
                number.clear();
                for (_, values) in columns {
                    let Some(v) = values.get(row) else {
                        return Err(count_mismatch(input, values.len(), row + 1));
                    };
                    // Into the one buffer: no allocation per row.
                    let _ = write!(number, ",{v}");
                }
                write(out, body)?;
                write(out, number.as_bytes())?;
                write(out, end)?;
                row += 1;
            }
            record.clear();
        }
        if !record.is_empty() {
            // An unclosed quote at the end of the file: the reader refused such a file.
            return Err(Error::at(ErrorKind::UnclosedQuote, Position::file(input)));
        }
        if let Some((_, values)) = columns.iter().find(|(_, v)| v.len() != row) {
            return Err(count_mismatch(input, values.len(), row));
        }
        Ok(())
    })
}

/// Whether a header line (without its line end) has a column `name`.
fn header_has(header: &[u8], name: &str) -> bool {
    let header = header.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header);
    let mut rec = csv::ByteRecord::new();
    matches!(rdr.read_byte_record(&mut rec), Ok(true)) && rec.iter().any(|f| f == name.as_bytes())
}

fn exists(input: &Path, name: &str) -> Error {
    Error::invalid_argument(
        "column",
        format!("a name that {} does not have yet", input.display()),
        name.to_string(),
    )
}

fn count_mismatch(input: &Path, values: usize, rows: usize) -> Error {
    Error::invalid_argument(
        "values",
        format!("one value per data row of {}", input.display()),
        format!("{values} values for at least {rows} rows"),
    )
}

#[cfg(feature = "parquet")]
fn parquet_copy(input: &Path, output: &Path, columns: &[(&str, &[f64])]) -> Result<()> {
    use polars::prelude::*;
    let frame = |e: PolarsError| {
        Error::new(ErrorKind::Frame {
            message: e.to_string(),
        })
    };
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let mut df = polars_io::parquet::read::ParquetReader::new(file)
        .finish()
        .map_err(|e| frame(e).with_path(input))?;
    for (name, values) in columns {
        if df.height() != values.len() {
            return Err(count_mismatch(input, values.len(), df.height()));
        }
        if df.get_column_names().iter().any(|c| c.as_str() == *name) {
            return Err(exists(input, name));
        }
        df.with_column(Column::new((*name).into(), *values))
            .map_err(frame)?;
    }
    // The input was read whole above, so writing over it is safe; atomically all the same.
    crate::fs::write_atomic(output, |out| {
        polars_io::parquet::write::ParquetWriter::new(out)
            .finish(&mut df)
            .map(|_| ())
            .map_err(|e| frame(e).with_path(output))
    })
}

#[cfg(not(feature = "parquet"))]
fn parquet_copy(input: &Path, _output: &Path, _columns: &[(&str, &[f64])]) -> Result<()> {
    Err(Error::invalid_argument(
        "data file",
        "a CSV file (this yoron was built without the \"parquet\" feature)",
        input.display().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(input: &[u8], values: &[f64]) -> Result<Vec<u8>> {
        let dir = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let (i, o) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
        std::fs::write(&i, input).map_err(|e| Error::io(&i, e))?;
        csv_copy(&i, &o, &[("rw", values)])?;
        std::fs::read(&o).map_err(|e| Error::io(&o, e))
    }

    #[test]
    fn copies_every_byte_and_appends_the_column() {
        // A byte-order mark, CRLF line ends, a quoted field with a line break and a doubled
        // quote, a blank line, and no line end after the last row.
        let input = b"\xEF\xBB\xBFid,note\r\n1,\"a\r\nb \"\"c\"\"\"\r\n\r\n2,plain\r\n3,5'11\"";
        let out = copy(input, &[0.5, 1.0, 2.25]).unwrap();
        assert_eq!(
            out,
            b"\xEF\xBB\xBFid,note,rw\r\n1,\"a\r\nb \"\"c\"\"\",0.5\r\n\r\n2,plain,1\r\n3,5'11\",2.25"
        );
        let out = copy(b"id\n1\n2\n", &[1.5, 2.0]).unwrap();
        assert_eq!(out, b"id,rw\n1,1.5\n2,2\n");
    }

    #[test]
    fn refuses_a_row_count_that_differs_and_an_existing_column() {
        let err = copy(b"id\n1\n2\n", &[1.0]).unwrap_err();
        assert!(
            err.to_string().contains("1 values for at least 2 rows"),
            "{err}"
        );
        let err = copy(b"id\n1\n", &[1.0, 2.0]).unwrap_err();
        assert!(
            err.to_string().contains("2 values for at least 1 rows"),
            "{err}"
        );
        let err = copy(b"id,\"rw\"\n1,2\n", &[1.0]).unwrap_err();
        assert!(err.to_string().contains("does not have yet"), "{err}");
        let err = copy(b"id,x\n1,\"open\n", &[1.0]).unwrap_err();
        assert!(err.to_string().contains("closing quote"), "{err}");
    }

    #[test]
    fn refuses_an_output_named_as_a_file_yoron_does_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "id\n1\n").unwrap();
        for name in ["out.sav", "out.dta", "out.sas7bdat"] {
            let output = dir.path().join(name);
            let err = write_with_columns(&input, &output, &[("rw", &[1.0])]).unwrap_err();
            assert!(err.to_string().contains("CSV to CSV"), "{name}: {err}");
            assert!(!output.exists(), "{name} written");
        }
        let output = dir.path().join("out.csv");
        write_with_columns(&input, &output, &[("rw", &[1.0])]).unwrap();
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "id,rw\n1,1\n");
    }
}
