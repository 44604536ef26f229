//! `yoron rake`: rake a respondent file's weights to population margins and write the file
//! back with a `raked_weight` column.

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::{Margins, Rake, RakeReport, Trim, write_with_column};

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
    if args.design.repweights.is_some() {
        // The output would hold raked full-sample weights beside unraked replicates.
        anyhow::bail!(
            "rake --out writes one raked weight column, not raked replicate weights: rake a replicate design inline with `yoron estimate --rake MARGINS` or `yoron crosstab --rake MARGINS` (each replicate raked, as R's rake on a svrepdesign)"
        );
    }
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
    write_with_column(
        &args.design.data,
        &args.out,
        "raked_weight",
        raked.design().weights(),
    )?;
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
