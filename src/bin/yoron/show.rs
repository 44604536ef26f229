//! `yoron show SERIES QUESTION`: the published figures of one question, with sources.

use std::io::Write;

use yoron::label::{Lang, Text};

use crate::table::{Format, write_csv, write_table};

/// The columns of `show --format csv`, named as in the tidy format.
pub const COLUMNS: [&str; 15] = [
    "series",
    "wave",
    "country",
    "fieldwork_start",
    "fieldwork_end",
    "published",
    "n",
    "question",
    "response",
    "option",
    "option_kind",
    "percent",
    "source",
    "source_kind",
    "conflict",
];

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
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut json: Vec<String> = Vec::new();
    for t in &toplines {
        for f in t.all_figures() {
            let w = f.wave();
            let opt = |v: Option<String>| v.unwrap_or_default();
            let row = vec![
                w.series().to_string(),
                w.id().to_string(),
                w.country().to_string(),
                opt(w.fieldwork().start().map(|d| d.to_string())),
                opt(w.fieldwork().end().map(|d| d.to_string())),
                opt(w.published().map(|d| d.to_string())),
                opt(w.n().map(|n| n.to_string())),
                f.question().id().to_string(),
                f.question().response().to_string(),
                f.option().to_string(),
                f.option_kind().to_string(),
                f.percent().to_string(),
                f.source().publication().to_string(),
                f.source().kind().to_string(),
                opt(f.conflict().map(|c| c.to_string())),
            ];
            if args.format == Format::Json {
                let mut obj = String::from("{");
                for (i, (k, v)) in COLUMNS.iter().zip(&row).enumerate() {
                    let value = match *k {
                        // Numbers exactly as published (59.0 stays 59.0).
                        "percent" => v.clone(),
                        "n" if v.is_empty() => "null".to_string(),
                        "n" => v.clone(),
                        _ => serde_json::to_string(v)?,
                    };
                    if i > 0 {
                        obj.push_str(", ");
                    }
                    obj.push_str(&format!("\"{k}\": {value}"));
                }
                obj.push('}');
                json.push(obj);
            }
            rows.push(row);
        }
    }
    match args.format {
        Format::Csv => write_csv(out, &COLUMNS, &rows)?,
        Format::Json => writeln!(out, "[\n  {}\n]", json.join(",\n  "))?,
        Format::Table => {
            let first = toplines[0].question();
            let lang = args.lang;
            writeln!(out, "{}", Text::for_question(first).get(lang))?;
            writeln!(out, "{}", Text::for_wording(first).get(lang))?;
            if first.response() == yoron::ResponseFormat::Multiple {
                writeln!(
                    out,
                    "multiple answers allowed: figures may sum to more than 100 %"
                )?;
            }
            writeln!(out)?;
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let fieldwork = match (r[3].as_str(), r[4].as_str()) {
                        ("", "") => "not published".to_string(),
                        (a, b) if a == b => a.to_string(),
                        (a, b) => format!("{a} – {b}"),
                    };
                    let mark = match r[14].as_str() {
                        "alternative" => "  (alternative source)",
                        "preferred" => "  (preferred; sources differ)",
                        _ => "",
                    };
                    vec![
                        r[1].clone(),
                        r[2].clone(),
                        fieldwork,
                        if r[6].is_empty() {
                            "?".into()
                        } else {
                            r[6].clone()
                        },
                        Text::for_option(&r[0], &r[7], &r[9]).get(lang).to_string(),
                        format!("{}{mark}", r[11]),
                        format!("{} [{}]", r[12], r[13]),
                    ]
                })
                .collect();
            write_table(
                out,
                &[
                    "wave",
                    "country",
                    "fieldwork",
                    "n",
                    "option",
                    "percent",
                    "source",
                ],
                &table,
            )?;
        }
    }
    Ok(())
}
