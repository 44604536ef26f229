//! Taylor-linearisation variance, in one pass over the rows.
//!
//! Every estimator here (proportion, mean, total, their domain versions, contrasts, the
//! cells of a crosstab) has, per row i and statistic j, an influence value of the form
//!
//! ```text
//! z_ij = w_i · (y_i · a[cell_i][j] + b[cell_i][j])
//! ```
//!
//! where `cell_i` combines the row's domain, answer category and (for a raked design) its
//! raking cell. The variance of statistic j is then R `svyrecvar`'s one-stage formula
//!
//! ```text
//! V = Σ_h f_h · n_h/(n_h − 1) · Σ_{PSU p in h} (Z_hp − Z̄_h)²,   Z_hp = Σ_{i in p} z_i
//! ```
//!
//! with f_h = 1 − n_h/N_h under a finite population correction. Because the influence
//! values only depend on the row through `w_i`, `y_i` and a small cell id, the work is:
//! one pass over rows adding into per-PSU totals (or, without PSUs, into per-(stratum,
//! cell) sums of w, w², w·y, …), then work proportional to PSUs × statistics. Nothing is
//! quadratic in rows, PSUs or domains, and no n × k matrix is ever built.

use super::design::{CERTAIN, Layout, LonelyPsu};

/// The influence tables of k statistics over `n_cells` cells.
#[derive(Clone, Debug)]
pub(crate) struct Influence<'a> {
    /// Cell of each row.
    pub(crate) cell: &'a [u32],
    pub(crate) n_cells: usize,
    pub(crate) k: usize,
    /// `b[cell * k + j]`.
    pub(crate) b: Vec<f64>,
    /// `y` and `a[cell * k + j]`, for statistics of a numeric variable.
    pub(crate) a: Option<(&'a [f64], Vec<f64>)>,
}

impl Influence<'_> {
    /// The columns where a cell's influence is not zero, as a range (unraked domain
    /// estimates touch only their own domain's columns).
    fn ranges(&self) -> Vec<(u32, u32)> {
        (0..self.n_cells)
            .map(|c| {
                let nz = |j: &usize| {
                    self.b[c * self.k + j] != 0.0
                        || self
                            .a
                            .as_ref()
                            .is_some_and(|(_, a)| a[c * self.k + j] != 0.0)
                };
                let lo = (0..self.k).find(nz);
                let hi = (0..self.k).rev().find(nz);
                match (lo, hi) {
                    (Some(l), Some(h)) => (l as u32, h as u32 + 1),
                    _ => (0, 0),
                }
            })
            .collect()
    }
}

/// Which strata count as "present" for the `average` lonely-PSU policy: R scales by
/// (strata present) / (present strata with more than one PSU), where a domain estimate
/// sees only the strata that hold rows of the domain.
#[derive(Clone, Debug)]
pub(crate) enum Presence {
    All,
    Strata(Vec<bool>),
}

/// One requested (co)variance: statistics `a` and `b` (equal for a variance).
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) presence: Presence,
}

/// Computes the requested variances and covariances.
pub(crate) fn covariances(
    layout: &Layout,
    weights: &[f64],
    inf: &Influence<'_>,
    pairs: &[Pair],
) -> Vec<f64> {
    let per_stratum = match &layout.psu {
        Some(psu) => clustered(layout, weights, inf, psu, pairs),
        None => unclustered(layout, weights, inf, pairs),
    };
    combine(layout, &per_stratum, pairs)
}

/// Sums the strata's contributions under the lonely-PSU policy.
fn combine(layout: &Layout, per_stratum: &[Vec<f64>], pairs: &[Pair]) -> Vec<f64> {
    let n_strata = layout.n_strata();
    pairs
        .iter()
        .enumerate()
        .map(|(q, pair)| {
            let present = |h: usize| match &pair.presence {
                Presence::All => true,
                Presence::Strata(p) => p[h],
            };
            let mut sum = 0.0;
            let mut n_present = 0usize;
            let mut n_ok = 0usize;
            for (h, contrib) in per_stratum.iter().enumerate().take(n_strata) {
                if !present(h) {
                    continue;
                }
                n_present += 1;
                let lonely = layout.n_psu[h] == 1 && layout.f[h] >= CERTAIN;
                if lonely && layout.lonely == LonelyPsu::Average {
                    continue;
                }
                n_ok += 1;
                sum += contrib[q];
            }
            if layout.lonely == LonelyPsu::Average && n_ok > 0 && n_ok < n_present {
                sum * n_present as f64 / n_ok as f64
            } else {
                sum
            }
        })
        .collect()
}

