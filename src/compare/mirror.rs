//! Mirror pairs: each public asked about the other — Japan's view of Korea next to Korea's
//! view of Japan, wave by wave.

use serde::Serialize;

use super::{
    CompareOptions, ci_header, difference_cells, option_label, question_label, source_line,
};
use crate::error::{Error, Result};
use crate::label::{InLang, Lang};
use crate::model::{Country, Question, QuestionRef, Wave};
use crate::stats::{Difference, Estimate, Samples, dist};
use crate::table::{Cell, Cells, format_p, signed};

/// One wave of a [`Mirror`].
#[derive(Clone, Debug)]
pub struct MirrorRow {
    wave: String,
    time: Option<f64>,
    jp: Option<String>,
    kr: Option<String>,
    asymmetry: Option<Difference>,
    estimates: Option<(Estimate, Estimate)>,
    note: Option<String>,
    jp_wave: Option<Wave>,
    kr_wave: Option<Wave>,
    jp_break_before: bool,
    kr_break_before: bool,
}

impl MirrorRow {
    /// The wave id.
    pub fn wave(&self) -> &str {
        &self.wave
    }
    /// The wave's place in time (fractional year of the Japanese fieldwork midpoint).
    pub fn time(&self) -> Option<f64> {
        self.time
    }
    /// Japan's figure (its view of Korea).
    pub fn jp(&self) -> Option<&str> {
        self.jp.as_deref()
    }
    /// Korea's figure (its view of Japan).
    pub fn kr(&self) -> Option<&str> {
        self.kr.as_deref()
    }
    /// JP − KR with interval and test (independent samples), when both figures and both
    /// n are known.
    pub fn asymmetry(&self) -> Option<&Difference> {
        self.asymmetry.as_ref()
    }
    /// Why the asymmetry is missing, when it is.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// Japan's sample in this wave (fieldwork, n), when it has a figure.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// let r = m.rows().iter().find(|r| r.wave() == "2016_4th").unwrap();
    /// assert_eq!(r.jp_wave().and_then(|w| w.n()).map(|n| n.get()), Some(1000));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn jp_wave(&self) -> Option<&Wave> {
        self.jp_wave.as_ref()
    }
    /// Korea's sample in this wave, when it has a figure.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// let r = m.rows().iter().find(|r| r.wave() == "2016_4th").unwrap();
    /// assert_eq!(r.kr_wave().and_then(|w| w.n()).map(|n| n.get()), Some(1010));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kr_wave(&self) -> Option<&Wave> {
        self.kr_wave.as_ref()
    }
    /// True when the data records a series break in Japan's sample between its previous
    /// figure and this one.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// assert!(m.rows().iter().all(|r| !r.jp_break_before()));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn jp_break_before(&self) -> bool {
        self.jp_break_before
    }
    /// True when the data records a series break in Korea's sample between its previous
    /// figure and this one (the 2024 Korean survey went online).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// let r = m.rows().iter().find(|r| r.wave() == "2024_12th").unwrap();
    /// assert!(r.kr_break_before());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kr_break_before(&self) -> bool {
        self.kr_break_before
    }
}

/// The change of the asymmetry between two waves: (JP₂ − KR₂) − (JP₁ − KR₁).
///
/// # Formula
/// With four independent samples, Var = Σ pᵢ(1 − pᵢ)/n_eff,ᵢ; the interval is
/// estimate ± z·SE and the p-value two-sided from z = estimate / SE (Wald).
#[derive(Clone, Debug, Serialize)]
pub struct DiffInDiff {
    /// The earlier wave.
    pub from: String,
    /// The later wave.
    pub to: String,
    /// The change of the asymmetry, in points.
    pub points: f64,
    /// The interval's lower end, in points.
    pub ci_low: f64,
    /// The interval's upper end, in points.
    pub ci_high: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Japan's and Korea's answers to a question each public is asked about the other (the
/// impression of, trust in, or affinity to the other country), wave by wave, with the
/// asymmetry JP − KR and its change over time.
///
/// # Example
/// ```
/// use yoron::compare::{CompareOptions, Mirror};
/// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
/// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
/// let r = m.rows().iter().find(|r| r.wave() == "2016_4th").unwrap();
/// assert!(r.jp().is_some() && r.kr().is_some());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Mirror {
    series: String,
    question: String,
    option: String,
    rows: Vec<MirrorRow>,
    options: CompareOptions,
    question_info: Question,
    publisher: String,
}

impl Mirror {
    /// This table for readers in `lang`: question and option labels in that language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = yoron::compare::Mirror::new(&q, "good_total", Default::default())?;
    /// assert!(m.in_lang(Lang::En).to_string().contains("Good"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, Mirror> {
        InLang::new(self, lang)
    }

