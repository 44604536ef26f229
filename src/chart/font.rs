//! Finding, loading and checking the font a chart is measured and drawn with.
//!
//! plotters measures every string with a registered font even when it writes SVG, and it
//! has no per-glyph fallback: one face must cover every label of a chart. So yoron picks the
//! face per chart, from the text the chart will draw, and refuses to draw with a face that
//! lacks a glyph (instead of drawing tofu boxes or blank labels).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ab_glyph::{Font as _, FontRef, ScaleFont as _};

use crate::{Error, ErrorKind, Position, Result};

/// The environment variable that names a font file to use for every chart.
pub const FONT_ENV: &str = "YORON_FONT";

/// What to do when no font covers the text.
const HINT: &str = "install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk) or pass a font file that covers the text with --font FILE or the YORON_FONT environment variable";

/// A font file known on common systems, with the family name a browser knows it by.
struct Known {
    path: &'static str,
    css: &'static str,
}

/// System fonts tried in order: faces covering Japanese and Korean first, then
/// single-script CJK faces, then Latin-only faces for charts without CJK text.
const KNOWN: &[Known] = &[
    // fonts-noto-cjk (Debian, Ubuntu); the .ttc's first face is the JP one, which has Hangul.
    Known {
        path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        css: "Noto Sans CJK JP",
    },
    Known {
        path: "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        css: "Noto Sans CJK JP",
    },
    Known {
        path: "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        css: "Noto Sans CJK JP",
    },
    // fonts-wqy-microhei: small, Japanese and Korean with Chinese glyph shapes.
    Known {
        path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        css: "WenQuanYi Micro Hei",
    },
    Known {
        path: "/Library/Fonts/Arial Unicode.ttf",
        css: "Arial Unicode MS",
    },
    // Japanese only.
    Known {
        path: "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        css: "IPAexGothic",
    },
    Known {
        path: "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
        css: "IPAGothic",
    },
    Known {
        path: "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
        css: "Hiragino Sans",
    },
    Known {
        path: "C:\\Windows\\Fonts\\YuGothM.ttc",
        css: "Yu Gothic",
    },
    // Korean only (Nanum lacks Japanese shinjitai such as 党).
    Known {
        path: "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        css: "NanumGothic",
    },
    Known {
        path: "/System/Library/Fonts/AppleSDGothicNeo.ttc",
        css: "Apple SD Gothic Neo",
    },
    Known {
        path: "C:\\Windows\\Fonts\\malgun.ttf",
        css: "Malgun Gothic",
    },
    // Latin only.
    Known {
        path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        css: "DejaVu Sans",
    },
    Known {
        path: "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        css: "DejaVu Sans",
    },
    Known {
        path: "/usr/share/fonts/TTF/DejaVuSans.ttf",
        css: "DejaVu Sans",
    },
    Known {
        path: "/System/Library/Fonts/Helvetica.ttc",
        css: "Helvetica",
    },
    Known {
        path: "C:\\Windows\\Fonts\\arial.ttf",
        css: "Arial",
    },
];

/// The SVG font-family list after the measured face: CJK faces found on common systems.
const CSS_FALLBACK: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Hiragino Sans",
    "Apple SD Gothic Neo",
    "Malgun Gothic",
    "Yu Gothic",
    "sans-serif",
];

/// A font face loaded for charts: a font file, parsed once per process and kept.
///
/// Charts find one themselves (see [`Font::find`]); pass one with the charts' `font` method
/// to choose it (the CLI's `--font FILE`). A font is loaded once per path and kept for the
/// rest of the process, since the drawing library needs the bytes for the whole run.
///
/// # Example
/// ```
/// use yoron::chart::Font;
/// // Whatever font this machine has for Latin text:
/// if let Ok(font) = Font::find("Japan 80 %") {
///     assert!(font.missing("Japan").is_empty());
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Font(&'static Loaded);

struct Loaded {
    path: PathBuf,
    /// The name under which plotters knows this face.
    family: String,
    /// The name under which browsers know this face, when it is a known system font.
    css: Option<&'static str>,
    regular: FontRef<'static>,
    bold: Option<FontRef<'static>>,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font").field("path", &self.0.path).finish()
    }
}

