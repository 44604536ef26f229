//! The bundled data: complete, cited, and as the source rows give it.

use std::collections::HashMap;

use yoron::{ConflictMark, Country, Dataset, SourceKind, datasets};

#[test]
fn bundled_has_every_source_row_once() {
    let ds = datasets::bundled();
    assert_eq!(ds.len(), 709);
    // source_ref names the polls.csv line; lines 2..=710 are the 709 data rows.
    let mut lines: Vec<u32> = ds
        .figures()
        .map(|f| {
            f.source_ref()
                .strip_prefix("polls.csv:")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("bad source_ref {:?}", f.source_ref()))
        })
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, (2..=710).collect::<Vec<u32>>());
}

/// The figures match the compiled source rows exactly (series, wave, country, question,
/// option, percent as printed). Runs where `../shared/sources/polls.csv` is present (CI
/// has it beside the clone).
#[test]
fn bundled_matches_shared_polls_csv() {
    let path = crate::prereq::shared_polls_csv();
    if !crate::prereq::Prereq::SharedSources.check() {
        return;
    }
    let mut rdr = csv::Reader::from_path(&path).expect("polls.csv readable");
    let mut expected: HashMap<u64, Vec<String>> = HashMap::new();
    // No field of polls.csv spans lines, so record i (from 0) is on line i + 2.
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.expect("polls.csv parses");
        let line = i as u64 + 2;
        let get = |name: &str| -> String {
            let i = [
                "series",
                "wave_id",
                "sample_country",
                "question_id",
                "option",
                "percent",
            ]
            .iter()
            .position(|n| *n == name)
            .expect("known");
            let col = [0usize, 1, 3, 9, 12, 13][i];
            rec.get(col).expect("field").to_string()
        };
        expected.insert(
            line,
            [
                "series",
                "wave_id",
                "sample_country",
                "question_id",
                "option",
                "percent",
            ]
            .iter()
            .map(|n| get(n))
            .collect(),
        );
    }
    assert_eq!(expected.len(), 709);
    for f in datasets::bundled().figures() {
        let line: u64 = f.source_ref()["polls.csv:".len()..].parse().expect("line");
        let got = vec![
            f.wave().series().to_string(),
            f.wave().id().to_string(),
            f.wave().country().to_string(),
            f.question().id().to_string(),
            f.option().to_string(),
            f.percent().to_string(),
        ];
        assert_eq!(Some(&got), expected.get(&line), "polls.csv:{line}");
    }
}

#[test]
fn every_figure_has_a_source() {
    for f in datasets::bundled().figures() {
        assert!(!f.source().publication().is_empty(), "{}", f.source_ref());
        assert!(f.source().seen_at().next().is_some(), "{}", f.source_ref());
        assert!(!f.publisher().is_empty(), "{}", f.source_ref());
    }
}

#[test]
fn paper_rows_are_secondary() {
    let q = datasets::genron_eai().question("military_threat").unwrap();
    let t = q.topline("2016", Country::JP).unwrap();
    for f in t.figures() {
        assert_eq!(f.source().kind(), SourceKind::Secondary);
        assert!(f.source().seen_at_text().contains("Nishino"));
    }
}

#[test]
fn conflicts_keep_both_figures_with_one_preferred() {
    let ds = datasets::bundled();
    let conflicts: Vec<_> = ds.conflicts().collect();
    assert_eq!(conflicts.len(), 16);
    for f in &conflicts {
        assert!(!f.conflict_note().is_empty());
        let rivals: Vec<_> = f.rivals().collect();
        assert_eq!(rivals.len(), 1, "{}", f.source_ref());
        let preferred = [f.conflict(), rivals[0].conflict()]
            .iter()
            .filter(|c| **c == Some(ConflictMark::Preferred))
            .count();
        assert_eq!(preferred, 1);
    }
    // The FY2015 Cabinet Office figure: many outlets' 64.7 over one blog's 66.7.
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let t = q.topline("FY2015", Country::JP).unwrap();
    assert_eq!(
        t.figure("not_feel_total").unwrap().percent().as_str(),
        "64.7"
    );
    let alt: Vec<_> = t.all_figures().filter(|f| f.is_alternative()).collect();
    assert_eq!(alt.len(), 1);
    assert_eq!(alt[0].percent().as_str(), "66.7");
}

