//! The report's charts, built from the bundled data.

use crate::chart::Chart as _;
use crate::chart::{
    ChangeChart, DistributionChart, GapChart, Lang, OptionChart, PoolChart, TrendChart,
};
use crate::compare::{ChangeTable, CompareOptions, GapTable, Mirror};
use crate::error::Result;
use crate::model::{Country, Dataset};

/// One chart of the report: its id (the file name), title, the section it belongs to, and
/// its SVG; the PNG is drawn on demand.
pub struct ReportChart {
    /// File name without extension.
    pub id: String,
    /// A one-line title.
    pub title: String,
    /// The page section: `threat`, `mirror`, or a series id.
    pub section: String,
    /// The chart as SVG.
    pub svg: String,
    png: Box<dyn Fn() -> Result<Vec<u8>> + Send + Sync>,
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
trait Drawable: Send + Sync {
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
    })
}

/// The n assumed for waves that publish none, for the mirror charts only: their asymmetry
/// test needs an n (each chart marks it). Trend charts draw such waves without an interval
/// unless the options assume an n.
const TREND_ASSUMED_N: u32 = 1000;

/// Draws the report's charts.
pub(crate) fn build(ds: &Dataset, lang: Lang, options: CompareOptions) -> Result<Vec<ReportChart>> {
    let mut out = Vec::new();
    let assumed = options.assume_n(TREND_ASSUMED_N);
    // The 2016 threat perceptions: each country's figures, then the gaps.
    let threat = ds.series("genron_eai")?.question("military_threat")?;
    out.push(chart(
        "threat_2016",
        "Military threat, 2016: Japan and South Korea (Genron NPO / EAI)",
        "threat",
        lang,
        OptionChart::for_wave(&threat, "2016", &options)?,
    )?);
    out.push(chart(
        "threat_gap_2016",
        "Military threat, 2016: the Japan − Korea gap per option",
        "threat",
        lang,
        GapChart::new(&GapTable::for_wave(&threat, "2016", options)?),
    )?);
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
        let q = ds.series(series)?.question("military_threat")?;
        out.push(chart(
            &format!(
                "threat_trend_{series}_{}",
                country.code().to_ascii_lowercase()
            ),
            title,
            "threat_trend",
            lang,
            TrendChart::threat_trend(&q, country, &assumed)?,
        )?);
    }
    // Genron/EAI: relations are bad, both publics.
    let two =
        |series: &str, question: &str, option: &str| -> Result<Vec<crate::model::Trend<'_>>> {
            let q = ds.series(series)?.question(question)?;
            [Country::JP, Country::KR]
                .into_iter()
                .map(|c| q.trend(c, option))
                .collect()
        };
    out.push(chart(
        "genron_relations_bad",
        "Genron NPO / EAI: current relations are bad, Japan and South Korea",
        "genron_eai",
        lang,
        TrendChart::from_trends(
            &two("genron_eai", "relations_current", "bad_total")?,
            &options,
        )?,
    )?);
    // Yomiuri–Hankook: relations are bad; the 2016 "United States or China" distribution.
    out.push(chart(
        "yomiuri_relations_bad",
        "Yomiuri–Hankook: current relations are bad, Japan and South Korea",
        "yomiuri_hankook",
        lang,
        TrendChart::from_trends(
            &two("yomiuri_hankook", "relations_current", "bad_total")?,
            &options,
        )?,
    )?);
    let us_china = ds
        .series("yomiuri_hankook")?
        .question("us_or_china_importance")?;
    out.push(chart(
        "yomiuri_us_or_china_2016",
        "Yomiuri–Hankook 2016: which will matter more, the United States or China?",
        "yomiuri_hankook",
        lang,
        DistributionChart::for_wave(&us_china, "2016")?,
    )?);
    // Gallup Korea: favourability of Japan over time.
    let fav = ds.series("gallup_korea")?.question("favorability_japan")?;
    out.push(chart(
        "gallup_favorability_japan",
        "Gallup Korea: Koreans with a favourable feeling toward Japan",
        "gallup_korea",
        lang,
        TrendChart::from_trends(&[fav.trend(Country::KR, "favorable")?], &options)?,
    )?);
    // Cabinet Office: affinity toward Korea, China and the US, with the FY2020 break.
    let co = ds.series("cabinet_office")?;
    let affinity = ["affinity_korea", "affinity_china", "affinity_us"]
        .iter()
        .map(|q| co.question(q)?.trend(Country::JP, "feel_total"))
        .collect::<Result<Vec<_>>>()?;
    out.push(chart(
        "cabinet_affinity",
        "Cabinet Office: Japanese who feel affinity toward South Korea, China and the US",
        "cabinet_office",
        lang,
        TrendChart::from_trends(&affinity, &options)?,
    )?);
    let ak = co.question("affinity_korea")?;
    let change = ChangeTable::new(
        &ak.topline("FY2019", Country::JP)?,
        &ak.topline("FY2020", Country::JP)?,
        options,
    )?;
    out.push(chart(
        "cabinet_affinity_korea_fy2019_fy2020",
        "Cabinet Office: affinity toward South Korea, FY2019 → FY2020 (across the mode change)",
        "cabinet_office",
        lang,
        ChangeChart::new(&change)?,
    )?);
    // Mirror pairs.
    for (series, question, option) in super::MIRRORS {
        let q = ds.series(series)?.question(question)?;
        let m = Mirror::new(&q, option, assumed)?;
        out.push(chart(
            &format!("mirror_{series}_{question}"),
            &format!("{series} {question} ({option}): each public's view of the other"),
            "mirror",
            lang,
            TrendChart::from_mirror(&m)?,
        )?);
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
