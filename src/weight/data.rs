//! Respondent-level data: only the columns an analysis needs, read once into contiguous
//! vectors (numbers as `f64`, categories as `u32` codes into a list of categories: sorted, or
//! in code order for a labelled column of an SPSS or Stata file).

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Position, Result};

/// The code of a missing category (an empty field or `NA`).
pub(crate) const MISSING: u32 = u32::MAX;

/// How a column is read: as numbers or as categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnKind {
    /// Numbers (`f64`): weights, finite population corrections, variables for means and
    /// totals, 0/1 indicators. An empty field or `NA` is missing.
    Number,
    /// Categories (text, compared exactly): strata, PSU ids, groups, answers. An empty
    /// field or `NA` is missing.
    Category,
    /// Numbers when every value is one (or missing), else categories: the predictors of a
    /// regression, whose column type decides whether they enter as a number or as levels
    /// (as R's `read.csv` types a column). A CSV file's first records decide, and the whole
    /// column is read again as categories if text turns up after them; in Parquet, SPSS,
    /// Stata and SAS files the stored type decides (numbers with value labels are
    /// categories, as [`Respondents::read`] reads them).
    Inferred,
}

/// The columns to read from a respondent file, each with its kind. Columns not listed are
/// never converted (a CSV reader still has to split them, a Parquet reader skips them).
///
/// A column asked for as both a number and a category is read as a category; its numbers
/// are then parsed from its categories.
///
/// # Example
/// ```
/// use yoron::weight::Columns;
/// let cols = Columns::new().number("weight").categories(["stratum", "q1"]);
/// assert_eq!(cols.names(), vec!["weight", "stratum", "q1"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    specs: Vec<(String, ColumnKind)>,
}

impl Columns {
    /// No columns yet.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::weight::Columns::new().names().is_empty());
    /// ```
    pub fn new() -> Columns {
        Columns::default()
    }

    /// Adds a numeric column.
    ///
    /// # Example
    /// ```
    /// let c = yoron::weight::Columns::new().number("w");
    /// assert_eq!(c.kind("w"), Some(yoron::weight::ColumnKind::Number));
    /// ```
    pub fn number(self, name: impl Into<String>) -> Columns {
        self.with(name.into(), ColumnKind::Number)
    }

    /// Adds numeric columns.
    ///
    /// # Example
    /// ```
    /// let c = yoron::weight::Columns::new().numbers(["m1", "m2"]);
    /// assert_eq!(c.names().len(), 2);
    /// ```
    pub fn numbers<I, S>(self, names: I) -> Columns
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        names.into_iter().fold(self, |c, n| c.number(n))
    }

    /// Adds a categorical column.
    ///
    /// # Example
    /// ```
    /// let c = yoron::weight::Columns::new().category("country");
    /// assert_eq!(c.kind("country"), Some(yoron::weight::ColumnKind::Category));
    /// ```
    pub fn category(self, name: impl Into<String>) -> Columns {
        self.with(name.into(), ColumnKind::Category)
    }

    /// Adds categorical columns.
    ///
    /// # Example
    /// ```
    /// let c = yoron::weight::Columns::new().categories(["sex", "age"]);
    /// assert_eq!(c.names(), vec!["sex", "age"]);
    /// ```
    pub fn categories<I, S>(self, names: I) -> Columns
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        names.into_iter().fold(self, |c, n| c.category(n))
    }

    /// Adds a column read as numbers if every value is one, else as categories
    /// ([`ColumnKind::Inferred`]).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let csv = "age,educ\n47,tertiary\n53,secondary\n";
    /// let cols = Columns::new().inferred("age").inferred("educ");
    /// let data = Respondents::from_csv_reader(csv.as_bytes(), &cols)?;
    /// assert!(data.categories("age").is_err()); // read as numbers
    /// assert_eq!(data.categories("educ")?, ["secondary", "tertiary"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn inferred(self, name: impl Into<String>) -> Columns {
        self.with(name.into(), ColumnKind::Inferred)
    }

    /// Adds every column of `other`.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::Columns;
    /// let c = Columns::new().number("w").merge(&Columns::new().category("w"));
    /// assert_eq!(c.kind("w"), Some(yoron::weight::ColumnKind::Category));
    /// ```
    pub fn merge(self, other: &Columns) -> Columns {
        other
            .specs
            .iter()
            .fold(self, |c, (n, k)| c.with(n.clone(), *k))
    }

    /// The column names, in the order they were added.
    ///
    /// # Example
    /// ```
    /// let c = yoron::weight::Columns::new().number("w").number("w");
    /// assert_eq!(c.names(), vec!["w"]);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.specs.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// How a column is read, if it is listed.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Columns::new().kind("x"), None);
    /// ```
    pub fn kind(&self, name: &str) -> Option<ColumnKind> {
        self.specs.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
    }

    /// A column asked for twice is read as the stricter kind: a category over a number
    /// (numbers are parsed from categories), a number over an inferred kind.
    pub(crate) fn with(mut self, name: String, kind: ColumnKind) -> Columns {
        match self.specs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => {
                if kind == ColumnKind::Category || *k == ColumnKind::Inferred {
                    *k = kind;
                }
            }
            None => self.specs.push((name, kind)),
        }
        self
    }

    pub(crate) fn specs(&self) -> &[(String, ColumnKind)] {
        &self.specs
    }
}

