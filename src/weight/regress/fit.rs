//! The model matrix, the IRLS fit and the sandwich variance.

use std::borrow::Cow;

use super::formula::Formula;
use super::results::Regression;
use super::{Family, MAX_COEFFICIENTS, Model};
use crate::error::{Error, ErrorKind, Result};
use crate::weight::data::{BadList, ColumnData, MISSING, Respondents, has_text};
use crate::weight::design::Design;
use crate::weight::engine::{fill_by_row_chunks, row_covariance};

/// How one variable enters the model matrix.
enum Coding<'a> {
    Numeric(Cow<'a, [f64]>),
    Factor {
        codes: &'a [u32],
        /// Levels in model order (reference first).
        levels: Vec<String>,
        /// Data code → position in `levels`.
        order: Vec<usize>,
    },
}

/// The model matrix (row-major) and what the fit needs besides.
pub(crate) struct Matrix {
    pub(crate) names: Vec<String>,
    /// Term of each column (`None` for the intercept).
    pub(crate) term_of: Vec<Option<usize>>,
    pub(crate) x: Vec<f64>,
    pub(crate) p: usize,
    pub(crate) y: Vec<f64>,
    /// Whether each row is in the fit (in the domain, no missing value).
    pub(crate) inset: Vec<bool>,
}

