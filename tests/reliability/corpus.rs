//! The bad-input corpus under `tests/fixtures/bad/`: every file is rejected, and its problems
//! (kind, line, column, message) are pinned by a snapshot in `snapshots/`.
//!
//! One folder per reader. A new reader (the margins file, respondent files) adds its
//! folder under `tests/fixtures/bad/`, its name to [`FOLDERS`] and a test below that globs the
//! folder with its reader; `cargo insta review` (or `INSTA_UPDATE=always`) writes the new
//! snapshots, which are read and committed with the files.

use std::path::Path;

use yoron::weight::{DesignSpec, Estimand, Margins, Rake, Respondents};
use yoron::{Dataset, Error};

/// The corpus folders, each read by one test below.
const FOLDERS: [&str; 5] = ["csv", "json", "margins", "respondents", "survey"];

/// A reader under test: the input's bytes to the number of records loaded, or the error.
type Reader = fn(&[u8]) -> Result<usize, Error>;

fn tidy_csv(bytes: &[u8]) -> Result<usize, Error> {
    Dataset::from_csv_reader(bytes).map(|d| d.len())
}

fn tidy_json(bytes: &[u8]) -> Result<usize, Error> {
    Dataset::from_json_reader(bytes).map(|d| d.len())
}

/// A respondent file read as `yoron estimate --data F --weight w --strata stratum --psu psu
/// --var q5 --by country` reads it: the file, the design, then the estimates.
fn respondents(bytes: &[u8]) -> Result<usize, Error> {
    let spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
    let q5 = Estimand::proportions("q5").by("country");
    let data = Respondents::from_csv_reader(bytes, &spec.columns().merge(&q5.columns()))?;
    let design = spec.build(data)?;
    design.estimate(&q5)?;
    Ok(design.n_rows())
}

/// A margins file, read and then used to rake a small fixed sample (sex F/M, age
/// 18-39/40+), so that problems only the data can show are pinned too.
fn margins(bytes: &[u8]) -> Result<usize, Error> {
    let m = Margins::from_csv_reader(bytes)?;
    let sample = "sex,age\nF,18-39\nF,40+\nM,18-39\nM,40+\nF,40+\n";
    let columns = Margins::new()
        .shares("sex", [("F", 1.0)])
        .shares("age", [("40+", 1.0)])
        .columns();
    let design =
        DesignSpec::new().build(Respondents::from_csv_reader(sample.as_bytes(), &columns)?)?;
    design.rake(&m, &Rake::new())?;
    Ok(m.variables().len())
}

/// An SPSS, Stata or SAS file (feature `readstat`), its format told by its first bytes as
/// the corpus reader sees only bytes (anything else is taken for SPSS, as the corpus's
/// `.sav` files without a signature are), reading `w` and `q1` as `yoron estimate` would.
#[cfg(feature = "readstat")]
fn survey(bytes: &[u8]) -> Result<usize, Error> {
    use yoron::weight::{Columns, SurveyFormat};
    let format = if bytes.starts_with(b"<stata_dta>") {
        SurveyFormat::Stata
    } else if bytes.len() > 12 && bytes[12..].starts_with(&[0xc2, 0xea, 0x81, 0x60]) {
        SurveyFormat::Sas
    } else {
        SurveyFormat::Spss
    };
    let columns = match format {
        SurveyFormat::Sas => Columns::new().number("Sepal_Length").category("Species"),
        _ => Columns::new().number("w").category("q1"),
    };
    Respondents::from_survey_bytes(bytes, format, &columns).map(|d| d.n_rows())
}

#[cfg(feature = "readstat")]
#[test]
fn survey_corpus() {
    let mut wrong = Vec::new();
    insta::glob!("../fixtures/bad", "survey/*", |path| check(
        path, "survey", survey, &mut wrong
    ));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn respondents_corpus() {
    let mut wrong = Vec::new();
    insta::glob!("../fixtures/bad", "respondents/*.csv", |path| check(
        path,
        "respondents",
        respondents,
        &mut wrong
    ));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn margins_corpus() {
    let mut wrong = Vec::new();
    insta::glob!("../fixtures/bad", "margins/*.csv", |path| check(
        path, "margins", margins, &mut wrong
    ));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn tidy_csv_corpus() {
    let mut wrong = Vec::new();
    insta::glob!("../fixtures/bad", "csv/*.csv", |path| check(
        path, "tidy_csv", tidy_csv, &mut wrong
    ));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn tidy_json_corpus() {
    let mut wrong = Vec::new();
    insta::glob!("../fixtures/bad", "json/*.json", |path| check(
        path,
        "tidy_json",
        tidy_json,
        &mut wrong
    ));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every file under `tests/fixtures/bad/` sits in a folder that a test reads.
#[test]
fn every_corpus_folder_has_a_reader() {
    let root = crate::support::fixture("bad");
    let mut files = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            assert!(
                FOLDERS.contains(&name.as_str()),
                "tests/fixtures/bad/{name}/ has no reader in tests/reliability/corpus.rs"
            );
            files += std::fs::read_dir(entry.path()).unwrap().count();
        } else {
            assert_eq!(
                name, "README.md",
                "corpus files belong in a reader's folder"
            );
        }
    }
    assert!(files >= 40, "the corpus shrank to {files} files");
}

/// Pins the file's outcome; notes in `wrong` a file that was accepted or that has a
/// problem too long to read (after the snapshot, so that every file is still checked).
fn check(path: &Path, reader: &str, read: Reader, wrong: &mut Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    let result = read(&bytes);
    insta::assert_snapshot!(reader, describe(&result));
    let name = path.file_name().unwrap().to_string_lossy();
    match result {
        Ok(n) => wrong.push(format!(
            "{name}: a bad input was accepted ({n} records loaded)"
        )),
        Err(e) => {
            if let Some(long) = e.problems().iter().find(|p| p.to_string().len() > 1024) {
                wrong.push(format!(
                    "{name}: a problem of {} bytes",
                    long.to_string().len()
                ));
            }
        }
    }
}

/// The outcome as the snapshot pins it: the summary line, then every problem's kind,
/// position and message.
pub(crate) fn describe(result: &Result<usize, Error>) -> String {
    let err = match result {
        Ok(n) => return format!("accepted: {n} records\n"),
        Err(e) => e,
    };
    let mut out = String::new();
    let summary = err.to_string();
    let first_line = summary.lines().next().unwrap_or_default();
    out.push_str(&format!("error: {}\n", visible(first_line)));
    for p in err.problems() {
        out.push_str(&format!("- kind: {}\n", kind_name(p)));
        let pos = p.position();
        if let Some(line) = pos.and_then(|p| p.line()) {
            out.push_str(&format!("  line: {line}\n"));
        }
        if let Some(row) = pos.and_then(|p| p.row()) {
            out.push_str(&format!("  row: {row}\n"));
        }
        if let Some(column) = pos.and_then(|p| p.column()) {
            out.push_str(&format!("  column: {column}\n"));
        }
        if let Some(name) = pos.and_then(|p| p.column_name()) {
            let cut: String = name.chars().take(80).collect();
            out.push_str(&format!("  column_name: {}\n", visible(&cut)));
        }
        out.push_str(&format!("  message: {}\n", visible(&p.kind().to_string())));
    }
    out
}

fn kind_name(e: &Error) -> String {
    let debug = format!("{:?}", e.kind());
    debug
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Control and invisible characters as escapes, so snapshots show them.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c == '\u{feff}' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
