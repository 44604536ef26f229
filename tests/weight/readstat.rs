//! SPSS, Stata and SAS respondent files (feature `readstat`), against the fixtures R haven
//! wrote in `tests/reference/readstat/make_fixtures.R` and the CSV of the same data: value
//! labels in code order, codes, kinds of missing, variable labels, estimates equal to the
//! CSV's, `describe`, the CLI, and errors on truncated and corrupt files.

use std::path::PathBuf;

use yoron::ErrorKind;
use yoron::weight::{
    Columns, DesignEstimates, DesignSpec, Estimand, FileDescription, MissingKind, Respondents,
    SurveyFormat, VariableType, write_with_column,
};

/// The columns of the survey fixtures, in file order (make_fixtures.R).
const SURVEY_COLUMNS: [&str; 8] = [
    "id",
    "w",
    "country",
    "q1",
    "age",
    "interviewed",
    "comment",
    "notes",
];

fn file(name: &str) -> PathBuf {
    crate::support::reference("readstat").join(name)
}

/// q1's codes as the R script writes them (8 and 9 are declared missing, NA system missing).
const Q1_CODES: [f64; 24] = [
    1.0,
    2.0,
    3.0,
    1.0,
    9.0,
    2.0,
    1.0,
    4.0,
    8.0,
    3.0,
    1.0,
    2.0,
    2.0,
    2.0,
    3.0,
    1.0,
    f64::NAN,
    9.0,
    1.0,
    3.0,
    2.0,
    2.0,
    1.0,
    3.0,
];

fn kinds(data: &Respondents, column: &str) -> Vec<(String, u64)> {
    data.missing(column)
        .unwrap()
        .iter()
        .map(|m| (m.kind().to_string(), m.count()))
        .collect()
}

#[test]
fn sav_labels_in_code_order_codes_and_user_missing() {
    for name in ["survey.sav", "survey.zsav"] {
        let cols = Columns::new()
            .category("q1")
            .category("country")
            .number("w");
        let data = Respondents::read(file(name), &cols).unwrap();
        assert_eq!(data.n_rows(), 24);
        // haven::as_factor order (the R script checks it), without the missing codes 8, 9.
        assert_eq!(
            data.categories("q1").unwrap(),
            ["Strongly agree", "Agree", "Disagree", "4"],
            "{name}"
        );
        let labels: Vec<(f64, &str)> = data
            .value_labels("q1")
            .unwrap()
            .iter()
            .map(|l| (l.code(), l.label()))
            .collect();
        assert_eq!(
            labels,
            [
                (1.0, "Strongly agree"),
                (2.0, "Agree"),
                (3.0, "Disagree"),
                (8.0, "Refused"),
                (9.0, "Don't know")
            ]
        );
        assert_eq!(data.categories("country").unwrap(), ["日本", "한국"]);
        assert_eq!(data.variable_label("country").unwrap(), Some("国 / 나라"));
        assert_eq!(
            data.variable_label("q1").unwrap(),
            Some("Relations will improve (関係は改善する)")
        );
        assert_eq!(
            kinds(&data, "q1"),
            [("system".into(), 1), ("9".into(), 2), ("8".into(), 1)],
            "{name}"
        );
        assert_eq!(kinds(&data, "w"), [("system".into(), 0)]);
        assert!(data.value_labels("w").unwrap().is_empty());
        let err = data.value_labels("age").unwrap_err();
        assert!(err.to_string().contains("\"age\""), "{err}");
    }
}

#[test]
fn a_labelled_column_read_as_a_number_gives_its_codes() {
    for name in ["survey.sav", "survey.dta"] {
        let data =
            Respondents::read(file(name), &Columns::new().numbers(["q1", "country"])).unwrap();
        let design = DesignSpec::new().build(data).unwrap();
        let est = design.estimate(&Estimand::mean("q1").na_rm(true)).unwrap();
        let kept: Vec<f64> = Q1_CODES
            .iter()
            .copied()
            .filter(|c| !c.is_nan() && *c < 8.0)
            .collect();
        let mean = kept.iter().sum::<f64>() / kept.len() as f64;
        assert!(
            (est.rows()[0].estimate() - mean).abs() < 1e-12,
            "{name}: {} vs {mean}",
            est.rows()[0].estimate()
        );
    }
}

