//! The result of pooling: trend, house effects, σ, and what the reader must know.

use std::fmt;

use jiff::civil::Date;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::{ASSUMPTIONS, House, Poll, SeriesBreak, TimeUnit};
use crate::stats::{Bounds, ConfidenceLevel};
use crate::table::{escape_html as html, signed_minus as signed};

/// The smoothed trend on one date, in percent, with its pointwise interval.
#[derive(Clone, Debug, PartialEq)]
pub struct PooledPoint {
    date: Date,
    estimate: f64,
    se: f64,
    ci: Bounds,
}

impl PooledPoint {
    pub(crate) fn new(date: Date, estimate: f64, se: f64, z: f64) -> PooledPoint {
        PooledPoint {
            date,
            estimate,
            se,
            ci: Bounds::new(estimate - z * se, estimate + z * se),
        }
    }
    /// The date.
    pub fn date(&self) -> Date {
        self.date
    }
    /// The smoothed trend `E(α_t | all polls)`, in percent.
    pub fn estimate(&self) -> f64 {
        self.estimate
    }
    /// Its standard error `√Var(α_t | all polls)`, in points.
    pub fn se(&self) -> f64 {
        self.se
    }
    /// The pointwise interval `estimate ± z·se` at the result's level.
    pub fn ci(&self) -> Bounds {
        self.ci
    }
}

/// One house's constant offset from the trend, in points.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseEffect {
    house: House,
    effect: f64,
    se: f64,
    ci: Bounds,
    polls: usize,
}

impl HouseEffect {
    pub(crate) fn new(house: House, effect: f64, se: f64, z: f64, polls: usize) -> HouseEffect {
        HouseEffect {
            house,
            effect,
            se,
            ci: Bounds::new(effect - z * se, effect + z * se),
            polls,
        }
    }
    /// The house.
    pub fn house(&self) -> &House {
        &self.house
    }
    /// The effect δ in points (the house's figures run this much above the trend).
    pub fn effect(&self) -> f64 {
        self.effect
    }
    /// Its standard error from the smoothed state covariance (0 for an anchor).
    pub fn se(&self) -> f64 {
        self.se
    }
    /// `effect ± z·se` at the result's level.
    pub fn ci(&self) -> Bounds {
        self.ci
    }
    /// The number of polls of the house.
    pub fn polls(&self) -> usize {
        self.polls
    }
}

/// The difference between two house effects (see [`Pooled::effect_difference`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EffectDifference {
    estimate: f64,
    se: f64,
    ci: Bounds,
}

impl EffectDifference {
    /// The difference in points.
    pub fn estimate(&self) -> f64 {
        self.estimate
    }
    /// Its standard error.
    pub fn se(&self) -> f64 {
        self.se
    }
    /// `estimate ± z·se` at the result's level.
    pub fn ci(&self) -> Bounds {
        self.ci
    }
}

/// The pooled trend of one public, with house effects (see [`crate::pool`]).
///
/// `Display` prints tables; `serde::Serialize` gives the JSON shape
/// `{"trend": [{"date", "estimate", "ci_low", "ci_high"}], "houses": [{"house", "effect",
/// "se", "ci_low", "ci_high", "polls"}], "sigma", "log_likelihood", "unit", "assumptions"}`
/// with dates as `YYYY-MM-DD`; `assumptions` holds [`ASSUMPTIONS`], the identification, and
/// every note ([`Pooled::notes`]: assumed n, left-out waves, flags).
///
/// # Example
/// ```
/// use yoron::pool::{Polls, PoolOptions};
/// let mut polls = Polls::new();
/// let (a, b) = (polls.add_house("a")?, polls.add_house("b")?);
/// for (d, pa, pb) in [("2020-01-01", 40.0, 44.0), ("2020-02-01", 42.0, 45.0), ("2020-03-01", 41.0, 46.0)] {
///     polls.add_poll(a, d.parse()?, pa, 1000)?;
///     polls.add_poll(b, d.parse()?, pb, 1000)?;
/// }
/// let pooled = polls.fit(&PoolOptions::new())?;
/// assert!(pooled.houses()[1].effect() > pooled.houses()[0].effect());
/// let json = serde_json::to_value(&pooled)?;
/// assert_eq!(json["trend"][0]["date"], "2020-01-01");
/// assert_eq!(json["houses"][0]["polls"], 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Pooled {
    pub(crate) trend: Vec<PooledPoint>,
    pub(crate) houses: Vec<HouseEffect>,
    /// The effects' covariance, houses × houses, row-major.
    pub(crate) effect_cov: Vec<f64>,
    pub(crate) sigma: f64,
    pub(crate) sigma_at_zero: bool,
    pub(crate) sigma_fixed: bool,
    pub(crate) log_likelihood: f64,
    pub(crate) unit: TimeUnit,
    pub(crate) level: ConfidenceLevel,
    pub(crate) identification: String,
    pub(crate) notes: Vec<String>,
    pub(crate) polls: Vec<Poll>,
    pub(crate) breaks: Vec<SeriesBreak>,
}

