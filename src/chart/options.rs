//! The option comparison (threat perception) chart: each option's figure per country, with
//! interval whiskers, sorted.

use super::frame::{
    self, Area, Entry, Kind, LABEL, Marker, Scale, Settings, TICK, VALUE, label_column,
    label_lines, row_label, whisker,
};
use super::lang::{Key, Lang, country_colour, country_name};
use super::scene::{Align, MUTED, Rgb, Scene};
use super::spec::{Caption, Value, number};
use crate::Result;
use crate::label::Text;
use crate::model::Country;

/// The order of rows.
///
/// # Example
/// ```
/// assert_eq!(yoron::chart::Order::default(), yoron::chart::Order::Descending);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Order {
    /// Largest first (the default): by the largest figure of the row, or the gap, or the new
    /// figure, depending on the chart.
    #[default]
    Descending,
    /// As added.
    AsGiven,
}

/// One option (answer) of an [`OptionChart`]: its label and a figure per country.
///
/// # Example
/// ```
/// use yoron::Country;
/// use yoron::chart::{OptionRow, Value};
/// let row = OptionRow::new("China").value(Country::JP, Value::new(80.0));
/// assert_eq!(row.label().to_string(), "China");
/// assert_eq!(row.get(Country::JP), Some(Value::new(80.0)));
/// assert_eq!(row.get(Country::KR), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OptionRow {
    label: Text,
    values: Vec<(Country, Value)>,
}

impl OptionRow {
    /// A row labelled `label`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, OptionRow, Text};
    /// let row = OptionRow::new(Text::new("North Korea").ja("北朝鮮"));
    /// assert_eq!(row.label().get(Lang::Ja), "北朝鮮");
    /// ```
    pub fn new(label: impl Into<Text>) -> OptionRow {
        OptionRow {
            label: label.into(),
            values: Vec::new(),
        }
    }

    /// Sets `country`'s figure (a country without one shows "no figure": e.g. not asked).
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{OptionRow, Value};
    /// let row = OptionRow::new("Japan").value(Country::KR, Value::new(38.0));
    /// assert_eq!(row.get(Country::KR).map(|v| v.percent()), Some(38.0));
    /// ```
    pub fn value(mut self, country: Country, value: Value) -> OptionRow {
        self.values.retain(|(c, _)| *c != country);
        self.values.push((country, value));
        self
    }

    /// The label.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::OptionRow::new("Russia").label().to_string(), "Russia");
    /// ```
    pub fn label(&self) -> &Text {
        &self.label
    }

    /// `country`'s figure, if any.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::OptionRow;
    /// assert_eq!(OptionRow::new("Russia").get(yoron::Country::JP), None);
    /// ```
    pub fn get(&self, country: Country) -> Option<Value> {
        self.values
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, v)| *v)
    }

    fn top(&self) -> f64 {
        self.values
            .iter()
            .map(|(_, v)| v.percent())
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Compares one question's options across countries: a dot per country and option with its
/// interval, options sorted by their largest figure. The threat-perception chart.
///
/// Build it from data with [`OptionChart::for_wave`] or [`OptionChart::from_toplines`].
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::chart::{Lang, OptionChart};
/// use yoron::compare::CompareOptions;
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let chart = OptionChart::for_wave(&q, "2016", &CompareOptions::new())?;
/// assert_eq!(chart.rows().len(), 3); // China, North Korea; Japan asked of Korea only
/// let svg = chart.lang(Lang::En).to_svg()?;
/// assert!(svg.contains("totals exceed 100 %"));
/// assert!(svg.find(">North Korea<") < svg.find(">China<")); // KR 84 > JP 80
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OptionChart {
    caption: Caption,
    rows: Vec<OptionRow>,
    order: Order,
    settings: Settings,
}

impl OptionChart {
    /// A chart with this caption and no rows yet, for figures from elsewhere.
    ///
    /// # Example
    /// ```
    /// # use yoron::chart::Chart as _;
    /// let chart = yoron::chart::OptionChart::from_caption(yoron::chart::Caption::new("T"));
    /// assert!(chart.to_svg().is_err()); // no source, no samples, no rows
    /// ```
    pub fn from_caption(caption: Caption) -> OptionChart {
        OptionChart {
            caption,
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
    /// let chart = OptionChart::from_caption(caption).row(OptionRow::new("China").value(Country::JP, Value::new(80.0)));
    /// assert!(chart.to_svg()?.contains(">China<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn row(mut self, row: OptionRow) -> OptionChart {
        self.rows.push(row);
        self
    }

    /// Sets the order of the rows (default: largest figure first).
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = OptionChart::from_caption(caption)
    ///     .row(OptionRow::new("Russia").value(Country::JP, Value::new(40.0)))
    ///     .row(OptionRow::new("China").value(Country::JP, Value::new(80.0)))
    ///     .order(Order::AsGiven);
    /// let svg = chart.to_svg()?;
    /// assert!(svg.find(">Russia<") < svg.find(">China<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn order(mut self, order: Order) -> OptionChart {
        self.order = order;
        self
    }

    /// The rows, as added.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = OptionChart::from_caption(caption).row(OptionRow::new("China"));
    /// assert_eq!(chart.rows()[0].label().to_string(), "China");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn rows(&self) -> &[OptionRow] {
        &self.rows
    }

    fn countries(&self) -> Vec<Country> {
        let mut cs: Vec<Country> = self
            .rows
            .iter()
            .flat_map(|r| r.values.iter().map(|(c, _)| *c))
            .collect();
        cs.sort();
        cs.dedup();
        cs
    }

    fn sorted(&self) -> Vec<&OptionRow> {
        let mut rows: Vec<&OptionRow> = self.rows.iter().collect();
        if self.order == Order::Descending {
            rows.sort_by(|a, b| b.top().total_cmp(&a.top()));
        }
        rows
    }

    fn geometry(&self, scene: &Scene, width: f64, lang: Lang) -> Geometry {
        let labels: Vec<&str> = self.rows.iter().map(|r| r.label.get(lang)).collect();
        let label_w = label_column(scene, &labels, width * 0.3).max(40.0);
        let n = self.countries().len().max(1) as f64;
        let lines = frame::max_label_lines(scene, &labels, label_w, 2) as f64;
        Geometry {
            label_w,
            row_h: (n * 17.0 + 12.0).max(lines * LABEL.line_height() + 8.0),
        }
    }
}

