//! The CSV, JSON and text-table forms of weight's results, defined once here so that the
//! CLI (`yoron estimate`, `crosstab`, `rake`) and library users write the same thing.
//!
//! Every result is a list of records with fixed columns. CSV writes numbers at full
//! precision (`{x}`, which reads back to the same `f64`); JSON writes one object per
//! record, keys in alphabetical order, numbers as JSON numbers (floating point, as the CLI
//! always printed them: `"df": 18.0`), missing values as `null`; the text table rounds.

use std::collections::BTreeMap;
use std::io::Write;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::error::{Error, Result};

/// One value of a record.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Field {
    /// A name: kept as text in every format (`null` in JSON when empty).
    Text(String),
    /// A count or degrees of freedom: written as an integer in CSV and text.
    Int(i64),
    /// A number, rounded to `digits` decimals in the text table.
    Num { value: f64, digits: usize },
    /// A number written in scientific notation in CSV and text (a convergence error).
    Sci(f64),
    /// No value: empty in CSV and text, `null` in JSON.
    Empty,
}

impl Field {
    pub(crate) fn num(value: f64, digits: usize) -> Field {
        Field::Num { value, digits }
    }

    pub(crate) fn opt(value: Option<f64>, digits: usize) -> Field {
        value.map_or(Field::Empty, |v| Field::num(v, digits))
    }

    /// Full precision, for CSV.
    fn csv(&self) -> String {
        match self {
            Field::Text(s) => s.clone(),
            Field::Int(n) => n.to_string(),
            Field::Num { value, .. } => format!("{value}"),
            Field::Sci(x) => format!("{x:e}"),
            Field::Empty => String::new(),
        }
    }

    /// Rounded, for reading.
    fn text(&self) -> String {
        match self {
            Field::Num { value, digits } => format!("{value:.digits$}"),
            other => other.csv(),
        }
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            // An empty cell is `null`, whatever its column.
            Field::Text(t) if t.is_empty() => s.serialize_none(),
            Field::Text(t) => s.serialize_str(t),
            // The CLI's JSON always held every number as a float (`18.0`); keep it so.
            Field::Int(n) => s.serialize_f64(*n as f64),
            Field::Num { value: x, .. } | Field::Sci(x) if x.is_finite() => s.serialize_f64(*x),
            Field::Num { .. } | Field::Sci(_) | Field::Empty => s.serialize_none(),
        }
    }
}

/// One record: its cells under fixed column names.
pub(crate) struct Record<'a> {
    pub(crate) columns: &'a [&'a str],
    pub(crate) cells: Vec<Field>,
}

impl Record<'_> {
    pub(crate) fn csv(&self) -> Vec<String> {
        self.cells.iter().map(Field::csv).collect()
    }

    pub(crate) fn text(&self) -> Vec<String> {
        self.cells.iter().map(Field::text).collect()
    }
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let map: BTreeMap<&str, &Field> = self.columns.iter().copied().zip(&self.cells).collect();
        map.serialize(s)
    }
}

/// Serializes records as a JSON array (or any serde sequence).
pub(crate) fn serialize_records<'a, S: Serializer>(
    records: impl ExactSizeIterator<Item = Record<'a>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(records.len()))?;
    for r in records {
        seq.serialize_element(&r)?;
    }
    seq.end()
}

/// Writes a header and records as CSV (`\n` line ends, quotes only where needed).
pub(crate) fn write_csv<'a, W: Write>(
    out: W,
    columns: &[&str],
    records: impl IntoIterator<Item = Record<'a>>,
) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    // Records of strings with the header's length: the only failure left is the writer's.
    let csv_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::from(std::io::Error::other(format!("{other:?}"))),
    };
    w.write_record(columns).map_err(csv_err)?;
    for r in records {
        w.write_record(r.csv()).map_err(csv_err)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: Vec<Field>) -> Record<'static> {
        Record {
            columns: &["b", "a", "c", "d"],
            cells,
        }
    }

    #[test]
    fn json_keys_sorted_numbers_as_floats_empty_as_null() {
        let r = record(vec![
            Field::Int(18),
            Field::Text(String::new()),
            Field::num(f64::NAN, 2),
            Field::Sci(1.5e-12),
        ]);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"a":null,"b":18.0,"c":null,"d":1.5e-12}"#
        );
    }

    #[test]
    fn csv_full_precision_text_rounded() {
        let r = record(vec![
            Field::Text("JP, KR".into()),
            Field::num(0.1 + 0.2, 4),
            Field::Empty,
            Field::Sci(7.596099749207497e-12),
        ]);
        assert_eq!(
            r.csv(),
            ["JP, KR", "0.30000000000000004", "", "7.596099749207497e-12"]
        );
        assert_eq!(r.text(), ["JP, KR", "0.3000", "", "7.596099749207497e-12"]);
        let mut out = Vec::new();
        write_csv(&mut out, &["b", "a", "c", "d"], [r]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "b,a,c,d\n\"JP, KR\",0.30000000000000004,,7.596099749207497e-12\n"
        );
    }
}
