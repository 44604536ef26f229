//! Replicate weights created from a Taylor design, as R `as.svrepdesign`.
//!
//! A design with strata and PSUs is turned into a replicate design ([`Design::to_replicate`])
//! whose replicate weights are the sampling weight times a factor per PSU and replicate,
//! with R's `scale` and `rscales`; every estimate then works on it by replication, and
//! `yoron replicate` writes the weights out for software that needs replicate columns.

use std::sync::Arc;

use super::design::{CERTAIN, Design};
use super::hadamard::hadamard;
use super::replicate::{ReplicateType, ReplicateWeights, Replicates, Store, rank};
use crate::error::{Error, Result};
use crate::label::named;

/// The replicate types R `as.svrepdesign(type =)` creates.
///
/// | type | name | factor of PSU j in replicate r | scale | rscales |
/// |---|---|---|---|---|
/// | [`Jk1`](CreatedType::Jk1) | `JK1` | 0 for the deleted PSU, n/(n − 1) for the others | (1 − f)(n − 1)/n | 1 |
/// | [`Jkn`](CreatedType::Jkn) | `JKn` | 0 for the deleted PSU, n_h/(n_h − 1) for the rest of its stratum, 1 elsewhere | 1 | (1 − f_h)(n_h − 1)/n_h |
/// | [`Brr`](CreatedType::Brr) | `BRR` | 2 or 0 by R's Hadamard matrix | 1/R | 1 |
/// | [`Fay`](CreatedType::Fay) | `Fay` | 2 − ρ or ρ by R's Hadamard matrix | 1/(R (1 − ρ)²) | 1 |
/// | [`Bootstrap`](CreatedType::Bootstrap) | `bootstrap` | times drawn in n_h draws with replacement | n̄/((n̄ − 1)(R − 1)), n̄ the harmonic mean of n_h | 1 |
/// | [`Subbootstrap`](CreatedType::Subbootstrap) | `subbootstrap` | times drawn in n_h − 1 draws × n_h/(n_h − 1) | 1/(R − 1) | 1 |
///
/// with n_h the PSUs of stratum h, f_h its sampling fraction (0 without FPC) and R the
/// number of replicates.
///
/// # Example
/// ```
/// use yoron::weight::CreatedType;
/// assert_eq!("jkn".parse::<CreatedType>()?, CreatedType::Jkn);
/// assert_eq!(CreatedType::Subbootstrap.to_string(), "subbootstrap");
/// assert!("JK2".parse::<CreatedType>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreatedType {
    /// Delete-one-PSU jackknife of an unstratified design (R `JK1`).
    Jk1,
    /// Stratified delete-one-PSU jackknife (R `JKn`).
    Jkn,
    /// Balanced repeated replication: exactly two PSUs per stratum (R `BRR`).
    Brr,
    /// Fay's BRR with factors 2 − ρ and ρ (R `Fay`, `fay.rho`).
    Fay,
    /// Canty–Davison bootstrap of PSUs within strata (R `bootstrap`).
    Bootstrap,
    /// The n − 1 bootstrap within strata (R `subbootstrap`).
    Subbootstrap,
}

impl CreatedType {
    /// Every type.
    pub const ALL: [CreatedType; 6] = [
        CreatedType::Jk1,
        CreatedType::Jkn,
        CreatedType::Brr,
        CreatedType::Fay,
        CreatedType::Bootstrap,
        CreatedType::Subbootstrap,
    ];

    /// R's name of the type (`as.svrepdesign(type =)`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::CreatedType::Brr.name(), "BRR");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            CreatedType::Jk1 => "JK1",
            CreatedType::Jkn => "JKn",
            CreatedType::Brr => "BRR",
            CreatedType::Fay => "Fay",
            CreatedType::Bootstrap => "bootstrap",
            CreatedType::Subbootstrap => "subbootstrap",
        }
    }
}

named!(lenient CreatedType::name, "created replicate type");

