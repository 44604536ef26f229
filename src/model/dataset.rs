//! The [`Dataset`] and the views that query it.

use std::fmt;
use std::str::FromStr;

use super::{
    BreakRef, ConflictMark, Country, Figure, OptionId, OptionKind, PartialDate, Percent, Question,
    SeriesBreak, SeriesId, SeriesInfo, Source, Wave,
};
use crate::error::{Error, ErrorKind, Result};

/// A validated collection of poll figures: series, waves, questions and figures with their
/// sources, in the order they were read.
///
/// Get the bundled data with [`crate::datasets::bundled`]; read your own with
/// [`Dataset::from_csv_path`] or [`Dataset::from_json_path`].
///
/// # Example
/// ```
/// let ds = yoron::datasets::bundled();
/// assert_eq!(ds.len(), 867);
/// let names: Vec<&str> = ds.series_ids().map(|s| s.as_str()).collect();
/// assert_eq!(names, ["genron_eai", "yomiuri_hankook", "gallup_korea", "cabinet_office", "yomiuri_gallup", "eai_api"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub(crate) series: Vec<(SeriesId, SeriesInfo)>,
    pub(crate) waves: Vec<Wave>,
    pub(crate) questions: Vec<Question>,
    pub(crate) figures: Vec<Figure>,
    /// Recorded breaks (the bundled `data/breaks.csv`); a user's file states breaks in the
    /// waves' `series_break` column instead.
    pub(crate) breaks: Vec<SeriesBreak>,
}

impl Dataset {
    /// Appends another dataset's series, waves, questions and figures.
    pub(crate) fn append(&mut self, other: Dataset) {
        let (w0, q0) = (self.waves.len(), self.questions.len());
        for s in other.series {
            if !self.series.iter().any(|(id, _)| *id == s.0) {
                self.series.push(s);
            }
        }
        self.waves.extend(other.waves);
        self.breaks.extend(other.breaks);
        self.questions.extend(other.questions);
        self.figures.extend(other.figures.into_iter().map(|mut f| {
            f.wave += w0;
            f.question += q0;
            f
        }));
    }

    /// The recorded series breaks and notes, in the order recorded (for the bundled data,
    /// `data/breaks.csv`; see `data/README.md` for each decision and its source).
    ///
    /// # Example
    /// ```
    /// let ds = yoron::datasets::bundled();
    /// // Gallup Korea's 2007 point is a different survey; FY2015's late fieldwork is a note.
    /// assert!(ds.breaks().any(|b| b.wave().as_str() == "2007-03" && b.splits()));
    /// assert!(ds.breaks().any(|b| b.wave().as_str() == "FY2015" && !b.splits()));
    /// ```
    pub fn breaks(&self) -> impl Iterator<Item = &SeriesBreak> {
        self.breaks.iter()
    }

    /// How many figures the dataset holds (conflicting alternatives included).
    pub fn len(&self) -> usize {
        self.figures.len()
    }

    /// True when the dataset holds no figure.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    /// The series, in the order they first appear.
    pub fn series_ids(&self) -> impl Iterator<Item = &SeriesId> {
        self.series.iter().map(|(id, _)| id)
    }

    /// Every series as a view.
    pub fn all_series(&self) -> impl Iterator<Item = SeriesRef<'_>> {
        (0..self.series.len()).map(move |idx| SeriesRef { ds: self, idx })
    }

    /// One series by its id.
    ///
    /// # Errors
    /// An unknown id gives an error that lists the known ones.
    ///
    /// # Example
    /// ```
    /// let ds = yoron::datasets::bundled();
    /// assert!(ds.series("cabinet_office")?.info().publisher().starts_with("Cabinet Office of Japan"));
    /// assert!(ds.series("cabinet").is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn series(&self, id: &str) -> Result<SeriesRef<'_>> {
        self.series
            .iter()
            .position(|(s, _)| s.as_str() == id)
            .map(|idx| SeriesRef { ds: self, idx })
            .ok_or_else(|| {
                let mut known: Vec<&str> = self.series_ids().map(SeriesId::as_str).collect();
                known.sort_unstable();
                Error::unknown_name("series", id, known)
            })
    }

    /// Every figure, in input order.
    ///
    /// # Example
    /// ```
    /// let ds = yoron::datasets::bundled();
    /// assert!(ds.figures().all(|f| !f.source().publication().is_empty()));
    /// ```
    pub fn figures(&self) -> impl Iterator<Item = FigureRef<'_>> {
        (0..self.figures.len()).map(move |idx| FigureRef { ds: self, idx })
    }

    /// The figures that have a conflicting figure from another source (preferred and
    /// alternatives), in input order.
    ///
    /// # Example
    /// ```
    /// let ds = yoron::datasets::bundled();
    /// let conflicts: Vec<_> = ds.conflicts().collect();
    /// assert_eq!(conflicts.iter().filter(|f| f.is_preferred()).count(), 12);
    /// ```
    pub fn conflicts(&self) -> impl Iterator<Item = FigureRef<'_>> {
        self.figures().filter(|f| f.conflict().is_some())
    }
}

