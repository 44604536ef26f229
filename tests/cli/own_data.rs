//! `--data FILE` and `--with-bundled` on every command that reads published figures: the
//! user's files alone, added to the bundled data, a clash, a marked conflict, and a file
//! with problems (exit 2, nothing written). Expected figures are read off the fixtures in
//! `tests/fixtures/own/` (made-up figures, so marked in their `notes` column).

use crate::support::{fixture, repo, stderr, success_stdout, yoron};

fn own(name: &str) -> String {
    fixture(&format!("own/{name}")).display().to_string()
}

/// Runs `yoron ARGS --data my_poll.csv` and returns its stdout.
fn with_my_poll(args: &[&str]) -> String {
    let data = repo("examples/data/my_poll.csv").display().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data", &data]);
    success_stdout(&yoron(&all))
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn list_and_show_read_only_the_users_file() {
    let series = with_my_poll(&["list", "series", "--format", "csv"]);
    let rows = csv_rows(&series);
    assert_eq!(rows.len(), 1, "the user's file replaces the bundled data");
    assert_eq!(
        (&rows[0][0], &rows[0][3], &rows[0][5]),
        ("my_poll", "6", "19")
    );
    let waves = with_my_poll(&["list", "waves", "--format", "csv"]);
    assert_eq!(csv_rows(&waves).len(), 6);
    let show = with_my_poll(&[
        "show",
        "my_poll",
        "trust_other",
        "--wave",
        "2025",
        "--country",
        "JP",
        "--format",
        "csv",
    ]);
    let rows = csv_rows(&show);
    // yes twice (the preferred 41 and the alternative 40), no, don't know.
    let yes: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[9] == "yes")
        .map(|r| (&r[11], &r[14]))
        .collect();
    assert_eq!(yes, [("41", "preferred"), ("40", "alternative")]);
    assert_eq!(rows.len(), 4);
}

#[test]
fn comparisons_run_on_the_users_file() {
    // The gap uses the preferred figure: 41 − 39.
    let gap = with_my_poll(&[
        "compare",
        "my_poll",
        "trust_other",
        "--wave",
        "2025",
        "--format",
        "csv",
    ]);
    let yes = csv_rows(&gap).into_iter().find(|r| &r[0] == "yes").unwrap();
    assert_eq!((&yes[1], &yes[2]), ("41", "39"));
    assert!((yes[3].parse::<f64>().unwrap() - 2.0).abs() < 1e-9);
    let rank = with_my_poll(&[
        "rank",
        "my_poll",
        "trust_other",
        "--wave",
        "2025",
        "--country",
        "KR",
        "--format",
        "csv",
    ]);
    assert!(rank.lines().nth(1).unwrap().contains("no"), "{rank}");
    let change = with_my_poll(&[
        "change",
        "my_poll",
        "trust_other",
        "--country",
        "JP",
        "--from",
        "2023",
        "--to",
        "2025",
        "--format",
        "csv",
    ]);
    let yes = csv_rows(&change)
        .into_iter()
        .find(|r| &r[0] == "yes")
        .unwrap();
    assert_eq!((&yes[1], &yes[2]), ("35", "41"));
    assert!((yes[3].parse::<f64>().unwrap() - 6.0).abs() < 1e-9);
    let mirror = with_my_poll(&[
        "mirror",
        "my_poll",
        "trust_other",
        "--option",
        "yes",
        "--format",
        "csv",
    ]);
    let waves: Vec<String> = csv_rows(&mirror).iter().map(|r| r[0].to_string()).collect();
    assert_eq!(waves, ["2023", "2024", "2025"]);
}

#[test]
fn export_merges_several_files() {
    let data2 = own("other_house.csv");
    let out = with_my_poll(&["export", "--data", &data2]);
    assert_eq!(csv_rows(&out).len(), 19 + 3);
}

#[test]
fn pool_takes_the_users_houses() {
    let data2 = own("other_house.csv");
    let out = with_my_poll(&[
        "pool",
        "--country",
        "JP",
        "--question",
        "trust_other",
        "--option",
        "yes",
        "--data",
        &data2,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["houses"].as_array().map(Vec::len), Some(2), "{out}");
}

#[cfg(feature = "chart")]
#[test]
fn chart_draws_the_users_file() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, extra) in [
        ("trend", ["--option", "yes"]),
        ("gap", ["--wave", "2024"]),
        ("distribution", ["--wave", "2024"]),
    ] {
        let path = dir.path().join(format!("{kind}.svg"));
        let p = path.display().to_string();
        with_my_poll(&[
            "chart",
            kind,
            "my_poll",
            "trust_other",
            extra[0],
            extra[1],
            "--out",
            &p,
        ]);
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(
            svg.contains("Example Research"),
            "{kind}: the source is on the chart"
        );
    }
}

