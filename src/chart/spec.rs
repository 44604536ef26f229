//! What every chart says besides its marks: title, question, source, samples, interval.

use super::lang::{Key, Lang, country_name, fill};
use crate::label::Text;
use crate::model::{Country, Fieldwork, PartialDate, Wave};
use crate::stats::{CiMethod, ConfidenceLevel, DiffMethod, SampleSizeSource};
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
/// assert_eq!(v.interval(), Some(yoron::stats::Bounds::new(77.4, 82.4)));
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
    /// assert_eq!(v.interval(), Some(yoron::stats::Bounds::new(35.1, 41.0)));
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
    /// assert_eq!(v.interval().map(|b| b.low()), Some(47.0));
    /// ```
    pub fn interval(&self) -> Option<crate::stats::Bounds> {
        self.interval
            .map(|(lo, hi)| crate::stats::Bounds::new(lo, hi))
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

/// One country's sample in one wave: who, when, how many.
///
/// Fieldwork dates are the data model's [`Fieldwork`] (dates at their published precision)
/// and the size is the statistics' [`SampleSizeSource`] (published, assumed for the intervals, or
/// unknown).
///
/// # Example
/// ```
/// use yoron::chart::Sample;
/// use yoron::stats::SampleSizeSource;
/// let t = yoron::datasets::genron_eai().question("military_threat")?.topline("2016", yoron::Country::KR)?;
/// let s = Sample::from_wave(t.wave(), None);
/// assert_eq!(s.country(), yoron::Country::KR);
/// assert_eq!(s.size(), SampleSizeSource::Published(1010));
/// assert_eq!(s.fieldwork().to_string(), "2016-06-16 – 2016-07-05");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    country: Country,
    fieldwork: Fieldwork,
    size: SampleSizeSource,
}

impl Sample {
    /// A sample of `country` interviewed during `fieldwork`, of size `size`.
    ///
    /// # Example
    /// ```
    /// use yoron::{Country, Fieldwork};
    /// use yoron::chart::Sample;
    /// use yoron::stats::SampleSizeSource;
    /// let f = Fieldwork::new(Some("2015-04".parse()?), Some("2015-05".parse()?))?;
    /// let s = Sample::new(Country::JP, f, SampleSizeSource::Assumed(1000));
    /// assert_eq!(s.fieldwork(), f);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(country: Country, fieldwork: Fieldwork, size: SampleSizeSource) -> Sample {
        Sample {
            country,
            fieldwork,
            size,
        }
    }

    /// The sample of a wave: its country, its fieldwork, and its published n, else
    /// `assume_n` as an assumed n, else an unknown n.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::Sample;
    /// use yoron::stats::SampleSizeSource;
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let w = q.topline("2015", yoron::Country::JP)?.wave(); // n not published
    /// assert_eq!(Sample::from_wave(w, Some(1000)).size(), SampleSizeSource::Assumed(1000));
    /// assert_eq!(Sample::from_wave(w, None).size(), SampleSizeSource::Unknown);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_wave(wave: &Wave, assume_n: Option<u32>) -> Sample {
        let size = match (wave.n(), assume_n) {
            (Some(n), _) => SampleSizeSource::Published(n.get()),
            (None, Some(a)) => SampleSizeSource::Assumed(a),
            (None, None) => SampleSizeSource::Unknown,
        };
        Sample::new(wave.country(), wave.fieldwork(), size)
    }

    /// The country sampled.
    ///
    /// # Example
    /// ```
    /// # use yoron::{Country, Fieldwork};
    /// # use yoron::chart::Sample;
    /// let s = Sample::new(Country::KR, Fieldwork::default(), yoron::stats::SampleSizeSource::Unknown);
    /// assert_eq!(s.country(), Country::KR);
    /// ```
    pub fn country(&self) -> Country {
        self.country
    }

    /// The fieldwork dates.
    ///
    /// # Example
    /// ```
    /// # use yoron::{Country, Fieldwork};
    /// # use yoron::chart::Sample;
    /// let s = Sample::new(Country::KR, Fieldwork::default(), yoron::stats::SampleSizeSource::Unknown);
    /// assert_eq!(s.fieldwork().start(), None);
    /// ```
    pub fn fieldwork(&self) -> Fieldwork {
        self.fieldwork
    }

    /// The sample size.
    ///
    /// # Example
    /// ```
    /// # use yoron::{Country, Fieldwork};
    /// # use yoron::chart::Sample;
    /// use yoron::stats::SampleSizeSource;
    /// let s = Sample::new(Country::KR, Fieldwork::default(), SampleSizeSource::Assumed(1000));
    /// assert_eq!(s.size(), SampleSizeSource::Assumed(1000));
    /// ```
    pub fn size(&self) -> SampleSizeSource {
        self.size
    }
}