/// Asked as both (a mean of `q1` by `q1`'s own categories), a labelled column is a category
/// whose numbers are its codes, not an error about the text "Strongly agree".
#[test]
fn a_labelled_category_used_as_a_number_gives_its_codes() {
    let e = Estimand::mean("q1").na_rm(true);
    let cols = e.columns().merge(&Columns::new().category("q1"));
    let data = Respondents::read(file("survey.sav"), &cols).unwrap();
    let est = DesignSpec::new().build(data).unwrap().estimate(&e).unwrap();
    let codes = Respondents::read(file("survey.sav"), &e.columns()).unwrap();
    let want = DesignSpec::new()
        .build(codes)
        .unwrap()
        .estimate(&e)
        .unwrap();
    assert_eq!(est.rows()[0].estimate(), want.rows()[0].estimate());
}

/// Codes 2 and 3 share the label "Agree" (shared_labels.sav, from make_fixtures.R): as
/// categories they are one, and using that category as a number is an error rather than
/// every 3 silently read as 2.
#[test]
fn codes_sharing_a_label_are_not_guessed_back() {
    let e = Estimand::mean("q");
    let cols = e.columns().merge(&Columns::new().category("q"));
    let data = Respondents::read(file("shared_labels.sav"), &cols).unwrap();
    assert_eq!(data.categories("q").unwrap(), ["Disagree", "Agree"]);
    let err = DesignSpec::new()
        .build(data)
        .unwrap()
        .estimate(&e)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the label \"Agree\" names codes 2 and 3"),
        "{err}"
    );
    // Read as numbers, the codes themselves: (1 + 2 + 3 + 2) / 4.
    let codes = Respondents::read(file("shared_labels.sav"), &e.columns()).unwrap();
    let est = DesignSpec::new()
        .build(codes)
        .unwrap()
        .estimate(&e)
        .unwrap();
    assert_eq!(est.rows()[0].estimate(), 2.0);
}

#[test]
fn dta_extended_missing_keeps_its_kinds() {
    let data = Respondents::read(
        file("survey.dta"),
        &Columns::new().category("q1").category("country"),
    )
    .unwrap();
    assert_eq!(
        data.categories("q1").unwrap(),
        ["Strongly agree", "Agree", "Disagree", "4"]
    );
    assert_eq!(
        kinds(&data, "q1"),
        [("system".into(), 1), (".a".into(), 2), (".b".into(), 1)]
    );
    assert_eq!(
        data.missing("q1").unwrap()[1].kind(),
        &MissingKind::User(".a".into())
    );
    assert_eq!(data.categories("country").unwrap(), ["日本", "한국"]);
}

fn estimates(path: PathBuf, e: &Estimand) -> DesignEstimates {
    let spec = DesignSpec::new().weight("w");
    let data = Respondents::read(&path, &spec.columns().merge(&e.columns())).unwrap();
    spec.build(data).unwrap().estimate(e).unwrap()
}

