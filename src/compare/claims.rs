//! The paper's claims, encoded as data (`data/claims.csv`) and checked against the bundled
//! figures: do the quoted figures match, and does the statistics support what the paper
//! asserts?

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CompareOptions, comparable_figures, same_sample};
use crate::error::{Error, Result};
use crate::model::{Country, Dataset, FigureRef, Topline};
use crate::stats::{CiMethod, ConfidenceInterval, Difference, Samples};
use crate::table::format_p;

/// The claims of the paper that motivated yoron, as compiled in.
const CLAIMS_CSV: &str = include_str!("../../data/claims.csv");

/// The n assumed for a claim whose wave publishes none when the options give none
/// ([`CompareOptions::assume_n`] overrides it); every check that uses it says so.
pub const CLAIM_ASSUMED_N: u32 = 1000;

/// One checkable assertion of a claim: a row of `data/claims.csv`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Claim {
    /// The claim's id (several checks can share it).
    pub claim_id: String,
    /// The check's number within the claim.
    pub check: String,
    /// The paper's words.
    pub claim: String,
    /// Where in the paper.
    pub location: String,
    /// What the paper cites.
    pub cites: String,
    /// The bundled series (empty when no bundled figure matches).
    pub series: String,
    /// The bundled question.
    pub question: String,
    /// The bundled wave id.
    pub wave: String,
    /// `figure`, `ordering`, `majority`, `plurality`, `near_tie` or `gap`.
    pub assertion: String,
    /// The sample (for `gap`: the country the paper says is higher).
    pub country: String,
    /// The option the assertion is about.
    pub option_a: String,
    /// The second option, for orderings and near-ties.
    pub option_b: String,
    /// The paper's figure for option a, as printed.
    pub quoted_a: String,
    /// The paper's figure for option b, as printed.
    pub quoted_b: String,
    /// The threshold of a majority or the closeness of a near-tie, in points.
    pub threshold: String,
    /// Notes on the mapping to the data.
    pub notes: String,
}

/// How a figure the paper quotes compares with the bundled one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FigureMatch {
    /// The same figure.
    Exact,
    /// Equal after the paper's rounding (e.g. 48.6 printed as 49).
    WithinRounding,
    /// A different figure.
    Differs,
    /// The data has no figure to compare with.
    NoData,
    /// The paper quotes no figure.
    NotQuoted,
}

/// Whether the data support a claim's assertion at the chosen level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClaimVerdict {
    /// The test supports the assertion.
    Supported,
    /// The test can tell neither way: the data cannot establish the assertion.
    NotEstablished,
    /// The test supports the opposite.
    Contradicted,
    /// No bundled figure to test.
    NoData,
}

impl fmt::Display for FigureMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FigureMatch::Exact => "exact",
            FigureMatch::WithinRounding => "within rounding",
            FigureMatch::Differs => "differs",
            FigureMatch::NoData => "no data",
            FigureMatch::NotQuoted => "not quoted",
        })
    }
}

impl fmt::Display for ClaimVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClaimVerdict::Supported => "supported",
            ClaimVerdict::NotEstablished => "not established",
            ClaimVerdict::Contradicted => "contradicted",
            ClaimVerdict::NoData => "no data",
        })
    }
}

/// The outcome of checking one [`Claim`].
#[derive(Clone, Debug, Serialize)]
pub struct ClaimCheck {
    /// The claim checked.
    pub claim: Claim,
    /// The bundled figure for option a, as published.
    pub data_a: Option<String>,
    /// The bundled figure for option b, as published.
    pub data_b: Option<String>,
    /// How the paper's figure for option a compares with the data.
    pub match_a: FigureMatch,
    /// How the paper's figure for option b compares with the data.
    pub match_b: FigureMatch,
    /// The test used, named.
    pub test: String,
    /// The test's result in numbers.
    pub result: String,
    /// The interval a `majority` check tested.
    pub interval: Option<ConfidenceInterval>,
    /// The difference an `ordering`, `near_tie`, `plurality` or `gap` check tested.
    pub difference: Option<Difference>,
    /// What the test assumed (an n the source does not give, an unknown covariance, …).
    pub assumptions: Vec<String>,
    /// The verdict.
    pub verdict: ClaimVerdict,
}

/// The claims of a paper, ready to be checked against a dataset.
///
/// # Example
/// ```
/// use yoron::compare::{ClaimVerdict, Claims, CompareOptions};
/// let claims = Claims::bundled()?;
/// let checks = claims.evaluate(yoron::datasets::bundled(), CompareOptions::new());
/// assert_eq!(checks.len(), claims.claims().len());
/// assert!(checks.iter().any(|c| c.verdict == ClaimVerdict::Supported));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Claims {
    claims: Vec<Claim>,
}

