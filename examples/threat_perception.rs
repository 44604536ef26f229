//! Which countries do Japanese and Koreans see as a military threat? The 2016 Genron NPO /
//! East Asia Institute joint poll, as an option chart (each country's figure with its
//! Wilson interval) and a gap chart (Japan − South Korea with the Newcombe interval of the
//! gap table), in English, Japanese and Korean, as SVG and PNG.
//!
//! `cargo run --example threat_perception -- OUT_DIR` (default:
//! `yoron-examples/threat_perception` in the system's temporary folder). Japanese and Korean
//! need a CJK font (`apt-get install fonts-noto-cjk`, or `YORON_FONT=/path/to/font`); without
//! one they are skipped with the reason.

use std::path::{Path, PathBuf};
use yoron::chart::Chart as _;

use yoron::chart::{GapChart, Lang, OptionChart};
use yoron::compare::{CompareOptions, GapTable};

/// Draws both charts in every language into `dir` and returns the files written.
pub fn run(dir: &Path) -> yoron::Result<Vec<PathBuf>> {
    let threat = yoron::datasets::genron_eai().question("military_threat")?;
    let opts = CompareOptions::new();
    let options = OptionChart::for_wave(&threat, "2016", &opts)?;
    let gaps = GapChart::new(&GapTable::for_wave(&threat, "2016", opts)?);
    let mut written = Vec::new();
    for lang in Lang::ALL {
        let stem = |name: &str| dir.join(format!("{name}_2016_{lang}"));
        let drawn = (|| -> yoron::Result<Vec<PathBuf>> {
            let (a, b) = (stem("threat"), stem("gap"));
            let files = [
                a.with_extension("svg"),
                a.with_extension("png"),
                b.with_extension("svg"),
                b.with_extension("png"),
            ];
            options
                .clone()
                .lang(lang)
                .save_as(&files[0], yoron::chart::ImageFormat::Svg)?;
            options
                .clone()
                .lang(lang)
                .save_as(&files[1], yoron::chart::ImageFormat::Png)?;
            gaps.clone()
                .lang(lang)
                .save_as(&files[2], yoron::chart::ImageFormat::Svg)?;
            gaps.clone()
                .lang(lang)
                .save_as(&files[3], yoron::chart::ImageFormat::Png)?;
            Ok(files.to_vec())
        })();
        match drawn {
            Ok(files) => written.extend(files),
            Err(e) if lang != Lang::En && is_font_missing(&e) => {
                eprintln!("skipped the {lang} charts: {e}");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}

/// True when no font for Japanese or Korean text is installed.
fn is_font_missing(e: &yoron::Error) -> bool {
    matches!(
        e.kind(),
        yoron::ErrorKind::NoFont { .. } | yoron::ErrorKind::MissingGlyphs { .. }
    )
}

#[allow(dead_code)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir()
            .join("yoron-examples")
            .join("threat_perception"),
    };
    std::fs::create_dir_all(&dir)?;
    for path in run(&dir)? {
        println!("{}", path.display());
    }
    Ok(())
}