/// A view of one series in a [`Dataset`].
#[derive(Clone, Copy, Debug)]
pub struct SeriesRef<'a> {
    ds: &'a Dataset,
    idx: usize,
}

impl<'a> SeriesRef<'a> {
    /// The series id.
    pub fn id(&self) -> &'a SeriesId {
        &self.ds.series[self.idx].0
    }

    /// Names, publisher and description.
    pub fn info(&self) -> &'a SeriesInfo {
        &self.ds.series[self.idx].1
    }

    /// The waves (one per sample country), in input order.
    pub fn waves(&self) -> impl Iterator<Item = &'a Wave> + use<'a> {
        let id = self.id();
        self.ds.waves.iter().filter(move |w| &w.series == id)
    }

    /// The questions, in input order.
    pub fn questions(&self) -> impl Iterator<Item = QuestionRef<'a>> + use<'a> {
        let ds = self.ds;
        let id = self.id();
        (0..ds.questions.len())
            .filter(move |&q| &ds.questions[q].series == id)
            .map(move |q| QuestionRef { ds, q })
    }

    /// One question by its id.
    ///
    /// # Errors
    /// An unknown id gives an error that lists the series' questions.
    ///
    /// # Example
    /// ```
    /// let s = yoron::datasets::bundled().series("genron_eai")?;
    /// let err = s.question("militry_threat").unwrap_err();
    /// assert!(err.to_string().contains("did you mean \"military_threat\""));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn question(&self, id: &str) -> Result<QuestionRef<'a>> {
        self.questions()
            .find(|q| q.question().id.as_str() == id)
            .ok_or_else(|| {
                let mut known: Vec<&str> =
                    self.questions().map(|q| q.question().id.as_str()).collect();
                known.sort_unstable();
                Error::unknown_name(format!("question in series {}", self.id()), id, known)
            })
    }

    /// Every figure of the series, in input order.
    pub fn figures(&self) -> impl Iterator<Item = FigureRef<'a>> + use<'a> {
        let id = self.id();
        let ds = self.ds;
        (0..ds.figures.len())
            .map(move |idx| FigureRef { ds, idx })
            .filter(move |f| f.wave().series() == id)
    }
}

/// Which waves to select: by id, by survey year, or by fieldwork date range.
///
/// Parsed from text: a wave id (`2016_4th`, `FY2016`, `2016-01-05`), a year (`2016`), or a
/// range `FROM..TO` of dates (`2016-01..2016-12`) that the fieldwork midpoint must fall in.
///
/// # Example
/// ```
/// use yoron::WaveSelector;
/// assert_eq!("2016".parse::<WaveSelector>()?, WaveSelector::Year(2016));
/// assert!(matches!("2016-01..2016-06".parse::<WaveSelector>()?, WaveSelector::Between(..)));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WaveSelector {
    /// A wave id as the publisher labels it.
    Id(String),
    /// Every wave whose survey year ([`Wave::year`]) is this year (or whose id is exactly
    /// this text).
    Year(i32),
    /// Every wave whose fieldwork midpoint lies between the two dates (inclusive).
    Between(PartialDate, PartialDate),
}

impl FromStr for WaveSelector {
    type Err = Error;

    fn from_str(s: &str) -> Result<WaveSelector> {
        if let Some((a, b)) = s.split_once("..") {
            return Ok(WaveSelector::Between(a.parse()?, b.parse()?));
        }
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse()
                .map(WaveSelector::Year)
                .map_err(|_| Error::invalid_argument("wave", "a year", s));
        }
        Ok(WaveSelector::Id(s.to_string()))
    }
}

