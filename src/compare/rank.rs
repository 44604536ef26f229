//! The rank table: the options of one sample in order, with statistical ties.

use serde::Serialize;

use super::{
    CompareOptions, ci_header, comparable_figures, option_label, question_label, same_sample,
    source_line,
};
use crate::error::{Error, Result};
use crate::label::{InLang, Lang};
use crate::model::{Question, ResponseFormat, Topline};
use crate::stats::{CiMethod, Difference, Samples};
use crate::table::{Cell, Cells};

/// One option of a [`RankTable`].
#[derive(Clone, Debug, Serialize)]
pub struct RankRow {
    rank: usize,
    option: String,
    percent: String,
    ci_low: f64,
    ci_high: f64,
    vs_previous_points: Option<f64>,
    vs_previous_p: Option<f64>,
    vs_previous_p_adjusted: Option<f64>,
    tied_with_previous: bool,
}

impl RankRow {
    /// The rank: options tied with the one above share its rank.
    pub fn rank(&self) -> usize {
        self.rank
    }
    /// The option.
    pub fn option(&self) -> &str {
        &self.option
    }
    /// The figure as published.
    pub fn percent(&self) -> &str {
        &self.percent
    }
    /// The figure's Wilson interval, in percent.
    pub fn ci(&self) -> crate::stats::Bounds {
        crate::stats::Bounds::new(self.ci_low, self.ci_high)
    }
    /// The difference from the option ranked above, in points.
    pub fn vs_previous_points(&self) -> Option<f64> {
        self.vs_previous_points
    }
    /// The adjusted p-value of that difference.
    pub fn vs_previous_p_adjusted(&self) -> Option<f64> {
        self.vs_previous_p_adjusted
    }
    /// True when the difference from the option above is not significant.
    pub fn is_tied_with_previous(&self) -> bool {
        self.tied_with_previous
    }
}

/// The options of one sample ordered by figure, with neighbours whose difference is not
/// significant grouped under one rank.
///
/// Neighbours are compared with the same-sample variance the question calls for: the
/// multinomial covariance for a single-response question, and for a multiple-response one
/// the conservative bound over every covariance the figures allow (Fréchet bounds). p-values
/// are adjusted across the neighbour comparisons. Where a question publishes both nets
/// (`feel_total`) and the scale points they sum, only the points are ranked, since a net
/// overlaps its own points.
///
/// # Example
/// ```
/// use yoron::compare::{CompareOptions, RankTable};
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let kr = q.topline("2016", yoron::Country::KR)?;
/// let ranks = RankTable::new(&kr, CompareOptions::new())?;
/// let order: Vec<&str> = ranks.rows().iter().map(|r| r.option()).collect();
/// assert_eq!(order, ["north_korea", "japan", "china"]);
/// // 38 vs 36 of one multi-response sample: not distinguishable.
/// assert!(ranks.rows()[2].is_tied_with_previous());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RankTable {
    question: Question,
    sample: String,
    response: ResponseFormat,
    rows: Vec<RankRow>,
    source: String,
    options: CompareOptions,
    n_assumed: bool,
}

