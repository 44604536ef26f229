//! The distribution chart: 100 % stacked bars of a single-response question, one per
//! country, with "don't know / no answer" toned down.

use super::frame::{self, Area, DK_FILL, Entry, Kind, LABEL, Marker, Scale, Settings, TICK, VALUE};
use super::lang::{Key, Lang, country_colour, country_name};
use super::scene::{Align, INK, MUTED, Rgb, Scene};
use super::spec::{Answers, Caption, Value, number};
use crate::label::Text;
use crate::model::Country;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ShareKind {
    Answer,
    DontKnow,
}

/// One option's share of a [`DistributionBar`].
///
/// # Example
/// ```
/// use yoron::chart::{Share, Value};
/// let s = Share::new("United States", Value::new(52.0));
/// assert_eq!(s.label().to_string(), "United States");
/// assert!(!Share::dont_know("Don't know", Value::new(10.0)).is_answer());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    label: Text,
    value: Value,
    kind: ShareKind,
}

impl Share {
    /// A substantive answer's share.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Share, Value};
    /// assert!(yoron::chart::Share::new("China", Value::new(12.0)).is_answer());
    /// ```
    pub fn new(label: impl Into<Text>, value: Value) -> Share {
        Share {
            label: label.into(),
            value,
            kind: ShareKind::Answer,
        }
    }

    /// The share of "don't know", "no answer" or "refused": drawn grey, last.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Share, Value};
    /// assert_eq!(Share::dont_know("No answer", Value::new(3.0)).label().to_string(), "No answer");
    /// ```
    pub fn dont_know(label: impl Into<Text>, value: Value) -> Share {
        Share {
            label: label.into(),
            value,
            kind: ShareKind::DontKnow,
        }
    }

    /// The option's label.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Share, Value};
    /// assert_eq!(Share::new("Both", Value::new(20.0)).label().to_string(), "Both");
    /// ```
    pub fn label(&self) -> &Text {
        &self.label
    }

    /// The share.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Share, Value};
    /// assert_eq!(Share::new("Both", Value::new(20.0)).value().percent(), 20.0);
    /// ```
    pub fn value(&self) -> Value {
        self.value
    }

    /// False for "don't know / no answer".
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Share, Value};
    /// assert!(Share::new("Both", Value::new(20.0)).is_answer());
    /// ```
    pub fn is_answer(&self) -> bool {
        self.kind == ShareKind::Answer
    }
}

/// One country's bar of a [`DistributionChart`].
///
/// # Example
/// ```
/// use yoron::Country;
/// use yoron::chart::{DistributionBar, Share, Value};
/// let bar = DistributionBar::new(Country::JP)
///     .share(Share::new("United States", Value::new(52.0)))
///     .share(Share::dont_know("Don't know", Value::new(10.0)));
/// assert_eq!(bar.shares().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DistributionBar {
    country: Country,
    shares: Vec<Share>,
}

impl DistributionBar {
    /// A bar for `country`, with no shares yet.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::DistributionBar;
    /// assert!(DistributionBar::new(yoron::Country::KR).shares().is_empty());
    /// ```
    pub fn new(country: Country) -> DistributionBar {
        DistributionBar {
            country,
            shares: Vec::new(),
        }
    }

    /// Adds an option's share (answers keep their order; "don't know" goes last).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{DistributionBar, Share, Value};
    /// let bar = DistributionBar::new(yoron::Country::KR).share(Share::new("China", Value::new(12.0)));
    /// assert_eq!(bar.shares()[0].label().to_string(), "China");
    /// ```
    pub fn share(mut self, share: Share) -> DistributionBar {
        self.shares.push(share);
        self
    }

    /// The shares, as added.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::DistributionBar;
    /// assert_eq!(DistributionBar::new(yoron::Country::JP).shares().len(), 0);
    /// ```
    pub fn shares(&self) -> &[Share] {
        &self.shares
    }

    /// The country.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::DistributionBar;
    /// assert_eq!(DistributionBar::new(yoron::Country::JP).country(), yoron::Country::JP);
    /// ```
    pub fn country(&self) -> Country {
        self.country
    }

    fn ordered(&self) -> Vec<&Share> {
        let mut s: Vec<&Share> = self.shares.iter().filter(|s| s.is_answer()).collect();
        s.extend(self.shares.iter().filter(|s| !s.is_answer()));
        s
    }
}

