//! Properties that must hold for any data: raking hits every margin, keeps weights
//! positive and the total unchanged; estimates lie in their intervals; the parallel CSV
//! reader agrees with a plain one.

use proptest::prelude::*;
use yoron::stats::ConfidenceLevel;
use yoron::weight::{Columns, DesignCiMethod, DesignSpec, Estimand, Margins, Rake, Respondents};

fn csv_of(rows: &[(u8, u8, u8, f64)]) -> String {
    let mut s = String::from("sex,age,q,w\n");
    for (sex, age, q, w) in rows {
        s.push_str(&format!("s{sex},a{age},q{q},{w}\n"));
    }
    s
}

fn rows() -> impl Strategy<Value = Vec<(u8, u8, u8, f64)>> {
    // Every (sex, age) category present: the first 6 rows cover them.
    prop::collection::vec((0u8..2, 0u8..3, 0u8..3, 0.2f64..5.0), 0..200).prop_map(|mut v| {
        for (i, (s, a)) in [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
            .iter()
            .enumerate()
        {
            v.insert(i, (*s, *a, (i % 3) as u8, 1.0));
        }
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(6), ..ProptestConfig::default() })]

    #[test]
    fn raking_hits_margins_keeps_total_and_sign(rows in rows(), f in 0.2f64..0.8, y in 0.1f64..0.5) {
        let csv = csv_of(&rows);
        let spec = DesignSpec::new().weight("w");
        let m = Margins::new()
            .shares("sex", [("s0", f), ("s1", 1.0 - f)])
            .shares("age", [("a0", y), ("a1", 0.6 - y), ("a2", 0.4)]);
        let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&m.columns())).unwrap();
        let d = spec.build(data).unwrap();
        let total: f64 = d.weights().iter().sum();
        let r = d.rake(&m, &Rake::new().tolerance(1e-10).max_iterations(1000)).unwrap();
        let w = r.design().weights();
        prop_assert!(w.iter().all(|&x| x > 0.0));
        let new_total: f64 = w.iter().sum();
        prop_assert!((new_total - total).abs() <= 1e-9 * total);
        // Every margin: weighted share = target.
        let e = r.design().estimate(&Estimand::proportions("sex")).unwrap();
        prop_assert!((e.find(None, "s0").unwrap().estimate() - f).abs() < 1e-8);
        let e = r.design().estimate(&Estimand::proportions("age")).unwrap();
        prop_assert!((e.find(None, "a2").unwrap().estimate() - 0.4).abs() < 1e-8);
    }

    #[test]
    fn intervals_contain_estimates_and_widen_with_level(rows in rows()) {
        let csv = csv_of(&rows);
        let spec = DesignSpec::new().weight("w");
        let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().category("q")).unwrap();
        let d = spec.build(data).unwrap();
        for m in DesignCiMethod::ALL {
            let narrow = d.estimate(&Estimand::proportions("q").interval(m).level(ConfidenceLevel::P80)).unwrap();
            let wide = d.estimate(&Estimand::proportions("q").interval(m).level(ConfidenceLevel::P99)).unwrap();
            for (a, b) in narrow.rows().iter().zip(wide.rows()) {
                if let (Some(n), Some(w)) = (a.ci(), b.ci()) {
                    prop_assert!(n.contains(a.estimate()) || m == DesignCiMethod::Asin, "{m} {n:?} {}", a.estimate());
                    prop_assert!(w.low() <= n.low() + 1e-12 && w.high() >= n.high() - 1e-12, "{m}");
                }
            }
        }
    }

    #[test]
    fn contrast_is_antisymmetric(rows in rows()) {
        let csv = csv_of(&rows);
        let spec = DesignSpec::new().weight("w");
        let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().categories(["q", "sex"])).unwrap();
        let d = spec.build(data).unwrap();
        let ab = d.estimate(&Estimand::proportions("q").by("sex").contrast("s0", "s1")).unwrap();
        let ba = d.estimate(&Estimand::proportions("q").by("sex").contrast("s1", "s0")).unwrap();
        for l in ["q0", "q1", "q2"] {
            let x = ab.find(Some("s0-s1"), l).unwrap();
            let y = ba.find(Some("s1-s0"), l).unwrap();
            prop_assert!((x.estimate() + y.estimate()).abs() < 1e-12);
            prop_assert!((x.se() - y.se()).abs() < 1e-12);
        }
    }
}

