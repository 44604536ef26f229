//! Issue 17, item 2: a report for any data. A series the code has never seen
//! (`tests/fixtures/report/pew_global.csv`, made-up figures): samples from the United States
//! and Germany, a single-response question asked in three waves of both, one asked in one
//! wave of both (Germany's n not published), one asked of one country only, and a
//! multiple-response question. Every section, question and chart the data calls for is on
//! the page, the curated sections of the bundled data are not, and Chromium draws it.
//!
//! Set `YORON_REPORT_KEEP` to a folder to keep the pages and screenshots for a look.

use std::collections::BTreeSet;

use yoron::Dataset;
use yoron::chart::Lang;
use yoron::report::Report;

fn data() -> Dataset {
    Dataset::from_csv_path(crate::support::fixture("report/pew_global.csv")).unwrap()
}

/// The charts the fixture calls for, by the design of the fixture: the trend of the
/// three-wave question per country, a distribution for each one-wave single-response
/// question, an option chart for the multiple-response one, and a gap chart for each wave
/// with both countries.
const CHARTS: [&str; 10] = [
    "pew_global-un_opinion-trend-de",
    "pew_global-un_opinion-trend-us",
    "pew_global-un_opinion-2019-gap-de-us",
    "pew_global-un_opinion-2021-gap-de-us",
    "pew_global-un_opinion-2023-gap-de-us",
    "pew_global-economy_good-2021-distribution",
    "pew_global-economy_good-2021-gap-de-us",
    "pew_global-major_threats-2023-options",
    "pew_global-major_threats-2023-gap-de-us",
    "pew_global-ally_reliable-2023-distribution",
];

