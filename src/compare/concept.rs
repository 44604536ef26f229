//! One concept across series: e.g. "relations are bad" as Genron/EAI, Yomiuri–Hankook and
//! the Cabinet Office each ask it — side by side, each with its own wording, never merged.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::label::{InLang, Lang, Text};
use crate::model::Dataset;
use crate::table::{Cell, Cells};

/// One series' version of a [`Concept`]: its question and the option that expresses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConceptMember {
    /// Series id.
    pub series: &'static str,
    /// Question id.
    pub question: &'static str,
    /// Option id.
    pub option: &'static str,
}

/// A concept measured by several series with different questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concept {
    /// Short id, e.g. `relations_bad`.
    pub id: &'static str,
    /// What the concept is, in words.
    pub label: &'static str,
    /// The series' questions that measure it.
    pub members: &'static [ConceptMember],
}

const fn m(series: &'static str, question: &'static str, option: &'static str) -> ConceptMember {
    ConceptMember {
        series,
        question,
        option,
    }
}

/// The concepts of the bundled data that more than one series asks about.
pub const CONCEPTS: &[Concept] = &[
    Concept {
        id: "relations_bad",
        label: "Japan–Korea relations are bad",
        members: &[
            m("genron_eai", "relations_current", "bad_total"),
            m("yomiuri_hankook", "relations_current", "bad_total"),
            m("cabinet_office", "relations_korea_good", "not_good_total"),
        ],
    },
    Concept {
        id: "relations_good",
        label: "Japan–Korea relations are good",
        members: &[
            m("genron_eai", "relations_current", "good_total"),
            m("yomiuri_hankook", "relations_current", "good_total"),
            m("cabinet_office", "relations_korea_good", "good_total"),
        ],
    },
    Concept {
        id: "positive_view_of_other",
        label: "A positive view of the other country (impression, affinity, favourability)",
        members: &[
            m("genron_eai", "impression_of_other", "good_total"),
            m("yomiuri_hankook", "affinity_other", "feel"),
            m("cabinet_office", "affinity_korea", "feel_total"),
            m("gallup_korea", "favorability_japan", "favorable"),
        ],
    },
];

/// One figure of a [`CrossSeries`] view.
#[derive(Clone, Debug, Serialize)]
pub struct CrossSeriesRow {
    /// Series id.
    pub series: String,
    /// Wave id.
    pub wave: String,
    /// Sample country.
    pub country: String,
    /// Fieldwork, as published.
    pub fieldwork: String,
    /// n, when published.
    pub n: Option<u32>,
    /// Question id.
    pub question: String,
    /// The question's English wording.
    pub wording: String,
    /// Option id.
    pub option: String,
    /// The figure as published.
    pub percent: String,
}

/// One concept in one year, as each series measured it: the figures side by side with
/// each question's wording. The figures are never pooled or averaged: the questions differ.
///
/// # Example
/// ```
/// use yoron::compare::CrossSeries;
/// let v = CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?;
/// let series: Vec<&str> = v.rows().iter().map(|r| r.series.as_str()).collect();
/// assert!(series.contains(&"yomiuri_hankook") && series.contains(&"cabinet_office"));
/// assert!(v.rows().iter().all(|r| !r.wording.is_empty()));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CrossSeries {
    concept: Concept,
    year: i32,
    rows: Vec<CrossSeriesRow>,
}

impl CrossSeries {
    /// The figures of a concept (an id of [`CONCEPTS`]) in one survey year.
    ///
    /// # Errors
    /// An unknown concept id.
    pub fn new(ds: &Dataset, concept: &str, year: i32) -> Result<CrossSeries> {
        let c = CONCEPTS.iter().find(|c| c.id == concept).ok_or_else(|| {
            Error::unknown_name("concept", concept, CONCEPTS.iter().map(|c| c.id))
        })?;
        let mut rows = Vec::new();
        for mem in c.members {
            let Ok(q) = ds.series(mem.series).and_then(|s| s.question(mem.question)) else {
                continue;
            };
            for t in q.select(&crate::model::WaveSelector::Year(year), None) {
                for f in t.figures().filter(|f| f.option().as_str() == mem.option) {
                    let w = f.wave();
                    rows.push(CrossSeriesRow {
                        series: w.series().to_string(),
                        wave: w.id().to_string(),
                        country: w.country().to_string(),
                        fieldwork: w.fieldwork().to_string(),
                        n: w.n().map(|n| n.get()),
                        question: q.question().id().to_string(),
                        wording: q.question().text().to_string(),
                        option: f.option().to_string(),
                        percent: f.percent().to_string(),
                    });
                }
            }
        }
        Ok(CrossSeries {
            concept: *c,
            year,
            rows,
        })
    }

    /// The figures, series by series.
    pub fn rows(&self) -> &[CrossSeriesRow] {
        &self.rows
    }

    /// The concept.
    pub fn concept(&self) -> &Concept {
        &self.concept
    }

    /// The survey year compared.
    ///
    /// # Example
    /// ```
    /// let v = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?;
    /// assert_eq!(v.year(), 2019);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn year(&self) -> i32 {
        self.year
    }

    /// This table for readers in `lang`: option labels in that language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let v = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?;
    /// assert!(v.in_lang(Lang::Ja).to_string().contains("悪い"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, CrossSeries> {
        InLang::new(self, lang)
    }
}

impl CrossSeries {
    /// The view for readers in `lang`: what `Display` and `to_html` write.
    pub(crate) fn table(&self, lang: Lang) -> Cells {
        let c = &self.concept;
        let mut t = Cells::new(
            format!("{} — {}: {}", c.id, self.year, c.label),
            [
                "series",
                "wave",
                "country",
                "fieldwork",
                "n",
                "option",
                "%",
                "question wording",
            ],
        );
        for r in &self.rows {
            t.rows.push(vec![
                Cell::Text(r.series.clone()),
                Cell::Text(r.wave.clone()),
                Cell::Text(r.country.clone()),
                Cell::Text(r.fieldwork.clone()),
                Cell::Number(r.n.map_or_else(|| "not published".into(), |n| n.to_string())),
                Cell::Text(
                    Text::for_option(&r.series, &r.question, &r.option)
                        .get(lang)
                        .to_string(),
                ),
                Cell::Number(r.percent.clone()),
                Cell::Text(r.wording.clone()),
            ]);
        }
        t.notes.push(
            "Each series' own question, side by side: the figures are not pooled or averaged, since the questions differ.".to_string(),
        );
        t
    }
}
