//! The change table: one country, one question, one wave against another.

use serde::Serialize;

use super::{
    CompareOptions, OptionPair, Order, ci_header, difference_cells, option_label, option_pairs,
    publisher, question_label, source_line,
};
use crate::error::{Error, Result};
use crate::label::{InLang, Lang};
use crate::model::{Question, Topline, Wave};
use crate::stats::Difference;
use crate::table::{Cell, Cells};

/// One option of a [`ChangeTable`].
#[derive(Clone, Debug)]
pub struct Change {
    // `a` is the earlier wave, `b` the later; the difference is later − earlier.
    pair: OptionPair,
}

impl Change {
    /// The option.
    pub fn option(&self) -> &str {
        &self.pair.option
    }
    /// The earlier figure as published.
    pub fn from(&self) -> Option<&str> {
        self.pair.a.as_deref()
    }
    /// The later figure as published.
    pub fn to(&self) -> Option<&str> {
        self.pair.b.as_deref()
    }
    /// later − earlier, with interval and test (independent samples).
    pub fn difference(&self) -> Option<&Difference> {
        self.pair.diff.as_ref()
    }
    /// The change in points.
    pub fn points(&self) -> Option<f64> {
        self.pair.diff.as_ref().map(Difference::points)
    }
    /// The p-value adjusted across the table's options.
    pub fn p_adjusted(&self) -> Option<f64> {
        self.pair.p_adjusted
    }
}

/// One country's answers to one question in two waves: change, interval, p, and whether a
/// series break (such as a change of survey mode) lies between the waves.
///
/// # Example
/// ```
/// use yoron::compare::{ChangeTable, CompareOptions};
/// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
/// let from = q.topline("FY2019", yoron::Country::JP)?;
/// let to = q.topline("FY2020", yoron::Country::JP)?;
/// let t = ChangeTable::new(&from, &to, CompareOptions::new())?;
/// assert!(t.series_break().is_some()); // face-to-face → postal
/// let feel = t.rows().iter().find(|r| r.option() == "feel_total").unwrap();
/// assert!((feel.points().unwrap() - 8.2).abs() < 1e-9); // 26.7 → 34.9
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ChangeTable {
    waves_label: String,
    rows: Vec<Change>,
    series_break: Option<String>,
    source: String,
    options: CompareOptions,
    n_assumed: bool,
    waves: (Wave, Wave),
    question_info: Question,
    publisher: String,
}

