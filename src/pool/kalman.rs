//! The Kalman filter, smoother and maximum-likelihood σ behind [`super::Pooled`].
//!
//! The state is `x = (α, δ…)` with `α` a random walk and the house effects constant, so the
//! transition is the identity and only `P[0][0]` grows between observations (by `kσ²` for a
//! gap of `k` units). Observations are processed one at a time (the univariate treatment of
//! Durbin & Koopman 2012, §6.4, exact here because every observation is a scalar with its
//! own known variance), so empty days cost nothing: the cost scales with polls, not days.
//!
//! Initialisation is exact diffuse (Durbin & Koopman 2012, §5.2–5.3; Koopman & Durbin 2000,
//! "Fast filtering and smoothing for multivariate state space models", J. Time Series
//! Analysis 21(3)): `P₁ = κ P∞ + P*` with `P∞ = I`, `P* = 0`, `κ → ∞`, and the diffuse
//! log-likelihood of §7.2.2.

use crate::error::{Error, ErrorKind, Result};

/// One scalar observation `y = z'x + ε`, `ε ~ N(0, h)`, at time `t` (in model units).
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub t: f64,
    /// The non-zero entries of the design row `z`.
    pub z: Vec<(usize, f64)>,
    pub y: f64,
    pub h: f64,
}

/// The observations of one model, in time order, and the state dimension.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub m: usize,
    pub steps: Vec<Step>,
}

/// F∞ below this (relative to the size of P∞, which starts at I) counts as zero: the
/// observation carries no information about the still-diffuse part of the state.
const DIFFUSE_TOL: f64 = 1e-9;
const LN_2PI: f64 = 1.837_877_066_409_345_3;

/// What the backward pass needs from one forward step.
#[derive(Clone, Debug)]
struct Stored {
    diffuse: bool,
    v: f64,
    f_inf: f64,
    f_star: f64,
    a0: f64,
    /// Row 0 of P* (and of P∞ in a diffuse step) before the update.
    p_star0: Vec<f64>,
    p_inf0: Vec<f64>,
    m_star: Vec<f64>,
    m_inf: Vec<f64>,
    /// Whether the step was used at all (an exact observation of an exactly known value is
    /// skipped).
    used: bool,
    /// Whether the diffuse period was still running at this step.
    in_diffuse_period: bool,
}

/// The forward pass: log-likelihood, final filtered state and covariance, and (optionally)
/// what the smoother needs.
pub(crate) struct Forward {
    pub loglik: f64,
    /// The filtered state after the last observation: for the constant house effects this is
    /// also their smoothed value (they are the same at every time).
    pub a: Vec<f64>,
    pub p: Vec<f64>,
    stored: Vec<Stored>,
}

fn dot_z(z: &[(usize, f64)], x: &[f64]) -> f64 {
    z.iter().map(|&(k, c)| c * x[k]).sum()
}

/// `out = P z` for a symmetric m×m `P` of which only the upper triangle (`i ≤ j`, row-major)
/// is kept: the filter updates half the matrix, which halves its cost.
fn p_z(p: &[f64], m: usize, z: &[(usize, f64)], out: &mut [f64]) {
    out.iter_mut().for_each(|o| *o = 0.0);
    for &(k, c) in z {
        // Column k: P[i][k] above the diagonal, row k from the diagonal on.
        for (i, o) in out.iter_mut().enumerate().take(k) {
            *o += c * p[i * m + k];
        }
        for (o, r) in out[k..].iter_mut().zip(&p[k * m + k..(k + 1) * m]) {
            *o += c * r;
        }
    }
}

/// Copies the upper triangle into the lower one.
fn symmetrize(p: &mut [f64], m: usize) {
    for i in 0..m {
        for j in 0..i {
            p[i * m + j] = p[j * m + i];
        }
    }
}

