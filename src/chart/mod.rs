//! Charts of poll figures with their uncertainty and their provenance on them (feature
//! `chart`): SVG and PNG (and, with the feature `pdf`, vector PDF with the font embedded),
//! in English, Japanese or Korean.
//!
//! Five kinds, each its own builder:
//!
//! | chart | shows |
//! |---|---|
//! | [`OptionChart`] | one question's options, Japan and South Korea side by side, with intervals (the threat-perception chart) |
//! | [`GapChart`] | the gap between two countries per option, sorted, with the gap's interval and significance |
//! | [`TrendChart`] | figures across waves, one line per country or option, interval bands, series breaks, fitted trends |
//! | [`DistributionChart`] | 100 % stacked bars of a single-response question, "don't know" toned down |
//! | [`ChangeChart`] | one country's figures in two waves, an arrow from old to new per option |
//!
//! Every chart carries a [`Caption`]: title, question wording, the source with fieldwork
//! dates and n per sample, the interval method and level, a note when n was assumed and a
//! note when answers could be several. Drawing refuses a chart without a source or samples,
//! or one that draws intervals without saying how they were computed.
//!
//! Build charts from the data: [`OptionChart::for_wave`], [`GapChart::new`] (from a
//! [`GapTable`](crate::compare::GapTable)), [`TrendChart::from_trends`] and
//! [`TrendChart::from_mirror`], [`DistributionChart::for_wave`] and [`ChangeChart::new`] (from
//! a [`ChangeTable`](crate::compare::ChangeTable)). Their intervals come from
//! [`crate::stats`] (Wilson for figures, the table's difference method for gaps), their
//! source lines from the waves (publisher, fieldwork, n), and every label comes in English,
//! Japanese and Korean ([`Text`], from the bundled labels and the data's original
//! wording), so [`Lang`] can be set at any time. A wave without a published n is an error
//! for a chart with intervals, unless [`CompareOptions::assume_n`](crate::compare::CompareOptions::assume_n)
//! gives one; the chart then says so.
//!
//! The drawing itself computes no statistics: the builders below the conversions
//! ([`Caption`], [`OptionRow`], …) take figures and intervals as given, for figures from
//! elsewhere.
//!
//! # Fonts
//! Text is measured (for SVG too) and drawn with one font face, found at run time: the one
//! passed with `font(…)` (the CLI's `--font FILE`), else the file in the `YORON_FONT`
//! environment variable, else the first known system font that covers every label (Noto Sans
//! CJK, WenQuanYi Micro Hei, IPA, Nanum, …, then DejaVu Sans for Latin-only charts). A chart
//! whose text no available font covers is an error that names the package to install
//! (`apt-get install fonts-noto-cjk`), never boxes or blank labels. SVG keeps text as text,
//! with a font-family list that covers Japanese and Korean on common systems.
//!
//! # Example
//! ```
//! # use yoron::chart::Chart as _;
//! use yoron::Country;
//! use yoron::chart::{GapChart, Lang, OptionChart};
//! use yoron::compare::{CompareOptions, GapTable};
//!
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let opts = CompareOptions::new();
//! // Each option's figure for Japan and Korea, with Wilson intervals, sorted:
//! let chart = OptionChart::for_wave(&threat, "2016", &opts)?;
//! let svg = chart.to_svg()?;
//! assert!(svg.contains("1,010")); // Korea's n, in the source line
//! // The Japan − Korea gap per option, with the Newcombe interval of the gap table:
//! let gaps = GapTable::for_wave(&threat, "2016", opts)?;
//! let svg = GapChart::new(&gaps).lang(Lang::En).to_svg()?;
//! assert!(svg.contains("+44"));
//! # Ok::<(), yoron::Error>(())
//! ```

mod change;
mod data;
mod distribution;
mod font;
mod frame;
mod gap;
mod lang;
mod options;
#[cfg(feature = "pdf")]
mod pdf;
mod pool;
pub(crate) use pool::concept_text;
pub(crate) use spec::thousands;
mod scene;
mod spec;
mod threat_trend;
mod trend;

use std::path::Path;

use crate::error::{Error, Result};

