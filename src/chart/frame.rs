//! What all chart kinds share: the header (title, question, legend), the footer (notes and
//! source), the plot area between them, axes and the legend row.

use super::font::{self, Font};
use super::lang::{Key, Lang};
use super::scene::{AXIS, Align, GRID, INK, Look, MUTED, Rgb, Scene};
use super::spec::{Caption, number};
use crate::{Error, ErrorKind, Result};

pub(crate) const MARGIN: f64 = 24.0;
pub(crate) const TITLE: Look = Look::new(18.0).bold();
pub(crate) const QUESTION: Look = Look::new(13.0).colour(MUTED);
pub(crate) const LEGEND: Look = Look::new(12.5);
pub(crate) const LABEL: Look = Look::new(12.5);
pub(crate) const TICK: Look = Look::new(11.0).colour(MUTED);
pub(crate) const VALUE: Look = Look::new(11.0);
pub(crate) const FOOTER: Look = Look::new(11.0).colour(MUTED);

/// Colours for lines and segments that are not countries (Okabe–Ito, minus the two country
/// colours, then those two).
pub(crate) const PALETTE: [Rgb; 7] = [
    Rgb::hex("#009E73"),
    Rgb::hex("#CC79A7"),
    Rgb::hex("#E69F00"),
    Rgb::hex("#56B4E9"),
    Rgb::hex("#000000"),
    Rgb::hex("#0072B2"),
    Rgb::hex("#D55E00"),
];

/// "Don't know / no answer": toned down.
pub(crate) const DK_FILL: Rgb = Rgb::hex("#DDDDDD");

/// Size, language, scale and font: how to draw, as opposed to what.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub lang: Lang,
    pub width: u32,
    pub height: Option<u32>,
    pub scale: f64,
    pub font: Option<Font>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::En,
            width: 900,
            height: None,
            scale: 2.0,
            font: None,
        }
    }
}

impl Settings {
    fn check(&self) -> Result<()> {
        if !(320..=10_000).contains(&self.width) {
            return Err(Error::invalid_argument(
                "width",
                "between 320 and 10000 px",
                self.width.to_string(),
            ));
        }
        if let Some(h) = self.height
            && !(200..=10_000).contains(&h)
        {
            return Err(Error::invalid_argument(
                "height",
                "between 200 and 10000 px",
                h.to_string(),
            ));
        }
        if !(self.scale > 0.0 && self.scale <= 8.0) {
            return Err(Error::invalid_argument(
                "scale",
                "a device pixel ratio in (0, 8]",
                self.scale.to_string(),
            ));
        }
        Ok(())
    }
}

/// A rectangle in logical pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Area {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Area {
    pub(crate) fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// A legend marker.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Marker {
    Dot(Rgb),
    Hollow(Rgb),
    Swatch(Rgb),
    Dashed(Rgb),
    Arrow(Rgb),
}

/// One legend entry.
pub(crate) struct Entry {
    pub marker: Marker,
    pub label: String,
}

/// What each chart kind provides to the shared frame.
pub(crate) trait Kind {
    fn caption(&self) -> &Caption;
    /// Checks the data (ranges, orders); the caption is checked by the frame.
    fn check(&self) -> Result<()>;
    fn has_intervals(&self) -> bool;
    /// Appends every data label the chart will draw, one per line.
    fn texts(&self, lang: Lang, out: &mut String);
    fn legend(&self, lang: Lang) -> Vec<Entry>;
    /// The preferred and the least plot height for this width.
    fn plot_height(&self, scene: &Scene, width: f64, lang: Lang) -> (f64, f64);
    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang);
}