/// Runs the exact diffuse Kalman filter at state-noise variance `sigma2` per unit.
///
/// # Errors
/// [`ErrorKind::Degenerate`] when the data do not identify the state (the diffuse period
/// does not end) or two exact observations of one value disagree.
pub(crate) fn forward(model: &Model, sigma2: f64, store: bool) -> Result<Forward> {
    let m = model.m;
    let mut a = vec![0.0; m];
    let mut p_star = vec![0.0; m * m];
    let mut p_inf = vec![0.0; m * m];
    for i in 0..m {
        p_inf[i * m + i] = 1.0;
    }
    let mut diffuse = m > 0;
    let mut rank = m;
    let mut m_star = vec![0.0; m];
    let mut m_inf = vec![0.0; m];
    let mut loglik = 0.0;
    let mut stored = Vec::with_capacity(if store { model.steps.len() } else { 0 });
    let mut prev_t = model.steps.first().map_or(0.0, |s| s.t);
    for step in &model.steps {
        let gap = step.t - prev_t;
        prev_t = step.t;
        if gap > 0.0 {
            p_star[0] += gap * sigma2;
        }
        let v = step.y - dot_z(&step.z, &a);
        p_z(&p_star, m, &step.z, &mut m_star);
        let f_star = dot_z(&step.z, &m_star) + step.h;
        let (f_inf, use_diffuse) = if diffuse {
            p_z(&p_inf, m, &step.z, &mut m_inf);
            let f = dot_z(&step.z, &m_inf);
            (f, f > DIFFUSE_TOL)
        } else {
            (0.0, false)
        };
        if store {
            stored.push(Stored {
                diffuse: use_diffuse,
                v,
                f_inf,
                f_star,
                a0: a[0],
                p_star0: p_star[..m].to_vec(),
                p_inf0: if diffuse {
                    p_inf[..m].to_vec()
                } else {
                    Vec::new()
                },
                m_star: m_star.clone(),
                m_inf: if use_diffuse {
                    m_inf.clone()
                } else {
                    Vec::new()
                },
                used: true,
                in_diffuse_period: diffuse,
            });
        }
        if use_diffuse {
            for (ai, mi) in a.iter_mut().zip(&m_inf) {
                *ai += mi * v / f_inf;
            }
            let r = f_star / (f_inf * f_inf);
            for i in 0..m {
                for j in i..m {
                    let mi = m_inf[i] * m_inf[j];
                    p_inf[i * m + j] -= mi / f_inf;
                    p_star[i * m + j] +=
                        mi * r - (m_star[i] * m_inf[j] + m_inf[i] * m_star[j]) / f_inf;
                }
            }
            loglik -= 0.5 * (LN_2PI + f_inf.ln());
            rank -= 1;
            if rank == 0 {
                diffuse = false;
                p_inf.iter_mut().for_each(|x| *x = 0.0);
            }
        } else if f_star <= 1e-12 * (1.0 + step.h) {
            // The observed value is already known exactly (an exact observation of a value
            // fixed by an earlier one): it must agree, and adds nothing.
            if v.abs() > 1e-9 * (1.0 + step.y.abs()) {
                return Err(Error::new(ErrorKind::Degenerate {
                    what: "pooling the polls".into(),
                    reason: format!(
                        "two exact (--known) values for one date disagree ({} vs {})",
                        step.y,
                        step.y - v
                    ),
                }));
            }
            if let Some(s) = stored.last_mut() {
                s.used = false;
            }
        } else {
            for (ai, mi) in a.iter_mut().zip(&m_star) {
                *ai += mi * v / f_star;
            }
            for (i, &mi) in m_star.iter().enumerate() {
                let ki = mi / f_star;
                let row = &mut p_star[i * m + i..(i + 1) * m];
                for (pj, &mj) in row.iter_mut().zip(&m_star[i..]) {
                    *pj -= ki * mj;
                }
            }
            loglik -= 0.5 * (LN_2PI + f_star.ln() + v * v / f_star);
        }
    }
    if diffuse {
        return Err(Error::new(ErrorKind::Degenerate {
            what: "pooling the polls".into(),
            reason: format!(
                "the trend and house effects are not identified: {} of {} unknown starting values remain unknown after all polls (each house needs a poll, and the polls must tie the houses together)",
                rank, m
            ),
        }));
    }
    symmetrize(&mut p_star, m);
    Ok(Forward {
        loglik,
        a,
        p: p_star,
        stored,
    })
}

/// The smoothed α at every step, with its variance.
pub(crate) struct Smoothed {
    pub alpha: Vec<f64>,
    pub alpha_var: Vec<f64>,
    pub forward: Forward,
}

/// `X ← L' X L` for `L = I − k z'` (X m×m, row-major; `z` by its non-zero entries, so
/// the update costs O(m · nnz) after the products `X k`, `X' k`).
fn l_x_l(x: &mut [f64], m: usize, k: &[f64], z: &[(usize, f64)], symmetric: bool) {
    let xk = mat_vec(x, m, k); // X k
    let xtk = if symmetric {
        xk.clone()
    } else {
        mat_t_vec(x, m, k) // X' k
    };
    let c: f64 = k.iter().zip(&xk).map(|(a, b)| a * b).sum();
    // L'XL = X − z (X'k)' − (Xk) z' + (k'Xk) z z'
    for &(a, za) in z {
        for (xa, t) in x[a * m..(a + 1) * m].iter_mut().zip(&xtk) {
            *xa -= za * t;
        }
    }
    for (i, xki) in xk.iter().enumerate() {
        for &(b, zb) in z {
            x[i * m + b] -= xki * zb;
        }
    }
    for &(a, za) in z {
        for &(b, zb) in z {
            x[a * m + b] += c * za * zb;
        }
    }
}