#[test]
fn parallel_reader_agrees_with_the_csv_crate_on_a_large_quoted_file() {
    // Big enough for several blocks and threads, with quoted fields holding commas,
    // quotes and line breaks.
    let mut s = String::from("id,note,w,g\n");
    for i in 0..300_000u32 {
        let note = match i % 7 {
            0 => "\"a, b\"".to_string(),
            1 => "\"line\nbreak\"".to_string(),
            2 => "\"say \"\"hi\"\"\"".to_string(),
            _ => format!("n{i}"),
        };
        s.push_str(&format!("{i},{note},{}.5,g{}\n", i % 13, i % 5));
    }
    let data = Respondents::from_csv_reader(
        s.as_bytes(),
        &Columns::new()
            .numbers(["id", "w"])
            .categories(["note", "g"]),
    )
    .unwrap();
    assert_eq!(data.n_rows(), 300_000);
    let spec = DesignSpec::new().weight("w");
    let d = spec.build(data).unwrap();
    let sum: f64 = d.weights().iter().sum();
    let want: f64 = (0..300_000u32).map(|i| f64::from(i % 13) + 0.5).sum();
    assert_eq!(sum, want);
    let categories = d.data().categories("note").unwrap();
    assert!(categories.contains(&"line\nbreak".to_string()));
    assert!(categories.contains(&"say \"hi\"".to_string()));
    // A bad value far into the file is placed on its line (line breaks in quotes count).
    let mut bad = s.clone();
    bad.push_str("300000,x,oops,g1\n");
    let err =
        Respondents::from_csv_reader(bad.as_bytes(), &Columns::new().number("w")).unwrap_err();
    let lines = s.matches('\n').count() + 1;
    assert!(
        err.to_string()
            .contains(&format!("\"oops\" (line {lines})")),
        "{err}"
    );
}

#[test]
fn parallel_reader_agrees_with_the_csv_crate_on_a_large_plain_file() {
    // More than one 32 MiB block and one piece per core, unquoted (the fast path), with
    // what the fast path must hand on: blank lines (rows written into a piece's room then
    // moved up), CRLF ends, numbers that are not plain decimals, missing values, a last
    // line without a line end.
    let mut s = String::from("id,x,g,y\r\n");
    let mut i = 0u32;
    while s.len() < 36 << 20 {
        let x = match i % 11 {
            0 => "1e-3".to_string(),
            1 => " 2.5 ".to_string(),
            2 => "NA".to_string(),
            3 => String::new(),
            4 => "-.75".to_string(),
            5 => "12345678901234567".to_string(),
            6 => format!("+{}.", i % 97),
            _ => format!("{}.{:04}", i % 1000, i % 9973),
        };
        s.push_str(&format!(
            "{i},{x},g{},{}\r\n",
            i % 7,
            f64::from(i + 1) / 8.0
        ));
        if i.is_multiple_of(50_021) {
            s.push_str("\r\n\n");
        }
        i += 1;
    }
    s.push_str("7,8,g9,9");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.csv");
    std::fs::write(&path, &s).unwrap();
    let cols = Columns::new().numbers(["x", "y"]).category("g");
    let data = Respondents::read(&path, &cols).unwrap();
    // The csv crate and `str::parse`, read row by row, are the reference.
    let mut rdr = csv::ReaderBuilder::new().from_reader(s.as_bytes());
    let mut want_x = Vec::new();
    let mut want_y = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let num = |t: &str| match t.trim() {
            "" | "NA" => f64::NAN,
            t => t.parse::<f64>().unwrap(),
        };
        want_x.push(num(&rec[1]));
        want_y.push(num(&rec[3]));
    }
    assert_eq!(data.n_rows(), want_x.len());
    let d = DesignSpec::new().weight("y").build(data).unwrap();
    let y = d.weights();
    assert!(
        y.iter()
            .zip(&want_y)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
    // x: every value, missing ones and those off the fast path included, enters the mean.
    // The mean of x over its non-missing rows, against the reference.
    let est = d.estimate(&Estimand::mean("x").na_rm(true)).unwrap();
    let weighted: f64 = want_x
        .iter()
        .zip(&want_y)
        .filter(|(v, _)| !v.is_nan())
        .map(|(v, w)| v * w)
        .sum::<f64>()
        / want_x
            .iter()
            .zip(&want_y)
            .filter(|(v, _)| !v.is_nan())
            .map(|(_, w)| w)
            .sum::<f64>();
    let got = est.rows()[0].estimate();
    assert!(
        (got - weighted).abs() <= 1e-12 * weighted.abs(),
        "{got} {weighted}"
    );
    assert_eq!(d.data().categories("g").unwrap().len(), 8);
}
