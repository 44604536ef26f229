//! The gap table: one question, two independent samples (Japan and Korea in one wave),
//! option by option.

use serde::Serialize;

use super::{
    CompareOptions, OptionPair, Order, ci_header, difference_cells, option_label, option_pairs,
    publisher, question_label, source_line,
};
use crate::error::{Error, Result};
use crate::label::{InLang, Lang};
use crate::model::{Country, Question, QuestionRef, ResponseFormat, Topline, Wave};
use crate::stats::Difference;
use crate::table::{Cell, Cells};

/// What a gap row says, at the table's level after the p-value adjustment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The first sample's figure is significantly higher.
    AHigher,
    /// The second sample's figure is significantly higher.
    BHigher,
    /// No significant difference.
    NotSignificant,
    /// The published figures differ by no more than their rounding could: no difference
    /// can be read from them.
    WithinRounding,
    /// The option has a figure in the first sample only.
    OnlyInA,
    /// The option has a figure in the second sample only.
    OnlyInB,
}

impl Verdict {
    /// The verdict in words, naming the samples.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::Verdict;
    /// assert_eq!(Verdict::BHigher.describe("JP", "KR"), "KR higher");
    /// ```
    pub fn describe(&self, a: &str, b: &str) -> String {
        match self {
            Verdict::AHigher => format!("{a} higher"),
            Verdict::BHigher => format!("{b} higher"),
            Verdict::NotSignificant => "no significant difference".to_string(),
            Verdict::WithinRounding => "within rounding".to_string(),
            Verdict::OnlyInA => format!("{a} only"),
            Verdict::OnlyInB => format!("{b} only"),
        }
    }
}

/// One option of a [`GapTable`].
#[derive(Clone, Debug)]
pub struct OptionGap {
    pair: OptionPair,
    verdict: Verdict,
}

impl OptionGap {
    /// The option.
    pub fn option(&self) -> &str {
        &self.pair.option
    }
    /// The first sample's figure as published (`None` when it has none).
    pub fn a(&self) -> Option<&str> {
        self.pair.a.as_deref()
    }
    /// The second sample's figure as published.
    pub fn b(&self) -> Option<&str> {
        self.pair.b.as_deref()
    }
    /// The difference a − b with its interval and test, when both have the option.
    pub fn difference(&self) -> Option<&Difference> {
        self.pair.diff.as_ref()
    }
    /// a − b in percentage points.
    pub fn gap_points(&self) -> Option<f64> {
        self.pair
            .diff
            .as_ref()
            .map(|d| (d.points() * 1e9).round() / 1e9)
    }
    /// The two-sided p-value before adjustment.
    pub fn p_value(&self) -> Option<f64> {
        self.pair.diff.as_ref().map(Difference::p_value)
    }
    /// The p-value adjusted across the table's options.
    pub fn p_adjusted(&self) -> Option<f64> {
        self.pair.p_adjusted
    }
    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
}

/// Japan vs Korea (or any two independent samples) on one question, option by option: the
/// figures, the gap in points with its interval and p-value, p adjusted across the
/// options, and a verdict.
///
/// # Example
/// ```
/// use yoron::compare::{CompareOptions, GapTable, Verdict};
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
/// assert_eq!(t.row("north_korea").unwrap().verdict(), Verdict::BHigher); // KR 84 > JP 73
/// assert_eq!(t.row("china").unwrap().verdict(), Verdict::AHigher);      // JP 80 > KR 36
/// assert_eq!(t.row("japan").unwrap().verdict(), Verdict::OnlyInB);       // asked of KR only
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct GapTable {
    series: String,
    question: String,
    response: ResponseFormat,
    a_label: String,
    b_label: String,
    source: String,
    rows: Vec<OptionGap>,
    options: CompareOptions,
    n_assumed: bool,
    waves: (Wave, Wave),
    question_info: Question,
    publisher: String,
}

