//! Japan-vs-Korea comparisons, rankings, changes between waves, mirror pairs, one concept
//! across series, and the paper's claims checked against the data.
//!
//! Everything here is built on [`crate::stats`]; which variance a comparison uses follows
//! from the data, never from a flag: two samples (two countries, or two waves) are
//! independent; two options of one wave in one country share a sample, with the
//! multinomial covariance for a single-response question and conservative Fréchet bounds
//! for a multiple-response one.
//!
//! # Example
//! ```
//! use yoron::compare::{CompareOptions, GapTable};
//! let q = yoron::datasets::genron_eai().question("military_threat")?;
//! let gaps = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
//! let nk = gaps.row("north_korea").unwrap();
//! assert_eq!(nk.gap_points(), Some(-11.0));      // JP 73 − KR 84
//! assert!(nk.p_adjusted().unwrap() < 0.001);
//! println!("{gaps}");
//! # Ok::<(), yoron::Error>(())
//! ```

mod change;
mod claims;
mod concept;
mod gap;
mod mirror;
mod output;
mod rank;
mod tables;

pub use change::{Change, ChangeRecord, ChangeTable};
pub use claims::{Claim, ClaimCheck, ClaimVerdict, Claims, FigureMatch};
pub use concept::{CONCEPTS, Concept, ConceptMember, CrossSeries, CrossSeriesRow};
pub use gap::{GapRecord, GapTable, OptionGap, Verdict};
pub use mirror::{DiffInDiff, Mirror, MirrorRow};
pub use output::{ClaimRecord, MirrorRecord};
pub use rank::{RankRow, RankTable};

use crate::error::{Error, ErrorKind, Result};
use crate::label::{Lang, Text};
use crate::model::{FigureRef, OptionKind, Question, ResponseFormat, Topline, Wave};
use crate::stats::{self, ConfidenceLevel, DiffMethod, DiffOptions, Estimate, PAdjust, Samples};
use crate::table::Cell;

/// Options shared by every comparison: level, difference method, p-value adjustment, and
/// what to assume when the data lack something.
///
/// # Example
/// ```
/// use yoron::compare::CompareOptions;
/// use yoron::stats::{ConfidenceLevel, DiffMethod};
/// let opts = CompareOptions::new().level(ConfidenceLevel::P99).method(DiffMethod::Wald).assume_n(1000);
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let t = yoron::compare::GapTable::for_wave(&q, "2016", opts)?;
/// assert!(t.to_string().contains("99 % CI"));
/// assert_eq!(t.options(), &opts);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompareOptions {
    pub(crate) level: ConfidenceLevel,
    pub(crate) method: DiffMethod,
    pub(crate) adjust: PAdjust,
    pub(crate) assume_n: Option<u32>,
    pub(crate) deff: f64,
}

impl Default for CompareOptions {
    fn default() -> CompareOptions {
        CompareOptions::new()
    }
}

impl CompareOptions {
    /// 95 %, Newcombe's hybrid score interval, Holm adjustment, no assumed n, deff 1.
    pub fn new() -> CompareOptions {
        CompareOptions {
            level: ConfidenceLevel::P95,
            method: DiffMethod::Newcombe,
            adjust: PAdjust::Holm,
            assume_n: None,
            deff: 1.0,
        }
    }

    /// The confidence level of intervals and the significance level (1 − level) of
    /// verdicts.
    pub fn level(mut self, level: ConfidenceLevel) -> CompareOptions {
        self.level = level;
        self
    }

    /// The interval method for differences between independent samples.
    pub fn method(mut self, method: DiffMethod) -> CompareOptions {
        self.method = method;
        self
    }

    /// How p-values are adjusted across the options of one table.
    pub fn adjust(mut self, adjust: PAdjust) -> CompareOptions {
        self.adjust = adjust;
        self
    }

