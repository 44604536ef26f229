//! A simulation study: data drawn from the pooling model with known σ and δ. The 95 %
//! bands must cover the true trend at a rate within Monte-Carlo error of 95 %, and the house
//! effects must be recovered. Seeded; no timing.

use jiff::civil::Date;
use yoron::pool::{Polls, PoolOptions, Pooled};

/// SplitMix64 (Steele, Lea & Flood 2014): a small, seeded, reproducible generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SIGMA: f64 = 0.3;
const DELTA: [f64; 4] = [-2.0, -0.5, 0.5, 2.0];
const DAYS: usize = 400;
const POLLS: usize = 40;
const N: u32 = 1000;

struct Draw {
    polls: Polls,
    alpha: Vec<f64>,
    start: Date,
}

fn draw(rng: &mut Rng) -> Draw {
    let mut alpha = Vec::with_capacity(DAYS);
    let mut a = 40.0;
    for _ in 0..DAYS {
        a += SIGMA * rng.normal();
        alpha.push(a);
    }
    let start = Date::constant(2000, 1, 1);
    let mut polls = Polls::new();
    for j in 0..DELTA.len() {
        polls.add_house(&format!("h{j}")).unwrap();
    }
    for i in 0..POLLS {
        // Every house polls regularly so that each overlaps the others.
        let j = i % DELTA.len();
        let t = rng.below(DAYS as u64) as usize;
        let p = alpha[t] + DELTA[j];
        let y = p + (p * (100.0 - p) / f64::from(N)).sqrt() * rng.normal();
        let date = start.checked_add(jiff::Span::new().days(t as i64)).unwrap();
        polls.add_poll(j, date, y, N).unwrap();
    }
    Draw {
        polls,
        alpha,
        start,
    }
}

/// Per replication: the share of trend points whose band (scaled by `widen`) covers α.
fn coverage(fit: &Pooled, d: &Draw, widen: f64) -> f64 {
    let mut hit = 0;
    for p in fit.trend() {
        let t = d.start.until(p.date()).unwrap().get_days() as usize;
        let half = widen * (p.ci().high() - p.estimate());
        if (p.estimate() - d.alpha[t]).abs() <= half {
            hit += 1;
        }
    }
    f64::from(hit) / fit.trend().len() as f64
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

#[test]
fn bands_cover_the_true_trend_and_effects_are_recovered() {
    const REPS: usize = 300;
    let mut rng = Rng(20_260_414);
    let (mut cov_true, mut cov_narrow, mut cov_ml) = (vec![], vec![], vec![]);
    let mut z: Vec<Vec<f64>> = vec![vec![]; DELTA.len()];
    let mut sigmas = vec![];
    for _ in 0..REPS {
        let d = draw(&mut rng);
        let at_true = d.polls.fit(&PoolOptions::new().sigma(SIGMA)).unwrap();
        cov_true.push(coverage(&at_true, &d, 1.0));
        // A variance 20 % too small in sd must be caught by this many replications.
        cov_narrow.push(coverage(&at_true, &d, 0.8));
        for (j, h) in at_true.houses().iter().enumerate() {
            z[j].push((h.effect() - DELTA[j]) / h.se());
        }
        let ml = d.polls.fit(&PoolOptions::new()).unwrap();
        cov_ml.push(coverage(&ml, &d, 1.0));
        sigmas.push(ml.sigma());
    }
    let (m, sd) = mean_sd(&cov_true);
    let mc = 3.0 * sd / (REPS as f64).sqrt();
    assert!(
        (m - 0.95).abs() < mc,
        "coverage at the true σ {m:.4} ± {mc:.4}"
    );
    let (narrow, _) = mean_sd(&cov_narrow);
    assert!(
        narrow < 0.95 - mc,
        "bands 20 % too narrow would cover {narrow:.4}: the test could not fail"
    );
    // With σ estimated from 40 polls, coverage is close to, not exactly, 95 %.
    let (ml, _) = mean_sd(&cov_ml);
    assert!((0.91..=0.98).contains(&ml), "coverage at the ML σ {ml:.4}");
    let (ms, _) = mean_sd(&sigmas);
    assert!((ms - SIGMA).abs() < 0.05, "mean ML σ {ms:.4}");
    eprintln!(
        "coverage: true σ {m:.4} (± {mc:.4}), ×0.8 bands {narrow:.4}, ML σ {ml:.4}; mean ML σ {ms:.4}"
    );
    // δ: standardised errors have mean 0 and sd 1 (exact under the model at the true σ).
    for (j, zj) in z.iter().enumerate() {
        let (m, sd) = mean_sd(zj);
        let se_m = 3.0 / (REPS as f64).sqrt();
        assert!(m.abs() < se_m, "house {j}: mean z {m:.3}");
        assert!((sd - 1.0).abs() < 0.15, "house {j}: sd of z {sd:.3}");
        eprintln!("house {j}: z mean {m:.3}, sd {sd:.3}");
    }
}