/// How the intervals on a chart were computed: one of the statistics' interval methods for
/// a figure or for a difference, or a design-based interval from respondent data.
///
/// # Example
/// ```
/// use yoron::chart::{IntervalMethod, Lang};
/// use yoron::stats::{CiMethod, DiffMethod};
/// assert_eq!(IntervalMethod::from(CiMethod::Wilson).name(Lang::En), "Wilson score");
/// assert_eq!(IntervalMethod::from(DiffMethod::Newcombe).name(Lang::En), "Newcombe hybrid score");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntervalMethod {
    /// An interval for one proportion.
    Proportion(CiMethod),
    /// An interval for a difference of two proportions.
    Difference(DiffMethod),
    /// A design-based interval from respondent data and weights.
    DesignBased,
}

impl From<CiMethod> for IntervalMethod {
    fn from(m: CiMethod) -> IntervalMethod {
        IntervalMethod::Proportion(m)
    }
}

impl From<DiffMethod> for IntervalMethod {
    fn from(m: DiffMethod) -> IntervalMethod {
        IntervalMethod::Difference(m)
    }
}

impl IntervalMethod {
    /// The method's name in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, Lang};
    /// use yoron::stats::DiffMethod;
    /// assert!(IntervalMethod::from(DiffMethod::Newcombe).name(Lang::Ja).starts_with("Newcombe"));
    /// ```
    pub fn name(self, lang: Lang) -> &'static str {
        lang.tr(match self {
            IntervalMethod::Proportion(m) => match m {
                CiMethod::Wald => Key::Wald,
                CiMethod::Wilson => Key::Wilson,
                CiMethod::WilsonCc => Key::WilsonCc,
                CiMethod::AgrestiCoull => Key::AgrestiCoull,
                CiMethod::ClopperPearson => Key::ClopperPearson,
                CiMethod::Jeffreys => Key::Jeffreys,
                CiMethod::Logit => Key::Logit,
                CiMethod::MidP => Key::MidP,
                CiMethod::WaldCc => Key::WaldCc,
            },
            IntervalMethod::Difference(m) => match m {
                DiffMethod::Newcombe => Key::Newcombe,
                DiffMethod::Wald => Key::Wald,
                DiffMethod::AgrestiCaffo => Key::AgrestiCaffo,
                DiffMethod::WaldCc => Key::WaldCc,
                DiffMethod::HauckAnderson => Key::HauckAnderson,
                DiffMethod::Mee => Key::Mee,
                DiffMethod::MiettinenNurminen => Key::MiettinenNurminen,
            },
            IntervalMethod::DesignBased => Key::DesignBased,
        })
    }
}

/// The interval method and confidence level, written under the chart.
///
/// # Example
/// ```
/// use yoron::chart::IntervalNote;
/// use yoron::stats::{CiMethod, ConfidenceLevel};
/// let note = IntervalNote::new(CiMethod::Wilson, ConfidenceLevel::P95);
/// assert_eq!(note.level(), ConfidenceLevel::P95);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalNote {
    method: IntervalMethod,
    level: ConfidenceLevel,
}

impl IntervalNote {
    /// Intervals by `method` at confidence `level`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, IntervalNote};
    /// use yoron::stats::{ConfidenceLevel, DiffMethod};
    /// let note = IntervalNote::new(DiffMethod::Newcombe, ConfidenceLevel::P99);
    /// assert_eq!(note.method(), IntervalMethod::Difference(DiffMethod::Newcombe));
    /// ```
    pub fn new(method: impl Into<IntervalMethod>, level: ConfidenceLevel) -> IntervalNote {
        IntervalNote {
            method: method.into(),
            level,
        }
    }

