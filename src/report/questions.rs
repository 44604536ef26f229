//! The report's generic builder: every question of a series charted by what the data holds,
//! for a series the report has no curated charts for (a user's own file, or a bundled series
//! nobody picked charts for).
//!
//! - asked in several waves: a trend per sample country, one line per option;
//! - asked in one wave: a distribution (single response) or an option chart (multiple
//!   answers), every sample country of the wave side by side;
//! - wherever a wave has two sample countries (or more: each pair): the gap table and chart.
//!
//! Trend and option charts draw waves without a published n without an interval; the gap
//! tests need an n and assume [`TREND_ASSUMED_N`] there unless the options already assume
//! one (each gap chart and table says so).

use super::charts::{Drawable, TREND_ASSUMED_N};
use crate::chart::{DistributionChart, GapChart, Lang, OptionChart, THREAT_TREND_MAX_OPTIONS};
use crate::chart::{Text, TrendChart};
use crate::compare::{CompareOptions, GapTable, Mirror};
use crate::error::Result;
use crate::model::{
    ConflictMark, Country, OptionKind, QuestionRef, ResponseFormat, SeriesRef, Topline,
};

/// One question of a series and what the report shows of it.
pub(super) struct QuestionPlan<'a> {
    pub(super) question: QuestionRef<'a>,
    /// The waves the question was asked in, in time order, each with its samples (one
    /// topline per country, by country code).
    pub(super) waves: Vec<Vec<Topline<'a>>>,
    pub(super) items: Vec<Item>,
    /// Where both publics (Japan and South Korea) were asked in several waves: each
    /// substantive option's mirror (JP − KR per wave and its change).
    pub(super) mirrors: Vec<Mirror>,
}

/// What a chart of a question shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// The options over time in one country (`part` counts from 1 when the options need
    /// more than one chart).
    Trend {
        country: Country,
        part: Option<usize>,
    },
    /// One wave of a single-response question.
    Distribution { wave: String },
    /// One wave of a multiple-response question.
    Options { wave: String },
    /// Two samples of one wave, option by option.
    Gap {
        wave: String,
        a: Country,
        b: Country,
    },
}

/// A chart, or why the data cannot give it (the error's message, shown on the page).
pub(super) type Planned = std::result::Result<Box<dyn Drawable>, String>;

/// One chart of a question: its id (the file name), what it shows, and the chart or why it
/// cannot be drawn.
pub(super) struct Item {
    pub(super) id: String,
    pub(super) kind: Kind,
    question_title: Text,
    pub(super) chart: Planned,
    /// The table beside a gap chart.
    pub(super) gaps: Option<GapTable>,
}

impl Item {
    /// The chart's one-line title in `lang` (the figure's caption on the page).
    pub(super) fn title(&self, lang: Lang) -> String {
        let q = self.question_title.get(lang);
        let country = |c: Country| Text::for_country(c).get(lang).to_string();
        match (&self.kind, lang) {
            (Kind::Trend { country: c, part }, _) => {
                let part = part.map(|p| format!(" ({p})")).unwrap_or_default();
                match lang {
                    Lang::Ja => format!("{q}（{}、推移）{part}", country(*c)),
                    Lang::Ko => format!("{q} ({}, 추이){part}", country(*c)),
                    _ => format!("{q} — {} over time{part}", country(*c)),
                }
            }
            (Kind::Distribution { wave } | Kind::Options { wave }, Lang::Ja) => {
                format!("{q}（{wave}）")
            }
            (Kind::Distribution { wave } | Kind::Options { wave }, _) => format!("{q} ({wave})"),
            (Kind::Gap { wave, a, b }, Lang::Ja) => {
                format!("{q}（{wave}）：{}と{}の差", country(*a), country(*b))
            }
            (Kind::Gap { wave, a, b }, Lang::Ko) => {
                format!("{q} ({wave}): {}와 {}의 차이", country(*a), country(*b))
            }
            (Kind::Gap { wave, a, b }, _) => {
                format!("{q} — {wave}: {} vs {}", country(*a), country(*b))
            }
        }
    }
}

/// Every question of a series with its charts, in the order the data first has them.
pub(super) fn plan<'a>(s: SeriesRef<'a>, options: CompareOptions) -> Vec<QuestionPlan<'a>> {
    // The gap tests need an n: the report's convention for waves that publish none.
    let gap_options = if options.assume_n.is_some() {
        options
    } else {
        options.assume_n(TREND_ASSUMED_N)
    };
    s.questions()
        .map(|q| question_plan(q, options, gap_options))
        .collect()
}

