//! A chart laid out once in logical pixels, then drawn to SVG or PNG through plotters.
//!
//! Laying out in our own primitives keeps plotters at the edge: chart kinds place marks and
//! text, measure text with the chosen font, and never see a plotters type.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::Font;

use crate::{Error, ErrorKind, Result};

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB` (only used on our own constants).
    pub(crate) const fn hex(s: &str) -> Rgb {
        let b = s.as_bytes();
        Rgb(
            hexbyte(b[1], b[2]),
            hexbyte(b[3], b[4]),
            hexbyte(b[5], b[6]),
        )
    }
}

const fn hexdigit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

const fn hexbyte(hi: u8, lo: u8) -> u8 {
    hexdigit(hi) * 16 + hexdigit(lo)
}

pub(crate) const INK: Rgb = Rgb(0x22, 0x22, 0x22);
pub(crate) const MUTED: Rgb = Rgb(0x55, 0x55, 0x55);
pub(crate) const GRID: Rgb = Rgb(0xE3, 0xE3, 0xE3);
pub(crate) const AXIS: Rgb = Rgb(0x99, 0x99, 0x99);

/// Where the baseline sits below a text's anchor, in em: centres digits, capitals and CJK.
const BASELINE: f64 = 0.36;

/// Horizontal text anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// One thing drawn.
#[derive(Clone, Debug)]
pub(crate) enum Item {
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fill: Rgb,
        alpha: f64,
    },
    Line {
        points: Vec<(f64, f64)>,
        colour: Rgb,
        width: f64,
        dash: Option<(f64, f64)>,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        colour: Rgb,
        filled: bool,
    },
    Polygon {
        points: Vec<(f64, f64)>,
        fill: Rgb,
        alpha: f64,
    },
    /// Text whose vertical centre is at `y`.
    Text {
        x: f64,
        y: f64,
        text: String,
        size: f64,
        colour: Rgb,
        align: Align,
        bold: bool,
    },
}

/// The laid-out chart: its size in logical pixels and what to draw, back to front.
pub(crate) struct Scene {
    pub width: f64,
    pub height: f64,
    pub font: Font,
    pub items: Vec<Item>,
}

impl Scene {
    pub(crate) fn new(width: f64, height: f64, font: Font) -> Scene {
        Scene {
            width,
            height,
            font,
            items: Vec::new(),
        }
    }

    pub(crate) fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Rgb, alpha: f64) {
        self.items.push(Item::Rect {
            x0,
            y0,
            x1,
            y1,
            fill,
            alpha,
        });
    }

    pub(crate) fn line(&mut self, points: Vec<(f64, f64)>, colour: Rgb, width: f64) {
        self.items.push(Item::Line {
            points,
            colour,
            width,
            dash: None,
        });
    }

    pub(crate) fn dashed(
        &mut self,
        points: Vec<(f64, f64)>,
        colour: Rgb,
        width: f64,
        dash: (f64, f64),
    ) {
        self.items.push(Item::Line {
            points,
            colour,
            width,
            dash: Some(dash),
        });
    }

    pub(crate) fn circle(&mut self, x: f64, y: f64, r: f64, colour: Rgb, filled: bool) {
        self.items.push(Item::Circle {
            x,
            y,
            r,
            colour,
            filled,
        });
    }

    pub(crate) fn polygon(&mut self, points: Vec<(f64, f64)>, fill: Rgb, alpha: f64) {
        self.items.push(Item::Polygon {
            points,
            fill,
            alpha,
        });
    }

    /// Draws one line of text (no wrapping) with its vertical centre at `y`.
    pub(crate) fn text(&mut self, x: f64, y: f64, text: &str, style: Look) {
        self.items.push(Item::Text {
            x,
            y,
            text: text.to_string(),
            size: style.size,
            colour: style.colour,
            align: style.align,
            bold: style.bold,
        });
    }

    /// The width of `text` in this scene's font.
    pub(crate) fn measure(&self, text: &str, style: Look) -> f64 {
        self.font.width(text, style.size, style.bold)
    }

    /// Wraps `text` to lines no wider than `width`, breaking at spaces and between CJK
    /// characters; a no-break space (U+00A0) holds its neighbours together.
    pub(crate) fn wrap(&self, text: &str, style: Look, width: f64) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for token in tokens(paragraph) {
                let candidate = if line.is_empty() {
                    token.trim_start().to_string()
                } else {
                    format!("{line}{token}")
                };
                if line.is_empty() || self.measure(candidate.trim_end(), style) <= width {
                    line = candidate;
                } else {
                    lines.push(line.trim_end().to_string());
                    line = token.trim_start().to_string();
                }
            }
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    /// Draws wrapped text from `top`, returning the y below its last line.
    pub(crate) fn paragraph(
        &mut self,
        x: f64,
        top: f64,
        width: f64,
        text: &str,
        style: Look,
    ) -> f64 {
        let mut y = top;
        for line in self.wrap(text, style, width) {
            self.text(x, y + style.line_height() / 2.0, &line, style);
            y += style.line_height();
        }
        y
    }

    /// Every string drawn, one per line, for checking the font against them.
    pub(crate) fn all_text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// Breaks a paragraph into pieces that may end a line: words with their leading space, and
/// single CJK characters.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c == ' ' {
            if !cur.is_empty() && !cur.chars().all(|c| c == ' ') {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        } else if is_cjk(c) {
            // A CJK character stays with a Latin run right before it ("2016年"), and each
            // one is a point where the line may break after.
            let latin_before = cur.chars().last().is_some_and(|p| p != ' ' && !is_cjk(p));
            if !latin_before && !cur.is_empty() && !cur.chars().all(|c| c == ' ') {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
            out.push(std::mem::take(&mut cur));
        } else if is_closing(c) && cur.is_empty() && !out.is_empty() {
            // Closing punctuation never starts a line (kinsoku).
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Characters after which Japanese and Chinese text may break. Hangul is left out: Korean
/// puts spaces between words and breaks there, never inside a word.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
        && !is_closing(c)
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。' | '，' | '．' | '）' | '」' | '』' | '・' | '：' | '％' | ')' | ',' | '.'
    )
}

/// Size, colour, alignment and weight of a text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Look {
    pub size: f64,
    pub colour: Rgb,
    pub align: Align,
    pub bold: bool,
}

impl Look {
    pub(crate) const fn new(size: f64) -> Look {
        Look {
            size,
            colour: INK,
            align: Align::Left,
            bold: false,
        }
    }

    pub(crate) const fn colour(self, colour: Rgb) -> Look {
        Look { colour, ..self }
    }

    pub(crate) const fn align(self, align: Align) -> Look {
        Look { align, ..self }
    }

    pub(crate) const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }

    pub(crate) fn line_height(&self) -> f64 {
        self.size * 1.3
    }
}

fn chart_error<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Chart {
        message: format!("{e:?}"),
    })
}

/// Draws the scene as SVG; the font family plotters writes is replaced by a list of faces
/// common systems have, so the text stays text and shows CJK wherever it is viewed.
pub(crate) fn to_svg(scene: &Scene) -> Result<String> {
    let mut out = String::new();
    {
        let size = (scene.width.round() as u32, scene.height.round() as u32);
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw_shapes(&root, scene, 1.0)?;
        draw_svg_text(&root, scene)?;
        root.present().map_err(chart_error)?;
    }
    let ours = format!("font-family=\"{}\"", scene.font.family());
    let css = format!("font-family=\"{}\"", scene.font.css_families());
    // plotters centres text on half the x-height, which sets digits and CJK visibly high;
    // the PNG and the SVG both put the baseline BASELINE em below the anchor instead.
    // plotters puts each text's content on a line of its own; the newlines are whitespace
    // that viewers may draw as a space, shifting right-aligned labels.
    let out = out
        .replace(&ours, &css)
        .replace("dy=\"0.5ex\"", &format!("dy=\"{BASELINE}em\""))
        .replace("\n</text>", "</text>");
    Ok(tidy_font_sizes(&text_on_one_line(&out)))
}

/// Joins `<text …>\ncontent` into `<text …>content`.
fn text_on_one_line(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    for (i, line) in svg.split('\n').enumerate() {
        if i > 0
            && !(out.ends_with('>') && out[out.rfind('<').unwrap_or(0)..].starts_with("<text "))
        {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Rounds `font-size="13.000000000000002"` (from plotters' division by 1.24) to 2 decimals.
fn tidy_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(0);
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let t = format!("{v:.2}");
                out.push_str(t.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The most pixels a PNG may have: 50 million (150 MB of RGB bitmap), e.g. 5000 × 5000 px
/// logical at scale √2, or 10000 × 2500 at scale 2. Width, height and scale are each
/// bounded, but not their product: 10000 × 10000 at scale 8 would ask for 19 GB, and
/// plotters' bitmap index overflows `u32` from scale 7.
pub(crate) const MAX_PNG_PIXELS: u64 = 50_000_000;

/// The bitmap's width and height in pixels, refused above [`MAX_PNG_PIXELS`].
fn png_size(scene: &Scene, scale: f64) -> Result<(u32, u32)> {
    let px = |logical: f64| (logical * scale).round().clamp(1.0, f64::from(u32::MAX)) as u32;
    let (w, h) = (px(scene.width), px(scene.height));
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PNG_PIXELS {
        return Err(crate::Error::invalid_argument(
            "size",
            format!(
                "a PNG of at most {MAX_PNG_PIXELS} pixels (width × scale by height × scale; draw SVG, or lower the size or scale)"
            ),
            format!(
                "{w} × {h} = {pixels} pixels ({} × {} px at scale {scale})",
                scene.width, scene.height
            ),
        ));
    }
    Ok((w, h))
}

/// Draws the scene as an RGB bitmap `scale` times the logical size, then encodes it as PNG.
///
/// Shapes go through plotters; text is rasterised here with ab_glyph, because plotters
/// 0.3.7 drops each glyph's left side bearing and rounds pen positions, which spaces
/// letters unevenly ("an swers").
pub(crate) fn to_png(scene: &Scene, scale: f64) -> Result<Vec<u8>> {
    let (w, h) = png_size(scene, scale)?;
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw_shapes(&root, scene, scale)?;
        root.present().map_err(chart_error)?;
    }
    for item in &scene.items {
        if let Item::Text {
            x,
            y,
            text,
            size,
            colour,
            align,
            bold,
        } = item
        {
            let face = scene.font.face(text, *bold);
            raster_text(
                &mut buf,
                (w, h),
                face,
                &text.replace('\u{a0}', " "),
                (x * scale, y * scale),
                size * scale,
                *colour,
                *align,
            );
        }
    }
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        // Tell viewers the intended size: 96 dpi times the scale.
        let ppm = (96.0 / 0.0254 * scale).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc.write_header().map_err(chart_error)?;
        writer.write_image_data(&buf).map_err(chart_error)?;
        writer.finish().map_err(chart_error)?;
    }
    Ok(png_bytes)
}

/// Draws one line of text into an RGB buffer, vertically centred on the x-height like SVG's
/// `dy="0.5ex"`.
#[allow(clippy::too_many_arguments)]
fn raster_text(
    buf: &mut [u8],
    (w, h): (u32, u32),
    face: &ab_glyph::FontRef<'static>,
    text: &str,
    (x, y): (f64, f64),
    em: f64,
    colour: Rgb,
    align: Align,
) {
    use ab_glyph::{Font as _, ScaleFont as _, point};
    let px = Font::px_scale(face, em);
    let scaled = face.as_scaled(px);
    let mut caret = 0f32;
    let mut prev = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(px, point(caret, 0.0)));
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
    let width = f64::from(caret);
    let left = match align {
        Align::Left => x,
        Align::Center => x - width / 2.0,
        Align::Right => x - width,
    };
    let baseline = y + BASELINE * em;
    let (cr, cg, cb) = (
        f32::from(colour.0),
        f32::from(colour.1),
        f32::from(colour.2),
    );
    for mut g in glyphs {
        g.position = point(g.position.x + left as f32, baseline as f32);
        let Some(outline) = face.outline_glyph(g) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            let px_x = bounds.min.x as i64 + i64::from(gx);
            let px_y = bounds.min.y as i64 + i64::from(gy);
            if px_x < 0 || px_y < 0 || px_x >= i64::from(w) || px_y >= i64::from(h) {
                return;
            }
            let a = cov.clamp(0.0, 1.0);
            let i = (px_y as usize * w as usize + px_x as usize) * 3;
            if let Some(p) = buf.get_mut(i..i + 3) {
                p[0] = (f32::from(p[0]) * (1.0 - a) + cr * a).round() as u8;
                p[1] = (f32::from(p[1]) * (1.0 - a) + cg * a).round() as u8;
                p[2] = (f32::from(p[2]) * (1.0 - a) + cb * a).round() as u8;
            }
        });
    }
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Draws every item but text, back to front.
fn draw_shapes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    s: f64,
) -> Result<()> {
    root.fill(&WHITE).map_err(chart_error)?;
    let p = |x: f64, y: f64| ((x * s).round() as i32, (y * s).round() as i32);
    for item in &scene.items {
        match item {
            Item::Rect {
                x0,
                y0,
                x1,
                y1,
                fill,
                alpha,
            } => {
                let style = rgb(*fill).mix(*alpha).filled();
                root.draw(&Rectangle::new([p(*x0, *y0), p(*x1, *y1)], style))
                    .map_err(chart_error)?;
            }
            Item::Line {
                points,
                colour,
                width,
                dash,
            } => {
                let style = ShapeStyle {
                    color: rgb(*colour).to_rgba(),
                    filled: false,
                    stroke_width: (width * s).round().max(1.0) as u32,
                };
                let pieces = match dash {
                    None => vec![points.clone()],
                    Some((on, off)) => dashes(points, *on, *off),
                };
                for piece in pieces {
                    let pts: Vec<(i32, i32)> = piece.iter().map(|(x, y)| p(*x, *y)).collect();
                    root.draw(&PathElement::new(pts, style))
                        .map_err(chart_error)?;
                }
            }
            Item::Circle {
                x,
                y,
                r,
                colour,
                filled,
            } => {
                let style = if *filled {
                    rgb(*colour).filled()
                } else {
                    rgb(*colour).stroke_width((1.5 * s).round().max(1.0) as u32)
                };
                if !filled {
                    // A hollow marker is white inside, so lines behind it do not show through.
                    root.draw(&Circle::new(
                        p(*x, *y),
                        (r * s).round() as i32,
                        WHITE.filled(),
                    ))
                    .map_err(chart_error)?;
                }
                root.draw(&Circle::new(p(*x, *y), (r * s).round() as i32, style))
                    .map_err(chart_error)?;
            }
            Item::Polygon {
                points,
                fill,
                alpha,
            } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| p(*x, *y)).collect();
                root.draw(&Polygon::new(pts, rgb(*fill).mix(*alpha).filled()))
                    .map_err(chart_error)?;
            }
            Item::Text { .. } => {}
        }
    }
    Ok(())
}

/// Draws the text items as SVG `<text>`, after (so above) every shape.
fn draw_svg_text<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, scene: &Scene) -> Result<()> {
    let family = scene.font.family();
    for item in &scene.items {
        if let Item::Text {
            x,
            y,
            text,
            size,
            colour,
            align,
            bold,
        } = item
        {
            let weight = if *bold
                && !std::ptr::eq(scene.font.face(text, true), scene.font.face(text, false))
            {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let h = match align {
                Align::Left => HPos::Left,
                Align::Center => HPos::Center,
                Align::Right => HPos::Right,
            };
            // plotters writes font-size = size / 1.24; we want `size` as the CSS font size.
            let style = FontDesc::new(FontFamily::Name(family), size * 1.24, weight)
                .color(&rgb(*colour))
                .pos(Pos::new(h, VPos::Center));
            // No-break spaces only steer wrapping; drawn, they are plain spaces.
            let shown = text.replace('\u{a0}', " ");
            root.draw(&Text::new(
                shown,
                (x.round() as i32, y.round() as i32),
                style,
            ))
            .map_err(chart_error)?;
        }
    }
    Ok(())
}

/// Cuts a polyline into dashes `on` long with gaps `off` long.
fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        if drawing && cur.is_empty() {
            cur.push(a);
        }
        while len - t > left {
            t += left;
            let q = (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            if drawing {
                cur.push(q);
                out.push(std::mem::take(&mut cur));
                left = off;
            } else {
                cur.push(q);
                left = on;
            }
            drawing = !drawing;
        }
        left -= len - t;
        if drawing {
            cur.push(b);
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_alternate() {
        let d = dashes(&[(0.0, 0.0), (10.0, 0.0)], 2.0, 2.0);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0], vec![(0.0, 0.0), (2.0, 0.0)]);
        assert_eq!(d[1], vec![(4.0, 0.0), (6.0, 0.0)]);
    }

    #[test]
    fn tokens_break_between_cjk_and_keep_punctuation() {
        assert_eq!(tokens("a b"), vec!["a", " b"]);
        assert_eq!(tokens("日本。韓国"), vec!["日", "本。", "韓", "国"]);
        assert_eq!(tokens("韓国、2016年）"), vec!["韓", "国、", "2016年）"]);
        // Korean breaks between words only.
        assert_eq!(tokens("1회는 미공개"), vec!["1회는", " 미공개"]);
        assert_eq!(
            tokens("n\u{a0}=\u{a0}1,000 x"),
            vec!["n\u{a0}=\u{a0}1,000", " x"]
        );
    }

    #[test]
    fn text_content_stays_on_the_tag_line() {
        assert_eq!(
            text_on_one_line("<svg>\n<text x=\"1\">\nChina</text>\n<rect/>"),
            "<svg>\n<text x=\"1\">China</text>\n<rect/>"
        );
    }

    #[test]
    fn font_sizes_are_rounded() {
        assert_eq!(
            tidy_font_sizes(
                r#"<text font-size="13.000000000000002">a</text><text font-size="12.5">"#
            ),
            r#"<text font-size="13">a</text><text font-size="12.5">"#
        );
    }

    #[test]
    fn hex_colours_parse() {
        assert_eq!(Rgb::hex("#D55E00"), Rgb(0xD5, 0x5E, 0x00));
    }
}
