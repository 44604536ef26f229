//! Each chart kind to SVG (target < 5 ms) and to PNG at scale 1 and 2 (target < 50 ms).
//!
//! Inputs are the published figures of `tests/chart/demo.rs` (fixed, no randomness). The
//! font is found and loaded once before timing (a process loads each font file once).

#[path = "../tests/chart/demo.rs"]
mod demo;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use yoron::chart::Chart as _;
use yoron::chart::Lang;

macro_rules! kind {
    ($c:expr, $name:literal, $make:path, $marks:expr) => {{
        let mut g = $c.benchmark_group($name);
        g.throughput(Throughput::Elements($marks));
        g.bench_function("svg", |b| {
            b.iter_batched(
                || $make(Lang::En),
                |c| c.to_svg().unwrap(),
                BatchSize::SmallInput,
            )
        });
        g.bench_function("png_scale1", |b| {
            b.iter_batched(
                || $make(Lang::En).scale(1.0),
                |c| c.to_png().unwrap(),
                BatchSize::SmallInput,
            )
        });
        g.bench_function("png_scale2", |b| {
            b.iter_batched(
                || $make(Lang::En),
                |c| c.to_png().unwrap(),
                BatchSize::SmallInput,
            )
        });
        g.finish();
    }};
}

fn charts(c: &mut Criterion) {
    // Warm the font cache so the first sample does not pay for reading the font file.
    demo::threat(Lang::En).to_svg().unwrap();
    kind!(c, "threat", demo::threat, 5);
    kind!(c, "gap", demo::gap, 2);
    kind!(c, "trend", demo::trend, 27);
    kind!(c, "distribution", demo::distribution, 8);
    kind!(c, "change", demo::change, 3);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = charts
}
criterion_main!(benches);
