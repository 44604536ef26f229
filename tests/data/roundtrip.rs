//! Reading then writing is the identity: the bundled files byte for byte, and generated
//! valid datasets (proptest, seeded) through the tidy CSV, JSON and (feature polars)
//! DataFrames, every figure keeping its published precision.
//!
//! Two generators. The simple one writes multi-response rows with commas, quotes and CJK in
//! the notes. The wide one covers every column of the format, dates at all three
//! precisions, single-response questions within the sum rule with don't-know and net
//! options, conflicting figures with one preferred, and free text with commas, quotes, line
//! breaks (`\n`, `\r\n`, lone `\r`), tabs and CJK.
//!
//! Fuzzing's regression inputs go through the same checks in
//! `tests/reliability/fuzz_regressions.rs`.

use jiff::civil::Date;
use proptest::prelude::*;
use yoron::Dataset;

use crate::support::{write_csv, write_json};

#[test]
fn bundled_files_are_canonical() {
    for (name, text) in yoron::datasets::FILES {
        let ds = Dataset::from_csv_reader(text.as_bytes()).unwrap();
        let mut out = Vec::new();
        ds.write_csv(&mut out).unwrap();
        assert!(
            out == text.as_bytes(),
            "{name}: writing what was read changed the bytes"
        );
    }
}

#[test]
fn json_round_trip_is_lossless() {
    let ds = yoron::datasets::bundled();
    let mut json = Vec::new();
    ds.write_json(&mut json).unwrap();
    let back = Dataset::from_json_reader(json.as_slice()).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    ds.write_csv(&mut a).unwrap();
    back.write_csv(&mut b).unwrap();
    assert!(a == b);
    let mut json2 = Vec::new();
    back.write_json(&mut json2).unwrap();
    assert!(json == json2);
}

#[cfg(feature = "polars")]
#[test]
fn frame_round_trip_is_lossless() {
    let ds = yoron::datasets::bundled();
    let df = ds.to_frame().unwrap();
    let back = Dataset::from_frame(&df).unwrap();
    let df2 = back.to_frame().unwrap();
    assert!(df.equals_missing(&df2));
}

// The simple generator.

fn simple_percent() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..=100).prop_map(|v| v.to_string()),
        (0u32..1000).prop_map(|v| format!("{}.{}", v / 10, v % 10)),
        (0u32..100).prop_map(|v| format!("{v}.0")),
    ]
}

fn simple_text() -> impl Strategy<Value = String> {
    // Commas, quotes, Japanese and Korean text, and spaces must all survive.
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z ,\"'()]{0,20}",
        Just("軍事的脅威を感じる国・地域(複数回答)".to_string()),
        Just("군사적 위협이 된다고 생각하는 국가".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(2026), ..ProptestConfig::default() })]

    #[test]
    fn generated_datasets_survive_write_read_write(
        rows in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3, simple_percent(), simple_text(), proptest::option::of(1u32..5000)), 1..30)
    ) {
        // Build a valid multi-response file: distinct (wave, country, option) per row.
        let mut csv = String::from("series,publisher,wave,country,n,question,question_text,response,option,percent,notes\n");
        let mut seen = std::collections::HashSet::new();
        let mut wave_n = std::collections::HashMap::new();
        for (w, c, o, p, note, n) in &rows {
            if !seen.insert((w, c, o)) { continue; }
            let n = *wave_n.entry((w, c)).or_insert(*n);
            let n = n.map(|v| v.to_string()).unwrap_or_default();
            let country = ["JP", "KR"][*c];
            let mut wtr = csv::WriterBuilder::new().has_headers(false).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
            wtr.write_record(["my_poll", "Me, Inc.", &format!("20{:02}", 10 + w), country, &n, "q1", "Wording, with \"quotes\"", "multi", &format!("opt_{o}"), p, note]).unwrap();
            csv.push_str(std::str::from_utf8(&wtr.into_inner().unwrap()).unwrap());
        }
        let ds = Dataset::from_csv_reader(csv.as_bytes()).unwrap();
        let mut first = Vec::new();
        ds.write_csv(&mut first).unwrap();
        let again = Dataset::from_csv_reader(first.as_slice()).unwrap();
        let mut second = Vec::new();
        again.write_csv(&mut second).unwrap();
        prop_assert!(first == second);
        // Figures keep their published precision.
        let percents: Vec<String> = again.figures().map(|f| f.percent().to_string()).collect();
        let originals: Vec<String> = ds.figures().map(|f| f.percent().to_string()).collect();
        prop_assert_eq!(percents, originals);
    }
}

// The wide generator.