impl PartialEq for Font {
    fn eq(&self, other: &Font) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

fn cache() -> &'static Mutex<HashMap<PathBuf, &'static Loaded>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, &'static Loaded>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

impl Font {
    /// Loads a TrueType or OpenType font file (`.ttf`, `.otf`, or the first face of a
    /// `.ttc`).
    ///
    /// # Errors
    /// An I/O error when the file cannot be read; an invalid-value error, with the path,
    /// when it is not a font.
    ///
    /// # Example
    /// ```
    /// let err = yoron::chart::Font::from_path("/no/such/font.ttf").unwrap_err();
    /// assert!(err.is_io());
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Font> {
        load(path.as_ref(), None)
    }

    /// Finds a font that can draw every character of `text`: the file named by the
    /// `YORON_FONT` environment variable when it is set, else the first known system font
    /// that covers the text (Noto Sans CJK, WenQuanYi Micro Hei, IPA, Nanum, …, DejaVu Sans).
    ///
    /// # Errors
    /// [`ErrorKind::NoFont`] naming the package to install when no system font covers the
    /// text; [`ErrorKind::MissingGlyphs`] when the `YORON_FONT` file lacks some characters;
    /// the errors of [`Font::from_path`] for that file.
    ///
    /// # Example
    /// ```
    /// match yoron::chart::Font::find("日本 한국") {
    ///     Ok(font) => assert!(font.missing("日本 한국").is_empty()),
    ///     Err(e) => assert!(e.to_string().contains("fonts-noto-cjk")),
    /// }
    /// ```
    pub fn find(text: &str) -> Result<Font> {
        choose(
            None,
            std::env::var_os(FONT_ENV).map(PathBuf::from),
            KNOWN,
            text,
        )
    }

    /// The font file.
    ///
    /// # Example
    /// ```
    /// if let Ok(font) = yoron::chart::Font::find("Japan") {
    ///     assert!(font.path().exists());
    /// }
    /// ```
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The characters of `text` this font has no glyph for (spaces and controls aside),
    /// each once, in order of appearance.
    ///
    /// # Example
    /// ```
    /// if let Ok(font) = yoron::chart::Font::find("abc") {
    ///     assert!(font.missing("abc").is_empty());
    /// }
    /// ```
    pub fn missing(&self, text: &str) -> Vec<char> {
        missing_in(&self.0.regular, text)
    }

    /// The name plotters knows this face by.
    pub(crate) fn family(&self) -> &'static str {
        &self.0.family
    }

    /// The SVG `font-family` value: this face's family when known, then common CJK faces.
    pub(crate) fn css_families(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        if let Some(css) = self.0.css {
            names.push(css);
        }
        for n in CSS_FALLBACK {
            if !names.contains(n) {
                names.push(n);
            }
        }
        names
            .iter()
            .map(|n| {
                if n.contains(' ') {
                    format!("'{n}'")
                } else {
                    (*n).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The face to draw `text` with: bold when asked for and the bold face covers it.
    pub(crate) fn face(&self, text: &str, bold: bool) -> &'static FontRef<'static> {
        match &self.0.bold {
            Some(b) if bold && missing_in(b, text).is_empty() => b,
            _ => &self.0.regular,
        }
    }

    /// The ab_glyph scale for a CSS font size of `em` px (ab_glyph scales by the height
    /// from descender to ascender, CSS by the em square).
    pub(crate) fn px_scale(face: &FontRef<'static>, em: f64) -> ab_glyph::PxScale {
        let upem = face.units_per_em().unwrap_or(1000.0);
        ab_glyph::PxScale::from((em as f32) * face.height_unscaled() / upem)
    }

    /// The advance width of `text` at a CSS font size of `size` px.
    pub(crate) fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let face = self.face(text, bold);
        let scaled = face.as_scaled(Font::px_scale(face, size));
        let mut w = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            w += scaled.h_advance(id);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            prev = Some(id);
        }
        f64::from(w)
    }
}

fn missing_in(face: &FontRef<'static>, text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || out.contains(&c) {
            continue;
        }
        if face.glyph_id(c).0 == 0 {
            out.push(c);
        }
    }
    out
}

