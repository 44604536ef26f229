//! Loud errors: each names the place, what was expected and what was found.

use yoron::ErrorKind;
use yoron::weight::{
    Columns, Crosstab, DesignSpec, Estimand, LonelyPsu, Margins, Rake, Respondents, Trim,
};

fn read(csv: &str, cols: &Columns) -> yoron::Result<Respondents> {
    Respondents::from_csv_reader(csv.as_bytes(), cols)
}

fn file(csv: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("poll.csv");
    std::fs::write(&path, csv).unwrap();
    (dir, path)
}

#[test]
fn missing_column_suggests_and_names_the_file() {
    let (_d, path) = file("id,weight,q\n1,1,a\n");
    let err = Respondents::read(&path, &Columns::new().number("wieght")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}:1: ", path.display())), "{msg}");
    assert!(
        msg.contains("unknown column \"wieght\" (did you mean \"weight\"?) (known: id, weight, q)"),
        "{msg}"
    );
}

#[test]
fn non_numeric_weight_names_its_lines() {
    let (_d, path) = file("w,q\n1,a\nabc,b\n2,a\n1.5x,b\n");
    let err = Respondents::read(&path, &Columns::new().number("w")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: column \"w\": expected a number, found 2 bad values: \"abc\" (line 3), \"1.5x\" (line 5)",
            path.display()
        )
    );
    assert!(matches!(err.kind(), ErrorKind::BadValues { count: 2, .. }));
}

#[test]
fn zero_negative_nan_and_missing_weights_are_listed() {
    let spec = DesignSpec::new().weight("w");
    let data = read("w\n1\n0\n-2\nNaN\n\n3\ninf\n", &spec.columns()).unwrap();
    let err = spec.build(data).unwrap_err();
    // The blank line is not a row; "inf" is not finite.
    assert_eq!(
        err.to_string(),
        "column \"w\": expected a positive finite weight, found 4 bad values: \"0\" (line 3), \"-2\" (line 4), \"missing or NaN\" (line 5), \"inf\" (line 8)"
    );
}

#[test]
fn many_bad_values_are_counted_not_all_shown() {
    let mut csv = String::from("w\n");
    for _ in 0..100 {
        csv.push_str("-1\n");
    }
    let spec = DesignSpec::new().weight("w");
    let err = spec
        .build(read(&csv, &spec.columns()).unwrap())
        .unwrap_err();
    assert!(
        err.to_string().ends_with("\"-1\" (line 6), and 95 more"),
        "{err}"
    );
}

#[test]
fn psu_in_two_strata_is_an_error_unless_nested() {
    let csv = "st,psu\na,1\na,2\nb,2\nb,3\n";
    let spec = DesignSpec::new().strata("st").psu("psu");
    let data = read(csv, &spec.columns()).unwrap();
    let err = spec.build(data.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column \"psu\": psu \"2\" appears in stratum \"a\" (line 3) and in stratum \"b\" (line 4): give the PSUs of each stratum their own ids, or declare them nested in strata (R: nest = TRUE)"
    );
    let nested = spec.nest(true).build(data).unwrap();
    assert_eq!(nested.n_psu(), 4);
}

#[test]
fn lonely_psu_fails_by_default_and_policies_work() {
    let csv = "st,psu,y\na,1,x\na,2,y\nb,3,x\nc,4,y\nc,5,x\n";
    let spec = DesignSpec::new().strata("st").psu("psu");
    let cols = spec.columns().category("y");
    let err = spec.build(read(csv, &cols).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 stratum has a single PSU: b (choose a lonely-PSU policy: adjust, average, certainty or remove; R: options(survey.lonely.psu = ...))"
    );
    for p in [
        LonelyPsu::Adjust,
        LonelyPsu::Average,
        LonelyPsu::Certainty,
        LonelyPsu::Remove,
    ] {
        let d = spec
            .clone()
            .lonely_psu(p)
            .build(read(csv, &cols).unwrap())
            .unwrap();
        let e = d.estimate(&Estimand::proportions("y")).unwrap();
        assert!(e.rows()[0].se() > 0.0, "{p}");
    }
    assert!(
        "sometimes"
            .parse::<LonelyPsu>()
            .unwrap_err()
            .to_string()
            .contains("known: fail, adjust")
    );
}