/// A date shown at a precision: 0 = year, 1 = month, 2 = day.
fn show(d: Date, precision: u8) -> String {
    match precision {
        0 => format!("{:04}", d.year()),
        1 => format!("{:04}-{:02}", d.year(), d.month()),
        _ => d.to_string(),
    }
}

/// A percent with `decimals` digits after the point, from a count of its last unit.
fn percent(units: u32, decimals: u8) -> String {
    match decimals {
        0 => units.to_string(),
        d => {
            let scale = 10u32.pow(u32::from(d));
            format!(
                "{}.{:0width$}",
                units / scale,
                units % scale,
                width = usize::from(d)
            )
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => "[a-zA-Z0-9 ,.;:'\"()|-]{1,30}",
        1 => Just("軍事的脅威を感じる国・地域（複数回答）".to_string()),
        1 => Just("군사적 위협이 된다고 생각하는 국가".to_string()),
        1 => Just("two\nlines, \"quoted\"".to_string()),
        1 => Just("windows\r\nline and a lone\rreturn".to_string()),
        1 => Just("\"starts with a quote".to_string()),
        1 => Just(" padded\t".to_string()),
    ]
}

#[derive(Clone, Debug)]
struct GenWave {
    start: Option<(Date, u8)>,
    end: Option<(Date, u8)>,
    published: Option<(Date, u8)>,
    n: Option<u32>,
    mode: Option<&'static str>,
    texts: [String; 3],
}

fn wave() -> impl Strategy<Value = GenWave> {
    let day = (1990i16..2030, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap());
    (
        day,
        0i64..60,
        0i64..400,
        [any::<bool>(); 3],
        [0u8..3, 0u8..3, 0u8..3],
        proptest::option::of(1u32..100_000),
        proptest::option::of(proptest::sample::select(vec![
            "face_to_face",
            "telephone",
            "postal",
            "online",
            "placement",
            "mixed",
        ])),
        [text(), text(), text()],
    )
        .prop_map(|(start, len, delay, has, prec, n, mode, texts)| {
            let end = start.checked_add(jiff::Span::new().days(len)).unwrap();
            let published = end.checked_add(jiff::Span::new().days(delay)).unwrap();
            GenWave {
                start: has[0].then_some((start, prec[0])),
                end: has[1].then_some((end, prec[1])),
                // Publication is checked against the start, so it needs one to mean much.
                published: has[2].then_some((published, prec[2])),
                n,
                mode,
                texts,
            }
        })
}

#[derive(Clone, Debug)]
struct GenOption {
    id: String,
    kind: &'static str,
    units: u32,
    /// Another source's figure for the same option, when sources disagree.
    alternative: Option<u32>,
    source_kind: &'static str,
    texts: [String; 3],
}

#[derive(Clone, Debug)]
struct GenQuestion {
    single: bool,
    decimals: u8,
    options: Vec<GenOption>,
    texts: [String; 3],
}

fn question() -> impl Strategy<Value = GenQuestion> {
    (
        any::<bool>(),
        prop_oneof![3 => Just(0u8), 3 => Just(1u8), 1 => Just(2u8)],
        1usize..6,
        [text(), text(), text()],
    )
        .prop_flat_map(|(single, decimals, k, texts)| {
            let full = 100 * 10u32.pow(u32::from(decimals));
            // Within the sum rule: k options of at most full / k each never exceed 100.
            let most = if single { full / k as u32 } else { full };
            let option = (
                0..=most,
                proptest::option::weighted(0.2, 0..=most),
                proptest::sample::select(vec!["primary", "secondary"]),
                [text(), text(), text()],
            );
            (
                Just(single),
                Just(decimals),
                proptest::collection::vec(option, k),
                Just(texts),
                0..=full,
            )
        })
        .prop_map(|(single, decimals, opts, texts, net)| {
            let last = opts.len() - 1;
            let mut options: Vec<GenOption> = opts
                .into_iter()
                .enumerate()
                .map(|(i, (units, alternative, source_kind, texts))| GenOption {
                    id: if i == last && i > 0 {
                        "dont_know".to_string()
                    } else {
                        format!("option_{i}")
                    },
                    kind: if i == last && i > 0 {
                        "dont_know"
                    } else {
                        "substantive"
                    },
                    units,
                    alternative,
                    source_kind,
                    texts,
                })
                .collect();
            // A publisher's net of scale points is summed apart from the points.
            options.push(GenOption {
                id: "agree_total".to_string(),
                kind: "net",
                units: net,
                alternative: None,
                source_kind: "primary",
                texts: Default::default(),
            });
            GenQuestion {
                single,
                decimals,
                options,
                texts,
            }
        })
}

/// A generated dataset as tidy CSV in the canonical form yoron writes, and the figures
/// in row order.
#[derive(Debug)]
struct Generated {
    csv: Vec<u8>,
    percents: Vec<String>,
}

fn dataset() -> impl Strategy<Value = Generated> {
    (
        proptest::collection::vec((wave(), any::<bool>()), 1..4),
        proptest::collection::vec(question(), 1..4),
    )
        .prop_map(|(waves, questions)| render(&waves, &questions))
}

fn render(waves: &[(GenWave, bool)], questions: &[GenQuestion]) -> Generated {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(yoron::COLUMNS).unwrap();
    let mut percents = Vec::new();
    let date = |d: Option<(Date, u8)>| d.map(|(d, p)| show(d, p)).unwrap_or_default();
    for (wi, (wv, korea)) in waves.iter().enumerate() {
        for (qi, q) in questions.iter().enumerate() {
            for o in &q.options {
                let mut emit = |units: u32, mark: &str, source: &str, seen_at: &str| {
                    let p = percent(units, q.decimals);
                    percents.push(p.clone());
                    let note = if mark.is_empty() {
                        ""
                    } else {
                        "sources disagree"
                    };
                    w.write_record([
                        "my_poll",
                        "Me, Inc.",
                        &format!("{}_{wi}", 2000 + wi),
                        if *korea { "KR" } else { "JP" },
                        &date(wv.start),
                        &date(wv.end),
                        &date(wv.start.and(wv.published)),
                        &wv.n.map(|n| n.to_string()).unwrap_or_default(),
                        wv.mode.unwrap_or_default(),
                        &wv.texts[0],
                        &wv.texts[1],
                        &wv.texts[2],
                        &format!("question_{qi}"),
                        &q.texts[0],
                        &q.texts[1],
                        &q.texts[2],
                        if q.single { "single" } else { "multi" },
                        &o.id,
                        o.kind,
                        &p,
                        source,
                        seen_at,
                        o.source_kind,
                        mark,
                        note,
                        &o.texts[0],
                        &o.texts[1],
                    ])
                    .unwrap();
                };
                match o.alternative {
                    None => emit(o.units, "", &o.texts[2], "https://example.org/release"),
                    Some(alt) => {
                        emit(
                            o.units,
                            "preferred",
                            &o.texts[2],
                            "https://example.org/release",
                        );
                        emit(alt, "alternative", "A blog", "https://blog.example/post");
                    }
                }
            }
        }
    }
    Generated {
        csv: w.into_inner().unwrap(),
        percents,
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        rng_seed: proptest::test_runner::RngSeed::Fixed(8),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// The canonical CSV reads and writes back byte for byte; nothing is dropped and
    /// every figure keeps its printed precision (59.0 stays 59.0).
    #[test]
    fn csv_read_write_is_the_identity(g in dataset()) {
        let ds = Dataset::from_csv_reader(g.csv.as_slice())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&g.csv))))?;
        let out = write_csv(&ds);
        prop_assert!(out == g.csv, "rewritten:\n{}\noriginal:\n{}", String::from_utf8_lossy(&out), String::from_utf8_lossy(&g.csv));
        let percents: Vec<String> = ds.figures().map(|f| f.percent().to_string()).collect();
        prop_assert_eq!(percents, g.percents);
    }

    /// JSON write → read → write is the identity, and the dataset read back writes the
    /// same CSV.
    #[test]
    fn json_write_read_write_is_the_identity(g in dataset()) {
        let ds = Dataset::from_csv_reader(g.csv.as_slice()).unwrap();
        let json = write_json(&ds);
        let back = Dataset::from_json_reader(json.as_slice())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&json))))?;
        prop_assert!(write_json(&back) == json);
        prop_assert!(write_csv(&back) == g.csv);
    }
}

#[cfg(feature = "polars")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..config() })]

    /// DataFrame → dataset → DataFrame leaves the frame unchanged, and the dataset
    /// writes the same CSV: typed dates and figures keep their published precision
    /// through the precision columns.
    #[test]
    fn frame_dataset_frame_is_unchanged(g in dataset()) {
        let ds = Dataset::from_csv_reader(g.csv.as_slice()).unwrap();
        let df = ds.to_frame().unwrap();
        let back = Dataset::from_frame(&df).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let df2 = back.to_frame().unwrap();
        prop_assert!(df.equals_missing(&df2), "{df}\n{df2}");
        prop_assert!(write_csv(&back) == g.csv);
    }
}