/// How to create replicate weights from a Taylor design, as R `as.svrepdesign(type =,
/// replicates =, fay.rho =, mse =)`; give it to [`Design::to_replicate`].
///
/// The bootstrap types draw with yoron's own generator (xoshiro256\*\* seeded through
/// SplitMix64 from [`seed`](CreateReplicates::seed), 0 unless set): the same seed gives the
/// same weights on every machine and version, but never R's draws, which come from R's
/// generator — compare bootstrap designs with R by their distribution, not weight by
/// weight.
///
/// # Example
/// ```
/// use yoron::weight::{CreateReplicates, CreatedType, DesignSpec, Estimand, Respondents};
/// // Two strata of two PSUs each (made-up data).
/// let csv = "w,st,psu,y\n1,a,1,3\n1,a,2,5\n2,b,3,4\n2,b,4,8\n";
/// let spec = DesignSpec::new().weight("w").strata("st").psu("psu");
/// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().number("y"))?;
/// let taylor = spec.build(data)?;
/// let brr = taylor.to_replicate(&CreateReplicates::new(CreatedType::Brr))?;
/// // R's Hadamard matrix for 2 strata has order 4: four replicates.
/// assert_eq!(brr.replicates().unwrap().1.len(), 4);
/// // With two PSUs per stratum BRR reproduces the Taylor variance of a total exactly.
/// let t = |d: &yoron::weight::Design| d.estimate(&Estimand::total("y")).unwrap().rows()[0].se();
/// assert!((t(&brr) - t(&taylor)).abs() < 1e-9 * t(&taylor));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CreateReplicates {
    kind: CreatedType,
    replicates: usize,
    seed: u64,
    rho: Option<f64>,
    mse: bool,
}

impl CreateReplicates {
    /// Replicates of this type, with R's defaults: 50 bootstrap replicates, `mse = FALSE`.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// assert_eq!(CreateReplicates::new(CreatedType::Jk1).kind(), CreatedType::Jk1);
    /// ```
    pub fn new(kind: CreatedType) -> CreateReplicates {
        CreateReplicates {
            kind,
            replicates: 50,
            seed: 0,
            rho: None,
            mse: false,
        }
    }

    /// The number of bootstrap replicates (R `replicates =`, 50 by default); the jackknife
    /// and BRR have as many as the design dictates.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// let c = CreateReplicates::new(CreatedType::Bootstrap).replicates(200);
    /// assert_eq!(c.kind(), CreatedType::Bootstrap);
    /// ```
    pub fn replicates(mut self, replicates: usize) -> CreateReplicates {
        self.replicates = replicates;
        self
    }

    /// The seed of the bootstrap draws (0 by default).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// let c = CreateReplicates::new(CreatedType::Subbootstrap).seed(20261206);
    /// assert_ne!(c, CreateReplicates::new(CreatedType::Subbootstrap));
    /// ```
    pub fn seed(mut self, seed: u64) -> CreateReplicates {
        self.seed = seed;
        self
    }

    /// Fay's ρ, in (0, 1), required by [`CreatedType::Fay`] (R `fay.rho`; R's ρ = 0 is BRR).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// let c = CreateReplicates::new(CreatedType::Fay).fay_rho(0.3);
    /// assert_eq!(c.kind(), CreatedType::Fay);
    /// ```
    pub fn fay_rho(mut self, rho: f64) -> CreateReplicates {
        self.rho = Some(rho);
        self
    }

    /// Centre the replicates at the full-sample estimate (R `mse = TRUE`).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// let c = CreateReplicates::new(CreatedType::Jkn).mse(true);
    /// assert_ne!(c, CreateReplicates::new(CreatedType::Jkn));
    /// ```
    pub fn mse(mut self, mse: bool) -> CreateReplicates {
        self.mse = mse;
        self
    }

    /// The type.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType};
    /// assert_eq!(CreateReplicates::new(CreatedType::Brr).kind(), CreatedType::Brr);
    /// ```
    pub fn kind(&self) -> CreatedType {
        self.kind
    }
}

