//! `yoron validate FILE`: check a tidy CSV or JSON file and report every problem.

use std::io::Write;
use std::path::PathBuf;

/// Check a file in the tidy format (CSV, or JSON when it ends in .json) and list every
/// problem with its line and column.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to check.
    file: PathBuf,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = load(&args.file)?;
    writeln!(
        out,
        "{}: ok: {} figures, {} series, {} waves, {} questions",
        args.file.display(),
        ds.len(),
        ds.series_ids().count(),
        ds.all_series().map(|s| s.waves().count()).sum::<usize>(),
        ds.all_series()
            .map(|s| s.questions().count())
            .sum::<usize>(),
    )?;
    Ok(())
}

/// Reads a tidy file, as JSON when its name ends in `.json`, else as CSV.
pub fn load(path: &std::path::Path) -> yoron::Result<yoron::Dataset> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        yoron::Dataset::from_json_path(path)
    } else {
        yoron::Dataset::from_csv_path(path)
    }
}