/// The scale of stratum h's centred sum of squares: f · n/(n − 1), or f for a lonely PSU.
fn scale(layout: &Layout, h: usize) -> f64 {
    let n = layout.n_psu[h] as f64;
    if layout.n_psu[h] > 1 {
        layout.f[h] * n / (n - 1.0)
    } else {
        layout.f[h]
    }
}

/// Whether the stratum's PSU totals are centred at their mean: always, except for a
/// lonely PSU under `adjust` (R centres it at zero).
fn centred(layout: &Layout, h: usize) -> bool {
    !(layout.n_psu[h] == 1 && layout.lonely == LonelyPsu::Adjust)
}

/// Per-stratum contributions for each pair, from per-PSU totals.
fn clustered(
    layout: &Layout,
    weights: &[f64],
    inf: &Influence<'_>,
    psu: &[u32],
    pairs: &[Pair],
) -> Vec<Vec<f64>> {
    let k = inf.k;
    let n_psu = layout.n_psu_total() as usize;
    let ranges = inf.ranges();
    let totals = psu_totals(weights, inf, psu, n_psu, &ranges);
    let mut out = Vec::with_capacity(layout.n_strata());
    for h in 0..layout.n_strata() {
        let (lo, hi) = (layout.psu_start[h], layout.psu_start[h + 1]);
        let mut contrib = vec![0.0; pairs.len()];
        let Some((s, mean)) = stratum_centre(layout, &totals, k, h) else {
            out.push(contrib);
            continue;
        };
        for (q, pair) in pairs.iter().enumerate() {
            let mut acc = 0.0;
            for p in lo..hi {
                let da = totals[p * k + pair.a] - mean[pair.a];
                let db = totals[p * k + pair.b] - mean[pair.b];
                acc += da * db;
            }
            contrib[q] = s * acc;
        }
        out.push(contrib);
    }
    out
}

/// Stratum `h`'s scale and the mean its PSUs' totals (`totals`, PSU-major, k per PSU) are
/// centred on (zeros where R does not centre, see [`centred`]); `None` for a stratum that
/// adds no variance (sampled completely, or without PSUs).
fn stratum_centre(layout: &Layout, totals: &[f64], k: usize, h: usize) -> Option<(f64, Vec<f64>)> {
    let (lo, hi) = (layout.psu_start[h], layout.psu_start[h + 1]);
    if layout.f[h] < CERTAIN || hi == lo {
        return None;
    }
    let mut mean = vec![0.0; k];
    if centred(layout, h) {
        for p in lo..hi {
            for (m, t) in mean.iter_mut().zip(&totals[p * k..(p + 1) * k]) {
                *m += t;
            }
        }
        for m in mean.iter_mut() {
            *m /= (hi - lo) as f64;
        }
    }
    Some((scale(layout, h), mean))
}

/// Per-PSU totals of the k statistics (PSU-major), on all cores.
fn psu_totals(
    weights: &[f64],
    inf: &Influence<'_>,
    psu: &[u32],
    n_psu: usize,
    ranges: &[(u32, u32)],
) -> Vec<f64> {
    let k = inf.k;
    let n = weights.len();
    let add = |rows: std::ops::Range<usize>| -> Vec<f64> {
        let mut t = vec![0.0; n_psu * k];
        match &inf.a {
            None => {
                for i in rows {
                    let c = inf.cell[i] as usize;
                    let (lo, hi) = ranges[c];
                    let w = weights[i];
                    let base = psu[i] as usize * k;
                    for j in lo as usize..hi as usize {
                        t[base + j] += w * inf.b[c * k + j];
                    }
                }
            }
            Some((y, a)) => {
                for i in rows {
                    let c = inf.cell[i] as usize;
                    let (lo, hi) = ranges[c];
                    let w = weights[i];
                    let wy = w * y[i];
                    let base = psu[i] as usize * k;
                    for j in lo as usize..hi as usize {
                        t[base + j] += wy * a[c * k + j] + w * inf.b[c * k + j];
                    }
                }
            }
        }
        t
    };
    by_row_chunks(n, add, |total, part| {
        for (x, y) in total.iter_mut().zip(part) {
            *x += y;
        }
    })
}

