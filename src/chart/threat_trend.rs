//! Threat perception over time: every option of a multiple-response question across the
//! waves of one sample country — one line per option, with interval bands and the data's
//! series breaks.
//!
//! Built on [`TrendChart`]: each line is the option's [`Trend`](crate::Trend) (preferred
//! figures only where sources conflict), so the bands, break markers, break notes, assumed
//! n and the source line are the trend chart's.

use crate::chart::TrendChart;
use crate::compare::CompareOptions;
use crate::error::{Error, Result};
use crate::model::{ConflictMark, Country, QuestionRef, ResponseFormat};

/// The most lines a threat-trend chart draws; more would not be told apart by colour.
pub const MAX_OPTIONS: usize = 12;

impl TrendChart {
    /// Every option of a multiple-response question in one sample country across waves:
    /// one line per option, ordered by the option's latest figure (highest first), with
    /// Wilson bands and the recorded series breaks.
    ///
    /// Options asked in one wave only are drawn as a single point. Waves without a
    /// published n need [`CompareOptions::assume_n`], which the chart then marks.
    ///
    /// # Errors
    /// A single-response question (its options are one distribution: use a
    /// [`DistributionChart`](crate::chart::DistributionChart)), a country the question was
    /// not asked in, more than [`THREAT_TREND_MAX_OPTIONS`](crate::chart::THREAT_TREND_MAX_OPTIONS)
    /// options, or a wave without n when none is
    /// assumed.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{Lang, TrendChart};
    /// use yoron::compare::CompareOptions;
    /// let q = yoron::datasets::yomiuri_gallup().question("military_threat")?;
    /// let chart = TrendChart::threat_trend(&q, Country::JP, &CompareOptions::new().assume_n(1000))?;
    /// let first = &chart.lines()[0];
    /// // Highest latest figure first: North Korea and Russia both 82 in 2022, then by id.
    /// assert_eq!(first.label(Lang::En), "North Korea");
    /// assert_eq!(first.points().len(), 10);
    /// assert!(TrendChart::threat_trend(&q, Country::KR, &CompareOptions::new()).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn threat_trend(
        question: &QuestionRef<'_>,
        country: Country,
        opts: &CompareOptions,
    ) -> Result<TrendChart> {
        let q = question.question();
        if q.response() != ResponseFormat::Multiple {
            return Err(Error::invalid_argument(
                "question",
                "a multiple-response question (a single-response question is one distribution: draw a distribution chart)",
                format!("{} {}", q.series(), q.id()),
            ));
        }
        let countries = question.countries();
        if !countries.contains(&country) {
            return Err(Error::invalid_argument(
                "country",
                format!(
                    "a country {} {} was asked in ({})",
                    q.series(),
                    q.id(),
                    countries
                        .iter()
                        .map(|c| c.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                country.code(),
            ));
        }
        // The options asked in this country, each once, in the order first published.
        let mut options: Vec<String> = Vec::new();
        for t in question.select_all(Some(country)) {
            for f in t
                .all_figures()
                .filter(|f| f.conflict() != Some(ConflictMark::Alternative))
            {
                if !options.iter().any(|o| o == f.option().as_str()) {
                    options.push(f.option().to_string());
                }
            }
        }
        if options.len() > MAX_OPTIONS {
            return Err(Error::invalid_argument(
                "question",
                format!("at most {MAX_OPTIONS} options to draw as lines"),
                format!("{} options", options.len()),
            ));
        }
        let mut trends = options
            .iter()
            .map(|o| question.trend(country, o))
            .collect::<Result<Vec<_>>>()?;
        // Highest latest figure first (the legend reads like the latest ranking); equal
        // figures by option id, so the order does not depend on the file's row order.
        let latest = |t: &crate::model::Trend<'_>| {
            t.points()
                .last()
                .map_or(f64::NEG_INFINITY, |p| p.percent().value())
        };
        trends.sort_by(|a, b| {
            latest(b).total_cmp(&latest(a)).then_with(|| {
                let id = |t: &crate::model::Trend<'_>| {
                    t.points()
                        .first()
                        .map(|p| p.figure().option().to_string())
                        .unwrap_or_default()
                };
                id(a).cmp(&id(b))
            })
        });
        TrendChart::from_trends(&trends, opts)
    }
}
