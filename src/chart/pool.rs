//! The pooled-trend chart: the latent trend of one public with its band, each house's
//! figures shifted by its estimated effect, and the series breaks.

use jiff::civil::Date;

use super::frame::{self, Area, Entry, Kind, Marker, PALETTE, Scale, Settings, TICK};
use super::lang::{Key, Lang, country_colour, fill};
use super::scene::{Align, MUTED, Rgb, Scene};
use super::spec::{Caption, Sample};
use crate::compare::CONCEPTS;
use crate::label::Text;
use crate::model::{Country, Dataset, Wave};
use crate::pool::{Polls, PoolOptions, Pooled};
use crate::{Error, Result};

/// The pooled trend of one public ([`crate::pool`]): the smoothed trend as a line with its
/// pointwise band, every poll as a point in its house's colour at its figure minus the
/// house's estimated effect (so the points scatter around the trend by sampling error
/// alone if the model holds), the series breaks as dashed rules, and the model's
/// assumptions and σ under the chart.
///
/// The band is not a proportion interval, so it is described in a note of its own rather
/// than by the caption's interval-method line.
///
/// # Example
/// ```
/// # use yoron::chart::Chart as _;
/// use yoron::chart::PoolChart;
/// use yoron::pool::PoolOptions;
/// let chart = PoolChart::for_concept(
///     yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::JP,
///     &PoolOptions::new().assume_n(1000),
/// )?;
/// let svg = chart.to_svg()?;
/// assert!(svg.contains("All sources together"));
/// assert!(svg.contains("series break")); // the Cabinet Office, FY2020
/// assert!(svg.contains("random walk"));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PoolChart {
    caption: Caption,
    pooled: Pooled,
    houses: Vec<Text>,
    colour: Rgb,
    settings: Settings,
}

fn year_of(d: Date) -> f64 {
    f64::from(d.year()) + f64::from(d.day_of_year() - 1) / f64::from(d.days_in_year())
}

impl PoolChart {
    /// Pools a concept ([`CONCEPTS`]) in one sample country and charts it, with the
    /// titles, house names and notes in English, Japanese and Korean.
    ///
    /// # Errors
    /// Those of [`Polls::from_concept`] and [`Polls::fit`].
    pub fn for_concept(
        ds: &Dataset,
        concept: &str,
        country: Country,
        options: &PoolOptions,
    ) -> Result<PoolChart> {
        let c = CONCEPTS.iter().find(|c| c.id == concept).ok_or_else(|| {
            Error::unknown_name("concept", concept, CONCEPTS.iter().map(|c| c.id))
        })?;
        let polls = Polls::from_concept(ds, concept, country, options)?;
        let pooled = polls.fit(options)?;
        let other = match country.code() {
            "JP" => Some(Country::KR),
            "KR" => Some(Country::JP),
            _ => None,
        };
        let who = Text::for_country(country);
        let public = match other {
            Some(o) => {
                let o = Text::for_country(o);
                Text::each(|l| fill(l.tr(Key::ViewOf), &[who.get(l), o.get(l)]))
            }
            None => who.clone(),
        };
        let title = Text::each(|l| {
            let head = match l {
                Lang::En => "All sources together",
                Lang::Ja => "全調査を合わせた推移",
                Lang::Ko => "모든 조사 종합",
            };
            let sep = if l == Lang::Ja { "：" } else { ": " };
            format!("{head}{sep}{}", public.get(l))
        });
        // Sources and samples: every series and wave that gave a poll.
        let mut sources: Vec<Text> = Vec::new();
        let mut waves: Vec<&Wave> = Vec::new();
        for s in ds.all_series() {
            let mut used = false;
            for w in s.waves() {
                let label = format!("{} {} {}", w.series(), w.id(), w.country());
                if pooled.polls().iter().any(|p| p.wave() == label) && !waves.contains(&w) {
                    waves.push(w);
                    used = true;
                }
            }
            if used {
                let t = Text::for_series(s.id().as_str(), s.info().publisher());
                if !sources.contains(&t) {
                    sources.push(t);
                }
            }
        }
        let source = Text::each(|l| {
            let sep = if l == Lang::Ja { "；" } else { "; " };
            sources
                .iter()
                .map(|t| t.get(l).to_string())
                .collect::<Vec<_>>()
                .join(sep)
        });
        let mut caption = Caption::new(title)
            .question(concept_text(c.id, c.label))
            .source(source);
        for w in &waves {
            caption = caption.sample(Sample::from_wave(w, options.assume_n));
        }
        let houses = pooled
            .houses()
            .iter()
            .map(|h| {
                let series = Text::for_series(h.house().series(), "");
                Text::each(|l| {
                    let run = match (h.house().run_from(), l) {
                        (None, _) => String::new(),
                        (Some(w), Lang::En) => format!(" (from {w})"),
                        (Some(w), Lang::Ja) => format!("（{w}以降）"),
                        (Some(w), Lang::Ko) => format!(" ({w}부터)"),
                    };
                    format!("{}{run} {}", series.get(l), effect_text(l, h.effect()))
                })
            })
            .collect();
        Ok(PoolChart::new(pooled, caption, houses).colour(Rgb::hex(country_colour(country))))
    }