    /// The mirror series of one option of a question asked in both countries.
    ///
    /// # Errors
    /// The question is not asked in both Japan and Korea, or the option has no figure.
    pub fn new(
        question: &QuestionRef<'_>,
        option: &str,
        options: CompareOptions,
    ) -> Result<Mirror> {
        let q = question.question();
        let countries = question.countries();
        if !(countries.contains(&Country::JP) && countries.contains(&Country::KR)) {
            return Err(Error::invalid_argument(
                "question",
                "a question asked in both Japan and Korea",
                format!(
                    "{} {} (asked in {:?})",
                    q.series(),
                    q.id(),
                    countries.iter().map(|c| c.code()).collect::<Vec<_>>()
                ),
            ));
        }
        let jp = question.trend(Country::JP, option).ok();
        let kr = question.trend(Country::KR, option).ok();
        if jp.is_none() && kr.is_none() {
            // Reuse the trend's error, which lists the options there are.
            question.trend(Country::JP, option)?;
        }
        let mut waves: Vec<(String, Option<f64>)> = Vec::new();
        for t in [&jp, &kr].into_iter().flatten() {
            for p in t.points() {
                let id = p.wave().id().to_string();
                if !waves.iter().any(|(w, _)| *w == id) {
                    waves.push((id, p.time()));
                }
            }
        }
        waves.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        let mut rows = Vec::new();
        let mut publisher = String::new();
        for (wave, time) in waves {
            let pj = jp
                .as_ref()
                .and_then(|t| t.points().iter().find(|p| p.wave().id().as_str() == wave));
            let pk = kr
                .as_ref()
                .and_then(|t| t.points().iter().find(|p| p.wave().id().as_str() == wave));
            let (fj, fk) = (pj.map(|p| p.figure()), pk.map(|p| p.figure()));
            if publisher.is_empty()
                && let Some(f) = fj.or(fk)
            {
                publisher = f.publisher().to_string();
            }
            let (asymmetry, estimates, note) = match (&fj, &fk) {
                (Some(a), Some(b)) => match (a.estimate(&options), b.estimate(&options)) {
                    (Ok(ea), Ok(eb)) => (
                        Some(Difference::new(
                            &ea,
                            &eb,
                            options.diff_options(Samples::Independent),
                        )?),
                        Some((ea, eb)),
                        None,
                    ),
                    (Err(e), _) | (_, Err(e)) => (None, None, Some(e.to_string())),
                },
                (Some(_), None) => (
                    None,
                    None,
                    Some("no Korean figure in this wave".to_string()),
                ),
                (None, Some(_)) => (
                    None,
                    None,
                    Some("no Japanese figure in this wave".to_string()),
                ),
                (None, None) => (None, None, None),
            };
            rows.push(MirrorRow {
                wave,
                time,
                jp: fj.map(|f| f.percent().to_string()),
                kr: fk.map(|f| f.percent().to_string()),
                asymmetry,
                estimates,
                note,
                jp_wave: fj.map(|f| f.wave().clone()),
                kr_wave: fk.map(|f| f.wave().clone()),
                jp_break_before: pj.is_some_and(|p| p.break_before()),
                kr_break_before: pk.is_some_and(|p| p.break_before()),
            });
        }
        Ok(Mirror {
            series: q.series().to_string(),
            question: q.id().to_string(),
            option: option.to_string(),
            rows,
            options,
            question_info: q.clone(),
            publisher,
        })
    }

