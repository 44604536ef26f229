//! What every chart says besides its marks: title, question, source, samples, interval.

use jiff::civil::Date;

use super::lang::{Country, Key, Lang, fill};
use crate::{Error, Result};

/// A figure in percent, with its confidence interval when one was computed.
///
/// The chart draws what it is given: it never computes an interval itself.
///
/// # Example
/// ```
/// use yoron::chart::Value;
/// let v = Value::new(80.0).with_interval(77.4, 82.4);
/// assert_eq!(v.percent(), 80.0);
/// assert_eq!(v.interval(), Some((77.4, 82.4)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Value {
    percent: f64,
    interval: Option<(f64, f64)>,
}

impl Value {
    /// A figure in percent (0 to 100), as published.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Value::new(38.0).interval(), None);
    /// ```
    pub fn new(percent: f64) -> Value {
        Value {
            percent,
            interval: None,
        }
    }

    /// The same figure with a confidence interval from `low` to `high` percent.
    ///
    /// Checked when the chart is drawn: `low <= percent <= high`, all within 0 to 100.
    ///
    /// # Example
    /// ```
    /// let v = yoron::chart::Value::new(38.0).with_interval(35.1, 41.0);
    /// assert_eq!(v.interval(), Some((35.1, 41.0)));
    /// ```
    pub fn with_interval(self, low: f64, high: f64) -> Value {
        Value {
            interval: Some((low, high)),
            ..self
        }
    }

    /// The figure in percent.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Value::new(59.1).percent(), 59.1);
    /// ```
    pub fn percent(&self) -> f64 {
        self.percent
    }

    /// The interval's low and high ends in percent, when there is one.
    ///
    /// # Example
    /// ```
    /// let v = yoron::chart::Value::new(50.0).with_interval(47.0, 53.0);
    /// assert_eq!(v.interval().map(|(lo, _)| lo), Some(47.0));
    /// ```
    pub fn interval(&self) -> Option<(f64, f64)> {
        self.interval
    }

    /// The lowest value drawn (the interval's low end, or the figure).
    pub(crate) fn min(&self) -> f64 {
        self.interval.map_or(self.percent, |(lo, _)| lo)
    }

    /// The highest value drawn.
    pub(crate) fn max(&self) -> f64 {
        self.interval.map_or(self.percent, |(_, hi)| hi)
    }

    /// Checks the value is a percentage with an ordered interval around it.
    pub(crate) fn check(&self, what: &str) -> Result<()> {
        check_range(what, self.percent, self.interval, 0.0, 100.0, "percent")
    }
}

/// Checks that `v` and its interval are finite, ordered and inside `[min, max]`.
pub(crate) fn check_range(
    what: &str,
    v: f64,
    interval: Option<(f64, f64)>,
    min: f64,
    max: f64,
    unit: &str,
) -> Result<()> {
    if !v.is_finite() || v < min || v > max {
        return Err(Error::invalid_argument(
            what,
            format!("a {unit} value in [{min}, {max}]"),
            v.to_string(),
        ));
    }
    if let Some((lo, hi)) = interval
        && !(lo.is_finite() && hi.is_finite() && lo >= min && hi <= max && lo <= v && v <= hi)
    {
        return Err(Error::invalid_argument(
            format!("{what} interval"),
            format!("low <= {v} <= high, within [{min}, {max}]"),
            format!("[{lo}, {hi}]"),
        ));
    }
    Ok(())
}

/// The dates a sample was interviewed, first and last day included; to the day, or to the
/// month when the pollster gave only months.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use yoron::chart::Fieldwork;
/// let f = Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3));
/// assert_eq!(f.to_string(), "2016-06-18 – 2016-07-03");
/// assert_eq!(Fieldwork::months(date(2015, 4, 1), date(2015, 5, 1)).to_string(), "2015-04 – 2015-05");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fieldwork {
    start: Date,
    end: Date,
    months_only: bool,
}

impl Fieldwork {
    /// Fieldwork from `start` to `end` (checked when drawn: `start <= end`).
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// let f = yoron::chart::Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// assert_eq!(f.start(), date(2016, 6, 16));
    /// ```
    pub fn new(start: Date, end: Date) -> Fieldwork {
        Fieldwork {
            start,
            end,
            months_only: false,
        }
    }

