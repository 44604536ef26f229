//! The trend chart: figures across waves, a line and an interval band per country or option,
//! gaps and markers at series breaks, optional fitted trends.

use jiff::civil::Date;

use super::frame::{self, Area, Entry, Kind, LABEL, Marker, PALETTE, Scale, Settings, TICK};
use super::lang::{Key, Lang, country_colour};
use super::scene::{Align, MUTED, Rgb, Scene};
use super::spec::{Caption, Value};
use crate::label::Text;
use crate::model::Country;
use crate::{Error, Result};

/// One wave's figure on a [`TrendLine`].
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use yoron::chart::{LinePoint, Value};
/// let p = LinePoint::on(date(2016, 7, 1), Value::new(21.3));
/// assert!((p.year() - 2016.5).abs() < 0.01);
/// assert!(!p.is_after_break());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinePoint {
    year: f64,
    value: Value,
    after_break: bool,
}

impl LinePoint {
    /// A figure at a (fractional) year, e.g. 2016.5 for mid-2016.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{LinePoint, Value};
    /// assert_eq!(LinePoint::new(2016.0, Value::new(50.0)).year(), 2016.0);
    /// ```
    pub fn new(year: f64, value: Value) -> LinePoint {
        LinePoint {
            year,
            value,
            after_break: false,
        }
    }

    /// A figure on a date (e.g. the middle of its fieldwork).
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// use yoron::chart::{LinePoint, Value};
    /// assert_eq!(LinePoint::on(date(2020, 1, 1), Value::new(50.0)).year(), 2020.0);
    /// ```
    pub fn on(date: Date, value: Value) -> LinePoint {
        let days = f64::from(date.day_of_year() - 1);
        let length = f64::from(date.days_in_year());
        LinePoint::new(f64::from(date.year()) + days / length, value)
    }

    /// Marks a series break before this point (a change of mode, sample or wording): the
    /// line is not joined across it and the chart marks it.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{LinePoint, Value};
    /// assert!(LinePoint::new(2020.8, Value::new(34.9)).after_break().is_after_break());
    /// ```
    pub fn after_break(self) -> LinePoint {
        LinePoint {
            after_break: true,
            ..self
        }
    }

    /// The year, fractional.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{LinePoint, Value};
    /// assert_eq!(LinePoint::new(2019.75, Value::new(26.7)).year(), 2019.75);
    /// ```
    pub fn year(&self) -> f64 {
        self.year
    }

    /// The figure.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{LinePoint, Value};
    /// assert_eq!(LinePoint::new(2019.75, Value::new(26.7)).value().percent(), 26.7);
    /// ```
    pub fn value(&self) -> Value {
        self.value
    }

    /// True when a series break comes before this point.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{LinePoint, Value};
    /// assert!(!LinePoint::new(2019.75, Value::new(26.7)).is_after_break());
    /// ```
    pub fn is_after_break(&self) -> bool {
        self.after_break
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Who {
    Country(Country, Text),
    Label(Text),
}

/// One line of a [`TrendChart`]: a country's or an option's figures over time.
///
/// # Example
/// ```
/// use yoron::Country;
/// use yoron::chart::{TrendLine, LinePoint, Value};
/// let line = TrendLine::country(Country::JP)
///     .point(LinePoint::new(2015.4, Value::new(31.0)))
///     .point(LinePoint::new(2016.5, Value::new(29.1)));
/// assert_eq!(line.points().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TrendLine {
    who: Who,
    points: Vec<LinePoint>,
    fitted: Vec<(f64, f64)>,
}

impl TrendLine {
    /// A line for a country's respondents (the country's name and colour).
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{Lang, TrendLine};
    /// assert_eq!(TrendLine::country(Country::KR).label(Lang::En), "South Korea");
    /// ```
    pub fn country(country: Country) -> TrendLine {
        TrendLine::country_labelled(country, Text::for_country(country))
    }

    /// A line in a country's colour with its own label (e.g. "Japan's view of South
    /// Korea").
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{Lang, TrendLine};
    /// let l = TrendLine::country_labelled(Country::JP, "Japanese respondents");
    /// assert_eq!(l.label(Lang::Ja), "Japanese respondents");
    /// ```
    pub fn country_labelled(country: Country, label: impl Into<Text>) -> TrendLine {
        TrendLine {
            who: Who::Country(country, label.into()),
            points: Vec::new(),
            fitted: Vec::new(),
        }
    }

    /// A line with its own label (an option, or a question), coloured from the chart's
    /// palette.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, Text, TrendLine};
    /// assert_eq!(TrendLine::labelled("China").label(Lang::Ja), "China");
    /// assert_eq!(TrendLine::labelled(Text::new("China").ja("中国")).label(Lang::Ja), "中国");
    /// ```
    pub fn labelled(label: impl Into<Text>) -> TrendLine {
        TrendLine {
            who: Who::Label(label.into()),
            points: Vec::new(),
            fitted: Vec::new(),
        }
    }