/// One column in memory.
#[derive(Clone, Debug)]
pub(crate) enum ColumnData {
    /// NaN marks a missing value. Shared, so that a design's weights are the column itself
    /// rather than a copy (a fresh million-row column costs its page faults).
    Number(std::sync::Arc<Vec<f64>>),
    /// Codes into `categories`; [`MISSING`] marks a missing value. Every category occurs.
    /// Categories are sorted (as numbers when all of them are numbers, else by bytes), except
    /// for a labelled numeric column of an SPSS or Stata file, whose categories are in the
    /// order of their codes (R `haven::as_factor`): nothing may assume sorted categories.
    Category {
        /// Shared, as a number column is: a design's strata are the column itself.
        codes: std::sync::Arc<Vec<u32>>,
        categories: Vec<String>,
    },
}

/// Where the rows came from, to name places in error messages.
#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// A CSV file or reader: rows are lines; `anchors` holds `(row, line)` for the rows that
    /// do not start on the line after the previous row (fields with line breaks).
    Csv {
        path: Option<PathBuf>,
        anchors: Vec<(usize, u64)>,
    },
    /// A data frame or Parquet file: rows are numbered from 1.
    Rows { path: Option<PathBuf> },
}

/// Respondent-level data: one row per respondent, holding the columns an analysis needs.
///
/// Read it with [`Respondents::read`] (CSV, or Parquet with the `parquet` feature), from a
/// CSV reader, or from a polars `DataFrame` with [`Respondents::from_frame`].
///
/// # Example
/// ```
/// use yoron::weight::{Columns, Respondents};
/// let csv = "w,country\n1.5,JP\n0.5,KR\n1,JP\n";
/// let data = Respondents::from_csv_reader(
///     csv.as_bytes(),
///     &Columns::new().number("w").category("country"),
/// )?;
/// assert_eq!(data.n_rows(), 3);
/// assert_eq!(data.categories("country")?, &["JP".to_string(), "KR".to_string()]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Respondents {
    n: usize,
    names: Vec<String>,
    data: Vec<ColumnData>,
    origin: Origin,
    /// What an SPSS, Stata or SAS file says about each column (label, value labels, kinds
    /// of missing), aligned with `names`; empty for data without it (CSV, frames).
    meta: Vec<super::survey_file::VariableMeta>,
}

impl Respondents {
    pub(crate) fn new(n: usize, names: Vec<String>, data: Vec<ColumnData>, origin: Origin) -> Self {
        Respondents {
            n,
            names,
            data,
            origin,
            meta: Vec::new(),
        }
    }

    /// Attaches a survey file's variable information, one per column.
    #[cfg(feature = "readstat")]
    pub(crate) fn with_meta(mut self, meta: Vec<super::survey_file::VariableMeta>) -> Self {
        self.meta = meta;
        self
    }

    /// The survey file's information about the column at `index`, if any.
    pub(crate) fn meta_at(&self, index: usize) -> Option<&super::survey_file::VariableMeta> {
        self.meta.get(index)
    }

    /// The index of a column held, or an error listing the held ones.
    pub(crate) fn index_of(&self, name: &str) -> Result<usize> {
        self.names.iter().position(|n| n == name).ok_or_else(|| {
            Error::unknown_name(
                "column (not read from the data)",
                name,
                self.names.iter().cloned(),
            )
        })
    }

    /// Replaces the column at `index` (a survey file's labelled column, rebuilt in code order).
    #[cfg(feature = "readstat")]
    pub(crate) fn replace_column(&mut self, index: usize, column: ColumnData) {
        self.data[index] = column;
    }

