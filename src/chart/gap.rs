//! The gap (dumbbell) chart: two countries' figures per option joined by a bar, and beside it
//! the gap with its interval, sorted by gap, significant gaps filled.

use super::frame::{
    self, Area, Entry, Kind, LABEL, Marker, Scale, Settings, TICK, VALUE, label_column,
    label_lines, row_label, whisker,
};
use super::lang::{Key, Lang, country_colour, country_name, fill};
use super::options::Order;
use super::scene::{AXIS, Align, MUTED, Rgb, Scene};
use super::spec::{Caption, Value, check_range, number};
use crate::label::Text;
use crate::model::Country;
use crate::{Error, Result};

/// Whether a gap is significant at the chart's level.
///
/// # Example
/// ```
/// use yoron::chart::Significance;
/// assert_ne!(Significance::Significant, Significance::NotSignificant);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Significance {
    /// The interval excludes zero: drawn as a filled dot.
    Significant,
    /// The interval includes zero: drawn as a hollow dot.
    NotSignificant,
    /// No test (e.g. no n): drawn as a hollow grey dot.
    NotTested,
}

/// A difference in percentage points with its interval and significance.
///
/// # Example
/// ```
/// use yoron::chart::{Gap, Significance};
/// let g = Gap::new(44.0, Significance::Significant).with_interval(39.8, 48.0);
/// assert_eq!(g.points(), 44.0);
/// assert_eq!(g.interval(), Some(yoron::stats::Bounds::new(39.8, 48.0)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    points: f64,
    interval: Option<(f64, f64)>,
    significance: Significance,
}

impl Gap {
    /// A gap of `points` percentage points (first country minus second).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, Significance};
    /// assert_eq!(Gap::new(-11.0, Significance::NotTested).significance(), Significance::NotTested);
    /// ```
    pub fn new(points: f64, significance: Significance) -> Gap {
        Gap {
            points,
            interval: None,
            significance,
        }
    }

    /// The same gap with an interval from `low` to `high` points.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, Significance};
    /// let g = Gap::new(-11.0, Significance::Significant).with_interval(-14.0, -8.0);
    /// assert_eq!(g.interval(), Some(yoron::stats::Bounds::new(-14.0, -8.0)));
    /// ```
    pub fn with_interval(self, low: f64, high: f64) -> Gap {
        Gap {
            interval: Some((low, high)),
            ..self
        }
    }

    /// The gap in percentage points.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, Significance};
    /// assert_eq!(Gap::new(3.0, Significance::NotSignificant).points(), 3.0);
    /// ```
    pub fn points(&self) -> f64 {
        self.points
    }

    /// The interval, when there is one.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, Significance};
    /// assert_eq!(Gap::new(3.0, Significance::NotTested).interval(), None);
    /// ```
    pub fn interval(&self) -> Option<crate::stats::Bounds> {
        self.interval
            .map(|(lo, hi)| crate::stats::Bounds::new(lo, hi))
    }

    /// The significance.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, Significance};
    /// assert_eq!(Gap::new(3.0, Significance::NotSignificant).significance(), Significance::NotSignificant);
    /// ```
    pub fn significance(&self) -> Significance {
        self.significance
    }
}

/// One option of a [`GapChart`]: both countries' figures and their gap.
///
/// # Example
/// ```
/// use yoron::chart::{Gap, GapRow, Significance, Value};
/// let row = GapRow::new("China", Value::new(80.0), Value::new(36.0), Gap::new(44.0, Significance::Significant));
/// assert_eq!(row.label().to_string(), "China");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GapRow {
    label: Text,
    first: Value,
    second: Value,
    gap: Gap,
}

impl GapRow {
    /// An option labelled `label`, with the first and second country's figures and the gap
    /// (first minus second).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, GapRow, Significance, Value};
    /// let row = GapRow::new("Russia", Value::new(29.0), Value::new(6.0), Gap::new(23.0, Significance::Significant));
    /// assert_eq!(row.gap().points(), 23.0);
    /// ```
    pub fn new(label: impl Into<Text>, first: Value, second: Value, gap: Gap) -> GapRow {
        GapRow {
            label: label.into(),
            first,
            second,
            gap,
        }
    }

