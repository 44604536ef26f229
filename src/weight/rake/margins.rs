//! Population margins to rake to: built in code or read from a CSV file
//! (`variable,category,total` or `variable,category,share`; `level` is accepted for
//! `category`), checked, with the file's lines
//! kept so that problems found when raking point at them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Problems;
use crate::error::{Error, ErrorKind, Position, Result};
use crate::weight::data::Columns;

/// How a margin's targets are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TargetKind {
    Totals,
    Shares,
}

/// One margin: the population total or share of each category of a variable.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Margin {
    pub(super) variable: String,
    pub(super) kind: TargetKind,
    pub(super) targets: Vec<(String, f64)>,
    /// The line of each target in the margins file; empty for margins built in code.
    pub(super) lines: Vec<u64>,
}

/// Where margins read from a file came from, so that problems found when raking (a category
/// no respondent has) point at the file's line.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct MarginsFile {
    pub(super) path: Option<PathBuf>,
    /// 1-based columns of `variable`, `category` and the value, and the names of the
    /// category and value columns as the file spells them (`level` is the old name of `category`).
    pub(super) variable_col: u64,
    pub(super) category_col: u64,
    pub(super) category_name: String,
    pub(super) value_col: u64,
    pub(super) value_name: String,
}

/// A column of a margins file, to point a problem at.
#[derive(Clone, Copy, Debug)]
pub(super) enum Cell {
    Variable,
    Category,
    Value,
}

/// Population margins to rake to: for each raking variable, the population total (or
/// share) of each of its categories.
///
/// # Example
/// ```
/// use yoron::weight::Margins;
/// let m = Margins::new()
///     .shares("sex", [("F", 0.52), ("M", 0.48)])
///     .totals("age", [("18-39", 400.0), ("40+", 600.0)]);
/// assert_eq!(m.variables(), vec!["sex", "age"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Margins {
    pub(super) margins: Vec<Margin>,
    pub(super) file: Option<MarginsFile>,
}

impl Margins {
    /// No margins yet.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::weight::Margins::new().variables().is_empty());
    /// ```
    pub fn new() -> Margins {
        Margins::default()
    }

