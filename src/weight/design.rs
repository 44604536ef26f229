//! The sampling design: weights, strata, primary sampling units, finite population
//! correction, and what to do with a stratum that has a single PSU.

use std::sync::Arc;

use super::data::{BadList, Columns, MISSING, Respondents};
use super::dict::FxBuild;
use super::raked_variance::RakingInfo;
use super::replicate::{ReplicateType, ReplicateWeights, Replicates};
use crate::error::{Error, ErrorKind, Result};
use crate::label::named;

/// What to do with a stratum that has a single PSU, whose variance cannot be estimated
/// from within the stratum. The names and effects are those of R's
/// `options(survey.lonely.psu = ...)`.
///
/// # Example
/// ```
/// use yoron::weight::LonelyPsu;
/// assert_eq!("average".parse::<LonelyPsu>()?, LonelyPsu::Average);
/// assert_eq!(LonelyPsu::default(), LonelyPsu::Fail);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LonelyPsu {
    /// Stop with an error naming the strata (R's default, `"fail"`). The default: a lonely
    /// PSU is usually a data problem worth seeing.
    #[default]
    Fail,
    /// Centre the stratum's PSU total at zero — the grand mean of a linearised statistic —
    /// instead of at the stratum mean (R `"adjust"`); conservative.
    Adjust,
    /// Leave the stratum out and scale the variance up by (number of strata) / (number of
    /// strata with more than one PSU) (R `"average"`).
    Average,
    /// Treat the single PSU as sampled with certainty: no variance contribution (R
    /// `"certainty"`).
    Certainty,
    /// No variance contribution (R `"remove"`; the same as `Certainty` for one-stage
    /// designs).
    Remove,
}

impl LonelyPsu {
    /// Every policy (the names `FromStr` knows).
    pub(crate) const ALL: [LonelyPsu; 5] = [
        LonelyPsu::Fail,
        LonelyPsu::Adjust,
        LonelyPsu::Average,
        LonelyPsu::Certainty,
        LonelyPsu::Remove,
    ];

    /// R's name for the policy.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::LonelyPsu::Adjust.as_str(), "adjust");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            LonelyPsu::Fail => "fail",
            LonelyPsu::Adjust => "adjust",
            LonelyPsu::Average => "average",
            LonelyPsu::Certainty => "certainty",
            LonelyPsu::Remove => "remove",
        }
    }
}

named!(exact LonelyPsu::as_str, "lonely-PSU policy");

/// How a design is declared: which columns hold the weights, strata, PSUs and finite
/// population correction. Build a [`Design`] from it with [`DesignSpec::build`].
///
/// Variance is estimated by Taylor linearisation with PSUs taken as sampled with
/// replacement within strata (R's default, "ultimate cluster"); a finite population
/// correction multiplies each stratum's contribution by 1 − nₕ/Nₕ.
///
/// # Example
/// ```
/// use yoron::weight::{Columns, DesignSpec, Respondents};
/// let csv = "w,st,psu\n1,a,1\n2,a,2\n1,b,3\n3,b,4\n";
/// let spec = DesignSpec::new().weight("w").strata("st").psu("psu");
/// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns())?;
/// let design = spec.build(data)?;
/// assert_eq!(design.df(), 2); // 4 PSUs − 2 strata
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesignSpec {
    weight: Option<String>,
    strata: Option<String>,
    psu: Option<String>,
    fpc: Option<String>,
    nest: bool,
    lonely: LonelyPsu,
    max_categories: Option<usize>,
    replicates: Option<Replicates>,
}

impl DesignSpec {
    /// Equal weights, one stratum, every respondent their own PSU (simple random sampling
    /// with replacement).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::DesignSpec::new().columns().names().len(), 0);
    /// ```
    pub fn new() -> DesignSpec {
        DesignSpec::default()
    }