    /// Takes the listed columns of a polars `DataFrame`. Numeric columns must have a
    /// numeric (or boolean, or text holding numbers) type; any type can be a category
    /// (its values are turned into text). Nulls are missing values.
    ///
    /// # Errors
    /// A listed column missing from the frame; a numeric column holding text that is not a
    /// number (with the rows); a polars cast that fails.
    ///
    /// # Example
    /// ```
    /// use polars::prelude::*;
    /// use yoron::weight::{Columns, Respondents};
    /// let df = df!("w" => [1.0, 2.0], "sex" => ["F", "M"])?;
    /// let data = Respondents::from_frame(&df, &Columns::new().number("w").category("sex"))?;
    /// assert_eq!(data.n_rows(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_frame(df: &polars::prelude::DataFrame, columns: &Columns) -> Result<Respondents> {
        frame_to_respondents(df, columns, None)
    }

    /// The number of rows (respondents).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let d = Respondents::from_csv_reader("w\n1\n2\n".as_bytes(), &Columns::new().number("w"))?;
    /// assert_eq!(d.n_rows(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_rows(&self) -> usize {
        self.n
    }

    /// The names of the columns held, in the order asked for.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let d = Respondents::from_csv_reader("a,b\n1,x\n".as_bytes(), &Columns::new().category("b"))?;
    /// assert_eq!(d.column_names(), vec!["b"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn column_names(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }

    /// The categories of a categorical column: sorted (as numbers when all are numbers), or,
    /// for a labelled column of an SPSS or Stata file, in the order of their codes
    /// ([`Respondents::value_labels`]).
    ///
    /// # Errors
    /// An unknown column (with the known ones), or a numeric column.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let d = Respondents::from_csv_reader("g\n10\n9\n10\n".as_bytes(), &Columns::new().category("g"))?;
    /// assert_eq!(d.categories("g")?, &["9".to_string(), "10".to_string()]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn categories(&self, column: &str) -> Result<&[String]> {
        match self.column(column)? {
            ColumnData::Category { categories, .. } => Ok(categories),
            ColumnData::Number(_) => Err(Error::invalid_argument(
                "column",
                "a categorical column",
                format!("numeric column \"{column}\""),
            )),
        }
    }

    pub(crate) fn column(&self, name: &str) -> Result<&ColumnData> {
        match self.names.iter().position(|n| n == name) {
            Some(i) => Ok(&self.data[i]),
            None => Err(Error::unknown_name(
                "column (not read from the data)",
                name,
                self.names.iter().cloned(),
            )),
        }
    }

    /// The column as categories (codes, categories).
    pub(crate) fn category(&self, name: &str) -> Result<(&[u32], &[String])> {
        match self.column(name)? {
            ColumnData::Category { codes, categories } => Ok((codes, categories)),
            ColumnData::Number(_) => Err(Error::invalid_argument(
                "column",
                "a column read as categories",
                format!("\"{name}\" read as numbers"),
            )),
        }
    }

    /// A categorical column's codes themselves, shared (`None` for a column of numbers).
    pub(crate) fn shared_codes(&self, name: &str) -> Result<Option<std::sync::Arc<Vec<u32>>>> {
        Ok(match self.column(name)? {
            ColumnData::Category { codes, .. } => Some(codes.clone()),
            ColumnData::Number(_) => None,
        })
    }

    /// A numeric column itself, shared (`None` for a column of categories).
    pub(crate) fn shared_numbers(&self, name: &str) -> Result<Option<std::sync::Arc<Vec<f64>>>> {
        Ok(match self.column(name)? {
            ColumnData::Number(v) => Some(v.clone()),
            ColumnData::Category { .. } => None,
        })
    }

    /// The column as numbers; a categorical column is converted from its categories (an error
    /// names a category that is not a number), a labelled one back to its codes.
    pub(crate) fn numbers(&self, name: &str) -> Result<std::borrow::Cow<'_, [f64]>> {
        match self.column(name)? {
            ColumnData::Number(v) => Ok(std::borrow::Cow::Borrowed(v)),
            ColumnData::Category { codes, categories } => {
                // A labelled column (SPSS, Stata) read as categories gives back its codes.
                let labels = self
                    .index_of(name)
                    .ok()
                    .and_then(|i| self.meta_at(i))
                    .map_or(&[][..], |m| m.value_labels.as_slice());
                let mut values = Vec::with_capacity(categories.len());
                for (i, l) in categories.iter().enumerate() {
                    let mut named = labels.iter().filter(|v| v.label() == l).map(|v| v.code());
                    let code = named.next();
                    if let Some(first) = code
                        && let Some(other) = named.find(|c| *c != first)
                    {
                        // Codes sharing a label share a category: which code a row had is
                        // gone, and guessing the first would change numbers in silence.
                        return Err(Error::invalid_argument(
                            "column",
                            "a labelled column whose categories name one code each (or the column read as numbers)",
                            format!(
                                "\"{name}\": the label \"{l}\" names codes {first} and {other}"
                            ),
                        ));
                    }
                    match code.map_or_else(|| l.trim().parse::<f64>(), Ok) {
                        Ok(v) => values.push(v),
                        Err(_) => {
                            let rows: Vec<(Position, String)> = codes
                                .iter()
                                .enumerate()
                                .filter(|(_, c)| **c == i as u32)
                                .take(1)
                                .map(|(r, _)| (self.place(r), l.clone()))
                                .collect();
                            return Err(self.bad_values(name, "a number", 1, rows));
                        }
                    }
                }
                Ok(std::borrow::Cow::Owned(
                    codes
                        .iter()
                        .map(|&c| {
                            if c == MISSING {
                                f64::NAN
                            } else {
                                values[c as usize]
                            }
                        })
                        .collect(),
                ))
            }
        }
    }

    /// Where a row is: its line for CSV input, its row (from 1) otherwise; `row` counts
    /// from 0.
    pub(crate) fn place(&self, row: usize) -> Position {
        match &self.origin {
            Origin::Csv { anchors, .. } => Position::at_line(csv_line(anchors, row)),
            Origin::Rows { .. } => Position::at_row(row as u64 + 1),
        }
    }

    pub(crate) fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Csv { path, .. } | Origin::Rows { path } => path.as_deref(),
        }
    }

    /// An error for bad values in one column, placed in the file.
    pub(crate) fn bad_values(
        &self,
        column: &str,
        expected: &str,
        count: u64,
        rows: Vec<(Position, String)>,
    ) -> Error {
        self.placed(
            ErrorKind::BadValues {
                expected: expected.to_string(),
                count,
                rows,
            },
            column,
        )
    }

    /// An error of this kind about a column, with the file's path.
    pub(crate) fn placed(&self, kind: ErrorKind, column: &str) -> Error {
        let err = Error::at(kind, Position::column_named(column));
        match self.path() {
            Some(p) => err.with_path(p),
            None => err,
        }
    }
}

