//! Writing a respondent file back with one more column (raked weights), keeping every row
//! in its place.

use std::path::Path;

use crate::error::{Error, ErrorKind, Position, Result};

fn is_parquet(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("parquet" | "pq")
    )
}

/// Copies a respondent file (CSV to CSV, or Parquet to Parquet with the `parquet`
/// feature), adding a column `name` with one value per data row, in order. No row is
/// dropped or moved; CSV fields are copied as parsed (quoting may change where it was not
/// needed) and numbers are written with the shortest text that reads back exactly.
///
/// # Errors
/// I/O errors; broken CSV; a column `name` that already exists; a number of values that
/// differs from the number of rows; mixed or unsupported formats.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let (a, b) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
/// std::fs::write(&a, "id,sex\n1,F\n2,M\n")?;
/// yoron::weight::write_with_column(&a, &b, "raked_weight", &[1.25, 0.75])?;
/// assert_eq!(std::fs::read_to_string(&b)?, "id,sex,raked_weight\n1,F,1.25\n2,M,0.75\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_with_column(input: &Path, output: &Path, name: &str, values: &[f64]) -> Result<()> {
    match (is_parquet(input), is_parquet(output)) {
        (false, false) => csv_copy(input, output, name, values),
        (true, true) => parquet_copy(input, output, name, values),
        _ => Err(Error::invalid_argument(
            "output",
            "the same format as the input (CSV to CSV or Parquet to Parquet)",
            output.display().to_string(),
        )),
    }
}

fn csv_copy(input: &Path, output: &Path, name: &str, values: &[f64]) -> Result<()> {
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let out = std::fs::File::create(output).map_err(|e| Error::io(output, e))?;
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, out));
    let csv_err = |e: csv::Error| {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        Error::at(
            ErrorKind::Csv {
                message: e.to_string(),
            },
            Position::at_line(line),
        )
        .with_path(input)
    };
    let write_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(output, io),
        other => Error::new(ErrorKind::Csv {
            message: format!("{other:?}"),
        }),
    };
    let mut rec = csv::ByteRecord::new();
    let mut header = true;
    let mut row = 0usize;
    let mut buf = String::new();
    while rdr.read_byte_record(&mut rec).map_err(csv_err)? {
        if rec.len() == 1 && rec.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        if header {
            let bom = b"\xEF\xBB\xBF";
            if rec.iter().enumerate().any(|(i, f)| {
                f == name.as_bytes() || (i == 0 && f.strip_prefix(bom) == Some(name.as_bytes()))
            }) {
                return Err(exists(input, name));
            }
            rec.push_field(name.as_bytes());
            header = false;
        } else {
            let Some(v) = values.get(row) else {
                return Err(count_mismatch(input, values.len(), row + 1));
            };
            buf.clear();
            buf.push_str(&format!("{v}"));
            rec.push_field(buf.as_bytes());
            row += 1;
        }
        wtr.write_byte_record(&rec).map_err(write_err)?;
    }
    if row != values.len() {
        return Err(count_mismatch(input, values.len(), row));
    }
    wtr.flush().map_err(|e| Error::io(output, e))?;
    Ok(())
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
fn parquet_copy(input: &Path, output: &Path, name: &str, values: &[f64]) -> Result<()> {
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
    if df.height() != values.len() {
        return Err(count_mismatch(input, values.len(), df.height()));
    }
    if df.get_column_names().iter().any(|c| c.as_str() == name) {
        return Err(exists(input, name));
    }
    df.with_column(Column::new(name.into(), values))
        .map_err(frame)?;
    let out = std::fs::File::create(output).map_err(|e| Error::io(output, e))?;
    polars_io::parquet::write::ParquetWriter::new(out)
        .finish(&mut df)
        .map_err(|e| frame(e).with_path(output))?;
    Ok(())
}

#[cfg(not(feature = "parquet"))]
fn parquet_copy(input: &Path, _output: &Path, _name: &str, _values: &[f64]) -> Result<()> {
    Err(Error::invalid_argument(
        "data file",
        "a CSV file (this yoron was built without the \"parquet\" feature)",
        input.display().to_string(),
    ))
}
