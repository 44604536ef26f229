//! `yoron`: the command-line face of the yoron library. Thin: parses, calls, prints.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod diff;
mod interval;

/// Analyse Japan–South Korea public-opinion polls from the command line.
#[derive(Parser)]
#[command(name = "yoron", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Confidence interval and margin of error of one published figure
    Interval(interval::Args),
    /// Difference between two figures: interval, test, rounding check
    Diff(diff::Args),
}

fn run(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    match &cli.command {
        Command::Interval(args) => interval::run(args, out),
        Command::Diff(args) => diff::run(args, out),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