/// The same numbers for every (group, category), whatever the order of the rows.
fn assert_same(a: &DesignEstimates, b: &DesignEstimates, what: &str) {
    assert_eq!(a.rows().len(), b.rows().len(), "{what}");
    for r in b.rows() {
        let other = match r.category() {
            Some(c) => a
                .find(r.group(), c)
                .unwrap_or_else(|e| panic!("{what}: {c}: {e}")),
            None => a
                .rows()
                .iter()
                .find(|o| o.group() == r.group())
                .unwrap_or_else(|| panic!("{what}: no group {:?}", r.group())),
        };
        for (x, y) in [(other.estimate(), r.estimate()), (other.se(), r.se())] {
            assert!(
                (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                "{what}: {:?} {:?}: {x} vs {y}",
                r.group(),
                r.category()
            );
        }
    }
}

#[test]
fn estimates_from_sav_zsav_and_dta_equal_those_from_the_csv() {
    let csv = file("survey.csv");
    let q1 = Estimand::proportions("q1").by("country").na_rm(true);
    let age = Estimand::mean("age").by("country");
    let comment = Estimand::proportions("comment");
    let date = Estimand::proportions("interviewed").by("q1").na_rm(true);
    for e in [q1, age, comment, date] {
        let want = estimates(csv.clone(), &e);
        for name in ["survey.sav", "survey.zsav", "survey.dta"] {
            assert_same(&estimates(file(name), &e), &want, name);
        }
    }
}

/// A regression reads its predictors as R types them: labelled codes as their labels'
/// levels, unlabelled numbers as numbers, in every file format as in the CSV.
#[test]
fn regressions_from_sav_zsav_and_dta_equal_the_csv_fit() {
    use yoron::weight::Model;
    let fit = |path: PathBuf| {
        let model = Model::formula("age ~ country + q1 + id")
            .unwrap()
            .reference("q1", "Strongly agree")
            .reference("country", "日本")
            .na_rm(true);
        let spec = DesignSpec::new().weight("w");
        let data = Respondents::read(&path, &spec.columns().merge(&model.columns())).unwrap();
        assert!(data.categories("id").is_err(), "id is read as numbers");
        spec.build(data).unwrap().regress(&model).unwrap()
    };
    let want = fit(file("survey.csv"));
    assert_eq!(
        want.coefficients().len(),
        6,
        "intercept, country, q1 (4 levels), id"
    );
    for name in ["survey.sav", "survey.zsav", "survey.dta"] {
        let got = fit(file(name));
        assert_eq!(
            got.coefficients().len(),
            want.coefficients().len(),
            "{name}"
        );
        for w in want.coefficients() {
            let g = got
                .coefficients()
                .iter()
                .find(|g| g.term() == w.term())
                .unwrap_or_else(|| panic!("{name}: no {}", w.term()));
            for (x, y) in [(g.estimate(), w.estimate()), (g.se(), w.se())] {
                assert!(
                    (x - y).abs() <= 1e-10 * y.abs().max(1.0),
                    "{name} {}: {x} vs {y}",
                    w.term()
                );
            }
        }
    }
}

#[test]
fn long_strings_dates_and_non_ascii_text_read_as_the_csv() {
    let cols = Columns::new().categories(["comment", "interviewed", "notes"]);
    let csv = Respondents::read(file("survey.csv"), &cols).unwrap();
    for name in ["survey.sav", "survey.dta"] {
        let data = Respondents::read(file(name), &cols).unwrap();
        for c in ["comment", "interviewed", "notes"] {
            let mut a = data.categories(c).unwrap().to_vec();
            a.sort();
            assert_eq!(a, csv.categories(c).unwrap(), "{name} {c}");
        }
        let long = data
            .categories("comment")
            .unwrap()
            .iter()
            .map(|c| c.len())
            .max()
            .unwrap();
        assert!(long > 255, "{name}: the longest comment has {long} bytes");
    }
}

#[test]
fn sas7bdat_reads_as_its_csv() {
    let cols = Columns::new().category("Species").number("Sepal_Length");
    let sas = Respondents::read(file("iris.sas7bdat"), &cols).unwrap();
    let csv = Respondents::read(file("iris.csv"), &cols).unwrap();
    assert_eq!(sas.n_rows(), 150);
    assert_eq!(
        sas.categories("Species").unwrap(),
        csv.categories("Species").unwrap()
    );
    let e = Estimand::mean("Sepal_Length").by("Species");
    let a = DesignSpec::new().build(sas).unwrap().estimate(&e).unwrap();
    let b = DesignSpec::new().build(csv).unwrap().estimate(&e).unwrap();
    assert_same(&a, &b, "iris");
    assert_eq!(
        Respondents::header(file("iris.sas7bdat")).unwrap(),
        Respondents::header(file("iris.csv")).unwrap()
    );
}

#[test]
fn unknown_and_non_numeric_columns_name_the_place() {
    let path = file("survey.sav");
    let err = Respondents::read(&path, &Columns::new().number("weight")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("unknown column \"weight\""), "{msg}");
    assert!(msg.contains("w, country, q1"), "{msg}");
    assert_eq!(err.position().and_then(|p| p.path()), Some(path.as_path()));

    let err = Respondents::read(&path, &Columns::new().number("notes")).unwrap_err();
    let pos = err.position().unwrap();
    assert_eq!(pos.column_name(), Some("notes"));
    assert_eq!(pos.path(), Some(path.as_path()));
    let ErrorKind::BadValues { count, rows, .. } = err.kind() else {
        panic!("{err:?}")
    };
    assert_eq!(*count, 24);
    assert_eq!(rows[0].0.row(), Some(1));
    assert_eq!(rows[0].1, "made-up test data");
}

#[test]
fn header_lists_the_variables() {
    assert_eq!(
        Respondents::header(file("survey.dta")).unwrap(),
        SURVEY_COLUMNS
    );
}

/// Cut and corrupted copies of every fixture: an error (or, for bytes that a reader does
/// not look at, the data), never a panic or an abort.
#[test]
fn truncated_and_corrupt_files_are_errors() {
    let cols = Columns::new().number("w").category("q1");
    for (name, format, cols) in [
        ("survey.sav", SurveyFormat::Spss, cols.clone()),
        ("survey.zsav", SurveyFormat::Spss, cols.clone()),
        ("survey.dta", SurveyFormat::Stata, cols.clone()),
        (
            "iris.sas7bdat",
            SurveyFormat::Sas,
            Columns::new().number("Sepal_Length"),
        ),
    ] {
        let bytes = std::fs::read(file(name)).unwrap();
        for cut in [
            0,
            1,
            8,
            64,
            200,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            // bytes.len() / 2 is a page boundary of the SAS file (64 KiB pages): its reader
            // stops there without an error, and the header's row count tells.
            let r = Respondents::from_survey_bytes(&bytes[..cut], format, &cols);
            let err = match r {
                Ok(d) => panic!("{name} cut at {cut} read {} rows", d.n_rows()),
                Err(e) => e,
            };
            assert!(
                matches!(err.kind(), ErrorKind::SurveyFile { .. }),
                "{name} cut at {cut}: {err}"
            );
            assert!(err.is_invalid_input());
        }
        // A Stata file cut anywhere in its value labels, which follow the data, or its
        // closing tag: an error, not every row with labels lost.
        for cut in
            (bytes.len().saturating_sub(400)..bytes.len()).filter(|_| format == SurveyFormat::Stata)
        {
            if let Ok(d) = Respondents::from_survey_bytes(&bytes[..cut], format, &cols) {
                panic!("{name} cut at {cut} read {} rows", d.n_rows());
            }
        }
        // Cut at every KiB (a SAS file's pages are whole KiBs): never fewer rows in silence.
        for cut in (1024..bytes.len())
            .step_by(1024)
            .filter(|_| format == SurveyFormat::Sas)
        {
            if let Ok(d) = Respondents::from_survey_bytes(&bytes[..cut], format, &cols) {
                panic!("{name} cut at {cut} read {} rows", d.n_rows());
            }
        }
        let mut flipped = 0;
        for at in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
            let mut b = bytes.clone();
            b[at] ^= 0xff;
            if Respondents::from_survey_bytes(&b, format, &cols).is_err() {
                flipped += 1;
            }
        }
        assert!(flipped > 0, "{name}: no flipped byte was noticed");
    }
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.sav");
    let bytes = std::fs::read(file("survey.sav")).unwrap();
    std::fs::write(&cut, &bytes[..100]).unwrap();
    let err = Respondents::read(&cut, &cols).unwrap_err();
    assert_eq!(err.position().and_then(|p| p.path()), Some(cut.as_path()));
    assert!(
        err.to_string()
            .contains("expected a readable SPSS .sav file"),
        "{err}"
    );
}