    /// A sample size to assume for waves that publish none; every result that uses it
    /// says so.
    pub fn assume_n(mut self, n: u32) -> CompareOptions {
        self.assume_n = Some(n);
        self
    }

    /// A design effect applied to every sample (n_eff = n / deff); 1 by default.
    pub fn deff(mut self, deff: f64) -> CompareOptions {
        self.deff = deff;
        self
    }

    fn diff_options(&self, samples: Samples) -> DiffOptions {
        let o = DiffOptions::new().level(self.level).samples(samples);
        if samples == Samples::Independent {
            o.method(self.method)
        } else {
            o
        }
    }
}

/// "series wave country", for messages.
fn wave_label(w: &Wave) -> String {
    format!("{} {} {}", w.series(), w.id(), w.country())
}

impl FigureRef<'_> {
    /// The figure as a statistical [`Estimate`] with its wave's published n, its
    /// published precision, and the options' assumed n and design effect.
    ///
    /// # Errors
    /// The wave publishes no n and no n is assumed.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::CompareOptions;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let f = q.topline("2016", yoron::Country::KR)?.figure("japan")?;
    /// let est = f.estimate(&CompareOptions::new())?;
    /// assert_eq!((est.percent(), est.n()), (38.0, 1010));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn estimate(&self, opts: &CompareOptions) -> Result<Estimate> {
        estimate_of(self.wave(), self.percent().as_str(), opts)
    }
}

/// A figure as published (`percent`) in `wave` as an [`Estimate`], with the wave's n or the
/// options' assumed n, and the options' design effect.
pub(crate) fn estimate_of(w: &Wave, percent: &str, opts: &CompareOptions) -> Result<Estimate> {
    let n = match (w.n(), opts.assume_n) {
        (Some(n), _) => stats::SampleSizeSource::Published(n.get()),
        (None, Some(a)) => stats::SampleSizeSource::Assumed(a),
        (None, None) => {
            return Err(Error::new(ErrorKind::UnknownSampleSize {
                what: format!("wave {}", wave_label(w)),
            }));
        }
    };
    let est = Estimate::parse_percent(percent, n)?;
    if opts.deff == 1.0 {
        Ok(est)
    } else {
        est.with_deff(opts.deff)
    }
}

/// Whether two options of one sample can be compared with a known covariance.
fn same_sample(response: ResponseFormat) -> Samples {
    match response {
        ResponseFormat::Single => Samples::SameSingleResponse,
        _ => Samples::SameMultiResponse(stats::Joint::Unknown),
    }
}

/// The figures of a topline that can be ranked or tested against each other: nets and
/// their scale points overlap, so when both are present only the non-nets are used.
fn comparable_figures<'a>(t: &Topline<'a>) -> Vec<FigureRef<'a>> {
    let all: Vec<FigureRef<'a>> = t.figures().collect();
    let has_points = all.iter().any(|f| f.option_kind() != OptionKind::Net);
    let has_nets = all.iter().any(|f| f.option_kind() == OptionKind::Net);
    if has_points && has_nets {
        all.into_iter()
            .filter(|f| f.option_kind() != OptionKind::Net)
            .collect()
    } else {
        all
    }
}

/// One option of a question in two independent samples (the two countries of a gap table,
/// the two waves of a change table): both figures as published and, where both samples have
/// the option, the difference and its p-value adjusted across the options.
#[derive(Clone, Debug)]
struct OptionPair {
    option: String,
    a: Option<String>,
    b: Option<String>,
    diff: Option<stats::Difference>,
    p_adjusted: Option<f64>,
}

/// Which way round a two-sample table takes its differences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// The first sample's figure minus the second's (a gap).
    AMinusB,
    /// The second sample's figure minus the first's (a change from the first wave).
    BMinusA,
}