impl fmt::Display for WaveSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaveSelector::Id(s) => f.write_str(s),
            WaveSelector::Year(y) => write!(f, "{y}"),
            WaveSelector::Between(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

impl WaveSelector {
    fn matches(&self, w: &Wave) -> bool {
        match self {
            WaveSelector::Id(id) => w.id.as_str() == id,
            WaveSelector::Year(y) => w.year() == Some(*y) || w.id.as_str() == y.to_string(),
            WaveSelector::Between(a, b) => w.fieldwork.midpoint_year().is_some_and(|m| {
                let lo = a.first_day();
                let hi = b.last_day();
                let as_year = |d: jiff::civil::Date| {
                    f64::from(d.year())
                        + (f64::from(d.day_of_year()) - 0.5) / f64::from(d.days_in_year())
                };
                m >= as_year(lo) && m <= as_year(hi)
            }),
        }
    }
}

/// A view of one question of a series.
#[derive(Clone, Copy, Debug)]
pub struct QuestionRef<'a> {
    ds: &'a Dataset,
    q: usize,
}

impl<'a> QuestionRef<'a> {
    /// The question: id, wording and response format.
    pub fn question(&self) -> &'a Question {
        &self.ds.questions[self.q]
    }

    fn figure_idx(&self) -> impl Iterator<Item = usize> + use<'a> {
        let ds = self.ds;
        let q = self.q;
        (0..ds.figures.len()).filter(move |&i| ds.figures[i].question == q)
    }

    /// The waves (one per sample country) that have figures for this question, in input
    /// order.
    pub fn waves(&self) -> Vec<&'a Wave> {
        let mut seen: Vec<usize> = Vec::new();
        for i in self.figure_idx() {
            let w = self.ds.figures[i].wave;
            if !seen.contains(&w) {
                seen.push(w);
            }
        }
        seen.into_iter().map(|w| &self.ds.waves[w]).collect()
    }

    /// The sample countries asked this question.
    pub fn countries(&self) -> Vec<Country> {
        let mut cs: Vec<Country> = self.waves().iter().map(|w| w.country).collect();
        cs.sort();
        cs.dedup();
        cs
    }

    /// The options that have figures, in first-seen order.
    pub fn options(&self) -> Vec<&'a OptionId> {
        let mut out: Vec<&OptionId> = Vec::new();
        for i in self.figure_idx() {
            let o = &self.ds.figures[i].option;
            if !out.contains(&o) {
                out.push(o);
            }
        }
        out
    }

    /// The toplines (one per wave and country) that match a selector, optionally in one
    /// country only.
    ///
    /// # Errors
    /// A selector that cannot be parsed.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::bundled().series("genron_eai")?.question("military_threat")?;
    /// let t = q.toplines("2016", None)?;
    /// assert_eq!(t.len(), 2); // Japan and Korea
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn toplines(&self, wave: &str, country: Option<Country>) -> Result<Vec<Topline<'a>>> {
        let sel: WaveSelector = wave.parse()?;
        Ok(self.select(&sel, country))
    }

    /// Every topline of the question (each wave and country), optionally in one country.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// assert!(q.select_all(None).len() >= 19);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn select_all(&self, country: Option<Country>) -> Vec<Topline<'a>> {
        let q = self.q;
        let ds = self.ds;
        let mut out: Vec<Topline<'a>> = Vec::new();
        for i in self.figure_idx() {
            let w = ds.figures[i].wave;
            if country.is_some_and(|c| c != ds.waves[w].country) {
                continue;
            }
            if !out.iter().any(|t| t.wave == w) {
                out.push(Topline {
                    ds,
                    wave: w,
                    question: q,
                });
            }
        }
        out
    }

    /// The toplines that match a parsed selector, optionally in one country only.
    pub fn select(&self, sel: &WaveSelector, country: Option<Country>) -> Vec<Topline<'a>> {
        let q = self.q;
        let ds = self.ds;
        let mut out: Vec<Topline<'a>> = Vec::new();
        for i in self.figure_idx() {
            let w = ds.figures[i].wave;
            let wave = &ds.waves[w];
            if country.is_some_and(|c| c != wave.country) || !sel.matches(wave) {
                continue;
            }
            if !out.iter().any(|t| t.wave == w) {
                out.push(Topline {
                    ds,
                    wave: w,
                    question: q,
                });
            }
        }
        out
    }

    /// The topline of one wave in one country.
    ///
    /// # Errors
    /// No wave or several waves match (the error lists the waves there are).
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// let q = yoron::datasets::bundled().series("genron_eai")?.question("military_threat")?;
    /// let jp = q.topline("2016", Country::JP)?;
    /// assert_eq!(jp.figure("china")?.percent().as_str(), "80");
    /// assert!(q.topline("1999", Country::JP).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn topline(&self, wave: &str, country: Country) -> Result<Topline<'a>> {
        let found = self.toplines(wave, Some(country))?;
        match found.len() {
            1 => Ok(found[0]),
            0 => {
                let known: Vec<String> = self
                    .waves()
                    .iter()
                    .filter(|w| w.country == country)
                    .map(|w| w.id.to_string())
                    .collect();
                Err(Error::unknown_name(
                    format!(
                        "wave of {} {} in {}",
                        self.question().series,
                        self.question().id,
                        country
                    ),
                    wave,
                    known,
                ))
            }
            _ => Err(Error::new(ErrorKind::Ambiguous {
                what: "wave".to_string(),
                name: wave.to_string(),
                candidates: found.iter().map(|t| t.wave().id.to_string()).collect(),
            })),
        }
    }

    /// One option's figures over time in one country: a time series ordered by fieldwork.
    ///
    /// Only preferred figures are used where sources conflict.
    ///
    /// # Errors
    /// An option the question does not have in that country.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// let q = yoron::datasets::bundled().series("cabinet_office")?.question("affinity_korea")?;
    /// let t = q.trend(Country::JP, "not_feel_total")?;
    /// assert!(t.points().iter().any(|p| p.wave().id().as_str() == "FY2016" && p.percent().as_str() == "59.1"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trend(&self, country: Country, option: &str) -> Result<Trend<'a>> {
        let ds = self.ds;
        let mut points: Vec<TrendPoint<'a>> = self
            .figure_idx()
            .filter(|&i| {
                let f = &ds.figures[i];
                ds.waves[f.wave].country == country
                    && f.option.as_str() == option
                    && f.conflict != Some(ConflictMark::Alternative)
            })
            .map(|idx| TrendPoint {
                figure: FigureRef { ds, idx },
                break_before: None,
            })
            .collect();
        if points.is_empty() {
            let mut known: Vec<String> = self
                .figure_idx()
                .filter(|&i| ds.waves[ds.figures[i].wave].country == country)
                .map(|i| ds.figures[i].option.to_string())
                .collect();
            known.sort();
            known.dedup();
            return Err(Error::unknown_name(
                format!("option of {} in {}", self.question().id, country),
                option,
                known,
            ));
        }
        points.sort_by(|a, b| {
            wave_time(a.wave())
                .partial_cmp(&wave_time(b.wave()))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        // A break recorded on any wave of this series and country between two points
        // splits them, even when the wave with the break has no figure for this option.
        let breaks = self.breaks(country);
        for i in 1..points.len() {
            let (a, b) = (wave_time(points[i - 1].wave()), wave_time(points[i].wave()));
            if let (Some(a), Some(b)) = (a, b) {
                points[i].break_before = breaks
                    .iter()
                    .find(|(t, extent, _)| super::separates(*extent, *t, a, b))
                    .map(|(.., r)| *r);
            }
        }
        Ok(Trend { points })
    }
}