    /// A chart of any pooled result with your own caption (title, source and samples are
    /// required, as for every chart) and one label per house (in house order).
    ///
    /// # Example
    /// ```
    /// # use yoron::chart::Chart as _;
    /// use yoron::chart::{Caption, PoolChart, Sample};
    /// use yoron::pool::{Polls, PoolOptions};
    /// let mut polls = Polls::new();
    /// let (a, b) = (polls.add_house("a")?, polls.add_house("b")?);
    /// for (d, pa, pb) in [("2020-01-01", 40.0, 44.0), ("2020-02-01", 42.0, 45.0), ("2020-03-01", 41.0, 46.0)] {
    ///     polls.add_poll(a, d.parse()?, pa, 1000)?;
    ///     polls.add_poll(b, d.parse()?, pb, 1000)?;
    /// }
    /// let pooled = polls.fit(&PoolOptions::new())?;
    /// let fw = yoron::Fieldwork::new(Some("2020-01".parse()?), Some("2020-03".parse()?))?;
    /// let caption = Caption::new("Trust").source("My Institute")
    ///     .sample(Sample::new(yoron::Country::JP, fw, yoron::stats::SampleSizeSource::Published(1000)));
    /// let svg = PoolChart::new(pooled, caption, vec!["A".into(), "B".into()]).to_svg()?;
    /// assert!(svg.contains(">A<") || svg.contains("A</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(pooled: Pooled, caption: Caption, houses: Vec<Text>) -> PoolChart {
        let level = pooled.level().value() * 100.0;
        let sigma = pooled.sigma();
        let unit = pooled.unit().name();
        let band = Text::each(|l| match l {
            Lang::En => format!(
                "Line and band: the smoothed trend and its {level:.0} % pointwise interval (exact diffuse Kalman smoother; σ = {sigma:.3} points per √{unit}{}). Points: each poll minus its source's estimated house effect.",
                if pooled.is_sigma_fixed() {
                    ", fixed"
                } else {
                    ", maximum likelihood"
                }
            ),
            Lang::Ja => format!(
                "線と帯：平滑化した推移と各時点の{level:.0}%区間（カルマン平滑化、σ = {sigma:.3}ポイント/√{}）。点：各調査の数値から推定したハウス効果を引いた値。",
                unit_text(unit, Lang::Ja)
            ),
            Lang::Ko => format!(
                "선과 띠: 평활화한 추세와 시점별 {level:.0}% 구간 (칼만 평활, σ = {sigma:.3}포인트/√{}). 점: 각 조사 수치에서 추정한 하우스 효과를 뺀 값.",
                unit_text(unit, Lang::Ko)
            ),
        });
        let assumptions = Text::new(
            "Assumes every source measures the same opinion up to a constant offset, and that opinion moves as a random walk (Jackman 2005); a series break starts a new source.",
        )
        .ja("前提：どの調査も同じ意識を一定のずれで測り、意識はランダムウォークで動く（Jackman 2005）。系列の断絶の後は別の調査として扱う。")
        .ko("가정: 모든 조사가 같은 여론을 일정한 편차로 측정하며, 여론은 랜덤워크로 움직인다 (Jackman 2005). 시계열 단절 이후는 별도 조사로 본다.");
        let mut caption = caption.note(band).note(assumptions);
        // The flags of the result, in the chart's languages (assumed n is said by the
        // caption's sample line).
        if pooled.sigma_at_zero() {
            caption = caption.note(
                Text::new("σ = 0: the polls vary no more than sampling error and house effects explain; the trend is a constant.")
                    .ja("σ = 0：調査間の違いは標本誤差とハウス効果で説明でき、推移は一定と推定された。")
                    .ko("σ = 0: 조사 간 차이는 표본오차와 하우스 효과로 설명되며, 추세는 일정하게 추정되었다."),
            );
        }
        for (h, label) in pooled.houses().iter().zip(&houses) {
            if h.polls() == 1 {
                caption = caption.note(Text::each(|l| {
                    let name = label.get(l);
                    match l {
                        Lang::En => format!("{name}: one poll only; its effect rests on the trend the other sources give at that date."),
                        Lang::Ja => format!("{name}：1回のみ。そのハウス効果は同時期の他の調査が示す推移に頼っている。"),
                        Lang::Ko => format!("{name}: 1회뿐이며, 하우스 효과는 같은 시기 다른 조사의 추세에 의존한다."),
                    }
                }));
            }
        }
        for n in pooled
            .notes()
            .iter()
            .filter(|n| n.contains("never overlaps"))
        {
            caption = caption.note(Text::new(n.as_str()));
        }
        PoolChart {
            caption,
            pooled,
            houses,
            colour: Rgb::hex("#333333"),
            settings: Settings::default(),
        }
    }

    fn colour(mut self, colour: Rgb) -> PoolChart {
        self.colour = colour;
        self
    }

    /// The pooled result drawn.
    ///
    /// # Example
    /// ```
    /// use yoron::pool::PoolOptions;
    /// let chart = yoron::chart::PoolChart::for_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::KR, &PoolOptions::new().assume_n(1000))?;
    /// assert_eq!(chart.pooled().houses().len(), 6);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn pooled(&self) -> &Pooled {
        &self.pooled
    }

    fn house_colour(j: usize) -> Rgb {
        PALETTE[j % PALETTE.len()]
    }

    fn x_range(&self) -> (f64, f64) {
        let xs = self.pooled.trend().iter().map(|p| year_of(p.date()));
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        let pad = ((hi - lo) * 0.03).max(0.25);
        (lo - pad, hi + pad)
    }

    fn shifted(&self) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        self.pooled.polls().iter().map(|p| {
            let d = self.pooled.houses()[p.house()].effect();
            (p.house(), year_of(p.date()), p.percent() - d)
        })
    }
}

