//! Charts of poll figures with their uncertainty and their provenance on them (feature
//! `chart`): SVG and PNG, in English, Japanese or Korean.
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
//! The charts draw what they are given and compute no statistics; the fixed strings come in
//! three languages ([`Lang`]), the data's labels are drawn as passed.
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
//! use jiff::civil::date;
//! use yoron::chart::*;
//!
//! let caption = Caption::new("Which countries are a military threat?")
//!     .question("Which countries or regions do you think are a military threat to your country?")
//!     .source("The Genron NPO & East Asia Institute, 4th Japan–Korea joint poll (2016)")
//!     .sample(Sample::new(Country::Japan, Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)), SampleSize::Published(1000)))
//!     .sample(Sample::new(Country::SouthKorea, Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5)), SampleSize::Published(1010)))
//!     .interval(IntervalNote::new(IntervalMethod::Wilson, 0.95))
//!     .answers(Answers::Multiple);
//! let chart = OptionChart::new(caption)
//!     .row(OptionRow::new("North Korea")
//!         .value(Country::Japan, Value::new(73.0).with_interval(70.2, 75.6))
//!         .value(Country::SouthKorea, Value::new(84.0).with_interval(81.6, 86.1)))
//!     .row(OptionRow::new("China")
//!         .value(Country::Japan, Value::new(80.0).with_interval(77.4, 82.4))
//!         .value(Country::SouthKorea, Value::new(36.0).with_interval(33.1, 39.0)));
//! let svg = chart.to_svg_string()?;
//! assert!(svg.contains("n = 1,010"));
//! # Ok::<(), yoron::Error>(())
//! ```

mod change;
mod distribution;
mod font;
mod frame;
mod gap;
mod lang;
mod options;
mod scene;
mod spec;
mod trend;

pub use change::{ChangeChart, ChangeRow};
pub use distribution::{DistributionBar, DistributionChart, Share};
pub use font::{FONT_ENV, Font};
pub use gap::{Gap, GapChart, GapRow, Significance};
pub use lang::{Country, Lang};
pub use options::{OptionChart, OptionRow, Order};
pub use spec::{
    Answers, Caption, Fieldwork, IntervalMethod, IntervalNote, Sample, SampleSize, Value,
};
pub use trend::{TrendChart, TrendLine, TrendPoint};

/// Writes `bytes` to `path`, with the path in the error.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> crate::Result<()> {
    std::fs::write(path, bytes).map_err(|e| crate::Error::io(path, e))
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
            /// Sets the language of the fixed strings (axis titles, notes, "Source",
            /// country names). Data labels are drawn as given.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let chart = chart.lang(yoron::chart::Lang::Ko);
            /// if yoron::chart::Font::find("한국").is_ok() {
            ///     assert!(chart.to_svg_string()?.contains("출처"));
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
            /// let svg = chart.width(700).to_svg_string()?;
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
            /// let svg = chart.size(1000, 800).to_svg_string()?;
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
            /// let png = chart.width(600).scale(1.0).to_png_bytes()?;
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
            /// assert!(chart.font(font).to_svg_string().is_ok());
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn font(mut self, font: $crate::chart::Font) -> Self {
                self.settings.font = Some(font);
                self
            }

            /// Draws the chart as an SVG document; text stays text.
            ///
            /// # Errors
            /// Invalid data or caption ([`ErrorKind::InvalidArgument`](crate::ErrorKind)),
            /// no font for the text ([`ErrorKind::NoFont`](crate::ErrorKind),
            /// [`ErrorKind::MissingGlyphs`](crate::ErrorKind)), or a size too small.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let svg = chart.to_svg_string()?;
            /// assert!(svg.starts_with("<svg"));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn to_svg_string(&self) -> $crate::Result<String> {
                let scene = $crate::chart::frame::compose(self, &self.settings)?;
                $crate::chart::scene::to_svg(&scene)
            }

            /// Writes the chart as an SVG file.
            ///
            /// # Errors
            /// Those of `to_svg_string`, and an I/O error naming the path.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let dir = tempfile::tempdir().unwrap();
            /// let path = dir.path().join("chart.svg");
            /// chart.save_svg(&path)?;
            /// assert!(std::fs::read_to_string(&path).unwrap().contains("</svg>"));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn save_svg(&self, path: impl AsRef<std::path::Path>) -> $crate::Result<()> {
                $crate::chart::write_file(path.as_ref(), self.to_svg_string()?.as_bytes())
            }

            /// Draws the chart as PNG bytes, `scale` times the logical size.
            ///
            /// # Errors
            /// Those of `to_svg_string`.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let png = chart.to_png_bytes()?;
            /// assert_eq!(&png[1..4], b"PNG");
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn to_png_bytes(&self) -> $crate::Result<Vec<u8>> {
                let scene = $crate::chart::frame::compose(self, &self.settings)?;
                $crate::chart::scene::to_png(&scene, self.settings.scale)
            }

            /// Writes the chart as a PNG file.
            ///
            /// # Errors
            /// Those of `to_png_bytes`, and an I/O error naming the path.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let dir = tempfile::tempdir().unwrap();
            /// let path = dir.path().join("chart.png");
            /// chart.scale(1.0).save_png(&path)?;
            /// assert!(std::fs::metadata(&path).unwrap().len() > 1000);
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn save_png(&self, path: impl AsRef<std::path::Path>) -> $crate::Result<()> {
                $crate::chart::write_file(path.as_ref(), &self.to_png_bytes()?)
            }

            /// Shows the chart inline in a Rust Jupyter notebook (evcxr kernel): prints
            /// the SVG in evcxr's display envelope, or the error as text.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// chart.evcxr_display(); // prints EVCXR_BEGIN_CONTENT image/svg+xml …
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                $crate::chart::evcxr_print(self.to_svg_string());
            }
        }
    };
}
pub(crate) use chart_methods;

/// Doc-test code shared by the kinds: a caption for the 2016 military-threat question.
macro_rules! demo_caption {
    () => {
        "# use jiff::civil::date;
# use yoron::chart::*;
# let caption = Caption::new(\"Military threat\")
#     .source(\"The Genron NPO & East Asia Institute (2016)\")
#     .sample(Sample::new(Country::Japan, Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)), SampleSize::Published(1000)))
#     .sample(Sample::new(Country::SouthKorea, Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5)), SampleSize::Published(1010)))
#     .interval(IntervalNote::new(IntervalMethod::Wilson, 0.95));"
    };
}
pub(crate) use demo_caption;

#[cfg(test)]
mod tests;
