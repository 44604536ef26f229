//! `yoron pool`: one trend per public from all sources, with house effects.

use std::io::Write;

use yoron::pool::{KnownValue, Polls, PoolOptions, TimeUnit};
use yoron::stats::ConfidenceLevel;

use crate::table::Format;

/// Pool the polls of a concept (or of one question across your files) into one latent
/// trend per public, with each house's offset (exact diffuse Kalman filter and smoother,
/// maximum-likelihood σ).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A concept of the bundled data (e.g. positive_view_of_other, relations_bad); omit with --data.
    concept: Option<String>,
    /// The sample country (JP or KR).
    #[arg(long)]
    country: String,
    #[command(flatten)]
    data: crate::data::DataArgs,
    /// The question id: every series that asks it with --option is a house (instead of a CONCEPT).
    #[arg(long)]
    question: Option<String>,
    /// The option id (with --question).
    #[arg(long)]
    option: Option<String>,
    /// The time unit of σ: day, week, month or year.
    #[arg(long, default_value = "day")]
    unit: String,
    /// Fix this house's effect at 0 instead of making the effects sum to zero.
    #[arg(long)]
    anchor: Option<String>,
    /// An exact value of the trend, DATE=PERCENT (repeatable); every house is then free.
    #[arg(long)]
    known: Vec<String>,
    /// Leave out polls before this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Leave out polls after this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Confidence level of the bands and effect intervals (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// A sample size to assume where the source publishes none (every output lists those waves).
    #[arg(long)]
    assume_n: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn date(flag: &str, s: &str) -> anyhow::Result<jiff::civil::Date> {
    s.parse()
        .map_err(|_| anyhow::anyhow!("argument {flag}: expected a date YYYY-MM-DD, found \"{s}\""))
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let country: yoron::Country = args.country.parse()?;
    let mut opts = PoolOptions::new()
        .unit(args.unit.parse::<TimeUnit>()?)
        .level(args.level);
    if let Some(a) = &args.anchor {
        opts = opts.anchor(a);
    }
    for k in &args.known {
        opts = opts.known(k.parse::<KnownValue>()?);
    }
    if let Some(n) = args.assume_n {
        opts = opts.assume_n(n);
    }
    if let Some(f) = &args.from {
        opts = opts.from(date("--from", f)?);
    }
    if let Some(t) = &args.to {
        opts = opts.to(date("--to", t)?);
    }
    let hint = |e: yoron::Error| -> anyhow::Error {
        if matches!(e.kind(), yoron::ErrorKind::UnknownSampleSize { .. }) {
            anyhow::anyhow!("{e} (--assume-n N)")
        } else {
            e.into()
        }
    };
    let ds = args.data.load()?;
    let polls = match (&args.concept, &args.question, &args.option) {
        (Some(c), None, None) => Polls::from_concept(&ds, c, country, &opts).map_err(hint)?,
        (None, Some(q), Some(o)) => {
            Polls::from_question(&ds, q, o, country, &opts).map_err(hint)?
        }
        (Some(_), _, _) => anyhow::bail!("give a CONCEPT or --question Q --option O, not both"),
        (None, Some(_), None) | (None, None, Some(_)) => {
            anyhow::bail!("--question and --option go together")
        }
        (None, None, None) => anyhow::bail!(
            "give a CONCEPT (one of: {}) or --data FILE --question Q --option O",
            yoron::compare::CONCEPTS
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let pooled = polls.fit(&opts)?;
    match args.format {
        Format::Table => write!(out, "{pooled}")?,
        Format::Csv => write!(out, "{}", pooled.to_csv())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &pooled)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