/// Lays out a whole chart: header, legend, plot, footer.
pub(crate) fn compose(kind: &dyn Kind, settings: &Settings) -> Result<Scene> {
    settings.check()?;
    kind.check()?;
    let caption = kind.caption();
    caption.check(kind.has_intervals())?;
    let lang = settings.lang;

    let mut text = String::new();
    text.push_str(caption.title().get(lang));
    text.push('\n');
    if let Some(q) = caption.question_text() {
        text.push_str(q.get(lang));
        text.push('\n');
    }
    for line in caption.footer(lang, kind.has_intervals()) {
        text.push_str(&line);
        text.push('\n');
    }
    kind.texts(lang, &mut text);
    for fixed in lang.all_fixed() {
        text.push_str(fixed);
        text.push('\n');
    }
    text.push_str("0123456789.,%+−–— ()*=n");
    let font = font::resolve(settings.font, &text)?;

    let width = f64::from(settings.width);
    let mut scene = Scene::new(width, 0.0, font);
    let inner = width - 2.0 * MARGIN;
    let mut y = MARGIN;
    y = scene.paragraph(MARGIN, y, inner, caption.title().get(lang), TITLE);
    if let Some(q) = caption.question_text() {
        y += 2.0;
        let q = format!("{} {}", lang.tr(Key::Question), q.get(lang).trim());
        y = scene.paragraph(MARGIN, y, inner, &q, QUESTION);
    }
    y += 12.0;
    let entries = kind.legend(lang);
    if !entries.is_empty() {
        y = legend(&mut scene, MARGIN, y, inner, &entries) + 10.0;
    }

    let footer = caption.footer(lang, kind.has_intervals());
    let footer_lines: usize = footer
        .iter()
        .map(|l| scene.wrap(l, FOOTER, inner).len())
        .sum();
    let footer_height = footer_lines as f64 * FOOTER.line_height() + 3.0 * footer.len() as f64;

    let (want, least) = kind.plot_height(&scene, inner, lang);
    let plot = match settings.height {
        None => want,
        Some(h) => {
            let room = f64::from(h) - y - 16.0 - footer_height - MARGIN;
            if room < least {
                let needed = (f64::from(h) - room + least).ceil();
                return Err(Error::invalid_argument(
                    "height",
                    format!(
                        "at least {needed} px for this chart's text and rows (or leave the height out to fit the content)"
                    ),
                    format!("{h} px"),
                ));
            }
            room
        }
    };
    kind.draw(
        &mut scene,
        Area {
            x0: MARGIN,
            y0: y,
            x1: width - MARGIN,
            y1: y + plot,
        },
        lang,
    );
    let mut y = y + plot + 16.0;
    for line in &footer {
        y = scene.paragraph(MARGIN, y, inner, line, FOOTER) + 3.0;
    }
    scene.height = match settings.height {
        Some(h) => f64::from(h),
        None => (y + MARGIN - 3.0).ceil(),
    };

    // A safety net: every string drawn must have been covered by the font chosen above.
    let drawn = scene.all_text();
    let missing = scene.font.missing(&drawn);
    if let Some(c) = missing.first() {
        let label = drawn
            .lines()
            .find(|l| l.contains(*c))
            .unwrap_or("")
            .to_string();
        return Err(Error::new(ErrorKind::MissingGlyphs {
            font: scene.font.path().display().to_string(),
            missing: missing.iter().collect(),
            label,
            hint: "pass a font that covers the chart's text with --font FILE or YORON_FONT".into(),
        }));
    }
    Ok(scene)
}

/// Draws legend entries left to right, wrapping to new rows; returns the y below.
fn legend(scene: &mut Scene, x0: f64, top: f64, width: f64, entries: &[Entry]) -> f64 {
    let row = LEGEND.line_height() + 4.0;
    let mut x = x0;
    let mut y = top + row / 2.0;
    for e in entries {
        let w = 22.0 + scene.measure(&e.label, LEGEND) + 18.0;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += row;
        }
        marker(scene, x + 8.0, y, e.marker);
        scene.text(x + 22.0, y, &e.label, LEGEND);
        x += w;
    }
    y + row / 2.0
}

/// Draws a legend marker centred at (x, y).
pub(crate) fn marker(scene: &mut Scene, x: f64, y: f64, m: Marker) {
    match m {
        Marker::Dot(c) => scene.circle(x, y, 5.0, c, true),
        Marker::Hollow(c) => scene.circle(x, y, 5.0, c, false),
        Marker::Swatch(c) => scene.rect(x - 7.0, y - 6.0, x + 7.0, y + 6.0, c, 1.0),
        Marker::Dashed(c) => scene.dashed(vec![(x - 9.0, y), (x + 9.0, y)], c, 2.0, (4.0, 3.0)),
        Marker::Arrow(c) => {
            scene.line(vec![(x - 9.0, y), (x + 2.0, y)], c, 2.0);
            scene.polygon(
                vec![(x + 9.0, y), (x + 1.0, y - 5.0), (x + 1.0, y + 5.0)],
                c,
                1.0,
            );
        }
    }
}

/// A linear map from data values to pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub(crate) fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round tick values covering [lo, hi] with about `count` steps of 1, 2 or 5 × 10^k.
pub(crate) fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).abs().max(1e-9);
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut v = start;
    while v <= hi + step * 1e-6 {
        if v >= lo - step * 1e-6 {
            out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        }
        v += step;
    }
    out
}