/// 100 % stacked bars of a single-response question, one per country; "don't know / no
/// answer" is grey and last. Bars are drawn at the published shares: when rounding makes
/// them add to 99 or 101, the bar ends there.
///
/// Build it from data with [`DistributionChart::for_wave`] or
/// [`DistributionChart::from_toplines`].
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::chart::DistributionChart;
/// let q = yoron::datasets::yomiuri_hankook().question("us_or_china_importance")?;
/// let chart = DistributionChart::for_wave(&q, "2016")?;
/// assert_eq!(chart.bars().len(), 2);
/// assert!(chart.to_svg()?.matches("<rect").count() > 4);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct DistributionChart {
    caption: Caption,
    bars: Vec<DistributionBar>,
    settings: Settings,
}

impl DistributionChart {
    /// A chart with this caption and no bars yet, for figures from elsewhere.
    ///
    /// # Example
    /// ```
    /// # use yoron::chart::Chart as _;
    /// let chart = yoron::chart::DistributionChart::from_caption(yoron::chart::Caption::new("T"));
    /// assert!(chart.to_svg().is_err()); // no bars
    /// ```
    pub fn from_caption(caption: Caption) -> DistributionChart {
        DistributionChart {
            caption,
            bars: Vec::new(),
            settings: Settings::default(),
        }
    }

    /// Adds a country's bar.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = DistributionChart::from_caption(caption).bar(DistributionBar::new(Country::JP)
    ///     .share(Share::new("Yes", Value::new(70.0)))
    ///     .share(Share::new("No", Value::new(30.0))));
    /// assert!(chart.to_svg()?.contains(">Yes<"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn bar(mut self, bar: DistributionBar) -> DistributionChart {
        self.bars.push(bar);
        self
    }

    /// The bars, as added.
    ///
    /// # Example
    /// ```
    #[doc = super::demo_caption!()]
    /// let chart = DistributionChart::from_caption(caption).bar(DistributionBar::new(Country::KR));
    /// assert_eq!(chart.bars()[0].country(), Country::KR);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn bars(&self) -> &[DistributionBar] {
        &self.bars
    }

    /// Answer labels in order of first appearance, each with its colour.
    fn colours(&self, lang: Lang) -> Vec<(String, Rgb, ShareKind)> {
        let mut out: Vec<(String, Rgb, ShareKind)> = Vec::new();
        let mut k = 0;
        for b in &self.bars {
            for s in b.ordered() {
                if out.iter().any(|(l, _, _)| l == s.label.get(lang)) {
                    continue;
                }
                let c = match s.kind {
                    ShareKind::DontKnow => DK_FILL,
                    ShareKind::Answer => {
                        k += 1;
                        SEGMENTS[(k - 1) % SEGMENTS.len()]
                    }
                };
                out.push((s.label.get(lang).to_string(), c, s.kind));
            }
        }
        // "Don't know" entries last in the legend too.
        out.sort_by_key(|(_, _, kind)| *kind == ShareKind::DontKnow);
        out
    }
}

/// Segment colours: light enough for dark numbers on them.
const SEGMENTS: [Rgb; 6] = [
    Rgb::hex("#56B4E9"),
    Rgb::hex("#E69F00"),
    Rgb::hex("#8FD1B8"),
    Rgb::hex("#E3A8C9"),
    Rgb::hex("#F0E442"),
    Rgb::hex("#B8B8E0"),
];

const BAR_H: f64 = 30.0;
const BELOW: f64 = 18.0;
const ROW_GAP: f64 = 16.0;

impl Kind for DistributionChart {
    fn caption(&self) -> &Caption {
        &self.caption
    }