    /// The option compared (e.g. `good_total`).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// assert_eq!(Mirror::new(&q, "good_total", CompareOptions::new())?.option(), "good_total");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn option(&self) -> &str {
        &self.option
    }

    /// The question: wording and response format.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// assert_eq!(m.question_info().id().as_str(), "impression_of_other");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn question_info(&self) -> &Question {
        &self.question_info
    }

    /// The series' publisher.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// assert!(Mirror::new(&q, "good_total", CompareOptions::new())?.publisher().contains("Genron"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn publisher(&self) -> &str {
        &self.publisher
    }

    /// The options the mirror was computed with.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new().assume_n(1000))?;
    /// assert_eq!(m.options(), &CompareOptions::new().assume_n(1000));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn options(&self) -> &CompareOptions {
        &self.options
    }

    /// The rows, in time order.
    pub fn rows(&self) -> &[MirrorRow] {
        &self.rows
    }

    /// The change of the asymmetry between two waves (difference in differences).
    ///
    /// # Errors
    /// A wave is not in the table or has no asymmetry (a figure or n missing).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// let did = m.change("2016_4th", "2023_11th")?;
    /// assert!(did.ci_low <= did.points && did.points <= did.ci_high);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn change(&self, from: &str, to: &str) -> Result<DiffInDiff> {
        let get = |w: &str| -> Result<&(Estimate, Estimate)> {
            let row = self.rows.iter().find(|r| r.wave == w).ok_or_else(|| {
                Error::unknown_name(
                    format!("wave of the {} {} mirror", self.series, self.question),
                    w,
                    self.rows.iter().map(|r| r.wave.clone()),
                )
            })?;
            row.estimates.as_ref().ok_or_else(|| {
                Error::invalid_argument(
                    "wave",
                    "a wave with both figures and both n",
                    format!("{w}: {}", row.note.clone().unwrap_or_default()),
                )
            })
        };
        let (d1, d2) = (get(from)?, get(to)?);
        let var = |e: &Estimate| e.p() * (1.0 - e.p()) / e.n_eff();
        let est = (d2.0.p() - d2.1.p()) - (d1.0.p() - d1.1.p());
        let s = (var(&d1.0) + var(&d1.1) + var(&d2.0) + var(&d2.1)).sqrt();
        let z = self.options.level.z();
        let p = if s > 0.0 {
            dist::normal_two_sided_p(est / s)
        } else {
            1.0
        };
        Ok(DiffInDiff {
            from: from.to_string(),
            to: to.to_string(),
            points: est * 100.0,
            ci_low: (est - z * s) * 100.0,
            ci_high: (est + z * s) * 100.0,
            p_value: p.clamp(0.0, 1.0),
        })
    }

    /// The change of the asymmetry from the first to the last wave that has one.
    ///
    /// # Errors
    /// Fewer than two waves have an asymmetry.
    pub fn overall_change(&self) -> Result<DiffInDiff> {
        let with: Vec<&MirrorRow> = self.rows.iter().filter(|r| r.asymmetry.is_some()).collect();
        match (with.first(), with.last()) {
            (Some(a), Some(b)) if a.wave != b.wave => self.change(&a.wave, &b.wave),
            _ => Err(Error::invalid_argument(
                "mirror",
                "two waves with both figures and both n",
                format!("{} such waves", with.len()),
            )),
        }
    }
}

impl Mirror {
    /// The table for readers in `lang`: what `Display` and `to_html` write.
    pub(crate) fn table(&self, lang: Lang) -> Cells {
        let q = &self.question_info;
        let level = ci_header(&self.options);
        let mut t = Cells::new(
            format!(
                "{} ({}): Japan's view of Korea (JP) vs Korea's view of Japan (KR)",
                question_label(q, lang),
                option_label(q, &self.option, lang)
            ),
            ["wave", "JP %", "KR %", "JP − KR", &level, "p"],
        );
        for r in &self.rows {
            let mut diff = difference_cells(r.asymmetry.as_ref());
            if r.asymmetry.is_none() {
                // Why the wave has no asymmetry, where its interval would be.
                diff[1] = Cell::Text(r.note.clone().unwrap_or_default());
            }
            let mut row = vec![
                Cell::Text(r.wave.clone()),
                Cell::figure(r.jp()),
                Cell::figure(r.kr()),
            ];
            row.extend(diff);
            t.rows.push(row);
        }
        if let Ok(d) = self.overall_change() {
            t.notes.push(format!(
                "Change of the asymmetry {} → {}: {} points [{}, {}], p {} (difference in differences, four independent samples, Wald).",
                d.from,
                d.to,
                signed(d.points, 1),
                signed(d.ci_low, 1),
                signed(d.ci_high, 1),
                format_p(d.p_value)
            ));
        }
        let waves: Vec<&Wave> = self
            .rows
            .iter()
            .flat_map(|r| [r.jp_wave(), r.kr_wave()])
            .flatten()
            .collect();
        t.notes.push(source_line(&waves, &self.publisher));
        t
    }
}