    /// Fieldwork known only to the month: from `start`'s month to `end`'s month, shown as
    /// `YYYY-MM` (the days of `start` and `end` are ignored).
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// let f = yoron::chart::Fieldwork::months(date(2021, 9, 1), date(2021, 9, 1));
    /// assert_eq!(f.to_string(), "2021-09");
    /// assert_eq!(f.end(), date(2021, 9, 30));
    /// ```
    pub fn months(start: Date, end: Date) -> Fieldwork {
        Fieldwork {
            start: start.first_of_month(),
            end: end.last_of_month(),
            months_only: true,
        }
    }

    /// The first day (the month's first day when known only to the month).
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// let f = yoron::chart::Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// assert_eq!(f.start().year(), 2016);
    /// ```
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day (the month's last day when known only to the month).
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// let f = yoron::chart::Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// assert_eq!(f.end(), date(2016, 7, 5));
    /// ```
    pub fn end(&self) -> Date {
        self.end
    }
}

impl std::fmt::Display for Fieldwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |d: Date| {
            if self.months_only {
                format!("{:04}-{:02}", d.year(), d.month())
            } else {
                d.to_string()
            }
        };
        let (a, b) = (show(self.start), show(self.end));
        if a == b {
            write!(f, "{a}")
        } else {
            write!(f, "{a} – {b}")
        }
    }
}

/// A sample's size: published by the pollster, assumed for the intervals, or not known.
///
/// # Example
/// ```
/// use yoron::chart::SampleSize;
/// assert_eq!(SampleSize::Published(1000).n(), Some(1000));
/// assert_eq!(SampleSize::Unknown.n(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SampleSize {
    /// The n the pollster published.
    Published(u32),
    /// Not published; the intervals assume this n (the chart says so in a note).
    Assumed(u32),
    /// Not published and no intervals were computed.
    Unknown,
}

impl SampleSize {
    /// The n, published or assumed.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::SampleSize::Assumed(1000).n(), Some(1000));
    /// ```
    pub fn n(self) -> Option<u32> {
        match self {
            SampleSize::Published(n) | SampleSize::Assumed(n) => Some(n),
            SampleSize::Unknown => None,
        }
    }
}

/// One country's sample in one wave: who, when, how many.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use yoron::chart::{Country, Fieldwork, Sample, SampleSize};
/// let s = Sample::new(
///     Country::Japan,
///     Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)),
///     SampleSize::Published(1000),
/// );
/// assert_eq!(s.country(), Country::Japan);
/// assert_eq!(s.size().n(), Some(1000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    country: Country,
    fieldwork: Fieldwork,
    size: SampleSize,
}

impl Sample {
    /// A sample of `country` interviewed during `fieldwork`, of size `size`.
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// use yoron::chart::{Country, Fieldwork, Sample, SampleSize};
    /// let f = Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// let s = Sample::new(Country::SouthKorea, f, SampleSize::Published(1010));
    /// assert_eq!(s.fieldwork(), f);
    /// ```
    pub fn new(country: Country, fieldwork: Fieldwork, size: SampleSize) -> Sample {
        Sample {
            country,
            fieldwork,
            size,
        }
    }

    /// The country sampled.
    ///
    /// # Example
    /// ```
    /// # use jiff::civil::date;
    /// # use yoron::chart::{Country, Fieldwork, Sample, SampleSize};
    /// let f = Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// let s = Sample::new(Country::SouthKorea, f, SampleSize::Unknown);
    /// assert_eq!(s.country(), Country::SouthKorea);
    /// ```
    pub fn country(&self) -> Country {
        self.country
    }

    /// The fieldwork dates.
    ///
    /// # Example
    /// ```
    /// # use jiff::civil::date;
    /// # use yoron::chart::{Country, Fieldwork, Sample, SampleSize};
    /// let f = Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// let s = Sample::new(Country::SouthKorea, f, SampleSize::Unknown);
    /// assert_eq!(s.fieldwork().end(), date(2016, 7, 5));
    /// ```
    pub fn fieldwork(&self) -> Fieldwork {
        self.fieldwork
    }

    /// The sample size.
    ///
    /// # Example
    /// ```
    /// # use jiff::civil::date;
    /// # use yoron::chart::{Country, Fieldwork, Sample, SampleSize};
    /// let f = Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// let s = Sample::new(Country::SouthKorea, f, SampleSize::Assumed(1000));
    /// assert_eq!(s.size(), SampleSize::Assumed(1000));
    /// ```
    pub fn size(&self) -> SampleSize {
        self.size
    }
}

