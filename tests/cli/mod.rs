//! The `yoron` binary: output, exit codes and error text.

use crate::support::{stderr, stdout, yoron};

mod own_data;

#[test]
fn show_threat_2016_csv() {
    let o = yoron(&[
        "show",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    for col in [
        "series",
        "wave",
        "country",
        "fieldwork_start",
        "fieldwork_end",
        "n",
        "question",
        "option",
        "percent",
        "source",
    ] {
        assert!(header.iter().any(|h| h == col), "missing {col}");
    }
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<(String, String, String, String, String)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[idx("country")].to_string(),
                r[idx("option")].to_string(),
                r[idx("percent")].to_string(),
                r[idx("n")].to_string(),
                r[idx("fieldwork_start")].to_string(),
            )
        })
        .collect();
    let expect = [
        ("JP", "china", "80", "1000", "2016-06-18"),
        ("JP", "north_korea", "73", "1000", "2016-06-18"),
        ("KR", "north_korea", "84", "1010", "2016-06-16"),
        ("KR", "japan", "38", "1010", "2016-06-16"),
        ("KR", "china", "36", "1010", "2016-06-16"),
    ];
    let got: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c, d, e)| (a.as_str(), b.as_str(), c.as_str(), d.as_str(), e.as_str()))
        .collect();
    assert_eq!(got, expect);
}

#[test]
fn show_cabinet_office_affinity_every_year() {
    let o = yoron(&[
        "show",
        "cabinet_office",
        "affinity_korea",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.contains(",FY2016,")
            && l.contains(",not_feel_total,")
            && l.contains(",59.1,"))
    );
    for fy in ["FY1996", "FY2004", "FY2012", "FY2019", "FY2020", "FY2024"] {
        assert!(out.contains(&format!(",{fy},")), "{fy} missing");
    }
}

#[test]
fn show_json_keeps_published_precision() {
    let o = yoron(&[
        "show",
        "cabinet_office",
        "affinity_korea",
        "--wave",
        "FY2012",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"percent\": 59.0"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn export_validates_and_holds_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.csv");
    let o = yoron(&["export", "--out", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = yoron(&["validate", path.to_str().unwrap()]);
    assert!(v.status.success(), "{}", stderr(&v));
    assert!(stdout(&v).contains("ok: 867 figures, 6 series"));
    // export's columns include show's csv columns under the same names.
    let show = yoron(&["show", "genron_eai", "military_threat", "--format", "csv"]);
    let show_header = stdout(&show).lines().next().unwrap().to_string();
    let exported = std::fs::read_to_string(&path).unwrap();
    let export_header: Vec<&str> = exported.lines().next().unwrap().split(',').collect();
    for col in show_header.split(',') {
        assert!(export_header.contains(&col), "{col}");
    }
    // The same through stdout, and as JSON.
    let o = yoron(&["export"]);
    assert!(o.stdout == exported.as_bytes());
    let jpath = dir.path().join("all.json");
    assert!(
        yoron(&["export", "--out", jpath.to_str().unwrap()])
            .status
            .success()
    );
    let v = yoron(&["validate", jpath.to_str().unwrap()]);
    assert!(stdout(&v).contains("ok: 867 figures"), "{}", stderr(&v));
}

#[test]
fn validate_reports_every_problem_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "series,wave,country,question,response,option,percent\n\
         genron_eai,2016_4th,KR,q,multi,a,12%\n\
         genron_eai,2016_4th,Korea,q,multi,b,5\n\
         genron_ea,2016_4th,KR,q,multi,c,5\n",
    )
    .unwrap();
    let o = yoron(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    let p = path.display().to_string();
    assert!(
        err.starts_with(&format!("yoron: {p}: 3 problems found, nothing loaded\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}:2:7: column \"percent\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}:3:3: column \"country\""))
            && err.contains("did you mean \"KR\""),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}:4:1: column \"series\""))
            && err.contains("did you mean \"genron_eai\""),
        "{err}"
    );
}