/// Builds the model matrix, checking values and levels.
pub(crate) fn matrix(design: &Design, model: &Model) -> Result<Matrix> {
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
                    codes,
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
    let any_missing = |j: Option<usize>| {
        let values = match j {
            None => &y[..],
            Some(j) => match &codings[j] {
                Coding::Numeric(v) => &v[..],
                Coding::Factor { codes, .. } => {
                    return codes
                        .iter()
                        .zip(&inset)
                        .fold(false, |a, (&c, &s)| a | (s & (c == MISSING)));
                }
            },
        };
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
    // In tiles of rows, column by column within a tile (one match per part of a column
    // and tile, not per value), over all cores for large n. A value is the product of its
    // parts in order, 1 · a · b, and rows outside the fit stay zero.
    let mut x = vec![0.0; n * p];
    fill_by_row_chunks(
        n,
        [&mut x[..]],
        |rows, [x]| {
            const TILE: usize = 256;
            let mut start = rows.start;
            while start < rows.end {
                let end = (start + TILE).min(rows.end);
                let tile = &mut x[(start - rows.start) * p..(end - rows.start) * p];
                for (c, part) in parts.iter().enumerate() {
                    tile.chunks_exact_mut(p).for_each(|r| r[c] = 1.0);
                    for (j, l) in part {
                        match (&codings[*j], l) {
                            (Coding::Numeric(values), _) => {
                                for (r, v) in tile.chunks_exact_mut(p).zip(&values[start..end]) {
                                    r[c] *= v;
                                }
                            }
                            (Coding::Factor { codes, order, .. }, Some(l)) => {
                                for (r, &code) in tile.chunks_exact_mut(p).zip(&codes[start..end]) {
                                    // A row outside the fit may have no level (missing).
                                    let hit = order.get(code as usize) == Some(l);
                                    r[c] *= f64::from(u8::from(hit));
                                }
                            }
                            (Coding::Factor { .. }, None) => {}
                        }
                    }
                }
                for (r, s) in tile.chunks_exact_mut(p).zip(&inset[start..end]) {
                    if !s {
                        r.fill(0.0);
                    }
                }
                start = end;
            }
        },
        |_, _| {},
    );
    // A level with no rows in the fit gives a column of zeros: name it.
    for (j, coding) in codings.iter().enumerate() {
        if let Coding::Factor {
            codes,
            levels,
            order,
        } = coding
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
        names,
        term_of,
        x,
        p,
        y: y.into_owned(),
        inset,
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

/// One row's contribution to the deviance (R `family()$dev.resids`, weight `w`).
fn unit_deviance(family: Family, y: f64, w: f64, mu: f64) -> f64 {
    let ylogy = |a: f64, b: f64| if a > 0.0 { a * (a / b).ln() } else { 0.0 };
    match family {
        Family::Gaussian => w * (y - mu) * (y - mu),
        Family::Binomial => 2.0 * w * (ylogy(y, mu) + ylogy(1.0 - y, 1.0 - mu)),
        Family::Poisson => 2.0 * w * (ylogy(y, mu) - (y - mu)),
    }
}

/// Rows per tile of the normal equations: X tiles of 512 × p stay in the CPU's caches.
const TILE: usize = 512;

/// Adds one tile of rows (`xt`, row-major t × p) to the normal equations: Σ wᵢ xᵢ xᵢᵀ into
/// `a` (by a matrix product, `ndarray` on `matrixmultiply`, whose kernels use the CPU's
/// vector units) and Σ wᵢ xᵢ zᵢ into `b`. X holds finite values (rows outside the fit are
/// zeros), so rows of weight 0 add nothing. `wx` is scratch of at least t × p.
fn add_tile(
    xt: &[f64],
    p: usize,
    w: &[f64],
    z: &[f64],
    wx: &mut [f64],
    a: &mut ndarray::Array2<f64>,
    b: &mut [f64],
) {
    use ndarray::{ArrayView2, linalg::general_mat_mul};
    let t = w.len();
    // Row by row, each row's p values at once (the CPU's vector units, no index checks).
    for ((xr, wr), (&wi, &zi)) in xt
        .chunks_exact(p)
        .zip(wx.chunks_exact_mut(p))
        .zip(w.iter().zip(z))
    {
        for ((v, &x), bc) in wr.iter_mut().zip(xr).zip(b.iter_mut()) {
            *v = wi * x;
            *bc += *v * zi;
        }
    }
    match (
        ArrayView2::from_shape((t, p), xt),
        ArrayView2::from_shape((t, p), &wx[..t * p]),
    ) {
        (Ok(xv), Ok(wv)) => general_mat_mul(1.0, &xv.t(), &wv, 1.0, a),
        // The shapes always fit the tiles; were they refused, the plain sums.
        _ => {
            for i in 0..t {
                for r in 0..p {
                    for c in 0..p {
                        a[[r, c]] += xt[i * p + r] * wx[i * p + c];
                    }
                }
            }
        }
    }
}

/// One linear predictor η's pass over the rows (rows of weight 0 at η = 0, as R leaves
/// them out of the fit). Per row it keeps only the score factor working weight × working
/// residual, w·(dμ/dη)²/V(μ) · (y − μ)/(dμ/dη), which is what the sandwich variance needs;
/// over the rows it adds up the deviance, the rows with fitted probabilities of 0 or 1, and
/// the normal equations of the next iteration, A = Σ working·x xᵀ and b = Σ working·x z
/// with working responses z = η + residual. The per-row buffer is kept from one IRLS
/// iteration to the next and filled in place.
struct AtEta {
    score: Vec<f64>,
    deviance: f64,
    /// Rows of positive weight with μ within 10 ε of 0 or 1 (see [`separation`]).
    extreme: usize,
    /// A (p × p, both triangles) and b.
    a: Vec<f64>,
    b: Vec<f64>,
}

/// What one run of rows adds up.
#[derive(Default)]
struct Sums {
    a: Vec<f64>,
    b: Vec<f64>,
    deviance: f64,
    extreme: usize,
}

impl AtEta {
    fn new(n: usize) -> AtEta {
        AtEta {
            score: vec![0.0; n],
            deviance: 0.0,
            extreme: 0,
            a: Vec::new(),
            b: Vec::new(),
        }
    }

    /// One pass over the rows at η (`eta(i)` for row i), over all cores for large n, tile
    /// by tile: the rows' values, then the tile's share of the normal equations while its
    /// rows of X are in cache. At a million rows this pass is an IRLS iteration.
    fn fill(
        &mut self,
        x: &[f64],
        p: usize,
        y: &[f64],
        w: &[f64],
        family: Family,
        eta: impl Fn(usize) -> f64 + Sync,
    ) {
        let n = w.len();
        let eps = 10.0 * f64::EPSILON;
        let sums = fill_by_row_chunks(
            n,
            [&mut self.score[..]],
            |rows, [score]| {
                let mut a = ndarray::Array2::<f64>::zeros((p, p));
                let mut b = vec![0.0; p];
                let (mut deviance, mut extreme) = (0.0, 0);
                let mut wx = vec![0.0; TILE * p];
                let (mut working, mut z) = ([0.0; TILE], [0.0; TILE]);
                let mut start = rows.start;
                while start < rows.end {
                    let end = (start + TILE).min(rows.end);
                    for i in start..end {
                        let (k, t) = (i - rows.start, i - start);
                        let wi = w[i];
                        let e = if wi == 0.0 { 0.0 } else { eta(i) };
                        let (m, d, v) = link(family, e);
                        if wi == 0.0 {
                            score[k] = 0.0;
                            working[t] = 0.0;
                            z[t] = 0.0;
                            continue;
                        }
                        let r = (y[i] - m) / d;
                        working[t] = wi * d * d / v;
                        score[k] = working[t] * r;
                        z[t] = e + r;
                        if wi > 0.0 {
                            deviance += unit_deviance(family, y[i], wi, m);
                            extreme += usize::from(m < eps || m > 1.0 - eps);
                        }
                    }
                    add_tile(
                        &x[start * p..end * p],
                        p,
                        &working[..end - start],
                        &z[..end - start],
                        &mut wx,
                        &mut a,
                        &mut b,
                    );
                    start = end;
                }
                Sums {
                    a: a.into_raw_vec_and_offset().0,
                    b,
                    deviance,
                    extreme,
                }
            },
            |t, part| {
                for (x, y) in t.a.iter_mut().zip(part.a) {
                    *x += y;
                }
                for (x, y) in t.b.iter_mut().zip(part.b) {
                    *x += y;
                }
                t.deviance += part.deviance;
                t.extreme += part.extreme;
            },
        );
        let Sums {
            mut a,
            mut b,
            deviance,
            extreme,
        } = sums;
        if a.len() != p * p {
            a = vec![0.0; p * p];
        }
        if b.len() != p {
            b = vec![0.0; p];
        }
        // The product is symmetric up to rounding; keep R's upper triangle on both sides.
        for r in 0..p {
            for c in 0..r {
                a[r * p + c] = a[c * p + r];
            }
        }
        self.a = a;
        self.b = b;
        self.deviance = deviance;
        self.extreme = extreme;
    }
}

/// A column that is a linear combination of earlier ones: its index and the earlier
/// columns in the combination.
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
    /// Working weight wᵢ μ'ᵢ²/V(μᵢ) times working residual (yᵢ − μᵢ)/μ'ᵢ at the solution:
    /// the factor of xᵢ in the row's score Uᵢ.
    pub(crate) score: Vec<f64>,
    pub(crate) a_inv: Vec<f64>,
    pub(crate) iterations: u32,
}

/// IRLS to convergence, from `start` (or the family's usual starting means).
pub(crate) fn irls(
    m: &Matrix,
    w: &[f64],
    family: Family,
    start: Option<&[f64]>,
    max_iterations: u32,
    what: &str,
) -> Result<Fit> {
    let p = m.p;
    let y = &m.y;
    let row = |i: usize| &m.x[i * p..(i + 1) * p];
    let mut cur = AtEta::new(w.len());
    match start {
        Some(b) => cur.fill(&m.x, p, y, w, family, |i| dot(row(i), b)),
        None => cur.fill(&m.x, p, y, w, family, |i| match family {
            Family::Gaussian => y[i],
            Family::Binomial => {
                let mu = (y[i] + 0.5) / 2.0;
                (mu / (1.0 - mu)).ln()
            }
            Family::Poisson => (y[i] + 0.1).ln(),
        }),
    }
    let mut beta = vec![0.0; p];
    let mut dev_old = f64::INFINITY;
    let mut last_error = f64::INFINITY;
    for iter in 1..=max_iterations {
        let l = cholesky(&cur.a, p).map_err(|al| aliased(m, &al, what))?;
        let new = solve_lower_upper(&l, p, p, &cur.b);
        cur.fill(&m.x, p, y, w, family, |i| dot(row(i), &new));
        let dev = cur.deviance;
        let dev_change = (dev - dev_old).abs() / (dev.abs() + 0.1);
        let coef_change = new
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a - b).abs() / (a.abs() + 1e-8))
            .fold(0.0, f64::max);
        beta = new;
        dev_old = dev;
        // Converged when the deviance is stable and the coefficients are too, or when the
        // deviance has been stable for two iterations in a row: IRLS then sits at its
        // floating-point fixed point, where an ill-conditioned model's coefficients may
        // still jitter by more than 1e-12 from one solve to the next.
        let stable = dev_change < 1e-14;
        let converged = (stable && (coef_change < 1e-12 || last_error < 1e-14))
            || (iter > 1 && coef_change < 1e-15);
        last_error = dev_change;
        if converged {
            // Scores and A at the solution (from the same pass as μ).
            let AtEta {
                score, a, extreme, ..
            } = cur;
            let l = cholesky(&a, p).map_err(|al| aliased(m, &al, what))?;
            if family == Family::Binomial {
                separation(m, w, extreme, &beta, what)?;
            }
            return Ok(Fit {
                a_inv: inverse(&l, p),
                beta,
                score,
                iterations: iter,
            });
        }
    }
    if family == Family::Binomial {
        separation(m, w, cur.extreme, &beta, what)?;
    }
    Err(Error::new(ErrorKind::NotConverged {
        what: format!("IRLS fit of {what}"),
        iterations: max_iterations,
        largest_error: last_error,
        tolerance: 1e-14,
    }))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
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
    for c in 0..p {
        if m.term_of[c].is_none() {
            continue;
        }
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in (0..w.len()).filter(|&i| w[i] > 0.0) {
            lo = lo.min(m.x[i * p + c]);
            hi = hi.max(m.x[i * p + c]);
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
    /// reweighted least squares to convergence (relative change in deviance below 1e-14 and
    /// in every coefficient below 1e-12, or in deviance below 1e-14 in two iterations in a
    /// row). Their variance is the sandwich
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
        let w: Vec<f64> = (0..n)
            .map(|i| if m.inset[i] { self.weights[i] } else { 0.0 })
            .collect();
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
            None => self.taylor_covariance(&m, &fit, &w),
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

    /// R `svy.varcoef`: the design variance of the rows' A⁻¹Uᵢ, and `degf()` of the rows
    /// in the fit (PSUs − strata among them). The variance (and a raked design's
    /// residualisation) is linear in the influence values, so it is taken of Uᵢ (p numbers
    /// per row) and A⁻¹ is applied once to the p × p result: A⁻¹ Var(ΣUᵢ) A⁻¹.
    fn taylor_covariance(&self, m: &Matrix, fit: &Fit, w: &[f64]) -> (Vec<f64>, i64) {
        let layout = &self.layout;
        let (n, p) = (self.n_rows(), m.p);
        let influence = |i: usize, out: &mut [f64]| {
            if w[i] == 0.0 {
                out.iter_mut().for_each(|x| *x = 0.0);
                return;
            }
            let s = fit.score[i];
            for (o, x) in out.iter_mut().zip(&m.x[i * p..(i + 1) * p]) {
                *o = x * s;
            }
        };
        // The fit's rows are a domain of the design (R's `subset` keeps the design): its
        // df (PSUs − strata among them) and the strata it is present in.
        let code: Vec<u32> = m.inset.iter().map(|&s| u32::from(!s)).collect();
        let facts = self.facts_of(&code, 1).swap_remove(0);
        let df = facts.df;
        let cov = match &self.raking {
            Some(rk) => {
                let nc = rk.n_combos;
                let mut s = vec![0.0; nc * p];
                let mut row = vec![0.0; p];
                for i in 0..n {
                    influence(i, &mut row);
                    let c = rk.combo[i] as usize;
                    for j in 0..p {
                        s[c * p + j] += row[j] / self.weights[i];
                    }
                }
                let h = rk.row_adjustment(p, &s);
                row_covariance(layout, p, &facts.presence, |i, out| {
                    influence(i, out);
                    let c = rk.combo[i] as usize;
                    for j in 0..p {
                        out[j] -= self.weights[i] * h[c * p + j];
                    }
                })
            }
            None => row_covariance(layout, p, &facts.presence, influence),
        };
        // A⁻¹ · cov · A⁻¹ (A⁻¹ symmetric).
        let a = &fit.a_inv;
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
        (out, df)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_names_the_columns_of_a_combination() {
        // Columns 1, x, 2 + 3x: the third is 2·col0 + 3·col1.
        let x = [1.0, 0.0, 2.0, 1.0, 1.0, 5.0, 1.0, 2.0, 8.0, 1.0, 5.0, 17.0];
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
    fn deviance_as_r_family_dev_resids() {
        // R: sum(binomial()$dev.resids(c(1, 0), c(0.8, 0.4), c(2, 1))) = 2·(2·log(1/0.8) + log(1/0.6)).
        let d = unit_deviance(Family::Binomial, 1.0, 2.0, 0.8)
            + unit_deviance(Family::Binomial, 0.0, 1.0, 0.4);
        let want = 2.0 * (2.0 * (1.0f64 / 0.8).ln() + (1.0f64 / 0.6).ln());
        assert!((d - want).abs() < 1e-14);
    }
}