    /// The column of sampling weights (positive, finite).
    ///
    /// # Example
    /// ```
    /// let s = yoron::weight::DesignSpec::new().weight("w");
    /// assert_eq!(s.columns().names(), vec!["w"]);
    /// ```
    pub fn weight(mut self, column: impl Into<String>) -> DesignSpec {
        self.weight = Some(column.into());
        self
    }

    /// The column of strata.
    ///
    /// # Example
    /// ```
    /// let s = yoron::weight::DesignSpec::new().strata("region");
    /// assert_eq!(s.columns().names(), vec!["region"]);
    /// ```
    pub fn strata(mut self, column: impl Into<String>) -> DesignSpec {
        self.strata = Some(column.into());
        self
    }

    /// The column of primary sampling units (first-stage clusters).
    ///
    /// # Example
    /// ```
    /// let s = yoron::weight::DesignSpec::new().psu("district");
    /// assert_eq!(s.columns().names(), vec!["district"]);
    /// ```
    pub fn psu(mut self, column: impl Into<String>) -> DesignSpec {
        self.psu = Some(column.into());
        self
    }

    /// The column of finite population corrections: per stratum either the number of
    /// PSUs in the population (all values ≥ 1) or the sampling fraction (all values ≤ 1),
    /// constant within a stratum, as R's `svydesign(fpc = )`. Without PSUs, "PSUs" are
    /// respondents.
    ///
    /// # Example
    /// ```
    /// let s = yoron::weight::DesignSpec::new().fpc("N");
    /// assert_eq!(s.columns().names(), vec!["N"]);
    /// ```
    pub fn fpc(mut self, column: impl Into<String>) -> DesignSpec {
        self.fpc = Some(column.into());
        self
    }

