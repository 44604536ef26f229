//! The polls of a pooling model: houses, dated figures with their n, and what was left out.

use jiff::civil::Date;

use super::PoolOptions;
use crate::compare::CONCEPTS;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Country, Dataset, Wave};

/// One house: one (series, question, option) in one run of waves between series breaks.
///
/// # Example
/// ```
/// use yoron::pool::{Polls, PoolOptions};
/// let polls = Polls::from_concept(
///     yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::JP,
///     &PoolOptions::new().assume_n(1000),
/// )?;
/// let co: Vec<&str> = polls.houses().iter().map(|h| h.id()).filter(|h| h.starts_with("cabinet")).collect();
/// // Two series breaks (data/breaks.csv): the FY2016 population change (the run's first
/// // figure of this option is FY2017's) and the FY2020 mode change.
/// assert_eq!(co, [
///     "cabinet_office/affinity_korea/feel_total",
///     "cabinet_office/affinity_korea/feel_total@FY2017",
///     "cabinet_office/affinity_korea/feel_total@FY2020",
/// ]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct House {
    pub(crate) id: String,
    pub(crate) series: String,
    pub(crate) question: String,
    pub(crate) option: String,
    pub(crate) run_from: Option<String>,
}

impl House {
    /// The house's id: `series/question/option`, with `@WAVE` for a run that starts at a
    /// series break in wave `WAVE`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The series.
    pub fn series(&self) -> &str {
        &self.series
    }
    /// The question.
    pub fn question(&self) -> &str {
        &self.question
    }
    /// The option.
    pub fn option(&self) -> &str {
        &self.option
    }
    /// The wave whose series break starts this run (`None` for a series' first run).
    pub fn run_from(&self) -> Option<&str> {
        self.run_from.as_deref()
    }
}

/// One published figure as an observation of the latent trend.
#[derive(Clone, Debug, PartialEq)]
pub struct Poll {
    pub(crate) house: usize,
    pub(crate) date: Date,
    pub(crate) percent: f64,
    pub(crate) n: u32,
    pub(crate) n_assumed: bool,
    pub(crate) wave: String,
}

impl Poll {
    /// Index of the house in [`Polls::houses`].
    pub fn house(&self) -> usize {
        self.house
    }
    /// The middle of fieldwork (see [`Polls::from_concept`]).
    pub fn date(&self) -> Date {
        self.date
    }
    /// The figure in percent.
    pub fn percent(&self) -> f64 {
        self.percent
    }
    /// The sample size used.
    pub fn n(&self) -> u32 {
        self.n
    }
    /// Whether n is the `assume_n` assumption rather than published.
    pub fn is_n_assumed(&self) -> bool {
        self.n_assumed
    }
    /// The wave, as `series wave country` (empty for polls added by hand).
    pub fn wave(&self) -> &str {
        &self.wave
    }
}

/// A series break between two polls of one house's series.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesBreak {
    pub(crate) date: Date,
    pub(crate) series: String,
    pub(crate) wave: String,
    pub(crate) reason: String,
}

impl SeriesBreak {
    /// The middle of fieldwork of the first wave after the break.
    pub fn date(&self) -> Date {
        self.date
    }
    /// The series.
    pub fn series(&self) -> &str {
        &self.series
    }
    /// The first wave after the break.
    pub fn wave(&self) -> &str {
        &self.wave
    }
    /// Why the series breaks, as the data says.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The input of a pooling model: houses and their polls.
///
/// Build it from a concept of the bundled data ([`Polls::from_concept`]), from any
/// (series, question, option) triples ([`Polls::from_members`]), from every series of a
/// dataset that asks one question with one option ([`Polls::from_question`]), or by hand
/// ([`Polls::new`], [`Polls::add_house`], [`Polls::add_poll`]).
///
/// # Example
/// ```
/// use yoron::pool::Polls;
/// let mut polls = Polls::new();
/// let a = polls.add_house("a")?;
/// polls.add_poll(a, "2020-01-15".parse()?, 40.0, 1000)?;
/// assert_eq!(polls.polls().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polls {
    pub(crate) houses: Vec<House>,
    pub(crate) polls: Vec<Poll>,
    pub(crate) left_out: Vec<String>,
    pub(crate) breaks: Vec<SeriesBreak>,
}

