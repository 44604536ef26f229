//! Reading then writing is the identity, for the bundled files and generated data.

use proptest::prelude::*;
use yoron::Dataset;

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

fn percent() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..=100).prop_map(|v| v.to_string()),
        (0u32..1000).prop_map(|v| format!("{}.{}", v / 10, v % 10)),
        (0u32..100).prop_map(|v| format!("{v}.0")),
    ]
}

fn text() -> impl Strategy<Value = String> {
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
        rows in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3, percent(), text(), proptest::option::of(1u32..5000)), 1..30)
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