    /// Whether PSU ids are numbered within strata (the same id in two strata is two PSUs),
    /// as R's `nest = TRUE`. Without it (the default) a PSU id in two strata is an error.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new().strata("s").psu("p");
    /// let csv = "s,p\na,1\na,2\nb,1\nb,2\n";
    /// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns())?;
    /// assert!(spec.build(data.clone()).is_err()); // PSU 1 in two strata
    /// let d = spec.nest(true).build(data)?;
    /// assert!(d.is_nested());
    /// assert_eq!(d.n_psu(), 4);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn nest(mut self, nested: bool) -> DesignSpec {
        self.nest = nested;
        self
    }

    /// The policy for strata with a single PSU ([`LonelyPsu::Fail`] by default).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, LonelyPsu};
    /// use yoron::weight::Respondents;
    /// let s = DesignSpec::new().lonely_psu(LonelyPsu::Adjust);
    /// let d = s.build(Respondents::from_csv_reader("x\n1\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.lonely_psu(), LonelyPsu::Adjust);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn lonely_psu(mut self, policy: LonelyPsu) -> DesignSpec {
        self.lonely = policy;
        self
    }

    /// The most cells an estimate may have: categories of the variable × groups of `by`, or a
    /// crosstab's rows × columns ([`DEFAULT_MAX_CATEGORIES`](super::DEFAULT_MAX_CATEGORIES), 1000, by
    /// default). The work grows with the square of the cells, so an id column passed as a
    /// variable is refused with its category count rather than exhausting memory.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, DesignSpec, Estimand, Respondents};
    /// let cols = Columns::new().category("id");
    /// let data = Respondents::from_csv_reader("id\na\nb\nc\n".as_bytes(), &cols)?;
    /// let d = DesignSpec::new().max_categories(2).build(data)?;
    /// let e = d.estimate(&Estimand::proportions("id")).unwrap_err();
    /// assert!(e.to_string().contains("id: 3 categories"));
    /// assert_eq!(d.max_categories(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn max_categories(mut self, cells: usize) -> DesignSpec {
        self.max_categories = Some(cells);
        self
    }

    /// Replicate weights instead of strata and PSUs (R `svrepdesign`): every estimate's
    /// variance then comes from the replicates ([`Replicates`] has the formula, the types
    /// and R's defaults). Not with strata, PSUs or FPC.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Replicates, ReplicateType};
    /// let s = DesignSpec::new().weight("w").replicates(Replicates::new(ReplicateType::Jk1, ["r1", "r2"]));
    /// assert_eq!(s.columns().names(), vec!["w", "r1", "r2"]);
    /// ```
    pub fn replicates(mut self, replicates: Replicates) -> DesignSpec {
        self.replicates = Some(replicates);
        self
    }

    /// Whether strata were declared (R's `has.strata`).
    pub(crate) fn has_strata(&self) -> bool {
        self.strata.is_some()
    }

    /// Whether a finite population correction was declared.
    pub(crate) fn has_fpc(&self) -> bool {
        self.fpc.is_some()
    }

    /// The columns the design needs: weight, FPC and named replicate weights as numbers,
    /// strata and PSU as categories. (Replicate columns given by a pattern are found with
    /// [`Replicates::columns_in`] on the file's header.)
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{ColumnKind, DesignSpec};
    /// let c = DesignSpec::new().weight("w").psu("p").columns();
    /// assert_eq!(c.kind("p"), Some(ColumnKind::Category));
    /// ```
    pub fn columns(&self) -> Columns {
        let mut c = Columns::new();
        if let Some(w) = &self.weight {
            c = c.number(w);
        }
        if let Some(f) = &self.fpc {
            c = c.number(f);
        }
        if let Some(s) = &self.strata {
            c = c.category(s);
        }
        if let Some(p) = &self.psu {
            c = c.category(p);
        }
        if let Some(r) = &self.replicates {
            for name in r.named_columns() {
                c = c.number(name);
            }
        }
        c
    }

    /// Checks the data against the design and builds it.
    ///
    /// # Errors
    /// A design column that was not read; a weight that is missing, not finite, zero or
    /// negative; a missing stratum or PSU; a PSU in two strata (unless nested); an FPC
    /// that is missing, mixes counts and fractions, varies within a stratum or is smaller
    /// than the sample; a stratum with a single PSU under [`LonelyPsu::Fail`]. Bad values
    /// are listed with their lines.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new().weight("w");
    /// let data = Respondents::from_csv_reader("w\n1\n0\n-2\n".as_bytes(), &spec.columns())?;
    /// let err = spec.build(data).unwrap_err();
    /// assert!(err.to_string().contains("\"0\" (line 3), \"-2\" (line 4)"), "{err}");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn build(&self, data: impl Into<Arc<Respondents>>) -> Result<Design> {
        let data: Arc<Respondents> = data.into();
        let n = data.n_rows();
        let weights = match &self.weight {
            Some(col) => {
                let w = data.numbers(col)?;
                let mut bad = BadList::default();
                for (i, &x) in w.iter().enumerate() {
                    if !(x.is_finite() && x > 0.0) {
                        bad.push(i, || show(x));
                    }
                }
                bad.error(&data, col, "a positive finite weight")?;
                // The column itself where it is one of numbers (no copy).
                match data.shared_numbers(col)? {
                    Some(shared) => shared,
                    None => Arc::new(w.into_owned()),
                }
            }
            None => Arc::new(vec![1.0; n]),
        };
        let replicates = match &self.replicates {
            Some(r) => {
                if let Some(col) = self
                    .strata
                    .as_ref()
                    .or(self.psu.as_ref())
                    .or(self.fpc.as_ref())
                {
                    return Err(Error::invalid_argument(
                        "design",
                        "replicate weights or strata, PSUs and FPC (a replicate design carries its design in the replicates, as R svrepdesign)",
                        format!("replicate weights and column {col}"),
                    ));
                }
                Some(Arc::new(ReplicateWeights::build(r, &data, &weights)?))
            }
            None => None,
        };
        let layout = Layout::build(self, &data)?;
        Ok(Design {
            data,
            spec: self.clone(),
            weights,
            layout: Arc::new(layout),
            raking: None,
            replicates,
        })
    }
}

/// A number as found, for error messages ("missing" for NaN, which marks a missing value).
pub(crate) fn show(x: f64) -> String {
    if x.is_nan() {
        "missing or NaN".to_string()
    } else {
        format!("{x}")
    }
}

