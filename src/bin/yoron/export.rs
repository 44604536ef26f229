//! `yoron export`: the whole bundled dataset in the tidy format.

use std::io::Write;
use std::path::PathBuf;

/// File formats of the tidy data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    /// CSV (the canonical form).
    #[default]
    Csv,
    /// JSON: an array of row objects.
    Json,
}

/// Write the whole bundled dataset (or your --data files, merged; with --with-bundled, both) in the tidy format that `validate` and the loader read.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write to this file instead of standard output (written whole or not at all).
    #[arg(long)]
    out: Option<PathBuf>,
    /// File format (default: json when --out ends in .json, else csv).
    #[arg(long, value_enum)]
    format: Option<DataFormat>,
    #[command(flatten)]
    data: crate::data::DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.data.load()?;
    let format = args.format.unwrap_or_else(|| match &args.out {
        Some(p)
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json")) =>
        {
            DataFormat::Json
        }
        _ => DataFormat::Csv,
    });
    match (&args.out, format) {
        (Some(path), DataFormat::Csv) => ds.write_csv_path(path)?,
        (Some(path), DataFormat::Json) => ds.write_json_path(path)?,
        (None, DataFormat::Csv) => ds.write_csv(&mut *out)?,
        (None, DataFormat::Json) => ds.write_json(&mut *out)?,
    }
    if let Some(path) = &args.out {
        eprintln!("wrote {} figures to {}", ds.len(), path.display());
    }
    Ok(())
}
