//! The model matrix, the IRLS fit and the sandwich variance.

use std::borrow::Cow;

use super::formula::Formula;
use super::results::Regression;
use super::{Family, MAX_COEFFICIENTS, Model};
use crate::error::{Error, ErrorKind, Result};
use crate::weight::data::{BadList, ColumnData, MISSING, Respondents, has_text};
use crate::weight::design::Design;
use crate::weight::engine::{
    INFLUENCE_TILE, RUNS_PER_THREAD, by_row_runs, dot, row_covariance, threads_for,
};

/// How one variable enters the model matrix.
enum Coding<'a> {
    Numeric(Cow<'a, [f64]>),
    Factor {
        codes: Cow<'a, [u32]>,
        /// Levels in model order (reference first).
        levels: Vec<String>,
        /// Data code → position in `levels`.
        order: Vec<usize>,
    },
}

/// The model matrix and what the fit needs besides. The matrix is kept as its variables'
/// columns and built a tile of rows at a time as a pass needs it: stored whole it would be
/// n × p numbers (64 MB at a million rows and 8 coefficients), written once and read back
/// at every IRLS iteration, where the columns it is built from are a fraction of that.
pub(crate) struct Matrix<'a> {
    pub(crate) names: Vec<String>,
    /// Term of each column (`None` for the intercept).
    pub(crate) term_of: Vec<Option<usize>>,
    pub(crate) p: usize,
    pub(crate) y: Cow<'a, [f64]>,
    /// Whether each row is in the fit (in the domain, no missing value).
    pub(crate) inset: Vec<bool>,
    codings: Vec<Coding<'a>>,
    /// Each column as the product of its parts (none for the intercept): a numeric
    /// variable's values, or the indicator of one data code of a factor.
    parts: Vec<Vec<Part>>,
    /// Whether every row is in the fit (no row to zero in a tile).
    all_in: bool,
    /// Threads a pass runs on: as many as a pass over all the rows is worth, also for a
    /// sample of them (each pass is still worth it).
    threads: usize,
}

/// One factor of a model-matrix column: variable j's values, or whether its data code is
/// `code` (a treatment-contrast indicator).
#[derive(Clone, Copy)]
enum Part {
    Numeric(usize),
    Indicator(usize, u32),
}

/// Rows in each run of a warm start's sample of rows (see [`Matrix::sample`]).
const RUN: usize = 16;
/// One row in this many is in the sample: a run of [`RUN`] rows in every `RUN · SPARSE`.
const SPARSE: usize = 16;

impl Matrix<'_> {
    fn n(&self) -> usize {
        self.inset.len()
    }

    /// Rows `rows` of the model matrix, column by column: `out[c · t + r]` is column c of
    /// the r-th of the t rows. Rows outside the fit are zeros (their values may be
    /// missing). Plain loops over the columns, which the compiler vectorises.
    fn tile(&self, rows: std::ops::Range<usize>, out: &mut [f64]) {
        let t = rows.len();
        if t == 0 {
            return;
        }
        for (col, parts) in out.chunks_exact_mut(t).zip(&self.parts) {
            if parts.is_empty() {
                col.fill(1.0);
            }
            // The first part is written, the others multiplied in.
            for (q, part) in parts.iter().enumerate() {
                match (*part, q) {
                    (Part::Numeric(j), 0) => col.copy_from_slice(&self.numbers(j)[rows.clone()]),
                    (Part::Numeric(j), _) => {
                        for (x, v) in col.iter_mut().zip(&self.numbers(j)[rows.clone()]) {
                            *x *= v;
                        }
                    }
                    // A mask, not a branch: categories come in no order a branch predictor
                    // could follow.
                    (Part::Indicator(j, code), q) => {
                        for (x, &c) in col.iter_mut().zip(&self.codes(j)[rows.clone()]) {
                            let keep = u64::from(c == code).wrapping_neg();
                            let base = if q == 0 { 1.0 } else { *x };
                            *x = f64::from_bits(base.to_bits() & keep);
                        }
                    }
                }
            }
            if !self.all_in {
                for (x, &s) in col.iter_mut().zip(&self.inset[rows.clone()]) {
                    if !s {
                        *x = 0.0;
                    }
                }
            }
        }
    }

    /// A sixteenth of the rows, with their weights from `w`: runs of [`RUN`] consecutive
    /// rows, one run in every [`SPARSE`], spread over the whole file, copied into a matrix
    /// of their own (about 4 MB at a million rows), where a warm start's passes read them
    /// as plainly as a full pass reads all rows. Runs rather than every 16th row: memory
    /// is read a cache line at a time, and rows picked one by one would cost nearly a full
    /// pass's reading to copy.
    fn sample(&self, w: &[f64]) -> (Matrix<'static>, Vec<f64>) {
        let rows: Vec<usize> = (0..self.n()).filter(|i| i % (RUN * SPARSE) < RUN).collect();
        let pick = |v: &[f64]| -> Vec<f64> { rows.iter().map(|&i| v[i]).collect() };
        let codings = self
            .codings
            .iter()
            .map(|c| match c {
                Coding::Numeric(v) => Coding::Numeric(Cow::Owned(pick(v))),
                Coding::Factor {
                    codes,
                    levels,
                    order,
                } => Coding::Factor {
                    codes: Cow::Owned(rows.iter().map(|&i| codes[i]).collect()),
                    levels: levels.clone(),
                    order: order.clone(),
                },
            })
            .collect();
        let inset: Vec<bool> = rows.iter().map(|&i| self.inset[i]).collect();
        let sample = Matrix {
            names: self.names.clone(),
            term_of: self.term_of.clone(),
            p: self.p,
            y: Cow::Owned(pick(&self.y)),
            all_in: inset.iter().all(|&s| s),
            inset,
            codings,
            parts: self.parts.clone(),
            threads: self.threads,
        };
        (sample, pick(w))
    }

    fn numbers(&self, j: usize) -> &[f64] {
        match &self.codings[j] {
            Coding::Numeric(v) => v,
            Coding::Factor { .. } => &[],
        }
    }

    fn codes(&self, j: usize) -> &[u32] {
        match &self.codings[j] {
            Coding::Factor { codes, .. } => codes,
            Coding::Numeric(_) => &[],
        }
    }
}