/// The replicate factors (R `repweights`, before the sampling weights), PSU by PSU.
struct Factors {
    /// `f[r * n_psu + p]`: the factor of PSU p in replicate r.
    f: Vec<f64>,
    r: usize,
    scale: f64,
    rscales: Vec<f64>,
    kind: ReplicateType,
    rho: Option<f64>,
}

/// What creation needs of the Taylor design: strata and PSUs in R's order.
struct Units<'a> {
    design: &'a Design,
    /// PSU of each row (0-based, layout numbering).
    psu: Vec<usize>,
    n_psu: usize,
    /// PSUs of each stratum in order of first appearance in the data (R `unique(psu)`).
    psus_of: Vec<Vec<usize>>,
    /// Strata in order of first appearance (R `unique(strata)`).
    strata_order: Vec<usize>,
}

impl<'a> Units<'a> {
    fn new(design: &'a Design) -> Units<'a> {
        let layout = &design.layout;
        let psu: Vec<usize> = (0..layout.n).map(|i| layout.psu_of(i)).collect();
        let n_psu = layout.n_psu_total() as usize;
        let n_strata = layout.n_strata();
        let mut seen = vec![false; n_psu];
        let mut stratum_seen = vec![false; n_strata];
        let mut psus_of = vec![Vec::new(); n_strata];
        let mut strata_order = Vec::new();
        for (i, &p) in psu.iter().enumerate() {
            let h = layout.stratum[i] as usize;
            if !stratum_seen[h] {
                stratum_seen[h] = true;
                strata_order.push(h);
            }
            if !seen[p] {
                seen[p] = true;
                psus_of[h].push(p);
            }
        }
        Units {
            design,
            psu,
            n_psu,
            psus_of,
            strata_order,
        }
    }

    fn name(&self, h: usize) -> &str {
        &self.design.layout.strata_categories[h]
    }
}

impl Design {
    /// A replicate design created from this Taylor design (strata, PSUs, FPC), as R
    /// `as.svrepdesign(design, type =, compress = FALSE)`: the same data and full-sample
    /// weights, replicate weights `rep1..repR` (sampling weight × factor; see
    /// [`CreatedType`] for the factors, `scale` and `rscales`), and every estimate by
    /// replication. The replicates follow R's order: PSUs and strata in order of first
    /// appearance in the data for the jackknives; for BRR and Fay, stratum k of the
    /// strata sorted by name as text (R sorts `as.character(strata)` in its locale: the same
    /// order for names of digits or of letters of one case) takes row k + 1 of R's Hadamard
    /// matrix, whose order is R's (`survey:::hadamard`: 4 up to 3 strata, then 8, 12, 16, …
    /// — the multiple of 4 above the strata that R can build, sometimes larger, e.g. 56
    /// for 48 strata), and the first PSU of the stratum in the data has factor 2 − ρ where
    /// the matrix has 1. Lonely PSUs in a JKn design follow [`Design::lonely_psu`] as R's
    /// `survey.lonely.psu`, and a stratum sampled completely (FPC) has no replicates, as
    /// R's `survey.drop.replicates`.
    ///
    /// Matches the weights, `scale`, `rscales` and `degf` R creates at relative 1e-8 for
    /// JK1, JKn, BRR and Fay (`tests/reference/survey/replicate/`); the bootstrap types
    /// follow R's algorithms (`bootweights`, `subbootweights`) with yoron's generator.
    ///
    /// # Errors
    /// A raked or replicate design; JK1 on a stratified design, JKn, BRR or Fay on an
    /// unstratified one (as R); BRR or Fay on a stratum without exactly two PSUs, naming
    /// the strata; an FPC with BRR, Fay or the subbootstrap (R drops it with a warning or
    /// ignores it: remove it to get R's weights); Fay without ρ in (0, 1); fewer than 2
    /// bootstrap replicates; a subbootstrap stratum with one PSU; a design with no
    /// variance to replicate (a single PSU, or every stratum sampled completely).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{CreateReplicates, CreatedType, DesignSpec, Estimand, ReplicateType, Respondents};
    /// let csv = "w,psu,y\n1,1,3\n1,2,5\n2,3,4\n";
    /// let spec = DesignSpec::new().weight("w").psu("psu");
    /// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().number("y"))?;
    /// let jk1 = spec.build(data)?.to_replicate(&CreateReplicates::new(CreatedType::Jk1))?;
    /// let (kind, columns) = jk1.replicates().unwrap();
    /// assert_eq!((kind, columns), (ReplicateType::Jk1, &["rep1".to_string(), "rep2".into(), "rep3".into()][..]));
    /// // Replicate 1 deletes PSU 1 and weights the other two by 3/2.
    /// assert_eq!(jk1.replicate_weights(0).as_deref(), Some(&[0.0, 1.5, 3.0][..]));
    /// assert_eq!(jk1.replicate_scales().unwrap(), (2.0 / 3.0, &[1.0, 1.0, 1.0][..]));
    /// assert!(jk1.estimate(&Estimand::mean("y"))?.rows()[0].se() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_replicate(&self, how: &CreateReplicates) -> Result<Design> {
        if self.replicates.is_some() {
            return Err(Error::invalid_argument(
                "design",
                "a design with strata and PSUs to create replicates from",
                "a replicate design, which has its replicates already",
            ));
        }
        if self.raking.is_some() {
            return Err(Error::invalid_argument(
                "design",
                "a design before raking (the replicates would not repeat the raking, so its effect on the variance would be lost)",
                "a raked design",
            ));
        }
        let units = Units::new(self);
        let stratified = self.spec.has_strata();
        let has_fpc = self.spec.has_fpc();
        let kind = how.kind;
        match kind {
            CreatedType::Jk1 if stratified => {
                return Err(Error::invalid_argument(
                    "replicate type",
                    "JKn, bootstrap or subbootstrap for a stratified design (JK1 ignores strata; R: \"Can't use JK1 for a stratified design\")",
                    format!("JK1 on a design with {} strata", self.n_strata()),
                ));
            }
            CreatedType::Jkn | CreatedType::Brr | CreatedType::Fay if !stratified => {
                return Err(Error::invalid_argument(
                    "replicate type",
                    "JK1, bootstrap or subbootstrap for an unstratified design (R: \"Must use JK1 or bootstrap for an unstratified design\")",
                    format!("{kind} on a design without strata"),
                ));
            }
            CreatedType::Brr | CreatedType::Fay | CreatedType::Subbootstrap if has_fpc => {
                return Err(Error::invalid_argument(
                    "replicate type",
                    format!(
                        "a design without FPC for {kind} replicates, which cannot carry one (R drops or ignores it; remove the FPC to get R's weights)"
                    ),
                    format!("{kind} on a design with an FPC"),
                ));
            }
            _ => {}
        }
        let factors = match kind {
            CreatedType::Jk1 => jk1(&units)?,
            CreatedType::Jkn => jkn(&units)?,
            CreatedType::Brr => brr(&units, 0.0)?,
            CreatedType::Fay => {
                let rho = how.rho.ok_or_else(|| {
                    Error::invalid_argument("fay rho", "Fay's ρ in (0, 1) (--fay-rho)", "none")
                })?;
                if !(rho > 0.0 && rho < 1.0) {
                    return Err(Error::invalid_argument(
                        "fay rho",
                        "a number in (0, 1) (ρ = 0 is BRR)",
                        rho.to_string(),
                    ));
                }
                brr(&units, rho)?
            }
            CreatedType::Bootstrap | CreatedType::Subbootstrap => {
                if how.replicates < 2 {
                    return Err(Error::invalid_argument(
                        "replicates",
                        "2 or more bootstrap replicates",
                        how.replicates.to_string(),
                    ));
                }
                let mut rng = Rng::new(how.seed);
                if kind == CreatedType::Bootstrap {
                    bootstrap(&units, how.replicates, &mut rng)?
                } else {
                    subbootstrap(&units, how.replicates, &mut rng)?
                }
            }
        };
        self.with_factors(&units, factors, how.mse)
    }

