//! One test per validation rule of the tidy format: each input breaks one rule and the
//! test pins the problem's position and message.

use yoron::{Dataset, ErrorKind};

const HEADER: &str = "series,wave,country,fieldwork_start,fieldwork_end,n,question,response,option,percent,source,seen_at,conflict,conflict_note";

fn good_row(option: &str, percent: &str) -> String {
    format!(
        "genron_eai,2016_4th,KR,2016-06-16,2016-07-05,1010,military_threat,multi,{option},{percent},Genron,https://example.org,,"
    )
}

/// Every problem of a CSV input, as displayed.
fn problems(csv: &str) -> Vec<String> {
    let err = Dataset::from_csv_reader(csv.as_bytes()).expect_err("input should be rejected");
    assert!(matches!(err.kind(), ErrorKind::Invalid { .. }));
    err.problems().iter().map(|p| p.to_string()).collect()
}

fn one_problem(csv: &str) -> String {
    let p = problems(csv);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap_or_default()
}

#[test]
fn valid_input_loads() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        good_row("japan", "38"),
        good_row("china", "36")
    );
    let ds = Dataset::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(ds.len(), 2);
}

#[test]
fn missing_column() {
    let p =
        one_problem("series,wave,country,question,response,option\ngenron_eai,1,JP,q,single,a\n");
    assert!(
        p.starts_with("1: missing column \"percent\" (expected columns: series, publisher,"),
        "{p}"
    );
}

#[test]
fn unknown_column_with_suggestion() {
    let csv = format!("{HEADER},precent\n{},5\n", good_row("japan", "38"));
    assert_eq!(
        one_problem(&csv),
        "1:15: column \"precent\": unknown column \"precent\" (did you mean \"percent\"?)"
    );
}

#[test]
fn duplicate_column() {
    let csv = format!("{HEADER},n\n{},5\n", good_row("japan", "38"));
    assert_eq!(
        one_problem(&csv),
        "1:15: column \"n\": column \"n\" appears twice in the header (first as column 6)"
    );
}

#[test]
fn bad_number() {
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "12,5").replace("12,5", "\"12,5\"")
    );
    assert_eq!(
        one_problem(&csv),
        "2:10: column \"percent\": expected a number in [0, 100] written with digits and an optional decimal point (e.g. 38 or 59.1), found \"12,5\""
    );
}

#[test]
fn figure_outside_0_100() {
    let csv = format!("{HEADER}\n{}\n", good_row("japan", "101"));
    assert_eq!(
        one_problem(&csv),
        "2:10: column \"percent\": expected a number in [0, 100], found \"101\""
    );
}

#[test]
fn bad_date() {
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace("2016-06-16", "2016-02-30")
    );
    assert_eq!(
        one_problem(&csv),
        "2:4: column \"fieldwork_start\": expected a day that exists in that month, found \"2016-02-30\""
    );
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace("2016-06-16", "2016/07")
    );
    assert!(
        one_problem(&csv)
            .ends_with("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"2016/07\"")
    );
}

#[test]
fn reversed_dates() {
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace("2016-07-05", "2016-05-01")
    );
    assert_eq!(
        one_problem(&csv),
        "2:5: column \"fieldwork_end\": expected a fieldwork end on or after the start 2016-06-16, found \"2016-05-01\""
    );
}

#[test]
fn sample_size_must_be_positive() {
    for bad in ["0", "-5", "1,010", "1e3"] {
        let csv = format!(
            "{HEADER}\n{}\n",
            good_row("japan", "38").replace("1010", &format!("\"{bad}\""))
        );
        assert_eq!(
            one_problem(&csv),
            format!(
                "2:6: column \"n\": expected a whole number of respondents, at least 1, written with digits only, found \"{bad}\""
            )
        );
    }
}

#[test]
fn unknown_series_with_suggestion() {
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace("genron_eai", "genron_ea")
    );
    let p = one_problem(&csv);
    assert!(p.starts_with("2:1: column \"series\": expected a bundled series (genron_eai, yomiuri_hankook, gallup_korea, cabinet_office, yomiuri_gallup, eai_api) — did you mean \"genron_eai\"? or, for a series of your own, its publisher in column publisher, found \"genron_ea\""), "{p}");
}

#[test]
fn unknown_country_with_suggestion() {
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace(",KR,", ",ROK,")
    );
    assert_eq!(
        one_problem(&csv),
        "2:3: column \"country\": expected an ISO 3166-1 alpha-2 country code such as JP or KR (did you mean \"KR\"?), found \"ROK\""
    );
    let csv = format!(
        "{HEADER}\n{}\n",
        good_row("japan", "38").replace(",KR,", ",XX,")
    );
    assert!(one_problem(&csv).ends_with("such as JP or KR, found \"XX\""));
}

#[test]
fn duplicate_rows_without_conflict_marks() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        good_row("japan", "38"),
        good_row("japan", "39")
    );
    assert_eq!(
        one_problem(&csv),
        "3:9: column \"option\": duplicate figure for genron_eai 2016_4th KR military_threat japan (first on line 2): mark conflicting figures from different sources with conflict = preferred on exactly one row and alternative on the others"
    );
}

