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
mod html;
// One HTML escaper and one signed-number format for every result type's HTML.
pub(crate) use gap::{html, signed};
mod mirror;
mod rank;

pub use change::{Change, ChangeRecord, ChangeTable};
pub use claims::{Claim, ClaimCheck, ClaimVerdict, Claims, FigureMatch};
pub use concept::{CONCEPTS, Concept, ConceptMember, CrossSeries, CrossSeriesRow};
pub use gap::{Gap, GapRecord, GapTable, Verdict};
pub use mirror::{DiffInDiff, Mirror, MirrorRow};
pub use rank::{RankRow, RankTable};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{FigureRef, OptionKind, ResponseFormat, Topline, Wave};
use crate::stats::{self, ConfidenceLevel, DiffMethod, DiffOptions, Estimate, PAdjust, Samples};

/// Options shared by every comparison: level, difference method, p-value adjustment, and
/// what to assume when the data lack something.
///
/// # Example
/// ```
/// use yoron::compare::CompareOptions;
/// use yoron::stats::{ConfidenceLevel, DiffMethod};
/// let opts = CompareOptions::new().level(ConfidenceLevel::P99).method(DiffMethod::Wald).assume_n(1000);
/// assert_eq!(opts.get_level(), ConfidenceLevel::P99);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompareOptions {
    level: ConfidenceLevel,
    method: DiffMethod,
    adjust: PAdjust,
    assume_n: Option<u32>,
    deff: f64,
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

    /// The confidence level.
    pub fn get_level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The difference method.
    pub fn get_method(&self) -> DiffMethod {
        self.method
    }

    /// The p-value adjustment.
    pub fn get_adjust(&self) -> PAdjust {
        self.adjust
    }

    /// The assumed n, if any.
    pub fn get_assume_n(&self) -> Option<u32> {
        self.assume_n
    }

    /// The design effect.
    pub fn get_deff(&self) -> f64 {
        self.deff
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
        (Some(n), _) => stats::SampleSize::Published(n.get()),
        (None, Some(a)) => stats::SampleSize::Assumed(a),
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

/// Formats a p-value for tables: `<0.001` below a thousandth.
///
/// # Example
/// ```
/// assert_eq!(yoron::compare::format_p(0.0004), "<0.001");
/// assert_eq!(yoron::compare::format_p(0.0456), "0.046");
/// ```
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// Writes rows as an aligned table, with East Asian wide characters as two columns.
pub(crate) fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| {
                let u = c as u32;
                if (0x1100..=0x115F).contains(&u)
                    || (0x2E80..=0xA4CF).contains(&u)
                    || (0xAC00..=0xD7A3).contains(&u)
                    || (0xF900..=0xFAFF).contains(&u)
                    || (0xFF00..=0xFF60).contains(&u)
                {
                    2
                } else {
                    1
                }
            })
            .sum()
    }
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(width(c)) + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(header);
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
        out.push('\n');
    }
    out
}
