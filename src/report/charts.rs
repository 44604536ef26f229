//! The report's charts: the curated ones of the bundled series, each drawn only when the
//! data holds what it needs, and every question of the other series (see `questions`).

use crate::chart::Chart as _;
use crate::chart::{
    ChangeChart, DistributionChart, GapChart, Lang, OptionChart, PoolChart, TrendChart,
};
use crate::compare::{ChangeTable, CompareOptions, GapTable, Mirror};
use crate::error::Result;
use crate::model::{Country, Dataset, QuestionRef, Trend};

/// One chart of the report: its id (the file name), title, the section it belongs to, and
/// its SVG; the PNG is drawn on demand.
pub struct ReportChart {
    /// File name without extension.
    pub id: String,
    /// A one-line title.
    pub title: String,
    /// The page section: `threat`, `threat_trend`, `mirror`, `pooled`, or a series id.
    pub section: String,
    /// The chart as SVG.
    pub svg: String,
    png: Box<dyn Fn() -> Result<Vec<u8>> + Send + Sync>,
    /// Drawn by the generic builder of a series without curated charts.
    pub(super) generic: bool,
    /// The series whose figures a curated chart draws (none for the pooled charts, which
    /// draw several): a series with one is left to its curated charts.
    pub(super) series: Option<String>,
}

impl std::fmt::Debug for ReportChart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportChart")
            .field("id", &self.id)
            .field("section", &self.section)
            .finish()
    }
}

impl ReportChart {
    /// The chart as PNG.
    ///
    /// # Errors
    /// The chart cannot be drawn.
    pub fn png(&self) -> Result<Vec<u8>> {
        (self.png)()
    }
}

/// A chart the report can draw in a language.
pub(super) trait Drawable: Send + Sync {
    fn svg(&self, lang: Lang) -> Result<String>;
    fn png(&self, lang: Lang) -> Result<Vec<u8>>;
}

macro_rules! drawable {
    ($($t:ty),+) => {$(
        impl Drawable for $t {
            fn svg(&self, lang: Lang) -> Result<String> {
                self.clone().lang(lang).to_svg()
            }
            fn png(&self, lang: Lang) -> Result<Vec<u8>> {
                self.clone().lang(lang).to_png()
            }
        }
    )+};
}

impl Drawable for Box<dyn Drawable> {
    fn svg(&self, lang: Lang) -> Result<String> {
        (**self).svg(lang)
    }
    fn png(&self, lang: Lang) -> Result<Vec<u8>> {
        (**self).png(lang)
    }
}

drawable!(
    OptionChart,
    GapChart,
    TrendChart,
    DistributionChart,
    ChangeChart,
    PoolChart
);

fn chart(
    id: &str,
    title: &str,
    section: &str,
    lang: Lang,
    c: impl Drawable + 'static,
) -> Result<ReportChart> {
    let svg = c.svg(lang)?;
    Ok(ReportChart {
        id: id.to_string(),
        title: title.to_string(),
        section: section.to_string(),
        svg,
        png: Box::new(move || c.png(lang)),
        generic: false,
        series: None,
    })
}

impl ReportChart {
    /// The chart, recorded as drawn from one series' figures.
    fn of(mut self, series: &str) -> ReportChart {
        self.series = Some(series.to_string());
        self
    }

    /// True for a curated chart drawn from the figures of `series`.
    pub(super) fn is_curated_of(&self, series: &str) -> bool {
        !self.generic && self.series.as_deref() == Some(series)
    }
}

/// The n assumed for waves that publish none, where a test needs one: the mirror and
/// threat-trend charts and the gap tables and charts of the generic builder (each chart and
/// table marks it). Other trend charts and option charts draw such waves without an
/// interval unless the options assume an n.
pub(super) const TREND_ASSUMED_N: u32 = 1000;

/// A question of the data when the data has it: a curated chart is drawn only then.
fn has<'a>(ds: &'a Dataset, series: &str, question: &str) -> Option<QuestionRef<'a>> {
    ds.series(series).ok()?.question(question).ok()
}