/// Loads (once per path) and registers a face with plotters under a name of its own, so that
/// charts drawn at the same time with different fonts do not disturb each other.
fn load(path: &Path, css: Option<&'static str>) -> Result<Font> {
    let key = path.to_path_buf();
    let mut cache = cache().lock().map_err(|_| {
        Error::new(ErrorKind::Chart {
            message: "the font cache was poisoned by a panic in another thread".into(),
        })
    })?;
    if let Some(loaded) = cache.get(&key) {
        return Ok(Font(loaded));
    }
    let regular = parse(path)?;
    let bold = bold_sibling(path).and_then(|p| parse(&p).ok());
    let family = format!("yoron-font-{}", cache.len());
    register(&family, plotters::style::FontStyle::Normal, &regular, path)?;
    if let Some(b) = &bold {
        register(&family, plotters::style::FontStyle::Bold, b, path)?;
    }
    let loaded: &'static Loaded = Box::leak(Box::new(Loaded {
        path: key.clone(),
        family,
        css,
        regular: regular.0,
        bold: bold.map(|b| b.0),
    }));
    cache.insert(key, loaded);
    Ok(Font(loaded))
}

/// A parsed face and the leaked bytes it borrows.
struct Parsed(FontRef<'static>, &'static [u8]);

fn parse(path: &Path) -> Result<Parsed> {
    let bytes = crate::fs::read_file(path)?;
    // plotters keeps `&'static` font bytes; each file is read once per process (see `load`).
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let face = FontRef::try_from_slice(bytes).map_err(|e| {
        Error::at(
            ErrorKind::InvalidValue {
                expected: "a TrueType or OpenType font (.ttf, .otf, .ttc)".into(),
                found: e.to_string(),
            },
            Position::file(path),
        )
    })?;
    Ok(Parsed(face, bytes))
}

fn register(
    family: &str,
    style: plotters::style::FontStyle,
    face: &Parsed,
    path: &Path,
) -> Result<()> {
    plotters::style::register_font(family, style, face.1).map_err(|_| {
        Error::at(
            ErrorKind::InvalidValue {
                expected: "a font plotters can register".into(),
                found: "a font it refused".into(),
            },
            Position::file(path),
        )
    })
}

/// `…-Regular.ttc` → `…-Bold.ttc`, `DejaVuSans.ttf` → `DejaVuSans-Bold.ttf`, when it exists.
pub(super) fn bold_sibling(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = path.file_stem()?.to_str()?;
    let ext = path.extension()?.to_str()?;
    let candidates = [
        name.replace("-Regular.", "-Bold."),
        format!("{stem}-Bold.{ext}"),
    ];
    candidates
        .iter()
        .filter(|c| c.as_str() != name)
        .map(|c| path.with_file_name(c))
        .find(|p| p.is_file())
}

/// Picks the face: the user's, else `env`'s, else the first of `known` that covers `text`.
fn choose(user: Option<Font>, env: Option<PathBuf>, known: &[Known], text: &str) -> Result<Font> {
    if let Some(font) = user {
        return covering(
            font,
            text,
            "the font passed with --font FILE or to the chart",
        );
    }
    if let Some(path) = env.filter(|p| !p.as_os_str().is_empty()) {
        let font = load(&path, None)?;
        return covering(font, text, "the YORON_FONT environment variable's font");
    }
    let mut tried = Vec::new();
    for k in known {
        let path = Path::new(k.path);
        if !path.is_file() {
            continue;
        }
        tried.push(k.path.to_string());
        // A broken system font is skipped, not fatal: the next one may do.
        if let Ok(font) = load(path, Some(k.css))
            && font.missing(text).is_empty()
        {
            return Ok(font);
        }
    }
    let hint = if needs(text) == "Latin text" {
        "install a font (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass a font file with --font FILE or the YORON_FONT environment variable"
    } else {
        HINT
    };
    Err(Error::new(ErrorKind::NoFont {
        needs: needs(text).to_string(),
        tried,
        hint: hint.to_string(),
    }))
}

/// Resolves a chart's font: `user`'s when given, else one found for `text`.
pub(crate) fn resolve(user: Option<Font>, text: &str) -> Result<Font> {
    match user {
        Some(f) => choose(Some(f), None, KNOWN, text),
        None => Font::find(text),
    }
}