impl ChangeTable {
    /// This table for readers in `lang`: question and option labels in that language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let c = yoron::compare::ChangeTable::new(
    ///     &q.topline("2014_2nd", yoron::Country::JP)?,
    ///     &q.topline("2016_4th", yoron::Country::JP)?,
    ///     Default::default(),
    /// )?;
    /// assert!(c.in_lang(Lang::Ko).to_string().contains("중국"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, ChangeTable> {
        InLang::new(self, lang)
    }

    /// Compares two waves of one question in one country.
    ///
    /// # Errors
    /// Different questions or countries, the same wave twice, or a wave without n when
    /// none is assumed.
    pub fn new(
        from: &Topline<'_>,
        to: &Topline<'_>,
        options: CompareOptions,
    ) -> Result<ChangeTable> {
        let (q1, q2) = (from.question(), to.question());
        let (w1, w2) = (from.wave(), to.wave());
        if q1.series() != q2.series() || q1.id() != q2.id() || w1.country() != w2.country() {
            return Err(Error::invalid_argument(
                "waves",
                "two waves of the same question in the same country",
                format!(
                    "{} {} {} and {} {} {}",
                    q1.id(),
                    w1.id(),
                    w1.country(),
                    q2.id(),
                    w2.id(),
                    w2.country()
                ),
            ));
        }
        if w1 == w2 {
            return Err(Error::invalid_argument(
                "waves",
                "two different waves",
                w1.id().to_string(),
            ));
        }
        let (pairs, n_assumed) = option_pairs(from, to, &options, Order::BMinusA)?;
        let rows = pairs.into_iter().map(|pair| Change { pair }).collect();
        let publisher = publisher(from);
        Ok(ChangeTable {
            waves_label: format!("{}: {} → {}", w1.country(), w1.id(), w2.id()),
            rows,
            series_break: from.break_between(to),
            source: source_line(&[w1, w2], &publisher),
            options,
            n_assumed,
            waves: (w1.clone(), w2.clone()),
            question_info: q1.clone(),
            publisher,
        })
    }

    /// The rows.
    pub fn rows(&self) -> &[Change] {
        &self.rows
    }

    /// The recorded series break between the two waves, if any: the change then mixes a
    /// real change with a change of method.
    pub fn series_break(&self) -> Option<&str> {
        self.series_break.as_deref()
    }

    /// True when an assumed n entered the table.
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The source line.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The earlier and the later wave (country, fieldwork, n).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let t = ChangeTable::new(&a, &b, CompareOptions::new())?;
    /// assert_eq!(t.waves().1.id().as_str(), "FY2020");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn waves(&self) -> (&Wave, &Wave) {
        (&self.waves.0, &self.waves.1)
    }

    /// The question: wording and response format.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let t = ChangeTable::new(&a, &b, CompareOptions::new())?;
    /// assert_eq!(t.question_info().id().as_str(), "affinity_korea");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn question_info(&self) -> &Question {
        &self.question_info
    }

    /// The series' publisher.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let t = ChangeTable::new(&a, &b, CompareOptions::new())?;
    /// assert!(t.publisher().contains("Cabinet Office"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn publisher(&self) -> &str {
        &self.publisher
    }

    /// The options the table was computed with.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let t = ChangeTable::new(&a, &b, CompareOptions::new().assume_n(1800))?;
    /// assert_eq!(t.options(), &CompareOptions::new().assume_n(1800));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn options(&self) -> &CompareOptions {
        &self.options
    }

    /// One serialisable record per row.
    pub fn records(&self) -> Vec<ChangeRecord> {
        self.rows
            .iter()
            .map(|r| ChangeRecord {
                option: r.pair.option.clone(),
                from_percent: r.pair.a.clone(),
                to_percent: r.pair.b.clone(),
                change: r.points(),
                ci_low: r.difference().map(|d| d.low() * 100.0),
                ci_high: r.difference().map(|d| d.high() * 100.0),
                p_value: r.difference().map(Difference::p_value),
                p_adjusted: r.p_adjusted(),
                series_break: self.series_break.is_some(),
                n_assumed: self.n_assumed,
            })
            .collect()
    }
}

/// A change-table row for CSV and JSON output.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeRecord {
    /// The option.
    pub option: String,
    /// The earlier figure.
    pub from_percent: Option<String>,
    /// The later figure.
    pub to_percent: Option<String>,
    /// The change in points.
    pub change: Option<f64>,
    /// Interval, lower end, points.
    pub ci_low: Option<f64>,
    /// Interval, upper end, points.
    pub ci_high: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Adjusted p-value.
    pub p_adjusted: Option<f64>,
    /// True when a series break lies between the waves.
    pub series_break: bool,
    /// True when an assumed n entered the table.
    pub n_assumed: bool,
}

impl ChangeTable {
    /// The table for readers in `lang`: what `Display` and `to_html` write.
    pub(crate) fn table(&self, lang: Lang) -> Cells {
        let q = &self.question_info;
        let level = ci_header(&self.options);
        let mut t = Cells::new(
            format!("{}, {}", question_label(q, lang), self.waves_label),
            ["option", "from", "to", "change", &level, "p", "p adj."],
        );
        for r in &self.rows {
            let mut row = vec![
                Cell::Text(option_label(q, r.option(), lang)),
                Cell::figure(r.from()),
                Cell::figure(r.to()),
            ];
            row.extend(difference_cells(r.difference()));
            row.push(Cell::p_value(r.p_adjusted()));
            t.rows.push(row);
        }
        if let Some(b) = &self.series_break {
            t.notes.push(format!(
                "SERIES BREAK between these waves ({b}): the change mixes opinion with method."
            ));
        }
        if self.n_assumed
            && let Some(n) = self.options.assume_n
        {
            t.notes
                .push(format!("n = {n} ASSUMED where the source publishes none."));
        }
        t.notes.push(self.source.clone());
        t
    }
}
