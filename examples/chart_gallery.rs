//! Draws every chart kind, in English, Japanese and Korean, as SVG and PNG, from published
//! 2015–2024 figures (see `tests/chart/demo.rs`).
//!
//! `cargo run --example chart_gallery -- OUT_DIR` (default: `yoron-chart-gallery` in the
//! system's temporary folder). Japanese and Korean need a CJK font (`apt-get install
//! fonts-noto-cjk`, or `YORON_FONT=/path/to/font`); without one they are skipped with the
//! reason.

#[path = "../tests/chart/demo.rs"]
mod demo;

use yoron::chart::Lang;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = match std::env::args_os().nth(1) {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join("yoron-chart-gallery"),
    };
    std::fs::create_dir_all(&dir)?;
    for lang in Lang::ALL {
        // Each kind at the default width and narrow (480 px), where wrapping is tested.
        let charts: [(&str, Box<dyn Fn(u32) -> yoron::Result<(String, Vec<u8>)>>); 5] = [
            ("threat", Box::new(move |w| Ok((demo::threat(lang).width(w).to_svg_string()?, demo::threat(lang).width(w).to_png_bytes()?)))),
            ("gap", Box::new(move |w| Ok((demo::gap(lang).width(w).to_svg_string()?, demo::gap(lang).width(w).to_png_bytes()?)))),
            ("trend", Box::new(move |w| Ok((demo::trend(lang).width(w).to_svg_string()?, demo::trend(lang).width(w).to_png_bytes()?)))),
            ("distribution", Box::new(move |w| Ok((demo::distribution(lang).width(w).to_svg_string()?, demo::distribution(lang).width(w).to_png_bytes()?)))),
            ("change", Box::new(move |w| Ok((demo::change(lang).width(w).to_svg_string()?, demo::change(lang).width(w).to_png_bytes()?)))),
        ];
        for (name, draw) in charts {
            for (suffix, width) in [("", 900), ("_narrow", 480)] {
                match draw(width) {
                    Ok((svg, png)) => {
                        std::fs::write(dir.join(format!("{name}_{lang}{suffix}.svg")), svg)?;
                        std::fs::write(dir.join(format!("{name}_{lang}{suffix}.png")), png)?;
                    }
                    Err(e) if lang != Lang::En && matches!(e.kind(), yoron::ErrorKind::NoFont { .. }) => {
                        eprintln!("skipped {name} ({lang}): {e}");
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