impl<'a> QuestionRef<'a> {
    /// The breaks that split this question's trends in one country, with their wave's
    /// time: the recorded ones that concern the question (notes left out), and the
    /// `series_break` text of waves that no recorded wave-wide break covers.
    fn breaks(&self, country: Country) -> Vec<(f64, super::BreakExtent, BreakRef<'a>)> {
        let ds = self.ds;
        let q = self.question();
        let wave_of = |b: &SeriesBreak| {
            ds.waves
                .iter()
                .find(|w| w.series == b.series && w.id == b.wave && w.country == b.country)
        };
        let mut out: Vec<(f64, super::BreakExtent, BreakRef<'a>)> = ds
            .breaks
            .iter()
            .filter(|b| b.splits() && b.concerns(&q.series, country, &q.id))
            .filter_map(|b| Some((wave_time(wave_of(b)?)?, b.extent, BreakRef::Recorded(b))))
            .collect();
        for w in ds
            .waves
            .iter()
            .filter(|w| w.series == q.series && w.country == country && w.series_break().is_some())
        {
            let covered = ds.breaks.iter().any(|b| {
                b.splits() && b.question.is_none() && wave_of(b).is_some_and(|x| std::ptr::eq(x, w))
            });
            if let (false, Some(t)) = (covered, wave_time(w)) {
                out.push((t, super::BreakExtent::From, BreakRef::Wave(w)));
            }
        }
        out
    }
}

/// A wave's place in time: its fieldwork midpoint, else the middle of its survey year.
pub(crate) fn wave_time(w: &Wave) -> Option<f64> {
    w.fieldwork
        .midpoint_year()
        .or_else(|| w.year().map(|y| f64::from(y) + 0.5))
}

/// The figures of one question in one wave and sample country.
#[derive(Clone, Copy, Debug)]
pub struct Topline<'a> {
    ds: &'a Dataset,
    wave: usize,
    question: usize,
}