pub use crate::label::{Lang, Text};
pub use change::{ChangeChart, ChangeRow};
pub use distribution::{DistributionBar, DistributionChart, Share};
pub use font::{FONT_ENV, Font};
pub use gap::{Gap, GapChart, GapRow, Significance};
pub use lang::country_colour;
pub use options::{OptionChart, OptionRow, Order};
pub use pool::PoolChart;
pub use spec::{Answers, Caption, IntervalMethod, IntervalNote, Sample, Value};
pub use threat_trend::MAX_OPTIONS as THREAT_TREND_MAX_OPTIONS;
pub use trend::{LinePoint, TrendChart, TrendLine};

/// What every chart kind does: draw itself as SVG or PNG, and save itself to a file in the
/// format its name ends with. Bring it into scope (`use yoron::chart::Chart;`, or
/// `use yoron::chart::*;`) to call these on any chart.
///
/// # Example
/// ```
/// use yoron::chart::{Chart, OptionChart};
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let chart = OptionChart::for_wave(&q, "2016", &Default::default())?;
/// assert!(chart.to_svg()?.starts_with("<svg"));
/// let dir = tempfile::tempdir().unwrap();
/// chart.save(dir.path().join("threat.png"))?;
/// assert!(chart.save(dir.path().join("threat.gif")).is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
pub trait Chart {
    /// Draws the chart as an SVG document; text stays text.
    ///
    /// # Errors
    /// Invalid data or caption ([`ErrorKind::InvalidArgument`](crate::ErrorKind)), no font
    /// for the text ([`ErrorKind::NoFont`](crate::ErrorKind),
    /// [`ErrorKind::MissingGlyphs`](crate::ErrorKind)), or a size too small.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Chart, GapChart};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let gaps = yoron::compare::GapTable::for_wave(&q, "2016", Default::default())?;
    /// let svg = GapChart::new(&gaps).to_svg()?;
    /// assert!(svg.starts_with("<svg") && svg.contains("+44"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    fn to_svg(&self) -> Result<String>;

    /// Draws the chart as PNG bytes, `scale` times the logical size.
    ///
    /// # Errors
    /// Those of [`Chart::to_svg`], and a bitmap above 50 million pixels
    /// ([`ErrorKind::InvalidArgument`](crate::ErrorKind)), refused before drawing.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Chart, OptionChart};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let png = OptionChart::for_wave(&q, "2016", &Default::default())?.to_png()?;
    /// assert_eq!(&png[1..4], b"PNG");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    fn to_png(&self) -> Result<Vec<u8>>;

    /// Draws the chart as a one-page vector PDF (feature `pdf`): text stays text, in the
    /// chart's font, embedded as a subset, so Japanese and Korean show on a machine without
    /// CJK fonts. The page is the chart's size at 96 dpi (900 px = 675 pt).
    ///
    /// # Errors
    /// Those of [`Chart::to_svg`], a page above 14 400 pt a side
    /// ([`ErrorKind::InvalidArgument`](crate::ErrorKind)), refused before drawing, and a
    /// conversion failure ([`ErrorKind::Chart`](crate::ErrorKind)).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Chart, OptionChart};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let pdf = OptionChart::for_wave(&q, "2016", &Default::default())?.to_pdf()?;
    /// assert!(pdf.starts_with(b"%PDF-"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "pdf")]
    fn to_pdf(&self) -> Result<Vec<u8>>;

    /// Writes the chart in `format`, atomically (a failure leaves no partial file; a
    /// device or a link is written through, never replaced).
    ///
    /// # Errors
    /// Those of drawing, and an I/O error naming the path.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Chart, ImageFormat, OptionChart};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("chart");
    /// OptionChart::for_wave(&q, "2016", &Default::default())?.save_as(&path, ImageFormat::Svg)?;
    /// assert!(std::fs::read_to_string(&path).unwrap().contains("</svg>"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    fn save_as(&self, path: impl AsRef<Path>, format: ImageFormat) -> Result<()>
    where
        Self: Sized,
    {
        let bytes = match format {
            ImageFormat::Svg => self.to_svg()?.into_bytes(),
            ImageFormat::Png => self.to_png()?,
            #[cfg(feature = "pdf")]
            ImageFormat::Pdf => self.to_pdf()?,
            // Refused before drawing: nothing is written.
            #[cfg(not(feature = "pdf"))]
            ImageFormat::Pdf => {
                return Err(Error::invalid_argument(
                    "out",
                    "a format this build writes (.svg or .png); PDF charts need yoron built with the `pdf` feature (cargo install yoron --features pdf)",
                    format!("\"{}\"", path.as_ref().display()),
                ));
            }
        };
        crate::fs::write_bytes(path.as_ref(), &bytes)
    }