/// The variance structure of a design: strata, PSUs grouped by stratum, corrections.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) n: usize,
    /// Stratum of each row (all 0 without strata).
    pub(crate) stratum: Arc<Vec<u32>>,
    pub(crate) strata_categories: Vec<String>,
    /// PSU of each row, numbered so that the PSUs of stratum h are `psu_start[h]..psu_start[h+1]`;
    /// `None` when every row is its own PSU.
    pub(crate) psu: Option<Vec<u32>>,
    pub(crate) psu_start: Vec<usize>,
    /// PSUs per stratum (rows per stratum without PSUs).
    pub(crate) n_psu: Vec<u64>,
    /// Finite population correction factor 1 − n/N per stratum (1 without FPC).
    pub(crate) f: Vec<f64>,
    pub(crate) lonely: LonelyPsu,
}

impl Layout {
    fn build(spec: &DesignSpec, data: &Respondents) -> Result<Layout> {
        let n = data.n_rows();
        let (stratum, strata_categories): (Arc<Vec<u32>>, Vec<String>) = match &spec.strata {
            Some(col) => {
                let (codes, categories) = data.category(col)?;
                missing_check(data, col, codes, "a stratum")?;
                // The column's codes themselves (no copy).
                let shared = data.shared_codes(col)?;
                let codes = shared.unwrap_or_else(|| Arc::new(codes.to_vec()));
                (codes, categories.to_vec())
            }
            None => (Arc::new(vec![0; n]), vec!["(one stratum)".to_string()]),
        };
        let n_strata = strata_categories.len();
        let (psu, psu_start, n_psu) = match &spec.psu {
            None => {
                let mut n_psu = vec![0u64; n_strata];
                for &h in stratum.iter() {
                    n_psu[h as usize] += 1;
                }
                (None, vec![], n_psu)
            }
            Some(col) => {
                let (codes, categories) = data.category(col)?;
                missing_check(data, col, codes, "a PSU id")?;
                // Key each row's PSU: its id, or (stratum, id) when nested.
                let raw: std::borrow::Cow<[u32]> = if spec.nest {
                    nest_keys(&stratum, codes, categories.len()).into()
                } else {
                    codes.into()
                };
                let n_raw = raw.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
                // The stratum of each PSU, checking that it has only one.
                let mut owner = vec![(MISSING, 0usize); n_raw];
                for (i, (&p, &h)) in raw.iter().zip(stratum.iter()).enumerate() {
                    let o = &mut owner[p as usize];
                    if o.0 == MISSING {
                        *o = (h, i);
                    } else if o.0 != h {
                        return Err(data.placed(
                            ErrorKind::PsuInTwoStrata {
                                psu: categories[codes[i] as usize].clone(),
                                first: strata_categories[o.0 as usize].clone(),
                                first_at: data.place(o.1),
                                second: strata_categories[h as usize].clone(),
                                second_at: data.place(i),
                            },
                            col,
                        ));
                    }
                }
                // Renumber PSUs grouped by stratum.
                let mut order: Vec<u32> = (0..n_raw as u32)
                    .filter(|&p| owner[p as usize].0 != MISSING)
                    .collect();
                order.sort_by_key(|&p| (owner[p as usize].0, p));
                let mut new_id = vec![0u32; n_raw];
                let mut n_psu = vec![0u64; n_strata];
                for (k, &p) in order.iter().enumerate() {
                    new_id[p as usize] = k as u32;
                    n_psu[owner[p as usize].0 as usize] += 1;
                }
                let mut psu_start = vec![0usize; n_strata + 1];
                for h in 0..n_strata {
                    psu_start[h + 1] = psu_start[h] + n_psu[h] as usize;
                }
                let psu: Vec<u32> = raw.iter().map(|&p| new_id[p as usize]).collect();
                (Some(psu), psu_start, n_psu)
            }
        };
        let f = match &spec.fpc {
            None => vec![1.0; n_strata],
            Some(col) => fpc_factors(data, col, &stratum, &strata_categories, &n_psu)?,
        };
        let layout = Layout {
            n,
            stratum,
            strata_categories,
            psu,
            psu_start,
            n_psu,
            f,
            lonely: spec.lonely,
        };
        if spec.lonely == LonelyPsu::Fail {
            let lonely: Vec<String> = (0..n_strata)
                .filter(|&h| layout.n_psu[h] == 1 && layout.f[h] >= CERTAIN)
                .map(|h| layout.strata_categories[h].clone())
                .collect();
            if !lonely.is_empty() {
                let err = Error::new(ErrorKind::LonelyPsu { strata: lonely });
                return Err(match data.path() {
                    Some(p) => err.with_path(p),
                    None => err,
                });
            }
        }
        Ok(layout)
    }