fn covering(font: Font, text: &str, whose: &str) -> Result<Font> {
    let missing = font.missing(text);
    let Some(first) = missing.first() else {
        return Ok(font);
    };
    let label = text
        .split('\n')
        .find(|l| l.contains(*first))
        .unwrap_or(text)
        .to_string();
    Err(Error::new(ErrorKind::MissingGlyphs {
        font: font.path().display().to_string(),
        missing: missing.iter().collect(),
        label,
        hint: format!("{whose} cannot draw this chart: {HINT}"),
    }))
}

/// Which script a text needs, for the "no font" message.
fn needs(text: &str) -> &'static str {
    let hangul = text
        .chars()
        .any(|c| ('\u{ac00}'..='\u{d7af}').contains(&c) || ('\u{1100}'..='\u{11ff}').contains(&c));
    let japanese = text
        .chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c));
    match (japanese, hangul) {
        (true, true) => "Japanese and Korean text",
        (true, false) => "Japanese text",
        (false, true) => "Korean text",
        (false, false) => "Latin text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEJAVU: &[Known] = &[Known {
        path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        css: "DejaVu Sans",
    }];

    fn have_dejavu() -> bool {
        Path::new(DEJAVU[0].path).is_file()
    }

    #[test]
    fn latin_only_machine_refuses_japanese_and_names_the_package() {
        if !have_dejavu() {
            eprintln!("skipped: DejaVu Sans is not installed (apt-get install fonts-dejavu-core)");
            return;
        }
        let e = choose(None, None, DEJAVU, "Japan 日本").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("no font found that can draw Japanese text (tried: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf): install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk)"), "{msg}");
        assert!(msg.contains("--font FILE"), "{msg}");
        assert!(msg.contains("YORON_FONT"), "{msg}");
        assert!(choose(None, None, DEJAVU, "Japan 80 %").is_ok());
    }

    #[test]
    fn a_passed_font_that_lacks_glyphs_is_an_error_not_tofu() {
        if !have_dejavu() {
            eprintln!("skipped: DejaVu Sans is not installed (apt-get install fonts-dejavu-core)");
            return;
        }
        let dejavu = Font::from_path(DEJAVU[0].path).unwrap();
        let e = choose(Some(dejavu), None, KNOWN, "Title\n한국 38").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::MissingGlyphs { .. }));
        assert!(
            e.to_string().starts_with(
                "font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf has no glyphs for \"한국\" in \"한국 38\": the font passed with --font FILE"
            ),
            "{e}"
        );
    }

    #[test]
    fn env_font_is_used_before_system_fonts() {
        if !have_dejavu() {
            eprintln!("skipped: DejaVu Sans is not installed (apt-get install fonts-dejavu-core)");
            return;
        }
        let f = choose(None, Some(PathBuf::from(DEJAVU[0].path)), KNOWN, "abc").unwrap();
        assert_eq!(f.path(), Path::new(DEJAVU[0].path));
        let e = choose(None, Some(PathBuf::from("/no/such.ttf")), KNOWN, "abc").unwrap_err();
        assert!(e.is_io());
    }

    #[test]
    fn not_a_font_is_an_invalid_value_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.ttf");
        std::fs::write(&p, b"not a font").unwrap();
        let e = Font::from_path(&p).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected a TrueType or OpenType font"),
            "{e}"
        );
        assert_eq!(e.position().and_then(|p| p.path()), Some(p.as_path()));
    }

    #[test]
    fn a_font_loads_once() {
        if !have_dejavu() {
            return;
        }
        let a = Font::from_path(DEJAVU[0].path).unwrap();
        let b = Font::from_path(DEJAVU[0].path).unwrap();
        assert_eq!(a, b);
        assert!(a.width("abc", 20.0, false) > 10.0);
    }

    #[test]
    fn scripts_are_named() {
        assert_eq!(needs("日本"), "Japanese text");
        assert_eq!(needs("한국"), "Korean text");
        assert_eq!(needs("日本 한국"), "Japanese and Korean text");
        assert_eq!(needs("Japan"), "Latin text");
    }
}