fn mat_vec(x: &[f64], m: usize, v: &[f64]) -> Vec<f64> {
    (0..m)
        .map(|i| {
            x[i * m..(i + 1) * m]
                .iter()
                .zip(v)
                .map(|(a, b)| a * b)
                .sum()
        })
        .collect()
}

fn mat_t_vec(x: &[f64], m: usize, v: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; m];
    for i in 0..m {
        for j in 0..m {
            out[j] += x[i * m + j] * v[i];
        }
    }
    out
}

/// `B' X A` for `A = I − a z'`, `B = −b z'` (the cross terms of the diffuse smoother):
/// `−z (X'b)' + (b'X a) z z'` … written out for general `A = I − a z'`:
/// `B' X A = −z b' X (I − a z') = −z (X'b)' + (b' X a) z z'`.
fn cross(x: &[f64], m: usize, b: &[f64], a: &[f64], z: &[f64]) -> Vec<f64> {
    let xtb = mat_t_vec(x, m, b);
    let xa = mat_vec(x, m, a);
    let c: f64 = b.iter().zip(&xa).map(|(p, q)| p * q).sum();
    let mut out = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..m {
            out[i * m + j] = -z[i] * xtb[j] + c * z[i] * z[j];
        }
    }
    out
}

fn transpose(x: &[f64], m: usize) -> Vec<f64> {
    let mut out = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..m {
            out[j * m + i] = x[i * m + j];
        }
    }
    out
}

