//! `yoron interval`: the confidence interval and margin of error of one published figure.

use std::io::Write;

use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, FigureInterval, SampleSizeSource};

/// Confidence interval and margin of error of one figure.
#[derive(clap::Args)]
pub struct Args {
    /// The figure in percent as published; its decimals give the rounding range
    /// (38 may be 37.5 to 38.5)
    #[arg(
        long,
        value_name = "PERCENT",
        conflicts_with = "count",
        allow_hyphen_values = true
    )]
    percent: Option<String>,
    /// The number of respondents giving the answer (instead of --percent)
    #[arg(long, value_name = "COUNT")]
    count: Option<u32>,
    /// The published sample size
    #[arg(long, value_name = "N")]
    n: Option<u32>,
    /// A sample size to assume when none is published; the output marks it as assumed
    #[arg(long, value_name = "N", conflicts_with = "n")]
    assume_n: Option<u32>,
    /// wald, wilson, wilson-cc, agresti-coull, clopper-pearson, jeffreys, logit, mid-p or
    /// wald-cc
    #[arg(long, default_value = "wilson")]
    method: String,
    /// Confidence level: 0.95, 95 or 95%.
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Design effect: the interval uses n_eff = n / deff
    #[arg(long, conflicts_with = "n_eff")]
    deff: Option<f64>,
    /// Effective sample size (instead of --deff)
    #[arg(long, value_name = "N_EFF")]
    n_eff: Option<f64>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// How to print the result.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// One JSON object.
    Json,
}

/// The sample size from `--n` / `--assume-n`.
pub fn sample_size(n: Option<u32>, assume_n: Option<u32>) -> SampleSizeSource {
    match (n, assume_n) {
        (Some(n), _) => SampleSizeSource::Published(n),
        (None, Some(n)) => SampleSizeSource::Assumed(n),
        (None, None) => SampleSizeSource::Unknown,
    }
}

/// Turns the library's "no sample size" into one that names the options to pass.
pub fn with_hint(err: yoron::Error, flags: &str) -> anyhow::Error {
    if matches!(err.kind(), yoron::ErrorKind::UnknownSampleSize { .. }) {
        anyhow::anyhow!("{err} (give {flags})")
    } else {
        err.into()
    }
}

/// Runs `yoron interval`.
pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let method: CiMethod = args.method.parse()?;
    let n = sample_size(args.n, args.assume_n);
    let est = match (&args.percent, args.count) {
        (Some(p), _) => Estimate::parse_percent(p, n),
        (None, Some(c)) => Estimate::from_count(c, n),
        (None, None) => anyhow::bail!("give the figure with --percent or --count"),
    }
    .map_err(|e| with_hint(e, "--n N, or --assume-n N to state an assumption"))?;
    let est = match (args.deff, args.n_eff) {
        (Some(d), _) => est.with_deff(d)?,
        (None, Some(ne)) => est.with_n_eff(ne)?,
        (None, None) => est,
    };
    let result = FigureInterval::new(&est, method, args.level);
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &result)?;
            writeln!(out)?;
        }
        Format::Table => write!(out, "{result}")?,
    }
    Ok(())
}
