//! `yoron crosstab`: a weighted two-way table with Rao–Scott tests (R `svychisq`).

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::{Crosstab, Margins};

use crate::estimate::{DesignArgs, Progress};
use crate::table::{Format, write_table};

/// Cross-tabulate two columns of a respondent file, with Rao–Scott tests of independence.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    design: DesignArgs,
    /// Row variable.
    #[arg(long)]
    row: String,
    /// Column variable.
    #[arg(long)]
    col: String,
    /// Rake the weights to these margins first (CSV: variable,level,total or variable,level,share).
    #[arg(long)]
    rake: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let margins = args.rake.as_ref().map(Margins::from_csv_path).transpose()?;
    let progress = Progress::start();
    let design = args.design.design(
        &Crosstab::columns(&args.row, &args.col),
        margins.as_ref(),
        &progress,
    )?;
    progress.stage("cross-tabulating".to_string());
    let t = design.crosstab(&args.row, &args.col)?;
    progress.finish();
    match args.format {
        Format::Table => {
            // Cell percentages of the population, then the tests.
            let header = t.text_header();
            let h: Vec<&str> = header.iter().map(String::as_str).collect();
            write_table(out, &h, &t.text_records())?;
            writeln!(out)?;
            for line in t.tests_text() {
                writeln!(out, "{line}")?;
            }
        }
        Format::Csv => t.write_csv(&mut *out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &t)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