#[test]
fn unknown_names_exit_2_with_the_known_ones() {
    let o = yoron(&["show", "genron_eai", "militry_threat"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("yoron: unknown question in series genron_eai \"militry_threat\" (did you mean \"military_threat\"?)"), "{err}");
    let o = yoron(&["validate", "/no/such/file.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("yoron: /no/such/file.csv: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_commands() {
    let o = yoron(&["list", "series"]);
    assert!(stdout(&o).contains("genron_eai") && stdout(&o).contains("cabinet_office"));
    let o = yoron(&[
        "list",
        "questions",
        "--series",
        "genron_eai",
        "--format",
        "csv",
    ]);
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("genron_eai,military_threat,multi,"))
    );
    let o = yoron(&[
        "list",
        "waves",
        "--series",
        "cabinet_office",
        "--format",
        "csv",
    ]);
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("cabinet_office,FY2020,JP,") && l.contains("mode change"))
    );
}

#[test]
fn compare_csv_has_the_issue_columns() {
    let o = yoron(&[
        "compare",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out.lines().next().unwrap();
    for col in [
        "option",
        "jp_percent",
        "kr_percent",
        "gap",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
        "verdict",
    ] {
        assert!(header.split(',').any(|h| h == col), "{col} in {header}");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("north_korea,73,84,-11.0,") && l.contains("KR higher"))
    );
}

#[test]
fn comparison_tables_print_labels_in_the_chosen_language_and_csv_keeps_ids() {
    let args = ["compare", "genron_eai", "military_threat", "--wave", "2016"];
    let en = stdout(&yoron(&args));
    assert!(
        en.starts_with("Countries seen as a military threat: JP vs KR\n"),
        "{en}"
    );
    assert!(en.contains("\nNorth Korea  73  84"), "{en}");
    assert!(!en.contains("north_korea"), "{en}");
    let ja = stdout(&yoron(&[&args[..], &["--lang", "ja"]].concat()));
    assert!(ja.contains("\n北朝鮮  73  84"), "{ja}");
    let ko = stdout(&yoron(&[&args[..], &["--lang", "ko"]].concat()));
    assert!(ko.contains("\n북한    73  84"), "{ko}");
    let csv = stdout(&yoron(
        &[&args[..], &["--format", "csv", "--lang", "ja"]].concat(),
    ));
    assert!(csv.contains("\nnorth_korea,"), "{csv}");
    let show = stdout(&yoron(&[
        "show",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--country",
        "JP",
        "--lang",
        "ko",
    ]));
    assert!(
        show.starts_with("군사적 위협이 된다고 생각하는 나라\n"),
        "{show}"
    );
    assert!(show.contains("  북한  "), "{show}");
    let mirror = stdout(&yoron(&[
        "mirror",
        "genron_eai",
        "impression_of_other",
        "--option",
        "good_total",
    ]));
    assert!(
        mirror.starts_with("Impression of the other country (Good impression (total)):"),
        "{mirror}"
    );
}

#[test]
fn level_takes_the_same_forms_on_every_command() {
    for cmd in [
        &["compare", "genron_eai", "military_threat", "--wave", "2016"][..],
        &["interval", "--percent", "38", "--n", "1010"][..],
        &[
            "diff", "--a", "38", "--na", "1010", "--b", "36", "--nb", "1010",
        ][..],
    ] {
        let outs: Vec<String> = ["0.9", "90", "90%"]
            .iter()
            .map(|l| stdout(&yoron(&[cmd, &["--level", l]].concat())))
            .collect();
        assert!(outs[0].contains("90"), "{}", outs[0]);
        assert_eq!(outs[0], outs[1]);
        assert_eq!(outs[0], outs[2]);
        let bad = yoron(&[cmd, &["--level", "100"]].concat());
        assert_eq!(bad.status.code(), Some(2), "{cmd:?}");
        assert!(stderr(&bad).contains("such as 0.95, 95 or 95%"));
    }
}

#[test]
fn rank_change_and_claims_commands() {
    let o = yoron(&[
        "rank",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--country",
        "KR",
    ]);
    // Tables print the options' labels (issue 13, item 5); CSV and JSON keep the ids.
    assert!(stdout(&o).contains("=2    China"), "{}", stdout(&o));
    let o = yoron(&[
        "change",
        "cabinet_office",
        "affinity_korea",
        "--country",
        "JP",
        "--from",
        "FY2019",
        "--to",
        "FY2020",
    ]);
    assert!(stdout(&o).contains("SERIES BREAK"));
    let o = yoron(&["claims", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 10);
    let o = yoron(&[
        "compare",
        "genron_eai",
        "impression_of_other",
        "--wave",
        "2019",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no published sample size"));
}
