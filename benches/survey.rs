//! Respondent-level speed on seeded synthetic pooled-poll data (see
//! `benches/peers/synthetic.rs`): 1M respondents (10M with `YORON_BENCH_10M=1`), two
//! countries, 20 strata, 2,000 PSUs.
//!
//! - `read_design_proportions`: read the CSV (needed columns), build the design, all
//!   category proportions of the 5-category and the binary question with SEs;
//! - `by_country_contrast`: the 5-category question by country with the JP − KR contrast;
//! - `rake_two_margins`: rake to sex and age-group margins;
//! - `end_to_end`: all of the above, as the peers script times R and svy;
//! - `logistic_regression` (group `regress_1M`): read the CSV with the regression columns,
//!   build the design and fit `trust ~ age + income + ideology + hhsize + sex + educ`
//!   (quasibinomial, 8 coefficients, two categorical terms) with Taylor SEs, as
//!   `run.py --glm` times R `svyglm` and svy.
//!
//! `cargo bench --bench survey` (release build of polars: several minutes the first time).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use yoron::weight::{Design, DesignSpec, Estimand, Margins, Rake, Respondents};

#[path = "peers/synthetic.rs"]
mod synthetic;

fn spec() -> DesignSpec {
    DesignSpec::new()
        .weight("weight")
        .strata("stratum")
        .psu("psu")
}

fn margins() -> Margins {
    let mut m = Vec::new();
    synthetic::write_margins(&mut m).unwrap_or_default();
    Margins::from_csv_reader(&m[..]).unwrap_or_default()
}

fn read_design(path: &Path, m: &Margins) -> Design {
    let cols = spec()
        .columns()
        .categories(["q5", "qbin", "country"])
        .merge(&m.columns());
    let data = Respondents::read(path, &cols).unwrap_or_else(|e| panic!("{e}"));
    spec().build(data).unwrap_or_else(|e| panic!("{e}"))
}

fn proportions(d: &Design) -> usize {
    let a = d
        .estimate(&Estimand::proportions("q5"))
        .map(|e| e.rows().len());
    let b = d
        .estimate(&Estimand::proportions("qbin"))
        .map(|e| e.rows().len());
    a.unwrap_or(0) + b.unwrap_or(0)
}

fn by_country(d: &Design) -> usize {
    d.estimate(
        &Estimand::proportions("q5")
            .by("country")
            .contrast("JP", "KR"),
    )
    .map(|e| e.rows().len())
    .unwrap_or(0)
}

fn bench_size(c: &mut Criterion, n: usize, label: &str) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("poll.csv");
    let mut file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    synthetic::write_poll(&mut file, n, 20_261_127, 0).unwrap_or_else(|e| panic!("{e}"));
    let m = margins();
    let design = read_design(&path, &m);

    let mut g = c.benchmark_group(format!("survey_{label}"));
    g.sample_size(10)
        .measurement_time(Duration::from_secs(if n > 2_000_000 { 60 } else { 15 }))
        .throughput(Throughput::Elements(n as u64));
    g.bench_function("read_design_proportions", |b| {
        b.iter(|| proportions(&read_design(black_box(&path), &m)))
    });
    g.bench_function("by_country_contrast", |b| {
        b.iter(|| by_country(black_box(&design)))
    });
    g.bench_function("rake_two_margins", |b| {
        b.iter(|| {
            design
                .rake(black_box(&m), &Rake::new())
                .map(|r| r.report().iterations())
        })
    });
    g.bench_function("end_to_end", |b| {
        b.iter(|| {
            let d = read_design(black_box(&path), &m);
            let k = proportions(&d) + by_country(&d);
            let r = d.rake(&m, &Rake::new()).map(|r| r.report().iterations());
            (k, r)
        })
    });
    g.finish();
}

fn bench_regress(c: &mut Criterion) {
    use yoron::weight::{Family, Model};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("poll_glm.csv");
    let mut file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    synthetic::write_poll_glm(&mut file, 1_000_000, 20_261_127, 0)
        .unwrap_or_else(|e| panic!("{e}"));
    let model = Model::formula("trust ~ age + income + ideology + hhsize + sex + educ")
        .unwrap_or_else(|e| panic!("{e}"))
        .family(Family::Binomial);
    let cols = spec().columns().merge(&model.columns());
    let mut g = c.benchmark_group("regress_1M");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(1_000_000));
    g.bench_function("logistic_regression", |b| {
        b.iter(|| {
            let data = Respondents::read(black_box(&path), &cols).unwrap_or_else(|e| panic!("{e}"));
            let design = spec().build(data).unwrap_or_else(|e| panic!("{e}"));
            design
                .regress(&model)
                .map(|fit| fit.coefficients().len())
                .unwrap_or_else(|e| panic!("{e}"))
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    bench_size(c, 1_000_000, "1M");
    bench_regress(c);
    if std::env::var_os("YORON_BENCH_10M").is_some() {
        bench_size(c, 10_000_000, "10M");
    }
}

criterion_group!(survey, benches);
criterion_main!(survey);