/// The line of a CSV row (from 0), given the rows that do not follow the previous one.
pub(crate) fn csv_line(anchors: &[(usize, u64)], row: usize) -> u64 {
    let i = anchors.partition_point(|(r, _)| *r <= row);
    match i.checked_sub(1).and_then(|j| anchors.get(j)) {
        Some((r, l)) => l + (row - r) as u64,
        None => row as u64 + 2,
    }
}

/// Collects bad values of one column: the first few with their rows, and a count.
#[derive(Debug, Default)]
pub(crate) struct BadList {
    pub(crate) count: u64,
    pub(crate) first: Vec<(usize, String)>,
}

/// How many bad values an error message shows.
pub(crate) const SHOWN: usize = 5;

impl BadList {
    /// The rows of `codes` without a value ([`MISSING`]).
    pub(crate) fn missing(codes: &[u32]) -> BadList {
        let mut bad = BadList::default();
        for (i, &c) in codes.iter().enumerate() {
            if c == MISSING {
                bad.push(i, String::new);
            }
        }
        bad
    }

    pub(crate) fn push(&mut self, row: usize, found: impl FnOnce() -> String) {
        self.count += 1;
        if self.first.len() < SHOWN {
            self.first.push((row, found()));
        }
    }

    pub(crate) fn error(
        self,
        data: &Respondents,
        column: &str,
        expected: &str,
    ) -> std::result::Result<(), Error> {
        if self.count == 0 {
            return Ok(());
        }
        let rows = self
            .first
            .into_iter()
            .map(|(r, f)| (data.place(r), f))
            .collect();
        Err(data.bad_values(column, expected, self.count, rows))
    }
}

/// Whether some category is not a number, as the readers parse numbers: a text column, not
/// numbers read as categories (such a column enters a model as levels, its total is one per
/// category, `describe` calls it text).
pub(crate) fn has_text(categories: &[String]) -> bool {
    categories
        .iter()
        .any(|c| super::dict::parse_number(c.as_bytes()).is_none())
}