impl Kind for PoolChart {
    fn caption(&self) -> &Caption {
        &self.caption
    }

    fn check(&self) -> Result<()> {
        if self.pooled.trend().is_empty() {
            return Err(Error::invalid_argument(
                "pooled trend",
                "at least one point",
                "none",
            ));
        }
        if self.houses.len() != self.pooled.houses().len() {
            return Err(Error::invalid_argument(
                "house labels",
                format!("one label per house ({})", self.pooled.houses().len()),
                self.houses.len().to_string(),
            ));
        }
        for p in self.pooled.trend() {
            if !(p.estimate().is_finite() && p.ci().low().is_finite() && p.ci().high().is_finite())
            {
                return Err(Error::invalid_argument(
                    format!("pooled trend on {}", p.date()),
                    "finite values",
                    format!("{} [{}, {}]", p.estimate(), p.ci().low(), p.ci().high()),
                ));
            }
        }
        Ok(())
    }

    fn has_intervals(&self) -> bool {
        // The band is described by the chart's own note (see the type's docs).
        false
    }

    fn texts(&self, lang: Lang, out: &mut String) {
        for h in &self.houses {
            out.push_str(h.get(lang));
            out.push('\n');
        }
        out.push_str(trend_label(lang));
        out.push('\n');
    }

    fn legend(&self, lang: Lang) -> Vec<Entry> {
        let mut e = vec![Entry {
            marker: Marker::Swatch(self.colour),
            label: trend_label(lang).to_string(),
        }];
        for (j, h) in self.houses.iter().enumerate() {
            e.push(Entry {
                marker: Marker::Dot(PoolChart::house_colour(j)),
                label: h.get(lang).to_string(),
            });
        }
        e
    }

    fn plot_height(&self, _scene: &Scene, width: f64, _lang: Lang) -> (f64, f64) {
        ((width * 0.45).clamp(260.0, 460.0), 200.0)
    }