/// `run` over the rows `0..n`, on as many threads as they are worth ([`threads_for`]), in
/// one run of consecutive rows a thread ([`by_row_runs`]): the runs' results are merged
/// into the first run's in row order, so a sum adds up in the same order however the
/// threads are scheduled.
pub(crate) fn by_row_chunks<T: Default + Send>(
    n: usize,
    run: impl Fn(std::ops::Range<usize>) -> T + Sync,
    merge: impl Fn(&mut T, T),
) -> T {
    let threads = threads_for(n);
    by_row_runs(n, threads, threads, run, merge)
}

/// The workers' results in order. A panic in a worker is a bug: raised again here, never a
/// part silently counted as zero (or a row, a column, a replicate left out).
pub(crate) fn joined<T>(handles: Vec<std::thread::ScopedJoinHandle<'_, T>>) -> Vec<T> {
    handles
        .into_iter()
        .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        .collect()
}

/// The parts merged into the first, in order.
fn merged<T: Default>(parts: Vec<T>, merge: impl Fn(&mut T, T)) -> T {
    let mut it = parts.into_iter();
    let mut total = it.next().unwrap_or_default();
    for part in it {
        merge(&mut total, part);
    }
    total
}

/// `run` over the rows `0..n` on `threads` threads, in `runs` runs of consecutive rows (at
/// least one a thread) handed out to the threads as they finish their last: a thread
/// slowed by the machine (a core shared with other work) takes fewer runs instead of
/// holding up the pass. The runs' results are merged into the first's in row order, so the
/// result does not depend on which thread ran which run.
pub(crate) fn by_row_runs<T: Default + Send>(
    n: usize,
    threads: usize,
    runs: usize,
    run: impl Fn(std::ops::Range<usize>) -> T + Sync,
    merge: impl Fn(&mut T, T),
) -> T {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = threads.clamp(1, n.max(1));
    if threads == 1 {
        return run(0..n);
    }
    let runs = runs.clamp(threads, n);
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, T)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (run, next) = (&run, &next);
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= runs {
                            break mine;
                        }
                        mine.push((k, run(n * k / runs..n * (k + 1) / runs)));
                    }
                })
            })
            .collect();
        joined(handles)
    });
    let mut parts: Vec<Option<T>> = (0..runs).map(|_| None).collect();
    for (k, part) in done.into_iter().flatten() {
        parts[k] = Some(part);
    }
    merged(parts.into_iter().flatten().collect(), merge)
}

