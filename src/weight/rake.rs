//! Raking: iterative proportional fitting of the weights to population margins, with
//! optional trimming, and the raked design's linearisation variance as R's `rake()`
//! object gives it.
//!
//! Raked weights are wᵢ = dᵢ · F(cᵢ) where cᵢ is the respondent's combination of margin
//! categories (a "raking cell"), so the fitting runs on the table of raking cells — a few
//! dozen numbers — after one pass over the rows, and the weights are written in a second
//! pass. Trimming clips the weights (rows) and rakes again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::csv::FxBuild;
use super::data::{BadList, Columns, MISSING};
use super::design::Design;
use crate::error::Problems;
use crate::error::{Error, ErrorKind, Position, Result};

/// How a margin's targets are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TargetKind {
    Totals,
    Shares,
}

/// One margin: the population total or share of each level of a variable.
#[derive(Clone, Debug, PartialEq)]
struct Margin {
    variable: String,
    kind: TargetKind,
    targets: Vec<(String, f64)>,
    /// The line of each target in the margins file; empty for margins built in code.
    lines: Vec<u64>,
}

/// Where margins read from a file came from, so that problems found when raking (a level
/// no respondent has) point at the file's line.
#[derive(Clone, Debug, PartialEq)]
struct MarginsFile {
    path: Option<PathBuf>,
    /// 1-based columns of `variable`, `level` and the value, and the value column's name.
    variable_col: u64,
    level_col: u64,
    value_col: u64,
    value_name: String,
}

/// A column of a margins file, to point a problem at.
#[derive(Clone, Copy, Debug)]
enum Cell {
    Variable,
    Level,
    Value,
}

