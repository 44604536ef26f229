//! One trend per public, all sources together: pooling the polls with house effects.
//!
//! Every bundled series has holes and its own wording. This module estimates one latent
//! trend per public from all of them, with each source's constant offset (its *house
//! effect*) and a band that says how sure the trend is (Jackman 2005, "Pooling the polls
//! over an election campaign", *Australian Journal of Political Science* 40(4):499–517;
//! Linzer 2013, "Dynamic Bayesian forecasting of presidential elections in the states",
//! *JASA* 108(501):124–134).
//!
//! # The model
//! ```text
//! y_i = α_{t(i)} + δ_{j(i)} + ε_i,     ε_i ~ N(0, v_i),  v_i = y_i (100 − y_i) / n_i
//! α_t = α_{t−1} + η_t,                 η_t ~ N(0, σ²) per time unit
//! ```
//! `y_i` is a published figure in percent from house `j(i)` at the middle of its fieldwork
//! `t(i)`; a *house* is one (series, question, option) in one run of waves between series
//! breaks, so a break (e.g. the Cabinet Office's FY2020 change from face-to-face to postal
//! interviews) starts a new house and is bridged by the other series instead of ignored.
//! Between two observation times `k` units apart the trend's variance grows by `kσ²`.
//!
//! Identification ([`PoolOptions`]): the house effects sum to zero (default); or one house
//! is the anchor (effect 0); or exact values of the trend are known on some dates
//! (`known`), and then every house is free.
//!
//! Estimation is exact: a Kalman filter with exact diffuse initialisation of `α` and `δ`,
//! `σ` by maximising the diffuse log-likelihood, and the fixed-interval smoother for the
//! trend and its pointwise bands (Durbin & Koopman 2012, *Time Series Analysis by State
//! Space Methods*, 2nd ed., ch. 4, 5 and 7). House effects and their standard errors come
//! from the smoothed state covariance. Empty days cost nothing: the filter steps from
//! poll to poll, so the cost scales with the number of polls, not of days.
//!
//! # Assumptions (stated in every output, see [`ASSUMPTIONS`])
//! The houses measure the same underlying opinion; each house is off by a constant
//! amount (no drift within a run); the opinion moves as a random walk; a poll's only
//! error is simple-random-sampling error at its n. None of these is checked by the model.
//!
//! # Verification
//! `tests/reference/pool/` holds a statsmodels 0.15 state-space model (a custom
//! `MLEModel`, time-varying design and observation variance, exact diffuse initialisation)
//! on a simulated and a real data set, and the values it gives; `tests/pool/` compares.
//!
//! # Example
//! ```
//! use yoron::pool::{Polls, PoolOptions};
//! let opts = PoolOptions::new().assume_n(1000);
//! let polls = Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::KR, &opts)?;
//! let pooled = polls.fit(&opts)?;
//! assert!(pooled.sigma() > 0.0);
//! let total: f64 = pooled.houses().iter().map(|h| h.effect()).sum();
//! assert!(total.abs() < 1e-6); // effects sum to zero by default
//! assert!(pooled.trend().iter().all(|p| p.ci().low() < p.estimate() && p.estimate() < p.ci().high()));
//! # Ok::<(), yoron::Error>(())
//! ```

mod data;
#[cfg(feature = "polars")]
mod frame;
pub(crate) mod kalman;
mod result;

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

pub use data::{House, Poll, Polls, SeriesBreak};
pub use result::{EffectDifference, HouseEffect, Pooled, PooledPoint};

use crate::error::{Error, ErrorKind, Result};
use crate::stats::ConfidenceLevel;
use data::day_number;
use kalman::{Model, Step};

/// The model's assumptions in plain words, printed with every result.
pub const ASSUMPTIONS: &[&str] = &[
    "every house measures the same underlying opinion, each off by its own constant amount (the house effect)",
    "the opinion moves as a random walk: between two dates k units apart it changes by a normal amount with variance k·σ²",
    "a poll's only error is simple-random-sampling error at its n: v = p(100 − p)/n",
    "a series break starts a new house; the break is bridged by the other series",
    "model: Jackman 2005 (Aust. J. Political Science 40(4)); estimation: Durbin & Koopman 2012 (exact diffuse Kalman filter and smoother, maximum-likelihood σ)",
];

