//! The `estimate`, `crosstab` and `rake` commands, run as a user would.

use std::path::PathBuf;

fn dir() -> PathBuf {
    crate::support::reference("survey")
}

fn yoron(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::command()
        .args(args)
        .current_dir(dir())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const DESIGN: [&str; 8] = [
    "--data", "poll.csv", "--weight", "w", "--strata", "stratum", "--psu", "psu",
];

#[test]
fn estimate_csv_has_the_issue_columns_and_r_values() {
    let mut args = vec!["estimate"];
    args.extend(DESIGN);
    args.extend([
        "--var",
        "q5",
        "--by",
        "country",
        "--contrast",
        "JP,KR",
        "--format",
        "csv",
    ]);
    let (code, out, err) = yoron(&args);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("group,variable,category,estimate,se,ci_low,ci_high,df,deff,n,n_eff")
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 15);
    // R: svyby(~q5, ~country, des, svymean) for JP agree; expected.csv holds the same value.
    let jp = rows
        .iter()
        .find(|r| r[0] == "JP" && r[2] == "agree")
        .unwrap();
    let expected = std::fs::read_to_string(dir().join("expected.csv")).unwrap();
    let want = expected
        .lines()
        .find(|l| {
            l.starts_with(
                "\"strat_clus\",\"prop\",\"q5\",\"country\",\"JP\",\"agree\",\"estimate\"",
            )
        })
        .unwrap()
        .split(',')
        .nth(9)
        .unwrap()
        .trim_matches('"')
        .parse::<f64>()
        .unwrap();
    let got: f64 = jp[3].parse().unwrap();
    assert!((got - want).abs() < 1e-12 * want, "{got} {want}");
    assert!(rows.iter().filter(|r| r[0] == "JP-KR").count() == 5);
    assert!(
        err.is_empty(),
        "stderr is not a terminal, so no progress: {err}"
    );
}

#[test]
fn estimate_json_and_means() {
    let mut args = vec!["estimate"];
    args.extend(DESIGN);
    args.extend(["--var", "age", "--stat", "mean", "--format", "json"]);
    let (code, out, err) = yoron(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["variable"], "age");
    assert!(v[0]["estimate"].as_f64().unwrap() > 40.0);
    assert!(v[0]["category"].is_null());
}

#[test]
fn crosstab_prints_rao_scott() {
    let mut args = vec!["crosstab"];
    args.extend(DESIGN);
    args.extend(["--row", "q5", "--col", "sex", "--format", "csv"]);
    let (code, out, err) = yoron(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("kind,row,col,weighted_total,proportion,se,test,statistic,df,ddf,p\n"));
    assert_eq!(out.lines().filter(|l| l.starts_with("cell,")).count(), 10);
    let f = out.lines().find(|l| l.starts_with("test,,,,,,F,")).unwrap();
    assert!(f.split(',').nth(10).unwrap().parse::<f64>().unwrap() < 0.05);
    let mut args = vec!["crosstab"];
    args.extend(DESIGN);
    args.extend(["--row", "q5", "--col", "sex"]);
    let (_, table, _) = yoron(&args);
    assert!(table.contains("Rao–Scott F = "), "{table}");
}

#[test]
fn rake_writes_every_row_in_order_with_raked_weight() {
    let tmp = tempfile::tempdir().unwrap();
    let out_path = tmp.path().join("raked.csv");
    let mut args = vec!["rake"];
    args.extend(DESIGN);
    let out_str = out_path.to_str().unwrap().to_string();
    args.extend([
        "--margins",
        "margins_totals.csv",
        "--out",
        &out_str,
        "--format",
        "csv",
    ]);
    let (code, report, err) = yoron(&args);
    assert_eq!(code, 0, "{err}");
    assert!(report.contains("iterations,"), "{report}");
    let input = std::fs::read_to_string(dir().join("poll.csv")).unwrap();
    let output = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(input.lines().count(), output.lines().count());
    let raked_r = std::fs::read_to_string(dir().join("raked_weights.csv")).unwrap();
    for (k, (a, b)) in input
        .lines()
        .zip(output.lines())
        .enumerate()
        .skip(1)
        .take(50)
    {
        let id = a.split(',').next().unwrap();
        assert_eq!(b.split(',').next().unwrap(), id, "row {k} moved");
        let w: f64 = b.rsplit(',').next().unwrap().parse().unwrap();
        let want: f64 = raked_r
            .lines()
            .find(|l| l.starts_with(&format!("\"raked\",{id},")))
            .unwrap()
            .rsplit(',')
            .next()
            .unwrap()
            .trim_matches('"')
            .parse()
            .unwrap();
        assert!((w - want).abs() < 1e-6 * want, "id {id}: {w} vs R {want}");
    }
}