impl Claims {
    /// The paper's claims as compiled in from `data/claims.csv`.
    ///
    /// # Errors
    /// The compiled file does not parse (a defect the test suite catches).
    pub fn bundled() -> Result<Claims> {
        Claims::from_csv_reader(CLAIMS_CSV.as_bytes())
            .map_err(|e| e.with_path(std::path::Path::new("data/claims.csv")))
    }

    /// Claims from a CSV with the columns of [`Claim`].
    ///
    /// # Errors
    /// A row that does not parse, with its line.
    pub fn from_csv_reader<R: std::io::Read>(reader: R) -> Result<Claims> {
        let mut rdr = csv::Reader::from_reader(reader);
        let mut claims = Vec::new();
        for rec in rdr.deserialize::<Claim>() {
            match rec {
                Ok(c) => claims.push(c),
                Err(e) => return Err(crate::csv_text::malformed(&e)),
            }
        }
        Ok(Claims { claims })
    }

    /// The claims, in file order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// Checks every claim against a dataset.
    pub fn evaluate(&self, ds: &Dataset, options: CompareOptions) -> Vec<ClaimCheck> {
        self.claims
            .iter()
            .map(|c| evaluate(c, ds, options))
            .collect()
    }
}

fn figure_match(quoted: &str, data: Option<&FigureRef<'_>>) -> FigureMatch {
    if quoted.trim().is_empty() {
        return FigureMatch::NotQuoted;
    }
    let Some(d) = data else {
        return FigureMatch::NoData;
    };
    let Ok(q) = quoted
        .trim()
        .trim_end_matches('%')
        .parse::<crate::model::Percent>()
    else {
        return FigureMatch::Differs;
    };
    let dv = d.percent().value();
    if (q.value() - dv).abs() < 1e-9 {
        FigureMatch::Exact
    } else if (q.value() - dv).abs() <= q.rounding_half_width() + 1e-9 {
        FigureMatch::WithinRounding
    } else {
        FigureMatch::Differs
    }
}

fn no_data(c: &Claim, why: String) -> ClaimCheck {
    ClaimCheck {
        claim: c.clone(),
        data_a: None,
        data_b: None,
        match_a: if c.quoted_a.is_empty() {
            FigureMatch::NotQuoted
        } else {
            FigureMatch::NoData
        },
        match_b: if c.quoted_b.is_empty() {
            FigureMatch::NotQuoted
        } else {
            FigureMatch::NoData
        },
        test: "none".to_string(),
        result: why,
        interval: None,
        difference: None,
        assumptions: Vec::new(),
        verdict: ClaimVerdict::NoData,
    }
}

fn interval_text(d: &Difference) -> String {
    format!(
        "{:+.1} points [{:+.1}, {:+.1}], p {}",
        d.points(),
        d.low() * 100.0,
        d.high() * 100.0,
        format_p(d.p_value())
    )
}

/// What an interval says of a claim that a value lies above `threshold`: supported when
/// the whole interval lies above it, contradicted when the whole interval lies below it,
/// not established when the interval reaches it.
fn interval_verdict(low: f64, high: f64, threshold: f64) -> ClaimVerdict {
    if low > threshold {
        ClaimVerdict::Supported
    } else if high < threshold {
        ClaimVerdict::Contradicted
    } else {
        ClaimVerdict::NotEstablished
    }
}

fn evaluate(c: &Claim, ds: &Dataset, options: CompareOptions) -> ClaimCheck {
    match try_evaluate(c, ds, options) {
        Ok(check) => check,
        Err(e) => no_data(c, e.to_string()),
    }
}

