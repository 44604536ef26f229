//! The bundled data: complete, cited, and as the source rows give it.

use std::collections::HashMap;

use yoron::{ConflictMark, Country, Dataset, SourceKind, datasets};

/// The compiled source files and their data-row counts (SOURCES.md, SOURCES-2.md).
const SOURCE_FILES: [(&str, u32); 2] = [("polls.csv", 709), ("polls-2.csv", 158)];

#[test]
fn bundled_has_every_source_row_once() {
    let ds = datasets::bundled();
    assert_eq!(ds.len(), 709 + 158);
    // source_ref names the file and line; lines 2..=n+1 are the n data rows of each file.
    let mut refs: Vec<String> = ds.figures().map(|f| f.source_ref().to_string()).collect();
    refs.sort_unstable();
    let mut want: Vec<String> = SOURCE_FILES
        .iter()
        .flat_map(|(file, n)| (2..=n + 1).map(move |line| format!("{file}:{line}")))
        .collect();
    want.sort_unstable();
    assert_eq!(refs, want);
}

/// Waves whose wave-level cells come from one named row of the later compilation (see
/// `WAVE_METADATA` in data/build/convert.py and data/README.md): every row of the wave
/// carries that row's fieldwork, published, n and method.
const WAVE_CELLS_FROM: [(&str, &str, &str, &str); 2] = [
    ("cabinet_office", "FY2008", "JP", "polls-2.csv:16"),
    ("cabinet_office", "FY2010", "JP", "polls-2.csv:18"),
];

/// Every bundled row, field by field, against the source row its `source_ref` names: every
/// cell the conversion copies verbatim must be that row's cell. The source files are the
/// project's cited research in `../shared/sources/` beside the clone.
#[test]
fn bundled_matches_shared_polls_csv() {
    if !crate::prereq::Prereq::SharedSources.check() {
        return;
    }
    let polls = crate::prereq::shared_polls_csv();
    let dir = polls.parent().expect("the sources folder");
    let mut sources: HashMap<String, HashMap<String, String>> = HashMap::new();
    for (file, n) in SOURCE_FILES {
        let path = dir.join(file);
        let mut rdr = csv::Reader::from_path(&path)
            .unwrap_or_else(|e| panic!("{} must be readable: {e}", path.display()));
        let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let mut count = 0;
        // No field of either file spans lines, so record i (from 0) is on line i + 2.
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.unwrap_or_else(|e| panic!("{file}: {e}"));
            let row = header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect();
            sources.insert(format!("{file}:{}", i + 2), row);
            count += 1;
        }
        assert_eq!(count, n, "{file}");
    }
    // Tidy column -> source column, for every cell copied verbatim.
    const VERBATIM: [(&str, &str); 14] = [
        ("series", "series"),
        ("publisher", "publisher"),
        ("wave", "wave_id"),
        ("country", "sample_country"),
        ("fieldwork_start", "fieldwork_start"),
        ("fieldwork_end", "fieldwork_end"),
        ("published", "published"),
        ("n", "sample_size"),
        ("method", "mode"),
        ("question", "question_id"),
        ("option", "option"),
        ("percent", "percent"),
        ("source", "source_publication"),
        ("seen_at", "seen_at"),
    ];
    const WAVE_LEVEL: [&str; 5] = [
        "fieldwork_start",
        "fieldwork_end",
        "published",
        "n",
        "method",
    ];
    let mut out = Vec::new();
    datasets::bundled().write_csv(&mut out).unwrap();
    let mut rdr = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut checked = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let cell = |name: &str| {
            rec.get(header.iter().position(|h| h == name).unwrap())
                .unwrap()
        };
        let source_ref = cell("source_ref");
        let src = &sources[source_ref];
        let from = WAVE_CELLS_FROM
            .iter()
            .find(|(s, w, c, _)| (*s, *w, *c) == (cell("series"), cell("wave"), cell("country")))
            .map(|(.., r)| &sources[*r]);
        for (tidy, source) in VERBATIM {
            let want = match from {
                Some(row) if WAVE_LEVEL.contains(&tidy) => row[source].as_str(),
                // The 2025 EAI-API wave is its own series (SERIES_OF_WAVE in convert.py).
                _ if tidy == "series" && src["wave_id"] == "2025_eai_api" => {
                    assert_eq!(src["series"], "genron_eai", "{source_ref}");
                    "eai_api"
                }
                _ => src[source].as_str(),
            };
            assert_eq!(cell(tidy), want, "{source_ref} {tidy}");
        }
        assert_eq!(cell("notes"), src["notes"], "{source_ref} notes");
        checked += 1;
    }
    assert_eq!(checked, 709 + 158);
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
fn paper_rows_have_a_source_kind_of_their_own() {
    let q = datasets::genron_eai().question("military_threat").unwrap();
    let t = q.topline("2016", Country::JP).unwrap();
    for f in t.figures() {
        assert_eq!(f.source().kind(), SourceKind::Paper);
        assert!(f.source().seen_at_text().contains("Nishino"));
    }
    // Exactly the seven rows read in the paper (polls.csv:704-710), and no other.
    let paper: Vec<&str> = datasets::bundled()
        .figures()
        .filter(|f| f.source().kind() == SourceKind::Paper)
        .map(|f| f.source_ref())
        .collect();
    assert_eq!(
        paper,
        (704..=710)
            .map(|l| format!("polls.csv:{l}"))
            .collect::<Vec<_>>()
    );
    assert!(
        datasets::bundled()
            .figures()
            .filter(|f| f.source().seen_at_text().contains("Nishino"))
            .all(|f| f.source().kind() == SourceKind::Paper)
    );
}