    fn draw(&self, scene: &mut Scene, area: Area, lang: Lang) {
        let top = area.y0 + 24.0;
        let bottom = area.y1 - 24.0;
        let x0 = area.x0 + 34.0;
        let x1 = area.x1 - 12.0;
        let (lo, hi) = self.x_range();
        let xs = Scale {
            d0: lo,
            d1: hi,
            r0: x0,
            r1: x1,
        };
        let top_value = self
            .pooled
            .trend()
            .iter()
            .map(|p| p.ci().high())
            .chain(self.shifted().map(|s| s.2))
            .fold(10.0, f64::max);
        let ys = Scale {
            d0: 0.0,
            d1: frame::nice_range(0.0, top_value, 5).1.min(100.0),
            r0: bottom,
            r1: top,
        };
        frame::time_axes(scene, lang, xs, ys, area.y0);
        // Breaks: a dashed rule at the first poll after each, labelled once if room.
        let mut last_label_end = f64::NEG_INFINITY;
        for b in self.pooled.breaks() {
            let x = xs.at(year_of(b.date()));
            scene.dashed(vec![(x, top - 4.0), (x, bottom)], MUTED, 1.2, (5.0, 4.0));
            let t = lang.tr(Key::SeriesBreak);
            let w = scene.measure(t, TICK);
            if x - w / 2.0 > last_label_end + 6.0 {
                let cx = x.clamp(x0 + w / 2.0, x1 - w / 2.0);
                scene.text(cx, top - 12.0, t, TICK.align(Align::Center));
                last_label_end = cx + w / 2.0;
            }
        }
        let trend = self.pooled.trend();
        let mut band: Vec<(f64, f64)> = trend
            .iter()
            .map(|p| (xs.at(year_of(p.date())), ys.at(p.ci().high().min(ys.d1))))
            .collect();
        band.extend(
            trend
                .iter()
                .rev()
                .map(|p| (xs.at(year_of(p.date())), ys.at(p.ci().low().max(0.0)))),
        );
        scene.polygon(band, self.colour, 0.18);
        let line: Vec<(f64, f64)> = trend
            .iter()
            .map(|p| (xs.at(year_of(p.date())), ys.at(p.estimate())))
            .collect();
        if line.len() >= 2 {
            scene.line(line, self.colour, 2.2);
        }
        for (j, x, y) in self.shifted() {
            scene.circle(
                xs.at(x),
                ys.at(y.clamp(0.0, ys.d1)),
                3.8,
                PoolChart::house_colour(j),
                true,
            );
        }
    }
}

/// The time unit in words.
fn unit_text(unit: &str, lang: Lang) -> &str {
    match (lang, unit) {
        (Lang::Ja, "day") => "日",
        (Lang::Ja, "week") => "週",
        (Lang::Ja, "month") => "月",
        (Lang::Ja, "year") => "年",
        (Lang::Ko, "day") => "일",
        (Lang::Ko, "week") => "주",
        (Lang::Ko, "month") => "월",
        (Lang::Ko, "year") => "년",
        _ => unit,
    }
}

/// "(effect −8.3)" with a true minus sign.
fn effect_text(lang: Lang, effect: f64) -> String {
    let v = format!("{effect:+.1}").replace('-', "−");
    match lang {
        Lang::En => format!("(effect {v})"),
        Lang::Ja => format!("（ハウス効果 {v}）"),
        Lang::Ko => format!("(하우스 효과 {v})"),
    }
}

/// A concept's label; the bundled concepts in Japanese and Korean too.
pub(crate) fn concept_text(id: &str, label: &str) -> Text {
    let t = Text::new(label);
    match id {
        "positive_view_of_other" => t
            .ja("相手国への好意的な見方（印象・親しみ・好感）")
            .ko("상대국에 대한 긍정적 인식 (인상·친근감·호감)"),
        "relations_bad" => t.ja("日韓関係は悪い").ko("한일관계가 나쁘다"),
        "relations_good" => t.ja("日韓関係は良い").ko("한일관계가 좋다"),
        _ => t,
    }
}

fn trend_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "pooled trend and band",
        Lang::Ja => "合成した推移と区間",
        Lang::Ko => "종합 추세와 구간",
    }
}

super::chart_methods!(
    PoolChart,
    "# use yoron::chart::Chart as _;\n# let chart = yoron::chart::PoolChart::for_concept(yoron::datasets::bundled(), \"positive_view_of_other\", yoron::Country::KR, &yoron::pool::PoolOptions::new().assume_n(1000))?;"
);