/// Filter and fixed-interval smoother (Durbin & Koopman 2012, §4.4 and the exact diffuse
/// smoother of §5.3, in the univariate form of §6.4).
pub(crate) fn smooth(model: &Model, sigma2: f64) -> Result<Smoothed> {
    let fwd = forward(model, sigma2, true)?;
    let m = model.m;
    let n = model.steps.len();
    let mut r0 = vec![0.0; m];
    let mut r1 = vec![0.0; m];
    let mut n0 = vec![0.0; m * m];
    let mut n1 = vec![0.0; m * m];
    let mut n2 = vec![0.0; m * m];
    let mut alpha = vec![0.0; n];
    let mut alpha_var = vec![0.0; n];
    let mut z = vec![0.0; m];
    for i in (0..n).rev() {
        let st = &fwd.stored[i];
        let zs = &model.steps[i].z;
        z.iter_mut().for_each(|x| *x = 0.0);
        for &(k, c) in &model.steps[i].z {
            z[k] = c;
        }
        if !st.used {
            // Nothing observed: r and N pass through unchanged (T = I).
        } else if st.diffuse {
            let k0: Vec<f64> = st.m_inf.iter().map(|x| x / st.f_inf).collect();
            let k1: Vec<f64> = st
                .m_star
                .iter()
                .zip(&st.m_inf)
                .map(|(s, q)| s / st.f_inf - q * st.f_star / (st.f_inf * st.f_inf))
                .collect();
            // r1 ← z v/F∞ + L0' r1 + L1' r0 ; r0 ← L0' r0   (L0 = I − k0 z', L1 = −k1 z')
            let k0r1: f64 = k0.iter().zip(&r1).map(|(a, b)| a * b).sum();
            let k1r0: f64 = k1.iter().zip(&r0).map(|(a, b)| a * b).sum();
            let k0r0: f64 = k0.iter().zip(&r0).map(|(a, b)| a * b).sum();
            for j in 0..m {
                r1[j] += z[j] * (st.v / st.f_inf - k0r1 - k1r0);
                r0[j] -= z[j] * k0r0;
            }
            // N2 ← −z z' F*/F∞² + L0'N2L0 + L0'N1L1 + L1'N1'L0 + L1'N0L1
            let n1t = transpose(&n1, m);
            let c10 = cross(&n1t, m, &k1, &k0, &z); // L1' N1' L0
            let c01 = transpose(&c10, m); // (L1'N1'L0)' = L0' N1 L1
            let k1n0k1: f64 = {
                let v = mat_vec(&n0, m, &k1);
                k1.iter().zip(&v).map(|(a, b)| a * b).sum()
            };
            let mut n2new = n2.clone();
            l_x_l(&mut n2new, m, &k0, zs, false);
            for a in 0..m {
                for b in 0..m {
                    let zz = z[a] * z[b];
                    n2new[a * m + b] += -zz * st.f_star / (st.f_inf * st.f_inf)
                        + c01[a * m + b]
                        + c10[a * m + b]
                        + k1n0k1 * zz;
                }
            }
            // N1 ← z z'/F∞ + L0'N1L0 + L1'N0L0 + L0'N0L1
            let d10 = cross(&n0, m, &k1, &k0, &z); // L1' N0 L0
            let d01 = transpose(&d10, m);
            let mut n1new = n1.clone();
            l_x_l(&mut n1new, m, &k0, zs, false);
            for a in 0..m {
                for b in 0..m {
                    n1new[a * m + b] += z[a] * z[b] / st.f_inf + d10[a * m + b] + d01[a * m + b];
                }
            }
            // N0 ← L0' N0 L0
            l_x_l(&mut n0, m, &k0, zs, false);
            n1 = n1new;
            n2 = n2new;
        } else {
            let k: Vec<f64> = st.m_star.iter().map(|x| x / st.f_star).collect();
            let kr0: f64 = k.iter().zip(&r0).map(|(a, b)| a * b).sum();
            for j in 0..m {
                r0[j] += z[j] * (st.v / st.f_star - kr0);
            }
            // N0 stays symmetric: L'N0L + z z'/F*.
            l_x_l(&mut n0, m, &k, zs, true);
            for &(a, za) in zs {
                for &(b, zb) in zs {
                    n0[a * m + b] += za * zb / st.f_star;
                }
            }
            if st.in_diffuse_period {
                // N1 ← N1 L0 (T = I); r1 and N2 pass through.
                let n1k = mat_vec(&n1, m, &k);
                for a in 0..m {
                    for b in 0..m {
                        n1[a * m + b] -= n1k[a] * z[b];
                    }
                }
            }
        }
        let ps = &st.p_star0;
        let mut est = st.a0 + ps.iter().zip(&r0).map(|(a, b)| a * b).sum::<f64>();
        let n0p = mat_vec(&n0, m, ps);
        let mut var = ps[0] - ps.iter().zip(&n0p).map(|(a, b)| a * b).sum::<f64>();
        if st.in_diffuse_period {
            let pi = &st.p_inf0;
            est += pi.iter().zip(&r1).map(|(a, b)| a * b).sum::<f64>();
            let n1p = mat_vec(&n1, m, ps);
            let n2p = mat_vec(&n2, m, pi);
            var -= 2.0 * pi.iter().zip(&n1p).map(|(a, b)| a * b).sum::<f64>();
            var -= pi.iter().zip(&n2p).map(|(a, b)| a * b).sum::<f64>();
        }
        alpha[i] = est;
        // Rounding can leave a tiny negative variance where α is known exactly.
        alpha_var[i] = var.max(0.0);
    }
    Ok(Smoothed {
        alpha,
        alpha_var,
        forward: fwd,
    })
}

/// The maximum-likelihood σ (per unit) and whether it lies on the boundary σ = 0.
pub(crate) struct SigmaFit {
    pub sigma: f64,
    pub at_zero: bool,
}

/// Maximises the diffuse log-likelihood over `θ = ln σ`: a grid in steps of 3 over `θ ∈ [−30, 6]` (σ from
/// 1e-13 to 400 points per √unit) finds the bracket, Brent's method refines it.
///
/// # Errors
/// Those of [`forward`], and [`ErrorKind::Degenerate`] when the maximum is at the top of
/// the grid (the polls disagree so much that the trend would follow every poll).
pub(crate) fn fit_sigma(model: &Model) -> Result<SigmaFit> {
    let ll = |theta: f64| -> Result<f64> {
        let s = theta.exp();
        forward(model, s * s, false).map(|f| f.loglik)
    };
    const LO: f64 = -30.0;
    const HI: f64 = 6.0;
    const STEP: f64 = 3.0;
    let grid: Vec<f64> = (0..=((HI - LO) / STEP) as usize)
        .map(|i| LO + STEP * i as f64)
        .collect();
    let mut vals = Vec::with_capacity(grid.len());
    for &g in &grid {
        vals.push(ll(g)?);
    }
    let mut best = 0;
    for (i, v) in vals.iter().enumerate() {
        if !v.is_finite() {
            return Err(Error::new(ErrorKind::Degenerate {
                what: "pooling the polls".into(),
                reason: format!(
                    "the log-likelihood is not finite at σ = {:e}",
                    grid[i].exp()
                ),
            }));
        }
        if *v > vals[best] {
            best = i;
        }
    }
    if best == 0 {
        // The likelihood keeps rising as σ falls: the maximum is σ = 0.
        return Ok(SigmaFit {
            sigma: 0.0,
            at_zero: true,
        });
    }
    if best == grid.len() - 1 {
        return Err(Error::new(ErrorKind::Degenerate {
            what: "pooling the polls".into(),
            reason: format!(
                "the likelihood is largest at the upper limit σ = {:.0} points per unit: the polls disagree far beyond sampling error, so the trend would follow every poll (check the data, or use a longer --unit)",
                HI.exp()
            ),
        }));
    }
    let theta = brent_max(&ll, grid[best - 1], grid[best], grid[best + 1])?;
    Ok(SigmaFit {
        sigma: theta.exp(),
        at_zero: false,
    })
}

