//! Opening respondent data: a file by its extension (CSV through yoron's block reader,
//! Parquet through polars, SPSS/Stata/SAS through `survey_file`), or CSV text from any reader. The one place that knows both
//! readers, so that the data types (`weight::data`) depend on neither:
//! `read` → `csv` → `data` → `dict`.

use std::path::Path;

use super::csv;
use super::data::{Columns, Respondents};
use super::survey_file::{RespondentFormat, SurveyFormat};
use crate::error::{Error, Result};

impl Respondents {
    /// Reads the listed columns of a respondent file: `.csv` (any other extension is read as
    /// CSV too), `.parquet` (with the `parquet` feature), or SPSS `.sav`/`.zsav`, Stata `.dta`
    /// and SAS `.sas7bdat` (with the `readstat` feature).
    ///
    /// CSV files are split into blocks and parsed on all cores; only the listed columns are
    /// converted. Parquet, SPSS, Stata and SAS files decode only the listed columns.
    ///
    /// In SPSS and Stata files, a labelled numeric column read as a category has its value
    /// labels as categories, in code order ([`Respondents::value_labels`]); read as a number it
    /// gives the codes. User-missing (SPSS) and extended missing values (Stata, SAS `.a`–`.z`)
    /// are missing, counted by kind in [`Respondents::missing`]; variable labels are kept
    /// ([`Respondents::variable_label`]). Rows are numbered from 1 in errors.
    ///
    /// # Errors
    /// I/O errors; a listed column missing from the file (with the columns it has); broken
    /// CSV (with its line); text that is not UTF-8; non-numeric text in a numeric column
    /// (with the first lines or rows where it occurs); a Parquet file without the `parquet`
    /// feature; an SPSS, Stata or SAS file without the `readstat` feature, or one its reader
    /// rejects (truncated, corrupt: [`ErrorKind::SurveyFile`](crate::ErrorKind::SurveyFile)).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("poll.csv");
    /// std::fs::write(&path, "id,w,q\n1,2,yes\n2,1,no\n")?;
    /// let data = Respondents::read(&path, &Columns::new().number("w").category("q"))?;
    /// assert_eq!(data.column_names(), vec!["w", "q"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(path: impl AsRef<Path>, columns: &Columns) -> Result<Respondents> {
        let path = path.as_ref();
        match RespondentFormat::from_path(path) {
            RespondentFormat::Survey(format) => read_survey(path, format, columns),
            RespondentFormat::Parquet => read_parquet(path, columns),
            RespondentFormat::Csv => csv::read_csv_path(path, columns),
        }
    }

    /// The column names of a respondent file (`.csv`; `.parquet` with the `parquet` feature;
    /// `.sav`, `.zsav`, `.dta`, `.sas7bdat` with the `readstat` feature), without reading its rows: for choosing columns by a pattern, such as
    /// replicate weights ([`Replicates::columns_in`](super::Replicates::columns_in)).
    ///
    /// # Errors
    /// The file cannot be read, its first line is not a CSV header, or a Parquet or survey
    /// file without its feature.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("poll.csv");
    /// std::fs::write(&path, "id,w,rep1,rep2\n1,2,4,0\n")?;
    /// assert_eq!(yoron::weight::Respondents::header(&path)?, ["id", "w", "rep1", "rep2"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(path: impl AsRef<Path>) -> Result<Vec<String>> {
        let path = path.as_ref();
        match RespondentFormat::from_path(path) {
            RespondentFormat::Survey(format) => survey_header(path, format),
            RespondentFormat::Parquet => parquet_header(path),
            RespondentFormat::Csv => csv::read_csv_header(path),
        }
    }

    /// Reads the listed columns from CSV text with a header row.
    ///
    /// # Errors
    /// As [`Respondents::read`], without a path in the positions.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let err = Respondents::from_csv_reader("a,b\n1,2\n".as_bytes(), &Columns::new().number("w"))
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("unknown column \"w\""));
    /// ```
    pub fn from_csv_reader<R: std::io::Read>(reader: R, columns: &Columns) -> Result<Respondents> {
        csv::read_csv(reader, None, columns)
    }
}

#[cfg(feature = "readstat")]
fn read_survey(path: &Path, format: SurveyFormat, columns: &Columns) -> Result<Respondents> {
    super::survey_file::read_file(path, format, columns)
}

#[cfg(feature = "readstat")]
fn survey_header(path: &Path, format: SurveyFormat) -> Result<Vec<String>> {
    super::survey_file::file_header(path, format)
}

#[cfg(not(feature = "readstat"))]
fn read_survey(path: &Path, format: SurveyFormat, _columns: &Columns) -> Result<Respondents> {
    Err(super::survey_file::without_feature(path, format))
}

#[cfg(not(feature = "readstat"))]
fn survey_header(path: &Path, format: SurveyFormat) -> Result<Vec<String>> {
    Err(super::survey_file::without_feature(path, format))
}

#[cfg(feature = "parquet")]
fn read_parquet(path: &Path, columns: &Columns) -> Result<Respondents> {
    use polars::prelude::SerReader;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = polars_io::parquet::read::ParquetReader::new(file);
    let schema = reader
        .schema()
        .map_err(|e| super::data::polars_error(e).with_path(path))?;
    let known: Vec<String> = schema.iter_names().map(|s| s.to_string()).collect();
    for name in columns.names() {
        if !known.iter().any(|k| k == name) {
            return Err(Error::unknown_name("column", name, known).with_path(path));
        }
    }
    let df = reader
        .with_columns(Some(
            columns.names().iter().map(|s| s.to_string()).collect(),
        ))
        .finish()
        .map_err(|e| super::data::polars_error(e).with_path(path))?;
    super::data::frame_to_respondents(&df, columns, Some(path))
}

#[cfg(feature = "parquet")]
fn parquet_header(path: &Path) -> Result<Vec<String>> {
    use polars::prelude::SerReader;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = polars_io::parquet::read::ParquetReader::new(file);
    let schema = reader
        .schema()
        .map_err(|e| super::data::polars_error(e).with_path(path))?;
    Ok(schema.iter_names().map(|s| s.to_string()).collect())
}

#[cfg(not(feature = "parquet"))]
fn parquet_header(path: &Path) -> Result<Vec<String>> {
    read_parquet(path, &Columns::new()).map(|_| Vec::new())
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(path: &Path, _columns: &Columns) -> Result<Respondents> {
    Err(Error::invalid_argument(
        "data file",
        "a CSV file (this yoron was built without the \"parquet\" feature)",
        path.display().to_string(),
    ))
}