/// Population margins to rake to: for each raking variable, the population total (or
/// share) of each of its levels.
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
    margins: Vec<Margin>,
    file: Option<MarginsFile>,
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

    /// Reads margins from a CSV file with columns `variable,level,total` or
    /// `variable,level,share` (rows of one variable together or not; other columns are
    /// ignored). Problems found later, when raking (a level that no respondent has), are
    /// reported at this file's line too.
    ///
    /// # Errors
    /// I/O errors; a header without `variable`, `level` and exactly one of `total`/`share`;
    /// then every problem in the rows at once, each at its line and column: an empty
    /// variable or level, a value that is not a non-negative number, a level given twice,
    /// shares of a variable that do not sum to 1, totals that differ between variables,
    /// a file with no rows. Nothing is returned from a file with problems.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let p = dir.path().join("margins.csv");
    /// std::fs::write(&p, "variable,level,share\nsex,F,0.5\nsex,M,0.5\n")?;
    /// let m = yoron::weight::Margins::from_csv_path(&p)?;
    /// assert_eq!(m.variables(), vec!["sex"]);
    ///
    /// std::fs::write(&p, "variable,level,share\nsex,F,0.5\nsex,F,0.5\n")?;
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
    /// let csv = "variable,level,total\nsex,F,52\nsex,M,48\n";
    /// let m = yoron::weight::Margins::from_csv_reader(csv.as_bytes())?;
    /// assert_eq!(m.variables(), vec!["sex"]);
    ///
    /// let bad = "variable,level,share\nsex,F,0.52\nsex,M,-0.48\nage,,0.5\n";
    /// let err = yoron::weight::Margins::from_csv_reader(bad.as_bytes()).unwrap_err();
    /// // The negative share and the empty level; sums are judged once every row is valid.
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
        let expected = "variable, level and total (or share)";
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
            let (iv, il, total, share) =
                (col("variable"), col("level"), col("total"), col("share"));
            for (c, name) in [(iv, "variable"), (il, "level")] {
                if c.is_none() {
                    problems.push(Error::at(
                        ErrorKind::MissingColumn {
                            column: name.to_string(),
                            expected: expected.to_string(),
                        },
                        Position::at_line(line),
                    ));
                }
            }
            let value = match (total, share) {
                (Some(t), None) => Some((t, TargetKind::Totals)),
                (None, Some(s)) => Some((s, TargetKind::Shares)),
                (None, None) => {
                    problems.push(Error::at(
                        ErrorKind::MissingColumn {
                            column: "total".to_string(),
                            expected: expected.to_string(),
                        },
                        Position::at_line(line),
                    ));
                    None
                }
                (Some(_), Some(_)) => {
                    problems.push(Error::at(
                        ErrorKind::InvalidValue {
                            expected: "one of the columns total and share".into(),
                            found: "both".into(),
                        },
                        Position::at_line(line),
                    ));
                    None
                }
            };
            match (iv, il, value) {
                (Some(iv), Some(il), Some((ival, kind))) => Some((iv, il, ival, kind)),
                _ => None,
            }
        };
        let Some((table, Some((iv, il, ival, kind)))) =
            crate::csv_text::csv_table(text, &mut problems, columns)
        else {
            return Err(problems.into_error());
        };
        let header = &table.names;
        let file = MarginsFile {
            path: None,
            variable_col: iv as u64 + 1,
            level_col: il as u64 + 1,
            value_col: ival as u64 + 1,
            value_name: header[ival].clone(),
        };
        let mut margins: Vec<Margin> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (line, record) in &table.records {
            let line = *line;
            let cell = |i: usize| Position::cell(line, i as u64 + 1, &header[i]);
            let var = record.get(iv).unwrap_or("").trim();
            let level = record.get(il).unwrap_or("");
            let raw = record.get(ival).unwrap_or("").trim();
            let mut ok = true;
            for (text, i, what) in [(var, iv, "a variable name"), (level, il, "a level")] {
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
            if let Some(k) = margin.targets.iter().position(|(l, _)| l == level) {
                problems.push(Error::at(
                    ErrorKind::Margin {
                        variable: var.to_string(),
                        problem: format!(
                            "level \"{level}\" is given twice (first on line {})",
                            margin.lines[k]
                        ),
                    },
                    cell(il),
                ));
                continue;
            }
            margin.targets.push((level.to_string(), v));
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
    fn place(&self, m: &Margin, k: Option<usize>, which: Cell) -> Option<Position> {
        let f = self.file.as_ref()?;
        let line = *m.lines.get(k.unwrap_or(0))?;
        let pos = match which {
            Cell::Variable => Position::cell(line, f.variable_col, "variable"),
            Cell::Level => Position::cell(line, f.level_col, "level"),
            Cell::Value => Position::cell(line, f.value_col, &f.value_name),
        };
        Some(match &f.path {
            Some(p) => pos.with_path(p),
            None => pos,
        })
    }

    /// A problem with margin `m`, at its place in the file when it came from one.
    fn margin_error(&self, m: &Margin, k: Option<usize>, which: Cell, problem: String) -> Error {
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
    fn check_sum<'a>(&self, m: &'a Margin, totals: &mut Option<(&'a str, f64)>) -> Result<()> {
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

/// Weight trimming between rakes: weights outside [lower, upper] × mean weight are clipped
/// and the weights raked again, until all lie within the bounds after raking.
///
/// The variance of a trimmed-and-raked design residualises on the margins with the last
/// rake's factors, as for raking alone; the trimming itself is treated as fixed (R's
/// `rake()` has no trimming to compare with).
///
/// # Example
/// ```
/// let t = yoron::weight::Trim::new(0.3, 3.0);
/// assert_eq!((t.lower(), t.upper()), (0.3, 3.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trim {
    lower: f64,
    upper: f64,
    max_rounds: u32,
}

impl Trim {
    /// Bounds relative to the mean weight (lower ≤ 1 ≤ upper); at most 50 rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.0, 5.0).max_rounds(), 50);
    /// ```
    pub fn new(lower: f64, upper: f64) -> Trim {
        Trim {
            lower,
            upper,
            max_rounds: 50,
        }
    }

    /// The most trim-and-rake rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.0, 5.0).rounds(10).max_rounds(), 10);
    /// ```
    pub fn rounds(mut self, max_rounds: u32) -> Trim {
        self.max_rounds = max_rounds;
        self
    }

    /// The lower bound, relative to the mean weight.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).lower(), 0.2);
    /// ```
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound, relative to the mean weight.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).upper(), 5.0);
    /// ```
    pub fn upper(&self) -> f64 {
        self.upper
    }

    /// The most rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).max_rounds(), 50);
    /// ```
    pub fn max_rounds(&self) -> u32 {
        self.max_rounds
    }
}

/// Raking options: tolerance, most iterations, optional trimming.
///
/// # Example
/// ```
/// use yoron::weight::{Rake, Trim};
/// let r = Rake::new().tolerance(1e-10).max_iterations(500).trim(Trim::new(0.2, 5.0));
/// assert_eq!(r.max_iter(), 500);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rake {
    tolerance: f64,
    max_iterations: u32,
    trim: Option<Trim>,
}