/// Limits on what a user can ask for, so a typo cannot exhaust memory (the state has one
/// element per house, and the filter stores one row per poll).
pub(crate) const MAX_HOUSES: usize = 1_000;
pub(crate) const MAX_POLLS: usize = 1_000_000;

impl Polls {
    /// No houses, no polls.
    pub fn new() -> Polls {
        Polls::default()
    }

    /// Adds a house and returns its index.
    ///
    /// # Errors
    /// A house id already used, or more than 1,000 houses.
    pub fn add_house(&mut self, id: &str) -> Result<usize> {
        if self.houses.iter().any(|h| h.id == id) {
            return Err(Error::invalid_argument(
                "house",
                "a house id not used yet",
                id,
            ));
        }
        if self.houses.len() >= MAX_HOUSES {
            return Err(Error::invalid_argument(
                "house",
                format!("at most {MAX_HOUSES} houses"),
                format!("house number {}", MAX_HOUSES + 1),
            ));
        }
        self.houses.push(House {
            id: id.to_string(),
            series: id.to_string(),
            question: String::new(),
            option: String::new(),
            run_from: None,
        });
        Ok(self.houses.len() - 1)
    }

    /// Adds a poll of house `house` (an index from [`Polls::add_house`]) dated `date`.
    ///
    /// # Errors
    /// An unknown house index, a percent outside (0, 100) (a figure of 0 or 100 has no
    /// sampling variance under the model), or more than 1,000,000 polls.
    pub fn add_poll(&mut self, house: usize, date: Date, percent: f64, n: u32) -> Result<()> {
        self.push(Poll {
            house,
            date,
            percent,
            n,
            n_assumed: false,
            wave: String::new(),
        })
    }

    fn push(&mut self, poll: Poll) -> Result<()> {
        if poll.house >= self.houses.len() {
            return Err(Error::invalid_argument(
                "house",
                format!("a house index below {}", self.houses.len()),
                poll.house.to_string(),
            ));
        }
        if !(poll.percent > 0.0 && poll.percent < 100.0) {
            return Err(Error::invalid_argument(
                "percent",
                format!(
                    "a figure strictly between 0 and 100 for house {} (0 or 100 has no sampling variance)",
                    self.houses[poll.house].id
                ),
                poll.percent.to_string(),
            ));
        }
        if poll.n == 0 {
            return Err(Error::invalid_argument(
                "n",
                "a sample size of at least 1",
                "0",
            ));
        }
        if self.polls.len() >= MAX_POLLS {
            return Err(Error::invalid_argument(
                "polls",
                format!("at most {MAX_POLLS} polls"),
                "more",
            ));
        }
        self.polls.push(poll);
        Ok(())
    }

    /// Adds another set's houses and polls (e.g. from a second file).
    ///
    /// # Errors
    /// A house id in both, or the limits of [`Polls::add_house`] and [`Polls::add_poll`].
    pub fn extend(&mut self, other: Polls) -> Result<()> {
        let offset = self.houses.len();
        for h in other.houses {
            if self.houses.iter().any(|x| x.id == h.id) {
                return Err(Error::invalid_argument(
                    "house",
                    "each house (series/question/option) in one file only",
                    h.id,
                ));
            }
            if self.houses.len() >= MAX_HOUSES {
                return Err(Error::invalid_argument(
                    "house",
                    format!("at most {MAX_HOUSES} houses"),
                    format!("house number {}", MAX_HOUSES + 1),
                ));
            }
            self.houses.push(h);
        }
        for mut p in other.polls {
            p.house += offset;
            self.push(p)?;
        }
        self.left_out.extend(other.left_out);
        self.breaks.extend(other.breaks);
        Ok(())
    }

