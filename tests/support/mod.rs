//! What the test modules share, so that each file holds only its tests: running the `yoron`
//! binary, the paths of fixtures and reference values, reading a reference CSV, and writing
//! a dataset to bytes.
//!
//! Where things live:
//! - `tests/fixtures/` — inputs made for the tests (the bad-input corpus in `bad/`);
//!   [`fixture`] resolves a path under it.
//! - `tests/reference/` — values computed by R or statsmodels, with the scripts that made
//!   them and their versions (the inputs those scripts read too); [`reference`] resolves a
//!   path under it. Files read at compile time use `include_str!("../reference/...")`.
//! - `tests/reliability/snapshots/` — insta snapshots, where insta puts them.
//! - [`prereq`](crate::prereq) — things outside the crate a test needs (fonts, a browser,
//!   the shared sources), and the rule that no test passes without having run.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use yoron::Dataset;

/// The `yoron` binary cargo built for this test run.
pub(crate) const YORON: &str = env!("CARGO_BIN_EXE_yoron");

/// A `yoron` command without arguments, for a test that sets a working folder, an
/// environment or arguments that are paths.
pub(crate) fn command() -> Command {
    Command::new(YORON)
}

/// Runs `yoron` with `args` and returns its exit status, stdout and stderr.
pub(crate) fn yoron<S: AsRef<OsStr>>(args: &[S]) -> Output {
    command().args(args).output().expect("yoron runs")
}

/// Output bytes as text (invalid UTF-8 shown as U+FFFD, so a failure message still prints).
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What the command wrote to stdout, as [`text`].
pub(crate) fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// What the command wrote to stderr, as [`text`].
pub(crate) fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

/// The stdout of a command that must succeed and print UTF-8; a failure shows its stderr.
pub(crate) fn success_stdout(o: &Output) -> String {
    assert!(o.status.success(), "yoron failed: {}", stderr(o));
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

/// The names in a folder, sorted (to show what a command wrote, or that it left nothing).
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A path relative to the repository root (`data/`, `fuzz/regressions/`, or
/// `../shared/...` beside the clone).
pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A path under `tests/fixtures/`.
pub(crate) fn fixture(path: &str) -> PathBuf {
    repo("tests/fixtures").join(path)
}

/// A path under `tests/reference/`.
pub(crate) fn reference(path: &str) -> PathBuf {
    repo("tests/reference").join(path)
}

/// The rows of a reference CSV: `#` lines are comments, then a header; each row maps a
/// column name to its text.
pub(crate) fn reference_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// [`reference_rows`] of a CSV file.
pub(crate) fn reference_csv(path: impl AsRef<Path>) -> Vec<HashMap<String, String>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reference_rows(&text)
}

/// The dataset written as the tidy CSV.
pub(crate) fn write_csv(ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    ds.write_csv(&mut out).unwrap();
    out
}

/// The dataset written as JSON.
pub(crate) fn write_json(ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    ds.write_json(&mut out).unwrap();
    out
}