/// The options of `a`, then those only `b` has, paired ([`OptionPair`]), with p-values
/// adjusted across the options that have a difference; and whether an assumed n entered
/// any difference.
fn option_pairs(
    a: &Topline<'_>,
    b: &Topline<'_>,
    options: &CompareOptions,
    order: Order,
) -> Result<(Vec<OptionPair>, bool)> {
    let mut names: Vec<String> = a.figures().map(|f| f.option().to_string()).collect();
    for f in b.figures() {
        if !names.iter().any(|n| n == f.option().as_str()) {
            names.push(f.option().to_string());
        }
    }
    let mut rows = Vec::with_capacity(names.len());
    let mut n_assumed = false;
    for option in names {
        let fa = a.figures().find(|f| f.option().as_str() == option);
        let fb = b.figures().find(|f| f.option().as_str() == option);
        let diff = match (&fa, &fb) {
            (Some(x), Some(y)) => {
                let (ex, ey) = (x.estimate(options)?, y.estimate(options)?);
                n_assumed |= ex.is_n_assumed() || ey.is_n_assumed();
                let (first, second) = match order {
                    Order::AMinusB => (&ex, &ey),
                    Order::BMinusA => (&ey, &ex),
                };
                Some(stats::Difference::new(
                    first,
                    second,
                    options.diff_options(Samples::Independent),
                )?)
            }
            _ => None,
        };
        rows.push(OptionPair {
            option,
            a: fa.map(|f| f.percent().to_string()),
            b: fb.map(|f| f.percent().to_string()),
            diff,
            p_adjusted: None,
        });
    }
    let tested: Vec<&mut OptionPair> = rows.iter_mut().filter(|r| r.diff.is_some()).collect();
    let raw: Vec<f64> = tested
        .iter()
        .filter_map(|r| r.diff.as_ref().map(stats::Difference::p_value))
        .collect();
    if !raw.is_empty() {
        let adjusted = options.adjust.adjust(&raw)?;
        for (r, &p) in tested.into_iter().zip(adjusted.adjusted()) {
            r.p_adjusted = Some(p);
        }
    }
    Ok((rows, n_assumed))
}

/// The publisher of a topline's series (from its first figure).
fn publisher(t: &Topline<'_>) -> String {
    t.figures()
        .next()
        .map(|f| f.publisher().to_string())
        .unwrap_or_default()
}

/// The source line of a comparison: publisher, and fieldwork and n per sample.
fn source_line(samples: &[&Wave], publisher: &str) -> String {
    let parts: Vec<String> = samples
        .iter()
        .map(|w| {
            let n = match w.n() {
                Some(n) => format!("n = {n}"),
                None => "n not published".to_string(),
            };
            format!(
                "{} {} {}, fieldwork {}, {n}",
                w.series(),
                w.id(),
                w.country(),
                w.fieldwork()
            )
        })
        .collect();
    format!("Source: {publisher}; {}", parts.join("; "))
}

/// A question's title for readers, in `lang` (the charts' label).
fn question_label(q: &Question, lang: Lang) -> String {
    Text::for_question(q).get(lang).to_string()
}

/// An option's label for readers, in `lang` (the charts' label).
fn option_label(q: &Question, option: &str, lang: Lang) -> String {
    Text::for_option(q.series().as_str(), q.id().as_str(), option)
        .get(lang)
        .to_string()
}

/// The interval column's header for the options' level: "95 % CI" ("99.5 % CI": as many
/// digits as the level has).
fn ci_header(options: &CompareOptions) -> String {
    format!("{} CI", options.level.to_string().replace('%', " %"))
}

/// The difference, its interval and its p-value as three cells of a table (blank where the
/// option has no difference).
fn difference_cells(d: Option<&stats::Difference>) -> [Cell; 3] {
    match d {
        Some(d) => [
            Cell::Points(d.points()),
            Cell::PointsInterval(d.low() * 100.0, d.high() * 100.0),
            Cell::p_value(Some(d.p_value())),
        ],
        None => [
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
        ],
    }
}

// The pooled trend's text tables use it too.
pub(crate) use crate::table::aligned;