#[test]
fn conflicts_need_exactly_one_preferred_and_different_sources() {
    let a = good_row("japan", "38").replace(",,", ",preferred,more outlets");
    let b = good_row("japan", "39")
        .replace(",,", ",preferred,one blog")
        .replace("example.org", "example.net");
    let p = one_problem(&format!("{HEADER}\n{a}\n{b}\n"));
    assert_eq!(
        p,
        "3:13: column \"conflict\": conflicting figures for genron_eai 2016_4th KR military_threat japan: expected exactly one row marked preferred, found 2 (lines 2, 3)"
    );
    let b = good_row("japan", "39").replace(",,", ",alternative,one blog");
    let p = one_problem(&format!("{HEADER}\n{a}\n{b}\n"));
    assert!(p.contains("conflicting figures must come from different sources, but line 2 has the same source and seen_at"), "{p}");
    // A mark without a reason.
    let c = good_row("china", "36").replace(",,", ",preferred,");
    let p = problems(&format!("{HEADER}\n{c}\n"));
    assert!(
        p[0].contains("expected a reason why this figure is preferred (conflict_note)"),
        "{p:?}"
    );
}

#[test]
fn single_response_sum_above_100_plus_rounding() {
    let row = |o: &str, p: &str| good_row(o, p).replace(",multi,", ",single,");
    // 60 + 41 = 101 ≤ 100 + 2 × 0.5: within rounding.
    let ok = format!("{HEADER}\n{}\n{}\n", row("a", "60"), row("b", "41"));
    assert!(Dataset::from_csv_reader(ok.as_bytes()).is_ok());
    let bad = format!("{HEADER}\n{}\n{}\n", row("a", "60"), row("b", "42"));
    assert_eq!(
        one_problem(&bad),
        "3:10: column \"percent\": single-response question genron_eai 2016_4th KR military_threat: options sum to 102, expected at most 100 plus the rounding tolerance 1 (is the question multi-response?)"
    );
}

#[test]
fn question_multi_in_one_row_single_in_another() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        good_row("japan", "38"),
        good_row("china", "36").replace(",multi,", ",single,")
    );
    assert_eq!(
        one_problem(&csv),
        "3:8: column \"response\": response format of question genron_eai military_threat (single in one row and multi in another): expected \"multi\" (as on line 2), found \"single\""
    );
}

#[test]
fn wave_metadata_must_agree() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        good_row("japan", "38"),
        good_row("china", "36").replace("1010", "1000")
    );
    assert_eq!(
        one_problem(&csv),
        "3:6: column \"n\": n of wave genron_eai 2016_4th KR: expected \"1010\" (as on line 2), found \"1000\""
    );
}

#[test]
fn wrong_number_of_fields() {
    let csv = format!("{HEADER}\n{},extra\n", good_row("japan", "38"));
    assert_eq!(
        one_problem(&csv),
        "2: expected 14 fields as in the header, found 15"
    );
}

#[test]
fn not_utf8_says_so() {
    // "軍事" in Shift-JIS.
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend_from_slice(b"genron_eai,2016_4th,KR,,,,q,multi,a,5,\x8c\x52\x8e\x96,x,,\n");
    let err = Dataset::from_csv_reader(bytes.as_slice()).unwrap_err();
    let p = err.problems()[0].to_string();
    assert!(p.starts_with("2:39: expected UTF-8 text, found byte 0x8c that is not valid UTF-8 (the file may be in Shift-JIS, EUC-KR"), "{p}");
}

#[test]
fn empty_and_header_only() {
    assert_eq!(
        one_problem(""),
        "1: expected at least one row of data, found an empty file"
    );
    assert_eq!(
        one_problem(&format!("{HEADER}\n")),
        "1: expected at least one row of data, found only a header"
    );
}

#[test]
fn every_problem_is_listed_and_nothing_loaded() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        good_row("japan", "abc"),
        good_row("china", "38").replace(",KR,", ",kr,"),
        good_row("russia", "5").replace("1010", "0"),
    );
    let p = problems(&csv);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].starts_with("2:10: column \"percent\""));
    assert!(p[1].starts_with("3:3: column \"country\"") && p[1].contains("did you mean \"KR\""));
    assert!(p[2].starts_with("4:6: column \"n\""));
    let err = Dataset::from_csv_reader(csv.as_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("3 problems found, nothing loaded\n  2:10:")
    );
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", good_row("japan", "101"))).unwrap();
    let err = Dataset::from_csv_path(&path).unwrap_err();
    let p = err.problems()[0].to_string();
    assert!(
        p.starts_with(&format!("{}:2:10: column \"percent\"", path.display())),
        "{p}"
    );
    let missing = Dataset::from_csv_path(dir.path().join("none.csv")).unwrap_err();
    assert!(missing.is_io());
    let dir_err = Dataset::from_csv_path(dir.path()).unwrap_err();
    assert!(dir_err.to_string().contains("is a directory"));
}

#[test]
fn json_errors_point_at_the_row() {
    let json = "[\n  {\"series\": \"genron_eai\", \"wave\": \"2016_4th\", \"country\": \"KR\", \"question\": \"q\", \"response\": \"multi\", \"option\": \"a\", \"percent\": 38},\n  {\"series\": \"genron_eai\", \"wave\": \"2016_4th\", \"country\": \"KR\", \"question\": \"q\", \"response\": \"multi\", \"option\": \"b\", \"percent\": 138}\n]";
    let err = Dataset::from_json_reader(json.as_bytes()).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        "3:3: column \"percent\": expected a number in [0, 100], found \"138\""
    );
}

#[test]
fn bom_and_crlf_are_read() {
    let csv = format!("\u{feff}{HEADER}\r\n{}\r\n", good_row("japan", "38"));
    let ds = Dataset::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(ds.len(), 1);
}