#[test]
fn describe_lists_labels_types_and_missing_kinds() {
    let d = FileDescription::read(file("survey.sav")).unwrap();
    assert_eq!(d.n_rows(), 24);
    let names: Vec<&str> = d.variables().iter().map(|v| v.name()).collect();
    assert_eq!(names, SURVEY_COLUMNS);
    let q1 = d.variable("q1").unwrap();
    assert_eq!(q1.variable_type(), VariableType::Number);
    assert_eq!(q1.missing_total(), 4);
    assert_eq!(
        d.variable("interviewed").unwrap().variable_type(),
        VariableType::Date
    );
    assert_eq!(
        d.variable("comment").unwrap().variable_type(),
        VariableType::Text
    );
    let mut out = Vec::new();
    d.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(
            "q1,Relations will improve (関係は改善する),number,1=Strongly agree; 2=Agree; 3=Disagree; 8=Refused; 9=Don't know,4,system=1; 9 (Don't know)=2; 8 (Refused)=1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("country,国 / 나라,number,1=日本; 2=한국,0,system=0\n"),
        "{text}"
    );

    let dta = FileDescription::read(file("survey.dta")).unwrap();
    let kinds: Vec<String> = dta
        .variable("q1")
        .unwrap()
        .missing()
        .iter()
        .map(|m| format!("{}={}", m.kind(), m.count()))
        .collect();
    assert_eq!(kinds, ["system=1", ".a=2", ".b=1"]);
    let q1 = dta.variable("q1").unwrap();
    let labels: Vec<&str> = q1.value_labels().iter().map(|l| l.label()).collect();
    assert_eq!(labels, ["Strongly agree", "Agree", "Disagree"]);
    let named: Vec<Option<&str>> = q1.missing().iter().map(|m| m.label()).collect();
    assert_eq!(named, [None, Some("Don't know"), Some("Refused")]);

    let csv = FileDescription::read(file("survey.csv")).unwrap();
    assert_eq!(
        csv.variable("age").unwrap().variable_type(),
        VariableType::Number
    );
    assert_eq!(csv.variable("q1").unwrap().missing_total(), 4);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["variables"][3]["missing"][1]["kind"], "9");
    assert_eq!(json["variables"][3]["value_labels"][1]["label"], "Agree");
}