    /// Adds a wave's figure (points are drawn in year order).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{TrendLine, LinePoint, Value};
    /// let l = TrendLine::labelled("Korea").point(LinePoint::new(2019.8, Value::new(26.7)));
    /// assert_eq!(l.points()[0].year(), 2019.8);
    /// ```
    pub fn point(mut self, point: LinePoint) -> TrendLine {
        self.points.push(point);
        self
    }

    /// Adds a fitted trend, drawn dashed through `(year, percent)` points. The chart does not
    /// fit it: pass what the statistics computed.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::TrendLine;
    /// let l = TrendLine::labelled("Korea").fitted(vec![(2010.0, 60.0), (2020.0, 30.0)]);
    /// assert_eq!(l.fitted_points().len(), 2);
    /// ```
    pub fn fitted(mut self, points: Vec<(f64, f64)>) -> TrendLine {
        self.fitted = points;
        self
    }

    /// The points, as added.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::TrendLine::labelled("US").points().is_empty());
    /// ```
    pub fn points(&self) -> &[LinePoint] {
        &self.points
    }

    /// The fitted trend's points.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::TrendLine::labelled("US").fitted_points().is_empty());
    /// ```
    pub fn fitted_points(&self) -> &[(f64, f64)] {
        &self.fitted
    }

    /// The line's label in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, TrendLine};
    /// assert_eq!(TrendLine::country(yoron::Country::JP).label(Lang::Ko), "일본");
    /// ```
    pub fn label(&self, lang: Lang) -> &str {
        match &self.who {
            Who::Country(_, l) | Who::Label(l) => l.get(lang),
        }
    }

    /// The label in every language.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, TrendLine};
    /// let l = TrendLine::country(yoron::Country::KR);
    /// assert_eq!(l.label_text().translated(Lang::Ja), Some("韓国"));
    /// ```
    pub fn label_text(&self) -> &Text {
        match &self.who {
            Who::Country(_, l) | Who::Label(l) => l,
        }
    }

    fn sorted(&self) -> Vec<LinePoint> {
        let mut p = self.points.clone();
        p.sort_by(|a, b| a.year.total_cmp(&b.year));
        p
    }
}

/// Figures across waves: a line per country or option, the interval as a band, a gap and a
/// marker at each recorded series break, and optional fitted trends.
///
/// Build it from data with [`TrendChart::from_trends`] (one line per question, option or
/// country) or [`TrendChart::from_mirror`].
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::Country;
/// use yoron::chart::TrendChart;
/// use yoron::compare::CompareOptions;
/// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
/// let trend = q.trend(Country::JP, "feel_total")?;
/// // Some waves publish no n: drawn without an interval, and the chart says so …
/// let svg = TrendChart::from_trends(std::slice::from_ref(&trend), &CompareOptions::new())?
///     .to_svg()?;
/// assert!(svg.contains("drawn without an interval"));
/// // … or with an assumed n, which the chart states.
/// let chart = TrendChart::from_trends(&[trend], &CompareOptions::new().assume_n(1800))?;
/// let svg = chart.to_svg()?;
/// assert!(svg.contains("series break")); // FY2020: face-to-face → postal
/// assert!(svg.contains("assume n"));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TrendChart {
    caption: Caption,
    lines: Vec<TrendLine>,
    settings: Settings,
}

impl TrendChart {
    /// A trend chart with this caption and no lines yet, for figures from elsewhere.
    ///
    /// # Example
    /// ```
    /// # use yoron::chart::Chart as _;
    /// let chart = yoron::chart::TrendChart::from_caption(yoron::chart::Caption::new("T"));
    /// assert!(chart.to_svg().is_err()); // no lines
    /// ```
    pub fn from_caption(caption: Caption) -> TrendChart {
        TrendChart {
            caption,
            lines: Vec::new(),
            settings: Settings::default(),
        }
    }

