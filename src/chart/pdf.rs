//! Vector PDF charts (feature `pdf`): the chart's SVG converted by `svg2pdf`, text kept as
//! text in the font the chart was measured with, embedded as a subset.
//!
//! The SVG names a list of font families for browsers; here every family resolves to the
//! chart's own face (the file [`Font`] found or was given), so the PDF is laid out with the
//! metrics the chart was measured with and carries the glyphs itself: it shows Japanese and
//! Korean on a machine with no CJK font.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use svg2pdf::usvg::{self, fontdb};

use super::Font;
use super::scene::Scene;
use crate::{Error, ErrorKind, Result};

/// The dots per inch the chart's pixels are set at: CSS pixels, as the PNG says (96 dpi
/// times its scale), so a 900 px wide chart is a 9.375 in (675 pt) wide page.
pub(crate) const DPI: f32 = 96.0;

/// The largest page side in points a PDF reader must open (PDF 1.7, ISO 32000-1 Annex C.2:
/// 14 400 units, 200 in); a chart is at most 10 000 px = 7 500 pt wide, but its fitted
/// height has no bound of its own.
pub(crate) const MAX_PAGE_POINTS: f64 = 14_400.0;

/// Draws the scene as a one-page vector PDF.
pub(crate) fn to_pdf(scene: &Scene) -> Result<Vec<u8>> {
    page_size(scene)?;
    let svg = super::scene::to_svg(scene)?;
    let (db, regular, bold) = database(scene.font)?;
    let mut options = usvg::Options {
        fontdb: db,
        ..usvg::Options::default()
    };
    // Every family of the SVG's list (and any character's fallback) is the chart's face;
    // the SVG marks text bold only when the bold face exists and covers it.
    options.font_resolver = usvg::FontResolver {
        select_font: Box::new(move |font, _| match bold {
            Some(b) if font.weight() >= 600 => Some(b),
            _ => Some(regular),
        }),
        select_fallback: Box::new(move |_, _, _| Some(regular)),
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(pdf_error)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: DPI },
    )
    .map_err(pdf_error)
}

/// Refuses a page a reader may not open, before drawing.
fn page_size(scene: &Scene) -> Result<()> {
    let points = |px: f64| px * 72.0 / f64::from(DPI);
    let (w, h) = (points(scene.width), points(scene.height));
    if w > MAX_PAGE_POINTS || h > MAX_PAGE_POINTS {
        return Err(Error::invalid_argument(
            "size",
            format!(
                "a PDF page of at most {MAX_PAGE_POINTS} pt a side ({} px at {DPI} dpi; lower the size, or draw SVG)",
                MAX_PAGE_POINTS * f64::from(DPI) / 72.0
            ),
            format!(
                "{:.0} × {:.0} px = {w:.0} × {h:.0} pt",
                scene.width, scene.height
            ),
        ));
    }
    Ok(())
}

/// A font database holding the chart's face (and its bold sibling), loaded once per font
/// file and kept: a Noto CJK collection is 19 MB and has five faces to parse.
type Faces = (Arc<fontdb::Database>, fontdb::ID, Option<fontdb::ID>);

fn database(font: Font) -> Result<Faces> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Faces>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().map_err(|_| {
        Error::new(ErrorKind::Chart {
            message: "the PDF font cache was poisoned by a panic in another thread".into(),
        })
    })?;
    let path = font.path().to_path_buf();
    if let Some(faces) = cache.get(&path) {
        return Ok(faces.clone());
    }
    let mut db = fontdb::Database::new();
    let regular = load_first_face(&mut db, &path)?.ok_or_else(|| {
        Error::new(ErrorKind::Chart {
            message: format!("the PDF converter found no face in font {}", path.display()),
        })
    })?;
    // A bold sibling that cannot be read or parsed is left out: text is then regular, as
    // in the SVG and PNG, whose bold face is optional too.
    let bold = super::font::bold_sibling(&path)
        .and_then(|b| load_first_face(&mut db, &b).ok())
        .flatten();
    let faces = (Arc::new(db), regular, bold);
    cache.insert(path, faces.clone());
    Ok(faces)
}

/// Loads a font file into the database, in memory, and returns its first face (a .ttc's
/// index 0, the face the chart was measured with, as ab_glyph loads it).
///
/// In memory rather than by path: fontdb opens and maps a file source anew each time it
/// hands out the face's data, which usvg asks for per glyph; by path a chart's PDF took
/// 80–170 ms, in memory 43–62 ms (`benches/charts.rs`, release, busy 2-core machine).
fn load_first_face(db: &mut fontdb::Database, path: &Path) -> Result<Option<fontdb::ID>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
    Ok(ids
        .into_iter()
        .find(|id| db.face(*id).is_some_and(|f| f.index == 0)))
}

fn pdf_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Chart {
        message: format!("PDF conversion failed: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_limit_is_200_inches() {
        assert_eq!(MAX_PAGE_POINTS / 72.0, 200.0);
        assert_eq!(MAX_PAGE_POINTS * f64::from(DPI) / 72.0, 19_200.0);
    }

    #[test]
    fn a_page_above_the_limit_is_refused_before_drawing() {
        let font = Font::find("abc").expect("a Latin font (apt-get install fonts-dejavu-core)");
        let mut scene = Scene::new(900.0, 19_300.0, font);
        scene.text(10.0, 10.0, "abc", super::super::scene::Look::new(12.0));
        let e = to_pdf(&scene).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidArgument { .. }), "{e}");
        assert!(
            e.to_string().contains("900 × 19300 px = 675 × 14475 pt"),
            "{e}"
        );
        let ok = Scene::new(900.0, 19_200.0, font);
        assert!(to_pdf(&ok).unwrap().starts_with(b"%PDF-"));
    }
}