/// The time unit of the random walk's variance σ².
///
/// # Example
/// ```
/// use yoron::pool::TimeUnit;
/// assert_eq!("week".parse::<TimeUnit>()?, TimeUnit::Week);
/// assert_eq!(TimeUnit::default(), TimeUnit::Day);
/// assert_eq!(TimeUnit::Year.days(), 365.25);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeUnit {
    /// A day (the default).
    #[default]
    Day,
    /// Seven days.
    Week,
    /// A twelfth of 365.25 days.
    Month,
    /// 365.25 days.
    Year,
}

impl TimeUnit {
    /// The unit's length in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => 365.25 / 12.0,
            TimeUnit::Year => 365.25,
        }
    }

    /// The unit's name (`day`, `week`, `month`, `year`).
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Year => "year",
        }
    }
}

impl FromStr for TimeUnit {
    type Err = Error;
    fn from_str(s: &str) -> Result<TimeUnit> {
        match s {
            "day" => Ok(TimeUnit::Day),
            "week" => Ok(TimeUnit::Week),
            "month" => Ok(TimeUnit::Month),
            "year" => Ok(TimeUnit::Year),
            _ => Err(Error::unknown_name(
                "time unit",
                s,
                ["day", "week", "month", "year"],
            )),
        }
    }
}

impl fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An exact value of the trend on a date (e.g. an election result), written `DATE=PERCENT`.
///
/// # Example
/// ```
/// let k: yoron::pool::KnownValue = "2022-03-09=48.6".parse()?;
/// assert_eq!(k.percent(), 48.6);
/// assert_eq!(k.date().to_string(), "2022-03-09");
/// assert!("2022-03-09".parse::<yoron::pool::KnownValue>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KnownValue {
    date: Date,
    percent: f64,
}

impl KnownValue {
    /// A known value.
    ///
    /// # Errors
    /// A percent outside [0, 100].
    pub fn new(date: Date, percent: f64) -> Result<KnownValue> {
        if !(0.0..=100.0).contains(&percent) {
            return Err(Error::invalid_argument(
                "known",
                "a percent in [0, 100]",
                percent.to_string(),
            ));
        }
        Ok(KnownValue { date, percent })
    }
    /// The date.
    pub fn date(&self) -> Date {
        self.date
    }
    /// The value in percent.
    pub fn percent(&self) -> f64 {
        self.percent
    }
}

impl FromStr for KnownValue {
    type Err = Error;
    fn from_str(s: &str) -> Result<KnownValue> {
        let bad = || Error::invalid_argument("known", "DATE=PERCENT such as 2022-03-09=48.6", s);
        let (d, p) = s.split_once('=').ok_or_else(bad)?;
        let date: Date = d.trim().parse().map_err(|_| bad())?;
        let percent: f64 = p.trim().parse().map_err(|_| bad())?;
        KnownValue::new(date, percent)
    }
}

/// How to pool: unit, identification, level, assumed n, date window, and optionally a
/// fixed σ instead of the maximum-likelihood one.
///
/// # Example
/// ```
/// use yoron::pool::{PoolOptions, TimeUnit};
/// let o = PoolOptions::new().unit(TimeUnit::Month).assume_n(1000).anchor("genron_eai/impression_of_other/good_total");
/// assert_ne!(o, PoolOptions::new());
/// assert_eq!(o.clone().unit(TimeUnit::Month), o);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoolOptions {
    pub(crate) unit: TimeUnit,
    pub(crate) level: ConfidenceLevel,
    pub(crate) anchor: Option<String>,
    pub(crate) known: Vec<KnownValue>,
    pub(crate) assume_n: Option<u32>,
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
    pub(crate) sigma: Option<f64>,
    pub(crate) deff: Vec<(String, f64)>,
}