    /// The method.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{IntervalMethod, IntervalNote};
    /// use yoron::stats::{CiMethod, ConfidenceLevel};
    /// let note = IntervalNote::new(CiMethod::Wald, ConfidenceLevel::P90);
    /// assert_eq!(note.method(), IntervalMethod::Proportion(CiMethod::Wald));
    /// ```
    pub fn method(&self) -> IntervalMethod {
        self.method
    }

    /// The confidence level.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::IntervalNote;
    /// use yoron::stats::{CiMethod, ConfidenceLevel};
    /// assert_eq!(IntervalNote::new(CiMethod::Wald, ConfidenceLevel::P90).level().value(), 0.9);
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The level as a percentage for display: 0.95 gives "95", 0.995 gives "99.5".
    pub(crate) fn level_text(&self) -> String {
        number(self.level.value() * 100.0)
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

/// The words around a chart: title, question, source and samples, interval note, notes.
///
/// Every chart must name its source and at least one sample (fieldwork dates and n), and a
/// chart that draws intervals must say how they were computed; drawing checks this. Charts
/// built from data make their caption themselves; build one by hand only for figures from
/// elsewhere.
///
/// # Example
/// ```
/// use yoron::chart::*;
/// use yoron::stats::{CiMethod, ConfidenceLevel};
/// let t = yoron::datasets::genron_eai().question("military_threat")?.topline("2016", yoron::Country::JP)?;
/// let caption = Caption::new(Text::new("Military threat").ja("軍事的脅威"))
///     .question("Which countries do you think are a military threat to your country?")
///     .source("The Genron NPO & East Asia Institute")
///     .sample(Sample::from_wave(t.wave(), None))
///     .interval(IntervalNote::new(CiMethod::Wilson, ConfidenceLevel::P95))
///     .answers(Answers::Multiple);
/// assert_eq!(caption.title().get(Lang::Ja), "軍事的脅威");
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    title: Text,
    question: Option<Text>,
    source: Text,
    samples: Vec<Sample>,
    interval: Option<IntervalNote>,
    answers: Answers,
    notes: Vec<Text>,
}

impl Caption {
    /// A caption with this title; add the rest with the other methods.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("Affinity").title().to_string(), "Affinity");
    /// ```
    pub fn new(title: impl Into<Text>) -> Caption {
        Caption {
            title: title.into(),
            question: None,
            source: Text::default(),
            samples: Vec::new(),
            interval: None,
            answers: Answers::Single,
            notes: Vec::new(),
        }
    }

    /// The same caption with another title.
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").with_title("Affinity");
    /// assert_eq!(c.title().to_string(), "Affinity");
    /// ```
    pub fn with_title(self, title: impl Into<Text>) -> Caption {
        Caption {
            title: title.into(),
            ..self
        }
    }

    /// The question as respondents heard it (wrapped under the title).
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").question("Do you feel affinity toward Korea?");
    /// assert_eq!(c.question_text().map(|q| q.to_string()).as_deref(), Some("Do you feel affinity toward Korea?"));
    /// ```
    pub fn question(self, wording: impl Into<Text>) -> Caption {
        Caption {
            question: Some(wording.into()),
            ..self
        }
    }

    /// Who published the figures (the source line starts with it).
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").source("Cabinet Office of Japan");
    /// assert_eq!(c.source_text().to_string(), "Cabinet Office of Japan");
    /// ```
    pub fn source(self, publisher: impl Into<Text>) -> Caption {
        Caption {
            source: publisher.into(),
            ..self
        }
    }

    /// Adds a sample (country, fieldwork, n) to the source line.
    ///
    /// # Example
    /// ```
    /// use yoron::{Country, Fieldwork};
    /// use yoron::chart::{Caption, Sample};
    /// let s = Sample::new(Country::KR, Fieldwork::default(), yoron::stats::SampleSizeSource::Published(1010));
    /// assert_eq!(Caption::new("T").sample(s).samples().len(), 1);
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
    /// use yoron::stats::{CiMethod, ConfidenceLevel};
    /// let c = Caption::new("T").interval(IntervalNote::new(CiMethod::Wilson, ConfidenceLevel::P95));
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

    /// Adds a note under the chart (e.g. a change of survey mode).
    ///
    /// # Example
    /// ```
    /// let c = yoron::chart::Caption::new("T").note("FY2020 on: mail survey");
    /// assert_eq!(c.notes()[0].to_string(), "FY2020 on: mail survey");
    /// ```
    pub fn note(mut self, note: impl Into<Text>) -> Caption {
        self.notes.push(note.into());
        self
    }

