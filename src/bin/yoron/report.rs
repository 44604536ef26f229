//! `yoron report`: the offline HTML report of all four bundled series.

use std::io::Write;

use std::path::PathBuf;
use yoron::stats::ConfidenceLevel;

/// Write one self-contained HTML report (charts, comparisons, the paper's claims,
/// provenance) and every chart as SVG and PNG.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to write into (created if missing).
    #[arg(long, default_value = "report")]
    out: PathBuf,
    /// Language of headings and chart labels: en, ja or ko.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Confidence level of every interval and test in the report (the text says which) (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    #[command(flatten)]
    data: crate::data::DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let lang: yoron::chart::Lang = args.lang.parse()?;
    let written = yoron::report::Report::new(&*args.data.load()?)
        .lang(lang)
        .options(yoron::compare::CompareOptions::new().level(args.level))
        .write(&args.out)?;
    for p in &written {
        writeln!(out, "wrote {}", p.display())?;
    }
    if let Some(index) = written.last() {
        writeln!(out, "open {} in a browser", index.display())?;
    }
    Ok(())
}
