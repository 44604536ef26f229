//! Regression tests for the bugs that issue 8's corpus, large inputs and fuzzing found,
//! each named after the issue.

use yoron::Dataset;

const HEADER: &str = "series,wave,country,question,response,option,percent,notes";

fn row(option: &str, percent: &str) -> String {
    format!("genron_eai,2016_4th,KR,q,multi,{option},{percent},")
}

fn problems_csv(text: &str) -> Vec<String> {
    let err = Dataset::from_csv_reader(text.as_bytes()).expect_err("input should be rejected");
    err.problems().iter().map(ToString::to_string).collect()
}

/// csv dated a record from the blank lines before it: the bad row on line 6 was said to
/// be on line 4.
#[test]
fn issue_8_blank_lines_do_not_shift_line_numbers() {
    let text = format!("{HEADER}\n\n{}\n\n\n{}\n", row("a", "38"), row("b", "x"));
    let p = problems_csv(&text);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("6:7: column \"percent\""), "{p:?}");
}

/// With CRLF line ends (Windows) every row after the header was said to be one line
/// early; with lone CR line ends (Excel for Mac) every problem was on line 1.
#[test]
fn issue_8_crlf_and_cr_line_ends_count_lines() {
    let text = format!("{HEADER}\r{}\r{}\r", row("a", "38"), row("b", "x"));
    let p = problems_csv(&text);
    assert!(p[0].starts_with("3:7: column \"percent\""), "{p:?}");
    let crlf = text.replace('\r', "\r\n");
    assert!(problems_csv(&crlf)[0].starts_with("3:7:"));
}

/// An unclosed quote in the last column silently swallowed every later row into one
/// note, and the file loaded with one row of three.
#[test]
fn issue_8_unclosed_quote_is_reported_not_swallowed() {
    let text = format!(
        "{HEADER}\n{}\"checked twice\n{}\n{}\n",
        row("a", "38"),
        row("b", "36"),
        row("c", "84")
    );
    let p = problems_csv(&text);
    assert_eq!(
        p,
        ["2:8: column \"notes\": expected a closing quote for the quoted field that opens here, found the end of the file (everything after the quote was read as one field)"]
    );
    // Quotes that close, even around line breaks and doubled quotes, are fine.
    let ok = format!(
        "{HEADER}\n{}\"two\nlines, \"\"quoted\"\"\"\n{}\n",
        row("a", "38"),
        row("b", "36")
    );
    assert_eq!(Dataset::from_csv_reader(ok.as_bytes()).unwrap().len(), 2);
    // A quote inside an unquoted field is a character, as for the csv crate.
    let stray = format!("{HEADER}\n{}5\" tall\n", row("a", "38"));
    assert_eq!(
        Dataset::from_csv_reader(stray.as_bytes()).unwrap().figures().next().unwrap().notes(),
        "5\" tall"
    );
}