impl GapTable {
    /// This table for readers in `lang`: question and option labels in that language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = yoron::compare::GapTable::for_wave(&q, "2016", Default::default())?;
    /// assert!(t.in_lang(Lang::Ko).to_string().contains("북한"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, GapTable> {
        InLang::new(self, lang)
    }

    /// Compares two toplines of one question from two different samples.
    ///
    /// # Errors
    /// The toplines are of different questions, or of the same sample (use
    /// [`crate::compare::RankTable`] for options of one sample), or a sample has no n and
    /// none is assumed.
    pub fn new(a: &Topline<'_>, b: &Topline<'_>, options: CompareOptions) -> Result<GapTable> {
        let (qa, qb) = (a.question(), b.question());
        if qa.series() != qb.series() || qa.id() != qb.id() {
            return Err(Error::invalid_argument(
                "toplines",
                "two toplines of the same question",
                format!(
                    "{} {} and {} {}",
                    qa.series(),
                    qa.id(),
                    qb.series(),
                    qb.id()
                ),
            ));
        }
        let (wa, wb) = (a.wave(), b.wave());
        if wa == wb {
            return Err(Error::invalid_argument(
                "toplines",
                "two different samples (use a rank table for options of one sample)",
                format!("{} twice", super::wave_label(wa)),
            ));
        }
        let (pairs, n_assumed) = option_pairs(a, b, &options, Order::AMinusB)?;
        let alpha = options.level.alpha();
        let rows = pairs
            .into_iter()
            .map(|pair| {
                let verdict = match (&pair.a, &pair.b, &pair.diff, pair.p_adjusted) {
                    (Some(_), None, ..) => Verdict::OnlyInA,
                    (None, Some(_), ..) => Verdict::OnlyInB,
                    (_, _, Some(d), Some(p)) => {
                        if d.rounding().is_some_and(|r| r.is_within()) {
                            Verdict::WithinRounding
                        } else if p < alpha && d.estimate() > 0.0 {
                            Verdict::AHigher
                        } else if p < alpha && d.estimate() < 0.0 {
                            Verdict::BHigher
                        } else {
                            Verdict::NotSignificant
                        }
                    }
                    _ => Verdict::NotSignificant,
                };
                OptionGap { pair, verdict }
            })
            .collect();
        let publisher = publisher(a);
        Ok(GapTable {
            series: qa.series().to_string(),
            question: qa.id().to_string(),
            response: qa.response(),
            a_label: label(a, b),
            b_label: label(b, a),
            source: source_line(&[wa, wb], &publisher),
            rows,
            options,
            n_assumed,
            waves: (wa.clone(), wb.clone()),
            question_info: qa.clone(),
            publisher,
        })
    }

    /// Japan vs Korea in one wave (id, year or date range) of a question.
    ///
    /// # Errors
    /// The wave does not exist in one of the countries (or matches several waves), or a
    /// sample has no n and none is assumed.
    pub fn for_wave(
        question: &QuestionRef<'_>,
        wave: &str,
        options: CompareOptions,
    ) -> Result<GapTable> {
        let jp = question.topline(wave, Country::JP)?;
        let kr = question.topline(wave, Country::KR)?;
        GapTable::new(&jp, &kr, options)
    }

    /// The rows, in the first sample's order of options, then the second's extra ones.
    pub fn rows(&self) -> &[OptionGap] {
        &self.rows
    }

    /// The row of one option.
    pub fn row(&self, option: &str) -> Option<&OptionGap> {
        self.rows.iter().find(|r| r.option() == option)
    }

    /// What the first and second samples are called in the table (`JP`, `KR`; the wave id
    /// is added when both are from one country).
    pub fn labels(&self) -> (&str, &str) {
        (&self.a_label, &self.b_label)
    }

    /// The source line: publisher, fieldwork and n per sample.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Series and question ids.
    pub fn question(&self) -> (&str, &str) {
        (&self.series, &self.question)
    }

    /// Single or multiple response.
    pub fn response(&self) -> ResponseFormat {
        self.response
    }

    /// The options the table was computed with.
    pub fn options(&self) -> &CompareOptions {
        &self.options
    }

    /// True when an assumed n entered any row.
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }

    /// The first and the second sample's waves (country, fieldwork, n).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// assert_eq!(t.waves().1.n().map(|n| n.get()), Some(1010));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn waves(&self) -> (&Wave, &Wave) {
        (&self.waves.0, &self.waves.1)
    }

    /// The question: wording (with the original Japanese and Korean where known) and
    /// response format.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// assert!(t.question_info().text_ja().is_some());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn question_info(&self) -> &Question {
        &self.question_info
    }

    /// The series' publisher.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// assert!(t.publisher().contains("Genron"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn publisher(&self) -> &str {
        &self.publisher
    }

    /// A one-paragraph note on the method: interval, level, test, adjustment, and any
    /// assumption.
    pub fn method_note(&self) -> String {
        let mut s = format!(
            "Gap = {a} − {b} in percentage points; {} interval for independent samples at {:.0} %; p: two-sided z-test, {} across {} options.",
            self.options.method.name(),
            self.options.level.value() * 100.0,
            match self.options.adjust {
                crate::stats::PAdjust::Holm => "Holm-adjusted",
                _ => "Benjamini–Hochberg-adjusted",
            },
            self.rows
                .iter()
                .filter(|r| r.difference().is_some())
                .count(),
            a = self.a_label,
            b = self.b_label,
        );
        if self.response == ResponseFormat::Multiple {
            s.push_str(" Multiple answers allowed: figures may sum to more than 100 %.");
        }
        if self.n_assumed
            && let Some(n) = self.options.assume_n
        {
            s.push_str(&format!(
                " n = {n} ASSUMED where the source publishes none."
            ));
        }
        s
    }

    /// One serialisable record per row (the CLI's csv/json columns).
    pub fn records(&self) -> Vec<GapRecord> {
        self.rows
            .iter()
            .map(|r| GapRecord {
                option: r.pair.option.clone(),
                jp_percent: r.pair.a.clone(),
                kr_percent: r.pair.b.clone(),
                gap: r.gap_points(),
                ci_low: r.difference().map(|d| d.low() * 100.0),
                ci_high: r.difference().map(|d| d.high() * 100.0),
                p_value: r.p_value(),
                p_adjusted: r.p_adjusted(),
                verdict: r.verdict.describe(&self.a_label, &self.b_label),
                n_assumed: self.n_assumed,
            })
            .collect()
    }
}