    fn with_factors(&self, units: &Units<'_>, fac: Factors, mse: bool) -> Result<Design> {
        let n = self.n_rows();
        let mut w = Vec::with_capacity(n * fac.r);
        for r in 0..fac.r {
            let f = &fac.f[r * units.n_psu..(r + 1) * units.n_psu];
            w.extend(
                self.weights
                    .iter()
                    .zip(&units.psu)
                    .map(|(wi, &p)| wi * f[p]),
            );
        }
        let columns: Vec<String> = (1..=fac.r).map(|r| format!("rep{r}")).collect();
        let df = rank(&w.chunks(n.max(1)).collect::<Vec<_>>()) as i64 - 1;
        let mut spec = Replicates::new(fac.kind, columns.clone())
            .scale(fac.scale)
            .rscales(fac.rscales.clone())
            .mse(mse);
        if let Some(rho) = fac.rho {
            spec = spec.rho(rho);
        }
        let rw = ReplicateWeights {
            store: Store::Owned(w),
            n,
            r: fac.r,
            scale: fac.scale,
            rscales: fac.rscales,
            mse,
            df,
            kind: fac.kind,
            columns,
        };
        self.replicated(spec, Arc::new(rw))
    }
}

fn no_variance(what: &str) -> Error {
    Error::invalid_argument(
        "design",
        "a design with variance to replicate",
        what.to_string(),
    )
}