/// Builds the model matrix, checking values and levels.
pub(crate) fn matrix<'a>(design: &'a Design, model: &Model) -> Result<Matrix<'a>> {
    model.check()?;
    let data = design.data();
    let f: &Formula = &model.formula;
    let n = data.n_rows();
    let mut inset = vec![true; n];
    if let Some((col, level)) = &model.domain {
        let (codes, cats) = data.category(col)?;
        BadList::missing(codes).error(data, col, "a value (the domain column)")?;
        let Some(code) = cats.iter().position(|c| c == level) else {
            return Err(Error::unknown_name(
                format!("level of domain column \"{col}\""),
                level,
                cats.iter().cloned(),
            ));
        };
        for (s, &c) in inset.iter_mut().zip(codes) {
            *s = c as usize == code;
        }
    }
    let y = response(data, &f.response, model.family)?;
    let mut codings = Vec::with_capacity(f.variables.len());
    for v in &f.variables {
        let coding = match data.column(&v.column)? {
            ColumnData::Category { codes, categories } if v.factor || has_text(categories) => {
                let mut levels = categories.clone();
                if let Some((_, r)) = model.references.iter().find(|(c, _)| *c == v.column) {
                    let Some(at) = levels.iter().position(|l| l == r) else {
                        return Err(Error::unknown_name(
                            format!("reference level of \"{}\"", v.column),
                            r,
                            categories.iter().cloned(),
                        ));
                    };
                    let l = levels.remove(at);
                    levels.insert(0, l);
                }
                let order = categories
                    .iter()
                    .map(|c| levels.iter().position(|l| l == c).unwrap_or(0))
                    .collect();
                Coding::Factor {
                    codes: Cow::Borrowed(codes),
                    levels,
                    order,
                }
            }
            ColumnData::Number(_) if v.factor => {
                return Err(Error::invalid_argument(
                    "formula",
                    "factor() of a column read as categories",
                    format!("factor({}) of a column read as numbers", v.column),
                ));
            }
            _ => {
                if model.references.iter().any(|(c, _)| *c == v.column) {
                    return Err(Error::invalid_argument(
                        "reference",
                        "a categorical predictor",
                        format!("numeric predictor \"{}\"", v.column),
                    ));
                }
                Coding::Numeric(data.numbers(&v.column)?)
            }
        };
        codings.push(coding);
    }
    // Missing values in the fit's rows: an error naming them, or rows dropped. A column
    // is looked at row by row only when a plain pass over it finds one.
    let missing_at = |i: usize, j: usize| match &codings[j] {
        Coding::Numeric(v) => v[i].is_nan(),
        Coding::Factor { codes, .. } => codes[i] == MISSING,
    };
    // Without a domain every row counts, and the pass need not look at `inset`.
    let everyone = model.domain.is_none();
    let any_missing = |j: Option<usize>| {
        let values = match j {
            None => &y[..],
            Some(j) => match &codings[j] {
                Coding::Numeric(v) => &v[..],
                Coding::Factor { codes, .. } if everyone => {
                    return codes.iter().fold(false, |a, &c| a | (c == MISSING));
                }
                Coding::Factor { codes, .. } => {
                    return codes
                        .iter()
                        .zip(&inset)
                        .fold(false, |a, (&c, &s)| a | (s & (c == MISSING)));
                }
            },
        };
        if everyone {
            return values.iter().fold(false, |a, v| a | v.is_nan());
        }
        values
            .iter()
            .zip(&inset)
            .fold(false, |a, (v, &s)| a | (s & v.is_nan()))
    };
    let columns: Vec<(&str, Option<usize>)> = std::iter::once((f.response.as_str(), None))
        .chain(
            f.variables
                .iter()
                .enumerate()
                .map(|(j, v)| (v.column.as_str(), Some(j))),
        )
        .collect();
    let mut dropped = vec![false; n];
    for (col, j) in &columns {
        if !any_missing(*j) {
            continue;
        }
        let mut list = BadList::default();
        for i in (0..n).filter(|&i| inset[i]) {
            let miss = match j {
                None => y[i].is_nan(),
                Some(j) => missing_at(i, *j),
            };
            if miss {
                list.push(i, || "missing".to_string());
                dropped[i] = true;
            }
        }
        if !model.na_rm {
            list.error(
                data,
                col,
                "a value (or na_rm / --na-rm to drop rows with missing values, as R na.omit)",
            )?;
        }
    }
    for (s, d) in inset.iter_mut().zip(&dropped) {
        *s &= !d;
    }
    // Response values the family can take.
    let mut list = BadList::default();
    for i in (0..n).filter(|&i| inset[i]) {
        let ok = match model.family {
            Family::Gaussian => y[i].is_finite(),
            Family::Binomial => (0.0..=1.0).contains(&y[i]),
            Family::Poisson => y[i].is_finite() && y[i] >= 0.0,
        };
        if !ok {
            list.push(i, || format!("{}", y[i]));
        }
    }
    list.error(
        data,
        &f.response,
        match model.family {
            Family::Gaussian => "a finite number",
            Family::Binomial => "a 0/1 answer or a proportion in [0, 1] (binomial family)",
            Family::Poisson => "a count ≥ 0 (poisson family)",
        },
    )?;
    // Columns: one per combination of the term's variables' columns, first fastest.
    let categorical: Vec<bool> = codings
        .iter()
        .map(|c| matches!(c, Coding::Factor { .. }))
        .collect();
    let contrasts = f.contrasts(&categorical);
    // Per term: for each variable, the levels it contributes (None = numeric).
    let mut names = Vec::new();
    let mut term_of = Vec::new();
    if f.intercept {
        names.push("(Intercept)".to_string());
        term_of.push(None);
    }
    // (variable, Option<level position>) for each part of each column.
    let mut parts: Vec<Vec<(usize, Option<usize>)>> = Vec::new();
    if f.intercept {
        parts.push(Vec::new());
    }
    for (t, &term) in f.terms.iter().enumerate() {
        let mut combos: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new()];
        for (j, coding) in codings.iter().enumerate() {
            if term >> j & 1 == 0 {
                continue;
            }
            let choices: Vec<Option<usize>> = match coding {
                Coding::Numeric(_) => vec![None],
                Coding::Factor { levels, .. } => {
                    let start = usize::from(contrasts[t] >> j & 1 == 1);
                    (start..levels.len()).map(Some).collect()
                }
            };
            let mut next = Vec::with_capacity(combos.len() * choices.len());
            for c in &choices {
                for prefix in &combos {
                    let mut p = prefix.clone();
                    p.push((j, *c));
                    next.push(p);
                }
            }
            combos = next;
            if combos.len() > MAX_COEFFICIENTS {
                break;
            }
        }
        for combo in combos {
            let name = combo
                .iter()
                .map(|(j, l)| {
                    let label = f.variables[*j].label();
                    match (l, &codings[*j]) {
                        (Some(l), Coding::Factor { levels, .. }) => {
                            format!("{label}{}", levels[*l])
                        }
                        _ => label,
                    }
                })
                .collect::<Vec<_>>()
                .join(":");
            names.push(name);
            term_of.push(Some(t));
            parts.push(combo);
        }
        if names.len() > MAX_COEFFICIENTS {
            return Err(Error::invalid_argument(
                "formula",
                format!("at most {MAX_COEFFICIENTS} coefficients"),
                format!(
                    "more than {MAX_COEFFICIENTS} from \"{}\" (a categorical predictor with many levels?)",
                    f.text
                ),
            ));
        }
    }
    let p = names.len();
    if p == 0 {
        return Err(Error::invalid_argument(
            "formula",
            "at least one coefficient",
            format!("none in \"{}\"", f.text),
        ));
    }
    // A level enters a column as the indicator of its data code.
    let parts = parts
        .iter()
        .map(|combo| {
            combo
                .iter()
                .filter_map(|&(j, l)| match (&codings[j], l) {
                    (Coding::Factor { order, .. }, Some(l)) => {
                        let code = order.iter().position(|&o| o == l).unwrap_or(usize::MAX);
                        Some(Part::Indicator(j, u32::try_from(code).unwrap_or(MISSING)))
                    }
                    (Coding::Numeric(_), _) => Some(Part::Numeric(j)),
                    // A factor always enters with one of its levels; a part without one
                    // would stand for 1.
                    (Coding::Factor { .. }, None) => None,
                })
                .collect()
        })
        .collect();
    // A level with no rows in the fit gives a column of zeros: name it. With every row in
    // the fit and of positive weight there is none (a category column's categories all
    // occur), and the rows need not be looked at.
    let all_in = inset.iter().all(|&s| s);
    let all_count = all_in && design.weights().iter().fold(true, |a, &w| a & (w > 0.0));
    for (j, coding) in codings.iter().enumerate() {
        if let Coding::Factor {
            codes,
            levels,
            order,
        } = coding
            && !all_count
        {
            let mut seen = vec![false; levels.len()];
            for ((&code, &s), &w) in codes.iter().zip(&inset).zip(design.weights()) {
                if s && w > 0.0 {
                    seen[order[code as usize]] = true;
                }
            }
            let empty: Vec<&str> = levels
                .iter()
                .zip(&seen)
                .filter(|(_, s)| !**s)
                .map(|(l, _)| l.as_str())
                .collect();
            if !empty.is_empty() {
                return Err(Error::new(ErrorKind::Degenerate {
                    what: format!("regression \"{}\"", f.text),
                    reason: format!(
                        "level {} of {} has no respondents in the fit (domain or missing values): its coefficient cannot be estimated",
                        empty
                            .iter()
                            .map(|l| format!("\"{l}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        f.variables[j].label()
                    ),
                }));
            }
        }
    }
    Ok(Matrix {
        threads: threads_for(n),
        names,
        term_of,
        p,
        y,
        inset,
        codings,
        parts,
        all_in,
    })
}

/// The response as numbers. A binomial response may be a column of two text categories,
/// the first (in sorted order) counting as 0 and the other as 1, as R's `binomial()` takes a
/// factor response (`factor(y) ~ ...`).
fn response<'a>(data: &'a Respondents, column: &str, family: Family) -> Result<Cow<'a, [f64]>> {
    if let ColumnData::Category { codes, categories } = data.column(column)?
        && has_text(categories)
    {
        if family == Family::Binomial && categories.len() == 2 {
            return Ok(Cow::Owned(
                codes
                    .iter()
                    .map(|&c| if c == MISSING { f64::NAN } else { f64::from(c) })
                    .collect(),
            ));
        }
        return Err(data.placed(
            ErrorKind::InvalidValue {
                expected: format!(
                    "a numeric response{}",
                    if family == Family::Binomial {
                        " or two categories (the first counts as 0)"
                    } else {
                        ""
                    }
                ),
                found: format!(
                    "{} categories ({})",
                    categories.len(),
                    categories
                        .iter()
                        .take(5)
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            column,
        ));
    }
    data.numbers(column)
}

/// Mean, its derivative with respect to the linear predictor, and the variance function,
/// clamped as R's families clamp them (so that the working weights stay positive).
fn link(family: Family, eta: f64) -> (f64, f64, f64) {
    match family {
        Family::Gaussian => (eta, 1.0, 1.0),
        Family::Binomial => {
            // R's C_logit_linkinv and C_logit_mu_eta: beyond ±(−log ε) the odds are held
            // at ε or 1/ε and the derivative at ε. Within, both use one exp(η) (R's two
            // functions each compute the same value).
            const THRESH: f64 = 36.043_653_389_117_15;
            let (odds, d) = if eta < -THRESH {
                (f64::EPSILON, f64::EPSILON)
            } else if eta > THRESH {
                (1.0 / f64::EPSILON, f64::EPSILON)
            } else {
                let e = eta.exp();
                (e, e / ((1.0 + e) * (1.0 + e)))
            };
            let mu = odds / (1.0 + odds);
            (mu, d, mu * (1.0 - mu))
        }
        Family::Poisson => {
            let mu = eta.exp().max(f64::EPSILON);
            (mu, mu, mu)
        }
    }
}

/// Rows per tile of the normal equations: tiles of 512 × p values stay in the CPU's caches.
/// The covariance pass's tiles ([`INFLUENCE_TILE`]) go through the same scratch, so they
/// are one size.
const TILE: usize = INFLUENCE_TILE;

/// Adds one tile of rows (`xt`, column by column: p columns of t values) to the normal
/// equations: Σ wᵢ xᵢ xᵢᵀ into `a` (by a matrix product, `ndarray` on `matrixmultiply`,
/// whose kernels use the CPU's vector units) and Σ xᵢ (wz)ᵢ into `b`. X holds finite values
/// (rows outside the fit are zeros), so rows of weight 0 add nothing. `wx` is scratch of at
/// least t × p.
fn add_tile(
    xt: &[f64],
    p: usize,
    w: &[f64],
    wz: &[f64],
    wx: &mut [f64],
    a: &mut ndarray::Array2<f64>,
    b: &mut [f64],
) {
    use ndarray::{ArrayView2, linalg::general_mat_mul};
    let t = w.len();
    for ((xc, wc), bc) in xt
        .chunks_exact(t)
        .zip(wx.chunks_exact_mut(t))
        .zip(b.iter_mut())
    {
        for ((v, &x), &wi) in wc.iter_mut().zip(xc).zip(w) {
            *v = wi * x;
        }
        *bc += dot(xc, wz);
    }
    match (
        ArrayView2::from_shape((p, t), xt),
        ArrayView2::from_shape((p, t), &wx[..t * p]),
    ) {
        (Ok(xv), Ok(wv)) => general_mat_mul(1.0, &xv, &wv.t(), 1.0, a),
        // The shapes always fit the tiles; were they refused, the plain sums.
        _ => {
            for i in 0..t {
                for r in 0..p {
                    for c in 0..p {
                        a[[r, c]] += xt[r * t + i] * wx[c * t + i];
                    }
                }
            }
        }
    }
}

/// Where a pass puts the linear predictor: at coefficients β (η = xᵀβ), or at the family's
/// starting means (R's `mustart`, for the first iteration).
#[derive(Clone, Copy)]
enum At<'b> {
    Beta(&'b [f64]),
    Start,
}

/// One row's working weight w·(dμ/dη)²/V(μ), its score factor (working weight × working
/// residual (y − μ)/(dμ/dη)) and μ, at η, for a row of weight w ≠ 0. With a canonical link
/// dμ/dη = V(μ), so the working weight is w·V(μ) and the score factor w·(y − μ): one `exp`
/// and no division for a logistic row, where R's link functions hold μ within ε of 0 and 1
/// with dμ/dη at ε (then the general formulas, from [`link`]).
#[inline(always)]
fn working(family: Family, y: f64, w: f64, eta: f64) -> (f64, f64, f64) {
    const THRESH: f64 = 36.043_653_389_117_15;
    match family {
        Family::Gaussian => (w, w * (y - eta), eta),
        Family::Binomial if eta.abs() <= THRESH => {
            let e = eta.exp();
            let q = 1.0 / (1.0 + e);
            let mu = e * q;
            (w * mu * q, w * (y - mu), mu)
        }
        Family::Poisson => {
            let mu = eta.exp().max(f64::EPSILON);
            (w * mu, w * (y - mu), mu)
        }
        Family::Binomial => {
            let (mu, d, v) = link(family, eta);
            let working = w * d * d / v;
            (working, working * (y - mu) / d, mu)
        }
    }
}

/// One linear predictor η's pass over the rows (rows of weight 0 at η = 0, as R leaves
/// them out of the fit): it adds up the normal equations of the next iteration,
/// A = Σ working·x xᵀ and b = Σ working·x z with working responses z = η + residual, and
/// counts the rows with fitted probabilities of 0 or 1. Nothing is kept per row: a pass
/// reads the model's columns and writes nothing back.
#[derive(Default)]
struct Pass {
    /// A (p × p, both triangles) and b.
    a: Vec<f64>,
    b: Vec<f64>,
    /// Rows of positive weight with μ within 10 ε of 0 or 1 (see [`separation`]).
    extreme: usize,
}

impl Pass {
    /// The pass at `at`, on the matrix's threads, tile by tile: the tile's rows of X (from
    /// the columns), η, the rows' working values, then the tile's share of the normal
    /// equations while it is in cache.
    fn at(m: &Matrix, w: &[f64], family: Family, at: At) -> Pass {
        let (p, n) = (m.p, m.n());
        let mut pass = by_row_runs(
            n,
            m.threads,
            RUNS_PER_THREAD * m.threads,
            |run| {
                let mut sums = Sums::new(p);
                let mut start = run.start;
                while start < run.end {
                    let end = (start + TILE).min(run.end);
                    sums.add(m, start..end, w, family, at);
                    start = end;
                }
                sums.done()
            },
            |t, part| {
                for (x, y) in t.a.iter_mut().zip(part.a) {
                    *x += y;
                }
                for (x, y) in t.b.iter_mut().zip(part.b) {
                    *x += y;
                }
                t.extreme += part.extreme;
            },
        );
        if pass.a.len() != p * p {
            pass.a = vec![0.0; p * p];
        }
        if pass.b.len() != p {
            pass.b = vec![0.0; p];
        }
        // The product is symmetric up to rounding; keep R's upper triangle on both sides.
        for r in 0..p {
            for c in 0..r {
                pass.a[r * p + c] = pass.a[c * p + r];
            }
        }
        pass
    }
}

/// A run's sums of a [`Pass`], with its scratch for one tile.
struct Sums {
    p: usize,
    a: ndarray::Array2<f64>,
    b: Vec<f64>,
    extreme: usize,
    xt: Vec<f64>,
    wx: Vec<f64>,
    eta: Vec<f64>,
    work: Vec<f64>,
    wz: Vec<f64>,
    score: Vec<f64>,
}

impl Sums {
    fn new(p: usize) -> Sums {
        Sums {
            p,
            a: ndarray::Array2::zeros((p, p)),
            b: vec![0.0; p],
            extreme: 0,
            xt: vec![0.0; TILE * p],
            wx: vec![0.0; TILE * p],
            eta: vec![0.0; TILE],
            work: vec![0.0; TILE],
            wz: vec![0.0; TILE],
            score: vec![0.0; TILE],
        }
    }

    /// Adds a tile of at most [`TILE`] of the fit's rows. Its X (column by column) is left
    /// in `xt` and each row's score factor in `score`: working weight × working residual,
    /// w·(dμ/dη)²/V(μ) · (y − μ)/(dμ/dη), the factor of xᵢ in the row's score Uᵢ (0 for
    /// a row of weight 0).
    fn add(&mut self, m: &Matrix, tile: std::ops::Range<usize>, w: &[f64], family: Family, at: At) {
        let (p, t) = (self.p, tile.len());
        let y = &m.y[..];
        let eps = 10.0 * f64::EPSILON;
        let xt = &mut self.xt[..t * p];
        m.tile(tile.clone(), xt);
        let eta = &mut self.eta[..t];
        linear_predictor(&y[tile.clone()], xt, family, at, eta);
        for (r, i) in tile.enumerate() {
            let wi = w[i];
            if wi == 0.0 {
                self.work[r] = 0.0;
                self.wz[r] = 0.0;
                self.score[r] = 0.0;
                continue;
            }
            let (wk, sc, mu) = working(family, y[i], wi, eta[r]);
            self.work[r] = wk;
            self.score[r] = sc;
            self.wz[r] = wk * eta[r] + sc;
            self.extreme += usize::from(wi > 0.0 && (mu < eps || mu > 1.0 - eps));
        }
        add_tile(
            xt,
            p,
            &self.work[..t],
            &self.wz[..t],
            &mut self.wx,
            &mut self.a,
            &mut self.b,
        );
    }

    fn done(self) -> Pass {
        Pass {
            a: self.a.into_raw_vec_and_offset().0,
            b: self.b,
            extreme: self.extreme,
        }
    }
}

/// η of a tile's rows: xᵢᵀβ from the tile's X (column by column), or at the family's
/// starting mean for the response (R's `mustart` with unit prior weights: the fit is run
/// to convergence, so only the path depends on it).
fn linear_predictor(y: &[f64], xt: &[f64], family: Family, at: At, eta: &mut [f64]) {
    match at {
        At::Beta(beta) => {
            eta.fill(0.0);
            for (col, &b) in xt.chunks_exact(eta.len()).zip(beta) {
                for (e, x) in eta.iter_mut().zip(col) {
                    *e += b * x;
                }
            }
        }
        At::Start => {
            for (e, &y) in eta.iter_mut().zip(y) {
                *e = match family {
                    Family::Gaussian => y,
                    Family::Binomial => {
                        let mu = (y + 0.5) / 2.0;
                        (mu / (1.0 - mu)).ln()
                    }
                    Family::Poisson => (y + 0.1).ln(),
                };
            }
        }
    }
}

/// A column that is a linear combination of earlier ones: its index and the earlier
/// columns in the combination.
#[derive(Debug)]
pub(crate) struct Aliased {
    pub(crate) column: usize,
    pub(crate) with: Vec<usize>,
}

/// Cholesky factor of a symmetric positive definite matrix, on its correlation scale
/// (pivots below 1e-11 mean a column is, to double precision, a combination of earlier
/// ones).
pub(super) fn cholesky(a: &[f64], p: usize) -> std::result::Result<Vec<f64>, Aliased> {
    let d: Vec<f64> = (0..p).map(|i| a[i * p + i].max(0.0).sqrt()).collect();
    let mut l = vec![0.0; p * p];
    for j in 0..p {
        if d[j] == 0.0 {
            return Err(Aliased {
                column: j,
                with: vec![],
            });
        }
        let mut s = a[j * p + j] / (d[j] * d[j]);
        for k in 0..j {
            s -= l[j * p + k] * l[j * p + k];
        }
        if !(s > 1e-11) {
            // Solve for the combination of earlier columns that reproduces column j.
            let rhs: Vec<f64> = (0..j).map(|i| a[i * p + j] / (d[i] * d[j])).collect();
            let c = solve_lower_upper(&l, p, j, &rhs);
            let with = (0..j).filter(|&i| c[i].abs() > 1e-6).collect();
            return Err(Aliased { column: j, with });
        }
        let ljj = s.sqrt();
        l[j * p + j] = ljj;
        for i in (j + 1)..p {
            let mut s = a[i * p + j] / (d[i] * d[j]);
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            l[i * p + j] = s / ljj;
        }
    }
    // Undo the scaling: A = D L Lᵀ D.
    for i in 0..p {
        for j in 0..=i {
            l[i * p + j] *= d[i];
        }
    }
    Ok(l)
}

/// Solves (L Lᵀ) c = rhs with the leading m × m block of L.
pub(super) fn solve_lower_upper(l: &[f64], p: usize, m: usize, rhs: &[f64]) -> Vec<f64> {
    let mut v = rhs.to_vec();
    for i in 0..m {
        for k in 0..i {
            v[i] -= l[i * p + k] * v[k];
        }
        v[i] /= l[i * p + i];
    }
    for i in (0..m).rev() {
        for k in (i + 1)..m {
            v[i] -= l[k * p + i] * v[k];
        }
        v[i] /= l[i * p + i];
    }
    v
}

fn inverse(l: &[f64], p: usize) -> Vec<f64> {
    let mut inv = vec![0.0; p * p];
    for j in 0..p {
        let mut e = vec![0.0; p];
        e[j] = 1.0;
        let c = solve_lower_upper(l, p, p, &e);
        for i in 0..p {
            inv[i * p + j] = c[i];
        }
    }
    inv
}

/// The converged fit.
pub(crate) struct Fit {
    pub(crate) beta: Vec<f64>,
    pub(crate) iterations: u32,
}

/// Rows from which a fit first finds its starting coefficients on a sample of the rows.
const WARM_START_ROWS: usize = 1 << 17;

/// IRLS to convergence (see [`newton`]), from `start` (or the family's usual starting
/// means). A fit of [`WARM_START_ROWS`] rows or more without `start` first runs IRLS on a
/// sample of a sixteenth of its rows ([`Matrix::sample`]) until its steps are below 1e-2, and starts
/// from there: a sample's pass costs a sixteenth of a full one, and the full fit starts
/// within the sample's error of its solution instead of at the starting means, which saves
/// it about two passes. The converged coefficients do not depend on the start (a
/// generalised linear model with a canonical link has one maximum); a sample that cannot be
/// fitted (a level missing from it, separation) leaves the usual start.
pub(crate) fn irls(
    m: &Matrix,
    w: &[f64],
    family: Family,
    start: Option<&[f64]>,
    max_iterations: u32,
    what: &str,
) -> Result<Fit> {
    let warm = match start {
        None if m.n() >= WARM_START_ROWS => {
            let (sample, sw) = m.sample(w);
            newton(&sample, &sw, family, None, 25, Goal::Near, what)
                .ok()
                .map(|(fit, _)| fit.beta)
        }
        _ => None,
    };
    let start = start.or(warm.as_deref());
    let goal = Goal::Converged;
    let (fit, extreme) = newton(m, w, family, start, max_iterations, goal, what)?;
    if family == Family::Binomial {
        separation(m, w, extreme, &fit.beta, what)?;
    }
    Ok(fit)
}

/// How far [`newton`] goes.
#[derive(Clone, Copy, PartialEq)]
enum Goal {
    /// To convergence.
    Converged,
    /// Until a step moves no coefficient by more than 1e-2 (relative): a start for a fit
    /// on more rows.
    Near,
}

/// The IRLS (Newton–Raphson, for a canonical link) iterations. Each pass at coefficients β
/// gives the normal equations whose solution β′ is the next iterate; the step is the
/// largest relative change |β′ⱼ − βⱼ| / (|β′ⱼ| + 1e-8). Near the solution Newton's error
/// squares at each step, e′ ≈ C·e², and the step is about the error of β, so β′ is within
/// about C·step² of the solution, with C estimated from the last two steps (step / last
/// step², at least 1). The fit is converged, and β′ returned, when that bound is below
/// 1e-12 in every coefficient; or when the step is below 1e-15; or when steps below 1e-10
/// stop shrinking (IRLS then sits at its floating-point fixed point, where an
/// ill-conditioned model's coefficients may jitter from one solve to the next). No pass is
/// run at β′ here: the sandwich variance makes one, for A and the scores at β′. Also the
/// rows with fitted probabilities of 0 or 1 in the last pass ([`separation`]).
fn newton(
    m: &Matrix,
    w: &[f64],
    family: Family,
    start: Option<&[f64]>,
    max_iterations: u32,
    goal: Goal,
    what: &str,
) -> Result<(Fit, usize)> {
    let p = m.p;
    let mut beta: Option<Vec<f64>> = start.map(<[f64]>::to_vec);
    let start = beta.as_deref().map_or(At::Start, At::Beta);
    let mut pass = Pass::at(m, w, family, start);
    let mut last_step = f64::INFINITY;
    for iteration in 1..=max_iterations {
        let l = cholesky(&pass.a, p).map_err(|al| aliased(m, &al, what))?;
        let next = solve_lower_upper(&l, p, p, &pass.b);
        if !next.iter().all(|b| b.is_finite()) {
            break;
        }
        let step = beta.as_ref().map_or(f64::INFINITY, |b| {
            next.iter()
                .zip(b)
                .map(|(a, b)| (a - b).abs() / (a.abs() + 1e-8))
                .fold(0.0, f64::max)
        });
        let done = match goal {
            Goal::Near => step < 1e-2,
            Goal::Converged => {
                let c = (step / (last_step * last_step)).max(1.0);
                c * step * step < 1e-12 || step < 1e-15 || (step < 1e-10 && step > last_step / 2.0)
            }
        };
        if done {
            let fit = Fit {
                beta: next,
                iterations: iteration,
            };
            return Ok((fit, pass.extreme));
        }
        last_step = step;
        pass = Pass::at(m, w, family, At::Beta(&next));
        beta = Some(next);
    }
    if family == Family::Binomial && goal == Goal::Converged {
        let beta = beta.unwrap_or_else(|| vec![0.0; p]);
        separation(m, w, pass.extreme, &beta, what)?;
    }
    Err(Error::new(ErrorKind::NotConverged {
        what: format!("IRLS fit of {what}"),
        iterations: max_iterations,
        largest_error: last_step,
        tolerance: 1e-12,
    }))
}

fn aliased(m: &Matrix, al: &Aliased, what: &str) -> Error {
    let reason = if al.with.is_empty() {
        format!(
            "column \"{}\" is zero in every row of the fit: its coefficient cannot be estimated",
            m.names[al.column]
        )
    } else {
        format!(
            "column \"{}\" is a linear combination of {} (rank deficient: drop one of them)",
            m.names[al.column],
            al.with
                .iter()
                .map(|&c| format!("\"{}\"", m.names[c]))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Error::new(ErrorKind::Degenerate {
        what: what.to_string(),
        reason,
    })
}

/// Fitted probabilities of 0 or 1 (R's warning threshold, 10 machine epsilons) in `rows`
/// rows of positive weight (counted by the last pass, [`AtEta`]): perfect or
/// quasi-complete separation, where the likelihood has no maximum. Names the columns whose
/// coefficients move the log-odds by more than 15 over their range in the fit.
fn separation(m: &Matrix, w: &[f64], rows: usize, beta: &[f64], what: &str) -> Result<()> {
    if rows == 0 {
        return Ok(());
    }
    let p = m.p;
    let mut flagged = Vec::new();
    let mut row = vec![0.0; p];
    for c in 0..p {
        if m.term_of[c].is_none() {
            continue;
        }
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in (0..w.len()).filter(|&i| w[i] > 0.0) {
            m.tile(i..i + 1, &mut row);
            lo = lo.min(row[c]);
            hi = hi.max(row[c]);
        }
        if (beta[c] * (hi - lo)).abs() > 15.0 {
            flagged.push(format!("\"{}\"", m.names[c]));
        }
    }
    let terms = if flagged.is_empty() {
        "the columns involved could not be singled out".to_string()
    } else {
        format!("coefficients growing without bound: {}", flagged.join(", "))
    };
    Err(Error::new(ErrorKind::Degenerate {
        what: what.to_string(),
        reason: format!(
            "perfect or quasi-complete separation: fitted probabilities of 0 or 1 in {rows} rows ({terms})"
        ),
    }))
}

impl Design {
    /// Fits a survey-weighted generalised linear model (R `svyglm`) and estimates the
    /// coefficients' design-based variance.
    ///
    /// # Formula
    /// The coefficients β solve the weighted score equations Σᵢ wᵢ xᵢ (yᵢ − μᵢ) = 0 with
    /// μᵢ = g⁻¹(xᵢᵀβ) (canonical links: identity, logit, log), fitted by iteratively
    /// reweighted least squares (Newton–Raphson) to convergence: until the next iterate is
    /// within 1e-12 (relative) of the solution in every coefficient, judged from Newton's
    /// squaring of the error at each step, or IRLS reaches its floating-point fixed point.
    /// A fit of 131,072 rows or more starts from a fit on a sixteenth of them. The working
    /// weights and scores are taken at the coefficients returned. Their variance is the
    /// sandwich
    ///
    /// ```text
    /// V = A⁻¹ · Var_design(Σᵢ Uᵢ) · A⁻¹,   A = Σᵢ wᵢ μ'ᵢ xᵢ xᵢᵀ,   Uᵢ = wᵢ xᵢ (yᵢ − μᵢ)
    /// ```
    ///
    /// with Var_design the design's Taylor-linearisation variance of a total (strata, PSUs,
    /// FPC, lonely-PSU policy; influence values residualised on the margins of a raked
    /// design), or the replicate variance of the refitted coefficients for a replicate
    /// design. t tests and intervals use the residual degrees of freedom
    /// `degf(design) + 1 − p` (p coefficients), and the Wald F test of q coefficients is
    /// βᵀV⁻¹β / q on (q, `degf(design) + 1 − p`) degrees of freedom.
    ///
    /// # Matches R
    /// `summary(svyglm(y ~ a + b, design, family = quasibinomial(), control =
    /// glm.control(epsilon = 1e-14, maxit = 100)))$coefficients`, `confint()` of the same fit
    /// and `regTermTest(fit, ~a)` (method `"Wald"`), at a relative 1e-8: see
    /// `tests/reference/survey/regress/`. R's default `glm.control(epsilon = 1e-8)` can stop
    /// IRLS about 1e-5 (relative) short of the converged coefficients; yoron always
    /// converges, so compare with the tighter control, run again from its own coefficients
    /// (`start = coef(fit)`) so that R's working weights are those at the solution (R takes
    /// them from the iterate before the last). Replicate designs match `svyglm` on an
    /// `svrepdesign`. A domain is R's `subset(design, ...)`:
    /// rows outside contribute nothing to the fit but keep their place in the strata and PSUs.
    ///
    /// # References
    /// Binder, D. A. (1983). On the variances of asymptotically normal estimators from complex
    /// surveys. *International Statistical Review* 51, 279–292.
    /// Lumley, T. and Scott, A. (2017). Fitting regression models to survey data. *Statistical
    /// Science* 32, 265–278.
    ///
    /// # Errors
    /// A model column not read or not numeric where it must be; a missing value in a
    /// row of the fit (unless [`Model::na_rm`]); a response outside the family's range;
    /// an unknown domain or reference level; a level with no rows in the fit; more than
    /// [`MAX_COEFFICIENTS`] coefficients; a rank-deficient model matrix (naming the
    /// columns); separation in a logistic model (naming the coefficients); IRLS not
    /// converging in [`Model::max_iterations`] (100 by default).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Model, Respondents};
    /// let csv = "y,x,st\n1,1,a\n3,2,a\n2,3,a\n5,4,b\n4,5,b\n6,6,b\n";
    /// let model = Model::formula("y ~ x")?;
    /// let spec = DesignSpec::new().strata("st");
    /// let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&model.columns()))?;
    /// let fit = spec.build(data)?.regress(&model)?;
    /// let slope = &fit.coefficients()[1];
    /// assert!((slope.estimate() - 31.0 / 35.0).abs() < 1e-12); // Sxy / Sxx = 15.5 / 17.5
    /// assert_eq!(slope.df(), 3); // 6 rows − 2 strata + 1 − 2 coefficients
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn regress(&self, model: &Model) -> Result<Regression> {
        let what = format!("regression \"{}\"", model.formula.text);
        let m = matrix(self, model)?;
        let n = self.n_rows();
        let p = m.p;
        // Rows outside the fit weigh 0 (a fresh column only when there are some: a
        // million-row column is a few milliseconds of page faults).
        let w: Cow<[f64]> = if m.all_in {
            Cow::Borrowed(&self.weights)
        } else {
            (0..n)
                .map(|i| if m.inset[i] { self.weights[i] } else { 0.0 })
                .collect()
        };
        let fit = irls(&m, &w, model.family, None, model.max_iterations, &what)?;
        let (cov, df_design) = match &self.replicates {
            Some(rep) => {
                let mut betas = Vec::with_capacity(rep.r);
                for r in 0..rep.r {
                    let rw = rep.replicate(r);
                    let wr: Vec<f64> = (0..n)
                        .map(|i| if m.inset[i] { rw[i] } else { 0.0 })
                        .collect();
                    let f = irls(
                        &m,
                        &wr,
                        model.family,
                        Some(&fit.beta),
                        model.max_iterations,
                        &format!("{what} (replicate {})", r + 1),
                    )?;
                    betas.push(f.beta);
                }
                // R's svyglm on an svrepdesign: the replicates' covariance of the
                // refitted coefficients, as every replicate estimate.
                let cov = rep.covariance(&betas, &fit.beta);
                (cov, rep.df)
            }
            None => self.taylor_covariance(&m, &fit, &w, model.family, &what)?,
        };
        Ok(Regression::new(
            model,
            m.names,
            m.term_of,
            fit.beta,
            cov,
            df_design + 1 - p as i64,
            m.inset.iter().filter(|s| **s).count() as u64,
            fit.iterations,
        ))
    }

    /// R `svy.varcoef`: the design variance of the rows' A⁻¹Uᵢ at the fitted
    /// coefficients, and `degf()` of the rows in the fit (PSUs − strata among them). The
    /// variance (and a raked design's residualisation) is linear in the influence values,
    /// so it is taken of Uᵢ (p numbers per row) and A⁻¹ is applied once to the p × p
    /// result: A⁻¹ Var(ΣUᵢ) A⁻¹. A = Σ working·x xᵀ at the fitted coefficients comes from
    /// the same pass over the rows as the Uᵢ.
    fn taylor_covariance(
        &self,
        m: &Matrix,
        fit: &Fit,
        w: &[f64],
        family: Family,
        what: &str,
    ) -> Result<(Vec<f64>, i64)> {
        let layout = &self.layout;
        let (n, p) = (self.n_rows(), m.p);
        // Uᵢ = xᵢ · score factor, column by column; the tile's share of A is added to the
        // thread's sums on the way.
        let influence = |rows: std::ops::Range<usize>, out: &mut [f64], sums: &mut Sums| {
            let t = rows.len();
            sums.add(m, rows, w, family, At::Beta(&fit.beta));
            for (col, x) in out.chunks_exact_mut(t).zip(sums.xt.chunks_exact(t)) {
                for ((o, x), s) in col.iter_mut().zip(x).zip(&sums.score) {
                    *o = x * s;
                }
            }
        };
        let state = || Sums::new(p);
        // The fit's rows are a domain of the design (R's `subset` keeps the design): its
        // df (PSUs − strata among them) and the strata it is present in.
        let facts = if m.all_in {
            self.whole_facts()
        } else {
            let code: Vec<u32> = m.inset.iter().map(|&s| u32::from(!s)).collect();
            self.facts_of(&code, 1).swap_remove(0)
        };
        let df = facts.df;
        let (cov, sums) = match &self.raking {
            Some(rk) => {
                let nc = rk.n_combos;
                let mut s = vec![0.0; nc * p];
                let mut tile = vec![0.0; INFLUENCE_TILE * p];
                let mut scratch = state();
                for start in (0..n).step_by(INFLUENCE_TILE) {
                    let rows = start..(start + INFLUENCE_TILE).min(n);
                    let t = rows.len();
                    influence(rows.clone(), &mut tile[..t * p], &mut scratch);
                    for (r, i) in rows.enumerate() {
                        let c = rk.combo[i] as usize;
                        for j in 0..p {
                            s[c * p + j] += tile[j * t + r] / self.weights[i];
                        }
                    }
                }
                let h = rk.row_adjustment(p, &s);
                row_covariance(layout, p, &facts.presence, state, |rows, out, sums| {
                    let t = rows.len();
                    influence(rows.clone(), out, sums);
                    for (j, col) in out.chunks_exact_mut(t).enumerate() {
                        for (x, i) in col.iter_mut().zip(rows.clone()) {
                            *x -= self.weights[i] * h[rk.combo[i] as usize * p + j];
                        }
                    }
                })
            }
            None => row_covariance(layout, p, &facts.presence, state, influence),
        };
        let mut a = vec![0.0; p * p];
        for part in sums {
            for (x, y) in a.iter_mut().zip(part.done().a) {
                *x += y;
            }
        }
        for r in 0..p {
            for c in 0..r {
                a[r * p + c] = a[c * p + r];
            }
        }
        let l = cholesky(&a, p).map_err(|al| aliased(m, &al, what))?;
        let a = inverse(&l, p);
        // A⁻¹ · cov · A⁻¹ (A⁻¹ symmetric).
        let mut half = vec![0.0; p * p];
        for r in 0..p {
            for c in 0..p {
                half[r * p + c] = (0..p).map(|k| a[r * p + k] * cov[k * p + c]).sum();
            }
        }
        let mut out = vec![0.0; p * p];
        for r in 0..p {
            for c in 0..p {
                out[r * p + c] = (0..p).map(|k| half[r * p + k] * a[k * p + c]).sum();
            }
        }
        Ok((out, df))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_names_the_columns_of_a_combination() {
        // Columns 1, x, 2 + 3x (column by column): the third is 2·col0 + 3·col1.
        let x = [1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 2.0, 5.0, 2.0, 5.0, 8.0, 17.0];
        let xtwx = |w: &[f64]| {
            let mut a = ndarray::Array2::zeros((3, 3));
            let (mut wx, mut b) = (vec![0.0; 12], vec![0.0; 3]);
            add_tile(&x, 3, w, &[0.0; 4], &mut wx, &mut a, &mut b);
            a.into_raw_vec_and_offset().0
        };
        let al = cholesky(&xtwx(&[1.0; 4]), 3).unwrap_err();
        assert_eq!((al.column, al.with), (2, vec![0, 1]));
        assert!(cholesky(&xtwx(&[1.0, 1.0, 0.0, 0.0]), 3).is_err());
    }

    #[test]
    fn fits_above_the_threading_threshold_keep_every_row_in_place() {
        // Made-up data, more rows than one thread takes (200 000), so the matrix and the
        // IRLS passes are split over threads where the machine has several cores:
        // y = 1 + 2x + 3·[g = b] exactly, with x missing in some rows (dropped) and a
        // domain. A row built, weighted or summed out of place would move the coefficients
        // off 1, 2, 3 or change the count of rows in the fit.
        use crate::weight::{DesignSpec, Model, Respondents};
        let n = 250_003;
        let mut csv = String::from("y,x,g,c\n");
        let mut in_fit = 0;
        for i in 0..n {
            let x = (i % 97) as f64 / 8.0;
            let b = i % 3 == 1;
            let y = 1.0 + 2.0 * x + if b { 3.0 } else { 0.0 };
            let missing = i % 1000 == 7;
            let kr = i % 11 == 5;
            in_fit += u64::from(!missing && !kr);
            let xs = if missing {
                String::new()
            } else {
                x.to_string()
            };
            let (g, c) = (if b { "b" } else { "a" }, if kr { "KR" } else { "JP" });
            csv.push_str(&format!("{y},{xs},{g},{c}\n"));
        }
        let model = Model::formula("y ~ x + g")
            .unwrap()
            .domain("c", "JP")
            .na_rm(true);
        let data = Respondents::from_csv_reader(csv.as_bytes(), &model.columns()).unwrap();
        let fit = DesignSpec::new()
            .build(data)
            .unwrap()
            .regress(&model)
            .unwrap();
        let got: Vec<f64> = fit.coefficients().iter().map(|c| c.estimate()).collect();
        assert_eq!(got.len(), 3);
        for (g, want) in got.iter().zip([1.0, 2.0, 3.0]) {
            assert!((g - want).abs() < 1e-9, "{got:?}");
        }
        assert_eq!(fit.n(), in_fit);
    }

    #[test]
    fn logit_link_is_held_as_r_holds_it() {
        // R: binomial()$linkinv(40) is 1 / (1 + .Machine$double.eps), $mu.eta(40) is eps.
        let (mu, d, _) = link(Family::Binomial, 40.0);
        assert_eq!(mu, (1.0 / f64::EPSILON) / (1.0 + 1.0 / f64::EPSILON));
        assert_eq!(d, f64::EPSILON);
        let (mu, d, v) = link(Family::Binomial, 0.0);
        assert_eq!((mu, d, v), (0.5, 0.25, 0.25));
        let (mu, d, v) = link(Family::Poisson, 1.0);
        assert_eq!((mu, d, v), (1f64.exp(), 1f64.exp(), 1f64.exp()));
    }

    #[test]
    fn working_values_are_the_general_formulas_of_r_families() {
        // The canonical-link shortcut (working weight w·V(μ), score factor w·(y − μ)) against
        // the general w·μ'²/V(μ) and (y − μ)/μ' from R's link functions ([`link`]), inside
        // and beyond R's logit clamp and Poisson's floor. R's V(μ) = μ(1 − μ) rounds 1 − μ
        // to a multiple of ε/2 near μ = 1, so values agree to 1e-14 (relative) or a few
        // w·ε (absolute), whichever is larger.
        let w = 2.5;
        for family in [Family::Gaussian, Family::Binomial, Family::Poisson] {
            for eta in [-800.0, -40.0, -36.0, -3.0, -0.1, 0.0, 0.7, 5.0, 36.0, 40.0] {
                if family == Family::Poisson && eta > 5.0 {
                    continue;
                }
                let y = if family == Family::Poisson { 3.0 } else { 1.0 };
                let (mu, d, v) = link(family, eta);
                let want_work = w * d * d / v;
                let want_score = want_work * (y - mu) / d;
                let (work, score, m) = working(family, y, w, eta);
                let close =
                    |a: f64, b: f64| (a - b).abs() <= (1e-14 * b.abs()).max(4.0 * w * f64::EPSILON);
                assert!(close(m, mu), "{family:?} at {eta}: μ {m} vs {mu}");
                assert!(
                    close(work, want_work),
                    "{family:?} at {eta}: {work} vs {want_work}"
                );
                assert!(
                    close(score, want_score),
                    "{family:?} at {eta}: {score} vs {want_score}"
                );
            }
        }
    }

    /// A logistic model on `n` rows of made-up data (a numeric and a three-level
    /// predictor, answers drawn from known log-odds by a fixed generator).
    fn logistic_rows(n: usize) -> (Design, Model) {
        use crate::weight::{DesignSpec, Respondents};
        let mut csv = String::from("y,x,g\n");
        let mut state: u64 = 20_261_206;
        let mut uniform = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..n {
            let x = uniform() * 4.0 - 2.0;
            let g = ["a", "b", "c"][(uniform() * 3.0) as usize % 3];
            let eta = 0.3 + 0.8 * x + if g == "b" { -0.5 } else { 0.0 };
            let y = u8::from(uniform() < 1.0 / (1.0 + (-eta).exp()));
            csv.push_str(&format!("{y},{x},{g}\n"));
        }
        let model = Model::formula("y ~ x + g")
            .unwrap()
            .family(Family::Binomial);
        let data = Respondents::from_csv_reader(csv.as_bytes(), &model.columns()).unwrap();
        (DesignSpec::new().build(data).unwrap(), model)
    }

    #[test]
    fn a_warm_started_fit_ends_at_the_fixed_point_of_a_cold_one() {
        // Above WARM_START_ROWS the fit starts from its sample's coefficients. It must end
        // where a fit from R's starting means ends, in fewer full passes, and at a fixed
        // point: one more IRLS step from the returned coefficients moves none of them by
        // more than 1e-12 (relative), whatever rule stopped the iterations.
        let (design, model) = logistic_rows(WARM_START_ROWS + 5_000);
        let m = matrix(&design, &model).unwrap();
        let w = design.weights().to_vec();
        let warm = irls(&m, &w, Family::Binomial, None, 100, "t").unwrap();
        let goal = Goal::Converged;
        let (cold, _) = newton(&m, &w, Family::Binomial, None, 100, goal, "t").unwrap();
        assert!(
            warm.iterations < cold.iterations,
            "{} vs {}",
            warm.iterations,
            cold.iterations
        );
        for (a, b) in warm.beta.iter().zip(&cold.beta) {
            assert!(
                (a - b).abs() <= 1e-12 * b.abs(),
                "{:?} vs {:?}",
                warm.beta,
                cold.beta
            );
        }
        let pass = Pass::at(&m, &w, Family::Binomial, At::Beta(&warm.beta));
        let l = cholesky(&pass.a, m.p).unwrap();
        let next = solve_lower_upper(&l, m.p, m.p, &pass.b);
        for (a, b) in next.iter().zip(&warm.beta) {
            assert!(
                (a - b).abs() <= 1e-12 * a.abs(),
                "{next:?} vs {:?}",
                warm.beta
            );
        }
        // The generating log-odds, within sampling error (about 0.01 here).
        for (b, want) in warm.beta.iter().zip([0.3, 0.8, -0.5, 0.0]) {
            assert!((b - want).abs() < 0.06, "{:?}", warm.beta);
        }
    }

    #[test]
    fn a_sample_is_runs_of_sixteen_rows_in_every_256() {
        // 700 rows with weights 0, 1, 2, …: the sample is rows 0–15, 256–271 and 512–527,
        // in order, each with its own values and weight.
        let (design, model) = logistic_rows(700);
        let m = matrix(&design, &model).unwrap();
        let w: Vec<f64> = (0..700).map(f64::from).collect();
        let (sample, sw) = m.sample(&w);
        let want: Vec<usize> = (0..700).filter(|i| i % 256 < 16).collect();
        assert_eq!(sample.n(), want.len());
        assert_eq!(sw, want.iter().map(|&i| i as f64).collect::<Vec<_>>());
        let (p, t) = (m.p, want.len());
        let mut tile = vec![0.0; t * p];
        sample.tile(0..t, &mut tile);
        let mut row = vec![0.0; p];
        for (r, &i) in want.iter().enumerate() {
            m.tile(i..i + 1, &mut row);
            for c in 0..p {
                assert_eq!(tile[c * t + r], row[c], "row {i} column {c}");
            }
            assert_eq!(sample.y[r], m.y[i], "row {i}");
        }
    }
}