    /// Adds a line.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = TrendChart::from_caption(caption).line(TrendLine::country(Country::JP)
    ///     .point(LinePoint::new(2015.4, Value::new(31.0)))
    ///     .point(LinePoint::new(2016.5, Value::new(29.1))));
    /// assert!(chart.to_svg()?.contains(">Japan<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn line(mut self, line: TrendLine) -> TrendChart {
        self.lines.push(line);
        self
    }

    /// The lines, as added.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = TrendChart::from_caption(caption).line(TrendLine::labelled("US"));
    /// assert_eq!(chart.lines().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn lines(&self) -> &[TrendLine] {
        &self.lines
    }

    fn colours(&self) -> Vec<Rgb> {
        let mut k = 0;
        self.lines
            .iter()
            .map(|l| match &l.who {
                Who::Country(c, _) => Rgb::hex(country_colour(*c)),
                Who::Label(_) => {
                    let c = PALETTE[k % PALETTE.len()];
                    k += 1;
                    c
                }
            })
            .collect()
    }

    fn x_range(&self) -> (f64, f64) {
        let xs = self.lines.iter().flat_map(|l| {
            l.points
                .iter()
                .map(|p| p.year)
                .chain(l.fitted.iter().map(|f| f.0))
        });
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        let pad = ((hi - lo) * 0.03).max(0.25);
        (lo - pad, hi + pad)
    }

    fn y_max(&self) -> f64 {
        let top = self
            .lines
            .iter()
            .flat_map(|l| {
                l.points
                    .iter()
                    .map(|p| p.value.max())
                    .chain(l.fitted.iter().map(|f| f.1))
            })
            .fold(0.0, f64::max);
        frame::nice_range(0.0, top.max(10.0), 5).1.min(100.0)
    }

    /// The x of each break. A line knows only that its series broke between two of its
    /// waves; lines that skip waves give wider spans for the same event. Overlapping spans
    /// are one break, drawn midway through the span all of them share.
    fn breaks(&self) -> Vec<f64> {
        let mut spans: Vec<(f64, f64)> = Vec::new();
        for l in &self.lines {
            let p = l.sorted();
            for w in p.windows(2) {
                if w[1].after_break {
                    spans.push((w[0].year, w[1].year));
                }
            }
        }
        spans.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(m) if a < m.1 && b > m.0 => *m = (m.0.max(a), m.1.min(b)),
                _ => merged.push((a, b)),
            }
        }
        merged.into_iter().map(|(a, b)| (a + b) / 2.0).collect()
    }
}

impl Kind for TrendChart {
    fn caption(&self) -> &Caption {
        &self.caption
    }