/// R `jk1weights`: delete each PSU in turn.
fn jk1(u: &Units<'_>) -> Result<Factors> {
    let layout = &u.design.layout;
    let psus = &u.psus_of[0];
    let n = psus.len();
    let f = layout.f[0];
    if f < CERTAIN {
        return Err(no_variance(
            "every PSU of the population in the sample (FPC)",
        ));
    }
    if n < 2 {
        return Err(no_variance("a single PSU"));
    }
    let keep = n as f64 / (n as f64 - 1.0);
    let mut out = vec![keep; n * u.n_psu];
    for (r, &p) in psus.iter().enumerate() {
        out[r * u.n_psu + p] = 0.0;
    }
    Ok(Factors {
        f: out,
        r: n,
        scale: f * (n as f64 - 1.0) / n as f64,
        rscales: vec![1.0; n],
        kind: ReplicateType::Jk1,
        rho: None,
    })
}

/// R `jknweights` (the compressed form `as.svrepdesign` uses): delete each PSU of each
/// stratum in turn, strata in order of first appearance.
fn jkn(u: &Units<'_>) -> Result<Factors> {
    use super::design::LonelyPsu;
    let layout = &u.design.layout;
    let n_strata = layout.n_strata();
    let mut out: Vec<f64> = Vec::new();
    let mut rscales = Vec::new();
    for &h in &u.strata_order {
        let psus = &u.psus_of[h];
        let nh = psus.len();
        let f = layout.f[h];
        if f < CERTAIN {
            continue; // sampled completely: R drops its replicates
        }
        if nh == 1 {
            match layout.lonely {
                LonelyPsu::Fail => {
                    return Err(Error::new(crate::error::ErrorKind::LonelyPsu {
                        strata: vec![u.name(h).to_string()],
                    }));
                }
                LonelyPsu::Adjust => {
                    // R: a replicate that drops the stratum and reweights every other PSU
                    // by H/(H − 1), with rscale (H − 1)/H.
                    let ns = n_strata as f64;
                    let col: Vec<f64> = (0..u.n_psu)
                        .map(|p| {
                            if stratum_of_psu(u, p) == h {
                                0.0
                            } else {
                                ns / (ns - 1.0)
                            }
                        })
                        .collect();
                    out.extend(col);
                    rscales.push((ns - 1.0) / ns);
                }
                _ => {}
            }
            continue;
        }
        let keep = nh as f64 / (nh as f64 - 1.0);
        for &deleted in psus {
            let start = out.len();
            out.resize(start + u.n_psu, 1.0);
            for &p in psus {
                out[start + p] = if p == deleted { 0.0 } else { keep };
            }
            rscales.push(f * (nh as f64 - 1.0) / nh as f64);
        }
    }
    let r = rscales.len();
    if r == 0 {
        return Err(no_variance(
            "no stratum with replicates (every stratum sampled completely or a lonely PSU)",
        ));
    }
    let mut scale = 1.0;
    if r < u.n_psu && layout.lonely == LonelyPsu::Average {
        scale = u.n_psu as f64 / r as f64;
    }
    Ok(Factors {
        f: out,
        r,
        scale,
        rscales,
        kind: ReplicateType::Jkn,
        rho: None,
    })
}