fn try_evaluate(c: &Claim, ds: &Dataset, options: CompareOptions) -> Result<ClaimCheck> {
    if c.series.is_empty() || c.question.is_empty() || c.wave.is_empty() {
        return Ok(no_data(
            c,
            "no bundled figure corresponds to this claim".to_string(),
        ));
    }
    let q = ds.series(&c.series)?.question(&c.question)?;
    let country: Country = c.country.parse()?;
    let t = q.topline(&c.wave, country)?;
    let fa = t.figure(&c.option_a).ok();
    let fb = if c.option_b.is_empty() {
        None
    } else {
        t.figure(&c.option_b).ok()
    };
    let assumed = AssumedN::of(options);
    let mut assumptions = Vec::new();
    if t.wave().n().is_none() {
        assumptions.push(assumed.note(&format!("{} {} {}", c.series, c.wave, country)));
    }
    let opts = options.assume_n(assumed.n);
    // Every figure the check's test rests on, for the rule on figures read in the paper.
    let mut used: Vec<FigureRef<'_>> = Vec::new();
    let level = opts.level;
    let mut check = ClaimCheck {
        claim: c.clone(),
        data_a: fa.map(|f| f.percent().to_string()),
        data_b: fb.map(|f| f.percent().to_string()),
        match_a: figure_match(&c.quoted_a, fa.as_ref()),
        match_b: figure_match(&c.quoted_b, fb.as_ref()),
        test: String::new(),
        result: String::new(),
        interval: None,
        difference: None,
        assumptions,
        verdict: ClaimVerdict::NoData,
    };
    let need = |f: Option<FigureRef<'_>>, o: &str| -> Result<()> {
        match f {
            Some(_) => Ok(()),
            None => t.figure(o).map(|_| ()),
        }
    };
    match c.assertion.as_str() {
        "figure" => {
            need(fa, &c.option_a)?;
            used.extend(fa);
            check.test =
                "figure as published vs the paper's (allowing the paper's rounding)".into();
            check.result = format!(
                "paper {} vs data {}",
                c.quoted_a,
                check.data_a.clone().unwrap_or_default()
            );
            check.verdict = match check.match_a {
                FigureMatch::Exact | FigureMatch::WithinRounding => ClaimVerdict::Supported,
                FigureMatch::Differs => ClaimVerdict::Contradicted,
                _ => ClaimVerdict::NoData,
            };
        }
        "majority" => {
            need(fa, &c.option_a)?;
            let Some(f) = fa else { return Ok(check) };
            used.push(f);
            let threshold: f64 = if c.threshold.is_empty() {
                50.0
            } else {
                parse_threshold(&c.threshold)?
            };
            let est = f.estimate(&opts)?;
            let ci = est.ci(CiMethod::Wilson, level);
            check.test = format!(
                "Wilson score interval ({:.0} %) against {threshold} %",
                level.value() * 100.0
            );
            check.result = format!(
                "{} % [{:.1}, {:.1}]",
                f.percent(),
                ci.low() * 100.0,
                ci.high() * 100.0
            );
            check.interval = Some(ci);
            check.verdict = interval_verdict(ci.low() * 100.0, ci.high() * 100.0, threshold);
        }
        "ordering" | "near_tie" => {
            need(fa, &c.option_a)?;
            need(fb, &c.option_b)?;
            let (Some(a), Some(b)) = (fa, fb) else {
                return Ok(check);
            };
            used.extend([a, b]);
            let samples = same_sample(q.question().response());
            if let Samples::SameMultiResponse(_) = samples {
                check.assumptions.push(
                    "multiple response: the covariance of the two options is not published; conservative Fréchet bound".into(),
                );
            }
            let d = Difference::new(
                &a.estimate(&opts)?,
                &b.estimate(&opts)?,
                opts.diff_options(samples),
            )?;
            check.result = interval_text(&d);
            check.difference = Some(d);
            let (lo, hi) = (d.low() * 100.0, d.high() * 100.0);
            if c.assertion == "ordering" {
                check.test = format!(
                    "difference of two options of one sample ({})",
                    samples_name(samples)
                );
                check.verdict = interval_verdict(lo, hi, 0.0);
            } else {
                let margin = parse_threshold(&c.threshold)?;
                check.test = format!(
                    "equivalence within ±{margin} points: the interval of the difference of two options of one sample ({}) must lie inside ±{margin}",
                    samples_name(samples)
                );
                check.verdict = if lo > -margin && hi < margin {
                    ClaimVerdict::Supported
                } else if lo > margin || hi < -margin {
                    ClaimVerdict::Contradicted
                } else {
                    ClaimVerdict::NotEstablished
                };
            }
        }
        "plurality" => {
            need(fa, &c.option_a)?;
            let Some(a) = fa else { return Ok(check) };
            let others: Vec<FigureRef<'_>> = comparable_figures(&t)
                .into_iter()
                .filter(|f| f.option() != a.option())
                .collect();
            let Some(top) = others.iter().max_by(|x, y| {
                x.percent()
                    .value()
                    .partial_cmp(&y.percent().value())
                    .unwrap_or(std::cmp::Ordering::Equal)
            }) else {
                check.test = "no other option to compare with".into();
                check.verdict = ClaimVerdict::NotEstablished;
                return Ok(check);
            };
            used.extend([a, *top]);
            let samples = same_sample(q.question().response());
            let d = Difference::new(
                &a.estimate(&opts)?,
                &top.estimate(&opts)?,
                opts.diff_options(samples),
            )?;
            check.test = format!(
                "difference from the next-largest option ({}) in one sample ({})",
                top.option(),
                samples_name(samples)
            );
            check.result = interval_text(&d);
            check.difference = Some(d);
            check.verdict = interval_verdict(d.low(), d.high(), 0.0);
        }
        "gap" => {
            need(fa, &c.option_a)?;
            let Some(a) = fa else { return Ok(check) };
            let other_country = if country == Country::JP {
                Country::KR
            } else {
                Country::JP
            };
            let other: Topline<'_> = q.topline(&c.wave, other_country)?;
            let b = other.figure(&c.option_a)?;
            used.extend([a, b]);
            if other.wave().n().is_none() {
                check
                    .assumptions
                    .push(assumed.note(&format!("{} {} {other_country}", c.series, c.wave)));
            }
            check.data_b = Some(b.percent().to_string());
            check.match_b = figure_match(&c.quoted_b, Some(&b));
            let d = Difference::new(
                &a.estimate(&opts)?,
                &b.estimate(&opts)?,
                opts.diff_options(Samples::Independent),
            )?;
            check.test = format!(
                "{country} − {other_country}, independent samples, {} interval ({:.0} %) and z-test",
                opts.method.name(),
                level.value() * 100.0
            );
            check.result = interval_text(&d);
            check.difference = Some(d);
            check.verdict = interval_verdict(d.low(), d.high(), 0.0);
        }
        other => {
            return Err(Error::unknown_name(
                "claim assertion",
                other,
                [
                    "figure",
                    "ordering",
                    "majority",
                    "plurality",
                    "near_tie",
                    "gap",
                ],
            ));
        }
    }
    // A bundled figure that was itself taken from the paper cannot confirm the paper, in
    // any kind of check: a test resting on it only repeats the paper.
    let circular: Vec<String> = used
        .iter()
        .filter(|f| read_in_paper(f))
        .map(|f| format!("{} {} {}", f.wave().country(), f.option(), f.percent()))
        .collect();
    if !circular.is_empty() {
        check.assumptions.push(format!(
            "figures read in this paper itself (no primary source was found): {}; the data cannot confirm the paper with them",
            circular.join(", ")
        ));
        if check.verdict == ClaimVerdict::Supported {
            check.verdict = ClaimVerdict::NotEstablished;
        }
    }
    // A quoted figure that differs from the data weakens any verdict built on the data.
    if matches!(check.match_a, FigureMatch::Differs)
        || matches!(check.match_b, FigureMatch::Differs)
    {
        check.assumptions.push(
            "the paper's figure differs from the bundled one; the test uses the bundled figure"
                .into(),
        );
    }
    Ok(check)
}