/// How the intervals on a chart were computed.
///
/// # Example
/// ```
/// use yoron::chart::{IntervalMethod, Lang};
/// assert_eq!(IntervalMethod::Wilson.name(Lang::En), "Wilson score");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntervalMethod {
    /// Wilson (1927) score interval for one proportion.
    Wilson,
    /// Newcombe (1998) hybrid score interval for a difference of proportions.
    Newcombe,
    /// Wald (normal approximation) interval.
    Wald,
    /// Clopper–Pearson exact interval.
    ClopperPearson,
    /// Agresti–Coull interval.
    AgrestiCoull,
    /// Design-based interval from respondent data and weights.
    DesignBased,
}

impl IntervalMethod {
    /// The method's name in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, Lang};
    /// assert!(IntervalMethod::Newcombe.name(Lang::Ja).starts_with("Newcombe"));
    /// ```
    pub fn name(self, lang: Lang) -> &'static str {
        lang.tr(match self {
            IntervalMethod::Wilson => Key::Wilson,
            IntervalMethod::Newcombe => Key::Newcombe,
            IntervalMethod::Wald => Key::Wald,
            IntervalMethod::ClopperPearson => Key::ClopperPearson,
            IntervalMethod::AgrestiCoull => Key::AgrestiCoull,
            IntervalMethod::DesignBased => Key::DesignBased,
        })
    }
}

/// The interval method and confidence level, written under the chart.
///
/// # Example
/// ```
/// use yoron::chart::{IntervalMethod, IntervalNote};
/// let note = IntervalNote::new(IntervalMethod::Wilson, 0.95);
/// assert_eq!(note.level(), 0.95);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalNote {
    method: IntervalMethod,
    level: f64,
}

impl IntervalNote {
    /// Intervals by `method` at confidence `level` (e.g. 0.95; checked when drawn).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, IntervalNote};
    /// let note = IntervalNote::new(IntervalMethod::Newcombe, 0.99);
    /// assert_eq!(note.method(), IntervalMethod::Newcombe);
    /// ```
    pub fn new(method: IntervalMethod, level: f64) -> IntervalNote {
        IntervalNote { method, level }
    }

    /// The method.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, IntervalNote};
    /// assert_eq!(IntervalNote::new(IntervalMethod::Wald, 0.9).method(), IntervalMethod::Wald);
    /// ```
    pub fn method(&self) -> IntervalMethod {
        self.method
    }

    /// The confidence level, between 0 and 1.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, IntervalNote};
    /// assert_eq!(IntervalNote::new(IntervalMethod::Wald, 0.9).level(), 0.9);
    /// ```
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The level as a percentage for display: 0.95 gives "95", 0.995 gives "99.5".
    pub(crate) fn level_text(&self) -> String {
        number(self.level * 100.0)
    }
}

/// Whether respondents could give one answer or several.
///
/// # Example
/// ```
/// use yoron::chart::Answers;
/// assert_eq!(Answers::default(), Answers::Single);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answers {
    /// One answer per respondent: the options add up to 100 % (the default).
    #[default]
    Single,
    /// Several answers allowed: the options add up to more than 100 %, and the chart says so.
    Multiple,
}

/// The words around a chart: title, question, source and samples, interval note.
///
/// Every chart must name its source and at least one sample (fieldwork dates and n), and a
/// chart that draws intervals must say how they were computed; drawing checks this.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use yoron::chart::*;
/// let caption = Caption::new("Which countries are a military threat?")
///     .question("Which countries do you think are a military threat to your country?")
///     .source("The Genron NPO & East Asia Institute (2016)")
///     .sample(Sample::new(
///         Country::Japan,
///         Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)),
///         SampleSize::Published(1000),
///     ))
///     .interval(IntervalNote::new(IntervalMethod::Wilson, 0.95))
///     .answers(Answers::Multiple);
/// assert_eq!(caption.title(), "Which countries are a military threat?");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    title: String,
    question: Option<String>,
    source: String,
    samples: Vec<Sample>,
    interval: Option<IntervalNote>,
    answers: Answers,
    notes: Vec<String>,
}

impl Caption {
    /// A caption with this title; add the rest with the other methods.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("Affinity").title(), "Affinity");
    /// ```
    pub fn new(title: impl Into<String>) -> Caption {
        Caption {
            title: title.into(),
            question: None,
            source: String::new(),
            samples: Vec::new(),
            interval: None,
            answers: Answers::Single,
            notes: Vec::new(),
        }
    }

