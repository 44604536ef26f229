//! Speed of pooling. Run: `cargo bench --no-default-features --bench pool` (pooling needs
//! no optional feature, so polars is not built).
//!
//! Target (issue 14): 50 houses, 20,000 daily steps, 1,000 polls — filter, smoother and
//! maximum-likelihood σ together in under 100 ms (release). The filter steps from poll to
//! poll, so the 19,000 days without a poll cost nothing.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use yoron::pool::{Polls, PoolOptions};

const HOUSES: usize = 50;
const DAYS: u64 = 20_000;
const POLLS: usize = 1_000;

/// Seeded data drawn from the model (a small LCG and Box–Muller): σ = 0.2 per day, house
/// effects in ±4 points, n from 500 to 2,500.
fn polls() -> Polls {
    let mut state: u64 = 14;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut normal = move || {
        let (u, v) = (next().max(1e-300), next());
        (
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos(),
            u,
            v,
        )
    };
    let mut alpha = Vec::with_capacity(DAYS as usize);
    let mut a = 40.0;
    let mut uniforms = Vec::new();
    for _ in 0..DAYS {
        let (z, u, v) = normal();
        a = (a + 0.2 * z).clamp(10.0, 90.0);
        alpha.push(a);
        uniforms.push((u, v));
    }
    let mut p = Polls::new();
    let effects: Vec<f64> = (0..HOUSES)
        .map(|j| -4.0 + 8.0 * j as f64 / (HOUSES - 1) as f64)
        .collect();
    for j in 0..HOUSES {
        p.add_house(&format!("house{j:02}")).expect("new house");
    }
    let start = jiff::civil::Date::constant(1970, 1, 1);
    for i in 0..POLLS {
        let (u, v) = uniforms[i * 7 % uniforms.len()];
        let t = ((u * DAYS as f64) as u64).min(DAYS - 1);
        let j = i % HOUSES;
        let n = 500 + (v * 2000.0) as u32;
        let (z, _, _) = normal();
        let truth = alpha[t as usize] + effects[j];
        let y = truth + z * (truth * (100.0 - truth) / f64::from(n)).sqrt();
        let date = start
            .checked_add(jiff::Span::new().days(t as i64))
            .expect("date in range");
        p.add_poll(j, date, y, n).expect("valid poll");
    }
    p
}

fn pool(c: &mut Criterion) {
    let data = polls();
    let mut group = c.benchmark_group("pool");
    group.throughput(Throughput::Elements(POLLS as u64));
    group.sample_size(20);
    group.bench_function("50 houses, 20000 days, 1000 polls: ML fit", |b| {
        b.iter_batched(
            || data.clone(),
            |d| black_box(d.fit(&PoolOptions::new()).expect("fit")),
            BatchSize::LargeInput,
        );
    });
    group.bench_function("same, smoother at a fixed σ", |b| {
        b.iter_batched(
            || data.clone(),
            |d| black_box(d.fit(&PoolOptions::new().sigma(0.2)).expect("fit")),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, pool);
criterion_main!(benches);