/// Σ x·y in eight independent lanes: a single running sum waits on each addition (no
/// vector unit can help, since reordering changes the rounding), eight let the compiler
/// use vector registers and keep the adders busy. The order differs from R's, by rounding
/// only.
pub(crate) fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut lanes = [0.0; 8];
    let (xs, ys) = (x.chunks_exact(8), y.chunks_exact(8));
    let tail: f64 = xs
        .remainder()
        .iter()
        .zip(ys.remainder())
        .map(|(a, b)| a * b)
        .sum();
    for (a, b) in xs.zip(ys) {
        for l in 0..8 {
            lanes[l] += a[l] * b[l];
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// How many threads a pass over `n` rows is worth.
pub(crate) fn threads_for(n: usize) -> usize {
    if n < 200_000 {
        1
    } else {
        std::thread::available_parallelism()
            .map(|t| t.get())
            .unwrap_or(1)
            .clamp(1, 8)
    }
}

/// Per-stratum sums of w, w², w·y, w²·y, w²·y² by cell (every row its own PSU).
struct CellSums {
    /// `[stratum][cell] → [Σw, Σw², Σw²y, Σw²y², Σwy]`
    sums: Vec<[f64; 5]>,
}

fn cell_sums(layout: &Layout, weights: &[f64], inf: &Influence<'_>) -> CellSums {
    let nc = inf.n_cells;
    let mut sums = vec![[0.0f64; 5]; layout.n_strata() * nc];
    let y = inf.a.as_ref().map(|(y, _)| *y);
    for i in 0..weights.len() {
        let w = weights[i];
        let idx = layout.stratum[i] as usize * nc + inf.cell[i] as usize;
        let s = &mut sums[idx];
        s[0] += w;
        s[1] += w * w;
        if let Some(y) = y {
            let yi = y[i];
            s[2] += w * w * yi;
            s[3] += w * w * yi * yi;
            s[4] += w * yi;
        }
    }
    CellSums { sums }
}

fn unclustered(
    layout: &Layout,
    weights: &[f64],
    inf: &Influence<'_>,
    pairs: &[Pair],
) -> Vec<Vec<f64>> {
    let k = inf.k;
    let nc = inf.n_cells;
    let cs = cell_sums(layout, weights, inf);
    let zero = vec![0.0; nc * k];
    let a = inf.a.as_ref().map(|(_, a)| a).unwrap_or(&zero);
    let mut out = Vec::with_capacity(layout.n_strata());
    for h in 0..layout.n_strata() {
        let mut contrib = vec![0.0; pairs.len()];
        if layout.f[h] < CERTAIN || layout.n_psu[h] == 0 {
            out.push(contrib);
            continue;
        }
        let m = layout.n_psu[h] as f64;
        let s = scale(layout, h);
        let centre = centred(layout, h);
        let cells = &cs.sums[h * nc..(h + 1) * nc];
        // Σ_i z_ij over the stratum.
        let mut sum = vec![0.0; k];
        for (c, cell) in cells.iter().enumerate() {
            if cell[0] == 0.0 {
                continue;
            }
            for (j, sj) in sum.iter_mut().enumerate() {
                *sj += cell[0] * inf.b[c * k + j] + cell[4] * a[c * k + j];
            }
        }
        for (q, pair) in pairs.iter().enumerate() {
            let (ja, jb) = (pair.a, pair.b);
            let mut cross = 0.0;
            for (c, cell) in cells.iter().enumerate() {
                if cell[0] == 0.0 {
                    continue;
                }
                let (aa, ab) = (a[c * k + ja], a[c * k + jb]);
                let (ba, bb) = (inf.b[c * k + ja], inf.b[c * k + jb]);
                cross += aa * ab * cell[3] + (aa * bb + ba * ab) * cell[2] + ba * bb * cell[1];
            }
            let centred_cross = if centre {
                cross - sum[ja] * sum[jb] / m
            } else {
                cross
            };
            contrib[q] = s * centred_cross;
        }
        out.push(contrib);
    }
    out
}

/// The rows' influence values, tile by tile from `fill`, handed to `each` as the tile's
/// rows and values (column by column, `tile[c · t + r]`).
fn each_influence_tile(
    rows: std::ops::Range<usize>,
    k: usize,
    mut fill: impl FnMut(std::ops::Range<usize>, &mut [f64]),
    mut each: impl FnMut(std::ops::Range<usize>, &[f64]),
) {
    let mut tile = vec![0.0; INFLUENCE_TILE * k];
    let mut start = rows.start;
    while start < rows.end {
        let end = (start + INFLUENCE_TILE).min(rows.end);
        let t = end - start;
        fill(start..end, &mut tile[..t * k]);
        each(start..end, &tile[..t * k]);
        start = end;
    }
}

/// Runs of rows per thread in a pass that hands them out as threads finish
/// ([`by_row_runs`]): enough for a slowed thread to fall behind by a fraction of a pass.
pub(crate) const RUNS_PER_THREAD: usize = 4;

/// Rows per tile of [`row_covariance`]'s influence values.
pub(crate) const INFLUENCE_TILE: usize = 512;

/// The k × k covariance matrix (row-major) of the totals of per-row influence vectors:
/// R `svyrecvar(x, ...)` for an n × k matrix `x` with the same strata, PSUs, FPC and
/// lonely-PSU policy as [`covariances`]. For statistics whose influence is not
/// cell-structured (a regression's estimating equations). `fill(rows, tile, state)` writes
/// the rows' values column by column (`tile[c · t + r]` for the r-th of t rows), at most
/// [`INFLUENCE_TILE`] rows at a time, with a state of its own in each thread (from
/// `state()`: scratch, or sums the caller wants from the same pass), returned in row
/// order with the covariance.
pub(crate) fn row_covariance<S: Send>(
    layout: &Layout,
    k: usize,
    presence: &Presence,
    state: impl Fn() -> S + Sync,
    fill: impl Fn(std::ops::Range<usize>, &mut [f64], &mut S) + Sync,
) -> (Vec<f64>, Vec<S>) {
    let n = layout.n;
    let threads = threads_for(n);
    let n_strata = layout.n_strata();
    let mut per_stratum = vec![vec![0.0; k * k]; n_strata];
    let states = match &layout.psu {
        Some(psu) => {
            let n_psu = layout.n_psu_total() as usize;
            let (totals, states) = by_row_runs(
                n,
                threads,
                RUNS_PER_THREAD * threads,
                |rows| {
                    let mut t = vec![0.0; n_psu * k];
                    let mut st = state();
                    each_influence_tile(
                        rows,
                        k,
                        |r, out| fill(r, out, &mut st),
                        |rows, tile| {
                            // Row by row: a row's k additions are independent of each
                            // other, where a column's run down the rows would wait on
                            // each addition to the same PSU's total.
                            let len = rows.len();
                            for (r, i) in rows.enumerate() {
                                let base = psu[i] as usize * k;
                                for (c, x) in t[base..base + k].iter_mut().enumerate() {
                                    *x += tile[c * len + r];
                                }
                            }
                        },
                    );
                    (t, vec![st])
                },
                |total, part| {
                    for (x, y) in total.0.iter_mut().zip(part.0) {
                        *x += y;
                    }
                    total.1.extend(part.1);
                },
            );
            for (h, contrib) in per_stratum.iter_mut().enumerate() {
                let (lo, hi) = (layout.psu_start[h], layout.psu_start[h + 1]);
                let Some((s, mean)) = stratum_centre(layout, &totals, k, h) else {
                    continue;
                };
                for p in lo..hi {
                    let t = &totals[p * k..(p + 1) * k];
                    for a in 0..k {
                        for b in 0..k {
                            contrib[a * k + b] += s * (t[a] - mean[a]) * (t[b] - mean[b]);
                        }
                    }
                }
            }
            states
        }
        None => {
            // Every row its own PSU: per stratum, Σ x and Σ x xᵀ.
            let ((sums, cross), states) = by_row_runs(
                n,
                threads,
                RUNS_PER_THREAD * threads,
                |rows| {
                    let mut sums = vec![0.0; n_strata * k];
                    let mut cross = vec![0.0; n_strata * k * k];
                    let mut st = state();
                    let mut row = vec![0.0; k];
                    each_influence_tile(
                        rows,
                        k,
                        |r, out| fill(r, out, &mut st),
                        |rows, tile| {
                            let t = rows.len();
                            for (r, i) in rows.enumerate() {
                                for (c, x) in row.iter_mut().enumerate() {
                                    *x = tile[c * t + r];
                                }
                                if row.iter().all(|x| *x == 0.0) {
                                    continue;
                                }
                                let h = layout.stratum[i] as usize;
                                for a in 0..k {
                                    sums[h * k + a] += row[a];
                                    for b in 0..k {
                                        cross[(h * k + a) * k + b] += row[a] * row[b];
                                    }
                                }
                            }
                        },
                    );
                    ((sums, cross), vec![st])
                },
                |total, part| {
                    for (x, y) in total.0.0.iter_mut().zip(part.0.0) {
                        *x += y;
                    }
                    for (x, y) in total.0.1.iter_mut().zip(part.0.1) {
                        *x += y;
                    }
                    total.1.extend(part.1);
                },
            );
            for (h, contrib) in per_stratum.iter_mut().enumerate() {
                if layout.f[h] < CERTAIN || layout.n_psu[h] == 0 {
                    continue;
                }
                let m = layout.n_psu[h] as f64;
                let s = scale(layout, h);
                let centre = centred(layout, h);
                let sum = &sums[h * k..(h + 1) * k];
                for a in 0..k {
                    for b in 0..k {
                        let c = cross[(h * k + a) * k + b];
                        let c = if centre { c - sum[a] * sum[b] / m } else { c };
                        contrib[a * k + b] = s * c;
                    }
                }
            }
            states
        }
    };
    let pairs: Vec<Pair> = (0..k * k)
        .map(|q| Pair {
            a: q / k,
            b: q % k,
            presence: presence.clone(),
        })
        .collect();
    (combine(layout, &per_stratum, &pairs), states)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_chunks_cover_every_row_in_order() {
        // Above the threshold for threads, and on more threads than rows would get.
        // `by_row_runs` on 2 threads whatever the machine, with more runs than threads.
        for (n, threads) in [
            (300_001, 2),
            (300_001, threads_for(300_001)),
            (5, 8),
            (0, 3),
        ] {
            let chunks = by_row_chunks(n, |rows| vec![rows], |t, part| t.extend(part));
            let runs = by_row_runs(
                n,
                threads,
                4 * threads,
                |rows| vec![rows],
                |t, p| t.extend(p),
            );
            assert!(
                runs.len() == (4 * threads).min(n).max(1) || threads == 1,
                "{n}"
            );
            for rows_seen in [chunks, runs] {
                assert_eq!(rows_seen.first().map(|r| r.start), Some(0), "{n}");
                assert_eq!(rows_seen.last().map(|r| r.end), Some(n), "{n}");
                assert!(rows_seen.windows(2).all(|w| w[0].end == w[1].start), "{n}");
            }
        }
    }
}