/// The 2016 threat question of the first section, when the data has it in both countries.
pub(super) fn threat_2016(ds: &Dataset) -> Option<QuestionRef<'_>> {
    let q = has(ds, "genron_eai", "military_threat")?;
    (q.topline("2016", Country::JP).is_ok() && q.topline("2016", Country::KR).is_ok()).then_some(q)
}

/// The curated mirror pairs the data has: the question asked in both Japan and Korea with
/// a figure for the option.
pub(super) fn mirrors(ds: &Dataset) -> Vec<(QuestionRef<'_>, &'static str)> {
    super::MIRRORS
        .iter()
        .filter_map(|&(series, question, option)| {
            let q = has(ds, series, question)?;
            let asked = [Country::JP, Country::KR]
                .iter()
                .all(|&c| q.trend(c, option).is_ok());
            asked.then_some((q, option))
        })
        .collect()
}

/// Draws the report's charts: the curated ones the data holds what they need for, then
/// every question of each series left without a curated chart.
pub(crate) fn build(ds: &Dataset, lang: Lang, options: CompareOptions) -> Result<Vec<ReportChart>> {
    let mut out = curated(ds, lang, options)?;
    for s in ds.all_series() {
        if out.iter().any(|c| c.is_curated_of(s.id().as_str())) {
            continue;
        }
        for q in super::questions::plan(s, options) {
            for item in q.items {
                let title = item.title(lang);
                if let Ok(c) = item.chart {
                    let mut c =
                        chart(&item.id, &title, s.id().as_str(), lang, c)?.of(s.id().as_str());
                    c.generic = true;
                    out.push(c);
                }
            }
        }
    }
    Ok(out)
}

