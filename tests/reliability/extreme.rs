//! Extreme input (issue 13, item 3): no crash and no silent change — dates out of range in a
//! DataFrame, chart sizes, and the number of categories of respondent-data columns.

#[cfg(feature = "polars")]
mod frame_dates {
    use yoron::Dataset;
    use yoron::polars::prelude::*;

    /// A one-row tidy frame whose `fieldwork_start` is `days` after 1970-01-01.
    fn frame(days: i32) -> DataFrame {
        let mut df = df!(
            "series" => ["my_poll"], "publisher" => ["Me"], "wave" => ["2024"],
            "country" => ["JP"], "question" => ["trust_korea"], "response" => ["single"],
            "option" => ["trust"], "percent" => [41.5],
        )
        .unwrap();
        let d = Series::new("fieldwork_start".into(), [days])
            .cast(&DataType::Date)
            .unwrap();
        df.with_column(d.into_column()).unwrap();
        df
    }

    fn problem(days: i32) -> String {
        let e = std::panic::catch_unwind(|| Dataset::from_frame(&frame(days)))
            .unwrap_or_else(|_| panic!("from_frame panicked on {days} days"))
            .expect_err("an out-of-range date is an error");
        let p = &e.problems()[0];
        let pos = p.position().expect("positioned");
        assert_eq!(pos.row(), Some(1), "{e}");
        assert_eq!(pos.column_name(), Some("fieldwork_start"), "{e}");
        p.to_string()
    }

    #[test]
    fn a_date_past_year_9999_is_an_error_not_1970() {
        // 10000-01-01 is 2_932_897 days after 1970-01-01.
        let msg = problem(2_932_897);
        assert!(msg.contains("2932897 days"), "{msg}");
        assert!(msg.contains("9999-12-31"), "{msg}");
        // 9999-12-31 is a date, refused by the tidy rules' year range, not turned into 1970.
        let msg = problem(2_932_896);
        assert!(msg.contains("9999-12-31"), "{msg}");
        // An ordinary date reads back (2024-06-01 is day 19875).
        let ds = Dataset::from_frame(&frame(19_875)).unwrap();
        let df = ds.to_frame().unwrap();
        let back = df
            .column("fieldwork_start")
            .unwrap()
            .cast(&DataType::Int32)
            .unwrap();
        assert_eq!(back.i32().unwrap().get(0), Some(19_875));
    }

    #[test]
    fn a_date_beyond_jiffs_span_is_an_error_not_a_panic() {
        for days in [i32::MAX, i32::MIN, 7_400_000, -7_400_000] {
            let msg = problem(days);
            assert!(msg.contains(&format!("{days} days")), "{msg}");
        }
    }
}

#[cfg(feature = "chart")]
mod chart_size {
    use yoron::chart::{Chart as _, OptionChart};
    use yoron::compare::CompareOptions;

    fn chart() -> OptionChart {
        let q = yoron::datasets::genron_eai()
            .question("military_threat")
            .unwrap();
        OptionChart::for_wave(&q, "2016", &CompareOptions::new()).unwrap()
    }

    /// 10000 × 10000 at scale 8 is an 80000 × 80000 bitmap (19 GB): refused before any
    /// allocation, with the sizes in the message.
    #[test]
    fn a_png_too_large_to_draw_is_refused_before_allocating() {
        let e = chart()
            .size(10_000, 10_000)
            .scale(8.0)
            .to_png()
            .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("80000 × 80000"), "{msg}");
        assert!(msg.contains("at most 50000000 pixels"), "{msg}");
        assert!(e.is_invalid_input(), "{e:?}");
        // Scale 7 (where plotters' bitmap index overflows u32) too.
        assert!(chart().size(10_000, 10_000).scale(7.0).to_png().is_err());
        // SVG has no bitmap: the same size draws.
        assert!(chart().size(10_000, 10_000).scale(8.0).to_svg().is_ok());
    }
}

#[cfg(feature = "polars")]
mod respondent_categories {
    use yoron::weight::{Columns, DesignSpec, Estimand, Respondents};

    /// 1500 respondents, each with their own id, and a two-category answer.
    fn csv() -> String {
        let mut s = String::from("id,q,x\n");
        for i in 0..1500 {
            let q = if i % 3 == 0 { "yes" } else { "no" };
            s.push_str(&format!("r{i},{q},{}\n", i % 7));
        }
        s
    }

    fn design(spec: DesignSpec) -> yoron::weight::Design {
        let cols = Columns::new().category("id").category("q").number("x");
        spec.build(Respondents::from_csv_reader(csv().as_bytes(), &cols).unwrap())
            .unwrap()
    }

    fn refused(e: yoron::Error, what: &[&str]) {
        let msg = e.to_string();
        assert!(e.is_invalid_input(), "{msg}");
        for w in what {
            assert!(msg.contains(w), "{w:?} not in: {msg}");
        }
        assert!(msg.contains("max_categories"), "{msg}");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn the_cli_refuses_an_id_column_and_takes_a_raised_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.csv");
        std::fs::write(&path, csv()).unwrap();
        let run = |extra: &[&str]| {
            crate::support::command()
                .args(["estimate", "--data"])
                .arg(&path)
                .args(extra)
                .output()
                .unwrap()
        };
        let o = run(&["--var", "id"]);
        assert_eq!(o.status.code(), Some(2));
        let err = crate::support::stderr(&o);
        assert!(
            err.contains("id: 1500 categories") && err.contains("--max-categories"),
            "{err}"
        );
        let o = run(&["--var", "q", "--by", "id", "--max-categories", "3000"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // `--max-levels`, the 0.1 name, is a hidden alias that scripts may still use.
        let o = run(&["--var", "q", "--by", "id", "--max-levels", "3000"]);
        assert!(o.status.success(), "{}", crate::support::stderr(&o));
    }

    #[test]
    fn an_id_column_as_a_variable_group_or_crosstab_is_refused_with_its_category_count() {
        let d = design(DesignSpec::new());
        refused(
            d.estimate(&Estimand::proportions("id")).unwrap_err(),
            &["id: 1500 categories", "at most 1000"],
        );
        refused(
            d.estimate(&Estimand::proportions("q").by("id"))
                .unwrap_err(),
            &["q: 2 categories", "id: 1500 categories", "3000"],
        );
        refused(
            d.estimate(&Estimand::mean("x").by("id")).unwrap_err(),
            &["id: 1500 categories"],
        );
        refused(
            d.crosstab("q", "id").unwrap_err(),
            &["q: 2 categories", "id: 1500 categories", "3000"],
        );
        // The limit is the user's to raise.
        let d = design(DesignSpec::new().max_categories(2000));
        let est = d.estimate(&Estimand::proportions("id")).unwrap();
        assert_eq!(est.rows().len(), 1500);
    }
}