/// Sorts categories (as numbers when every category is one, else by bytes) and returns the
/// permutation old code → new code.
pub(crate) fn sort_categories(categories: &mut Vec<String>) -> Vec<u32> {
    let numeric: Option<Vec<f64>> = categories
        .iter()
        .map(|l| l.trim().parse::<f64>().ok())
        .collect();
    let mut order: Vec<usize> = (0..categories.len()).collect();
    match &numeric {
        Some(v) if v.iter().all(|x| x.is_finite()) => order.sort_by(|&a, &b| {
            v[a].total_cmp(&v[b])
                .then_with(|| categories[a].cmp(&categories[b]))
        }),
        _ => order.sort_by(|&a, &b| categories[a].cmp(&categories[b])),
    }
    let mut remap = vec![0u32; categories.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new as u32;
    }
    let sorted: Vec<String> = order
        .iter()
        .map(|&i| std::mem::take(&mut categories[i]))
        .collect();
    *categories = sorted;
    remap
}

/// Applies a code permutation in place, keeping missing codes.
pub(crate) fn remap_codes(codes: &mut [u32], remap: &[u32]) {
    for c in codes.iter_mut() {
        if *c != MISSING {
            *c = remap[*c as usize];
        }
    }
}

pub(crate) fn polars_error(e: polars::prelude::PolarsError) -> Error {
    Error::new(ErrorKind::Frame {
        message: e.to_string(),
    })
}

pub(crate) fn frame_to_respondents(
    df: &polars::prelude::DataFrame,
    columns: &Columns,
    path: Option<&Path>,
) -> Result<Respondents> {
    use polars::prelude::*;
    let n = df.height();
    let origin = Origin::Rows {
        path: path.map(Path::to_path_buf),
    };
    let known: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut shell = Respondents::new(n, vec![], vec![], origin);
    let mut names = Vec::new();
    let mut data = Vec::new();
    for (name, kind) in columns.specs() {
        let col = df.column(name).map_err(|_| {
            let e = Error::unknown_name("column", name, known.iter().cloned());
            match path {
                Some(p) => e.with_path(p),
                None => e,
            }
        })?;
        // The stored type decides an inferred column: numbers as numbers; text, dates,
        // polars categoricals and booleans (two levels, as R's model and svytotal take a
        // logical) as categories.
        let kind = match kind {
            ColumnKind::Inferred if col.dtype().is_primitive_numeric() => ColumnKind::Number,
            ColumnKind::Inferred => ColumnKind::Category,
            k => *k,
        };
        let column = match kind {
            ColumnKind::Number => {
                if col.dtype() == &DataType::String {
                    let ca = col.str().map_err(polars_error)?;
                    let mut bad = BadList::default();
                    let mut v = Vec::with_capacity(n);
                    for (r, s) in ca.iter().enumerate() {
                        v.push(match s {
                            None => f64::NAN,
                            Some(s) => match super::dict::parse_number(s.as_bytes()) {
                                Some(x) => x,
                                None => {
                                    bad.push(r, || s.to_string());
                                    f64::NAN
                                }
                            },
                        });
                    }
                    bad.error(&shell, name, "a number")?;
                    ColumnData::Number(std::sync::Arc::new(v))
                } else {
                    let s = col
                        .as_materialized_series()
                        .cast(&DataType::Float64)
                        .map_err(polars_error)?;
                    let ca = s.f64().map_err(polars_error)?;
                    ColumnData::Number(std::sync::Arc::new(
                        ca.iter().map(|x| x.unwrap_or(f64::NAN)).collect(),
                    ))
                }
            }
            // (Inferred is settled above.)
            ColumnKind::Category | ColumnKind::Inferred => {
                let s = col
                    .as_materialized_series()
                    .cast(&DataType::String)
                    .map_err(polars_error)?;
                let ca = s.str().map_err(polars_error)?;
                let mut dict = super::dict::Dict::default();
                let mut codes = Vec::with_capacity(n);
                for s in ca.iter() {
                    codes.push(match s {
                        None => MISSING,
                        Some(t) if super::dict::is_missing(t.as_bytes()) => MISSING,
                        Some(t) => dict.code(t.as_bytes()),
                    });
                }
                let mut categories = dict.into_categories_lossy();
                let remap = sort_categories(&mut categories);
                remap_codes(&mut codes, &remap);
                ColumnData::Category {
                    codes: std::sync::Arc::new(codes),
                    categories,
                }
            }
        };
        names.push(name.clone());
        data.push(column);
        // Keep `shell` able to place rows for the next column's errors.
        shell.n = n;
    }
    shell.names = names;
    shell.data = data;
    Ok(shell)
}

#[cfg(test)]
mod tests {
    use super::has_text;

    #[test]
    fn text_is_a_category_that_is_not_a_number() {
        let cats = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(!has_text(&cats(&["1", " 2.5", "-3e2", ".5"])));
        assert!(has_text(&cats(&["1", "2", "yes"])));
        assert!(has_text(&cats(&["1,5"])));
        assert!(!has_text(&[]));
    }
}