impl Default for Rake {
    fn default() -> Rake {
        Rake {
            tolerance: 1e-7,
            max_iterations: 100,
            trim: None,
        }
    }
}

impl Rake {
    /// Tolerance 1e-7 on the largest relative margin error, at most 100 sweeps, no trimming.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Rake::new().tol(), 1e-7);
    /// ```
    pub fn new() -> Rake {
        Rake::default()
    }

    /// The largest relative error |weighted total − target| / target allowed in any
    /// margin category.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Rake::new().tolerance(1e-9).tol(), 1e-9);
    /// ```
    pub fn tolerance(mut self, tolerance: f64) -> Rake {
        self.tolerance = tolerance;
        self
    }

    /// The most sweeps over all margins.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Rake::new().max_iterations(7).max_iter(), 7);
    /// ```
    pub fn max_iterations(mut self, n: u32) -> Rake {
        self.max_iterations = n;
        self
    }

    /// Trims weights and rakes again.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Rake, Trim};
    /// assert!(Rake::new().trim(Trim::new(0.1, 10.0)).trimming().is_some());
    /// ```
    pub fn trim(mut self, trim: Trim) -> Rake {
        self.trim = Some(trim);
        self
    }

    /// The tolerance.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::weight::Rake::new().tol() > 0.0);
    /// ```
    pub fn tol(&self) -> f64 {
        self.tolerance
    }

    /// The most sweeps.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Rake::new().max_iter(), 100);
    /// ```
    pub fn max_iter(&self) -> u32 {
        self.max_iterations
    }

    /// The trimming, if any.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::weight::Rake::new().trimming().is_none());
    /// ```
    pub fn trimming(&self) -> Option<Trim> {
        self.trim
    }
}

/// What raking did.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
/// let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
/// let r = d.rake(&m, &Rake::new())?;
/// assert!(r.report().largest_error() < 1e-7);
/// assert_eq!(r.report().weight_range(), (0.75, 1.5));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RakeReport {
    iterations: u32,
    largest_error: f64,
    min_weight: f64,
    max_weight: f64,
    kish_deff: f64,
    trim_rounds: u32,
    trimmed: u64,
}

impl RakeReport {
    /// Sweeps over all margins in the last rake.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.report().iterations() >= 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// The largest relative margin error at the end.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().largest_error(), 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn largest_error(&self) -> f64 {
        self.largest_error
    }

    /// The smallest and largest raked weight.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().weight_range(), (1.0, 1.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn weight_range(&self) -> (f64, f64) {
        (self.min_weight, self.max_weight)
    }

    /// Kish's design effect of the raked weights, n Σw² / (Σw)².
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().kish_deff(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kish_deff(&self) -> f64 {
        self.kish_deff
    }

    /// Weighting efficiency, 1 / Kish deff (the share of the sample size kept).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.report().efficiency() < 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn efficiency(&self) -> f64 {
        1.0 / self.kish_deff
    }

    /// Trim-and-rake rounds run (0 without trimming).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trim_rounds(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trim_rounds(&self) -> u32 {
        self.trim_rounds
    }

    /// Weights clipped in the trimming rounds (counted once per round).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trimmed(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trimmed(&self) -> u64 {
        self.trimmed
    }
}

/// A raked design and the report of the raking.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
/// let m = Margins::new().totals("sex", [("F", 60.0), ("M", 40.0)]);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
/// let raked = d.rake(&m, &Rake::new())?;
/// assert_eq!(raked.design().weights(), &[60.0, 40.0]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Raked {
    design: Design,
    report: RakeReport,
}

impl Raked {
    /// The raked design: estimates from it carry raking's variance reduction.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.design().is_raked());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The raking report.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trimmed(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn report(&self) -> &RakeReport {
        &self.report
    }

    /// The raked design, by value.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// let design = d.rake(&m, &Rake::new())?.into_design();
    /// assert_eq!(design.n_rows(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn into_design(self) -> Design {
        self.design
    }
}