    /// Writes the chart in the format the file name ends with (`.svg` or `.png`, any
    /// case), atomically.
    ///
    /// # Errors
    /// Another extension ([`ErrorKind::InvalidArgument`](crate::ErrorKind)), checked before
    /// drawing; then those of [`Chart::save_as`].
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Chart, OptionChart};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("chart.SVG");
    /// OptionChart::for_wave(&q, "2016", &Default::default())?.save(&path)?;
    /// assert!(std::fs::read_to_string(&path).unwrap().contains("</svg>"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    fn save(&self, path: impl AsRef<Path>) -> Result<()>
    where
        Self: Sized,
    {
        let format = ImageFormat::from_path(path.as_ref())?;
        self.save_as(path, format)
    }
}

/// The file formats a [`Chart`] is saved in.
///
/// # Example
/// ```
/// use yoron::chart::ImageFormat;
/// assert_eq!(ImageFormat::from_path("a/b.PNG".as_ref())?, ImageFormat::Png);
/// assert_eq!(ImageFormat::Svg.extension(), "svg");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Scalable vector graphics; text stays text.
    Svg,
    /// A bitmap, `scale` times the logical size.
    Png,
    /// A vector PDF page with the font embedded as a subset (written with the feature
    /// `pdf`; without it, saving as PDF is an error naming the feature).
    Pdf,
}

impl ImageFormat {
    /// Every format, in a stable order.
    pub const ALL: [ImageFormat; 3] = [ImageFormat::Svg, ImageFormat::Png, ImageFormat::Pdf];

    /// The file extension, lower case and without the dot.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::ImageFormat::Png.extension(), "png");
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Pdf => "pdf",
        }
    }

    /// The format a file name asks for by its extension (any case).
    ///
    /// # Errors
    /// No extension, or one of no format ([`ErrorKind::InvalidArgument`](crate::ErrorKind)).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::ImageFormat;
    /// assert_eq!(ImageFormat::from_path("x.svg".as_ref())?, ImageFormat::Svg);
    /// let err = ImageFormat::from_path("x.jpg".as_ref()).unwrap_err();
    /// assert!(err.to_string().contains("a file name ending in .svg or .png"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        ImageFormat::ALL
            .into_iter()
            .find(|f| ext.as_deref() == Some(f.extension()))
            .ok_or_else(|| {
                let names: Vec<String> = ImageFormat::ALL
                    .iter()
                    .map(|f| format!(".{}", f.extension()))
                    .collect();
                Error::invalid_argument(
                    "out",
                    format!("a file name ending in {}", names.join(" or ")),
                    format!("\"{}\"", path.display()),
                )
            })
    }
}

/// Prints a chart in the evcxr notebook envelope (or the error, as text).
#[cfg(feature = "evcxr")]
fn evcxr_print(svg: crate::Result<String>) {
    match svg {
        Ok(svg) => println!("EVCXR_BEGIN_CONTENT image/svg+xml\n{svg}\nEVCXR_END_CONTENT"),
        Err(e) => println!("EVCXR_BEGIN_CONTENT text/plain\nyoron: {e}\nEVCXR_END_CONTENT"),
    }
}