#[test]
fn threat_2016_is_as_the_issue_states() {
    let q = datasets::genron_eai().question("military_threat").unwrap();
    let jp = q.topline("2016", Country::JP).unwrap();
    let kr = q.topline("2016", Country::KR).unwrap();
    assert_eq!(jp.figure("china").unwrap().percent().as_str(), "80");
    assert_eq!(jp.figure("north_korea").unwrap().percent().as_str(), "73");
    assert_eq!(kr.figure("north_korea").unwrap().percent().as_str(), "84");
    assert_eq!(kr.figure("japan").unwrap().percent().as_str(), "38");
    assert_eq!(kr.figure("china").unwrap().percent().as_str(), "36");
    assert_eq!(jp.wave().n().unwrap().get(), 1000);
    assert_eq!(kr.wave().n().unwrap().get(), 1010);
    assert_eq!(jp.wave().fieldwork().to_string(), "2016-06-18 – 2016-07-03");
    assert_eq!(q.question().response(), yoron::ResponseFormat::Multiple);
}

#[test]
fn cabinet_office_break_is_recorded_and_splits_trends() {
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let trend = q.trend(Country::JP, "feel_total").unwrap();
    let points = trend.points();
    let fy2020 = points
        .iter()
        .position(|p| p.wave().id().as_str() == "FY2020")
        .expect("FY2020 point");
    assert!(points[fy2020].break_before());
    assert_eq!(points.iter().filter(|p| p.break_before()).count(), 1);
    // Ordered in time.
    assert!(points.windows(2).all(|w| w[0].time() <= w[1].time()));
    // A trend that skips FY2020 still breaks between FY2019 and FY2021.
    let china = datasets::cabinet_office()
        .question("affinity_china")
        .unwrap();
    let t = china.trend(Country::JP, "feel_total").unwrap();
    let after = t
        .points()
        .iter()
        .find(|p| p.wave().id().as_str() == "FY2021")
        .expect("FY2021");
    assert!(after.break_before());
}

#[test]
fn lookups_list_what_exists() {
    let ds = datasets::bundled();
    let e = ds.series("genron").unwrap_err().to_string();
    assert_eq!(
        e,
        "unknown series \"genron\" (did you mean \"genron_eai\"?) (known: cabinet_office, gallup_korea, genron_eai, yomiuri_hankook)"
    );
    let q = datasets::gallup_korea()
        .question("favorability_japan")
        .unwrap();
    // Gallup polled several times in 2016-2019; a year that matches several waves is
    // ambiguous rather than silently the first.
    let cw = datasets::gallup_korea()
        .question("cw_statue_relocation")
        .unwrap();
    let err = cw.topline("2016", Country::KR).unwrap_err().to_string();
    assert!(
        err.contains("ambiguous") && err.contains("2016-01-05") && err.contains("2016-08-30"),
        "{err}"
    );
    let err = q.topline("1990", Country::KR).unwrap_err().to_string();
    assert!(
        err.starts_with("unknown wave of gallup_korea favorability_japan in KR \"1990\""),
        "{err}"
    );
}

#[test]
fn wave_selector_by_date_range() {
    let q = datasets::gallup_korea()
        .question("cw_statue_relocation")
        .unwrap();
    let t = q.toplines("2016-08..2016-09", Some(Country::KR)).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].wave().id().as_str(), "2016-08-30");
}

#[test]
fn bundled_validates_through_the_user_path() {
    // export → read → same dataset, through the validator a user's file goes through.
    let mut out = Vec::new();
    datasets::bundled().write_csv(&mut out).unwrap();
    let back = Dataset::from_csv_reader(out.as_slice()).unwrap();
    assert_eq!(back.len(), 709);
}