impl RankTable {
    /// This table for readers in `lang`: question and option labels in that language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = q.topline("2016_4th", yoron::Country::JP)?;
    /// let r = yoron::compare::RankTable::new(&t, Default::default())?;
    /// assert!(r.in_lang(Lang::Ja).to_string().contains("中国"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, RankTable> {
        InLang::new(self, lang)
    }

    /// Ranks the options of one topline.
    ///
    /// # Errors
    /// The wave has no n and none is assumed, or fewer than one option has a figure.
    pub fn new(t: &Topline<'_>, options: CompareOptions) -> Result<RankTable> {
        let mut figs = comparable_figures(t);
        if figs.is_empty() {
            return Err(Error::invalid_argument(
                "topline",
                "at least one figure",
                "none",
            ));
        }
        figs.sort_by(|a, b| {
            b.percent()
                .value()
                .partial_cmp(&a.percent().value())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let q = t.question();
        let samples = same_sample(q.response());
        let mut ests = Vec::with_capacity(figs.len());
        for f in &figs {
            ests.push(f.estimate(&options)?);
        }
        let n_assumed = ests.iter().any(|e| e.is_n_assumed());
        let mut diffs: Vec<Option<Difference>> = vec![None];
        for i in 1..ests.len() {
            diffs.push(Some(Difference::new(
                &ests[i - 1],
                &ests[i],
                options.diff_options(samples),
            )?));
        }
        let raw: Vec<f64> = diffs.iter().flatten().map(Difference::p_value).collect();
        let adjusted: Vec<f64> = if raw.is_empty() {
            Vec::new()
        } else {
            options.adjust.adjust(&raw)?.adjusted().to_vec()
        };
        let alpha = options.level.alpha();
        let mut rows: Vec<RankRow> = Vec::with_capacity(figs.len());
        for (i, f) in figs.iter().enumerate() {
            let ci = ests[i].ci(CiMethod::Wilson, options.level);
            let d = diffs[i].as_ref();
            let p_adj = if i == 0 {
                None
            } else {
                adjusted.get(i - 1).copied()
            };
            // Equal figures are tied whatever the test says.
            let tied = i > 0
                && (p_adj.is_none_or(|p| p >= alpha)
                    || d.is_some_and(|d| d.estimate() == 0.0)
                    || d.and_then(Difference::rounding)
                        .is_some_and(|r| r.is_within()));
            let rank = match rows.last() {
                Some(prev) if tied => prev.rank,
                _ => i + 1,
            };
            rows.push(RankRow {
                rank,
                option: f.option().to_string(),
                percent: f.percent().to_string(),
                ci_low: ci.low() * 100.0,
                ci_high: ci.high() * 100.0,
                vs_previous_points: d.map(Difference::points),
                vs_previous_p: d.map(Difference::p_value),
                vs_previous_p_adjusted: p_adj,
                tied_with_previous: tied,
            });
        }
        let w = t.wave();
        Ok(RankTable {
            question: q.clone(),
            sample: format!("{} {}", w.id(), w.country()),
            response: q.response(),
            rows,
            source: source_line(&[w], figs[0].publisher()),
            options,
            n_assumed,
        })
    }

    /// The rows, highest figure first.
    pub fn rows(&self) -> &[RankRow] {
        &self.rows
    }

    /// The source line.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// How neighbours were compared, in words.
    pub fn method_note(&self) -> String {
        let how = match self.response {
            ResponseFormat::Single => {
                "single response: difference of two options of one sample with the multinomial covariance"
            }
            _ => {
                "multiple response: the covariance of two options is not published, so each difference uses the conservative bound over every covariance the figures allow (Fréchet bounds)"
            }
        };
        let mut s = format!(
            "Ranked by figure; an option shares the rank above when its difference from it is not significant at {:.0} % ({how}; p {}-adjusted across {} neighbour comparisons). Intervals: Wilson.",
            self.options.level.value() * 100.0,
            self.options.adjust.name(),
            self.rows.len().saturating_sub(1)
        );
        if self.n_assumed {
            s.push_str(" n ASSUMED: the source publishes none.");
        }
        s
    }

    /// True when an assumed n entered the table.
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The kind of same-sample comparison used.
    pub fn samples(&self) -> Samples {
        same_sample(self.response)
    }
}

impl RankTable {
    /// The table for readers in `lang`: what `Display` and `to_html` write.
    pub(crate) fn table(&self, lang: Lang) -> Cells {
        let q = &self.question;
        let level = ci_header(&self.options);
        let mut t = Cells::new(
            format!("{}, {}", question_label(q, lang), self.sample),
            ["rank", "option", "%", &level, "vs above", "p adj."],
        );
        for r in &self.rows {
            t.rows.push(vec![
                Cell::Number(if r.tied_with_previous {
                    format!("={}", r.rank)
                } else {
                    r.rank.to_string()
                }),
                Cell::Text(option_label(q, &r.option, lang)),
                Cell::Number(r.percent.clone()),
                Cell::Number(format!("[{:.1}, {:.1}]", r.ci_low, r.ci_high)),
                r.vs_previous_points
                    .map_or(Cell::Text(String::new()), Cell::Points),
                Cell::p_value(r.vs_previous_p_adjusted),
            ]);
        }
        t.notes = vec![self.method_note(), self.source.clone()];
        t
    }
}