#[test]
fn with_bundled_adds_a_wave_to_a_bundled_series() {
    let data = own("genron_new_wave.csv");
    let o = yoron(&[
        "show",
        "genron_eai",
        "military_threat",
        "--wave",
        "2099",
        "--format",
        "csv",
        "--data",
        &data,
        "--with-bundled",
    ]);
    let rows = csv_rows(&success_stdout(&o));
    assert_eq!(rows.len(), 2);
    assert_eq!((&rows[0][1], &rows[0][11]), ("2099_test", "70"));
    // The bundled waves are still there: the 2016 comparison runs on the merged data.
    let o = yoron(&[
        "compare",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--data",
        &data,
        "--with-bundled",
        "--format",
        "csv",
    ]);
    let nk = csv_rows(&success_stdout(&o))
        .into_iter()
        .find(|r| &r[0] == "north_korea")
        .unwrap();
    assert_eq!((&nk[1], &nk[2]), ("73", "84"));
    // Without --with-bundled the file is the only data.
    let o = yoron(&["list", "series", "--format", "csv", "--data", &data]);
    assert_eq!(csv_rows(&success_stdout(&o)).len(), 1);
}

#[test]
fn a_clash_with_a_bundled_figure_is_an_error_naming_both_places() {
    let data = own("genron_clash.csv");
    let o = yoron(&["list", "series", "--data", &data, "--with-bundled"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("genron_clash.csv:2:6"), "{err}");
    assert!(
        err.contains("duplicate figure for genron_eai 2016_4th JP military_threat north_korea"),
        "{err}"
    );
    assert!(
        err.contains("first on data/genron_eai.csv (bundled) line 198"),
        "{err}"
    );
    // The same file alone is valid: it is the bundled data that it clashes with.
    let o = yoron(&["validate", &data]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = yoron(&["validate", "--with-bundled", &data]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_marked_conflict_with_a_bundled_figure_takes_the_other_role() {
    let data = own("genron_conflict.csv");
    let o = yoron(&[
        "show",
        "genron_eai",
        "military_threat",
        "--wave",
        "2016",
        "--country",
        "JP",
        "--format",
        "csv",
        "--data",
        &data,
        "--with-bundled",
    ]);
    let nk: Vec<(String, String)> = csv_rows(&success_stdout(&o))
        .iter()
        .filter(|r| &r[9] == "north_korea")
        .map(|r| (r[11].to_string(), r[14].to_string()))
        .collect();
    // The file prefers its 74; the bundled 73 becomes the alternative.
    assert_eq!(
        nk,
        [
            ("73".to_string(), "alternative".to_string()),
            ("74".to_string(), "preferred".to_string())
        ]
    );
}

#[test]
fn a_file_with_problems_loads_nothing_and_writes_nothing() {
    let bad = fixture("bad/csv/value_unknown_codes.csv");
    assert!(bad.exists(), "fixture {}", bad.display());
    let bad = bad.display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv").display().to_string();
    for args in [
        vec!["list", "series"],
        vec!["show", "genron_eai", "military_threat"],
        vec!["compare", "genron_eai", "military_threat", "--wave", "2016"],
        vec!["export", "--out", &out],
    ] {
        for bundled in [false, true] {
            let mut all = args.clone();
            all.extend(["--data", &bad]);
            if bundled {
                all.push("--with-bundled");
            }
            let o = yoron(&all);
            assert_eq!(o.status.code(), Some(2), "{all:?}");
            let err = stderr(&o);
            assert!(
                err.contains("nothing loaded") && err.contains("value_unknown_codes.csv:"),
                "{all:?}: {err}"
            );
            assert!(o.stdout.is_empty(), "{all:?}");
        }
    }
    assert!(!std::path::Path::new(&out).exists(), "export wrote nothing");
}

#[test]
fn with_bundled_needs_data() {
    let o = yoron(&["list", "series", "--with-bundled"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--data <FILE>"), "{}", stderr(&o));
}

/// The README's "Bring your own polls" walk-through, line by line, in a scratch folder
/// holding the example file: every command succeeds and writes what it says.
#[cfg(feature = "chart")]
#[test]
fn readme_walk_through_runs() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let block = readme
        .split("<!-- walk-through -->")
        .nth(1)
        .and_then(|b| b.split("<!-- /walk-through -->").next())
        .expect("README has the walk-through block");
    let lines: Vec<&str> = block
        .lines()
        .filter_map(|l| l.strip_prefix("yoron "))
        .collect();
    assert!(lines.len() >= 5, "{block}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("examples/data")).unwrap();
    std::fs::copy(
        repo("examples/data/my_poll.csv"),
        dir.path().join("examples/data/my_poll.csv"),
    )
    .unwrap();
    for line in lines {
        let o = crate::support::command()
            .args(line.split_whitespace())
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "yoron {line}: {}", stderr(&o));
    }
    assert!(dir.path().join("trust.svg").exists());
    let page = std::fs::read_to_string(dir.path().join("my_report/index.html")).unwrap();
    assert!(page.contains("Example Research (made-up figures)"));
    // A question both publics were asked in three waves gets its mirrors (JP − KR by wave).
    assert!(
        page.contains("Both publics, wave by wave"),
        "mirror section"
    );
    assert!(page.contains("Do you trust the other country? — Yes: JP − KR</caption>"));
    // Generic option ids get their words: dont_know is "Don't know".
    assert!(page.contains("Don&#39;t know") || page.contains("Don't know"));
}
