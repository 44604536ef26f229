//! `yoron rake`: rake a respondent file's weights to population margins and write the file
//! back with a `raked_weight` column.

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::{Margins, Rake, RakeReport, Trim, write_with_columns};

use crate::estimate::{DesignArgs, Progress};
use crate::table::{Format, write_table};

/// Rake the weights to margins (iterative proportional fitting) and write OUT with a
/// `raked_weight` column; every row kept, in order.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    design: DesignArgs,
    /// Margins (CSV: variable,category,total or variable,category,share).
    #[arg(long)]
    margins: PathBuf,
    /// Output file (same format as --data).
    #[arg(long)]
    out: PathBuf,
    /// Largest relative error allowed in any margin.
    #[arg(long, default_value_t = 1e-7)]
    tolerance: f64,
    /// Most sweeps over all margins.
    #[arg(long, default_value_t = 100, alias = "max-iter")]
    max_iterations: u32,
    /// Trim weights to LOW,HIGH × the mean weight between rakes (e.g. 0.2,5).
    #[arg(long, value_delimiter = ',', num_args = 1)]
    trim: Option<Vec<f64>>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let margins = Margins::from_csv_path(&args.margins)?;
    let mut options = Rake::new()
        .tolerance(args.tolerance)
        .max_iterations(args.max_iterations);
    match args.trim.as_deref() {
        None => {}
        Some([lo, hi]) if *lo >= 0.0 && lo <= hi => options = options.trim(Trim::new(*lo, *hi)),
        Some(v) => anyhow::bail!(
            "--trim: expected LOW,HIGH with 0 <= LOW <= HIGH (multiples of the mean weight), found {}",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
    let progress = Progress::start();
    let design = args.design.design(&margins.columns(), None, &progress)?;
    progress.stage("raking".to_string());
    let raked = design.rake(&margins, &options)?;
    progress.stage(format!("writing {}", args.out.display()));
    // A replicate design writes its raked replicates too (raked_<column>), so that
    // `estimate --weight raked_weight --repweights '^raked_…'` reads the raked design.
    let design = raked.design();
    let replicate_columns: Vec<String> = design
        .replicates()
        .map(|(_, names)| names.iter().map(|n| format!("raked_{n}")).collect())
        .unwrap_or_default();
    let replicate_weights: Vec<std::borrow::Cow<'_, [f64]>> = (0..replicate_columns.len())
        .filter_map(|r| design.replicate_weights(r))
        .collect();
    let mut columns: Vec<(&str, &[f64])> = vec![("raked_weight", design.weights())];
    columns.extend(
        replicate_columns
            .iter()
            .map(String::as_str)
            .zip(replicate_weights.iter().map(|w| &**w)),
    );
    write_with_columns(&args.design.data, &args.out, &columns)?;
    progress.finish();
    let report = raked.report();
    match args.format {
        Format::Table => write_table(out, &RakeReport::COLUMNS, &report.text_records())?,
        Format::Csv => report.write_csv(&mut *out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