    /// The question as respondents heard it (wrapped under the title).
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").question("Do you feel affinity toward Korea?");
    /// assert_eq!(c.question_text(), Some("Do you feel affinity toward Korea?"));
    /// ```
    pub fn question(self, wording: impl Into<String>) -> Caption {
        Caption {
            question: Some(wording.into()),
            ..self
        }
    }

    /// Who published the figures, and where they were taken from.
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").source("Cabinet Office of Japan");
    /// assert_eq!(c.source_text(), "Cabinet Office of Japan");
    /// ```
    pub fn source(self, publisher: impl Into<String>) -> Caption {
        Caption {
            source: publisher.into(),
            ..self
        }
    }

    /// Adds a sample (country, fieldwork, n) to the source line.
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// use yoron::chart::*;
    /// let f = Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5));
    /// let c = Caption::new("T").sample(Sample::new(Country::SouthKorea, f, SampleSize::Published(1010)));
    /// assert_eq!(c.samples().len(), 1);
    /// ```
    pub fn sample(mut self, sample: Sample) -> Caption {
        self.samples.push(sample);
        self
    }

    /// Says how the chart's intervals were computed.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::*;
    /// let c = Caption::new("T").interval(IntervalNote::new(IntervalMethod::Wilson, 0.95));
    /// assert!(c.interval_note().is_some());
    /// ```
    pub fn interval(self, note: IntervalNote) -> Caption {
        Caption {
            interval: Some(note),
            ..self
        }
    }

    /// Whether the question allowed several answers (the chart then notes that totals exceed
    /// 100 %).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Answers, Caption};
    /// assert_eq!(Caption::new("T").answers(Answers::Multiple).answers_kind(), Answers::Multiple);
    /// ```
    pub fn answers(self, answers: Answers) -> Caption {
        Caption { answers, ..self }
    }

    /// Adds a free note under the chart (e.g. a change of survey mode).
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").note("FY2020 on: mail survey");
    /// assert_eq!(c.notes(), ["FY2020 on: mail survey"]);
    /// ```
    pub fn note(mut self, note: impl Into<String>) -> Caption {
        self.notes.push(note.into());
        self
    }