fn stratum_of_psu(u: &Units<'_>, p: usize) -> usize {
    let start = &u.design.layout.psu_start;
    if start.is_empty() {
        // Rows are PSUs: their strata.
        return u.design.layout.stratum[p] as usize;
    }
    start.partition_point(|&s| s <= p) - 1
}

/// R `brrweights` with `fay.rho`: strata sorted by name, R's Hadamard matrix.
fn brr(u: &Units<'_>, rho: f64) -> Result<Factors> {
    let layout = &u.design.layout;
    let bad: Vec<String> = (0..layout.n_strata())
        .filter(|&h| u.psus_of[h].len() != 2)
        .map(|h| {
            let n = u.psus_of[h].len();
            format!(
                "stratum \"{}\" with {n} PSU{}",
                u.name(h),
                if n == 1 { "" } else { "s" }
            )
        })
        .collect();
    if !bad.is_empty() {
        return Err(Error::invalid_argument(
            "strata",
            "exactly 2 PSUs in every stratum for BRR and Fay replicates (R brrweights)",
            bad.join(", "),
        ));
    }
    let mut sorted: Vec<usize> = (0..layout.n_strata()).collect();
    sorted.sort_by(|&a, &b| u.name(a).cmp(u.name(b)));
    let h = hadamard(sorted.len());
    let r = h.order;
    let mut out = vec![0.0; r * u.n_psu];
    for rep in 0..r {
        for (k, &s) in sorted.iter().enumerate() {
            let (first, second) = (u.psus_of[s][0], u.psus_of[s][1]);
            let (a, b) = if h.at(k + 1, rep) == 1 {
                (2.0 - rho, rho)
            } else {
                (rho, 2.0 - rho)
            };
            out[rep * u.n_psu + first] = a;
            out[rep * u.n_psu + second] = b;
        }
    }
    Ok(Factors {
        f: out,
        r,
        scale: 1.0 / (r as f64 * (1.0 - rho).powi(2)),
        rscales: vec![1.0; r],
        kind: if rho == 0.0 {
            ReplicateType::Brr
        } else {
            ReplicateType::Fay
        },
        rho: (rho != 0.0).then_some(rho),
    })
}

/// R `bootweights` (`bootstratum`): in each stratum, n_h PSUs drawn with replacement, or
/// with an FPC n_h drawn without replacement from N_h copies of the PSUs in turn; the factor
/// is the number of times a PSU is drawn.
fn bootstrap(u: &Units<'_>, reps: usize, rng: &mut Rng) -> Result<Factors> {
    let layout = &u.design.layout;
    let has_fpc = u.design.spec.has_fpc();
    let mut out = vec![0.0; reps * u.n_psu];
    let mut inv = 0.0;
    for &h in &u.strata_order {
        let psus = &u.psus_of[h];
        let nh = psus.len();
        inv += 1.0 / nh as f64;
        // R shuffles the PSUs first; it matters only for which get the extra copies of
        // the pseudo-population.
        let mut order = psus.clone();
        rng.shuffle(&mut order);
        let pop = has_fpc.then(|| population(nh, layout.f[h]));
        for rep in 0..reps {
            let row = &mut out[rep * u.n_psu..(rep + 1) * u.n_psu];
            match pop {
                None => {
                    for _ in 0..nh {
                        row[order[rng.below(nh)]] += 1.0;
                    }
                }
                Some(big_n) => {
                    for t in rng.sample_without_replacement(big_n, nh) {
                        row[order[t % nh]] += 1.0;
                    }
                }
            }
        }
    }
    let nbar = u.strata_order.len() as f64 / inv;
    if nbar <= 1.0 {
        return Err(no_variance("a single PSU in every stratum"));
    }
    Ok(Factors {
        f: out,
        r: reps,
        scale: nbar / ((nbar - 1.0) * (reps as f64 - 1.0)),
        rscales: vec![1.0; reps],
        kind: ReplicateType::Bootstrap,
        rho: None,
    })
}

