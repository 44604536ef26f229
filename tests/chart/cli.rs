//! `yoron chart`: the file is written (SVG or PNG, chosen by the extension); errors exit
//! with 2, say what is wrong, and leave no file.

use std::path::Path;
use std::process::Output;

use super::{joined, texts, with_cjk_font};
use crate::support::{command, listing, stderr};

/// `yoron chart ARGS --out OUT`.
fn yoron(args: &[&str], out: &Path) -> Output {
    command()
        .arg("chart")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("yoron runs")
}

#[test]
fn threat_svg_is_written_with_title_source_and_n() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("threat.svg");
    let o = yoron(
        &["threat", "genron_eai", "military_threat", "--wave", "2016"],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        out.display().to_string()
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    let t = texts(&svg);
    assert_eq!(
        t[0],
        "Countries seen as a military threat: Japan and South Korea, 2016"
    );
    let all = joined(&svg);
    assert!(
        all.contains("n = 1,010") && all.contains("2016-06-16 – 2016-07-05"),
        "{all}"
    );
    assert_eq!(listing(dir.path()), ["threat.svg"]);
}

#[test]
fn gap_png_has_the_chosen_width_and_scale() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gap.png");
    let o = yoron(
        &[
            "gap",
            "genron_eai",
            "military_threat",
            "--wave",
            "2016",
            "--width",
            "700",
            "--scale",
            "1",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        700
    );
}

#[test]
fn trend_of_several_questions_with_an_assumed_n() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("affinity.svg");
    let o = yoron(
        &[
            "trend",
            "cabinet_office",
            "affinity_korea,affinity_china,affinity_us",
            "--option",
            "feel_total",
            "--country",
            "JP",
            "--assume-n",
            "1800",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let all = joined(&std::fs::read_to_string(&out).unwrap());
    assert!(
        all.contains("assume n = 1,800") && all.contains("series break"),
        "{all}"
    );
}

#[test]
fn distribution_and_change_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.svg");
    let o = yoron(
        &[
            "distribution",
            "yomiuri_hankook",
            "us_or_china_importance",
            "--wave",
            "2016",
        ],
        &d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let c = dir.path().join("c.svg");
    let o = yoron(
        &[
            "change",
            "cabinet_office",
            "affinity_korea",
            "--waves",
            "FY2019,FY2020",
        ],
        &c,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(joined(&std::fs::read_to_string(&c).unwrap()).contains("FY2019 → FY2020"));
}

#[test]
fn japanese_and_korean_charts_from_the_command_line() {
    with_cjk_font(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ja.svg");
        let o = yoron(
            &[
                "threat",
                "genron_eai",
                "military_threat",
                "--wave",
                "2016",
                "--lang",
                "ja",
            ],
            &out,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(joined(&std::fs::read_to_string(&out).unwrap()).contains("北朝鮮"));
        let out = dir.path().join("ko.svg");
        let o = yoron(
            &[
                "threat",
                "genron_eai",
                "military_threat",
                "--wave",
                "2016",
                "--lang",
                "ko",
            ],
            &out,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(joined(&std::fs::read_to_string(&out).unwrap()).contains("북한"));
    });
}

/// Runs a failing command: exit 2, the message, and no file (an old one kept).
fn fails(args: &[&str], out_name: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(out_name);
    let o = yoron(args, &out);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("yoron: "), "{err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(
        listing(dir.path()).is_empty(),
        "{args:?} left {:?}",
        listing(dir.path())
    );
    // An existing file is left as it was.
    std::fs::write(&out, "old").unwrap();
    let o = yoron(args, &out);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(listing(dir.path()), [out_name]);
}

#[test]
fn errors_exit_2_and_leave_no_file() {
    // A gap needs n for its test (a trend draws such waves without an interval).
    fails(
        &[
            "gap",
            "yomiuri_hankook",
            "us_or_china_importance",
            "--wave",
            "2016",
        ],
        "t.svg",
        "has no published sample size: pass an assumed n to use it (--assume-n N)",
    );
    fails(
        &["threat", "genron_eai", "militry_threat", "--wave", "2016"],
        "t.svg",
        "\"militry_threat\" (did you mean \"military_threat\"?)",
    );
    fails(
        &["threat", "genron_eai", "military_threat"],
        "t.png",
        "chart threat needs --wave W",
    );
    fails(
        &["threat", "genron_eai", "military_threat", "--wave", "2016"],
        "t.jpg",
        "argument out: expected a file name ending in .svg or .png or .pdf, found",
    );
    fails(
        &[
            "change",
            "cabinet_office",
            "affinity_korea",
            "--waves",
            "FY2019",
        ],
        "c.svg",
        "needs --waves W1,W2",
    );
    fails(
        &["trend", "cabinet_office", "affinity_korea"],
        "t.svg",
        "needs --option O (options of affinity_korea: feel_total",
    );
    fails(
        &[
            "distribution",
            "genron_eai",
            "military_threat",
            "--wave",
            "2016",
        ],
        "d.svg",
        "single-response",
    );
    fails(
        &[
            "threat",
            "genron_eai",
            "military_threat",
            "--wave",
            "2016",
            "--height",
            "250",
        ],
        "t.svg",
        "argument height: expected at least",
    );
}

#[test]
fn threat_trend_is_written_and_needs_a_country() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tt.svg");
    let o = yoron(
        &[
            "threat-trend",
            "yomiuri_gallup",
            "military_threat",
            "--country",
            "JP",
            "--assume-n",
            "1000",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let all = joined(&std::fs::read_to_string(&out).unwrap());
    assert!(
        all.contains("Countries that could become a military threat"),
        "{all}"
    );
    assert!(all.contains("Source: Yomiuri Shimbun & Gallup"), "{all}");
    // Asked in both countries: --country is needed; nothing is written.
    let out2 = dir.path().join("tt2.svg");
    let o = yoron(
        &[
            "threat-trend",
            "yomiuri_hankook",
            "military_threat",
            "--assume-n",
            "1000",
        ],
        &out2,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("needs --country C"), "{}", stderr(&o));
    // Waves without n are drawn without an interval, not refused (issue 13).
    let o = yoron(
        &[
            "threat-trend",
            "yomiuri_gallup",
            "military_threat",
            "--country",
            "JP",
        ],
        &out2,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out2).unwrap();
    assert!(svg.contains("drawn without an interval"), "{svg}");
    assert_eq!(listing(dir.path()), ["tt.svg", "tt2.svg"]);
}
