//! The report: written offline, self-contained, and drawn by a real browser.

mod any_data;

use std::path::Path;
use std::process::Command;

use yoron::chart::Lang;
use yoron::report::Report;

fn write(lang: Lang) -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let written = Report::new(yoron::datasets::bundled())
        .lang(lang)
        .write(dir.path())
        .unwrap();
    (dir, written)
}

#[test]
fn report_is_self_contained() {
    let (dir, written) = write(Lang::En);
    let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    // Nothing is fetched: no scripts, no stylesheets or images from elsewhere.
    for banned in ["<script", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(banned), "the page contains {banned}");
    }
    // Every chart file written beside the page is also inline in it.
    let svgs = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .count();
    let pngs = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .count();
    assert_eq!(svgs, pngs);
    assert_eq!(html.matches("<figure id=\"chart-").count(), svgs);
    // Threat perception over time: Yomiuri-Gallup JP, Yomiuri-Hankook JP and KR,
    // Genron/EAI JP and KR.
    for id in [
        "yomiuri_gallup_jp",
        "yomiuri_hankook_jp",
        "yomiuri_hankook_kr",
        "genron_eai_jp",
        "genron_eai_kr",
    ] {
        assert!(
            html.contains(&format!("<figure id=\"chart-threat_trend_{id}\"")),
            "{id}"
        );
    }
    // The sections the issue asks for, with their key figures.
    for needle in [
        "id=\"threat\"",
        "id=\"threat_trend\"",
        "id=\"series\"",
        "id=\"mirror\"",
        "id=\"claims\"",
        "id=\"provenance\"",
        "KR higher",
        "59.1",
        "not established",
        "n = 1010",
        "2016-06-18",
        "mode change",
        "preferred",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // Every bundled figure is in a table with its source (867 rows across the series);
    // 12 conflict keys, so 12 alternative rows.
    assert_eq!(html.matches("<tr class=\"alt\">").count(), 12);
}

#[test]
fn report_in_japanese_and_korean() {
    for (lang, code, heading) in [(Lang::Ja, "ja", "脅威認識"), (Lang::Ko, "ko", "위협 인식")]
    {
        let html = Report::new(yoron::datasets::bundled())
            .lang(lang)
            .html()
            .unwrap();
        assert!(html.contains(&format!("lang=\"{code}\"")));
        assert!(html.contains(heading));
    }
}

fn headless(browser: &str, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Opens the page in headless Chromium: no console errors, and every chart is in the
/// rendered DOM. `.ci/run` installs chromium; without it the test fails in CI and elsewhere
/// skips visibly (`crate::prereq`).
#[test]
fn report_opens_in_a_browser() {
    if !crate::prereq::Prereq::Chromium.check() {
        return;
    }
    let browser = crate::prereq::chromium().expect("found by the prerequisite check");
    for lang in [Lang::En, Lang::Ja, Lang::Ko] {
        let (dir, written) = write(lang);
        opens_in_a_browser(browser, dir.path(), &written, &format!("{lang:?}"));
    }
}

/// Opens the `index.html` a report wrote into `dir` in headless Chromium: no console errors,
/// the page renders to the end, every chart written beside it (`written`) is in the DOM with
/// drawn content, and a screenshot (`shot.png` in `dir`) is not blank. `what` names the page
/// in failures.
pub(super) fn opens_in_a_browser(
    browser: &str,
    dir: &Path,
    written: &[std::path::PathBuf],
    what: &str,
) {
    let charts = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .count();
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.join("index.html").display());
    let out = headless(browser, profile.path())
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for bad in [
        "Uncaught",
        ":CONSOLE",
        "ERR_FILE_NOT_FOUND",
        "Failed to load",
    ] {
        assert!(
            !stderr.contains(bad),
            "{what}: browser reported {bad}:\n{stderr}"
        );
    }
    assert!(
        dom.contains("</main>"),
        "{what}: page did not render to the end"
    );
    assert_eq!(dom.matches("<figure id=\"chart-").count(), charts);
    // Every inline chart has drawn content.
    assert!(dom.matches("<svg").count() >= charts);
    // A screenshot is not blank.
    let shot = dir.join("shot.png");
    let s = headless(browser, profile.path())
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,1600")
        .arg(&url)
        .output()
        .unwrap();
    assert!(s.status.success());
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 50_000,
        "{what}: screenshot looks empty"
    );
}

#[test]
fn cli_report_prints_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::command()
        .args(["report", "--out"])
        .arg(dir.path())
        .args(["--lang", "ko"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let stdout = crate::support::stdout(&out);
    let wrote = stdout.lines().filter(|l| l.starts_with("wrote ")).count();
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(wrote, files);
    assert!(dir.path().join("index.html").exists());
    let bad = crate::support::command()
        .args(["report", "--lang", "fr", "--out"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.path().join("x").exists());
}

/// Issue 13, item 4: the report's trend of Cabinet Office affinity draws waves without n
/// without an interval (and says so) instead of assuming an n the source does not give.
#[test]
fn report_trends_draw_waves_without_n_without_interval() {
    let (dir, written) = write(Lang::En);
    let svg = written
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "svg")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("cabinet_affinity."))
        })
        .unwrap_or_else(|| panic!("no cabinet_affinity chart in {written:?}"));
    let text = crate::chart::joined(&std::fs::read_to_string(dir.path().join(svg)).unwrap());
    assert!(text.contains("drawn without an interval"), "{text}");
    assert!(!text.contains("assume n = 1,000"), "{text}");
}

/// Issue 13, item 5: readers get the labels the charts use, not ids, and the text states the
/// level the report was run with (it said "95 %" whatever the level).
#[test]
fn report_tables_print_labels_and_the_level_it_was_run_with() {
    let options = yoron::compare::CompareOptions::new()
        .level(yoron::stats::ConfidenceLevel::new(0.99).unwrap());
    let html = Report::new(yoron::datasets::bundled())
        .options(options)
        .html()
        .unwrap();
    let text: String = html
        .split("<svg")
        .map(|s| s.split("</svg>").last().unwrap_or(""))
        .collect();
    // What a reader sees: the text between tags (links hold "%95" in encoded URLs).
    let mut visible = String::new();
    for piece in text.split('<') {
        visible.push_str(piece.split_once('>').map_or(piece, |(_, t)| t));
    }
    assert!(
        !visible.contains("95 %") && !visible.contains("95%"),
        "a fixed 95 % is left"
    );
    assert!(
        text.contains("with 99 % intervals"),
        "the threat-trend text"
    );
    assert!(text.contains("a test at 99 % support"), "the claims text");
    assert!(text.contains("<th>99 % CI</th>"), "the gap table");
    // The 2016 threat tables: option labels, the question's title, no ids.
    assert!(text.contains("<caption>Countries seen as a military threat: JP vs KR</caption>"));
    assert!(text.contains("<td>North Korea</td>"));
    let threat =
        &text[text.find("id=\"threat\"").unwrap()..text.find("id=\"threat_trend\"").unwrap()];
    assert!(!threat.contains("north_korea"), "{threat}");
    // The table of every figure: labels, the ids on hover.
    assert!(text.contains("<td title=\"north_korea\">North Korea</td>"));
}
