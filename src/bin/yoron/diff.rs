//! `yoron diff`: is the gap between two published figures real?

use std::io::Write;

use yoron::stats::{
    ConfidenceLevel, DiffMethod, DiffOptions, Difference, Estimate, Joint, Samples,
};

use crate::interval::{Format, sample_size, with_hint};

/// The difference between two figures, its interval and test.
#[derive(clap::Args)]
pub struct Args {
    /// The first figure in percent, as published
    #[arg(long, value_name = "PERCENT")]
    a: String,
    /// The first figure's sample size
    #[arg(long, value_name = "N")]
    na: Option<u32>,
    /// The second figure in percent, as published
    #[arg(long, value_name = "PERCENT")]
    b: String,
    /// The second figure's sample size (for --same-sample, defaults to --na)
    #[arg(long, value_name = "N")]
    nb: Option<u32>,
    /// A sample size to assume for a figure whose n is not given; the output marks it
    #[arg(long, value_name = "N")]
    assume_n: Option<u32>,
    /// The two figures are options of one question in one sample: single (one answer
    /// allowed) or multi (several answers allowed)
    #[arg(long, value_enum, value_name = "RESPONSE")]
    same_sample: Option<Response>,
    /// For --same-sample multi: the percent who chose both, if known (otherwise the
    /// result is conservative over every possible overlap)
    #[arg(long, value_name = "PERCENT", requires = "same_sample")]
    joint: Option<f64>,
    /// newcombe (default for independent samples), wald, agresti-caffo, wald-cc,
    /// hauck-anderson, mee or miettinen-nurminen; one sample takes wald only
    #[arg(long)]
    method: Option<String>,
    /// Confidence level: 0.95, 95 or 95%.
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Design effect of both samples (n_eff = n / deff)
    #[arg(long)]
    deff: Option<f64>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// The response format of the question behind two same-sample figures.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Response {
    /// One answer per respondent: the options exclude each other.
    Single,
    /// Several answers per respondent allowed.
    Multi,
}

/// Runs `yoron diff`.
pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let level = args.level;
    let samples = match (args.same_sample, args.joint) {
        (None, _) => Samples::Independent,
        (Some(Response::Single), None) => Samples::SameSingleResponse,
        (Some(Response::Single), Some(_)) => {
            anyhow::bail!("--joint only applies to --same-sample multi")
        }
        (Some(Response::Multi), None) => Samples::SameMultiResponse(Joint::Unknown),
        (Some(Response::Multi), Some(j)) => Samples::SameMultiResponse(Joint::Known(j / 100.0)),
    };
    let nb = match (args.nb, args.same_sample) {
        (None, Some(_)) => args.na,
        (nb, _) => nb,
    };
    let hint = "--na/--nb N, or --assume-n N to state an assumption";
    let figure = |text: &str, n: Option<u32>| -> anyhow::Result<Estimate> {
        let est = Estimate::parse_percent(text, sample_size(n, args.assume_n))
            .map_err(|e| with_hint(e, hint))?;
        Ok(match args.deff {
            Some(d) => est.with_deff(d)?,
            None => est,
        })
    };
    let a = figure(&args.a, args.na)?;
    let b = figure(&args.b, nb)?;
    let mut options = DiffOptions::new().level(level).samples(samples);
    if let Some(m) = &args.method {
        options = options.method(m.parse::<DiffMethod>()?);
    }
    let d = Difference::new(&a, &b, options)?;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &d)?;
            writeln!(out)?;
        }
        Format::Table => write!(out, "{}", d.explanation())?,
    }
    Ok(())
}