#[test]
fn a_survey_file_is_never_copied_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let err = write_with_column(&file("survey.sav"), &out, "raked", &[1.0; 24]).unwrap_err();
    assert!(err.to_string().contains("does not write them"), "{err}");
    assert!(!out.exists());
}

#[cfg(feature = "cli")]
mod cli {
    use super::file;

    fn yoron(args: &[&str]) -> (i32, String, String) {
        let out = crate::support::command().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    #[test]
    fn describe_prints_every_variable() {
        let sav = file("survey.sav");
        let (code, out, err) = yoron(&["describe", "--data", sav.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("24 rows"), "{out}");
        assert!(out.contains("1=日本; 2=한국"), "{out}");
        let (code, out, err) = yoron(&[
            "describe",
            "--data",
            sav.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("name,label,type,value_labels,missing,missing_by_kind\nid,"));
        let (code, out, _) = yoron(&[
            "describe",
            "--data",
            file("survey.csv").to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["n_rows"], 24);
    }

    #[test]
    fn estimate_reads_a_sav_as_its_csv() {
        let run = |data: &str| {
            let (code, out, err) = yoron(&[
                "estimate",
                "--data",
                file(data).to_str().unwrap(),
                "--weight",
                "w",
                "--var",
                "country",
                "--format",
                "csv",
            ]);
            assert_eq!(code, 0, "{err}");
            out
        };
        assert_eq!(run("survey.sav"), run("survey.csv"));
        let (code, _, err) = yoron(&["describe", "--data", "/nonexistent/poll.dta"]);
        assert_eq!(code, 2);
        assert!(err.contains("poll.dta"), "{err}");
    }
}