#[test]
fn conflicts_keep_both_figures_with_one_preferred() {
    let ds = datasets::bundled();
    let conflicts: Vec<_> = ds.conflicts().collect();
    // 12 keys with two figures each: 8 within polls.csv, 4 from polls-2.csv.
    assert_eq!(conflicts.len(), 24);
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
    assert!(
        points[fy2020]
            .break_reason()
            .unwrap()
            .starts_with("mode change")
    );
    assert_eq!(
        points[fy2020].series_break().map(|b| b.kind()),
        Some(yoron::BreakKind::Mode)
    );
    // FY2016 (20+ -> 18+) has no feel_total figure: the break falls before FY2017.
    let fy2017 = points
        .iter()
        .position(|p| p.wave().id().as_str() == "FY2017")
        .expect("FY2017 point");
    assert!(
        points[fy2017]
            .break_reason()
            .unwrap()
            .starts_with("population change")
    );
    assert_eq!(points.iter().filter(|p| p.break_before()).count(), 2);
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
        "unknown series \"genron\" (did you mean \"genron_eai\"?) (known: cabinet_office, eai_api, gallup_korea, genron_eai, yomiuri_gallup, yomiuri_hankook)"
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
    assert_eq!(back.len(), 709 + 158);
}

#[test]
fn yomiuri_gallup_is_the_japanese_sample_2006_to_2022() {
    let s = datasets::yomiuri_gallup();
    assert_eq!(s.figures().count(), 35);
    let mut years: Vec<&str> = s.waves().map(|w| w.id().as_str()).collect();
    years.sort_unstable();
    years.dedup();
    // SOURCES-2.md: full option sets for 2010, 2013, 2017-2019, 2022; cited 2006, 2009,
    // 2011, 2016, 2020.
    assert_eq!(
        years,
        [
            "2006", "2009", "2010", "2011", "2013", "2016", "2017", "2018", "2019", "2020", "2022"
        ]
    );
    assert!(s.waves().all(|w| w.country() == Country::JP));
    let q = s.question("military_threat").unwrap();
    assert_eq!(q.question().response(), yoron::ResponseFormat::Multiple);
    // The 2020 China conflict: the Yomiuri text's 77 over a blog's 61 (polls-2.csv:158-159).
    let t = q.topline("2020", Country::JP).unwrap();
    assert_eq!(t.figure("china").unwrap().percent().as_str(), "77");
    assert_eq!(t.figure("china").unwrap().source_ref(), "polls-2.csv:158");
}

#[test]
fn waves_in_both_files_take_the_fuller_report() {
    // polls-2.csv:16 (Hankook Ilbo) gives FY2008's n; polls.csv gives none.
    let q = datasets::cabinet_office()
        .question("relations_korea_good")
        .unwrap();
    let t = q.topline("FY2008", Country::JP).unwrap();
    assert_eq!(t.wave().n().map(|n| n.get()), Some(1826));
    let t = q.topline("FY2010", Country::JP).unwrap();
    assert_eq!(t.wave().n().map(|n| n.get()), Some(1953));
    assert_eq!(t.wave().mode(), Some(yoron::Mode::FaceToFace));
}

