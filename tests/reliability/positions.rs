//! Positions name the place the way the input has it: a line of a file, a row of a
//! DataFrame or a Parquet file, carried as a `Position` rather than as text.

#[cfg(feature = "polars")]
mod frames {
    use yoron::polars::prelude::*;
    use yoron::{Dataset, ErrorKind};

    fn tidy(options: [&str; 3], percents: [&str; 3]) -> DataFrame {
        df!(
            "series" => ["genron_eai"; 3], "wave" => ["2016_4th"; 3], "country" => ["KR"; 3],
            "question" => ["q"; 3], "question_text" => ["A", "A", "B"],
            "response" => ["multi"; 3], "option" => options, "percent" => percents,
        )
        .unwrap()
    }

    /// Issue 12: a DataFrame's problems were placed on "lines" (row 2 was `2:8:`) and a
    /// row named in a message was "line 1".
    #[test]
    fn issue_12_frame_problems_are_on_rows() {
        let err = Dataset::from_frame(&tidy(["a", "b", "c"], ["38", "12,5", "1"])).unwrap_err();
        let p = err.problems();
        assert_eq!(p.len(), 2, "{err}");
        let at = p[0].position().unwrap();
        assert_eq!(
            (at.row(), at.line(), at.column(), at.column_name()),
            (Some(2), None, Some(8), Some("percent"))
        );
        assert_eq!(
            p[0].to_string(),
            "row 2: column \"percent\": expected a number in [0, 100] written with digits and an optional decimal point (e.g. 38 or 59.1), found \"12,5\""
        );
        assert_eq!(
            p[1].to_string(),
            "row 3: column \"question_text\": question_text of question genron_eai q: expected \"A\" (as on row 1), found \"B\""
        );
        match p[1].kind() {
            ErrorKind::Inconsistent { first_at, .. } => assert_eq!(first_at.row(), Some(1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn issue_12_a_duplicate_in_a_frame_names_the_first_row() {
        let err = Dataset::from_frame(&tidy(["a", "b", "a"], ["38", "12", "1"])).unwrap_err();
        let p = &err.problems()[1];
        assert!(
            p.to_string()
                .starts_with("row 3: column \"option\": duplicate figure for genron_eai 2016_4th KR q a (first on row 1): "),
            "{p}"
        );
    }

    /// Bad values of respondent data from a DataFrame are on rows, as positions.
    #[test]
    fn issue_12_bad_respondent_values_carry_their_rows() {
        use yoron::weight::{Columns, DesignSpec, Respondents};
        let df = df!("w" => [1.0, 0.0, -2.0], "q" => ["a", "b", "a"]).unwrap();
        let data = Respondents::from_frame(&df, &Columns::new().number("w").category("q")).unwrap();
        let err = DesignSpec::new().weight("w").build(data).unwrap_err();
        assert_eq!(
            err.to_string(),
            "column \"w\": expected a positive finite weight, found 2 bad values: \"0\" (row 2), \"-2\" (row 3)"
        );
        match err.kind() {
            ErrorKind::BadValues { rows, .. } => {
                let at: Vec<_> = rows.iter().map(|(p, _)| (p.row(), p.line())).collect();
                assert_eq!(at, [(Some(2), None), (Some(3), None)]);
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The same values in a respondent file are on lines.
#[cfg(feature = "polars")]
#[test]
fn issue_12_bad_respondent_values_in_a_file_carry_their_lines() {
    use yoron::ErrorKind;
    use yoron::weight::{Columns, DesignSpec, Respondents};
    let csv = "w,q\n1,a\n0,b\n\n-2,a\n";
    let data =
        Respondents::from_csv_reader(csv.as_bytes(), &Columns::new().number("w").category("q"))
            .unwrap();
    let err = DesignSpec::new().weight("w").build(data).unwrap_err();
    assert!(
        err.to_string().ends_with("\"0\" (line 3), \"-2\" (line 5)"),
        "{err}"
    );
    match err.kind() {
        ErrorKind::BadValues { rows, .. } => {
            let at: Vec<_> = rows.iter().map(|(p, _)| (p.line(), p.row())).collect();
            assert_eq!(at, [(Some(3), None), (Some(5), None)]);
        }
        other => panic!("{other:?}"),
    }
}