impl Pooled {
    /// The smoothed trend at every poll date and every known-value date, in time order.
    pub fn trend(&self) -> &[PooledPoint] {
        &self.trend
    }
    /// The house effects, in house order.
    pub fn houses(&self) -> &[HouseEffect] {
        &self.houses
    }
    /// The difference between two houses' effects (`a − b`) with its standard error from
    /// the full covariance of the effects, and its interval at the result's level: e.g.
    /// how much a series' figures moved at a series break, against the other series.
    ///
    /// # Errors
    /// An unknown house id (the error lists the houses).
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let opts = PoolOptions::new().assume_n(1000);
    /// let pooled = Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::JP, &opts)?.fit(&opts)?;
    /// let shift = pooled.effect_difference(
    ///     "cabinet_office/affinity_korea/feel_total@FY2020",
    ///     "cabinet_office/affinity_korea/feel_total@FY2017",
    /// )?;
    /// assert!(shift.estimate() > 0.0); // postal interviews run higher than face-to-face
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn effect_difference(&self, a: &str, b: &str) -> crate::Result<EffectDifference> {
        let find = |id: &str| {
            self.houses
                .iter()
                .position(|h| h.house.id() == id)
                .ok_or_else(|| {
                    crate::Error::unknown_name(
                        "house",
                        id,
                        self.houses.iter().map(|h| h.house.id().to_string()),
                    )
                })
        };
        let (i, k) = (find(a)?, find(b)?);
        let j = self.houses.len();
        let c = &self.effect_cov;
        let var = c[i * j + i] + c[k * j + k] - 2.0 * c[i * j + k];
        let se = var.max(0.0).sqrt();
        let d = self.houses[i].effect - self.houses[k].effect;
        let z = self.level.z();
        Ok(EffectDifference {
            estimate: d,
            se,
            ci: Bounds::new(d - z * se, d + z * se),
        })
    }

    /// σ, the random walk's standard deviation per unit (points per √unit).
    pub fn sigma(&self) -> f64 {
        self.sigma
    }
    /// True when σ is 0 (estimated at the boundary, or fixed there).
    pub fn sigma_at_zero(&self) -> bool {
        self.sigma_at_zero
    }
    /// True when σ was given, not estimated.
    pub fn is_sigma_fixed(&self) -> bool {
        self.sigma_fixed
    }
    /// The diffuse log-likelihood at σ (Durbin & Koopman 2012, §7.2.2).
    pub fn log_likelihood(&self) -> f64 {
        self.log_likelihood
    }
    /// The time unit of σ.
    pub fn unit(&self) -> TimeUnit {
        self.unit
    }
    /// The confidence level of the intervals.
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }
    /// How the effects are identified, in words.
    pub fn identification(&self) -> &str {
        &self.identification
    }
    /// What the reader must know about these data: assumed n, left-out waves, and flags
    /// (σ = 0, a house with one poll, a house that overlaps no other).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
    /// The polls used.
    pub fn polls(&self) -> &[Poll] {
        &self.polls
    }
    /// The series breaks that split houses.
    pub fn breaks(&self) -> &[SeriesBreak] {
        &self.breaks
    }
    /// Every assumption and note, as printed and as in the JSON's `assumptions`.
    pub fn assumptions(&self) -> Vec<String> {
        ASSUMPTIONS
            .iter()
            .map(|s| s.to_string())
            .chain(std::iter::once(format!(
                "identification: {}",
                self.identification
            )))
            .chain(self.notes.iter().cloned())
            .collect()
    }

    /// The trend as CSV (`date,estimate,se,ci_low,ci_high`), then a blank line and the
    /// house effects (`house,effect,se,ci_low,ci_high,polls`), then a blank line and every
    /// assumption and note (`assumption`, one per row).
    pub fn to_csv(&self) -> String {
        let mut s = String::from("date,estimate,se,ci_low,ci_high\n");
        for p in &self.trend {
            s.push_str(&format!(
                "{},{},{},{},{}\n",
                p.date,
                p.estimate,
                p.se,
                p.ci.low(),
                p.ci.high()
            ));
        }
        s.push_str("\nhouse,effect,se,ci_low,ci_high,polls\n");
        for h in &self.houses {
            s.push_str(&format!(
                "{},{},{},{},{},{}\n",
                h.house.id(),
                h.effect,
                h.se,
                h.ci.low(),
                h.ci.high(),
                h.polls
            ));
        }
        s.push_str("\nassumption\n");
        for a in self.assumptions() {
            s.push_str(&format!("\"{}\"\n", a.replace('"', "\"\"")));
        }
        s
    }
}