    /// The title.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("Threats").title().to_string(), "Threats");
    /// ```
    pub fn title(&self) -> &Text {
        &self.title
    }

    /// The question wording, when given.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("T").question_text(), None);
    /// ```
    pub fn question_text(&self) -> Option<&Text> {
        self.question.as_ref()
    }

    /// The publisher.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Caption::new("T").source("EAI").source_text().to_string(), "EAI");
    /// ```
    pub fn source_text(&self) -> &Text {
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

    /// The notes, in the order added.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::chart::Caption::new("T").notes().is_empty());
    /// ```
    pub fn notes(&self) -> &[Text] {
        &self.notes
    }

    /// Checks what every chart must say; `has_intervals` tells whether marks show intervals.
    pub(crate) fn check(&self, has_intervals: bool) -> Result<()> {
        if self.title.is_blank() {
            return Err(Error::invalid_argument(
                "caption title",
                "a non-empty title",
                "an empty string",
            ));
        }
        if self.source.is_blank() {
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
            if matches!(
                s.size,
                SampleSizeSource::Published(0) | SampleSizeSource::Assumed(0)
            ) {
                return Err(Error::invalid_argument("sample size", "a positive n", "0"));
            }
        }
        if self.interval.is_none() && has_intervals {
            return Err(Error::invalid_argument(
                "caption interval",
                "the interval method and level, since the chart draws intervals",
                "none",
            ));
        }
        Ok(())
    }

    /// The sample countries, each once, in code order.
    fn countries(&self) -> Vec<Country> {
        let mut countries: Vec<Country> = self.samples.iter().map(|s| s.country).collect();
        countries.sort();
        countries.dedup();
        countries
    }

    /// The lines under the chart: answers note, interval note, assumed n, notes, source.
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
        for c in self.countries() {
            let mine: Vec<&Sample> = self.samples.iter().filter(|s| s.country == c).collect();
            // A chart that draws intervals draws none where n is unknown: say so.
            let unknown = mine
                .iter()
                .filter(|s| s.size == SampleSizeSource::Unknown)
                .count();
            if self.interval.is_some() && unknown > 0 {
                let name = country_name(c, lang);
                lines.push(if unknown == mine.len() {
                    fill(lang.tr(Key::UnknownN), &[&name])
                } else {
                    fill(
                        lang.tr(Key::UnknownNSome),
                        &[&name, &unknown.to_string(), &mine.len().to_string()],
                    )
                });
            }
            let mut assumed: Vec<u32> = mine
                .iter()
                .filter_map(|s| match s.size {
                    SampleSizeSource::Assumed(n) => Some(n),
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
            let name = country_name(c, lang);
            lines.push(if count == mine.len() {
                fill(lang.tr(Key::AssumedN), &[&name, &ns])
            } else {
                fill(
                    lang.tr(Key::AssumedNSome),
                    &[&name, &count.to_string(), &mine.len().to_string(), &ns],
                )
            });
        }
        lines.extend(self.notes.iter().map(|n| n.get(lang).to_string()));
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
        let mut out = format!(
            "{}{sep}{}",
            lang.tr(Key::Source),
            self.source.get(lang).trim()
        );
        let latin_end = out.chars().last().is_some_and(|c| c.is_ascii());
        if !out.ends_with(['.', '。']) {
            out.push_str(if lang == Lang::Ja && !latin_end {
                "。"
            } else {
                "."
            });
        }
        let mut parts = Vec::new();
        for c in self.countries() {
            let name = country_name(c, lang);
            let mine: Vec<&Sample> = self.samples.iter().filter(|s| s.country == c).collect();
            if mine.len() <= 4 {
                let each: Vec<String> = mine
                    .iter()
                    .map(|s| {
                        format!(
                            "{}\u{a0}{}, {}",
                            lang.tr(Key::Fieldwork),
                            nbsp(&dates(&s.fieldwork, lang)),
                            n_text(s.size, lang)
                        )
                    })
                    .collect();
                parts.push(format!("{name}{sep}{}", each.join("; ")));
            } else {
                let ns: Vec<u32> = mine
                    .iter()
                    .filter_map(|s| match s.size {
                        SampleSizeSource::Published(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                let star = if mine
                    .iter()
                    .any(|s| matches!(s.size, SampleSizeSource::Assumed(_)))
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
                let fieldworks: Vec<Fieldwork> = mine.iter().map(|s| s.fieldwork).collect();
                let undated = fieldworks
                    .iter()
                    .filter(|f| f.start().is_none() && f.end().is_none())
                    .count();
                let undated = if undated > 0 && undated < fieldworks.len() {
                    fill(lang.tr(Key::DatesMissingSome), &[&undated.to_string()])
                } else {
                    String::new()
                };
                parts.push(format!(
                    "{name}{sep}{}\u{a0}{}{undated}, {}, {range}{star}",
                    lang.tr(Key::Fieldwork),
                    nbsp(&span(&fieldworks, lang)),
                    fill(lang.tr(Key::Waves), &[&mine.len().to_string()]).replace(' ', "\u{a0}"),
                ));
            }
        }
        if !parts.is_empty() {
            // Japanese needs no space after "。".
            if !out.ends_with('。') {
                out.push(' ');
            }
            out.push_str(&parts.join(" · "));
        }
        out
    }
}

/// A sample's fieldwork at its published precision, or "dates not published".
fn dates(f: &Fieldwork, lang: Lang) -> String {
    match (f.start(), f.end()) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => format!("{s} –"),
        (None, Some(e)) => format!("– {e}"),
        (None, None) => lang.tr(Key::DatesNotPublished).to_string(),
    }
}

/// "first wave's start – last wave's end", each at its own precision; waves without dates
/// are left out of the span (their number is still counted).
fn span(fieldworks: &[Fieldwork], lang: Lang) -> String {
    let first: Option<PartialDate> = fieldworks
        .iter()
        .filter_map(|f| f.start().or(f.end()))
        .min_by_key(PartialDate::first_day);
    let last: Option<PartialDate> = fieldworks
        .iter()
        .filter_map(|f| f.end().or(f.start()))
        .max_by_key(PartialDate::last_day);
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => lang.tr(Key::DatesNotPublished).to_string(),
    }
}

fn nbsp(s: &str) -> String {
    s.replace(' ', "\u{a0}")
}

fn n_text(size: SampleSizeSource, lang: Lang) -> String {
    match size {
        SampleSizeSource::Published(n) => format!("n\u{a0}=\u{a0}{}", thousands(u64::from(n))),
        SampleSizeSource::Assumed(n) => format!("n\u{a0}=\u{a0}{}*", thousands(u64::from(n))),
        SampleSizeSource::Unknown => lang.tr(Key::NotPublished).replace(' ', "\u{a0}"),
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

    fn fw(a: &str, b: &str) -> Fieldwork {
        Fieldwork::new(Some(a.parse().unwrap()), Some(b.parse().unwrap())).unwrap()
    }

    fn caption() -> Caption {
        Caption::new("T")
            .source("The Genron NPO & East Asia Institute")
            .sample(Sample::new(
                Country::JP,
                fw("2016-06-18", "2016-07-03"),
                SampleSizeSource::Published(1000),
            ))
            .sample(Sample::new(
                Country::KR,
                fw("2016-06-16", "2016-07-05"),
                SampleSizeSource::Assumed(1010),
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
                Country::JP,
                fw(&format!("{y}-10-01"), &format!("{y}-10-20")),
                SampleSizeSource::Published(1500 + (y as u32 - 2010) * 100),
            ));
        }
        c = c.sample(Sample::new(
            Country::JP,
            Fieldwork::default(),
            SampleSizeSource::Unknown,
        ));
        let line = c.source_line(Lang::En).replace('\u{a0}', " ");
        assert!(
            line.ends_with("Japan: fieldwork 2010-10-01 – 2019-10-20 (dates not published for 1), 11 waves, n = 1,500–2,400"),
            "{line}"
        );
    }

    #[test]
    fn unpublished_dates_are_said_in_the_chart_language() {
        let c = Caption::new("T").source("X").sample(Sample::new(
            Country::KR,
            Fieldwork::default(),
            SampleSizeSource::Unknown,
        ));
        let line = c.source_line(Lang::Ko).replace('\u{a0}', " ");
        assert_eq!(line, "출처: X. 한국: 조사 기간 미공개, n 미공개");
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