#[test]
fn empty_domain_and_missing_answers() {
    let csv = "g,q\na,x\na,y\nb,\nb,NA\n";
    let cols = Columns::new().categories(["g", "q"]);
    let d = DesignSpec::new().build(read(csv, &cols).unwrap()).unwrap();
    let err = d.estimate(&Estimand::proportions("q").by("g")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column \"q\": expected an answer (pass na_rm to leave out missing answers), found 2 bad values: \"\" (line 4), \"\" (line 5)"
    );
    let err = d
        .estimate(&Estimand::proportions("q").by("g").na_rm(true))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "column \"g\": domain g = \"b\" has no respondents, all with a missing answer"
    );
}

#[test]
fn contrast_needs_known_levels_and_a_by() {
    let csv = "g,q\na,x\na,y\nb,x\nb,y\n";
    let cols = Columns::new().categories(["g", "q"]);
    let d = DesignSpec::new().build(read(csv, &cols).unwrap()).unwrap();
    let err = d
        .estimate(&Estimand::proportions("q").by("g").contrast("a", "c"))
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown level of g \"c\""),
        "{err}"
    );
    let err = d
        .estimate(&Estimand::proportions("q").contrast("a", "b"))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("argument contrast: expected a grouping variable"),
        "{err}"
    );
    // A level is checked where it is made, before any estimate.
    let err = yoron::stats::ConfidenceLevel::new(1.5).unwrap_err();
    assert!(
        err.to_string().contains("a confidence level in (0, 1)"),
        "{err}"
    );
}

#[test]
fn indicators_must_be_zero_or_one() {
    let csv = "m\n0\n1\n2\n";
    let d = DesignSpec::new()
        .build(read(csv, &Columns::new().number("m")).unwrap())
        .unwrap();
    let err = d.estimate(&Estimand::indicators(["m"])).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected 0 or 1 (an indicator), found 1 bad value: \"2\" (line 4)"),
        "{err}"
    );
}

#[test]
fn fpc_must_be_constant_within_strata_and_not_mixed() {
    let spec = DesignSpec::new().strata("st").fpc("f");
    let err = spec
        .build(read("st,f\na,10\na,12\nb,10\nb,10\n", &spec.columns()).unwrap())
        .unwrap_err();
    assert!(
        err.to_string().contains("finite population correction in stratum \"a\" (line 3): expected 10 (as on line 2), found \"12\""),
        "{err}"
    );
    let err = spec
        .build(read("st,f\na,10\na,10\nb,0.5\nb,0.5\n", &spec.columns()).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("not a mix"), "{err}");
    let err = spec
        .build(read("st,f\na,1\na,1\nb,3\nb,3\n", &spec.columns()).unwrap())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("a population at least as large as the sample"),
        "{err}"
    );
}

#[test]
fn broken_csv_names_the_line() {
    let err = read("a,b\n1,2\n3\n", &Columns::new().number("a")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "3: expected 2 fields as in the header, found 1"
    );
    let err = read(
        "a,b\n1,2\n",
        &Columns::new().number("a").number("a").category("zz"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown column \"zz\""), "{err}");
    let err = read("a,a\n1,2\n", &Columns::new().number("a")).unwrap_err();
    assert!(err.to_string().contains("appears twice"), "{err}");
    let err = read("", &Columns::new()).unwrap_err();
    assert!(err.to_string().contains("an empty file"), "{err}");
    let err = read("a\n", &Columns::new().number("a")).unwrap_err();
    assert!(err.to_string().contains("only a header"), "{err}");
}

#[test]
fn text_that_is_not_utf8_is_refused() {
    let bytes = b"q\n\x82\xa0\n".to_vec();
    let err = Respondents::from_csv_reader(&bytes[..], &Columns::new().category("q")).unwrap_err();
    assert!(
        err.to_string()
            .contains("2:1: column \"q\": expected UTF-8 text"),
        "{err}"
    );
}

fn sex_age() -> (yoron::weight::Design, Columns) {
    let csv = "sex,age\nF,young\nF,old\nM,young\nM,old\nF,old\n";
    let cols = Columns::new().categories(["sex", "age"]);
    (
        DesignSpec::new().build(read(csv, &cols).unwrap()).unwrap(),
        cols,
    )
}