/// Whether a bundled figure was read in the paper whose claims are checked (its only
/// source): the one place that decides it.
fn read_in_paper(f: &FigureRef<'_>) -> bool {
    f.source().kind() == crate::model::SourceKind::Paper
}

/// The n assumed where a wave publishes none: the user's, or [`CLAIM_ASSUMED_N`].
#[derive(Clone, Copy)]
struct AssumedN {
    n: u32,
    given: bool,
}

impl AssumedN {
    fn of(options: CompareOptions) -> AssumedN {
        match options.assume_n {
            Some(n) => AssumedN { n, given: true },
            None => AssumedN {
                n: CLAIM_ASSUMED_N,
                given: false,
            },
        }
    }

    /// The note for a sample (`"series wave country"`) whose n is assumed.
    fn note(self, sample: &str) -> String {
        let whose = if self.given {
            "as given"
        } else {
            "yoron's default; set another with --assume-n"
        };
        format!(
            "n not published for {sample}: n = {} assumed ({whose})",
            self.n
        )
    }
}

fn parse_threshold(s: &str) -> Result<f64> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| Error::invalid_argument("threshold", "a number of points", s))
}

fn samples_name(s: Samples) -> &'static str {
    match s {
        Samples::SameSingleResponse => "single response, multinomial covariance",
        Samples::SameMultiResponse(_) => "multiple response, Fréchet-bounded covariance",
        _ => "independent samples",
    }
}

impl fmt::Display for ClaimCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.claim;
        writeln!(
            f,
            "{}.{} [{}] {} — {}",
            c.claim_id, c.check, c.assertion, self.verdict, c.location
        )?;
        writeln!(f, "  \"{}\"", c.claim)?;
        writeln!(
            f,
            "  quoted {}{} · data {}{} · figures: {} / {}",
            c.quoted_a,
            if c.quoted_b.is_empty() {
                String::new()
            } else {
                format!(" / {}", c.quoted_b)
            },
            self.data_a.clone().unwrap_or_else(|| "–".into()),
            self.data_b
                .as_ref()
                .map(|b| format!(" / {b}"))
                .unwrap_or_default(),
            self.match_a,
            self.match_b
        )?;
        writeln!(f, "  test: {}; {}", self.test, self.result)?;
        for a in &self.assumptions {
            writeln!(f, "  assumed: {a}")?;
        }
        Ok(())
    }
}