/// Extends [lo, hi] outwards to tick values.
pub(crate) fn nice_range(lo: f64, hi: f64, count: usize) -> (f64, f64) {
    let t = ticks(lo, hi, count);
    let step = if t.len() >= 2 { t[1] - t[0] } else { 1.0 };
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

/// Vertical grid lines with tick labels below `bottom`, for a horizontal value axis.
pub(crate) fn x_grid(
    scene: &mut Scene,
    scale: Scale,
    top: f64,
    bottom: f64,
    values: &[f64],
    zero: bool,
) {
    for v in values {
        let x = scale.at(*v);
        let strong = zero && *v == 0.0;
        scene.line(
            vec![(x, top), (x, bottom)],
            if strong { AXIS } else { GRID },
            if strong { 1.5 } else { 1.0 },
        );
        scene.text(x, bottom + 10.0, &number(*v), TICK.align(Align::Center));
    }
}

/// Horizontal percent grid with labels left of `x0`, for a vertical value axis.
/// The axes of a chart over time (trend and pooled charts): the percent grid with its
/// title above `top`, and whole-year ticks along the bottom of `ys`' range.
pub(crate) fn time_axes(scene: &mut Scene, lang: Lang, xs: Scale, ys: Scale, top: f64) {
    let (x0, x1, bottom) = (xs.r0, xs.r1, ys.r0);
    y_grid(scene, ys, x0, x1, &ticks(0.0, ys.d1, 5));
    scene.text(x0 - 30.0, top + 6.0, lang.tr(Key::PercentAxis), TICK);
    let count = ((x1 - x0) / 70.0).max(2.0) as usize;
    for t in ticks(xs.d0, xs.d1, count) {
        if t.fract() != 0.0 {
            continue;
        }
        let x = xs.at(t);
        scene.line(vec![(x, bottom), (x, bottom + 4.0)], AXIS, 1.0);
        scene.text(
            x,
            bottom + 14.0,
            &format!("{t:.0}"),
            TICK.align(Align::Center),
        );
    }
}

pub(crate) fn y_grid(scene: &mut Scene, scale: Scale, x0: f64, x1: f64, values: &[f64]) {
    for v in values {
        let y = scale.at(*v);
        scene.line(
            vec![(x0, y), (x1, y)],
            if *v == 0.0 { AXIS } else { GRID },
            1.0,
        );
        scene.text(x0 - 6.0, y, &number(*v), TICK.align(Align::Right));
    }
}

/// A horizontal interval whisker with end caps.
pub(crate) fn whisker(scene: &mut Scene, lo: f64, hi: f64, y: f64, colour: Rgb, cap: f64) {
    scene.line(vec![(lo, y), (hi, y)], colour, 1.5);
    scene.line(vec![(lo, y - cap), (lo, y + cap)], colour, 1.5);
    scene.line(vec![(hi, y - cap), (hi, y + cap)], colour, 1.5);
}

/// Wraps a row label into at most `max_lines` lines of `width`, cutting with "…" beyond.
pub(crate) fn label_lines(scene: &Scene, label: &str, width: f64, max_lines: usize) -> Vec<String> {
    let mut lines = scene.wrap(label, LABEL, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && scene.measure(&format!("{last}…"), LABEL) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// The most lines any of `labels` wraps to at `width` (at most `max_lines`).
pub(crate) fn max_label_lines(
    scene: &Scene,
    labels: &[&str],
    width: f64,
    max_lines: usize,
) -> usize {
    labels
        .iter()
        .map(|l| label_lines(scene, l, width, max_lines).len())
        .max()
        .unwrap_or(1)
}

/// The width of the widest label line, capped at `cap`.
pub(crate) fn label_column(scene: &Scene, labels: &[&str], cap: f64) -> f64 {
    labels
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| scene.measure(l, LABEL))
        .fold(0.0, f64::max)
        .min(cap)
        .ceil()
}

/// Draws row label lines right-aligned at `x`, centred on `y`.
pub(crate) fn row_label(scene: &mut Scene, x: f64, y: f64, lines: &[String]) {
    let lh = LABEL.line_height();
    let top = y - lh * lines.len() as f64 / 2.0;
    for (i, l) in lines.iter().enumerate() {
        scene.text(
            x,
            top + lh * (i as f64 + 0.5),
            l,
            LABEL.colour(INK).align(Align::Right),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            ticks(-10.0, 45.0, 6),
            vec![-10.0, 0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(nice_range(-7.0, 46.0, 6), (-10.0, 50.0));
    }
}
