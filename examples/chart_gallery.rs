//! Draws every chart kind, in English, Japanese and Korean, as SVG and PNG, at the default
//! width and narrow (480 px), from published 2015–2024 figures (see `tests/chart/demo.rs`).
//!
//! `cargo run --example chart_gallery -- OUT_DIR` (default: `yoron-chart-gallery` in the
//! system's temporary folder). Japanese and Korean need a CJK font (`apt-get install
//! fonts-noto-cjk`, or `YORON_FONT=/path/to/font`); without one they are skipped with the
//! reason.

#[path = "../tests/chart/demo.rs"]
mod demo;

use yoron::chart::Chart as _;
use yoron::chart::Lang;

const KINDS: [&str; 5] = ["threat", "gap", "trend", "distribution", "change"];

/// One chart as SVG and PNG.
fn draw(kind: &str, lang: Lang, width: u32) -> yoron::Result<(String, Vec<u8>)> {
    macro_rules! both {
        ($chart:expr) => {{
            let chart = $chart.width(width);
            Ok((chart.to_svg()?, chart.to_png()?))
        }};
    }
    match kind {
        "threat" => both!(demo::threat(lang)),
        "gap" => both!(demo::gap(lang)),
        "trend" => both!(demo::trend(lang)),
        "distribution" => both!(demo::distribution(lang)),
        _ => both!(demo::change(lang)),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = match std::env::args_os().nth(1) {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join("yoron-chart-gallery"),
    };
    std::fs::create_dir_all(&dir)?;
    for lang in Lang::ALL {
        for kind in KINDS {
            for (suffix, width) in [("", 900), ("_narrow", 480)] {
                match draw(kind, lang, width) {
                    Ok((svg, png)) => {
                        std::fs::write(dir.join(format!("{kind}_{lang}{suffix}.svg")), svg)?;
                        std::fs::write(dir.join(format!("{kind}_{lang}{suffix}.png")), png)?;
                    }
                    Err(e)
                        if lang != Lang::En
                            && matches!(e.kind(), yoron::ErrorKind::NoFont { .. }) =>
                    {
                        eprintln!("skipped {kind} ({lang}): {e}");
                        break;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    eprintln!("charts written to {}", dir.display());
    Ok(())
}
