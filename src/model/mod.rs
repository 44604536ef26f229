//! The poll model: series, waves (one sample each), questions, published figures and their
//! sources.
//!
//! A [`Dataset`] holds everything; views such as [`SeriesRef`], [`QuestionRef`] and
//! [`Topline`] borrow from it. A wave is one sample: it is identified by series, wave id and
//! sample country, since the Japanese and Korean halves of a joint poll have their own
//! fieldwork dates and sample sizes.

mod breaks;
mod catalog;
mod dataset;
mod values;

pub use breaks::SeriesBreak;
pub(crate) use breaks::{BreakRef, read_breaks_csv, separates};
pub use catalog::{Catalog, CatalogKind, QuestionSummary, SeriesSummary, WaveSummary};
#[cfg(feature = "chart")]
pub(crate) use dataset::wave_time as wave_time_of;
pub use dataset::{
    Dataset, FigureRef, QuestionRef, SeriesRef, Topline, Trend, TrendPoint, WaveSelector,
};
pub use values::{
    BreakExtent, BreakKind, ConflictMark, Country, DatePrecision, Mode, OptionId, OptionKind,
    PartialDate, Percent, QuestionId, ResponseFormat, SampleSize, SeriesId, SourceKind, WaveId,
};

use serde::Serialize;

/// When a wave's fieldwork took place, at the precision it was published.
///
/// # Example
/// ```
/// let fw = yoron::Fieldwork::new(Some("2016-06-18".parse()?), Some("2016-07-03".parse()?))?;
/// assert_eq!(fw.to_string(), "2016-06-18 – 2016-07-03");
/// assert!(yoron::Fieldwork::new(Some("2016-07".parse()?), Some("2016-06".parse()?)).is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fieldwork {
    start: Option<PartialDate>,
    end: Option<PartialDate>,
}

impl Fieldwork {
    /// Fieldwork from its start and end (either may be unknown).
    ///
    /// # Errors
    /// When the end is before the start.
    pub fn new(start: Option<PartialDate>, end: Option<PartialDate>) -> crate::Result<Fieldwork> {
        if let (Some(s), Some(e)) = (start, end)
            && s.first_day() > e.last_day()
        {
            return Err(crate::Error::new(crate::ErrorKind::InvalidValue {
                expected: format!("a fieldwork end on or after the start {s}"),
                found: e.to_string(),
            }));
        }
        Ok(Fieldwork { start, end })
    }

    /// The first day of fieldwork, when known.
    pub fn start(&self) -> Option<PartialDate> {
        self.start
    }

    /// The last day of fieldwork, when known.
    pub fn end(&self) -> Option<PartialDate> {
        self.end
    }

    /// The middle of fieldwork as a fractional year, when any date is known.
    pub fn midpoint_year(&self) -> Option<f64> {
        match (self.start, self.end) {
            (Some(s), Some(e)) => Some((s.fractional_year() + e.fractional_year()) / 2.0),
            (Some(d), None) | (None, Some(d)) => Some(d.fractional_year()),
            (None, None) => None,
        }
    }
}

impl std::fmt::Display for Fieldwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == e => write!(f, "{s}"),
            (Some(s), Some(e)) => write!(f, "{s} – {e}"),
            (Some(s), None) => write!(f, "from {s}"),
            (None, Some(e)) => write!(f, "until {e}"),
            (None, None) => write!(f, "dates not published"),
        }
    }
}

/// One wave of a series in one sample country: the unit that has a sample size and
/// fieldwork dates.
///
/// # Example
/// ```
/// let ds = yoron::datasets::bundled();
/// let t = ds.series("genron_eai")?.question("military_threat")?.topline("2016", yoron::Country::KR)?;
/// let w = t.wave();
/// assert_eq!(w.id().as_str(), "2016_4th");
/// assert_eq!(w.n().map(|n| n.get()), Some(1010));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Wave {
    pub(crate) series: SeriesId,
    pub(crate) id: WaveId,
    pub(crate) country: Country,
    pub(crate) fieldwork: Fieldwork,
    pub(crate) published: Option<PartialDate>,
    pub(crate) n: Option<SampleSize>,
    pub(crate) mode: Option<Mode>,
    pub(crate) population: String,
    pub(crate) method: String,
    pub(crate) series_break: String,
}