impl PoolOptions {
    /// Day unit, 95 %, effects summing to zero, no assumed n, all dates, σ by maximum
    /// likelihood.
    pub fn new() -> PoolOptions {
        PoolOptions::default()
    }
    /// The time unit of σ.
    pub fn unit(mut self, unit: TimeUnit) -> PoolOptions {
        self.unit = unit;
        self
    }
    /// The confidence level of the bands and effect intervals.
    pub fn level(mut self, level: ConfidenceLevel) -> PoolOptions {
        self.level = level;
        self
    }
    /// Fix this house's effect at 0 instead of making the effects sum to zero.
    pub fn anchor(mut self, house: &str) -> PoolOptions {
        self.anchor = Some(house.to_string());
        self
    }
    /// Add an exact value of the trend (then every house is free).
    pub fn known(mut self, value: KnownValue) -> PoolOptions {
        self.known.push(value);
        self
    }
    /// The n to assume for waves that publish none (every output lists those waves).
    pub fn assume_n(mut self, n: u32) -> PoolOptions {
        self.assume_n = Some(n);
        self
    }
    /// Leave out polls before this date.
    pub fn from(mut self, date: Date) -> PoolOptions {
        self.from = Some(date);
        self
    }
    /// Leave out polls after this date.
    pub fn to(mut self, date: Date) -> PoolOptions {
        self.to = Some(date);
        self
    }
    /// Use this σ (points per √unit) instead of estimating it.
    pub fn sigma(mut self, sigma: f64) -> PoolOptions {
        self.sigma = Some(sigma);
        self
    }
    /// Multiply one house's sampling variances by a design effect (off by default: every
    /// poll's variance is `p(100 − p)/n`); every output names the houses it applies to.
    pub fn design_effect(mut self, house: &str, deff: f64) -> PoolOptions {
        self.deff.push((house.to_string(), deff));
        self
    }
}

/// How the house effects are pinned down.
#[derive(Clone, Debug, PartialEq)]
enum Identification {
    SumToZero,
    Anchor(usize),
    Known,
}

fn degenerate(reason: String) -> Error {
    Error::new(ErrorKind::Degenerate {
        what: "pooling the polls".into(),
        reason,
    })
}

