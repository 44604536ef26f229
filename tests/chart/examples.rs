//! The chart examples run here (one test binary for everything), each writing into a
//! temporary directory of its own.

#[path = "../../examples/affinity_trend.rs"]
mod affinity_trend;
#[path = "../../examples/threat_perception.rs"]
mod threat_perception;

use super::texts;

fn names(files: &[std::path::PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn threat_perception_writes_both_charts_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let files = threat_perception::run(dir.path()).unwrap();
    let names = names(&files);
    for f in [
        "threat_2016_en.svg",
        "threat_2016_en.png",
        "gap_2016_en.svg",
        "gap_2016_en.png",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} missing: {names:?}");
    }
    if yoron::chart::Font::find("日本 한국").is_ok() {
        assert_eq!(files.len(), 12, "{names:?}");
    }
    for f in &files {
        assert!(
            std::fs::metadata(f).unwrap().len() > 2000,
            "{}",
            f.display()
        );
    }
    let svg = std::fs::read_to_string(dir.path().join("gap_2016_en.svg")).unwrap();
    assert!(texts(&svg).iter().any(|t| t == "+44"));
}

#[test]
fn affinity_trend_writes_both_charts_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let files = affinity_trend::run(dir.path()).unwrap();
    let names = names(&files);
    for f in [
        "affinity_en.svg",
        "affinity_en.png",
        "mutual_impressions_en.svg",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} missing: {names:?}");
    }
    let svg = std::fs::read_to_string(dir.path().join("affinity_en.svg")).unwrap();
    assert_eq!(
        texts(&svg)[0],
        "Japanese who feel affinity toward South Korea, China and the United States"
    );
}