fn question_plan<'a>(
    q: QuestionRef<'a>,
    options: CompareOptions,
    gap_options: CompareOptions,
) -> QuestionPlan<'a> {
    let question = q.question();
    let prefix = format!("{}-{}", question.series(), question.id());
    let title = Text::for_question(question);
    let waves = waves(&q);
    let mut items = Vec::new();
    let item = |id: String, kind: Kind, chart: Planned| Item {
        id,
        kind,
        question_title: title.clone(),
        chart,
        gaps: None,
    };
    if waves.len() > 1 {
        for country in q.countries() {
            let parts = trends(&q, country, options);
            let several = parts.len() > 1;
            for (i, chart) in parts.into_iter().enumerate() {
                let part = several.then_some(i + 1);
                let mut id = format!("{prefix}-trend-{}", country.code().to_lowercase());
                if let Some(p) = part {
                    id.push_str(&format!("-{p}"));
                }
                items.push(item(id, Kind::Trend { country, part }, chart));
            }
        }
    } else if let Some(samples) = waves.first() {
        let wave = samples[0].wave().id().to_string();
        let id = format!("{prefix}-{wave}");
        items.push(if question.response() == ResponseFormat::Multiple {
            item(
                format!("{id}-options"),
                Kind::Options { wave },
                planned(OptionChart::from_toplines(samples, &options)),
            )
        } else {
            item(
                format!("{id}-distribution"),
                Kind::Distribution { wave },
                planned(DistributionChart::from_toplines(samples)),
            )
        });
    }
    for samples in &waves {
        for (i, a) in samples.iter().enumerate() {
            for b in &samples[i + 1..] {
                let (ca, cb) = (a.wave().country(), b.wave().country());
                let wave = a.wave().id().to_string();
                let table = GapTable::new(a, b, gap_options);
                let chart = match &table {
                    Ok(t) => Ok(boxed(GapChart::new(t))),
                    Err(e) => Err(e.to_string()),
                };
                let mut it = item(
                    format!(
                        "{prefix}-{wave}-gap-{}-{}",
                        ca.code().to_lowercase(),
                        cb.code().to_lowercase()
                    ),
                    Kind::Gap { wave, a: ca, b: cb },
                    chart,
                );
                it.gaps = table.ok();
                items.push(it);
            }
        }
    }
    let mut mirrors = Vec::new();
    let countries = q.countries();
    let common = waves
        .iter()
        .filter(|s| {
            s.iter().any(|t| t.wave().country() == Country::JP)
                && s.iter().any(|t| t.wave().country() == Country::KR)
        })
        .count();
    if common > 1 && countries.contains(&Country::JP) && countries.contains(&Country::KR) {
        let substantive: Vec<String> = waves
            .iter()
            .flatten()
            .flat_map(|t| t.figures())
            .filter(|f| matches!(f.option_kind(), OptionKind::Substantive | OptionKind::Net))
            .map(|f| f.option().to_string())
            .fold(Vec::new(), |mut seen, o| {
                if !seen.contains(&o) {
                    seen.push(o);
                }
                seen
            });
        mirrors = substantive
            .iter()
            .filter_map(|o| Mirror::new(&q, o, gap_options).ok())
            .collect();
    }
    QuestionPlan {
        question: q,
        waves,
        items,
        mirrors,
    }
}

fn boxed(c: impl Drawable + 'static) -> Box<dyn Drawable> {
    Box::new(c)
}

fn planned(c: Result<impl Drawable + 'static>) -> Planned {
    c.map(boxed).map_err(|e| e.to_string())
}

/// The question's toplines grouped by wave id, the waves in time order (then by id), the
/// samples of a wave by country code.
fn waves<'a>(q: &QuestionRef<'a>) -> Vec<Vec<Topline<'a>>> {
    let mut out: Vec<Vec<Topline<'a>>> = Vec::new();
    for t in q.select_all(None) {
        match out.iter_mut().find(|w| w[0].wave().id() == t.wave().id()) {
            Some(w) => w.push(t),
            None => out.push(vec![t]),
        }
    }
    for w in &mut out {
        w.sort_by_key(|t| t.wave().country());
    }
    let time = |w: &Vec<Topline<'a>>| {
        w.iter()
            .filter_map(|t| crate::model::wave_time_of(t.wave()))
            .fold(f64::INFINITY, f64::min)
    };
    out.sort_by(|a, b| {
        time(a)
            .total_cmp(&time(b))
            .then_with(|| a[0].wave().id().cmp(b[0].wave().id()))
    });
    out
}

