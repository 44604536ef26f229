//! Several tidy files as one dataset, alone or on top of the bundled data.
//!
//! The rows of all inputs are validated together by the one validator, each row keeping its
//! file and line, so every problem names its file, and a figure of one file that clashes
//! with a figure of another is reported with both places.
//!
//! Across inputs, two rules make adding a wave or a question to a series practical:
//! - a wave or question column left empty in a later input takes the value the earlier
//!   input states (a new question of a bundled wave need not repeat its fieldwork and n);
//!   a value that differs is an error, as within one file;
//! - a figure that an earlier input already holds is a clash, an error, unless the later
//!   input marks its row as a conflict (`preferred` or `alternative`, from a different
//!   source): the earlier, unmarked figure then takes the other role.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::csv::csv_rows;
use super::schema::{
    CONFLICT, CONFLICT_NOTE, COUNTRY, OPTION, PUBLISHER, QUESTION, RawRow, SERIES, WAVE,
};
use super::validate::build;
use crate::error::{Error, ErrorKind, Problems, Result};
use crate::fs::read_file;
use crate::model::Dataset;

/// One input: where it comes from and its raw rows, each row's position carrying the path.
struct Input {
    rows: Vec<RawRow>,
}

/// True when the file is read as JSON: its name ends in `.json` (any case).
pub(crate) fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads one file into raw rows, the path on every position; reading problems (not UTF-8,
/// malformed CSV or JSON, a bad header) go to `problems`, with the path.
fn read_input(path: &Path, problems: &mut Vec<Error>) -> Input {
    let fail = |e: Error, problems: &mut Vec<Error>| {
        problems.extend(e.with_path(path).into_problems());
        Input { rows: Vec::new() }
    };
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(e) => return fail(e, problems),
    };
    let text = match crate::csv_text::utf8(&bytes) {
        Ok(t) => t,
        Err(e) => return fail(e, problems),
    };
    let mut found = Problems::default();
    let rows_of = if is_json(path) {
        super::json::json_rows
    } else {
        csv_rows
    };
    let rows = rows_of(text, &mut found)
        .into_iter()
        .map(|mut r| {
            r.at = r.at.with_path(path);
            r
        })
        .collect();
    if !found.is_empty() {
        return fail(found.into_error(), problems);
    }
    Input { rows }
}

/// The bundled files as inputs, the publisher of each bundled series filled in (the
/// bundled files leave it to `data/series.csv`) so that a user's row stating it agrees.
fn bundled_inputs() -> Result<Vec<Input>> {
    let ds = crate::datasets::bundled();
    crate::datasets::FILES
        .iter()
        .map(|(name, text)| {
            let path = PathBuf::from(format!("{name} (bundled)"));
            let mut problems = Problems::default();
            let mut rows = csv_rows(text, &mut problems);
            if !problems.is_empty() {
                return Err(problems.into_error().with_path(&path));
            }
            for r in &mut rows {
                r.at = r.at.clone().with_path(&path);
                if let Ok(s) = ds.series(&r.cells[SERIES]) {
                    r.cells[PUBLISHER] = s.info().publisher().to_string();
                }
            }
            Ok(Input { rows })
        })
        .collect()
}

/// Validates the inputs' rows together and builds one dataset.
fn combine(inputs: Vec<Input>) -> Result<Dataset> {
    let mut rows: Vec<RawRow> = Vec::new();
    // Which input each row came from, for the clash rule.
    let mut input_of: Vec<usize> = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        input_of.extend(std::iter::repeat_n(i, input.rows.len()));
        rows.extend(input.rows);
    }
    mark_cross_input_conflicts(&mut rows, &input_of);
    build(rows, Problems::default())
}

