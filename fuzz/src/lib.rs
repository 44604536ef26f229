//! What every fuzz target asserts beyond "no panic".

use yoron::{Dataset, Error};

/// An error lists at least one and at most 201 problems (200 and a count of the rest),
/// each a line under 2 KiB however large the input.
pub fn check_error(e: &Error) {
    let problems = e.problems();
    assert!(!problems.is_empty(), "an error without problems: {e:?}");
    assert!(problems.len() <= 201, "{} problems listed", problems.len());
    for p in problems {
        let shown = p.to_string();
        assert!(!shown.is_empty());
        let head: String = shown.chars().take(200).collect();
        assert!(
            shown.len() < 2048,
            "a problem of {} bytes: {head}",
            shown.len()
        );
    }
}

fn csv(ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    ds.write_csv(&mut out).expect("writing to memory succeeds");
    out
}

fn json(ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    ds.write_json(&mut out).expect("writing to memory succeeds");
    out
}

/// A dataset's CSV and JSON read back, write the same bytes again, and agree.
pub fn check_round_trips(ds: &Dataset) {
    let c1 = csv(ds);
    let from_csv = match Dataset::from_csv_reader(c1.as_slice()) {
        Ok(d) => d,
        Err(e) => panic!(
            "written CSV does not read back: {e}\n{}",
            String::from_utf8_lossy(&c1)
        ),
    };
    assert_eq!(from_csv.len(), ds.len());
    let c2 = csv(&from_csv);
    assert!(
        c1 == c2,
        "CSV changed:\n{}\n---\n{}",
        String::from_utf8_lossy(&c1),
        String::from_utf8_lossy(&c2)
    );

    let j1 = json(ds);
    let from_json = match Dataset::from_json_reader(j1.as_slice()) {
        Ok(d) => d,
        Err(e) => panic!(
            "written JSON does not read back: {e}\n{}",
            String::from_utf8_lossy(&j1)
        ),
    };
    let j2 = json(&from_json);
    assert!(
        j1 == j2,
        "JSON changed:\n{}\n---\n{}",
        String::from_utf8_lossy(&j1),
        String::from_utf8_lossy(&j2)
    );
    assert!(csv(&from_json) == c1, "JSON and CSV disagree");
}