/// The curated charts of the bundled series, each only where the data has its figures.
fn curated(ds: &Dataset, lang: Lang, options: CompareOptions) -> Result<Vec<ReportChart>> {
    let mut out = Vec::new();
    let assumed = options.assume_n(TREND_ASSUMED_N);
    // The 2016 threat perceptions: each country's figures, then the gaps.
    if let Some(threat) = threat_2016(ds) {
        out.push(
            chart(
                "threat_2016",
                "Military threat, 2016: Japan and South Korea (Genron NPO / EAI)",
                "threat",
                lang,
                OptionChart::for_wave(&threat, "2016", &options)?,
            )?
            .of("genron_eai"),
        );
        out.push(
            chart(
                "threat_gap_2016",
                "Military threat, 2016: the Japan − Korea gap per option",
                "threat",
                lang,
                GapChart::new(&GapTable::for_wave(&threat, "2016", options)?),
            )?
            .of("genron_eai"),
        );
    }
    // Threat perception over time: every option of each military-threat question, per
    // sample country.
    for (series, country, title) in [
        (
            "yomiuri_gallup",
            Country::JP,
            "Yomiuri–Gallup: military threat over time, Japan",
        ),
        (
            "yomiuri_hankook",
            Country::JP,
            "Yomiuri–Hankook: military threat over time, Japan",
        ),
        (
            "yomiuri_hankook",
            Country::KR,
            "Yomiuri–Hankook: military threat over time, South Korea",
        ),
        (
            "genron_eai",
            Country::JP,
            "Genron NPO / EAI: military threat over time, Japan",
        ),
        (
            "genron_eai",
            Country::KR,
            "Genron NPO / EAI: military threat over time, South Korea",
        ),
    ] {
        let Some(q) = has(ds, series, "military_threat") else {
            continue;
        };
        if !q.countries().contains(&country) {
            continue;
        }
        out.push(
            chart(
                &format!(
                    "threat_trend_{series}_{}",
                    country.code().to_ascii_lowercase()
                ),
                title,
                "threat_trend",
                lang,
                TrendChart::threat_trend(&q, country, &assumed)?,
            )?
            .of(series),
        );
    }
    // Both publics' trend of one option, when the data has it in both.
    let two = |series: &str, question: &str, option: &str| -> Option<Vec<Trend<'_>>> {
        let q = has(ds, series, question)?;
        [Country::JP, Country::KR]
            .into_iter()
            .map(|c| q.trend(c, option).ok())
            .collect()
    };
    // Genron/EAI: relations are bad, both publics.
    if let Some(trends) = two("genron_eai", "relations_current", "bad_total") {
        out.push(
            chart(
                "genron_relations_bad",
                "Genron NPO / EAI: current relations are bad, Japan and South Korea",
                "genron_eai",
                lang,
                TrendChart::from_trends(&trends, &options)?,
            )?
            .of("genron_eai"),
        );
    }
    // Yomiuri–Hankook: relations are bad; the 2016 "United States or China" distribution.
    if let Some(trends) = two("yomiuri_hankook", "relations_current", "bad_total") {
        out.push(
            chart(
                "yomiuri_relations_bad",
                "Yomiuri–Hankook: current relations are bad, Japan and South Korea",
                "yomiuri_hankook",
                lang,
                TrendChart::from_trends(&trends, &options)?,
            )?
            .of("yomiuri_hankook"),
        );
    }
    if let Some(us_china) = has(ds, "yomiuri_hankook", "us_or_china_importance")
        && !us_china.toplines("2016", None)?.is_empty()
    {
        out.push(
            chart(
                "yomiuri_us_or_china_2016",
                "Yomiuri–Hankook 2016: which will matter more, the United States or China?",
                "yomiuri_hankook",
                lang,
                DistributionChart::for_wave(&us_china, "2016")?,
            )?
            .of("yomiuri_hankook"),
        );
    }
    // Gallup Korea: favourability of Japan over time.
    if let Some(fav) = has(ds, "gallup_korea", "favorability_japan")
        .and_then(|q| q.trend(Country::KR, "favorable").ok())
    {
        out.push(
            chart(
                "gallup_favorability_japan",
                "Gallup Korea: Koreans with a favourable feeling toward Japan",
                "gallup_korea",
                lang,
                TrendChart::from_trends(&[fav], &options)?,
            )?
            .of("gallup_korea"),
        );
    }
    // Cabinet Office: affinity toward Korea, China and the US, with the FY2020 break.
    let affinity: Option<Vec<Trend<'_>>> = ["affinity_korea", "affinity_china", "affinity_us"]
        .iter()
        .map(|q| {
            has(ds, "cabinet_office", q)?
                .trend(Country::JP, "feel_total")
                .ok()
        })
        .collect();
    if let Some(affinity) = affinity {
        out.push(
            chart(
                "cabinet_affinity",
                "Cabinet Office: Japanese who feel affinity toward South Korea, China and the US",
                "cabinet_office",
                lang,
                TrendChart::from_trends(&affinity, &options)?,
            )?
            .of("cabinet_office"),
        );
    }
    let across_the_change = has(ds, "cabinet_office", "affinity_korea").and_then(|q| {
        Some((
            q.topline("FY2019", Country::JP).ok()?,
            q.topline("FY2020", Country::JP).ok()?,
        ))
    });
    if let Some((fy2019, fy2020)) = across_the_change {
        out.push(chart(
            "cabinet_affinity_korea_fy2019_fy2020",
            "Cabinet Office: affinity toward South Korea, FY2019 → FY2020 (across the mode change)",
            "cabinet_office",
            lang,
            ChangeChart::new(&ChangeTable::new(&fy2019, &fy2020, options)?)?,
        )?.of("cabinet_office"));
    }
    // Mirror pairs.
    for (q, option) in mirrors(ds) {
        let (series, question) = (q.question().series().as_str(), q.question().id().as_str());
        let m = Mirror::new(&q, option, assumed)?;
        out.push(
            chart(
                &format!("mirror_{series}_{question}"),
                &format!("{series} {question} ({option}): each public's view of the other"),
                "mirror",
                lang,
                TrendChart::from_mirror(&m)?,
            )?
            .of(series),
        );
    }
    // All sources together: the pooled trend of each public, where there is enough to pool.
    for (concept, country, pooled) in super::pool::pooled(ds, options.level) {
        if !pooled.as_ref().is_ok_and(super::pool::enough) {
            continue;
        }
        let id = format!("pooled_{concept}_{}", country.code().to_lowercase());
        let c = PoolChart::for_concept(ds, concept, country, &super::pool::options(options.level))?;
        out.push(chart(
            &id,
            &format!("{concept}, {country}: all sources together"),
            "pooled",
            lang,
            c,
        )?);
    }
    Ok(out)
}
