//! The change chart: one country's figures in two waves, an arrow from old to new per
//! option.

use super::frame::{
    self, Area, Entry, Kind, LABEL, Marker, Scale, Settings, TICK, VALUE, label_column,
    label_lines, row_label,
};
use super::lang::{Key, Lang, country_colour, country_name};
use super::options::Order;
use super::scene::{Align, MUTED, Rgb, Scene};
use super::spec::{Caption, Value, number};
use crate::label::Text;
use crate::model::Country;
use crate::{Error, Result};

/// One option of a [`ChangeChart`]: its figure in the old and the new wave.
///
/// # Example
/// ```
/// use yoron::chart::{ChangeRow, Value};
/// let row = ChangeRow::new("China", Value::new(64.3), Value::new(80.0));
/// assert_eq!(row.label().to_string(), "China");
/// assert_eq!(row.new_value().percent(), 80.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeRow {
    label: Text,
    old: Value,
    new: Value,
}

impl ChangeRow {
    /// An option labelled `label` with its `old` and `new` figures.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{ChangeRow, Value};
    /// assert_eq!(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)).old_value().percent(), 40.0);
    /// ```
    pub fn new(label: impl Into<Text>, old: Value, new: Value) -> ChangeRow {
        ChangeRow {
            label: label.into(),
            old,
            new,
        }
    }

    /// The label.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{ChangeRow, Value};
    /// assert_eq!(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)).label().to_string(), "Russia");
    /// ```
    pub fn label(&self) -> &Text {
        &self.label
    }

    /// The old wave's figure.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{ChangeRow, Value};
    /// assert_eq!(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)).old_value(), Value::new(40.0));
    /// ```
    pub fn old_value(&self) -> Value {
        self.old
    }

    /// The new wave's figure.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{ChangeRow, Value};
    /// assert_eq!(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)).new_value(), Value::new(29.0));
    /// ```
    pub fn new_value(&self) -> Value {
        self.new
    }
}

/// One country's figures in two waves: per option an arrow from the old figure to the new,
/// rows sorted by the new figure.
///
/// Build it from a [`ChangeTable`](crate::compare::ChangeTable) with [`ChangeChart::new`].
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::Country;
/// use yoron::chart::ChangeChart;
/// use yoron::compare::{ChangeTable, CompareOptions};
/// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
/// let (from, to) = (q.topline("2016", Country::JP)?, q.topline("2022", Country::JP)?);
/// let table = ChangeTable::new(&from, &to, CompareOptions::new())?;
/// let svg = ChangeChart::new(&table)?.to_svg()?;
/// assert!(svg.contains(">Japan 2016<") && svg.contains(">Japan 2022<"));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ChangeChart {
    caption: Caption,
    country: Country,
    old_label: Text,
    new_label: Text,
    rows: Vec<ChangeRow>,
    order: Order,
    settings: Settings,
}

impl ChangeChart {
    /// A change chart for `country` from the wave labelled `old_label` to `new_label`, for
    /// figures from elsewhere.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::*;
    /// let chart = ChangeChart::from_caption(Caption::new("T"), yoron::Country::KR, "2015", "2016");
    /// assert!(chart.to_svg().is_err()); // no rows
    /// ```
    pub fn from_caption(
        caption: Caption,
        country: Country,
        old_label: impl Into<Text>,
        new_label: impl Into<Text>,
    ) -> ChangeChart {
        ChangeChart {
            caption,
            country,
            old_label: old_label.into(),
            new_label: new_label.into(),
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
    /// let chart = ChangeChart::from_caption(caption, Country::JP, "2015", "2016")
    ///     .row(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)));
    /// assert!(chart.to_svg()?.contains(">Russia<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn row(mut self, row: ChangeRow) -> ChangeChart {
        self.rows.push(row);
        self
    }

    /// Sets the order of the rows (default: largest new figure first).
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = ChangeChart::from_caption(caption, Country::JP, "2015", "2016")
    ///     .row(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)))
    ///     .row(ChangeRow::new("China", Value::new(70.0), Value::new(80.0)))
    ///     .order(Order::AsGiven);
    /// let svg = chart.to_svg()?;
    /// assert!(svg.find(">Russia<") < svg.find(">China<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn order(mut self, order: Order) -> ChangeChart {
        self.order = order;
        self
    }

    /// The rows, as added.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = ChangeChart::from_caption(caption, Country::JP, "2015", "2016")
    ///     .row(ChangeRow::new("Russia", Value::new(40.0), Value::new(29.0)));
    /// assert_eq!(chart.rows().len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rows(&self) -> &[ChangeRow] {
        &self.rows
    }

    fn sorted(&self) -> Vec<&ChangeRow> {
        let mut rows: Vec<&ChangeRow> = self.rows.iter().collect();
        if self.order == Order::Descending {
            rows.sort_by(|a, b| b.new.percent().total_cmp(&a.new.percent()));
        }
        rows
    }
}

const AXIS_ROOM: f64 = 44.0;
const ROW_H: f64 = 32.0;

