//! `yoron show SERIES QUESTION`: the published figures of one question, with sources.

use std::io::Write;

use yoron::label::Lang;

use crate::table::Format;

/// Show the published figures of one question, wave by wave, with their sources.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Series id (genron_eai, yomiuri_hankook, gallup_korea, cabinet_office, yomiuri_gallup, eai_api).
    series: String,
    /// Question id (see `yoron list questions --series SERIES`).
    question: String,
    /// Only this sample country (JP or KR).
    #[arg(long)]
    country: Option<yoron::Country>,
    /// Only this wave: an id (2016_4th, FY2016), a year (2016) or a range (2016-01..2017-12).
    #[arg(long)]
    wave: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the table's labels (question, options): en, ja or ko. CSV and JSON keep ids.
    #[arg(long, default_value = "en")]
    lang: Lang,
    #[command(flatten)]
    data: crate::data::DataArgs,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.data.load()?;
    let q = ds.series(&args.series)?.question(&args.question)?;
    // No --wave means every wave.
    let toplines = match &args.wave {
        Some(w) => q.toplines(w, args.country)?,
        None => q.select_all(args.country),
    };
    if toplines.is_empty() {
        anyhow::bail!(
            "no wave of {} {} matches{}{} (waves: {})",
            args.series,
            args.question,
            args.wave
                .as_ref()
                .map(|w| format!(" --wave {w}"))
                .unwrap_or_default(),
            args.country
                .map(|c| format!(" --country {c}"))
                .unwrap_or_default(),
            q.waves()
                .iter()
                .map(|w| format!("{} {}", w.id(), w.country()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let figures = yoron::Figures::new(&toplines);
    match args.format {
        Format::Csv => figures.write_csv(&mut *out)?,
        Format::Json => figures.write_json(&mut *out)?,
        Format::Table => write!(out, "{}", figures.in_lang(args.lang))?,
    }
    Ok(())
}