struct Geometry {
    label_w: f64,
    row_h: f64,
}

const AXIS_ROOM: f64 = 44.0;

impl Kind for OptionChart {
    fn caption(&self) -> &Caption {
        &self.caption
    }

    fn check(&self) -> Result<()> {
        if self.rows.is_empty() {
            return Err(crate::Error::invalid_argument(
                "rows",
                "at least one option",
                "none",
            ));
        }
        for r in &self.rows {
            if r.values.is_empty() {
                return Err(crate::Error::invalid_argument(
                    format!("row \"{}\"", r.label),
                    "a figure for at least one country",
                    "none",
                ));
            }
            for (c, v) in &r.values {
                v.check(&format!(
                    "row \"{}\", {}",
                    r.label,
                    country_name(*c, Lang::En)
                ))?;
            }
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.values.iter().any(|(_, v)| v.interval().is_some()))
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for r in &self.rows {
            out.push_str(r.label.get(lang));
            out.push('\n');
        }
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        self.countries()
            .into_iter()
            .map(|c| Entry {
                marker: Marker::Dot(Rgb::hex(country_colour(c))),
                label: country_name(c, lang),
            })
            .collect()
    }

    fn plot_height(&self, scene: &Scene, width: f64, lang: Lang) -> (f64, f64) {
        let g = self.geometry(scene, width, lang);
        let rows = self.rows.len() as f64;
        (
            rows * g.row_h + AXIS_ROOM,
            rows * (g.row_h * 0.8) + AXIS_ROOM,
        )
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let g = self.geometry(scene, area.width(), lang);
        let rows = self.sorted();
        let countries = self.countries();
        let row_h = (area.y1 - area.y0 - AXIS_ROOM) / rows.len() as f64;
        let x0 = area.x0 + g.label_w + 14.0;
        let x1 = area.x1 - 34.0;
        let scale = Scale {
            d0: 0.0,
            d1: 100.0,
            r0: x0,
            r1: x1,
        };
        let bottom = area.y0 + row_h * rows.len() as f64;
        for (i, _) in rows.iter().enumerate() {
            if i % 2 == 0 {
                let y = area.y0 + row_h * i as f64;
                scene.rect(area.x0, y, area.x1, y + row_h, Rgb(0xF5, 0xF5, 0xF5), 1.0);
            }
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
        let slot = 17.0;
        for (i, row) in rows.iter().enumerate() {
            let top = area.y0 + row_h * i as f64;
            let mid = top + row_h / 2.0;
            let lines = label_lines(scene, row.label.get(lang), g.label_w, 2);
            row_label(scene, area.x0 + g.label_w, mid, &lines);
            let first = mid - slot * (countries.len() as f64 - 1.0) / 2.0;
            for (k, c) in countries.iter().enumerate() {
                let y = first + slot * k as f64;
                let colour = Rgb::hex(country_colour(*c));
                match row.get(*c) {
                    Some(v) => {
                        if let Some((lo, hi)) = v.interval().map(|b| (b.low(), b.high())) {
                            whisker(scene, scale.at(lo), scale.at(hi), y, colour, 4.0);
                        }
                        let x = scale.at(v.percent());
                        scene.circle(x, y, 5.0, colour, true);
                        let label = number(v.percent());
                        let w = scene.measure(&label, VALUE);
                        let right = scale.at(v.max()).max(x + 5.0) + 5.0;
                        if right + w <= area.x1 {
                            scene.text(right, y, &label, VALUE);
                        } else {
                            let left = scale.at(v.min()).min(x - 5.0) - 5.0;
                            scene.text(left, y, &label, VALUE.align(Align::Right));
                        }
                    }
                    None => {
                        let t = format!("{}: {}", country_name(*c, lang), lang.tr(Key::NoFigure));
                        scene.text(x0 + 4.0, y, &t, VALUE.colour(MUTED));
                    }
                }
            }
        }
    }
}

super::chart_methods!(
    OptionChart,
    concat!(
        super::demo_caption!(),
        "\nlet chart = OptionChart::from_caption(caption).row(OptionRow::new(\"China\").value(Country::JP, Value::new(80.0).with_interval(77.4, 82.4)).value(Country::KR, Value::new(36.0).with_interval(33.1, 39.0)));"
    )
);