/// What a raked design keeps for its variance: each row's raking cell, each cell's
/// category in every margin, and the factors of the last sweep (R keeps the weights after
/// each margin's post-stratification in the last sweep; they are the final weights divided
/// by the later margins' last factors).
#[derive(Debug)]
pub(crate) struct RakingInfo {
    pub(crate) combo: Vec<u32>,
    pub(crate) n_combos: usize,
    combo_cat: Vec<u32>,
    n_levels: Vec<usize>,
    last: Vec<Vec<f64>>,
    rows_per_level: Vec<Vec<f64>>,
}

impl RakingInfo {
    /// R `svyrecvar`'s treatment of a raking: ten rounds of, for each margin m,
    /// x ← x − psw_m · ave(x / psw_m, margin m), applied to influence tables over extended
    /// cells (`n_base` base cells × raking cells), which keeps the form
    /// x = w (y a + b): only `b` changes.
    // The indices address several parallel tables (cells, levels, margins) at once.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn residualize(
        &self,
        n_base: usize,
        k: usize,
        b: &mut [f64],
        a: Option<&[f64]>,
        counts: &[f64],
        ysum: Option<&[f64]>,
    ) {
        let nm = self.n_levels.len();
        let nc = self.n_combos;
        // rho[m][combo] = product of later margins' last factors = w / psw_m.
        let rho: Vec<Vec<f64>> = (0..nm)
            .map(|m| {
                (0..nc)
                    .map(|c| {
                        ((m + 1)..nm)
                            .map(|m2| self.last[m2][self.combo_cat[c * nm + m2] as usize])
                            .product()
                    })
                    .collect()
            })
            .collect();
        for _ in 0..10 {
            for m in 0..nm {
                let nl = self.n_levels[m];
                let mut g = vec![0.0; nl * k];
                for base in 0..n_base {
                    for c in 0..nc {
                        let e = base * nc + c;
                        if counts[e] == 0.0 {
                            continue;
                        }
                        let lvl = self.combo_cat[c * nm + m] as usize;
                        let r = rho[m][c];
                        for j in 0..k {
                            let mut x = b[e * k + j] * counts[e];
                            if let (Some(a), Some(ys)) = (a, ysum) {
                                x += a[e * k + j] * ys[e];
                            }
                            g[lvl * k + j] += r * x;
                        }
                    }
                }
                for (lvl, rows) in self.rows_per_level[m].iter().enumerate() {
                    for j in 0..k {
                        if *rows > 0.0 {
                            g[lvl * k + j] /= rows;
                        }
                    }
                }
                for base in 0..n_base {
                    for c in 0..nc {
                        let e = base * nc + c;
                        let lvl = self.combo_cat[c * nm + m] as usize;
                        let r = rho[m][c];
                        for j in 0..k {
                            b[e * k + j] -= g[lvl * k + j] / r;
                        }
                    }
                }
            }
        }
    }
}

/// A margin resolved against the data: target per data level.
struct Resolved<'a> {
    variable: &'a str,
    codes: &'a [u32],
    targets: Vec<f64>,
}