    pub(crate) fn n_strata(&self) -> usize {
        self.strata_categories.len()
    }

    pub(crate) fn n_psu_total(&self) -> u64 {
        self.n_psu.iter().sum()
    }

    /// Design degrees of freedom: PSUs − strata.
    pub(crate) fn df(&self) -> i64 {
        self.n_psu_total() as i64 - self.n_strata() as i64
    }

    /// The PSU of a row (the row itself without PSUs).
    pub(crate) fn psu_of(&self, row: usize) -> usize {
        match &self.psu {
            Some(p) => p[row] as usize,
            None => row,
        }
    }
}

/// Strata whose FPC factor is below this are sampled completely: no variance (R uses the
/// same threshold).
pub(crate) const CERTAIN: f64 = 1e-7;

fn missing_check(data: &Respondents, col: &str, codes: &[u32], what: &str) -> Result<()> {
    BadList::missing(codes).error(data, col, what)
}

/// Dense keys for (stratum, PSU id) pairs.
fn nest_keys(stratum: &[u32], codes: &[u32], n_categories: usize) -> Vec<u32> {
    let mut map: std::collections::HashMap<u64, u32, FxBuild> = Default::default();
    stratum
        .iter()
        .zip(codes)
        .map(|(&h, &c)| {
            let key = u64::from(h) * n_categories as u64 + u64::from(c);
            let next = map.len() as u32;
            *map.entry(key).or_insert(next)
        })
        .collect()
}

fn fpc_factors(
    data: &Respondents,
    col: &str,
    stratum: &[u32],
    strata_categories: &[String],
    n_psu: &[u64],
) -> Result<Vec<f64>> {
    let v = data.numbers(col)?;
    let mut bad = BadList::default();
    for (i, &x) in v.iter().enumerate() {
        if !(x.is_finite() && x > 0.0) {
            bad.push(i, || show(x));
        }
    }
    bad.error(
        data,
        col,
        "a positive finite population size or sampling fraction",
    )?;
    let mut first: Vec<Option<(f64, usize)>> = vec![None; strata_categories.len()];
    for (i, (&x, &h)) in v.iter().zip(stratum).enumerate() {
        match first[h as usize] {
            None => first[h as usize] = Some((x, i)),
            Some((y, j)) if y != x => {
                return Err(data.placed(
                    ErrorKind::Inconsistent {
                        what: format!(
                            "finite population correction in stratum \"{}\" ({})",
                            strata_categories[h as usize],
                            crate::error::place(&data.place(i))
                        ),
                        expected: format!("{y}"),
                        first_at: data.place(j),
                        found: format!("{x}"),
                    },
                    col,
                ));
            }
            Some(_) => {}
        }
    }
    let any_big = v.iter().any(|&x| x > 1.0);
    let any_small = v.iter().any(|&x| x < 1.0);
    if any_big && any_small {
        return Err(data.bad_values(
            col,
            "all values ≥ 1 (population sizes) or all ≤ 1 (sampling fractions), not a mix",
            v.iter().filter(|&&x| x < 1.0).count() as u64,
            v.iter()
                .enumerate()
                .filter(|(_, x)| **x < 1.0)
                .take(super::data::SHOWN)
                .map(|(i, x)| (data.place(i), show(*x)))
                .collect(),
        ));
    }
    let mut f = Vec::with_capacity(strata_categories.len());
    for (h, fh) in first.iter().enumerate() {
        let Some((x, row)) = *fh else {
            f.push(1.0);
            continue;
        };
        let n = n_psu[h] as f64;
        let pop = if any_big { x } else { n / x };
        if pop < n {
            return Err(data.bad_values(
                col,
                &format!(
                    "a population at least as large as the sample ({n} PSUs in stratum \"{}\")",
                    strata_categories[h]
                ),
                1,
                vec![(data.place(row), show(x))],
            ));
        }
        f.push((pop - n) / pop);
    }
    Ok(f)
}

