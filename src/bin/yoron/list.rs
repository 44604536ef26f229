//! `yoron list series|questions|waves`: what the bundled data holds.

use std::io::Write;

use crate::table::{Format, write_csv, write_table};

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
    let series: Vec<yoron::SeriesRef<'_>> = match &args.series {
        Some(s) => vec![ds.series(s)?],
        None => ds.all_series().collect(),
    };
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match args.what {
        What::Series => (
            vec![
                "series",
                "name",
                "publisher",
                "waves",
                "questions",
                "figures",
            ],
            series
                .iter()
                .map(|s| {
                    vec![
                        s.id().to_string(),
                        s.info().name().to_string(),
                        s.info().publisher().to_string(),
                        s.waves().count().to_string(),
                        s.questions().count().to_string(),
                        s.figures().count().to_string(),
                    ]
                })
                .collect(),
        ),
        What::Questions => (
            vec![
                "series",
                "question",
                "response",
                "countries",
                "waves",
                "text",
            ],
            series
                .iter()
                .flat_map(|s| s.questions())
                .map(|q| {
                    let qq = q.question();
                    vec![
                        qq.series().to_string(),
                        qq.id().to_string(),
                        qq.response().to_string(),
                        q.countries()
                            .iter()
                            .map(|c| c.code())
                            .collect::<Vec<_>>()
                            .join(" "),
                        q.waves().len().to_string(),
                        qq.text().to_string(),
                    ]
                })
                .collect(),
        ),
        What::Waves => (
            vec![
                "series",
                "wave",
                "country",
                "fieldwork_start",
                "fieldwork_end",
                "n",
                "mode",
                "series_break",
            ],
            series
                .iter()
                .flat_map(|s| s.waves())
                .map(|w| {
                    let opt = |v: Option<String>| v.unwrap_or_default();
                    vec![
                        w.series().to_string(),
                        w.id().to_string(),
                        w.country().to_string(),
                        opt(w.fieldwork().start().map(|d| d.to_string())),
                        opt(w.fieldwork().end().map(|d| d.to_string())),
                        opt(w.n().map(|n| n.to_string())),
                        opt(w.mode().map(|m| m.to_string())),
                        w.series_break().unwrap_or_default().to_string(),
                    ]
                })
                .collect(),
        ),
    };
    match args.format {
        Format::Table => write_table(out, &header, &rows)?,
        Format::Csv => write_csv(out, &header, &rows)?,
        Format::Json => {
            let objs: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    header
                        .iter()
                        .zip(r)
                        .map(|(h, v)| (h.to_string(), serde_json::Value::String(v.clone())))
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &objs)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