/// The settings and output methods every chart kind has. `$setup` is doc-test code that
/// binds `chart`.
macro_rules! chart_methods {
    ($ty:ident, $setup:expr) => {
        impl $ty {
            /// The caption: title, question, source, samples, interval note and notes.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// assert!(!chart.caption().samples().is_empty());
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn caption(&self) -> &$crate::chart::Caption {
                &self.caption
            }

            /// Replaces the title (give every language with
            /// [`Text`](crate::chart::Text) when the chart is drawn in several).
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let chart = chart.title(yoron::chart::Text::new("Threats").ja("脅威"));
            /// assert!(chart.to_svg()?.contains(">Threats<"));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn title(mut self, title: impl Into<$crate::chart::Text>) -> Self {
                self.caption = self.caption.with_title(title);
                self
            }

            /// Adds a note under the chart, above the source line.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let svg = chart.note("Figures as published.").to_svg()?;
            /// assert!(svg.contains("Figures as published."));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn note(mut self, note: impl Into<$crate::chart::Text>) -> Self {
                self.caption = self.caption.note(note);
                self
            }

            /// Sets the language of the chart: fixed strings (axis titles, notes,
            /// "Source", country names) and every label given as a [`Text`](crate::chart::Text)
            /// with a translation (charts built from data have them).
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let chart = chart.lang(yoron::chart::Lang::Ko);
            /// if yoron::chart::Font::find("한국").is_ok() {
            ///     assert!(chart.to_svg()?.contains("출처"));
            /// }
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn lang(mut self, lang: $crate::chart::Lang) -> Self {
                self.settings.lang = lang;
                self
            }

            /// Sets the width in logical pixels (default 900; 320 to 10000); the height
            /// then fits the content.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let svg = chart.width(700).to_svg()?;
            /// assert!(svg.contains("width=\"700\""));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn width(mut self, width: u32) -> Self {
                self.settings.width = width;
                self.settings.height = None;
                self
            }

            /// Sets width and height in logical pixels. Drawing fails, saying the least
            /// height that fits, when the text and rows do not fit.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let svg = chart.size(1000, 800).to_svg()?;
            /// assert!(svg.contains("height=\"800\""));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn size(mut self, width: u32, height: u32) -> Self {
                self.settings.width = width;
                self.settings.height = Some(height);
                self
            }

            /// Sets the PNG's device pixel ratio (default 2: a 900 px wide chart gives a
            /// 1800 px wide PNG). SVG is unaffected.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let png = chart.width(600).scale(1.0).to_png()?;
            /// assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 600);
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn scale(mut self, scale: f64) -> Self {
                self.settings.scale = scale;
                self
            }

            /// Draws with this font instead of one found on the system; drawing fails
            /// when it lacks a glyph the chart needs.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let font = yoron::chart::Font::find("Japan")?;
            /// assert!(chart.font(font).to_svg().is_ok());
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn font(mut self, font: $crate::chart::Font) -> Self {
                self.settings.font = Some(font);
                self
            }

            /// Shows the chart inline in a Rust Jupyter notebook (evcxr kernel): prints
            /// the SVG in evcxr's display envelope, or the error as text.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// chart.evcxr_display(); // prints EVCXR_BEGIN_CONTENT image/svg+xml …
            /// # Ok::<(), yoron::Error>(())
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                $crate::chart::evcxr_print($crate::chart::Chart::to_svg(self));
            }
        }

        impl $crate::chart::Chart for $ty {
            fn to_svg(&self) -> $crate::Result<String> {
                let scene = $crate::chart::frame::compose(self, &self.settings)?;
                $crate::chart::scene::to_svg(&scene)
            }

            fn to_png(&self) -> $crate::Result<Vec<u8>> {
                let scene = $crate::chart::frame::compose(self, &self.settings)?;
                $crate::chart::scene::to_png(&scene, self.settings.scale)
            }

            #[cfg(feature = "pdf")]
            fn to_pdf(&self) -> $crate::Result<Vec<u8>> {
                let scene = $crate::chart::frame::compose(self, &self.settings)?;
                $crate::chart::pdf::to_pdf(&scene)
            }
        }
    };
}
pub(crate) use chart_methods;

/// Doc-test code shared by the kinds: a caption for the 2016 military-threat question,
/// built by hand from the bundled waves.
macro_rules! demo_caption {
    () => {
        "# use yoron::Country;
# use yoron::chart::*;
# use yoron::stats::{CiMethod, ConfidenceLevel};
# let q = yoron::datasets::genron_eai().question(\"military_threat\")?;
# let caption = Caption::new(\"Military threat\")
#     .source(\"The Genron NPO & East Asia Institute (2016)\")
#     .sample(Sample::from_wave(q.topline(\"2016\", Country::JP)?.wave(), None))
#     .sample(Sample::from_wave(q.topline(\"2016\", Country::KR)?.wave(), None))
#     .interval(IntervalNote::new(CiMethod::Wilson, ConfidenceLevel::P95));"
    };
}
pub(crate) use demo_caption;

#[cfg(test)]
mod tests;