    fn check(&self) -> Result<()> {
        if self.bars.is_empty() {
            return Err(Error::invalid_argument("bars", "at least one bar", "none"));
        }
        if self.caption.answers_kind() == Answers::Multiple {
            return Err(Error::invalid_argument(
                "caption answers",
                "a single-response question (100 % stacked bars of a multi-response question would mislead; use an option chart)",
                "multiple answers",
            ));
        }
        for b in &self.bars {
            let name = country_name(b.country, Lang::En);
            if b.shares.is_empty() {
                return Err(Error::invalid_argument(
                    format!("bar {name}"),
                    "at least one share",
                    "none",
                ));
            }
            for s in &b.shares {
                s.value.check(&format!("bar {name}, \"{}\"", s.label))?;
            }
            let sum: f64 = b.shares.iter().map(|s| s.value.percent()).sum();
            let tolerance = 0.5 * b.shares.len() as f64;
            if sum > 100.0 + tolerance + 1e-9 {
                return Err(Error::invalid_argument(
                    format!("bar {name}"),
                    format!(
                        "shares of a single-response question adding up to at most 100 plus rounding ({tolerance})"
                    ),
                    format!("a sum of {}", number(sum)),
                ));
            }
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        // Bars show shares only; intervals of shares are not drawn.
        false
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for b in &self.bars {
            for s in &b.shares {
                out.push_str(s.label.get(lang));
                out.push('\n');
            }
        }
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        self.colours(lang)
            .into_iter()
            .map(|(label, c, _)| Entry {
                marker: Marker::Swatch(c),
                label,
            })
            .collect()
    }

    fn plot_height(&self, _scene: &Scene, _width: f64, _lang: Lang) -> (f64, f64) {
        let h = self.bars.len() as f64 * (BAR_H + BELOW + ROW_GAP) + 34.0;
        (h, h)
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let names: Vec<String> = self
            .bars
            .iter()
            .map(|b| country_name(b.country, lang))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let label_w = frame::label_column(scene, &names, area.width() * 0.25).max(30.0);
        let x0 = area.x0 + label_w + 14.0;
        let max_sum = self
            .bars
            .iter()
            .map(|b| b.shares.iter().map(|s| s.value.percent()).sum::<f64>())
            .fold(100.0, f64::max);
        let scale = Scale {
            d0: 0.0,
            d1: max_sum,
            r0: x0,
            r1: area.x1 - 10.0,
        };
        let colours = self.colours(lang);
        let colour_of = |label: &str| {
            colours
                .iter()
                .find(|(l, _, _)| l == label)
                .map_or(DK_FILL, |(_, c, _)| *c)
        };
        let row = BAR_H + BELOW + ROW_GAP;
        let bars_bottom = area.y0 + row * self.bars.len() as f64;
        let ticks: Vec<f64> = (0..=5).map(|k| f64::from(k) * 20.0).collect();
        frame::x_grid(scene, scale, area.y0, bars_bottom - ROW_GAP, &ticks, false);
        scene.text(
            (scale.r0 + scale.at(100.0)) / 2.0,
            bars_bottom - ROW_GAP + 28.0,
            lang.tr(Key::PercentAxis),
            TICK.align(Align::Center),
        );
        for (i, b) in self.bars.iter().enumerate() {
            let top = area.y0 + row * i as f64;
            let mid = top + BAR_H / 2.0;
            scene.text(
                area.x0 + label_w,
                mid,
                &country_name(b.country, lang),
                LABEL
                    .colour(Rgb::hex(country_colour(b.country)))
                    .align(Align::Right)
                    .bold(),
            );
            let mut acc = 0.0;
            let mut below_end = f64::NEG_INFINITY;
            for s in b.ordered() {
                let v = s.value.percent();
                let (a, z) = (scale.at(acc), scale.at(acc + v));
                acc += v;
                scene.rect(a, top, z, top + BAR_H, colour_of(s.label.get(lang)), 1.0);
                // A white hairline between segments keeps neighbours apart.
                scene.line(vec![(z, top), (z, top + BAR_H)], Rgb(0xFF, 0xFF, 0xFF), 1.0);
                let text = number(v);
                let style = if s.is_answer() {
                    VALUE.colour(INK)
                } else {
                    VALUE.colour(MUTED)
                };
                let w = scene.measure(&text, style);
                let cx = (a + z) / 2.0;
                if z - a >= w + 6.0 {
                    scene.text(cx, mid, &text, style.align(Align::Center));
                } else if v > 0.0 {
                    // Too narrow: under the bar, nudged right of the previous one.
                    let x = (cx - w / 2.0).max(below_end + 4.0);
                    scene.text(x, top + BAR_H + BELOW / 2.0 + 1.0, &text, style);
                    below_end = x + w;
                }
            }
        }
    }
}

super::chart_methods!(
    DistributionChart,
    concat!(
        super::demo_caption!(),
        "\nlet chart = DistributionChart::from_caption(caption).bar(DistributionBar::new(Country::JP).share(Share::new(\"United States\", Value::new(60.0))).share(Share::new(\"China\", Value::new(30.0))).share(Share::dont_know(\"Don't know\", Value::new(10.0))));"
    )
);