impl Design {
    /// Rakes the weights to the margins (iterative proportional fitting) and returns the
    /// raked design with a report.
    ///
    /// Shares are turned into totals with the weighted total of the design (or the total of
    /// the margins given as totals); totals of different margins must agree.
    ///
    /// # Errors
    /// A raking variable that was not read or has missing values; a level in the data that
    /// the margin lacks; a target level with no respondents (or a zero target for a level
    /// that has some); a negative, non-finite or repeated target; shares that do not sum to
    /// 1, or totals that differ between margins (by more than 1e-6 relatively); no
    /// convergence within the iterations, or weights still outside the trimming bounds
    /// after the trimming rounds; a design that is already raked.
    ///
    /// # Formula
    /// Each sweep multiplies, margin by margin, the weights of each level by
    /// target / current weighted total. The raked design's variance residualises the
    /// influence values on the margins as R's `svyrecvar` does for a `rake()` design.
    ///
    /// # References
    /// Deming, W. E. and Stephan, F. F. (1940) On a least squares adjustment of a sampled
    /// frequency table when the expected marginal totals are known. *Annals of Mathematical
    /// Statistics* 11, 427–444. — Lumley, T. (2010) *Complex Surveys*, ch. 7. Wiley.
    ///
    /// Matches R: `weights(rake(design, list(~sex, ~age), list(pop_sex, pop_age),
    /// control = list(maxit = 100, epsilon = 1e-13)))`, and `svymean()` on it.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
    /// let m = Margins::new().totals("sex", [("F", 50.0), ("M", 50.0)]);
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// let r = d.rake(&m, &Rake::new())?;
    /// assert_eq!(r.design().weights(), &[25.0, 25.0, 50.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rake(&self, margins: &Margins, options: &Rake) -> Result<Raked> {
        if self.raking.is_some() {
            return Err(Error::invalid_argument(
                "design",
                "a design that is not raked yet (rake the original design to all margins at once)",
                "a raked design",
            ));
        }
        if margins.margins.is_empty() {
            return Err(Error::invalid_argument(
                "margins",
                "at least one margin",
                "none",
            ));
        }
        if options.tolerance.is_nan() || options.tolerance <= 0.0 || options.max_iterations == 0 {
            return Err(Error::invalid_argument(
                "rake",
                "a positive tolerance and at least one iteration",
                format!("{} and {}", options.tolerance, options.max_iterations),
            ));
        }
        let total_w: f64 = self.weights.iter().sum();
        let resolved = self.resolve(margins, total_w)?;
        let nm = resolved.len();
        let n_levels: Vec<usize> = resolved.iter().map(|r| r.targets.len()).collect();
        // Raking cells: distinct combinations of margin levels.
        let n = self.n_rows();
        let radix_product = n_levels
            .iter()
            .try_fold(1usize, |acc, &l| acc.checked_mul(l.max(1)));
        let (combo, combo_cat) = match radix_product {
            Some(p) if p <= 1 << 22 => {
                let mut id = vec![u32::MAX; p];
                let mut cats = Vec::new();
                let mut combo = Vec::with_capacity(n);
                for i in 0..n {
                    let mut key = 0usize;
                    for r in &resolved {
                        key = key * r.targets.len() + r.codes[i] as usize;
                    }
                    if id[key] == u32::MAX {
                        id[key] = (cats.len() / nm) as u32;
                        cats.extend(resolved.iter().map(|r| r.codes[i]));
                    }
                    combo.push(id[key]);
                }
                (combo, cats)
            }
            _ => {
                let mut id: HashMap<Vec<u32>, u32, FxBuild> = HashMap::default();
                let mut cats = Vec::new();
                let mut combo = Vec::with_capacity(n);
                for i in 0..n {
                    let key: Vec<u32> = resolved.iter().map(|r| r.codes[i]).collect();
                    let next = (cats.len() / nm) as u32;
                    let c = *id.entry(key.clone()).or_insert_with(|| {
                        cats.extend(key.iter().copied());
                        next
                    });
                    combo.push(c);
                }
                (combo, cats)
            }
        };
        let n_combos = combo_cat.len() / nm.max(1);
        let mut rows_per_combo = vec![0.0; n_combos];
        for &c in &combo {
            rows_per_combo[c as usize] += 1.0;
        }
        let targets: Vec<Vec<f64>> = resolved.iter().map(|r| r.targets.clone()).collect();
        let mut w = self.weights.clone();
        let mut report = RakeReport {
            iterations: 0,
            largest_error: 0.0,
            min_weight: 0.0,
            max_weight: 0.0,
            kish_deff: 0.0,
            trim_rounds: 0,
            trimmed: 0,
        };
        let mut last;
        let mut round = 0u32;
        loop {
            // Base weight per raking cell, then fit.
            let mut base = vec![0.0; n_combos];
            for (i, &c) in combo.iter().enumerate() {
                base[c as usize] += w[i];
            }
            let fit = ipf(&base, &combo_cat, nm, &targets, options)?;
            report.iterations = fit.iterations;
            report.largest_error = fit.largest_error;
            last = fit.last;
            for (wi, &c) in w.iter_mut().zip(&combo) {
                *wi *= fit.factor[c as usize];
            }
            let Some(trim) = options.trim else { break };
            let mean = w.iter().sum::<f64>() / n as f64;
            let (lo, hi) = (trim.lower * mean, trim.upper * mean);
            let slack = 1e-9;
            let outside = w
                .iter()
                .filter(|&&x| x < lo * (1.0 - slack) || x > hi * (1.0 + slack))
                .count() as u64;
            if outside == 0 {
                break;
            }
            if round >= trim.max_rounds {
                let worst = w
                    .iter()
                    .map(|&x| (x / hi - 1.0).max(if lo > 0.0 { 1.0 - x / lo } else { 0.0 }))
                    .fold(0.0f64, f64::max);
                return Err(Error::new(ErrorKind::NotConverged {
                    what: format!(
                        "trimming to [{}, {}] × mean weight with re-raking ({outside} weights still outside)",
                        trim.lower, trim.upper
                    ),
                    iterations: round,
                    largest_error: worst,
                    tolerance: slack,
                }));
            }
            round += 1;
            report.trim_rounds = round;
            report.trimmed += outside;
            for x in w.iter_mut() {
                *x = x.clamp(lo, hi);
            }
        }
        let (mut mn, mut mx, mut s, mut s2) = (f64::INFINITY, 0.0f64, 0.0, 0.0);
        for &x in &w {
            mn = mn.min(x);
            mx = mx.max(x);
            s += x;
            s2 += x * x;
        }
        report.min_weight = mn;
        report.max_weight = mx;
        report.kish_deff = n as f64 * s2 / (s * s);
        let mut rows_per_level: Vec<Vec<f64>> = n_levels.iter().map(|&l| vec![0.0; l]).collect();
        for (c, rows) in rows_per_combo.iter().enumerate() {
            for m in 0..nm {
                rows_per_level[m][combo_cat[c * nm + m] as usize] += rows;
            }
        }
        let info = RakingInfo {
            combo,
            n_combos,
            combo_cat,
            n_levels,
            last,
            rows_per_level,
        };
        let design = Design {
            data: self.data.clone(),
            spec: self.spec.clone(),
            weights: w,
            layout: self.layout.clone(),
            raking: Some(std::sync::Arc::new(info)),
        };
        Ok(Raked { design, report })
    }

    /// Checks margins against the data and turns them into totals per data level.
    fn resolve<'a>(&'a self, margins: &'a Margins, total_w: f64) -> Result<Vec<Resolved<'a>>> {
        let mut out = Vec::new();
        let mut totals_sum: Option<(&str, f64)> = None;
        let mut variables: HashMap<&str, usize> = HashMap::new();
        for (mi, m) in margins.margins.iter().enumerate() {
            let err = |k: Option<usize>, which: Cell, problem: String| {
                margins.margin_error(m, k, which, problem)
            };
            if let Some(first) = variables.insert(m.variable.as_str(), mi) {
                return Err(err(
                    None,
                    Cell::Variable,
                    format!(
                        "given twice (margins {} and {}); give each variable's levels once",
                        first + 1,
                        mi + 1
                    ),
                ));
            }
            let (codes, levels) = self.data.category(&m.variable).map_err(|e| {
                match (e.position(), margins.place(m, None, Cell::Variable)) {
                    // A raking variable the data lacks: point at the margins file too.
                    (None, Some(p)) => Error::at(e.into_kind(), p),
                    _ => e,
                }
            })?;
            let mut bad = BadList::default();
            for (i, &c) in codes.iter().enumerate() {
                if c == MISSING {
                    bad.push(i, String::new);
                }
            }
            bad.error(&self.data, &m.variable, "a level to rake on")?;
            let mut seen: HashMap<&str, f64> = HashMap::new();
            for (k, (l, v)) in m.targets.iter().enumerate() {
                if !(v.is_finite() && *v >= 0.0) {
                    return Err(err(
                        Some(k),
                        Cell::Value,
                        format!("level \"{l}\": expected a non-negative number, found {v}"),
                    ));
                }
                if seen.insert(l.as_str(), *v).is_some() {
                    return Err(err(
                        Some(k),
                        Cell::Level,
                        format!("level \"{l}\" is given twice"),
                    ));
                }
            }
            let mut counts = vec![0u64; levels.len()];
            for &c in codes {
                counts[c as usize] += 1;
            }
            let not_in_targets: Vec<String> = levels
                .iter()
                .zip(&counts)
                .filter(|(l, _)| !seen.contains_key(l.as_str()))
                .map(|(l, n)| format!("\"{l}\" ({n} respondents)"))
                .collect();
            if !not_in_targets.is_empty() {
                return Err(err(
                    None,
                    Cell::Variable,
                    format!(
                        "the data has level{} {} that the margin does not list (margin levels: {})",
                        if not_in_targets.len() == 1 { "" } else { "s" },
                        not_in_targets.join(", "),
                        m.targets
                            .iter()
                            .map(|(l, _)| l.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            let empty: Vec<usize> = (0..m.targets.len())
                .filter(|&k| {
                    let (l, v) = &m.targets[k];
                    *v > 0.0 && !levels.iter().any(|x| x == l)
                })
                .collect();
            if let Some(&k0) = empty.first() {
                return Err(err(
                    Some(k0),
                    Cell::Level,
                    format!(
                        "no respondent has level{} {} (target > 0); data levels: {}",
                        if empty.len() == 1 { "" } else { "s" },
                        empty
                            .iter()
                            .map(|&k| format!("\"{}\"", m.targets[k].0))
                            .collect::<Vec<_>>()
                            .join(", "),
                        levels.join(", ")
                    ),
                ));
            }
            if let Some(k) = m
                .targets
                .iter()
                .position(|(l, v)| *v == 0.0 && levels.iter().any(|x| x == l))
            {
                return Err(err(
                    Some(k),
                    Cell::Value,
                    format!(
                        "level \"{}\" has target 0 but respondents in the data (drop them or give a positive target)",
                        m.targets[k].0
                    ),
                ));
            }
            margins.check_sum(m, &mut totals_sum)?;
            let targets: Vec<f64> = levels.iter().map(|l| seen[l.as_str()]).collect();
            out.push((
                m.kind,
                Resolved {
                    variable: &m.variable,
                    codes,
                    targets,
                },
            ));
        }
        let population = totals_sum.map_or(total_w, |(_, s)| s);
        Ok(out
            .into_iter()
            .map(|(kind, mut r)| {
                if kind == TargetKind::Shares {
                    for t in r.targets.iter_mut() {
                        *t *= population;
                    }
                }
                let _ = r.variable;
                r
            })
            .collect())
    }
}

struct Fit {
    factor: Vec<f64>,
    last: Vec<Vec<f64>>,
    iterations: u32,
    largest_error: f64,
}

/// IPF on the table of raking cells.
// The indices address several parallel tables (cells, levels, margins) at once.
#[allow(clippy::needless_range_loop)]
fn ipf(base: &[f64], cats: &[u32], nm: usize, targets: &[Vec<f64>], options: &Rake) -> Result<Fit> {
    let nc = base.len();
    let mut factor = vec![1.0; nc];
    let mut last: Vec<Vec<f64>> = targets.iter().map(|t| vec![1.0; t.len()]).collect();
    let current = |factor: &[f64], m: usize| {
        let mut s = vec![0.0; targets[m].len()];
        for c in 0..nc {
            s[cats[c * nm + m] as usize] += base[c] * factor[c];
        }
        s
    };
    let mut largest = f64::INFINITY;
    for it in 1..=options.max_iterations {
        for m in 0..nm {
            let s = current(&factor, m);
            let f: Vec<f64> = s
                .iter()
                .zip(&targets[m])
                .map(|(&cur, &t)| if cur > 0.0 { t / cur } else { 1.0 })
                .collect();
            for c in 0..nc {
                factor[c] *= f[cats[c * nm + m] as usize];
            }
            last[m] = f;
        }
        largest = 0.0;
        for (m, target) in targets.iter().enumerate().take(nm) {
            for (cur, t) in current(&factor, m).iter().zip(target) {
                if *t > 0.0 {
                    largest = largest.max((cur - t).abs() / t);
                }
            }
        }
        if largest <= options.tolerance {
            return Ok(Fit {
                factor,
                last,
                iterations: it,
                largest_error: largest,
            });
        }
    }
    Err(Error::new(ErrorKind::NotConverged {
        what: "raking".into(),
        iterations: options.max_iterations,
        largest_error: largest,
        tolerance: options.tolerance,
    }))
}
