//! Fifty years of Japanese feelings toward South Korea, China and the United States (the
//! Cabinet Office Survey on Diplomacy, with the FY2020 change from face-to-face interviews to
//! a postal survey marked), and the Genron NPO / EAI mutual impressions: Japan's view of
//! South Korea next to South Korea's view of Japan. English, Japanese and Korean; SVG and PNG.
//!
//! Several waves publish no sample size, so the intervals assume one (1,800 for the Cabinet
//! Office, 1,000 for the joint poll); the charts say which waves and what n.
//!
//! `cargo run --example affinity_trend -- OUT_DIR` (default: `yoron-examples/affinity_trend`
//! in the system's temporary folder).

use std::path::{Path, PathBuf};
use yoron::chart::Chart as _;

use yoron::Country;
use yoron::chart::{Lang, Text, TrendChart};
use yoron::compare::{CompareOptions, Mirror};

/// Draws both charts in every language into `dir` and returns the files written.
pub fn run(dir: &Path) -> yoron::Result<Vec<PathBuf>> {
    let co = yoron::datasets::cabinet_office();
    let trends = ["affinity_korea", "affinity_china", "affinity_us"]
        .iter()
        .map(|q| co.question(q)?.trend(Country::JP, "feel_total"))
        .collect::<yoron::Result<Vec<_>>>()?;
    let affinity = TrendChart::from_trends(&trends, &CompareOptions::new().assume_n(1800))?.title(
        Text::new("Japanese who feel affinity toward South Korea, China and the United States")
            .ja("韓国・中国・アメリカに親しみを感じる日本人の割合")
            .ko("한국·중국·미국에 친근감을 느끼는 일본인의 비율"),
    );
    let impression = yoron::datasets::genron_eai().question("impression_of_other")?;
    let mirror = Mirror::new(
        &impression,
        "good_total",
        CompareOptions::new().assume_n(1000),
    )?;
    let mutual = TrendChart::from_mirror(&mirror)?;

    let mut written = Vec::new();
    for lang in Lang::ALL {
        let drawn = (|| -> yoron::Result<Vec<PathBuf>> {
            let mut files = Vec::new();
            for (name, chart) in [("affinity", &affinity), ("mutual_impressions", &mutual)] {
                let svg = dir.join(format!("{name}_{lang}.svg"));
                let png = dir.join(format!("{name}_{lang}.png"));
                chart
                    .clone()
                    .lang(lang)
                    .save_as(&svg, yoron::chart::ImageFormat::Svg)?;
                chart
                    .clone()
                    .lang(lang)
                    .save_as(&png, yoron::chart::ImageFormat::Png)?;
                files.extend([svg, png]);
            }
            Ok(files)
        })();
        match drawn {
            Ok(files) => written.extend(files),
            Err(e)
                if lang != Lang::En
                    && matches!(
                        e.kind(),
                        yoron::ErrorKind::NoFont { .. } | yoron::ErrorKind::MissingGlyphs { .. }
                    ) =>
            {
                eprintln!("skipped the {lang} charts: {e}");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}

#[allow(dead_code)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir()
            .join("yoron-examples")
            .join("affinity_trend"),
    };
    std::fs::create_dir_all(&dir)?;
    for path in run(&dir)? {
        println!("{}", path.display());
    }
    Ok(())
}