impl<'a> Topline<'a> {
    /// Why the series breaks between this wave and another wave of the same question and
    /// country (either order), when a recorded break or a wave's `series_break` lies
    /// between them; several reasons are joined with `; `.
    pub(crate) fn break_between(&self, other: &Topline<'_>) -> Option<String> {
        let (a, b) = (wave_time(self.wave())?, wave_time(other.wave())?);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let q = QuestionRef {
            ds: self.ds,
            q: self.question,
        };
        let reasons: Vec<&str> = q
            .breaks(self.wave().country)
            .iter()
            .filter(|(t, extent, _)| super::separates(*extent, *t, lo, hi))
            .map(|(.., r)| r.reason())
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
    /// The dataset the topline is a view of.
    // Unused since change tables ask the topline for breaks; kept for crate code on other
    // branches that reaches the dataset from a topline.
    #[allow(dead_code)]
    pub(crate) fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    /// The wave (one sample).
    pub fn wave(&self) -> &'a Wave {
        &self.ds.waves[self.wave]
    }

    /// The question.
    pub fn question(&self) -> &'a Question {
        &self.ds.questions[self.question]
    }

    /// Every figure, alternatives from conflicting sources included, in input order.
    pub fn all_figures(&self) -> impl Iterator<Item = FigureRef<'a>> + use<'a> {
        let ds = self.ds;
        let (w, q) = (self.wave, self.question);
        (0..ds.figures.len())
            .filter(move |&i| ds.figures[i].wave == w && ds.figures[i].question == q)
            .map(move |idx| FigureRef { ds, idx })
    }

    /// The figures yoron uses: one per option (the preferred one where sources conflict).
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// let q = yoron::datasets::bundled().series("genron_eai")?.question("military_threat")?;
    /// let kr = q.topline("2013", Country::KR)?;
    /// assert_eq!(kr.all_figures().count(), kr.figures().count() + 1); // China: 47.8 vs 39.6
    /// assert_eq!(kr.figure("china")?.percent().as_str(), "47.8");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn figures(&self) -> impl Iterator<Item = FigureRef<'a>> + use<'a> {
        self.all_figures().filter(|f| !f.is_alternative())
    }

    /// The figure yoron uses for one option.
    ///
    /// # Errors
    /// An option with no figure in this wave (the error lists the options there are).
    pub fn figure(&self, option: &str) -> Result<FigureRef<'a>> {
        self.figures()
            .find(|f| f.option().as_str() == option)
            .ok_or_else(|| {
                let known: Vec<String> = self.figures().map(|f| f.option().to_string()).collect();
                Error::unknown_name(
                    format!(
                        "option of {} in wave {} ({})",
                        self.question().id,
                        self.wave().id,
                        self.wave().country
                    ),
                    option,
                    known,
                )
            })
    }
}

/// One published figure with access to its wave, question and source.
#[derive(Clone, Copy, Debug)]
pub struct FigureRef<'a> {
    ds: &'a Dataset,
    idx: usize,
}