impl Polls {
    /// Fits the pooling model (see the [module docs](crate::pool)).
    ///
    /// # Errors
    /// [`ErrorKind::Degenerate`] for data that cannot identify the model: no polls, only
    /// one house (without `known` values), all polls on one date, no more polls than
    /// unknowns when σ is estimated, σ at its upper limit. An unknown anchor house, an
    /// anchor together with known values, or a fixed σ that is negative or not finite.
    ///
    /// Two situations give a result with a note instead ([`Pooled::notes`]): a house
    /// with one poll, and a house that never overlaps in time with any other (its effect
    /// is separated from the trend only by the random-walk assumption); and σ = 0 when
    /// the likelihood is largest there ([`Pooled::sigma_at_zero`]).
    pub fn fit(&self, options: &PoolOptions) -> Result<Pooled> {
        let j = self.houses.len();
        if self.polls.is_empty() {
            return Err(degenerate("no polls to pool".into()));
        }
        let known: Vec<KnownValue> = options
            .known
            .iter()
            .filter(|k| {
                options.from.is_none_or(|f| k.date >= f) && options.to.is_none_or(|t| k.date <= t)
            })
            .copied()
            .collect();
        let ident = match (&options.anchor, known.is_empty()) {
            (Some(_), false) => {
                return Err(Error::invalid_argument(
                    "anchor",
                    "either an anchor house or known values, not both (known values free every house)",
                    "both",
                ));
            }
            (Some(a), true) => {
                let k = self.houses.iter().position(|h| &h.id == a).ok_or_else(|| {
                    Error::unknown_name("house", a, self.houses.iter().map(|h| h.id.clone()))
                })?;
                Identification::Anchor(k)
            }
            (None, false) => Identification::Known,
            (None, true) => Identification::SumToZero,
        };
        if j < 2 && ident != Identification::Known {
            return Err(degenerate(format!(
                "only one house ({}): there is nothing to pool and no house effect to estimate (draw it with `yoron chart trend`, or give --known values)",
                self.houses.first().map_or("none", |h| h.id.as_str())
            )));
        }
        let days: Vec<i64> = self
            .polls
            .iter()
            .map(|p| day_number(p.date))
            .chain(known.iter().map(|k| day_number(k.date)))
            .collect();
        let (first, last) = (
            days.iter().min().copied().unwrap_or(0),
            days.iter().max().copied().unwrap_or(0),
        );
        if first == last {
            return Err(degenerate(format!(
                "all polls are on one date ({}): a trend needs at least two dates",
                self.polls[0].date
            )));
        }
        // The design: state (α, free δ…).
        let m = match ident {
            Identification::Known => 1 + j,
            _ => j,
        };
        let house_z = |h: usize| -> Vec<(usize, f64)> {
            match ident {
                Identification::Known => vec![(0, 1.0), (h + 1, 1.0)],
                Identification::Anchor(a) => match h.cmp(&a) {
                    std::cmp::Ordering::Equal => vec![(0, 1.0)],
                    std::cmp::Ordering::Less => vec![(0, 1.0), (h + 1, 1.0)],
                    std::cmp::Ordering::Greater => vec![(0, 1.0), (h, 1.0)],
                },
                Identification::SumToZero => {
                    if h + 1 < j {
                        vec![(0, 1.0), (h + 1, 1.0)]
                    } else {
                        std::iter::once((0, 1.0))
                            .chain((1..j).map(|k| (k, -1.0)))
                            .collect()
                    }
                }
            }
        };
        let mut deff = vec![1.0; j];
        for (id, d) in &options.deff {
            let k = self
                .houses
                .iter()
                .position(|h| &h.id == id)
                .ok_or_else(|| {
                    Error::unknown_name("house", id, self.houses.iter().map(|h| h.id.clone()))
                })?;
            if !(d.is_finite() && *d > 0.0) {
                return Err(Error::invalid_argument(
                    "design effect",
                    "a finite number above 0",
                    d.to_string(),
                ));
            }
            deff[k] = *d;
        }
        let unit = options.unit.days();
        // Steps sorted by day; `origin[i]` is the poll (Some) or known value (None).
        let mut order: Vec<(i64, usize)> = days.iter().copied().zip(0..).collect();
        order.sort();
        let steps: Vec<Step> = order
            .iter()
            .map(|&(d, i)| {
                let t = (d - first) as f64 / unit;
                match self.polls.get(i) {
                    Some(p) => Step {
                        t,
                        z: house_z(p.house),
                        y: p.percent,
                        h: deff[p.house] * p.percent * (100.0 - p.percent) / f64::from(p.n),
                    },
                    None => Step {
                        t,
                        z: vec![(0, 1.0)],
                        y: known[i - self.polls.len()].percent,
                        h: 0.0,
                    },
                }
            })
            .collect();
        let model = Model { m, steps };
        let (sigma, at_zero) = match options.sigma {
            Some(s) if s.is_finite() && s >= 0.0 => (s, s == 0.0),
            Some(s) => {
                return Err(Error::invalid_argument(
                    "sigma",
                    "a finite σ ≥ 0",
                    s.to_string(),
                ));
            }
            None => {
                if model.steps.len() <= m {
                    return Err(degenerate(format!(
                        "{} polls and known values for {} unknown starting values (the trend's and {} house effects): σ needs more polls than that",
                        model.steps.len(),
                        m,
                        m - 1
                    )));
                }
                let fit = kalman::fit_sigma(&model)?;
                (fit.sigma, fit.at_zero)
            }
        };
        let sm = kalman::smooth(&model, sigma * sigma)?;
        let z = options.level.z();
        // One trend point per distinct date (the first step of that date).
        let mut trend: Vec<PooledPoint> = Vec::new();
        let mut last_day = None;
        for (k, &(d, _)) in order.iter().enumerate() {
            if last_day == Some(d) {
                continue;
            }
            last_day = Some(d);
            let date = match self.polls.get(order[k].1) {
                Some(p) => p.date,
                None => known[order[k].1 - self.polls.len()].date,
            };
            let se = sm.alpha_var[k].sqrt();
            trend.push(PooledPoint::new(date, sm.alpha[k], se, z));
        }
        // House effects from the filtered state after the last poll, which for constants
        // is the smoothed state.
        let a = &sm.forward.a;
        let p = &sm.forward.p;
        // Each effect as a linear combination of the state's house elements.
        let coef: Vec<Vec<(usize, f64)>> = (0..j)
            .map(|h| match ident {
                Identification::Known => vec![(h + 1, 1.0)],
                Identification::Anchor(an) => match h.cmp(&an) {
                    std::cmp::Ordering::Equal => vec![],
                    std::cmp::Ordering::Less => vec![(h + 1, 1.0)],
                    std::cmp::Ordering::Greater => vec![(h, 1.0)],
                },
                Identification::SumToZero => {
                    if h + 1 < j {
                        vec![(h + 1, 1.0)]
                    } else {
                        (1..j).map(|k| (k, -1.0)).collect()
                    }
                }
            })
            .collect();
        let mut effect_cov = vec![0.0; j * j];
        for (h, ch) in coef.iter().enumerate() {
            for (g, cg) in coef.iter().enumerate() {
                effect_cov[h * j + g] = ch
                    .iter()
                    .flat_map(|&(k, ck)| cg.iter().map(move |&(l, cl)| ck * cl * p[k * m + l]))
                    .sum();
            }
        }
        let mut effects = Vec::with_capacity(j);
        for h in 0..j {
            let effect: f64 = coef[h].iter().map(|&(k, c)| c * a[k]).sum();
            let var = effect_cov[h * j + h];
            let polls: Vec<&Poll> = self.polls.iter().filter(|q| q.house == h).collect();
            effects.push(HouseEffect::new(
                self.houses[h].clone(),
                effect,
                var.max(0.0).sqrt(),
                z,
                polls.len(),
            ));
        }
        let mut notes = Vec::new();
        if at_zero {
            notes.push(if options.sigma.is_some() {
                "σ fixed at 0: the trend is a constant".to_string()
            } else {
                "σ is at its boundary 0: the polls vary no more than sampling error and house effects explain, so the trend is estimated as a constant".to_string()
            });
        }
        for (h, e) in effects.iter().enumerate() {
            if e.polls() == 1 {
                notes.push(format!(
                    "house {} has one poll: its effect rests on the trend the other houses give at that date",
                    e.house().id()
                ));
            }
            let range = |k: usize| {
                let ds = self.polls.iter().filter(|q| q.house == k).map(|q| q.date);
                (ds.clone().min(), ds.max())
            };
            let (lo, hi) = range(h);
            let overlaps = (0..j).filter(|&k| k != h).any(|k| {
                let (l2, h2) = range(k);
                lo <= h2 && l2 <= hi
            });
            if j > 1 && !overlaps {
                notes.push(format!(
                    "house {} never overlaps in time with another house: its effect is separated from the trend only by the random-walk assumption",
                    e.house().id()
                ));
            }
        }
        let assumed: Vec<String> = self
            .polls
            .iter()
            .filter(|p| p.n_assumed)
            .map(|p| p.wave.clone())
            .collect();
        if let Some(n) = options.assume_n
            && !assumed.is_empty()
        {
            notes.push(format!(
                "n = {n} assumed (not published) for {} wave{}: {}",
                assumed.len(),
                if assumed.len() == 1 { "" } else { "s" },
                assumed.join(", ")
            ));
        }
        for (id, d) in &options.deff {
            notes.push(format!(
                "design effect {d} applied to the sampling variances of house {id}"
            ));
        }
        if !self.left_out.is_empty() {
            notes.push(format!(
                "left out (no fieldwork or publication date): {}",
                self.left_out.join(", ")
            ));
        }
        let identification = match ident {
            Identification::SumToZero => "house effects sum to zero".to_string(),
            Identification::Anchor(a) => {
                format!("house {} is the anchor (effect 0)", self.houses[a].id)
            }
            Identification::Known => format!(
                "{} known value{} of the trend; every house is free",
                known.len(),
                if known.len() == 1 { "" } else { "s" }
            ),
        };
        Ok(Pooled {
            trend,
            houses: effects,
            effect_cov,
            sigma,
            sigma_at_zero: at_zero,
            sigma_fixed: options.sigma.is_some(),
            log_likelihood: sm.forward.loglik,
            unit: options.unit,
            level: options.level,
            identification,
            notes,
            polls: self.polls.clone(),
            breaks: self.breaks.clone(),
        })
    }

    /// The diffuse log-likelihood at a given σ (points per √unit), as maximised by
    /// [`Polls::fit`]; for profiles and checks.
    ///
    /// # Errors
    /// Those of [`Polls::fit`].
    pub fn log_likelihood(&self, sigma: f64, options: &PoolOptions) -> Result<f64> {
        self.fit(&options.clone().sigma(sigma))
            .map(|p| p.log_likelihood())
    }
}

#[cfg(test)]
mod tests;