fn figure_ids(html: &str) -> BTreeSet<String> {
    html.split("<figure id=\"chart-")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn report_of_a_series_never_seen_has_every_section_and_chart() {
    let ds = data();
    let html = Report::new(&ds).html().unwrap();
    // Not the bundled report's title, and none of its curated sections.
    assert!(html.contains("<h1>Public opinion polls: a report of the data</h1>"));
    assert!(!html.contains("Japan–South Korea"));
    for absent in ["threat", "threat_trend", "mirror", "pooled", "claims"] {
        assert!(
            !html.contains(&format!("id=\"{absent}\"")),
            "curated section {absent} without its data"
        );
        assert!(
            !html.contains(&format!("href=\"#{absent}\"")),
            "nav {absent}"
        );
    }
    for present in [
        "id=\"series\"",
        "href=\"#series\"",
        "id=\"provenance\"",
        "<article id=\"series-pew_global\">",
        "<section class=\"question\" id=\"question-pew_global-un_opinion\">",
        "<section class=\"question\" id=\"question-pew_global-economy_good\">",
        "<section class=\"question\" id=\"question-pew_global-major_threats\">",
        "<section class=\"question\" id=\"question-pew_global-ally_reliable\">",
    ] {
        assert!(html.contains(present), "missing {present}");
    }
    // The series described from the file's columns.
    for fact in [
        "Made-up Global Attitudes Project (test data)",
        "Sample countries: DE, US",
        "Questions: 4",
        "Years: 2019, 2021, 2023",
        "Waves (per sample): 6",
        "n: 1002–3576",
        "Modes: online, telephone",
        "made-up break: telephone to online",
        "Waves without a published n: 2021 DE.",
        "Single response · Asked: 2019 (DE, US) · 2021 (DE, US) · 2023 (DE, US)",
        "Multiple answers allowed · Asked: 2023 (DE, US)",
        "Single response · Asked: 2023 (US)",
    ] {
        assert!(html.contains(fact), "missing {fact}");
    }
    let expected: BTreeSet<String> = CHARTS.iter().map(|s| s.to_string()).collect();
    assert_eq!(figure_ids(&html), expected);
    assert!(!html.contains("Not drawn"));
    // A gap table beside each gap chart, the countries named by the data; the wave
    // without n assumes the report's n and says so.
    assert_eq!(html.matches("<table class=\"gaps\">").count(), 5);
    assert_eq!(html.matches(": DE vs US</caption>").count(), 5);
    assert_eq!(html.matches("n = 1000 ASSUMED").count(), 2);
    // Every figure of the file in the table of figures, with its source.
    assert_eq!(
        html.matches("<td>Made-up report fixture for yoron tests (no real publication) <span class=\"kind\">[primary]</span></td>")
            .count(),
        35
    );
}

#[test]
fn report_of_a_series_never_seen_uses_the_files_wording() {
    let ds = data();
    let ja = Report::new(&ds).lang(Lang::Ja).html().unwrap();
    assert!(ja.contains(
        "<h4 title=\"un_opinion\">国際連合に好意的な意見を持っていますか、それとも否定的な意見を持っていますか</h4>"
    ));
    // No Japanese wording in the file: the English one.
    assert!(ja.contains(
        "<h4 title=\"major_threats\">Which of these are major threats to our country? (multiple answers)</h4>"
    ));
    let ko = Report::new(&ds).lang(Lang::Ko).html().unwrap();
    assert!(ko.contains("유엔에 대해 호의적인 의견을"));
}

#[test]
fn report_of_a_series_never_seen_draws_waves_without_n_without_interval() {
    let ds = data();
    let dir = tempfile::tempdir().unwrap();
    Report::new(&ds).write(dir.path()).unwrap();
    let svg =
        std::fs::read_to_string(dir.path().join("pew_global-un_opinion-trend-de.svg")).unwrap();
    let text = crate::chart::joined(&svg);
    assert!(text.contains("drawn without an interval"), "{text}");
    let gap = std::fs::read_to_string(dir.path().join("pew_global-un_opinion-2021-gap-de-us.svg"))
        .unwrap();
    assert!(
        crate::chart::joined(&gap).contains("1,000"),
        "assumed n marked"
    );
}

/// Written in each language and opened in headless Chromium: no console errors, every chart
/// drawn (the same check as the bundled report's).
#[test]
fn report_of_a_series_never_seen_opens_in_a_browser() {
    if !crate::prereq::Prereq::Chromium.check() {
        return;
    }
    let browser = crate::prereq::chromium().expect("found by the prerequisite check");
    let ds = data();
    for lang in [Lang::En, Lang::Ja, Lang::Ko] {
        let dir = tempfile::tempdir().unwrap();
        let written = Report::new(&ds).lang(lang).write(dir.path()).unwrap();
        let pngs = written
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .count();
        assert_eq!(pngs, CHARTS.len());
        super::opens_in_a_browser(browser, dir.path(), &written, &format!("{lang:?}"));
        if let Some(keep) = std::env::var_os("YORON_REPORT_KEEP") {
            let to = std::path::Path::new(&keep).join(lang.code());
            std::fs::create_dir_all(&to).unwrap();
            for e in std::fs::read_dir(dir.path()).unwrap() {
                let e = e.unwrap();
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
}

/// The generic builder serves the bundled data too: the one bundled series without curated
/// charts (EAI/API, one question in one wave of Japan and Korea) gets a distribution and a
/// gap chart with its table; a series whose figures a curated chart draws (Yomiuri–Gallup,
/// in "threat perception over time") is not charted twice.
#[test]
fn bundled_series_without_curated_charts_get_the_generic_builder() {
    let html = Report::new(yoron::datasets::bundled()).html().unwrap();
    let article = |id: &str| {
        let start = html
            .find(&format!("<article id=\"series-{id}\">"))
            .unwrap_or_else(|| panic!("no article {id}"));
        let end = start + html[start..].find("</article>").unwrap();
        html[start..end].to_string()
    };
    let eai = article("eai_api");
    assert_eq!(
        figure_ids(&eai),
        BTreeSet::from([
            "eai_api-impression_of_other-2025_eai_api-distribution".to_string(),
            "eai_api-impression_of_other-2025_eai_api-gap-jp-kr".to_string(),
        ])
    );
    assert!(eai.contains("<caption>Impression of the other country: JP vs KR</caption>"));
    let gallup = article("yomiuri_gallup");
    assert!(figure_ids(&gallup).is_empty(), "{:?}", figure_ids(&gallup));
    assert!(!gallup.contains("class=\"question\""));
    assert!(html.contains("<figure id=\"chart-threat_trend_yomiuri_gallup_jp\""));
}