/// A gap-table row for CSV and JSON output; `jp_percent`/`kr_percent` hold the first and
/// second samples' figures.
#[derive(Clone, Debug, Serialize)]
pub struct GapRecord {
    /// The option.
    pub option: String,
    /// The first sample's figure as published.
    pub jp_percent: Option<String>,
    /// The second sample's figure as published.
    pub kr_percent: Option<String>,
    /// The gap in points.
    pub gap: Option<f64>,
    /// The interval's lower end in points.
    pub ci_low: Option<f64>,
    /// The interval's upper end in points.
    pub ci_high: Option<f64>,
    /// The p-value.
    pub p_value: Option<f64>,
    /// The adjusted p-value.
    pub p_adjusted: Option<f64>,
    /// The verdict in words.
    pub verdict: String,
    /// True when an assumed n entered the table.
    pub n_assumed: bool,
}

impl GapTable {
    /// The table for readers in `lang`: what `Display` and `to_html` write.
    pub(crate) fn table(&self, lang: Lang) -> Cells {
        let (q, a, b) = (&self.question_info, &self.a_label, &self.b_label);
        let level = ci_header(&self.options);
        let mut t = Cells::new(
            format!("{}: {a} vs {b}", question_label(q, lang)),
            ["option", a, b, "gap", &level, "p", "p adj.", "verdict"],
        );
        for r in &self.rows {
            let mut row = vec![
                Cell::Text(option_label(q, r.option(), lang)),
                Cell::figure(r.a()),
                Cell::figure(r.b()),
            ];
            row.extend(difference_cells(r.difference()));
            row.push(Cell::p_value(r.p_adjusted()));
            row.push(Cell::Text(r.verdict.describe(a, b)));
            t.rows.push(row);
        }
        t.notes = vec![self.method_note(), self.source.clone()];
        t
    }
}

fn label(t: &Topline<'_>, other: &Topline<'_>) -> String {
    let w = t.wave();
    if w.country() == other.wave().country() {
        format!("{} {}", w.country(), w.id())
    } else {
        w.country().to_string()
    }
}