/// The trend charts of a question in one country: one line per option (preferred figures
/// where sources conflict), at most [`THREAT_TREND_MAX_OPTIONS`] lines a chart. Multiple
/// answers are ordered by the latest figure, highest first (the legend reads like the
/// latest ranking); a single response keeps the data's order of options (its scale).
fn trends(q: &QuestionRef<'_>, country: Country, options: CompareOptions) -> Vec<Planned> {
    let mut ids: Vec<String> = Vec::new();
    for t in q.select_all(Some(country)) {
        for f in t
            .all_figures()
            .filter(|f| f.conflict() != Some(ConflictMark::Alternative))
        {
            if !ids.iter().any(|o| o == f.option().as_str()) {
                ids.push(f.option().to_string());
            }
        }
    }
    let trends = match ids
        .iter()
        .map(|o| q.trend(country, o))
        .collect::<Result<Vec<_>>>()
    {
        Ok(t) => t,
        Err(e) => return vec![Err(e.to_string())],
    };
    let mut trends = trends;
    if q.question().response() == ResponseFormat::Multiple {
        let latest = |t: &crate::model::Trend<'_>| {
            t.points()
                .last()
                .map_or(f64::NEG_INFINITY, |p| p.percent().value())
        };
        // Stable: equal figures keep the data's order.
        trends.sort_by(|a, b| latest(b).total_cmp(&latest(a)));
    }
    trends
        .chunks(THREAT_TREND_MAX_OPTIONS)
        .map(|chunk| planned(TrendChart::from_trends(chunk, &options).map(|c| of(c, country))))
        .collect()
}

/// The trend chart with its sample country in the title: its lines are options, so the
/// chart alone (as a file) would not say whose answers they are.
fn of(chart: TrendChart, country: Country) -> TrendChart {
    let title = chart.caption().title().clone();
    let name = Text::for_country(country);
    chart.title(Text::each(|lang| match lang {
        Lang::Ja => format!("{}（{}）", title.get(lang), name.get(lang)),
        _ => format!("{} ({})", title.get(lang), name.get(lang)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundled_series_without_curated_charts_gets_a_distribution_and_a_gap() {
        let s = crate::datasets::bundled().series("eai_api").unwrap();
        let plans = plan(s, CompareOptions::new());
        assert_eq!(plans.len(), 1);
        let kinds: Vec<&Kind> = plans[0].items.iter().map(|i| &i.kind).collect();
        assert_eq!(
            kinds,
            [
                &Kind::Distribution {
                    wave: "2025_eai_api".into()
                },
                &Kind::Gap {
                    wave: "2025_eai_api".into(),
                    a: Country::JP,
                    b: Country::KR
                }
            ]
        );
        assert!(plans[0].items.iter().all(|i| i.chart.is_ok()));
        assert_eq!(
            plans[0].items[1].title(Lang::En),
            "Impression of the other country — 2025_eai_api: Japan vs South Korea"
        );
    }

    #[test]
    fn a_chart_the_data_cannot_give_is_named_on_the_page_not_an_error() {
        // Two waves without dates or a year: no place on a time axis.
        let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
                   my_poll,My Institute,spring,US,1000,trust,single,yes,41\n\
                   my_poll,My Institute,autumn,US,1000,trust,single,yes,45\n";
        let ds = crate::Dataset::from_csv_reader(csv.as_bytes()).unwrap();
        let plans = plan(ds.series("my_poll").unwrap(), CompareOptions::new());
        let trend = &plans[0].items[0];
        assert_eq!(
            trend.kind,
            Kind::Trend {
                country: "US".parse().unwrap(),
                part: None
            }
        );
        let why = trend.chart.as_ref().err().unwrap();
        assert!(why.contains("fieldwork dates or a year"), "{why}");
        let html = crate::report::Report::new(&ds).html().unwrap();
        assert!(html.contains("<p class=\"break\">Not drawn (Trust — United States over time): "));
        assert!(!html.contains("<figure"));
    }
}
