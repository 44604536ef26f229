//! `yoron list series|questions|waves`: what the data holds (the library's `Catalog`).

use std::io::Write;

use yoron::model::{Catalog, CatalogKind};

use crate::table::Format;

/// What to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// The series with publisher, waves and figure counts.
    Series,
    /// The questions with response format and wording.
    Questions,
    /// The waves (one per sample country) with fieldwork dates, n and mode.
    Waves,
}

/// List the bundled series, questions or waves.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to list.
    what: What,
    /// Only this series (genron_eai, yomiuri_hankook, gallup_korea, cabinet_office, yomiuri_gallup, eai_api).
    #[arg(long)]
    series: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    data: crate::data::DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.data.load()?;
    let kind = match args.what {
        What::Series => CatalogKind::Series,
        What::Questions => CatalogKind::Questions,
        What::Waves => CatalogKind::Waves,
    };
    let catalog = Catalog::new(&ds, kind, args.series.as_deref())?;
    match args.format {
        Format::Table => write!(out, "{catalog}")?,
        Format::Csv => catalog.write_csv(&mut *out)?,
        Format::Json => catalog.write_json(&mut *out)?,
    }
    Ok(())
}