#[test]
fn rake_in_place_keeps_every_row_and_a_failed_rake_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("poll.csv");
    std::fs::copy(dir().join("poll.csv"), &data).unwrap();
    let before = std::fs::read_to_string(&data).unwrap();
    let data_str = data.to_str().unwrap().to_string();
    let margins = dir().join("margins_totals.csv");
    let margins = margins.to_str().unwrap();
    // --out is --data: the file is still being read while the raked copy is written.
    let rake_in_place = || {
        yoron(&[
            "rake",
            "--data",
            &data_str,
            "--weight",
            "w",
            "--margins",
            margins,
            "--out",
            &data_str,
        ])
    };
    let (code, _, err) = rake_in_place();
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(&data).unwrap();
    assert_eq!(after.lines().count(), before.lines().count());
    for (a, b) in before.lines().zip(after.lines()) {
        let (kept, added) = b.rsplit_once(',').unwrap();
        assert_eq!(kept, a);
        assert!(!added.is_empty());
    }
    // Raking again to the same file fails (the column exists) and leaves it as it was.
    let (code, _, err) = rake_in_place();
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), after);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn errors_exit_2_with_the_message() {
    let (code, _, err) = yoron(&[
        "estimate", "--data", "poll.csv", "--weight", "wt", "--var", "q5",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("yoron: poll.csv:1: unknown column \"wt\" (did you mean \"w\"?)"),
        "{err}"
    );
    let (code, _, err) = yoron(&[
        "estimate",
        "--data",
        "lonely.csv",
        "--weight",
        "w",
        "--strata",
        "stratum",
        "--psu",
        "psu",
        "--fpc",
        "popn",
        "--var",
        "q",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("1 stratum has a single PSU: 3"), "{err}");
    let (code, out, err) = yoron(&[
        "estimate",
        "--data",
        "lonely.csv",
        "--weight",
        "w",
        "--strata",
        "stratum",
        "--psu",
        "psu",
        "--fpc",
        "popn",
        "--var",
        "q",
        "--lonely-psu",
        "adjust",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("q"));
    let (code, _, err) = yoron(&[
        "estimate",
        "--data",
        "poll.csv",
        "--var",
        "q5",
        "--contrast",
        "JP,KR",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--contrast needs --by"), "{err}");
    let (code, _, err) = yoron(&[
        "estimate", "--data", "poll.csv", "--var", "q5", "--ci", "wald",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown interval method \"wald\""), "{err}");
}

#[test]
fn rake_max_iterations_flag_and_its_old_spelling() {
    // `--max-iterations` is the name (as `Rake::max_iterations`); `--max-iter`, the flag
    // before issue 12, still works for existing scripts but is not advertised.
    let tmp = tempfile::tempdir().unwrap();
    let mut reports = Vec::new();
    for flag in ["--max-iterations", "--max-iter"] {
        let out_str = tmp.path().join("raked.csv").to_str().unwrap().to_string();
        let mut args = vec!["rake"];
        args.extend(DESIGN);
        args.extend([
            "--margins",
            "margins_totals.csv",
            "--out",
            &out_str,
            "--format",
            "csv",
            flag,
            "1",
        ]);
        let (code, report, err) = yoron(&args);
        // One sweep cannot fit two margins to 1e-7: the limit was applied.
        assert_ne!(code, 0, "{flag}: {report}");
        assert!(
            err.contains("raking did not converge in 1 iterations"),
            "{flag}: {err}"
        );
        reports.push(err);
    }
    assert_eq!(reports[0], reports[1]);
    let (_, help, _) = yoron(&["rake", "--help"]);
    assert!(help.contains("--max-iterations"), "{help}");
    assert!(!help.contains("--max-iter "), "{help}");
}

#[test]
fn estimate_level_takes_the_forms_every_command_takes() {
    // 0.9, 90 and 90% are one level (as `yoron compare --level`); 90 % intervals are
    // narrower than the default 95 %.
    let run = |level: Option<&str>| {
        let mut args = vec!["estimate"];
        args.extend(DESIGN);
        args.extend(["--var", "q5", "--format", "csv"]);
        if let Some(l) = level {
            args.extend(["--level", l]);
        }
        let (code, out, err) = yoron(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let forms: Vec<String> = ["0.9", "90", "90%"].map(|l| run(Some(l))).into();
    assert_eq!(forms[0], forms[1]);
    assert_eq!(forms[0], forms[2]);
    assert_ne!(forms[0], run(None));
    let mut args = vec!["estimate"];
    args.extend(DESIGN);
    args.extend(["--var", "q5", "--level", "100"]);
    let (code, _, err) = yoron(&args);
    assert_ne!(code, 0);
    assert!(
        err.contains("a confidence level such as 0.95, 95 or 95%"),
        "{err}"
    );
}
