//! Inputs too large to commit, generated here: a 10 MB line in each place it can go, very
//! deep JSON and many rows of one key. Each must give a bounded, readable error (or load
//! losslessly) rather than panic, overflow the stack or take quadratic time.

use yoron::Dataset;

use super::corpus::describe;

const TEN_MB: usize = 10 * 1024 * 1024;

const HEADER: &str = "series,wave,country,question,question_text,response,option,percent,source,seen_at,conflict,conflict_note,notes";

fn csv(bytes: &[u8]) -> Result<usize, yoron::Error> {
    Dataset::from_csv_reader(bytes).map(|d| d.len())
}

fn json(bytes: &[u8]) -> Result<usize, yoron::Error> {
    Dataset::from_json_reader(bytes).map(|d| d.len())
}

/// The error, which must exist and say each problem in a line of readable length whatever
/// the input's size.
fn rejected(result: &Result<usize, yoron::Error>) -> String {
    let err = result.as_ref().expect_err("input should be rejected");
    for p in err.problems() {
        let shown = p.to_string();
        assert!(shown.len() < 1024, "a problem of {} bytes", shown.len());
    }
    describe(result)
}

#[test]
fn csv_10mb_header_line() {
    let text = "x".repeat(TEN_MB);
    insta::assert_snapshot!(rejected(&csv(text.as_bytes())));
}

#[test]
fn csv_10mb_figure() {
    let text = format!(
        "{HEADER}\ngenron_eai,2016_4th,KR,q,,multi,a,{},,,,,\n",
        "1".repeat(TEN_MB)
    );
    insta::assert_snapshot!(rejected(&csv(text.as_bytes())));
}

#[test]
fn csv_10mb_line_of_commas() {
    let text = format!("{HEADER}\n{}\n", ",".repeat(TEN_MB));
    insta::assert_snapshot!(rejected(&csv(text.as_bytes())));
}

#[test]
fn csv_10mb_unclosed_quote() {
    let text = format!(
        "{HEADER}\ngenron_eai,2016_4th,KR,q,,multi,a,38,,,,,\"{}\n",
        "genron_eai,2016_4th,KR,q,,multi,b,38,,,,,\n".repeat(TEN_MB / 40)
    );
    insta::assert_snapshot!(rejected(&csv(text.as_bytes())));
}

/// Two rows of one question with different 10 MB wordings: the message quotes neither
/// in full.
#[test]
fn csv_10mb_inconsistent_wording() {
    let a = "a".repeat(TEN_MB / 2);
    let b = "b".repeat(TEN_MB / 2);
    let text = format!(
        "{HEADER}\ngenron_eai,2016_4th,KR,q,{a},multi,a,38,,,,,\ngenron_eai,2016_4th,KR,q,{b},multi,b,38,,,,,\n"
    );
    insta::assert_snapshot!(rejected(&csv(text.as_bytes())));
}

/// A 10 MB note is data: it loads and is written back unchanged.
#[test]
fn csv_10mb_note_is_kept() {
    let note = "長い注記, \"quoted\"\n".repeat(TEN_MB / 24);
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(HEADER.split(',')).unwrap();
    w.write_record([
        "genron_eai",
        "2016_4th",
        "KR",
        "q",
        "",
        "multi",
        "a",
        "38",
        "",
        "",
        "",
        "",
        &note,
    ])
    .unwrap();
    let text = w.into_inner().unwrap();
    let ds = Dataset::from_csv_reader(text.as_slice()).unwrap();
    assert_eq!(ds.figures().next().unwrap().notes(), note);
    let mut out = Vec::new();
    ds.write_csv(&mut out).unwrap();
    let again = Dataset::from_csv_reader(out.as_slice()).unwrap();
    assert_eq!(again.figures().next().unwrap().notes(), note);
}

#[test]
fn json_10mb_figure_and_key() {
    let text = format!(
        "[{{\"series\": \"genron_eai\", \"wave\": \"2016_4th\", \"country\": \"KR\", \"question\": \"q\", \"response\": \"multi\", \"option\": \"a\", \"percent\": {}, \"{}\": 1}}]",
        "1".repeat(TEN_MB / 2),
        "k".repeat(TEN_MB / 2)
    );
    insta::assert_snapshot!(rejected(&json(text.as_bytes())));
}

/// Nesting far beyond any recursion limit is an error, not a stack overflow.
#[test]
fn json_deeply_nested() {
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    insta::assert_snapshot!(rejected(&json(deep.as_bytes())));
    let objects = format!("[{}", "{\"a\":".repeat(1_000_000));
    insta::assert_snapshot!(rejected(&json(objects.as_bytes())));
}

/// Many figures for one key, all marked as conflicts: every pair of rows must not be
/// compared (a 10 MB file of such rows took minutes when they were).
#[test]
fn many_conflicting_rows_of_one_key() {
    let mut text = format!("{HEADER}\n");
    for i in 0..40_000 {
        let mark = if i == 0 { "preferred" } else { "alternative" };
        text.push_str(&format!(
            "genron_eai,2016_4th,KR,q,,multi,a,38,Genron,https://example.org/{},{mark},why,\n",
            i % 2
        ));
    }
    let result = csv(text.as_bytes());
    let err = result.as_ref().unwrap_err();
    assert!(err.problems().len() <= 201);
    insta::assert_snapshot!(
        rejected(&result)
            .lines()
            .take(12)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