    /// The title.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("Threats").title(), "Threats");
    /// ```
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The question wording, when given.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("T").question_text(), None);
    /// ```
    pub fn question_text(&self) -> Option<&str> {
        self.question.as_deref()
    }

    /// The publisher and reference.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("T").source("EAI").source_text(), "EAI");
    /// ```
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// The samples, in the order added.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::Caption::new("T").samples().is_empty());
    /// ```
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The interval note, when given.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::Caption::new("T").interval_note().is_none());
    /// ```
    pub fn interval_note(&self) -> Option<&IntervalNote> {
        self.interval.as_ref()
    }

    /// Single or multiple answers.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Answers, Caption};
    /// assert_eq!(Caption::new("T").answers_kind(), Answers::Single);
    /// ```
    pub fn answers_kind(&self) -> Answers {
        self.answers
    }

    /// The free notes, in the order added.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::Caption::new("T").notes().is_empty());
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Checks what every chart must say; `has_intervals` tells whether marks show intervals.
    pub(crate) fn check(&self, has_intervals: bool) -> Result<()> {
        if self.title.trim().is_empty() {
            return Err(Error::invalid_argument(
                "caption title",
                "a non-empty title",
                "an empty string",
            ));
        }
        if self.source.trim().is_empty() {
            return Err(Error::invalid_argument(
                "caption source",
                "the publisher of the figures (every chart names its source)",
                "nothing",
            ));
        }
        if self.samples.is_empty() {
            return Err(Error::invalid_argument(
                "caption samples",
                "at least one sample with fieldwork dates and n",
                "none",
            ));
        }
        for s in &self.samples {
            if s.fieldwork.start > s.fieldwork.end {
                return Err(Error::invalid_argument(
                    "sample fieldwork",
                    "a start on or before the end",
                    s.fieldwork.to_string(),
                ));
            }
            if matches!(s.size, SampleSize::Published(0) | SampleSize::Assumed(0)) {
                return Err(Error::invalid_argument("sample size", "a positive n", "0"));
            }
        }
        match self.interval {
            None if has_intervals => Err(Error::invalid_argument(
                "caption interval",
                "the interval method and level, since the chart draws intervals",
                "none",
            )),
            Some(n) if !(n.level > 0.0 && n.level < 1.0) => Err(Error::invalid_argument(
                "interval level",
                "a confidence level strictly between 0 and 1",
                n.level.to_string(),
            )),
            _ => Ok(()),
        }
    }

    /// The lines under the chart: answers note, interval note, assumed n, free notes, source.
    pub(crate) fn footer(&self, lang: Lang, has_intervals: bool) -> Vec<String> {
        let mut lines = Vec::new();
        if self.answers == Answers::Multiple {
            lines.push(lang.tr(Key::MultiResponse).to_string());
        }
        if let Some(note) = self.interval.as_ref().filter(|_| has_intervals) {
            lines.push(fill(
                lang.tr(Key::Interval),
                &[&note.level_text(), note.method.name(lang)],
            ));
        }
        let mut countries: Vec<Country> = self.samples.iter().map(|s| s.country).collect();
        countries.sort();
        countries.dedup();
        for c in countries {
            let mine: Vec<&Sample> = self.samples.iter().filter(|s| s.country == c).collect();
            let mut assumed: Vec<u32> = mine
                .iter()
                .filter_map(|s| match s.size {
                    SampleSize::Assumed(n) => Some(n),
                    _ => None,
                })
                .collect();
            if assumed.is_empty() {
                continue;
            }
            let count = assumed.len();
            assumed.sort_unstable();
            assumed.dedup();
            let ns = assumed
                .iter()
                .map(|n| thousands(u64::from(*n)))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(if count == mine.len() {
                fill(lang.tr(Key::AssumedN), &[c.name(lang), &ns])
            } else {
                fill(
                    lang.tr(Key::AssumedNSome),
                    &[
                        c.name(lang),
                        &count.to_string(),
                        &mine.len().to_string(),
                        &ns,
                    ],
                )
            });
        }
        lines.extend(self.notes.iter().cloned());
        lines.push(self.source_line(lang));
        lines
    }

    /// "Source: publisher. Japan: fieldwork 2016-06-18 – 2016-07-03, n = 1,000; …"
    ///
    /// Up to four samples per country are listed one by one; more (a long trend) are summed
    /// up per country as first day – last day, the number of waves and the range of n.
    fn source_line(&self, lang: Lang) -> String {
        let sep = match lang {
            Lang::En => ": ",
            Lang::Ja => "：",
            Lang::Ko => ": ",
        };
        let mut out = format!("{}{sep}{}", lang.tr(Key::Source), self.source.trim());
        let latin_end = out.chars().last().is_some_and(|c| c.is_ascii());
        if !out.ends_with(['.', '。']) {
            out.push_str(if lang == Lang::Ja && !latin_end {
                "。"
            } else {
                "."
            });
        }
        let mut countries: Vec<Country> = self.samples.iter().map(|s| s.country).collect();
        countries.sort();
        countries.dedup();
        let mut parts = Vec::new();
        for c in countries {
            let mine: Vec<&Sample> = self.samples.iter().filter(|s| s.country == c).collect();
            if mine.len() <= 4 {
                let each: Vec<String> = mine
                    .iter()
                    .map(|s| {
                        format!(
                            "{}\u{a0}{}, {}",
                            lang.tr(Key::Fieldwork),
                            nbsp_dates(&s.fieldwork.to_string()),
                            n_text(s.size, lang)
                        )
                    })
                    .collect();
                parts.push(format!("{}{sep}{}", c.name(lang), each.join("; ")));
            } else {
                let first = mine.iter().map(|s| s.fieldwork).min_by_key(|f| f.start);
                let last = mine.iter().map(|s| s.fieldwork).max_by_key(|f| f.end);
                let ns: Vec<u32> = mine
                    .iter()
                    .filter_map(|s| match s.size {
                        SampleSize::Published(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                let star = if mine
                    .iter()
                    .any(|s| matches!(s.size, SampleSize::Assumed(_)))
                {
                    "*"
                } else {
                    ""
                };
                let range = match (ns.iter().min(), ns.iter().max()) {
                    (Some(a), Some(b)) if a == b => {
                        format!("n\u{a0}=\u{a0}{}", thousands(u64::from(*a)))
                    }
                    (Some(a), Some(b)) => format!(
                        "n\u{a0}=\u{a0}{}–{}",
                        thousands(u64::from(*a)),
                        thousands(u64::from(*b))
                    ),
                    _ => lang.tr(Key::NotPublished).replace(' ', "\u{a0}"),
                };
                if let (Some(first), Some(last)) = (first, last) {
                    parts.push(format!(
                        "{}{sep}{}\u{a0}{}, {}, {range}{star}",
                        c.name(lang),
                        lang.tr(Key::Fieldwork),
                        nbsp_dates(&span(first, last)),
                        fill(lang.tr(Key::Waves), &[&mine.len().to_string()])
                            .replace(' ', "\u{a0}"),
                    ));
                }
            }
        }
        if !parts.is_empty() {
            out.push(' ');
            out.push_str(&parts.join(" · "));
        }
        out
    }
}

/// "first wave's start – last wave's end", each at its own precision.
fn span(first: Fieldwork, last: Fieldwork) -> String {
    let a = Fieldwork {
        end: first.start,
        ..first
    }
    .to_string();
    let b = Fieldwork {
        start: last.end,
        ..last
    }
    .to_string();
    format!("{a} – {b}")
}

fn nbsp_dates(s: &str) -> String {
    s.replace(' ', "\u{a0}")
}

fn n_text(size: SampleSize, lang: Lang) -> String {
    match size {
        SampleSize::Published(n) => format!("n\u{a0}=\u{a0}{}", thousands(u64::from(n))),
        SampleSize::Assumed(n) => format!("n\u{a0}=\u{a0}{}*", thousands(u64::from(n))),
        SampleSize::Unknown => lang.tr(Key::NotPublished).replace(' ', "\u{a0}"),
    }
}

/// 1010 → "1,010".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number for a label: at most one decimal, none when it is whole (80 → "80", 59.14 → "59.1").
pub(crate) fn number(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.replace('-', "−")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn caption() -> Caption {
        Caption::new("T")
            .source("The Genron NPO & East Asia Institute")
            .sample(Sample::new(
                Country::Japan,
                Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)),
                SampleSize::Published(1000),
            ))
            .sample(Sample::new(
                Country::SouthKorea,
                Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5)),
                SampleSize::Assumed(1010),
            ))
    }

    #[test]
    fn source_line_names_each_sample() {
        let line = caption().source_line(Lang::En).replace('\u{a0}', " ");
        assert_eq!(
            line,
            "Source: The Genron NPO & East Asia Institute. Japan: fieldwork 2016-06-18 – 2016-07-03, n = 1,000 · South Korea: fieldwork 2016-06-16 – 2016-07-05, n = 1,010*"
        );
    }

    #[test]
    fn assumed_n_is_noted() {
        let f = caption().footer(Lang::En, false);
        assert!(
            f.iter()
                .any(|l| l == "* South Korea did not publish n: its intervals assume n = 1,010."),
            "{f:?}"
        );
    }

    #[test]
    fn long_trends_are_summed_up_per_country() {
        let mut c = Caption::new("T").source("Cabinet Office");
        for y in 2010..2020 {
            c = c.sample(Sample::new(
                Country::Japan,
                Fieldwork::new(date(y, 10, 1), date(y, 10, 20)),
                SampleSize::Published(1500 + (y as u32 - 2010) * 100),
            ));
        }
        let line = c.source_line(Lang::En).replace('\u{a0}', " ");
        assert!(
            line.ends_with("Japan: fieldwork 2010-10-01 – 2019-10-20, 10 waves, n = 1,500–2,400"),
            "{line}"
        );
    }

    #[test]
    fn intervals_need_a_note() {
        let e = caption().check(true).unwrap_err();
        assert!(e.to_string().contains("caption interval"), "{e}");
        assert!(caption().check(false).is_ok());
    }

    #[test]
    fn numbers_keep_one_decimal() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(59.14), "59.1");
        assert_eq!(number(-12.0), "−12");
        assert_eq!(thousands(1010), "1,010");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn values_out_of_range_are_refused() {
        assert!(Value::new(101.0).check("x").is_err());
        assert!(
            Value::new(50.0)
                .with_interval(51.0, 60.0)
                .check("x")
                .is_err()
        );
        assert!(Value::new(f64::NAN).check("x").is_err());
        assert!(
            Value::new(50.0)
                .with_interval(45.0, 55.0)
                .check("x")
                .is_ok()
        );
    }
}
