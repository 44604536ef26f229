//! Plain aligned text tables for the terminal, and the shared `--format` flag.

use std::io::Write;

/// How a command prints its result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for reading.
    #[default]
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON.
    Json,
}

/// Writes rows as a left-aligned table with a header and a rule under it (at most 160
/// columns wide), in the library's one text-table format.
pub fn write_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let mut t = yoron::table::TextTable::new(header.iter().copied()).max_rule(160);
    for r in rows {
        t.push(r.iter().map(String::as_str));
    }
    write!(out, "{t}")
}