    /// The houses, in the order they were added.
    pub fn houses(&self) -> &[House] {
        &self.houses
    }

    /// The polls.
    pub fn polls(&self) -> &[Poll] {
        &self.polls
    }

    /// Waves left out because neither fieldwork nor publication is dated.
    pub fn left_out(&self) -> &[String] {
        &self.left_out
    }

    /// The series breaks between polls of one house's series.
    pub fn breaks(&self) -> &[SeriesBreak] {
        &self.breaks
    }

    /// The polls of a concept ([`crate::compare::CONCEPTS`], e.g. `positive_view_of_other`)
    /// in one sample country: every member series that asks it there is a house, split at
    /// its series breaks.
    ///
    /// A poll's date is the middle of its fieldwork in whole days, `start + ⌊(end −
    /// start)/2⌋`; a start or end published to the month or year counts as that period's
    /// first or last day; with one end unknown the other is used for both; with no
    /// fieldwork the published date is used the same way. Waves with no date at all are
    /// left out and listed ([`Polls::left_out`]). Only preferred figures are used where
    /// sources conflict.
    ///
    /// # Errors
    /// An unknown concept; a wave without n when `options` has no `assume_n`
    /// ([`ErrorKind::UnknownSampleSize`]).
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let ds = yoron::datasets::bundled();
    /// let err = Polls::from_concept(ds, "positive_view_of_other", yoron::Country::JP, &PoolOptions::new()).unwrap_err();
    /// assert!(err.to_string().contains("has no published sample size"));
    /// let polls = Polls::from_concept(ds, "positive_view_of_other", yoron::Country::KR, &PoolOptions::new().assume_n(1000))?;
    /// assert!(polls.left_out().iter().any(|w| w.starts_with("gallup_korea 2003")));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_concept(
        ds: &Dataset,
        concept: &str,
        country: Country,
        options: &PoolOptions,
    ) -> Result<Polls> {
        let c = CONCEPTS.iter().find(|c| c.id == concept).ok_or_else(|| {
            Error::unknown_name("concept", concept, CONCEPTS.iter().map(|c| c.id))
        })?;
        let members: Vec<(&str, &str, &str)> = c
            .members
            .iter()
            .map(|m| (m.series, m.question, m.option))
            .collect();
        Polls::from_members(ds, &members, country, options)
    }

    /// The polls of every series in `ds` that asks `question` with option `option` in
    /// `country` (dates and n as in [`Polls::from_concept`]).
    ///
    /// # Errors
    /// No series asks it; those of [`Polls::from_concept`].
    pub fn from_question(
        ds: &Dataset,
        question: &str,
        option: &str,
        country: Country,
        options: &PoolOptions,
    ) -> Result<Polls> {
        let series: Vec<String> = ds.series_ids().map(|s| s.to_string()).collect();
        let members: Vec<(&str, &str, &str)> = series
            .iter()
            .map(|s| (s.as_str(), question, option))
            .collect();
        let polls = Polls::from_members(ds, &members, country, options)?;
        if polls.houses.is_empty() {
            return Err(Error::new(ErrorKind::NoMatch {
                what: "series".into(),
                query: format!("question {question} with option {option} in {country}"),
            }));
        }
        Ok(polls)
    }

    /// The polls of the given (series, question, option) triples in `country`; a triple
    /// that the data does not have in that country is skipped.
    ///
    /// # Errors
    /// Those of [`Polls::from_concept`].
    pub fn from_members(
        ds: &Dataset,
        members: &[(&str, &str, &str)],
        country: Country,
        options: &PoolOptions,
    ) -> Result<Polls> {
        let mut out = Polls::new();
        let mut missing_n = Vec::new();
        for &(series, question, option) in members {
            let Ok(q) = ds.series(series).and_then(|s| s.question(question)) else {
                continue;
            };
            let Ok(trend) = q.trend(country, option) else {
                continue;
            };
            let base = format!("{series}/{question}/{option}");
            // The current run of waves (a series break starts a new one) and its house,
            // created at the run's first poll inside the date window.
            let mut run: (String, Option<String>) = (base.clone(), None);
            let mut house: Option<usize> = None;
            for p in trend.points() {
                let w = p.wave();
                if p.break_before() {
                    run = (format!("{base}@{}", w.id()), Some(w.id().to_string()));
                    house = None;
                }
                let label = format!("{} {} {}", w.series(), w.id(), w.country());
                let Some(date) = poll_date(w) else {
                    out.left_out.push(label);
                    continue;
                };
                if options.from.is_some_and(|from| date < from)
                    || options.to.is_some_and(|to| date > to)
                {
                    continue;
                }
                let (n, n_assumed) = match (w.n(), options.assume_n) {
                    (Some(n), _) => (n.get(), false),
                    (None, Some(a)) => (a, true),
                    (None, None) => {
                        missing_n.push(label);
                        continue;
                    }
                };
                let h = match house {
                    Some(h) => h,
                    None => {
                        // A break is marked where it splits polls of this series; a run
                        // whose earlier waves were all left out has nothing to split.
                        let base_prefix = format!("{base}@");
                        let earlier = out
                            .houses
                            .iter()
                            .any(|h| h.id == base || h.id.starts_with(&base_prefix));
                        if let Some(wave) = run.1.as_ref().filter(|_| earlier) {
                            out.breaks.push(SeriesBreak {
                                date,
                                series: series.to_string(),
                                wave: wave.clone(),
                                reason: w.series_break().unwrap_or("series break").to_string(),
                            });
                        }
                        if out.houses.len() >= MAX_HOUSES {
                            return Err(Error::invalid_argument(
                                "house",
                                format!("at most {MAX_HOUSES} houses"),
                                format!("house number {}", MAX_HOUSES + 1),
                            ));
                        }
                        out.houses.push(House {
                            id: run.0.clone(),
                            series: series.to_string(),
                            question: question.to_string(),
                            option: option.to_string(),
                            run_from: run.1.clone(),
                        });
                        out.houses.len() - 1
                    }
                };
                house = Some(h);
                out.push(Poll {
                    house: h,
                    date,
                    percent: p.percent().value(),
                    n,
                    n_assumed,
                    wave: label,
                })?;
            }
        }
        if !missing_n.is_empty() {
            return Err(Error::new(ErrorKind::UnknownSampleSize {
                // The message says "… has no published sample size": "each of" keeps
                // the verb right for several waves.
                what: if missing_n.len() == 1 {
                    format!("1 wave ({})", missing_n[0])
                } else {
                    format!(
                        "each of {} waves ({})",
                        missing_n.len(),
                        missing_n.join(", ")
                    )
                },
            }));
        }
        Ok(out)
    }
}

/// The middle of a wave's fieldwork in whole days (see [`Polls::from_concept`]).
fn poll_date(w: &Wave) -> Option<Date> {
    let fw = w.fieldwork();
    let (start, end) = match (fw.start(), fw.end()) {
        (Some(s), Some(e)) => (s, e),
        (Some(d), None) | (None, Some(d)) => (d, d),
        (None, None) => {
            let p = w.published()?;
            (p, p)
        }
    };
    let a = start.first_day();
    let b = end.last_day();
    let days = day_number(b) - day_number(a);
    a.checked_add(jiff::Span::new().days(days.div_euclid(2)))
        .ok()
}

/// Days since 1970-01-01 (proleptic Gregorian; Hinnant's `days_from_civil`).
pub(crate) fn day_number(d: Date) -> i64 {
    let (y, m, dd) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(Date::constant(1970, 1, 1)), 0);
        assert_eq!(day_number(Date::constant(2000, 3, 1)), 11_017);
        assert_eq!(day_number(Date::constant(1969, 12, 31)), -1);
    }
}