/// Where a later input marks a figure that an earlier input holds unmarked as a conflict,
/// gives the earlier figure the other role: `alternative` when the later input prefers its
/// own figure, else `preferred`. Anything else (an unmarked clash, two preferred) is left
/// for the validator to report with both places.
fn mark_cross_input_conflicts(rows: &mut [RawRow], input_of: &[usize]) {
    let key = |r: &RawRow| {
        [SERIES, WAVE, COUNTRY, QUESTION, OPTION].map(|c| r.cells[c].trim().to_string())
    };
    let mut groups: HashMap<[String; 5], Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        groups.entry(key(r)).or_default().push(i);
    }
    for g in groups.values().filter(|g| g.len() > 1) {
        let first_input = input_of[g[0]];
        let (earlier, later): (Vec<usize>, Vec<usize>) =
            g.iter().partition(|&&i| input_of[i] == first_input);
        let marked = |i: usize| !rows[i].cells[CONFLICT].trim().is_empty();
        if later.is_empty()
            || earlier.len() != 1
            || marked(earlier[0])
            || !later.iter().all(|&i| marked(i))
        {
            continue;
        }
        let later_prefers = later
            .iter()
            .any(|&i| rows[i].cells[CONFLICT].trim() == "preferred");
        // The reason the later file gives explains both rows.
        if rows[earlier[0]].cells[CONFLICT_NOTE].trim().is_empty()
            && let Some(note) = later
                .iter()
                .map(|&i| rows[i].cells[CONFLICT_NOTE].clone())
                .find(|n| !n.trim().is_empty())
        {
            rows[earlier[0]].cells[CONFLICT_NOTE] = note;
        }
        rows[earlier[0]].cells[CONFLICT] = if later_prefers {
            "alternative"
        } else {
            "preferred"
        }
        .to_string();
    }
}

/// Reads every file; returns them all, or every file's reading problems together.
fn read_inputs<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Input>> {
    let mut problems: Vec<Error> = Vec::new();
    let inputs: Vec<Input> = paths
        .iter()
        .map(|p| read_input(p.as_ref(), &mut problems))
        .collect();
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(Error::new(ErrorKind::Invalid { problems }))
    }
}

impl Dataset {
    /// Reads one or more tidy files (CSV, or JSON when the name ends in `.json`) as one
    /// dataset, validated together.
    ///
    /// Each file must be valid on its own; then a wave or question column a later file
    /// leaves empty takes the value an earlier file states, and a figure that an earlier
    /// file already holds is an error unless the later file marks its row `preferred` or
    /// `alternative` (the earlier figure then takes the other role).
    ///
    /// # Errors
    /// Every problem of every file, each with its file, line and column; nothing is loaded
    /// when any file has a problem.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    /// let header = "series,publisher,wave,country,n,question,response,option,percent,source\n";
    /// std::fs::write(&a, format!("{header}my_poll,Me,2024,US,1000,trust,single,yes,40,Report 2024\n"))?;
    /// std::fs::write(&b, format!("{header}my_poll,,2025,US,1000,trust,single,yes,45,Report 2025\n"))?;
    /// let ds = yoron::Dataset::from_paths(&[&a, &b])?;
    /// assert_eq!(ds.len(), 2);
    /// assert_eq!(ds.series("my_poll")?.waves().count(), 2);
    ///
    /// // The same figure twice, unmarked, is a clash with both places.
    /// let err = yoron::Dataset::from_paths(&[&a, &a]).unwrap_err();
    /// assert!(err.to_string().contains("duplicate figure for my_poll 2024 US trust yes"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
        if let [one] = paths {
            let one = one.as_ref();
            // One file reads exactly as `validate` reads it (positions without repeating
            // the file name on every line of a message).
            return if is_json(one) {
                Dataset::from_json_path(one)
            } else {
                Dataset::from_csv_path(one)
            };
        }
        combine(read_inputs(paths)?)
    }

    /// The bundled data with the files added ([`crate::datasets::bundled_with`]).
    pub(crate) fn bundled_with<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
        let bundled = crate::datasets::bundled();
        let mut inputs = bundled_inputs()?;
        inputs.extend(read_inputs(paths)?);
        let mut ds = combine(inputs)?;
        for (id, info) in &mut ds.series {
            if let Ok(s) = bundled.series(id.as_str()) {
                *info = s.info().clone();
            }
        }
        ds.breaks = bundled.breaks.clone();
        Ok(ds)
    }
}