#[test]
fn raking_targets_must_agree() {
    let (d, _) = sex_age();
    let m = Margins::new()
        .totals("sex", [("F", 50.0), ("M", 50.0)])
        .totals("age", [("young", 40.0), ("old", 70.0)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "raking margin \"age\": totals sum to 110 but margin \"sex\" sums to 100: margins must describe the same population"
    );
    let m = Margins::new().shares("sex", [("F", 52.0), ("M", 48.0)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "raking margin \"sex\": shares sum to 100, expected 1 (percentages? divide them by 100)"
    );
}

#[test]
fn raking_levels_must_match_the_data() {
    let (d, _) = sex_age();
    let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.4), ("X", 0.1)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "raking margin \"sex\": no respondent has level \"X\" (target > 0); data levels: F, M"
    );
    let m = Margins::new().shares("sex", [("F", 1.0)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "raking margin \"sex\": the data has level \"M\" (2 respondents) that the margin does not list (margin levels: F)"
    );
    let m = Margins::new().shares("sex", [("F", 1.0), ("M", 0.0)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert!(
        err.to_string()
            .contains("level \"M\" has target 0 but respondents"),
        "{err}"
    );
    let m = Margins::new().shares("sex", [("F", 0.5), ("F", 0.5)]);
    let err = d.rake(&m, &Rake::new()).unwrap_err();
    assert!(
        err.to_string().contains("level \"F\" is given twice"),
        "{err}"
    );
}

#[test]
fn raking_that_does_not_converge_says_so() {
    let (d, _) = sex_age();
    let m = Margins::new()
        .shares("sex", [("F", 0.3), ("M", 0.7)])
        .shares("age", [("young", 0.8), ("old", 0.2)]);
    let err = d.rake(&m, &Rake::new().max_iterations(1)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("raking did not converge in 1 iterations: largest error"),
        "{err}"
    );
    // A raked design converges with enough sweeps.
    assert!(d.rake(&m, &Rake::new()).is_ok());
    // Bounds that the margins make impossible.
    let err = d
        .rake(&m, &Rake::new().trim(Trim::new(0.9, 1.1).rounds(5)))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("trimming to [0.9, 1.1] × mean weight with re-raking"),
        "{err}"
    );
    let raked = d.rake(&m, &Rake::new()).unwrap().into_design();
    assert!(
        raked
            .rake(&m, &Rake::new())
            .unwrap_err()
            .to_string()
            .contains("not raked yet")
    );
}

#[test]
fn crosstab_needs_two_levels_each() {
    let csv = "a,b\nx,u\ny,u\n";
    let d = DesignSpec::new()
        .build(read(csv, &Crosstab::columns("a", "b")).unwrap())
        .unwrap();
    assert_eq!(
        d.crosstab("a", "b").unwrap_err().to_string(),
        "crosstab of a by b: b needs at least two levels, found 1"
    );
}

#[test]
fn margins_file_errors_name_the_line() {
    let err = Margins::from_csv_reader("variable,level\nsex,F\n".as_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("missing column \"total\""),
        "{err}"
    );
    let err =
        Margins::from_csv_reader("variable,level,share\nsex,F,half\n".as_bytes()).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        "2:3: column \"share\": expected a non-negative number, found \"half\""
    );
    // Every problem at once, each at its line and column, and raking problems that only
    // the data shows still point at the margins file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("margins.csv");
    std::fs::write(
        &path,
        "variable,level,share\nsex,F,0.5\nsex,,0.5\nsex,F,0.5\nage,old,-1\n",
    )
    .unwrap();
    let err = Margins::from_csv_path(&path).unwrap_err();
    let shown: Vec<String> = err
        .problems()
        .iter()
        .map(|p| p.to_string().replace(&path.display().to_string(), "m.csv"))
        .collect();
    assert_eq!(
        shown,
        [
            "m.csv:3:2: column \"level\": expected a level, found \"\"",
            "m.csv:4:2: column \"level\": raking margin \"sex\": level \"F\" is given twice (first on line 2)",
            "m.csv:5:3: column \"share\": expected a non-negative number, found \"-1\"",
        ]
    );
    std::fs::write(
        &path,
        "variable,level,share\nsex,F,0.5\nsex,M,0.4\nsex,X,0.1\n",
    )
    .unwrap();
    let margins = Margins::from_csv_path(&path).unwrap();
    let (design, _) = sex_age();
    let err = design.rake(&margins, &Rake::new()).unwrap_err();
    let pos = err.position().expect("a position in the margins file");
    assert_eq!(
        (pos.path(), pos.line(), pos.column()),
        (Some(path.as_path()), Some(4), Some(2))
    );
    assert!(
        err.to_string().contains("no respondent has level \"X\""),
        "{err}"
    );
}