    /// The label.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, GapRow, Significance, Value};
    /// let row = GapRow::new("Russia", Value::new(29.0), Value::new(6.0), Gap::new(23.0, Significance::Significant));
    /// assert_eq!(row.label().to_string(), "Russia");
    /// ```
    pub fn label(&self) -> &Text {
        &self.label
    }

    /// The gap.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Gap, GapRow, Significance, Value};
    /// let row = GapRow::new("Russia", Value::new(29.0), Value::new(6.0), Gap::new(23.0, Significance::Significant));
    /// assert_eq!(row.gap().significance(), Significance::Significant);
    /// ```
    pub fn gap(&self) -> Gap {
        self.gap
    }
}

/// The gap between two countries per option: a dumbbell of both figures, and the gap with
/// its interval on a percentage-point axis; rows sorted by gap, significant gaps filled.
///
/// Build it from a [`GapTable`](crate::compare::GapTable) with [`GapChart::new`].
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::chart::GapChart;
/// use yoron::compare::{CompareOptions, GapTable};
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let gaps = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
/// let chart = GapChart::new(&gaps);
/// assert_eq!(chart.rows().len(), 2); // Japan was asked of Korea only: noted, not drawn
/// assert!(chart.to_svg()?.contains("+44"));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct GapChart {
    caption: Caption,
    first: Country,
    second: Country,
    rows: Vec<GapRow>,
    order: Order,
    settings: Settings,
}

impl GapChart {
    /// A gap chart of `first` minus `second`, with no rows yet, for figures from elsewhere.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::*;
    /// let chart = GapChart::from_caption(Caption::new("T"), Country::JP, Country::KR);
    /// assert!(chart.to_svg().is_err()); // no rows
    /// ```
    pub fn from_caption(caption: Caption, first: Country, second: Country) -> GapChart {
        GapChart {
            caption,
            first,
            second,
            rows: Vec::new(),
            order: Order::Descending,
            settings: Settings::default(),
        }
    }

    /// Adds an option.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = GapChart::from_caption(caption, Country::JP, Country::KR)
    ///     .row(GapRow::new("Russia", Value::new(29.0), Value::new(6.0), Gap::new(23.0, Significance::Significant)));
    /// assert!(chart.to_svg()?.contains(">Russia<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn row(mut self, row: GapRow) -> GapChart {
        self.rows.push(row);
        self
    }

    /// Sets the order of the rows (default: largest gap first).
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = GapChart::from_caption(caption, Country::JP, Country::KR)
    ///     .row(GapRow::new("North Korea", Value::new(73.0), Value::new(84.0), Gap::new(-11.0, Significance::Significant)))
    ///     .row(GapRow::new("China", Value::new(80.0), Value::new(36.0), Gap::new(44.0, Significance::Significant)))
    ///     .order(Order::AsGiven);
    /// let svg = chart.to_svg()?;
    /// assert!(svg.find(">North Korea<") < svg.find(">China<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn order(mut self, order: Order) -> GapChart {
        self.order = order;
        self
    }

    /// The rows, as added.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = GapChart::from_caption(caption, Country::JP, Country::KR)
    ///     .row(GapRow::new("Russia", Value::new(29.0), Value::new(6.0), Gap::new(23.0, Significance::Significant)));
    /// assert_eq!(chart.rows()[0].gap().points(), 23.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rows(&self) -> &[GapRow] {
        &self.rows
    }

    fn sorted(&self) -> Vec<&GapRow> {
        let mut rows: Vec<&GapRow> = self.rows.iter().collect();
        if self.order == Order::Descending {
            rows.sort_by(|a, b| b.gap.points.total_cmp(&a.gap.points));
        }
        rows
    }

    fn gap_range(&self) -> (f64, f64) {
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        for r in &self.rows {
            let (a, b) = r.gap.interval.unwrap_or((r.gap.points, r.gap.points));
            lo = lo.min(a).min(r.gap.points);
            hi = hi.max(b).max(r.gap.points);
        }
        frame::nice_range(lo, hi, 5)
    }

    fn labels(&self, lang: Lang) -> Vec<&str> {
        self.rows.iter().map(|r| r.label.get(lang)).collect()
    }

    fn label_width(&self, scene: &Scene, width: f64, lang: Lang) -> f64 {
        label_column(scene, &self.labels(lang), width * 0.22).max(40.0)
    }

    fn axis_title(&self, lang: Lang) -> String {
        let diff = format!(
            "{} − {}",
            country_name(self.first, lang),
            country_name(self.second, lang)
        );
        fill(lang.tr(Key::PointsAxis), &[&diff])
    }
}

