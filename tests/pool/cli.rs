//! `yoron pool`: formats, the JSON shape of issue 14, assumed n, user files, errors.

use crate::support::{text, yoron};

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn json_has_exactly_the_issue_shape() {
    let o = yoron(&[
        "pool",
        "positive_view_of_other",
        "--country",
        "JP",
        "--assume-n",
        "1000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        keys(&v),
        [
            "assumptions",
            "houses",
            "log_likelihood",
            "sigma",
            "trend",
            "unit"
        ]
    );
    assert_eq!(v["unit"], "day");
    assert!(v["sigma"].as_f64().unwrap() > 0.0);
    let trend = v["trend"].as_array().unwrap();
    assert!(trend.len() > 20);
    for t in trend {
        assert_eq!(keys(t), ["ci_high", "ci_low", "date", "estimate"]);
        let d = t["date"].as_str().unwrap();
        assert!(
            d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
            "{d}"
        );
        let (lo, est, hi) = (
            t["ci_low"].as_f64().unwrap(),
            t["estimate"].as_f64().unwrap(),
            t["ci_high"].as_f64().unwrap(),
        );
        assert!(lo < est && est < hi && lo > 0.0 && hi < 100.0);
    }
    let houses = v["houses"].as_array().unwrap();
    for h in houses {
        assert_eq!(
            keys(h),
            ["ci_high", "ci_low", "effect", "house", "polls", "se"]
        );
    }
    let ids: Vec<&str> = houses
        .iter()
        .map(|h| h["house"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"cabinet_office/affinity_korea/feel_total@FY2020"),
        "{ids:?}"
    );
    let sum: f64 = houses.iter().map(|h| h["effect"].as_f64().unwrap()).sum();
    assert!(sum.abs() < 1e-6);
    // Every output says which waves used the assumed n.
    let a: Vec<&str> = v["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        a.iter()
            .any(|s| s.starts_with("n = 1000 assumed") && s.contains("cabinet_office FY2005 JP")),
        "{a:?}"
    );
    assert!(a.iter().any(|s| s.contains("random walk")));
}

#[test]
fn table_and_csv_say_which_waves_used_the_assumed_n() {
    let o = yoron(&[
        "pool",
        "positive_view_of_other",
        "--country",
        "KR",
        "--assume-n",
        "1000",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("House effects"), "{out}");
    assert!(out.contains("gallup_korea/favorability_japan/favorable"));
    assert!(out.contains("n = 1000 assumed (not published) for"));
    assert!(out.contains("left out (no fieldwork or publication date): gallup_korea 2003 KR"));
    let o = yoron(&[
        "pool",
        "positive_view_of_other",
        "--country",
        "KR",
        "--assume-n",
        "1000",
        "--format",
        "csv",
        "--unit",
        "year",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("date,estimate,se,ci_low,ci_high\n"),
        "{out}"
    );
    assert!(out.contains("\nhouse,effect,se,ci_low,ci_high,polls\n"));
    assert!(
        out.contains("\nassumption\n") && out.contains("\n\"n = 1000 assumed"),
        "{out}"
    );
}

#[test]
fn missing_n_is_an_error_that_names_the_waves() {
    let o = yoron(&["pool", "positive_view_of_other", "--country", "JP"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("has no published sample size"), "{err}");
    assert!(
        err.contains("cabinet_office FY2005 JP") && err.contains("--assume-n"),
        "{err}"
    );
}

#[test]
fn unknown_names_are_errors() {
    let o = yoron(&[
        "pool",
        "positive_view",
        "--country",
        "JP",
        "--assume-n",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("unknown concept \"positive_view\""),
        "{}",
        text(&o.stderr)
    );
    let o = yoron(&[
        "pool",
        "positive_view_of_other",
        "--country",
        "JP",
        "--assume-n",
        "1000",
        "--anchor",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("unknown house \"nope\""),
        "{}",
        text(&o.stderr)
    );
    let o = yoron(&[
        "pool",
        "positive_view_of_other",
        "--country",
        "JP",
        "--unit",
        "fortnight",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("unknown time unit \"fortnight\""),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn user_files_pool_every_series_asking_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(
        "series,publisher,wave,country,fieldwork_start,fieldwork_end,n,question,response,option,percent\n",
    );
    let a = [
        ("2020-01", "40.1"),
        ("2020-04", "41.5"),
        ("2020-07", "43.0"),
        ("2020-10", "42.2"),
    ];
    let b = [
        ("2020-02", "44.0"),
        ("2020-05", "45.9"),
        ("2020-08", "46.1"),
        ("2020-11", "45.0"),
    ];
    for (s, rows) in [("poll_a", a), ("poll_b", b)] {
        for (w, p) in rows {
            for (opt, pct) in [
                ("yes", p.to_string()),
                ("no", format!("{:.1}", 100.0 - p.parse::<f64>().unwrap())),
            ] {
                csv.push_str(&format!(
                    "{s},Inst {s},{w},JP,{w},{w},1200,trust,single,{opt},{pct}\n"
                ));
            }
        }
    }
    let path = dir.path().join("mine.csv");
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    let o = yoron(&[
        "pool",
        "--data",
        p,
        "--question",
        "trust",
        "--option",
        "yes",
        "--country",
        "JP",
        "--anchor",
        "poll_a/trust/yes",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let h = v["houses"].as_array().unwrap();
    assert_eq!(h[0]["house"], "poll_a/trust/yes");
    assert_eq!(h[0]["effect"], 0.0);
    let eb = h[1]["effect"].as_f64().unwrap();
    assert!((2.0..5.0).contains(&eb), "{eb}");
    assert_eq!(v["trend"].as_array().unwrap().len(), 8);
    // --known adds its date to the trend.
    let o = yoron(&[
        "pool",
        "--data",
        p,
        "--question",
        "trust",
        "--option",
        "yes",
        "--country",
        "JP",
        "--known",
        "2020-06-01=43",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["trend"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["date"] == "2020-06-01" && t["estimate"] == 43.0)
    );
    // No series asks it.
    let o = yoron(&[
        "pool",
        "--data",
        p,
        "--question",
        "trust",
        "--option",
        "maybe",
        "--country",
        "JP",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no series matched question trust with option maybe in JP"),
        "{}",
        text(&o.stderr)
    );
}