    fn check(&self) -> Result<()> {
        if self.lines.is_empty() || self.lines.iter().all(|l| l.points.is_empty()) {
            return Err(Error::invalid_argument(
                "lines",
                "at least one line with points",
                "none",
            ));
        }
        for l in &self.lines {
            let name = l.label(Lang::En);
            for p in &l.points {
                if !p.year.is_finite() || !(1000.0..=3000.0).contains(&p.year) {
                    return Err(Error::invalid_argument(
                        format!("line \"{name}\" point year"),
                        "a year between 1000 and 3000",
                        p.year.to_string(),
                    ));
                }
                p.value.check(&format!("line \"{name}\", {}", p.year))?;
            }
            for (x, y) in &l.fitted {
                if !x.is_finite() || !y.is_finite() || !(1000.0..=3000.0).contains(x) {
                    return Err(Error::invalid_argument(
                        format!("line \"{name}\" fitted point"),
                        "a finite (year, percent) pair",
                        format!("({x}, {y})"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.points.iter().any(|p| p.value.interval().is_some()))
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for l in &self.lines {
            out.push_str(l.label(lang));
            out.push('\n');
        }
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        // Lines are labelled at their ends; the legend only explains the dashes.
        let mut e: Vec<Entry> = Vec::new();
        if self.lines.iter().any(|l| !l.fitted.is_empty()) {
            e.push(Entry {
                marker: Marker::Dashed(MUTED),
                label: lang.tr(Key::Fitted).to_string(),
            });
        }
        e
    }

    fn plot_height(&self, _scene: &Scene, width: f64, _lang: Lang) -> (f64, f64) {
        ((width * 0.45).clamp(260.0, 460.0), 200.0)
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let colours = self.colours();
        let label_w = self
            .lines
            .iter()
            .map(|l| scene.measure(l.label(lang), LABEL))
            .fold(0.0, f64::max)
            .min(area.width() * 0.25);
        let top = area.y0 + 24.0;
        let bottom = area.y1 - 24.0;
        let x0 = area.x0 + 34.0;
        let x1 = area.x1 - label_w - 16.0;
        let (lo, hi) = self.x_range();
        let xs = Scale {
            d0: lo,
            d1: hi,
            r0: x0,
            r1: x1,
        };
        let ys = Scale {
            d0: 0.0,
            d1: self.y_max(),
            r0: bottom,
            r1: top,
        };
        frame::time_axes(scene, lang, xs, ys, area.y0);
        // Breaks: a dashed rule and a label; labels that would collide are left out.
        let mut last_label_end = f64::NEG_INFINITY;
        for b in self.breaks() {
            let x = xs.at(b);
            scene.dashed(vec![(x, top - 4.0), (x, bottom)], MUTED, 1.2, (5.0, 4.0));
            let t = lang.tr(Key::SeriesBreak);
            let w = scene.measure(t, TICK);
            if x - w / 2.0 > last_label_end + 6.0 {
                let cx = x.clamp(x0 + w / 2.0, x1 - w / 2.0);
                scene.text(cx, top - 12.0, t, TICK.align(Align::Center));
                last_label_end = cx + w / 2.0;
            }
        }
        // Bands first, then lines and points over them.
        for (l, c) in self.lines.iter().zip(&colours) {
            for seg in segments(&l.sorted()) {
                for run in seg
                    .split(|p| p.value.interval().is_none())
                    .filter(|r| r.len() >= 2)
                {
                    let mut poly: Vec<(f64, f64)> = run
                        .iter()
                        .filter_map(|p| {
                            p.value.interval().map(|b| (xs.at(p.year), ys.at(b.high())))
                        })
                        .collect();
                    poly.extend(run.iter().rev().filter_map(|p| {
                        p.value.interval().map(|b| (xs.at(p.year), ys.at(b.low())))
                    }));
                    scene.polygon(poly, *c, 0.18);
                }
                // A point with no neighbour with an interval (alone in its segment, or
                // between waves without n) has no band: a whisker shows its interval.
                for run in seg.split(|p| p.value.interval().is_none()) {
                    let [p] = run else { continue };
                    if let Some((lo, hi)) = p.value.interval().map(|b| (b.low(), b.high())) {
                        let x = xs.at(p.year);
                        let (y0, y1) = (ys.at(lo), ys.at(hi));
                        scene.line(vec![(x, y0), (x, y1)], *c, 1.5);
                        scene.line(vec![(x - 3.0, y0), (x + 3.0, y0)], *c, 1.5);
                        scene.line(vec![(x - 3.0, y1), (x + 3.0, y1)], *c, 1.5);
                    }
                }
            }
        }
        let mut ends: Vec<(f64, String, Rgb)> = Vec::new();
        for (l, c) in self.lines.iter().zip(&colours) {
            if l.fitted.len() >= 2 {
                let pts = l
                    .fitted
                    .iter()
                    .map(|(x, y)| (xs.at(*x), ys.at(y.clamp(0.0, ys.d1))))
                    .collect();
                scene.dashed(pts, *c, 1.5, (6.0, 4.0));
            }
            let sorted = l.sorted();
            for seg in segments(&sorted) {
                let pts: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|p| (xs.at(p.year), ys.at(p.value.percent())))
                    .collect();
                if pts.len() >= 2 {
                    scene.line(pts.clone(), *c, 2.2);
                }
                for (x, y) in pts {
                    scene.circle(x, y, 3.5, *c, true);
                }
            }
            if let Some(last) = sorted.last() {
                ends.push((ys.at(last.value.percent()), l.label(lang).to_string(), *c));
            }
        }
        // Line-end labels, pushed apart so they never overlap.
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        let gap = LABEL.line_height();
        let mut placed: Vec<f64> = Vec::new();
        for (i, e) in ends.iter().enumerate() {
            let want = e.0.clamp(top, bottom);
            let y = match placed.last() {
                Some(prev) if want < prev + gap => prev + gap,
                _ => want,
            };
            placed.push(y);
            let _ = i;
        }
        // If pushing ran past the bottom, shift the stack up.
        if let Some(last) = placed.last().copied()
            && last > bottom
        {
            let shift = last - bottom;
            for y in &mut placed {
                *y -= shift;
            }
        }
        for (e, y) in ends.iter().zip(placed) {
            let text = super::frame::label_lines(scene, &e.1, label_w, 1).join("");
            scene.text(x1 + 10.0, y, &text, LABEL.colour(e.2));
        }
    }
}

/// Splits sorted points at series breaks.
fn segments(points: &[LinePoint]) -> Vec<&[LinePoint]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..points.len() {
        if points[i].after_break {
            out.push(&points[start..i]);
            start = i;
        }
    }
    if start < points.len() {
        out.push(&points[start..]);
    }
    out
}

super::chart_methods!(
    TrendChart,
    concat!(
        super::demo_caption!(),
        "\nlet chart = TrendChart::from_caption(caption).line(TrendLine::country(Country::JP).point(LinePoint::new(2015.4, Value::new(31.0).with_interval(28.2, 33.9))).point(LinePoint::new(2016.5, Value::new(29.1).with_interval(26.4, 32.0))));"
    )
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_at_breaks() {
        let p = [
            LinePoint::new(2018.0, Value::new(1.0)),
            LinePoint::new(2019.0, Value::new(1.0)),
            LinePoint::new(2020.0, Value::new(1.0)).after_break(),
            LinePoint::new(2021.0, Value::new(1.0)),
        ];
        let s = segments(&p);
        assert_eq!(s.iter().map(|s| s.len()).collect::<Vec<_>>(), vec![2, 2]);
    }
}