/// The population of PSUs of a stratum from its FPC factor f = 1 − n/N, as R's
/// `rep(upsu, length = popsize)` takes it: whole (R truncates; a value within 1e-6 of a
/// whole number is that number, undoing the rounding of n/(1 − f)).
fn population(n: usize, f: f64) -> usize {
    let big_n = n as f64 / (1.0 - f);
    let near = big_n.round();
    let whole = if (big_n - near).abs() < 1e-6 {
        near
    } else {
        big_n.floor()
    };
    (whole as usize).max(n)
}

/// R `subbootweights`: in each stratum n_h − 1 PSUs drawn with replacement, the factor the
/// times drawn × n_h/(n_h − 1) (Rao and Wu's rescaling).
fn subbootstrap(u: &Units<'_>, reps: usize, rng: &mut Rng) -> Result<Factors> {
    let lonely: Vec<String> = u
        .strata_order
        .iter()
        .filter(|&&h| u.psus_of[h].len() < 2)
        .map(|&h| format!("stratum \"{}\"", u.name(h)))
        .collect();
    if !lonely.is_empty() {
        return Err(Error::invalid_argument(
            "strata",
            "at least 2 PSUs in every stratum for subbootstrap replicates (R gives NaN weights)",
            format!("a single PSU in {}", lonely.join(", ")),
        ));
    }
    let mut out = vec![0.0; reps * u.n_psu];
    for &h in &u.strata_order {
        let mut order = u.psus_of[h].clone();
        rng.shuffle(&mut order);
        let nh = order.len();
        let k = nh as f64 / (nh as f64 - 1.0);
        for rep in 0..reps {
            let row = &mut out[rep * u.n_psu..(rep + 1) * u.n_psu];
            for _ in 0..nh - 1 {
                row[order[rng.below(nh)]] += k;
            }
        }
    }
    Ok(Factors {
        f: out,
        r: reps,
        scale: 1.0 / (reps as f64 - 1.0),
        rscales: vec![1.0; reps],
        kind: ReplicateType::Bootstrap,
        rho: None,
    })
}

/// xoshiro256\*\* (Blackman and Vigna), seeded through SplitMix64: small, fast, and the
/// same stream everywhere, so a seed names its replicates for good.
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform on 0..n (n ≥ 1), without modulo bias (Lemire's multiply-and-reject).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }

    /// `k` distinct values of 0..n (k ≤ n): a partial Fisher–Yates shuffle kept sparse,
    /// so that a large population costs nothing.
    fn sample_without_replacement(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut moved: std::collections::HashMap<usize, usize> = Default::default();
        (0..k)
            .map(|j| {
                let t = j + self.below(n - j);
                let at_t = *moved.get(&t).unwrap_or(&t);
                let at_j = *moved.get(&j).unwrap_or(&j);
                moved.insert(t, at_j);
                at_t
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_generator_is_uniform_and_samples_without_repeats() {
        let mut rng = Rng::new(7);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[rng.below(6)] += 1;
        }
        // Each count is Binomial(60000, 1/6): sd ≈ 91; 5 sd either side.
        assert!(
            counts.iter().all(|&c| (c as i64 - 10_000).abs() < 460),
            "{counts:?}"
        );
        let s = rng.sample_without_replacement(1_000_000, 50);
        let mut d = s.clone();
        d.sort_unstable();
        d.dedup();
        assert_eq!(d.len(), 50);
        assert!(s.iter().all(|&x| x < 1_000_000));
        let mut all = rng.sample_without_replacement(10, 10);
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }
}