impl Kind for ChangeChart {
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
        for r in &self.rows {
            r.old
                .check(&format!("row \"{}\", {}", r.label, self.old_label))?;
            r.new
                .check(&format!("row \"{}\", {}", r.label, self.new_label))?;
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.old.interval().is_some() || r.new.interval().is_some())
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for t in [&self.old_label, &self.new_label] {
            out.push_str(t.get(lang));
            out.push('\n');
        }
        for r in &self.rows {
            out.push_str(r.label.get(lang));
            out.push('\n');
        }
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        let c = Rgb::hex(country_colour(self.country));
        let name = country_name(self.country, lang);
        vec![
            Entry {
                marker: Marker::Hollow(c),
                label: format!("{name} {}", self.old_label.get(lang)),
            },
            Entry {
                marker: Marker::Arrow(c),
                label: format!("{name} {}", self.new_label.get(lang)),
            },
        ]
    }

    fn plot_height(&self, scene: &Scene, width: f64, lang: Lang) -> (f64, f64) {
        let rows = self.rows.len() as f64;
        let labels: Vec<&str> = self.rows.iter().map(|r| r.label.get(lang)).collect();
        let label_w = label_column(scene, &labels, width * 0.3).max(40.0);
        let lines = frame::max_label_lines(scene, &labels, label_w, 2) as f64;
        let row = ROW_H.max(lines * LABEL.line_height() + 8.0);
        (
            rows * row + AXIS_ROOM,
            rows * (lines * LABEL.line_height() + 2.0) + AXIS_ROOM,
        )
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let labels: Vec<&str> = self.rows.iter().map(|r| r.label.get(lang)).collect();
        let label_w = label_column(scene, &labels, area.width() * 0.3).max(40.0);
        let rows = self.sorted();
        let row_h = (area.y1 - area.y0 - AXIS_ROOM) / rows.len() as f64;
        let bottom = area.y0 + row_h * rows.len() as f64;
        let x0 = area.x0 + label_w + 40.0;
        let x1 = area.x1 - 40.0;
        let scale = Scale {
            d0: 0.0,
            d1: 100.0,
            r0: x0,
            r1: x1,
        };
        for i in (0..rows.len()).step_by(2) {
            let y = area.y0 + row_h * i as f64;
            scene.rect(area.x0, y, area.x1, y + row_h, Rgb(0xF5, 0xF5, 0xF5), 1.0);
        }
        let step = if x1 - x0 >= 450.0 { 10.0 } else { 20.0 };
        let ticks: Vec<f64> = (0..=(100.0 / step) as usize)
            .map(|k| k as f64 * step)
            .collect();
        frame::x_grid(scene, scale, area.y0, bottom, &ticks, true);
        scene.text(
            (x0 + x1) / 2.0,
            bottom + 28.0,
            lang.tr(Key::PercentAxis),
            TICK.align(Align::Center),
        );
        let c = Rgb::hex(country_colour(self.country));
        for (i, r) in rows.iter().enumerate() {
            let y = area.y0 + row_h * (i as f64 + 0.5);
            let lines = label_lines(scene, r.label.get(lang), label_w, 2);
            row_label(scene, area.x0 + label_w, y, &lines);
            for v in [r.old, r.new] {
                if let Some((lo, hi)) = v.interval().map(|b| (b.low(), b.high())) {
                    scene.rect(scale.at(lo), y - 2.0, scale.at(hi), y + 2.0, c, 0.25);
                }
            }
            let a = scale.at(r.old.percent());
            let b = scale.at(r.new.percent());
            let dir = if b >= a { 1.0 } else { -1.0 };
            let head = 9.0;
            if (b - a).abs() > head + 5.0 {
                scene.line(vec![(a + dir * 5.0, y), (b - dir * head, y)], c, 2.2);
            }
            scene.polygon(
                vec![(b, y), (b - dir * head, y - 5.5), (b - dir * head, y + 5.5)],
                c,
                1.0,
            );
            scene.circle(a, y, 5.0, c, false);
            let old_t = number(r.old.percent());
            let new_t = number(r.new.percent());
            let (old_style, new_style) = (VALUE.colour(MUTED), VALUE);
            // Labels go outside the arrow and outside both intervals.
            let (lo_old, hi_old) = (scale.at(r.old.min()), scale.at(r.old.max()));
            let (lo_new, hi_new) = (scale.at(r.new.min()), scale.at(r.new.max()));
            if dir > 0.0 {
                let x = (a - 9.0).min(lo_old - 4.0);
                scene.text(x, y, &old_t, old_style.align(Align::Right));
                scene.text((b + 5.0).max(hi_new + 4.0), y, &new_t, new_style);
            } else {
                scene.text((a + 9.0).max(hi_old + 4.0), y, &old_t, old_style);
                let x = (b - 5.0).min(lo_new - 4.0);
                scene.text(x, y, &new_t, new_style.align(Align::Right));
            }
        }
    }
}

super::chart_methods!(
    ChangeChart,
    concat!(
        super::demo_caption!(),
        "\nlet chart = ChangeChart::from_caption(caption, Country::JP, \"2015\", \"2016\").row(ChangeRow::new(\"China\", Value::new(70.0).with_interval(67.1, 72.8), Value::new(80.0).with_interval(77.4, 82.4)));"
    )
);
