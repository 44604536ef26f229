//! `yoron validate FILE`: check a tidy CSV or JSON file and report every problem.

use std::io::Write;
use std::path::PathBuf;

/// Check a file in the tidy format (CSV, or JSON when it ends in .json) and list every
/// problem with its line and column.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to check.
    file: PathBuf,
    /// Check the file as an addition to the bundled data (as `--data FILE --with-bundled`
    /// reads it): clashes with bundled figures, conflicts marked against them.
    #[arg(long)]
    with_bundled: bool,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = if args.with_bundled {
        yoron::datasets::bundled_with(std::slice::from_ref(&args.file))?
    } else {
        yoron::Dataset::from_paths(std::slice::from_ref(&args.file))?
    };
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