const AXIS_ROOM: f64 = 30.0;
const HEAD_ROOM: f64 = 22.0;
const ROW_H: f64 = 34.0;

impl Kind for GapChart {
    fn caption(&self) -> &Caption {
        &self.caption
    }

    fn check(&self) -> Result<()> {
        if self.rows.is_empty() {
            return Err(Error::invalid_argument(
                "rows",
                "at least one option",
                "none",
            ));
        }
        if self.first == self.second {
            return Err(Error::invalid_argument(
                "countries",
                "two different countries",
                format!("{0} and {0}", self.first),
            ));
        }
        for r in &self.rows {
            let what = format!("row \"{}\"", r.label);
            r.first
                .check(&format!("{what}, {}", country_name(self.first, Lang::En)))?;
            r.second
                .check(&format!("{what}, {}", country_name(self.second, Lang::En)))?;
            check_range(
                &format!("{what}, gap"),
                r.gap.points,
                r.gap.interval,
                -100.0,
                100.0,
                "percentage-point",
            )?;
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        self.rows.iter().any(|r| r.gap.interval.is_some())
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for r in &self.rows {
            out.push_str(r.label.get(lang));
            out.push('\n');
        }
        out.push_str(&self.axis_title(lang));
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        let grey = Rgb(0x44, 0x44, 0x44);
        let mut e = vec![
            Entry {
                marker: Marker::Dot(Rgb::hex(country_colour(self.first))),
                label: country_name(self.first, lang),
            },
            Entry {
                marker: Marker::Dot(Rgb::hex(country_colour(self.second))),
                label: country_name(self.second, lang),
            },
        ];
        let sig = |s| self.rows.iter().any(|r| r.gap.significance == s);
        if sig(Significance::Significant) {
            e.push(Entry {
                marker: Marker::Dot(grey),
                label: lang.tr(Key::Significant).to_string(),
            });
        }
        if sig(Significance::NotSignificant) {
            e.push(Entry {
                marker: Marker::Hollow(grey),
                label: lang.tr(Key::NotSignificant).to_string(),
            });
        }
        if sig(Significance::NotTested) {
            e.push(Entry {
                marker: Marker::Hollow(MUTED),
                label: lang.tr(Key::NotTested).to_string(),
            });
        }
        e
    }

    fn plot_height(&self, scene: &Scene, width: f64, lang: Lang) -> (f64, f64) {
        let rows = self.rows.len() as f64;
        let lines = frame::max_label_lines(
            scene,
            &self.labels(lang),
            self.label_width(scene, width, lang),
            2,
        );
        let row = ROW_H.max(lines as f64 * LABEL.line_height() + 8.0);
        (
            HEAD_ROOM + rows * row + AXIS_ROOM,
            HEAD_ROOM + rows * (lines as f64 * LABEL.line_height() + 2.0) + AXIS_ROOM,
        )
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let label_w = self.label_width(scene, area.width(), lang);
        let rows = self.sorted();
        let top = area.y0 + HEAD_ROOM;
        let row_h = (area.y1 - top - AXIS_ROOM) / rows.len() as f64;
        let bottom = top + row_h * rows.len() as f64;
        let left0 = area.x0 + label_w + 14.0;
        let split = left0 + (area.x1 - left0) * 0.5;
        let left = Scale {
            d0: 0.0,
            d1: 100.0,
            r0: left0,
            r1: split - 28.0,
        };
        let (g0, g1) = self.gap_range();
        let right = Scale {
            d0: g0,
            d1: g1,
            r0: split + 28.0,
            r1: area.x1 - 34.0,
        };
        for i in (0..rows.len()).step_by(2) {
            let y = top + row_h * i as f64;
            scene.rect(area.x0, y, area.x1, y + row_h, Rgb(0xF5, 0xF5, 0xF5), 1.0);
        }
        let pct: Vec<f64> = (0..=5).map(|k| f64::from(k) * 20.0).collect();
        frame::x_grid(scene, left, top, bottom, &pct, false);
        frame::x_grid(scene, right, top, bottom, &frame::ticks(g0, g1, 5), true);
        scene.text(
            (left.r0 + left.r1) / 2.0,
            area.y0 + 8.0,
            lang.tr(Key::PercentAxis),
            TICK.align(Align::Center),
        );
        scene.text(
            (right.r0 + right.r1) / 2.0,
            area.y0 + 8.0,
            &self.axis_title(lang),
            TICK.align(Align::Center),
        );
        let c1 = Rgb::hex(country_colour(self.first));
        let c2 = Rgb::hex(country_colour(self.second));
        for (i, r) in rows.iter().enumerate() {
            let y = top + row_h * (i as f64 + 0.5);
            let lines = label_lines(scene, r.label.get(lang), label_w, 2);
            row_label(scene, area.x0 + label_w, y, &lines);
            // Dumbbell.
            let (a, b) = (left.at(r.first.percent()), left.at(r.second.percent()));
            scene.line(vec![(a, y), (b, y)], AXIS, 3.0);
            scene.circle(a, y, 5.5, c1, true);
            scene.circle(b, y, 5.5, c2, true);
            let (lo_x, hi_x, lo_v, hi_v) = if a <= b {
                (a, b, r.first.percent(), r.second.percent())
            } else {
                (b, a, r.second.percent(), r.first.percent())
            };
            scene.text(lo_x - 9.0, y, &number(lo_v), VALUE.align(Align::Right));
            scene.text(hi_x + 9.0, y, &number(hi_v), VALUE);
            // Gap.
            let colour = match r.gap.significance {
                Significance::NotTested => MUTED,
                _ if r.gap.points >= 0.0 => c1,
                _ => c2,
            };
            if let Some((lo, hi)) = r.gap.interval {
                whisker(scene, right.at(lo), right.at(hi), y, colour, 4.0);
            }
            let x = right.at(r.gap.points);
            scene.circle(
                x,
                y,
                5.5,
                colour,
                r.gap.significance == Significance::Significant,
            );
            let label = signed(r.gap.points);
            let hi = r.gap.interval.map_or(r.gap.points, |(_, h)| h);
            let lo = r.gap.interval.map_or(r.gap.points, |(l, _)| l);
            // The label goes on the side away from zero, clear of the zero line.
            let w = scene.measure(&label, VALUE);
            let rx = right.at(hi).max(x + 6.0) + 6.0;
            let lx = right.at(lo).min(x - 6.0) - 6.0;
            if (r.gap.points >= 0.0 && rx + w <= area.x1) || lx - w < right.r0 - 20.0 {
                scene.text(rx, y, &label, VALUE);
            } else {
                scene.text(lx, y, &label, VALUE.align(Align::Right));
            }
        }
    }
}

/// "+44", "−11", "0".
fn signed(v: f64) -> String {
    let s = number(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

super::chart_methods!(
    GapChart,
    concat!(
        super::demo_caption!(),
        "\nlet chart = GapChart::from_caption(caption, Country::JP, Country::KR).row(GapRow::new(\"China\", Value::new(80.0), Value::new(36.0), Gap::new(44.0, Significance::Significant).with_interval(39.8, 48.0)));"
    )
);
