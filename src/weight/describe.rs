//! `yoron describe`: the variables of a respondent file — name, label, type, value labels,
//! missing values by kind — the first thing an analyst looks at in a new file. Written as
//! CSV, JSON or a text table here, so that the CLI only prints.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::data::{Columns, Respondents, has_text};
use super::output::{self, Field, Record};
use super::survey_file::{MissingCount, SurveyFormat, ValueLabel};
use crate::error::Result;
use crate::table::TextTable;

/// The type of a variable, as [`FileDescription`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum VariableType {
    /// Numbers (in CSV: every non-missing value is a number).
    Number,
    /// Text.
    Text,
    /// Dates (SPSS, Stata and SAS date formats).
    Date,
    /// Dates with times.
    DateTime,
    /// Times of day or durations.
    Time,
}

impl VariableType {
    /// The type's name in the outputs: `number`, `text`, `date`, `datetime`, `time`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::VariableType::DateTime.name(), "datetime");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            VariableType::Number => "number",
            VariableType::Text => "text",
            VariableType::Date => "date",
            VariableType::DateTime => "datetime",
            VariableType::Time => "time",
        }
    }
}

/// One variable of a file: what `yoron describe` prints in one row.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("poll.csv");
/// std::fs::write(&path, "w,q\n1,yes\n2,\n")?;
/// let d = yoron::weight::FileDescription::read(&path)?;
/// let q = &d.variables()[1];
/// assert_eq!((q.name(), q.label(), q.variable_type().name()), ("q", None, "text"));
/// assert!(q.value_labels().is_empty());
/// assert_eq!(q.missing_total(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VariableDescription {
    name: String,
    label: Option<String>,
    #[serde(rename = "type")]
    variable_type: VariableType,
    value_labels: Vec<ValueLabel>,
    missing: Vec<MissingCount>,
}

impl VariableDescription {
    /// The variable's name.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "age\n30\n")?;
    /// let d = yoron::weight::FileDescription::read(&path)?;
    /// assert_eq!(d.variables()[0].name(), "age");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The variable label (SPSS, Stata, SAS); `None` without one and for CSV.
    ///
    /// # Example
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.dta");
    /// # #[cfg(feature = "readstat")] {
    /// let d = yoron::weight::FileDescription::read(path)?;
    /// assert_eq!(d.variable("age").and_then(|v| v.label()), Some("Age in years"));
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The variable's type.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{FileDescription, VariableType};
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "age,sex\n30,F\nNA,M\n")?;
    /// let d = FileDescription::read(&path)?;
    /// assert_eq!(d.variables()[0].variable_type(), VariableType::Number);
    /// assert_eq!(d.variables()[1].variable_type(), VariableType::Text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variable_type(&self) -> VariableType {
        self.variable_type
    }

    /// The value labels, in code order (SPSS, Stata); empty otherwise.
    ///
    /// # Example
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
    /// # #[cfg(feature = "readstat")] {
    /// let d = yoron::weight::FileDescription::read(path)?;
    /// let country = d.variable("country").unwrap().value_labels();
    /// assert_eq!(country[1].label(), "한국");
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn value_labels(&self) -> &[ValueLabel] {
        &self.value_labels
    }

    /// Missing values by kind: system missing first, then each declared missing value found.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "age\n30\nNA\n")?;
    /// let d = yoron::weight::FileDescription::read(&path)?;
    /// assert_eq!(d.variables()[0].missing()[0].count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing(&self) -> &[MissingCount] {
        &self.missing
    }

    /// All missing values, of every kind.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "id,age\n1,\n2,NA\n3,4\n")?;
    /// let d = yoron::weight::FileDescription::read(&path)?;
    /// assert_eq!(d.variables()[1].missing_total(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing_total(&self) -> u64 {
        self.missing.iter().map(MissingCount::count).sum()
    }

    fn cells(&self) -> [String; 6] {
        let labels: Vec<String> = self
            .value_labels
            .iter()
            .map(|l| format!("{}={}", l.code(), l.label()))
            .collect();
        let kinds: Vec<String> = self
            .missing
            .iter()
            .map(|m| match m.label() {
                Some(l) => format!("{} ({l})={}", m.kind(), m.count()),
                None => format!("{}={}", m.kind(), m.count()),
            })
            .collect();
        [
            self.name.clone(),
            self.label.clone().unwrap_or_default(),
            self.variable_type.name().to_string(),
            labels.join("; "),
            self.missing_total().to_string(),
            kinds.join("; "),
        ]
    }
}

/// The variables of a respondent file, one [`VariableDescription`] each, in file order:
/// `yoron describe --data FILE`. CSV, JSON and a text table come from here.
///
/// # Example
/// ```
/// use yoron::weight::FileDescription;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("poll.csv");
/// std::fs::write(&path, "w,q\n1.5,yes\n0.5,NA\n")?;
/// let d = FileDescription::read(&path)?;
/// assert_eq!(d.n_rows(), 2);
/// let mut csv = Vec::new();
/// d.write_csv(&mut csv)?;
/// assert_eq!(
///     String::from_utf8(csv)?,
///     "name,label,type,value_labels,missing,missing_by_kind\n\
///      w,,number,,0,system=0\nq,,text,,1,system=1\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileDescription {
    n_rows: usize,
    variables: Vec<VariableDescription>,
}

/// The columns of [`FileDescription::write_csv`] and the text table.
const COLUMNS: [&str; 6] = [
    "name",
    "label",
    "type",
    "value_labels",
    "missing",
    "missing_by_kind",
];