/// A validated sampling design over respondent data, ready for estimation.
///
/// Build one with [`DesignSpec::build`]; rake it with [`Design::rake`]; estimate with
/// [`Design::estimate`] and [`Design::crosstab`].
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Estimand, Respondents};
/// let csv = "w,q\n1,yes\n1,no\n2,yes\n";
/// let spec = DesignSpec::new().weight("w");
/// let q = Estimand::proportions("q");
/// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&q.columns()))?;
/// let design = spec.build(data)?;
/// let yes = design.estimate(&q)?.find(None, "yes")?.estimate();
/// assert!((yes - 0.75).abs() < 1e-12);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Design {
    pub(crate) data: Arc<Respondents>,
    pub(crate) spec: DesignSpec,
    pub(crate) weights: Arc<Vec<f64>>,
    pub(crate) layout: Arc<Layout>,
    pub(crate) raking: Option<Arc<RakingInfo>>,
    /// The replicate weights of a replicate design (variance by replication).
    pub(crate) replicates: Option<Arc<ReplicateWeights>>,
}

impl Design {
    /// The respondent data.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new();
    /// let d = spec.build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.data().n_rows(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn data(&self) -> &Respondents {
        &self.data
    }

    /// How the design was declared.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new();
    /// let d = spec.build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.spec(), &spec);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn spec(&self) -> &DesignSpec {
        &self.spec
    }

    /// The weights, one per row (raked weights for a raked design).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new().weight("w");
    /// let d = spec.build(Respondents::from_csv_reader("w\n2\n3\n".as_bytes(), &spec.columns())?)?;
    /// assert_eq!(d.weights(), &[2.0, 3.0]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The number of respondents.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.n_rows(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_rows(&self) -> usize {
        self.layout.n
    }

    /// The number of strata (1 without strata).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new().strata("s");
    /// let d = spec.build(Respondents::from_csv_reader("s\na\nb\na\nb\n".as_bytes(), &spec.columns())?)?;
    /// assert_eq!(d.n_strata(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_strata(&self) -> usize {
        self.layout.n_strata()
    }

    /// The number of PSUs (respondents without PSUs).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let spec = DesignSpec::new().psu("p");
    /// let d = spec.build(Respondents::from_csv_reader("p\n1\n1\n2\n".as_bytes(), &spec.columns())?)?;
    /// assert_eq!(d.n_psu(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn n_psu(&self) -> u64 {
        self.layout.n_psu_total()
    }

    /// Design degrees of freedom (R `degf(design)`): PSUs − strata; for a replicate design
    /// the rank of the replicate weights minus 1.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n3\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.df(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> i64 {
        match &self.replicates {
            Some(r) => r.df,
            None => self.layout.df(),
        }
    }

    /// Whether the variance comes from replicate weights ([`DesignSpec::replicates`]).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert!(!d.is_replicate());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_replicate(&self) -> bool {
        self.replicates.is_some()
    }

    /// A replicate design's type and replicate weight columns (none for a Taylor design).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Replicates, ReplicateType, Respondents};
    /// let spec = DesignSpec::new().replicates(Replicates::new(ReplicateType::Bootstrap, ["b1", "b2", "b3"]));
    /// let csv = "b1,b2,b3\n1,2,0\n1,0,2\n1,1,1\n";
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns())?)?;
    /// let (kind, columns) = d.replicates().unwrap();
    /// assert_eq!((kind, columns.len()), (ReplicateType::Bootstrap, 3));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn replicates(&self) -> Option<(ReplicateType, &[String])> {
        self.replicates
            .as_ref()
            .map(|r| (r.kind, r.columns.as_slice()))
    }

    /// A replicate design's analysis weights of replicate `r` (0-based), one per row; none
    /// for a Taylor design or a replicate that does not exist.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Replicates, ReplicateType, Respondents};
    /// let spec = DesignSpec::new().replicates(Replicates::new(ReplicateType::Bootstrap, ["b1", "b2"]));
    /// let csv = "b1,b2\n2,0\n0,2\n";
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns())?)?;
    /// assert_eq!(d.replicate_weights(1).as_deref(), Some(&[0.0, 2.0][..]));
    /// assert_eq!(d.replicate_weights(2), None);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn replicate_weights(&self, r: usize) -> Option<std::borrow::Cow<'_, [f64]>> {
        self.replicates
            .as_ref()
            .filter(|rep| r < rep.r)
            .map(|rep| rep.replicate(r))
    }

    /// A replicate design's `scale` and `rscales` as settled (R's defaults or the values
    /// given); none for a Taylor design.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Replicates, ReplicateType, Respondents};
    /// let spec = DesignSpec::new().replicates(Replicates::new(ReplicateType::Jk1, ["r1", "r2"]));
    /// let csv = "r1,r2\n0,2\n2,0\n";
    /// let d = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &spec.columns())?)?;
    /// assert_eq!(d.replicate_scales(), Some((0.5, &[1.0, 1.0][..])));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn replicate_scales(&self) -> Option<(f64, &[f64])> {
        self.replicates
            .as_ref()
            .map(|rep| (rep.scale, rep.rscales.as_slice()))
    }

    /// This design's data and weights with replicate weights created from it: declared as
    /// a supplied replicate design would be (`replicates` as the spec, no strata or PSUs),
    /// so that estimates on it equal those on the written weights read back.
    pub(crate) fn replicated(
        &self,
        replicates: Replicates,
        weights: Arc<ReplicateWeights>,
    ) -> Result<Design> {
        let spec = DesignSpec {
            weight: self.spec.weight.clone(),
            strata: None,
            psu: None,
            fpc: None,
            nest: false,
            lonely: self.spec.lonely,
            max_categories: self.spec.max_categories,
            replicates: Some(replicates),
        };
        let layout = Layout::build(&spec, &self.data)?;
        Ok(Design {
            data: self.data.clone(),
            spec,
            weights: self.weights.clone(),
            layout: Arc::new(layout),
            raking: None,
            replicates: Some(weights),
        })
    }

    /// Whether the weights were raked.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert!(!d.is_raked());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_raked(&self) -> bool {
        self.raking.is_some()
    }

    /// The policy for strata with a single PSU ([`DesignSpec::lonely_psu`]).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, LonelyPsu, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.lonely_psu(), LonelyPsu::Fail);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn lonely_psu(&self) -> LonelyPsu {
        self.spec.lonely
    }

    /// Whether PSU ids are numbered within strata ([`DesignSpec::nest`]).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert!(!d.is_nested());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn is_nested(&self) -> bool {
        self.spec.nest
    }

    /// The most cells an estimate may have ([`DesignSpec::max_categories`];
    /// [`DEFAULT_MAX_CATEGORIES`](super::DEFAULT_MAX_CATEGORIES) unless set).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Respondents};
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("x\n1\n2\n".as_bytes(), &Default::default())?)?;
    /// assert_eq!(d.max_categories(), 1000);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn max_categories(&self) -> usize {
        self.spec
            .max_categories
            .unwrap_or(super::DEFAULT_MAX_CATEGORIES)
    }
}