impl Pooled {
    /// The result as an HTML fragment: the house-effect table (with σ and the
    /// log-likelihood in its caption), the trend table, and every assumption and note.
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let opts = PoolOptions::new().assume_n(1000);
    /// let pooled = Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::KR, &opts)?.fit(&opts)?;
    /// let h = pooled.to_html();
    /// assert!(h.starts_with("<div class=\"yoron-pooled\">"));
    /// assert!(h.contains("<td>gallup_korea/favorability_japan/favorable</td><td>−10.0</td>"));
    /// assert!(h.contains("random walk"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let pct = (self.level.value() * 100.0).round();
        let mut h = String::from("<div class=\"yoron-pooled\">\n<table>\n");
        h.push_str(&format!(
            "<caption>House effects (points above the trend); σ = {:.4} per √{}, diffuse log-likelihood {:.3}</caption>\n",
            self.sigma, self.unit, self.log_likelihood
        ));
        h.push_str(&format!(
            "<thead><tr><th>house</th><th>effect</th><th>se</th><th>{pct:.0} % CI</th><th>polls</th></tr></thead>\n<tbody>\n"
        ));
        for e in &self.houses {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>[{}, {}]</td><td>{}</td></tr>\n",
                html(e.house.id()),
                signed(e.effect),
                e.se,
                signed(e.ci.low()),
                signed(e.ci.high()),
                e.polls
            ));
        }
        h.push_str("</tbody>\n</table>\n<table>\n<caption>Pooled trend (%)</caption>\n");
        h.push_str(&format!(
            "<thead><tr><th>date</th><th>trend</th><th>{pct:.0} % low</th><th>{pct:.0} % high</th></tr></thead>\n<tbody>\n"
        ));
        for p in &self.trend {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td></tr>\n",
                p.date,
                p.estimate,
                p.ci.low(),
                p.ci.high()
            ));
        }
        h.push_str("</tbody>\n</table>\n<ul>\n");
        for a in self.assumptions() {
            h.push_str(&format!("<li>{}</li>\n", html(&a)));
        }
        h.push_str("</ul>\n</div>");
        h
    }

    /// Shows the result inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`Pooled::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let opts = PoolOptions::new().assume_n(1000);
    /// Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::KR, &opts)?
    ///     .fit(&opts)?
    ///     .evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        crate::table::evcxr_html(&self.to_html());
    }
}

struct TrendRow<'a>(&'a PooledPoint);
impl Serialize for TrendRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("TrendPoint", 4)?;
        st.serialize_field("date", &self.0.date.to_string())?;
        st.serialize_field("estimate", &self.0.estimate)?;
        st.serialize_field("ci_low", &self.0.ci.low())?;
        st.serialize_field("ci_high", &self.0.ci.high())?;
        st.end()
    }
}

struct HouseRow<'a>(&'a HouseEffect);
impl Serialize for HouseRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("House", 6)?;
        st.serialize_field("house", self.0.house.id())?;
        st.serialize_field("effect", &self.0.effect)?;
        st.serialize_field("se", &self.0.se)?;
        st.serialize_field("ci_low", &self.0.ci.low())?;
        st.serialize_field("ci_high", &self.0.ci.high())?;
        st.serialize_field("polls", &self.0.polls)?;
        st.end()
    }
}

impl Serialize for Pooled {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let trend: Vec<TrendRow<'_>> = self.trend.iter().map(TrendRow).collect();
        let houses: Vec<HouseRow<'_>> = self.houses.iter().map(HouseRow).collect();
        let mut st = s.serialize_struct("Pooled", 6)?;
        st.serialize_field("trend", &trend)?;
        st.serialize_field("houses", &houses)?;
        st.serialize_field("sigma", &self.sigma)?;
        st.serialize_field("log_likelihood", &self.log_likelihood)?;
        st.serialize_field("unit", self.unit.name())?;
        st.serialize_field("assumptions", &self.assumptions())?;
        st.end()
    }
}

impl fmt::Display for Pooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = (self.level.value() * 100.0).round();
        writeln!(
            f,
            "Pooled trend ({} polls, {} houses), {pct:.0} % pointwise intervals",
            self.polls.len(),
            self.houses.len()
        )?;
        let rows: Vec<Vec<String>> = self
            .trend
            .iter()
            .map(|p| {
                vec![
                    p.date.to_string(),
                    format!("{:.1}", p.estimate),
                    format!("{:.1}", p.ci.low()),
                    format!("{:.1}", p.ci.high()),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            crate::compare::aligned(&["date", "trend %", "low", "high"], &rows)
        )?;
        writeln!(f)?;
        writeln!(f, "House effects (points above the trend)")?;
        let rows: Vec<Vec<String>> = self
            .houses
            .iter()
            .map(|h| {
                vec![
                    h.house.id().to_string(),
                    format!("{:+.1}", h.effect),
                    format!("{:.1}", h.se),
                    format!("{:+.1}", h.ci.low()),
                    format!("{:+.1}", h.ci.high()),
                    h.polls.to_string(),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            crate::compare::aligned(&["house", "effect", "se", "low", "high", "polls"], &rows)
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "σ = {:.4} points per √{}{}; diffuse log-likelihood {:.3}",
            self.sigma,
            self.unit,
            if self.sigma_fixed {
                " (fixed)"
            } else {
                " (maximum likelihood)"
            },
            self.log_likelihood
        )?;
        writeln!(f, "Assumptions and notes:")?;
        for a in self.assumptions() {
            writeln!(f, "- {a}")?;
        }
        Ok(())
    }
}