#[test]
fn breaks_are_data_with_reasons_and_trends_honour_them() {
    let ds = datasets::bundled();
    // 17 rows in data/breaks.csv: 10 breaks, 7 notes (3 decisions not to break, 4 flags on
    // sizes and a possible duplicate; counted by hand from the file).
    assert_eq!(ds.breaks().count(), 17);
    assert_eq!(ds.breaks().filter(|b| !b.splits()).count(), 7);
    assert!(
        ds.breaks()
            .all(|b| !b.reason().is_empty() && !b.source().is_empty())
    );

    // Gallup Korea 2007-03 is a different survey (option "friendly"): it is not on the
    // "favorable" trend, which therefore does not split around it.
    let q = datasets::gallup_korea()
        .question("favorability_japan")
        .unwrap();
    let t = q.trend(Country::KR, "favorable").unwrap();
    let pts = t.points();
    assert!(pts.iter().all(|p| p.wave().id().as_str() != "2007-03"));
    let broken: Vec<&str> = pts
        .iter()
        .filter(|p| p.break_before())
        .map(|p| p.wave().id().as_str())
        .collect();
    // The 2025 wave is the first stated 18+.
    assert_eq!(broken, ["2025-08-12"]);
    assert_eq!(
        pts.last().unwrap().series_break().map(|b| b.kind()),
        Some(yoron::BreakKind::Population)
    );
    let different = ds
        .breaks()
        .find(|b| b.wave().as_str() == "2007-03")
        .unwrap();
    assert_eq!(different.kind(), yoron::BreakKind::DifferentSurvey);
    assert_eq!(different.extent(), yoron::BreakExtent::Only);

    // A wording break concerns its question only, and only its wave.
    let renegotiate = datasets::gallup_korea()
        .question("cw_agreement_renegotiation")
        .unwrap();
    let t = renegotiate
        .trend(Country::KR, "should_renegotiate")
        .unwrap();
    let waves: Vec<(&str, bool)> = t
        .points()
        .iter()
        .map(|p| (p.wave().id().as_str(), p.break_before()))
        .collect();
    assert_eq!(
        waves,
        [
            ("2016-01-05", false),
            ("2016-08-30", true),
            ("2017-02-14", true)
        ]
    );
    let statue = datasets::gallup_korea()
        .question("cw_statue_relocation")
        .unwrap();
    let t = statue
        .trend(Country::KR, "must_not_relocate_regardless")
        .unwrap();
    assert!(t.points().iter().all(|p| !p.break_before()));

    // Notes do not split: the Japanese contractor change of 2016 (Genron/EAI).
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let t = q.trend(Country::JP, "good_total").unwrap();
    assert!(t.points().iter().all(|p| !p.break_before()));
    // The Korean trend breaks at 2021 (18+) and 2024 (online, EAI alone).
    let t = q.trend(Country::KR, "good_total").unwrap();
    let broken: Vec<&str> = t
        .points()
        .iter()
        .filter(|p| p.break_before())
        .map(|p| p.wave().id().as_str())
        .collect();
    assert_eq!(broken, ["2021_9th", "2024_12th"]);
}

#[test]
fn suspicious_sizes_are_flagged_not_changed() {
    let ds = datasets::bundled();
    let flag = |series: &str, wave: &str, country: Country| {
        ds.breaks()
            .find(|b| {
                b.series().as_str() == series
                    && b.wave().as_str() == wave
                    && b.country() == country
                    && !b.splits()
            })
            .map(|b| (b.splits(), b.reason().to_string()))
    };
    // Yomiuri-Hankook 2013 JP: KBS's 2,120 is kept (SOURCES.md 2) and flagged.
    let q = datasets::yomiuri_hankook()
        .question("relations_current")
        .unwrap();
    let t = q.topline("2013", Country::JP).unwrap();
    assert_eq!(t.wave().n().map(|n| n.get()), Some(2120));
    let (splits, why) = flag("yomiuri_hankook", "2013", Country::JP).unwrap();
    assert!(!splits && why.contains("2,120"), "{why}");
    // Genron/EAI 2018: the combined 2,014 is not a per-country n.
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    for c in [Country::JP, Country::KR] {
        assert_eq!(q.topline("2018", c).unwrap().wave().n(), None);
        assert!(
            flag("genron_eai", "2018_6th", c)
                .unwrap()
                .1
                .contains("2,014")
        );
    }
    // Gallup 2019 / 2019-07: kept apart, flagged.
    assert!(
        flag("gallup_korea", "2019", Country::KR)
            .unwrap()
            .1
            .contains("2019-07")
    );
}

#[test]
fn change_tables_see_question_and_one_wave_breaks() {
    use yoron::compare::{ChangeTable, CompareOptions};
    let q = datasets::gallup_korea()
        .question("cw_agreement_renegotiation")
        .unwrap();
    let t = |w: &str| q.topline(w, Country::KR).unwrap();
    let opts = CompareOptions::new();
    // 2016-08-30 asked about the issue, not the agreement: both neighbours break.
    let a = ChangeTable::new(&t("2016-01-05"), &t("2016-08-30"), opts).unwrap();
    assert!(a.series_break().unwrap().starts_with("wording"));
    let b = ChangeTable::new(&t("2016-08-30"), &t("2017-02-14"), opts).unwrap();
    assert!(b.series_break().is_some());
    // Skipping the odd wave: no break between the two agreement waves.
    let c = ChangeTable::new(&t("2016-01-05"), &t("2017-02-14"), opts).unwrap();
    assert_eq!(c.series_break(), None);
}
