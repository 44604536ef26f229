//! `yoron`: the command-line face of the yoron library. Thin: parses, calls, prints.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[cfg(feature = "chart")]
mod chart;
mod compare;
#[cfg(feature = "polars")]
mod crosstab;
mod data;
#[cfg(feature = "polars")]
mod describe;
mod diff;
#[cfg(feature = "polars")]
mod estimate;
mod export;
mod interval;
mod list;
mod pool;
#[cfg(feature = "polars")]
mod rake;
#[cfg(feature = "polars")]
mod regress;
#[cfg(feature = "polars")]
mod replicate;
#[cfg(feature = "chart")]
mod report;
mod show;
mod table;
mod validate;

/// Analyse Japan–South Korea public-opinion polls from the command line.
#[derive(Parser)]
#[command(name = "yoron", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the offline HTML report of all bundled series (charts, comparisons, claims).
    #[cfg(feature = "chart")]
    Report(report::Args),
    /// List the bundled series, questions or waves.
    List(list::Args),
    /// Show the published figures of one question, with sources.
    Show(show::Args),
    /// Check a tidy CSV or JSON file and list every problem.
    Validate(validate::Args),
    /// Write the whole bundled dataset in the tidy format.
    Export(export::Args),
    /// Japan vs Korea on one question and wave: gaps with intervals, p and verdicts.
    Compare(compare::CompareArgs),
    /// One sample's options in order, with statistical ties grouped.
    Rank(compare::RankArgs),
    /// One country's answers in two waves: change, interval, p, series breaks.
    Change(compare::ChangeArgs),
    /// Japan's view of Korea next to Korea's view of Japan, wave by wave.
    Mirror(compare::MirrorArgs),
    /// The paper's claims checked against the bundled data.
    Claims(compare::ClaimsArgs),
    /// Confidence interval and margin of error of one published figure
    Interval(interval::Args),
    /// Difference between two figures: interval, test, rounding check
    Diff(diff::Args),
    /// One trend per public from all sources, with house effects (Kalman filter, ML σ)
    Pool(pool::Args),
    /// A chart of the bundled data as SVG or PNG: threat, gap, trend, distribution, change
    #[cfg(feature = "chart")]
    Chart(chart::Args),
    /// The variables of a respondent file: name, label, type, value labels, missing values.
    #[cfg(feature = "polars")]
    Describe(describe::Args),
    /// Design-based estimates from a respondent file (R svymean, svyby, svyciprop).
    #[cfg(feature = "polars")]
    Estimate(estimate::Args),
    /// Weighted two-way table with Rao–Scott tests from a respondent file (R svychisq).
    #[cfg(feature = "polars")]
    Crosstab(crosstab::Args),
    /// Rake a respondent file's weights to population margins.
    #[cfg(feature = "polars")]
    Rake(rake::Args),
    /// Survey-weighted regression from a respondent file (R svyglm, regTermTest).
    #[cfg(feature = "polars")]
    Regress(regress::Args),
    /// Create replicate weights from strata and PSUs (R as.svrepdesign) and write them out.
    #[cfg(feature = "polars")]
    Replicate(replicate::Args),
}

fn run(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    match &cli.command {
        #[cfg(feature = "chart")]
        Command::Report(a) => report::run(a, out),
        Command::List(a) => list::run(a, out),
        Command::Show(a) => show::run(a, out),
        Command::Validate(a) => validate::run(a, out),
        Command::Export(a) => export::run(a, out),
        Command::Compare(a) => compare::run_compare(a, out),
        Command::Rank(a) => compare::run_rank(a, out),
        Command::Change(a) => compare::run_change(a, out),
        Command::Mirror(a) => compare::run_mirror(a, out),
        Command::Claims(a) => compare::run_claims(a, out),
        Command::Interval(args) => interval::run(args, out),
        Command::Diff(args) => diff::run(args, out),
        Command::Pool(args) => pool::run(args, out),
        #[cfg(feature = "chart")]
        Command::Chart(args) => chart::run(args, out),
        #[cfg(feature = "polars")]
        Command::Describe(a) => describe::run(a, out),
        #[cfg(feature = "polars")]
        Command::Estimate(a) => estimate::run(a, out),
        #[cfg(feature = "polars")]
        Command::Crosstab(a) => crosstab::run(a, out),
        #[cfg(feature = "polars")]
        Command::Rake(a) => rake::run(a, out),
        #[cfg(feature = "polars")]
        Command::Regress(a) => regress::run(a, out),
        #[cfg(feature = "polars")]
        Command::Replicate(a) => replicate::run(a, out),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version and the help for a bare `yoron` print as clap prints them.
        Err(e)
            if !e.use_stderr()
                || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            e.exit()
        }
        Err(e) => {
            eprintln!("yoron: {}", one_line(&e));
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = run(&cli, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`yoron export | head`) is not an error for the user.
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("yoron: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A usage error on one line like yoron's other errors: clap spreads its message, the
/// possible values, tips and usage over several lines.
fn one_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let mut message = String::new();
    let mut usage = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage: ") {
            usage = Some(u.to_string());
        } else if !line.starts_with("For more information") {
            let line = line.strip_prefix("error: ").unwrap_or(line);
            let sep = if message.is_empty() {
                ""
            } else if line.starts_with("tip:") {
                "; "
            } else {
                " "
            };
            message.push_str(sep);
            message.push_str(line);
        }
    }
    match usage {
        Some(u) => format!("{message} (usage: {u})"),
        None => format!("{message} (see --help)"),
    }
}