impl Wave {
    /// The series the wave belongs to.
    pub fn series(&self) -> &SeriesId {
        &self.series
    }
    /// The wave's id within the series.
    pub fn id(&self) -> &WaveId {
        &self.id
    }
    /// The sample country.
    pub fn country(&self) -> Country {
        self.country
    }
    /// Fieldwork dates.
    pub fn fieldwork(&self) -> Fieldwork {
        self.fieldwork
    }
    /// When the results were published.
    pub fn published(&self) -> Option<PartialDate> {
        self.published
    }
    /// The number of valid responses, when published.
    pub fn n(&self) -> Option<SampleSize> {
        self.n
    }
    /// The interview mode, when the sources state it.
    pub fn mode(&self) -> Option<Mode> {
        self.mode
    }
    /// The population sampled as stated (e.g. `18+`); empty when not stated.
    pub fn population(&self) -> &str {
        &self.population
    }
    /// The method as the source describes it, verbatim.
    pub fn method(&self) -> &str {
        &self.method
    }
    /// Why the series breaks before this wave (e.g. a change of mode), when it does.
    pub fn series_break(&self) -> Option<&str> {
        (!self.series_break.is_empty()).then_some(self.series_break.as_str())
    }
    /// The survey year: the year in the wave id, else the fieldwork start year.
    pub fn year(&self) -> Option<i32> {
        self.id
            .year()
            .or_else(|| self.fieldwork.start.map(|d| d.year()))
    }
}

/// A question of a series: wording and whether several answers were allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    #[serde(serialize_with = "ser_display")]
    pub(crate) series: SeriesId,
    #[serde(serialize_with = "ser_display")]
    pub(crate) id: QuestionId,
    pub(crate) text: String,
    pub(crate) text_ja: String,
    pub(crate) text_ko: String,
    #[serde(serialize_with = "ser_display")]
    pub(crate) response: ResponseFormat,
}

fn ser_display<T: std::fmt::Display, S: serde::Serializer>(
    v: &T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl Question {
    /// The series.
    pub fn series(&self) -> &SeriesId {
        &self.series
    }
    /// The stable id.
    pub fn id(&self) -> &QuestionId {
        &self.id
    }
    /// The English wording.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The original Japanese wording, when known.
    pub fn text_ja(&self) -> Option<&str> {
        (!self.text_ja.is_empty()).then_some(self.text_ja.as_str())
    }
    /// The original Korean wording, when known.
    pub fn text_ko(&self) -> Option<&str> {
        (!self.text_ko.is_empty()).then_some(self.text_ko.as_str())
    }
    /// Single or multiple response.
    pub fn response(&self) -> ResponseFormat {
        self.response
    }
}

/// Where a figure comes from: the original publication, where it was read, and whether
/// that reading is primary, secondary or the paper yoron checks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    pub(crate) publication: String,
    pub(crate) seen_at: String,
    pub(crate) kind: SourceKind,
}

impl Source {
    /// The original publication being reported.
    pub fn publication(&self) -> &str {
        &self.publication
    }
    /// Every place the figure was read, first the primary one.
    pub fn seen_at(&self) -> impl Iterator<Item = &str> {
        self.seen_at.split(" | ").filter(|s| !s.is_empty())
    }
    /// Every place, as one `" | "`-separated text (as in the tidy format).
    pub fn seen_at_text(&self) -> &str {
        &self.seen_at
    }
    /// Primary, secondary or the paper.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }
}

/// One published figure: an option's percent in one wave of one question, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub(crate) wave: usize,
    pub(crate) question: usize,
    pub(crate) option: OptionId,
    pub(crate) option_kind: OptionKind,
    pub(crate) percent: Percent,
    pub(crate) source: Source,
    pub(crate) conflict: Option<ConflictMark>,
    pub(crate) conflict_note: String,
    pub(crate) notes: String,
    pub(crate) source_ref: String,
}

/// Facts about a series beyond its id: names and a short description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeriesInfo {
    pub(crate) name: String,
    pub(crate) name_ja: String,
    pub(crate) name_ko: String,
    pub(crate) publisher: String,
    pub(crate) description: String,
}

impl SeriesInfo {
    /// The English name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The Japanese name, when known.
    pub fn name_ja(&self) -> Option<&str> {
        (!self.name_ja.is_empty()).then_some(self.name_ja.as_str())
    }
    /// The Korean name, when known.
    pub fn name_ko(&self) -> Option<&str> {
        (!self.name_ko.is_empty()).then_some(self.name_ko.as_str())
    }
    /// Who publishes the series.
    pub fn publisher(&self) -> &str {
        &self.publisher
    }
    /// What the series is and how it is conducted.
    pub fn description(&self) -> &str {
        &self.description
    }
}