impl FileDescription {
    /// Describes every variable of a file: CSV (types inferred: a column is a number when all
    /// its non-missing values are numbers), Parquet (`parquet` feature, as CSV), SPSS, Stata
    /// or SAS (`readstat` feature, types, labels and missing kinds from the file).
    ///
    /// # Errors
    /// As [`Respondents::read`] of every column.
    ///
    /// # Example
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
    /// # #[cfg(feature = "readstat")] {
    /// let d = yoron::weight::FileDescription::read(path)?;
    /// assert_eq!(d.n_rows(), 24);
    /// let q1 = d.variable("q1").unwrap();
    /// assert_eq!(q1.missing_total(), 4);
    /// assert_eq!(d.variable("interviewed").unwrap().variable_type().name(), "date");
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn read(path: impl AsRef<Path>) -> Result<FileDescription> {
        let path = path.as_ref();
        if let Some(format) = SurveyFormat::from_path(path) {
            return survey(path, format);
        }
        let names = Respondents::header(path)?;
        let data = Respondents::read(path, &Columns::new().categories(names.iter()))?;
        from_respondents(&data)
    }

    /// The number of rows (respondents).
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "a\n1\n2\n3\n")?;
    /// assert_eq!(yoron::weight::FileDescription::read(&path)?.n_rows(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The variables, in file order.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "a,b\n1,2\n")?;
    /// assert_eq!(yoron::weight::FileDescription::read(&path)?.variables().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variables(&self) -> &[VariableDescription] {
        &self.variables
    }

    /// The variable of this name, if the file has it.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "a,b\n1,2\n")?;
    /// let d = yoron::weight::FileDescription::read(&path)?;
    /// assert!(d.variable("b").is_some() && d.variable("c").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variable(&self, name: &str) -> Option<&VariableDescription> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Writes one CSV row per variable: `name,label,type,value_labels,missing,missing_by_kind`
    /// (`value_labels` as `code=label; …`, `missing_by_kind` as `system=n; 9 (Don't know)=n;
    /// …`, with the label of a declared missing value when the file has one).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "a\nx\n")?;
    /// let mut out = Vec::new();
    /// yoron::weight::FileDescription::read(&path)?.write_csv(&mut out)?;
    /// assert!(String::from_utf8(out)?.ends_with("a,,text,,0,system=0\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        let records = self.variables.iter().map(|v| Record {
            columns: &COLUMNS,
            cells: v.cells().into_iter().map(Field::Text).collect(),
        });
        output::write_csv(out, &COLUMNS, records)
    }

    /// The description as an aligned text table (the columns of [`write_csv`](Self::write_csv)).
    ///
    /// # Example
    /// ```
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("p.csv");
    /// # std::fs::write(&path, "a\n1\n")?;
    /// let t = yoron::weight::FileDescription::read(&path)?.text_table();
    /// assert!(t.to_string().lines().nth(2).unwrap().starts_with("a     "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn text_table(&self) -> TextTable {
        let mut t = TextTable::new(COLUMNS).max_rule(160);
        for v in &self.variables {
            t.push(v.cells());
        }
        t
    }
}

/// A CSV or Parquet file's columns, every one read as categories (so that no column is
/// refused as "not a number"): a number when every category is one, else text. Read so,
/// no column is numbers, and every name the data lists is one of its columns.
fn from_respondents(data: &Respondents) -> Result<FileDescription> {
    let variables = data
        .column_names()
        .into_iter()
        .map(|name| {
            let categories = data.categories(name)?;
            let numeric = !categories.is_empty() && !has_text(categories);
            Ok(VariableDescription {
                name: name.to_string(),
                label: None,
                variable_type: if numeric {
                    VariableType::Number
                } else {
                    VariableType::Text
                },
                value_labels: Vec::new(),
                missing: data.missing(name)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(FileDescription {
        n_rows: data.n_rows(),
        variables,
    })
}

#[cfg(feature = "readstat")]
fn survey(path: &Path, format: SurveyFormat) -> Result<FileDescription> {
    use super::survey_file::MissingKind;
    use polars::prelude::DataType;
    let loaded = super::survey_file::read_frame(path, format)?;
    let Some(frame) = loaded.frame.as_ref() else {
        return Ok(FileDescription {
            n_rows: 0,
            variables: Vec::new(),
        });
    };
    let mut variables = Vec::with_capacity(loaded.names.len());
    for (i, name) in loaded.names.iter().enumerate() {
        let Ok(col) = frame.column(name) else {
            continue;
        };
        let variable_type = match col.dtype() {
            DataType::String => VariableType::Text,
            DataType::Date => VariableType::Date,
            DataType::Datetime(..) => VariableType::DateTime,
            DataType::Time | DataType::Duration(_) => VariableType::Time,
            _ => VariableType::Number,
        };
        let mut user = super::survey_file::kinds(frame, name)?;
        super::survey_file::label_kinds(
            &mut user,
            &loaded.value_labels[i],
            &loaded.missing_labels[i],
        );
        let declared: u64 = user.iter().map(MissingCount::count).sum();
        let nulls = col.null_count() as u64;
        let mut missing = vec![MissingCount::new(
            MissingKind::System,
            nulls.saturating_sub(declared),
        )];
        missing.extend(user);
        variables.push(VariableDescription {
            name: name.clone(),
            label: loaded.labels[i].clone(),
            variable_type,
            value_labels: loaded.value_labels[i].clone(),
            missing,
        });
    }
    Ok(FileDescription {
        n_rows: frame.height(),
        variables,
    })
}

#[cfg(not(feature = "readstat"))]
fn survey(path: &Path, format: SurveyFormat) -> Result<FileDescription> {
    Err(super::survey_file::without_feature(path, format))
}
