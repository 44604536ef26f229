//! Reading the tidy format from JSON: an array of objects keyed by column name.

use std::io::Read;
use std::path::Path;

use super::schema::{RawRow, map_header, raw_row};
use super::validate::build_from_text;
use crate::error::{ErrorKind, Position, Problems, Result};
use crate::fs::{read_all, read_file};
use crate::model::Dataset;

/// Reads the tidy JSON format (an array of row objects) into raw rows.
pub(super) fn json_rows(text: &str, problems: &mut Problems) -> Vec<RawRow> {
    let items: Vec<&serde_json::value::RawValue> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.at(
                ErrorKind::InvalidValue {
                    expected: "a JSON array of row objects".to_string(),
                    found: e.to_string(),
                },
                // serde_json counts columns from 1 but says 0 before a line's first byte.
                Position::at_line(e.line() as u64).with_column(e.column().max(1) as u64),
            );
            return Vec::new();
        }
    };
    if items.is_empty() {
        problems.at(
            ErrorKind::Empty {
                found: "an empty array".to_string(),
            },
            Position::at_line(1),
        );
    }
    let base = text.as_ptr() as usize;
    let mut rows = Vec::new();
    for item in items {
        let offset = (item.get().as_ptr() as usize).saturating_sub(base);
        let (line, column) = line_col(text, offset);
        let obj: Members<'_> = match serde_json::from_str(item.get()) {
            Ok(o) => o,
            Err(_) => {
                problems.at(
                    ErrorKind::InvalidValue {
                        expected: "a JSON object with the tidy format's columns as keys"
                            .to_string(),
                        found: item.get().chars().take(60).collect(),
                    },
                    Position::at_line(line).with_column(column),
                );
                continue;
            }
        };
        let keys: Vec<String> = obj.0.iter().map(|(k, _)| k.clone()).collect();
        let mut header_problems = Problems::default();
        let map = map_header(&keys, line, &mut header_problems);
        // As in a CSV file with a bad header, the row's values are not checked as well.
        let mut row_ok = header_problems.is_empty();
        for mut p in header_problems.into_list() {
            if let Some(pos) = p.position_mut() {
                *pos = pos.clone().with_column(column);
            }
            problems.push(p);
        }
        let mut fields: Vec<String> = Vec::with_capacity(keys.len());
        for (k, v) in &obj.0 {
            let raw = v.get();
            let value = if raw.starts_with('"') {
                match serde_json::from_str::<String>(raw) {
                    Ok(s) => s,
                    Err(_) => {
                        // A lone surrogate escape ("\ud800") is valid JSON syntax but no
                        // text: say so rather than read the value as empty.
                        let inner = raw
                            .strip_prefix('"')
                            .and_then(|r| r.strip_suffix('"'))
                            .unwrap_or(raw);
                        problems.at(
                            ErrorKind::InvalidValue {
                                expected: "a JSON string of Unicode text (a \\u escape from d800 to dfff must be half of a surrogate pair)".to_string(),
                                found: inner.to_string(),
                            },
                            Position::cell(line, column, k),
                        );
                        row_ok = false;
                        String::new()
                    }
                }
            } else if raw == "null" {
                String::new()
            } else {
                raw.to_string()
            };
            fields.push(value);
        }
        if !row_ok {
            continue;
        }
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mut row = raw_row(Position::at_line(line), &refs, &map);
        // JSON has no columns: point every cell at the row object's opening brace.
        for c in row.cols.iter_mut() {
            if *c != 0 {
                *c = column;
            }
        }
        rows.push(row);
    }
    rows
}

/// A JSON object's members in input order. A map would keep only the last of two equal
/// keys and drop the other value silently; this keeps both, for the header check to report.
struct Members<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visitor)
    }
}

fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[start..].chars().count() as u64 + 1)
}

impl Dataset {
    /// Reads the tidy JSON format (an array of objects keyed by column name) from a file.
    ///
    /// # Errors
    /// As [`Dataset::from_csv_path`]; positions point at each row object.
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("polls.json");
    /// yoron::datasets::bundled().write_json_path(&path)?;
    /// assert_eq!(yoron::Dataset::from_json_path(&path)?.len(), 867);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_path(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        Dataset::from_json_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Reads the tidy JSON format from a reader.
    ///
    /// # Errors
    /// As [`Dataset::from_json_path`].
    ///
    /// # Example
    /// ```
    /// let json = r#"[{"series": "genron_eai", "wave": "2016_4th", "country": "KR",
    ///   "question": "military_threat", "response": "multi", "option": "japan", "percent": 38}]"#;
    /// let ds = yoron::Dataset::from_json_reader(json.as_bytes())?;
    /// assert_eq!(ds.figures().next().map(|f| f.percent().to_string()), Some("38".into()));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_json_reader<R: Read>(reader: R) -> Result<Dataset> {
        let bytes = read_all(reader)?;
        Dataset::from_json_bytes(&bytes)
    }

    fn from_json_bytes(bytes: &[u8]) -> Result<Dataset> {
        build_from_text(bytes, json_rows)
    }
}