/// Brent's method for a maximum bracketed by `a < b < c` with `f(b)` ≥ `f(a)`, `f(c)`
/// (Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 5).
fn brent_max(f: &dyn Fn(f64) -> Result<f64>, a: f64, b: f64, c: f64) -> Result<f64> {
    const GOLD: f64 = 0.381_966_011_250_105_1;
    const TOL: f64 = 1e-9;
    let (mut lo, mut hi) = (a, c);
    let (mut x, mut w, mut v) = (b, b, b);
    let fb = -f(b)?;
    let (mut fx, mut fw, mut fv) = (fb, fb, fb);
    let mut d: f64 = 0.0;
    let mut e: f64 = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let tol1 = TOL * x.abs() + 1e-12;
        let tol2 = 2.0 * tol1;
        if (x - mid).abs() <= tol2 - 0.5 * (hi - lo) {
            return Ok(x);
        }
        let mut golden = true;
        if e.abs() > tol1 {
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            let etemp = e;
            e = d;
            if p.abs() < (0.5 * q * etemp).abs() && p > q * (lo - x) && p < q * (hi - x) {
                d = p / q;
                let u = x + d;
                if u - lo < tol2 || hi - u < tol2 {
                    d = if mid >= x { tol1 } else { -tol1 };
                }
                golden = false;
            }
        }
        if golden {
            e = if x >= mid { lo - x } else { hi - x };
            d = GOLD * e;
        }
        let u = if d.abs() >= tol1 {
            x + d
        } else {
            x + if d >= 0.0 { tol1 } else { -tol1 }
        };
        let fu = -f(u)?;
        if fu <= fx {
            if u >= x {
                lo = x;
            } else {
                hi = x;
            }
            (v, fv) = (w, fw);
            (w, fw) = (x, fx);
            (x, fx) = (u, fu);
        } else {
            if u < x {
                lo = u;
            } else {
                hi = u;
            }
            if fu <= fw || w == x {
                (v, fv) = (w, fw);
                (w, fw) = (u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    Err(Error::new(ErrorKind::NotConverged {
        what: "maximum-likelihood σ (Brent)".into(),
        iterations: 200,
        largest_error: hi - lo,
        tolerance: TOL,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A local level with one house and a known first value: a textbook case whose
    /// smoothed values can be checked by hand (two observations, σ² = 1, h = 1).
    #[test]
    fn two_observations_local_level() {
        let model = Model {
            m: 1,
            steps: vec![
                Step {
                    t: 0.0,
                    z: vec![(0, 1.0)],
                    y: 1.0,
                    h: 1.0,
                },
                Step {
                    t: 1.0,
                    z: vec![(0, 1.0)],
                    y: 3.0,
                    h: 1.0,
                },
            ],
        };
        let s = smooth(&model, 1.0).unwrap();
        // Diffuse: a2 = y1 = 1, P2 = h + σ² = 2; F2 = 3; filtered α2 = 1 + 2/3·2 = 7/3.
        assert!((s.alpha[1] - 7.0 / 3.0).abs() < 1e-12);
        // GLS: α1 = α2 − η, the smoothed α1 = 1 + (1/3)·2 = 5/3 (weights by symmetry).
        assert!((s.alpha[0] - 5.0 / 3.0).abs() < 1e-12);
        // Var: posterior of (α1, α2) with precision [[1+1, −1], [−1, 1+1]] → 2/3 each.
        assert!((s.alpha_var[0] - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.alpha_var[1] - 2.0 / 3.0).abs() < 1e-12);
    }
}
