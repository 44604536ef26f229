//! `yoron rake`: rake a respondent file's weights to population margins and write the file
//! back with a `raked_weight` column.

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::{Margins, Rake, Trim, write_with_column};

use crate::estimate::{DesignArgs, Progress, num, write_json};
use crate::table::{Format, write_csv, write_table};

/// Rake the weights to margins (iterative proportional fitting) and write OUT with a
/// `raked_weight` column; every row kept, in order.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    design: DesignArgs,
    /// Margins (CSV: variable,level,total or variable,level,share).
    #[arg(long)]
    margins: PathBuf,
    /// Output file (same format as --data).
    #[arg(long)]
    out: PathBuf,
    /// Largest relative error allowed in any margin.
    #[arg(long, default_value_t = 1e-7)]
    tolerance: f64,
    /// Most sweeps over all margins.
    #[arg(long, default_value_t = 100)]
    max_iter: u32,
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
        .max_iterations(args.max_iter);
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
    let r = raked.report();
    let (lo, hi) = r.weight_range();
    let f = args.format;
    let header = ["measure", "value"];
    let rows: Vec<Vec<String>> = vec![
        vec!["respondents".into(), raked.design().n_rows().to_string()],
        vec!["iterations".into(), r.iterations().to_string()],
        vec![
            "largest_margin_error".into(),
            format!("{:e}", r.largest_error()),
        ],
        vec!["min_weight".into(), num(lo, f, 4)],
        vec!["max_weight".into(), num(hi, f, 4)],
        vec!["max_min_ratio".into(), num(hi / lo, f, 2)],
        vec!["kish_deff".into(), num(r.kish_deff(), f, 4)],
        vec!["efficiency".into(), num(r.efficiency(), f, 4)],
        vec!["trim_rounds".into(), r.trim_rounds().to_string()],
        vec!["trimmed".into(), r.trimmed().to_string()],
    ];
    match f {
        Format::Table => write_table(out, &header, &rows)?,
        Format::Csv => write_csv(out, &header, &rows)?,
        Format::Json => write_json(out, &header, &rows)?,
    }
    Ok(())
}