    /// Adds a margin given as population totals (counts).
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Margins::new().totals("sex", [("F", 520.0), ("M", 480.0)]);
    /// assert_eq!(m.variables(), vec!["sex"]);
    /// ```
    pub fn totals<I, S>(self, variable: impl Into<String>, targets: I) -> Margins
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        self.push(variable.into(), TargetKind::Totals, targets)
    }

    /// Adds a margin given as population shares (summing to 1); shares are turned into
    /// totals with the weighted total of the data (or the total of the margins given as
    /// totals).
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// assert_eq!(m.variables().len(), 1);
    /// ```
    pub fn shares<I, S>(self, variable: impl Into<String>, targets: I) -> Margins
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        self.push(variable.into(), TargetKind::Shares, targets)
    }

    fn push<I, S>(mut self, variable: String, kind: TargetKind, targets: I) -> Margins
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        let targets = targets.into_iter().map(|(l, v)| (l.into(), v)).collect();
        self.margins.push(Margin {
            variable,
            kind,
            targets,
            lines: Vec::new(),
        });
        self
    }

    /// Reads margins from a CSV file with columns `variable,category,total` or
    /// `variable,category,share` (rows of one variable together or not; other columns are
    /// ignored). A column `level` is read as `category`: it is the name files written for
    /// yoron 0.1 use (as R's factor levels). Problems found later, when raking (a category
    /// that no respondent has), are reported at this file's line and column too.
    ///
    /// # Errors
    /// I/O errors; a header without `variable`, `category` (or `level`, not both) and
    /// exactly one of `total`/`share`; then every problem in the rows at once, each at its
    /// line and column: an empty variable or category, a value that is not a non-negative
    /// number, a category given twice,
    /// shares of a variable that do not sum to 1, totals that differ between variables,
    /// a file with no rows. Nothing is returned from a file with problems.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let p = dir.path().join("margins.csv");
    /// std::fs::write(&p, "variable,category,share\nsex,F,0.5\nsex,M,0.5\n")?;
    /// let m = yoron::weight::Margins::from_csv_path(&p)?;
    /// assert_eq!(m.variables(), vec!["sex"]);
    ///
    /// // The old header `variable,level,share` reads the same.
    /// std::fs::write(&p, "variable,level,share\nsex,F,0.5\nsex,M,0.5\n")?;
    /// assert_eq!(yoron::weight::Margins::from_csv_path(&p)?.variables(), vec!["sex"]);
    ///
    /// std::fs::write(&p, "variable,category,share\nsex,F,0.5\nsex,F,0.5\n")?;
    /// let err = yoron::weight::Margins::from_csv_path(&p).unwrap_err();
    /// assert!(err.to_string().contains("margins.csv:3:2"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<Margins> {
        let path = path.as_ref();
        let bytes = crate::fs::read_file(path)?;
        let mut margins =
            Margins::from_csv_reader(bytes.as_slice()).map_err(|e| e.with_path(path))?;
        if let Some(f) = &mut margins.file {
            f.path = Some(path.to_path_buf());
        }
        Ok(margins)
    }

    /// Reads margins from CSV text (see [`Margins::from_csv_path`]).
    ///
    /// # Errors
    /// As [`Margins::from_csv_path`].
    ///
    /// # Example
    /// ```
    /// let csv = "variable,category,total\nsex,F,52\nsex,M,48\n";
    /// let m = yoron::weight::Margins::from_csv_reader(csv.as_bytes())?;
    /// assert_eq!(m.variables(), vec!["sex"]);
    ///
    /// let bad = "variable,category,share\nsex,F,0.52\nsex,M,-0.48\nage,,0.5\n";
    /// let err = yoron::weight::Margins::from_csv_reader(bad.as_bytes()).unwrap_err();
    /// // The negative share and the empty category; sums are judged once every row is valid.
    /// assert_eq!(err.problems().len(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_csv_reader<R: std::io::Read>(mut reader: R) -> Result<Margins> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|source| Error::new(ErrorKind::Io { source }))?;
        let text = crate::csv_text::utf8(&bytes)?;
        let mut problems = Problems::default();
        let expected = "variable, category and total (or share)";
        let columns = |header: &[String], line: u64, problems: &mut Problems| {
            let mut col = |name: &str| {
                let mut at = header.iter().enumerate().filter(|(_, h)| *h == name);
                let first = at.next().map(|(i, _)| i);
                if let Some((i, _)) = at.next() {
                    problems.push(Error::at(
                        ErrorKind::InvalidValue {
                            expected: format!("one column \"{name}\""),
                            found: "two".into(),
                        },
                        Position::cell(line, i as u64 + 1, name),
                    ));
                }
                first
            };
            let (iv, category, level, total, share) = (
                col("variable"),
                col("category"),
                col("level"),
                col("total"),
                col("share"),
            );
            // A header without a column it needs, or with two that exclude each other.
            let missing = |column: &str| {
                Error::at(
                    ErrorKind::MissingColumn {
                        column: column.to_string(),
                        expected: expected.to_string(),
                    },
                    Position::at_line(line),
                )
            };
            let both = |columns: &str| {
                Error::at(
                    ErrorKind::InvalidValue {
                        expected: format!("one of the columns {columns}"),
                        found: "both".into(),
                    },
                    Position::at_line(line),
                )
            };
            // `level` is the old name of `category` (yoron 0.1): files written for it still read.
            let ic = match (category, level) {
                (Some(c), Some(_)) => {
                    problems.push(both("category and level (its old name)"));
                    Some(c)
                }
                (c, l) => c.or(l),
            };
            for (c, name) in [(iv, "variable"), (ic, "category")] {
                if c.is_none() {
                    problems.push(missing(name));
                }
            }
            let value = match (total, share) {
                (Some(t), None) => Some((t, TargetKind::Totals)),
                (None, Some(s)) => Some((s, TargetKind::Shares)),
                (None, None) => {
                    problems.push(missing("total"));
                    None
                }
                (Some(_), Some(_)) => {
                    problems.push(both("total and share"));
                    None
                }
            };
            match (iv, ic, value) {
                (Some(iv), Some(ic), Some((ival, kind))) => Some((iv, ic, ival, kind)),
                _ => None,
            }
        };
        let Some((table, Some((iv, ic, ival, kind)))) =
            crate::csv_text::csv_table(text, &mut problems, columns)
        else {
            return Err(problems.into_error());
        };
        let header = &table.names;
        let file = MarginsFile {
            path: None,
            variable_col: iv as u64 + 1,
            category_col: ic as u64 + 1,
            category_name: header[ic].clone(),
            value_col: ival as u64 + 1,
            value_name: header[ival].clone(),
        };
        let mut margins: Vec<Margin> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (line, record) in &table.records {
            let line = *line;
            let cell = |i: usize| Position::cell(line, i as u64 + 1, &header[i]);
            let var = record.get(iv).unwrap_or("").trim();
            let category = record.get(ic).unwrap_or("");
            let raw = record.get(ival).unwrap_or("").trim();
            let mut ok = true;
            for (text, i, what) in [(var, iv, "a variable name"), (category, ic, "a category")] {
                if text.is_empty() {
                    problems.push(Error::at(
                        ErrorKind::InvalidValue {
                            expected: what.into(),
                            found: String::new(),
                        },
                        cell(i),
                    ));
                    ok = false;
                }
            }
            let v = match raw.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => v,
                _ => {
                    problems.push(Error::at(
                        ErrorKind::InvalidValue {
                            expected: "a non-negative number".into(),
                            found: raw.to_string(),
                        },
                        cell(ival),
                    ));
                    ok = false;
                    f64::NAN
                }
            };
            if !ok {
                continue;
            }
            let m = *index.entry(var.to_string()).or_insert_with(|| {
                margins.push(Margin {
                    variable: var.to_string(),
                    kind,
                    targets: Vec::new(),
                    lines: Vec::new(),
                });
                margins.len() - 1
            });
            let margin = &mut margins[m];
            if let Some(k) = margin.targets.iter().position(|(l, _)| l == category) {
                problems.push(Error::at(
                    ErrorKind::Margin {
                        variable: var.to_string(),
                        problem: format!(
                            "category \"{category}\" is given twice (first on line {})",
                            margin.lines[k]
                        ),
                    },
                    cell(ic),
                ));
                continue;
            }
            margin.targets.push((category.to_string(), v));
            margin.lines.push(line);
        }
        let margins = Margins {
            margins,
            file: Some(file),
        };
        if problems.is_empty() {
            // Sums are checked once the rows are read, so each variable is judged whole.
            let mut totals = None;
            for m in &margins.margins {
                if let Err(e) = margins.check_sum(m, &mut totals) {
                    problems.push(e);
                }
            }
        }
        if problems.is_empty() {
            Ok(margins)
        } else {
            Err(problems.into_error())
        }
    }

    /// The position of a margin in its file: the line of target `k` (or of the margin's
    /// first row) and the column `which`.
    pub(super) fn place(&self, m: &Margin, k: Option<usize>, which: Cell) -> Option<Position> {
        let f = self.file.as_ref()?;
        let line = *m.lines.get(k.unwrap_or(0))?;
        let pos = match which {
            Cell::Variable => Position::cell(line, f.variable_col, "variable"),
            Cell::Category => Position::cell(line, f.category_col, &f.category_name),
            Cell::Value => Position::cell(line, f.value_col, &f.value_name),
        };
        Some(match &f.path {
            Some(p) => pos.with_path(p),
            None => pos,
        })
    }

    /// A problem with margin `m`, at its place in the file when it came from one.
    pub(super) fn margin_error(
        &self,
        m: &Margin,
        k: Option<usize>,
        which: Cell,
        problem: String,
    ) -> Error {
        let kind = ErrorKind::Margin {
            variable: m.variable.clone(),
            problem,
        };
        match self.place(m, k, which) {
            Some(p) => Error::at(kind, p),
            None => Error::new(kind),
        }
    }

    /// Checks that shares sum to 1 and that totals agree with the first margin given as
    /// totals (`totals` carries that margin's name and sum).
    pub(super) fn check_sum<'a>(
        &self,
        m: &'a Margin,
        totals: &mut Option<(&'a str, f64)>,
    ) -> Result<()> {
        let sum: f64 = m.targets.iter().map(|(_, v)| v).sum();
        match m.kind {
            TargetKind::Shares => {
                if (sum - 1.0).abs() > 1e-6 {
                    let hint = if (sum - 100.0).abs() < 1e-3 {
                        " (percentages? divide them by 100)"
                    } else {
                        ""
                    };
                    return Err(self.margin_error(
                        m,
                        None,
                        Cell::Value,
                        format!("shares sum to {sum}, expected 1{hint}"),
                    ));
                }
            }
            TargetKind::Totals => match totals {
                None => *totals = Some((&m.variable, sum)),
                Some((v0, s0)) => {
                    if (sum - *s0).abs() > 1e-6 * s0.abs().max(sum.abs()) {
                        return Err(self.margin_error(
                            m,
                            None,
                            Cell::Value,
                            format!(
                                "totals sum to {sum} but margin \"{v0}\" sums to {s0}: margins must describe the same population"
                            ),
                        ));
                    }
                }
            },
        }
        Ok(())
    }

    /// The raking variables, in order.
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Margins::new().shares("a", [("x", 1.0)]);
    /// assert_eq!(m.variables(), vec!["a"]);
    /// ```
    pub fn variables(&self) -> Vec<&str> {
        self.margins.iter().map(|m| m.variable.as_str()).collect()
    }

    /// The columns raking reads (the raking variables, as categories).
    ///
    /// # Example
    /// ```
    /// let m = yoron::weight::Margins::new().shares("a", [("x", 1.0)]);
    /// assert_eq!(m.columns().names(), vec!["a"]);
    /// ```
    pub fn columns(&self) -> Columns {
        Columns::new().categories(self.variables())
    }
}