impl<'a> FigureRef<'a> {
    fn f(&self) -> &'a Figure {
        &self.ds.figures[self.idx]
    }
    /// The wave (series, wave id, country, dates, n).
    pub fn wave(&self) -> &'a Wave {
        &self.ds.waves[self.f().wave]
    }
    /// The question.
    pub fn question(&self) -> &'a Question {
        &self.ds.questions[self.f().question]
    }
    /// The option.
    pub fn option(&self) -> &'a OptionId {
        &self.f().option
    }
    /// Substantive, net, or a non-answer.
    pub fn option_kind(&self) -> OptionKind {
        self.f().option_kind
    }
    /// The figure as published.
    pub fn percent(&self) -> &'a Percent {
        &self.f().percent
    }
    /// Where it comes from.
    pub fn source(&self) -> &'a Source {
        &self.f().source
    }
    /// Preferred or alternative, when sources give different figures for the same option;
    /// `None` when this is the only figure.
    pub fn conflict(&self) -> Option<ConflictMark> {
        self.f().conflict
    }
    /// True for the figure yoron uses where sources conflict.
    pub fn is_preferred(&self) -> bool {
        self.f().conflict == Some(ConflictMark::Preferred)
    }
    /// True for a conflicting source's figure that yoron keeps but does not use.
    pub fn is_alternative(&self) -> bool {
        self.f().conflict == Some(ConflictMark::Alternative)
    }
    /// Why this figure is preferred or not, where sources conflict.
    pub fn conflict_note(&self) -> &'a str {
        &self.f().conflict_note
    }
    /// The other figures for the same option of the same wave (conflicting sources).
    pub fn rivals(&self) -> impl Iterator<Item = FigureRef<'a>> + use<'a> {
        let me = self.f();
        let ds = self.ds;
        let idx = self.idx;
        (0..ds.figures.len())
            .filter(move |&i| {
                let o = &ds.figures[i];
                i != idx && o.wave == me.wave && o.question == me.question && o.option == me.option
            })
            .map(move |i| FigureRef { ds, idx: i })
    }
    /// Notes from the compilation of the data, verbatim.
    pub fn notes(&self) -> &'a str {
        &self.f().notes
    }
    /// Where in the compiled source material this row was taken from.
    pub fn source_ref(&self) -> &'a str {
        &self.f().source_ref
    }
    /// The series' publisher.
    pub fn publisher(&self) -> &'a str {
        let s = &self.wave().series;
        self.ds
            .series
            .iter()
            .find(|(id, _)| id == s)
            .map_or("", |(_, info)| info.publisher.as_str())
    }
}

/// One option's figures across waves in one country, ordered by fieldwork.
#[derive(Clone, Debug)]
pub struct Trend<'a> {
    points: Vec<TrendPoint<'a>>,
}

impl<'a> Trend<'a> {
    /// The points in time order.
    pub fn points(&self) -> &[TrendPoint<'a>] {
        &self.points
    }
}

/// One point of a [`Trend`].
#[derive(Clone, Copy, Debug)]
pub struct TrendPoint<'a> {
    figure: FigureRef<'a>,
    break_before: Option<BreakRef<'a>>,
}

impl<'a> TrendPoint<'a> {
    /// The wave.
    pub fn wave(&self) -> &'a Wave {
        self.figure.wave()
    }
    /// The figure as published.
    pub fn percent(&self) -> &'a Percent {
        self.figure.percent()
    }
    /// The whole figure with its source.
    pub fn figure(&self) -> FigureRef<'a> {
        self.figure
    }
    /// True when the data records a series break (e.g. a change of survey mode) between
    /// the previous point and this one.
    pub fn break_before(&self) -> bool {
        self.break_before.is_some()
    }
    /// Why the series breaks between the previous point and this one, when it does (the
    /// first break found, when several lie between).
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let t = q.trend(Country::JP, "feel_total")?;
    /// let p = t.points().iter().find(|p| p.wave().id().as_str() == "FY2020").unwrap();
    /// assert!(p.break_reason().unwrap().starts_with("mode change"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn break_reason(&self) -> Option<&'a str> {
        self.break_before.map(|b| b.reason())
    }
    /// The recorded break between the previous point and this one, with its kind and
    /// source; `None` when there is none or the break is only a wave's `series_break` text.
    pub fn series_break(&self) -> Option<&'a SeriesBreak> {
        self.break_before.and_then(|b| b.recorded())
    }
    /// The wave's place in time as a fractional year (fieldwork midpoint, else mid-year).
    pub fn time(&self) -> Option<f64> {
        wave_time(self.wave())
    }
}
