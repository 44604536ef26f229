//! The paper's claims (issue 13, item 1): every verdict and its test's numbers pinned to
//! values R computed from the published figures (`tests/reference/claims/make_reference.R`,
//! relative tolerance 1e-9), the user's assumed n used and printed, and no check supported by
//! figures that were themselves read in the paper.

use std::collections::HashMap;

use yoron::compare::{ClaimCheck, ClaimVerdict, Claims, CompareOptions};
use yoron::datasets;

use crate::support::reference_rows;

const EXPECTED: &str = include_str!("../reference/claims/expected.csv");
const REL: f64 = 1e-9;

fn checks(options: CompareOptions) -> Vec<ClaimCheck> {
    Claims::bundled()
        .unwrap()
        .evaluate(datasets::bundled(), options)
}

fn expected() -> Vec<HashMap<String, String>> {
    reference_rows(EXPECTED)
}

fn verdict_word(v: ClaimVerdict) -> &'static str {
    match v {
        ClaimVerdict::Supported => "supported",
        ClaimVerdict::NotEstablished => "not_established",
        ClaimVerdict::Contradicted => "contradicted",
        ClaimVerdict::NoData => "no_data",
        _ => "unknown",
    }
}

#[test]
fn claims_every_verdict_matches_r() {
    let rows = expected();
    let mut failures = Vec::new();
    let mut compared = 0;
    for assume_n in [1000u32, 500] {
        let opts = if assume_n == 1000 {
            // 1000 is the default: the rows for it are checked without the option.
            CompareOptions::new()
        } else {
            CompareOptions::new().assume_n(assume_n)
        };
        let checks = checks(opts);
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| r["assume_n"] == assume_n.to_string())
            .collect();
        assert_eq!(mine.len(), 25, "expected.csv: 25 checks per assumed n");
        assert_eq!(checks.len(), 25, "data/claims.csv: 25 checks");
        for row in mine {
            let id = format!("{}.{} (assume_n {assume_n})", row["claim_id"], row["check"]);
            let Some(c) = checks
                .iter()
                .find(|c| c.claim.claim_id == row["claim_id"] && c.claim.check == row["check"])
            else {
                failures.push(format!("{id}: no such check"));
                continue;
            };
            compared += 1;
            if verdict_word(c.verdict) != row["verdict"] {
                failures.push(format!(
                    "{id}: verdict {} vs R {} ({})",
                    verdict_word(c.verdict),
                    row["verdict"],
                    row["call"]
                ));
            }
            for (what, actual) in numbers(c) {
                let e: f64 = row[what].parse().unwrap_or(f64::NAN);
                compared += 1;
                let ok = match (actual, e.is_nan()) {
                    (None, true) => true,
                    (Some(a), false) => (a - e).abs() <= REL * e.abs(),
                    _ => false,
                };
                if !ok {
                    failures.push(format!(
                        "{id}: {what} yoron {actual:?} vs R {e:e}\n    R: {}",
                        row["call"]
                    ));
                }
            }
        }
    }
    eprintln!("claims: {compared} comparisons");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The numbers a check's test produced, in points (p-value as a probability).
fn numbers(c: &ClaimCheck) -> [(&'static str, Option<f64>); 4] {
    if let Some(ci) = c.interval {
        [
            ("estimate", Some(ci.estimate() * 100.0)),
            ("low", Some(ci.low() * 100.0)),
            ("high", Some(ci.high() * 100.0)),
            ("p_value", None),
        ]
    } else if let Some(d) = c.difference {
        [
            ("estimate", Some(d.points())),
            ("low", Some(d.low() * 100.0)),
            ("high", Some(d.high() * 100.0)),
            ("p_value", Some(d.p_value())),
        ]
    } else {
        [
            ("estimate", None),
            ("low", None),
            ("high", None),
            ("p_value", None),
        ]
    }
}

fn get<'a>(checks: &'a [ClaimCheck], id: &str, n: &str) -> &'a ClaimCheck {
    checks
        .iter()
        .find(|c| c.claim.claim_id == id && c.claim.check == n)
        .unwrap()
}

#[test]
fn claims_use_and_print_the_assumed_n() {
    let given = checks(CompareOptions::new().assume_n(500));
    let c = get(&given, "c03", "2");
    assert!(
        c.assumptions.iter().any(|a| a.contains("n = 500 assumed")),
        "{:?}",
        c.assumptions
    );
    assert!(!c.to_string().contains("1000"), "{c}");
    assert!(c.result.contains("[54.7, 63.3]"), "{}", c.result);
    // Without --assume-n the default is stated with its value, the same way.
    let default = checks(CompareOptions::new());
    let c = get(&default, "c03", "2");
    assert!(
        c.assumptions
            .iter()
            .any(|a| a.contains("n = 1000 assumed") && a.contains("default")),
        "{:?}",
        c.assumptions
    );
}

#[test]
fn claims_resting_on_the_papers_own_figures_are_not_supported() {
    let all = checks(CompareOptions::new());
    // c07.3: KR 44.3 (primary) against JP 15, which was read in the paper.
    let c = get(&all, "c07", "3");
    assert_eq!(c.verdict, ClaimVerdict::NotEstablished, "{c}");
    assert!(
        c.assumptions
            .iter()
            .any(|a| a.contains("read in this paper") && a.contains("JP china 15")),
        "{c}"
    );
    // No check of any kind is supported when one of its figures came from the paper.
    for (id, n) in [
        ("c04", "3"),
        ("c04", "4"),
        ("c05", "4"),
        ("c05", "6"),
        ("c06", "3"),
        ("c07", "1"),
        ("c07", "2"),
    ] {
        assert_eq!(
            get(&all, id, n).verdict,
            ClaimVerdict::NotEstablished,
            "{id}.{n}"
        );
    }
}

#[test]
fn claims_text_prints_words() {
    let all = checks(CompareOptions::new());
    let text: String = all.iter().map(ToString::to_string).collect();
    for rust in ["Exact", "NotQuoted", "WithinRounding", "NoData", "Differs"] {
        assert!(!text.contains(rust), "{rust} in\n{text}");
    }
    assert!(
        get(&all, "c06", "6")
            .to_string()
            .contains("within rounding / within rounding"),
        "{}",
        get(&all, "c06", "6")
    );
}
