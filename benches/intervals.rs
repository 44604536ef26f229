//! Speed of the interval kernels. Run: `cargo bench --no-default-features --bench intervals`.
//!
//! Targets (issue 3): well under 1 µs per interval for every method except Clopper–Pearson
//! and Jeffreys (Beta quantiles), which must stay under 10 µs.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use yoron::stats::{
    CiMethod, ConfidenceLevel, DiffMethod, DiffOptions, Difference, Estimate, SampleSizeSource,
};

/// Deterministic inputs (a small LCG, seeded): counts x of n over realistic poll sizes,
/// including the edges x = 0 and x = n.
fn inputs(len: usize) -> Vec<Estimate> {
    let mut state: u64 = 42;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    (0..len)
        .map(|i| {
            let n = 10 + (next() % 3000) as u32;
            let x = match i % 50 {
                0 => 0,
                1 => n,
                _ => (next() % u64::from(n + 1)) as u32,
            };
            Estimate::from_count(x, SampleSizeSource::Published(n)).expect("valid count")
        })
        .collect()
}

const BATCH: usize = 1000;

fn intervals(c: &mut Criterion) {
    let mut group = c.benchmark_group("interval");
    group.throughput(Throughput::Elements(BATCH as u64));
    for method in CiMethod::ALL {
        group.bench_function(method.name(), |b| {
            b.iter_batched(
                || inputs(BATCH),
                |data| {
                    for e in &data {
                        black_box(e.ci(method, ConfidenceLevel::P95));
                    }
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn differences(c: &mut Criterion) {
    let mut group = c.benchmark_group("difference");
    group.throughput(Throughput::Elements(BATCH as u64));
    for method in DiffMethod::ALL {
        group.bench_function(method.name(), |b| {
            b.iter_batched(
                || {
                    let a = inputs(BATCH);
                    let mut b = inputs(BATCH + 7);
                    b.drain(..7);
                    (a, b)
                },
                |(a, b)| {
                    let opts = DiffOptions::new().method(method);
                    for (x, y) in a.iter().zip(&b) {
                        black_box(Difference::new(x, y, opts).expect("valid"));
                    }
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, intervals, differences);
criterion_main!(benches);
