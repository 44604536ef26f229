//! Comparison tables on the bundled data: every table type and its edge cases.

mod claims;
mod html;

use yoron::compare::{
    ChangeTable, ClaimVerdict, Claims, CompareOptions, CrossSeries, FigureMatch, GapTable, Mirror,
    RankTable, Verdict,
};
use yoron::stats::{
    ConfidenceLevel, DiffMethod, DiffOptions, Estimate, PAdjust, SampleSizeSource, Samples,
};
use yoron::{Country, ErrorKind, datasets};

fn threat() -> yoron::QuestionRef<'static> {
    datasets::genron_eai().question("military_threat").unwrap()
}

#[test]
fn gap_table_rows_match_the_statistics_module() {
    let t = GapTable::for_wave(&threat(), "2016", CompareOptions::new()).unwrap();
    let nk = t.row("north_korea").unwrap();
    // The same difference computed directly from the figures and n.
    let jp = Estimate::parse_percent("73", SampleSizeSource::Published(1000)).unwrap();
    let kr = Estimate::parse_percent("84", SampleSizeSource::Published(1010)).unwrap();
    let d = jp
        .diff(
            &kr,
            DiffOptions::new()
                .method(DiffMethod::Newcombe)
                .samples(Samples::Independent),
        )
        .unwrap();
    let row = nk.difference().unwrap();
    assert_eq!(
        (row.low(), row.high(), row.p_value()),
        (d.low(), d.high(), d.p_value())
    );
    assert_eq!(nk.gap_points(), Some(-11.0));
    assert_eq!(nk.verdict(), Verdict::BHigher);
    // Holm across the two options with both figures.
    let china = t.row("china").unwrap();
    let holm = PAdjust::Holm
        .adjust(&[china.p_value().unwrap(), nk.p_value().unwrap()])
        .unwrap();
    assert_eq!(china.p_adjusted(), Some(holm.adjusted()[0]));
    assert_eq!(nk.p_adjusted(), Some(holm.adjusted()[1]));
    // An option asked of one country only.
    let japan = t.row("japan").unwrap();
    assert_eq!(japan.verdict(), Verdict::OnlyInB);
    assert!(japan.difference().is_none() && japan.p_adjusted().is_none());
    let text = t.to_string();
    assert!(
        text.contains("n = 1000") && text.contains("n = 1010") && text.contains("2016-06-18"),
        "{text}"
    );
    assert!(text.contains("Multiple answers allowed"));
}

#[test]
fn gap_table_needs_n_or_an_explicit_assumption() {
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let err = GapTable::for_wave(&q, "2019", CompareOptions::new()).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnknownSampleSize { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "wave genron_eai 2019_7th JP has no published sample size: pass an assumed n to use it"
    );
    let t = GapTable::for_wave(&q, "2019", CompareOptions::new().assume_n(1000)).unwrap();
    assert!(t.is_n_assumed());
    assert!(t.to_string().contains("n = 1000 ASSUMED"));
    assert!(t.records().iter().all(|r| r.n_assumed));
}

#[test]
fn gap_within_rounding_is_flagged() {
    // 2022: JP 30.4 vs KR 30.6: 0.2 points is more than the one-decimal rounding (±0.05
    // each), so it is tested, and it is not significant.
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let t = GapTable::for_wave(&q, "2022", CompareOptions::new()).unwrap();
    assert_eq!(
        t.row("good_total").unwrap().verdict(),
        Verdict::NotSignificant
    );
    // Whole percents 38 vs 38 in two samples differ by less than the rounding.
    let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
               p,Me,w1,JP,1000,q,single,a,38\n\
               p,Me,w1,KR,1000,q,single,a,38\n";
    let ds = yoron::Dataset::from_csv_reader(csv.as_bytes()).unwrap();
    let q = ds.series("p").unwrap().question("q").unwrap();
    let t = GapTable::for_wave(&q, "w1", CompareOptions::new()).unwrap();
    assert_eq!(t.row("a").unwrap().verdict(), Verdict::WithinRounding);
}

#[test]
fn gap_table_rejects_one_sample_twice() {
    let kr = threat().topline("2016", Country::KR).unwrap();
    let err = GapTable::new(&kr, &kr, CompareOptions::new()).unwrap_err();
    assert!(err.to_string().contains("two different samples"), "{err}");
}

#[test]
fn rank_table_uses_the_same_sample_variance() {
    let kr = threat().topline("2016", Country::KR).unwrap();
    let r = RankTable::new(&kr, CompareOptions::new()).unwrap();
    let ranks: Vec<(usize, &str, bool)> = r
        .rows()
        .iter()
        .map(|x| (x.rank(), x.option(), x.is_tied_with_previous()))
        .collect();
    assert_eq!(
        ranks,
        [
            (1, "north_korea", false),
            (2, "japan", false),
            (2, "china", true)
        ]
    );
    assert_eq!(
        r.samples(),
        Samples::SameMultiResponse(yoron::stats::Joint::Unknown)
    );
    assert!(r.method_note().contains("Fréchet"));
    // Single response: multinomial covariance; nets are left out when points exist.
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let t = q.topline("FY2023", Country::JP).unwrap();
    let r = RankTable::new(&t, CompareOptions::new()).unwrap();
    assert_eq!(r.samples(), Samples::SameSingleResponse);
    assert!(r.rows().iter().all(|x| !x.option().ends_with("_total")));
    assert_eq!(r.rows()[0].option(), "somewhat_feel");
}

#[test]
fn change_table_marks_series_breaks() {
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let a = q.topline("FY2017", Country::JP).unwrap();
    let b = q.topline("FY2019", Country::JP).unwrap();
    let t = ChangeTable::new(&a, &b, CompareOptions::new()).unwrap();
    assert!(t.series_break().is_none());
    let feel = t
        .rows()
        .iter()
        .find(|r| r.option() == "feel_total")
        .unwrap();
    assert!((feel.points().unwrap() - (26.7 - 37.5)).abs() < 1e-9);
    assert!(feel.p_adjusted().unwrap() < 0.001);
    // Across the FY2020 mode change, even when skipping FY2020 itself.
    // FY2021 publishes no n: the change needs an assumption, and says so.
    let c = q.topline("FY2021", Country::JP).unwrap();
    let err = ChangeTable::new(&b, &c, CompareOptions::new()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnknownSampleSize { .. }));
    let t = ChangeTable::new(&b, &c, CompareOptions::new().assume_n(1700)).unwrap();
    assert!(t.series_break().unwrap().contains("postal"));
    let text = t.to_string();
    assert!(
        text.contains("SERIES BREAK") && text.contains("n = 1700 ASSUMED"),
        "{text}"
    );
    assert!(t.records().iter().all(|r| r.series_break && r.n_assumed));
}

#[test]
fn change_table_rejects_mixed_countries() {
    let jp = threat().topline("2016", Country::JP).unwrap();
    let kr = threat().topline("2016", Country::KR).unwrap();
    assert!(ChangeTable::new(&jp, &kr, CompareOptions::new()).is_err());
}

#[test]
fn mirror_asymmetry_and_its_change() {
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let m = Mirror::new(&q, "good_total", CompareOptions::new()).unwrap();
    let r2013 = m.rows().iter().find(|r| r.wave() == "2013_1st").unwrap();
    assert_eq!((r2013.jp(), r2013.kr()), (Some("31.1"), Some("12.2")));
    assert!((r2013.asymmetry().unwrap().points() - 18.9).abs() < 1e-9);
    // Waves without n are listed with the reason, not dropped.
    let r2019 = m.rows().iter().find(|r| r.wave() == "2019_7th").unwrap();
    assert!(
        r2019.asymmetry().is_none() && r2019.note().unwrap().contains("no published sample size")
    );
    let did = m.change("2013_1st", "2023_11th").unwrap();
    assert!((did.points - ((37.4 - 28.9) - (31.1 - 12.2))).abs() < 1e-9);
    // Wald: the four variances add.
    let var = |p: f64, n: f64| p * (1.0 - p) / n;
    let se =
        (var(0.311, 1000.0) + var(0.122, 1004.0) + var(0.374, 1000.0) + var(0.289, 1008.0)).sqrt();
    assert!((did.ci_high - did.points - 1.959963984540054 * se * 100.0).abs() < 1e-9);
    // A question asked in one country only is not a mirror.
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    assert!(Mirror::new(&q, "feel_total", CompareOptions::new()).is_err());
}

#[test]
fn cross_series_keeps_each_wording() {
    let v = CrossSeries::new(datasets::bundled(), "relations_bad", 2019).unwrap();
    let mut series: Vec<&str> = v.rows().iter().map(|r| r.series.as_str()).collect();
    series.dedup();
    assert!(series.len() >= 2, "{series:?}");
    let wordings: std::collections::HashSet<&str> =
        v.rows().iter().map(|r| r.wording.as_str()).collect();
    assert!(wordings.len() >= 2);
    assert!(CrossSeries::new(datasets::bundled(), "nope", 2019).is_err());
}

#[test]
fn claims_are_checked_honestly() {
    let claims = Claims::bundled().unwrap();
    let checks = claims.evaluate(datasets::bundled(), CompareOptions::new());
    let get = |id: &str, n: &str| {
        checks
            .iter()
            .find(|c| c.claim.claim_id == id && c.claim.check == n)
            .unwrap()
    };
    // 76 % against moving the statue: a clear majority.
    assert_eq!(get("c01", "2").verdict, ClaimVerdict::Supported);
    // "nearly evenly split": 48.6 vs 44.3 cannot be shown to lie within 5 points.
    let tie = checks
        .iter()
        .find(|c| c.claim.assertion == "near_tie")
        .unwrap();
    assert_eq!(tie.verdict, ClaimVerdict::NotEstablished);
    assert!(
        tie.assumptions
            .iter()
            .any(|a| a.contains("n = 1000 assumed"))
    );
    // The paper's 49 is the data's 48.6 rounded.
    let fig49 = checks
        .iter()
        .find(|c| c.claim.quoted_a == "49" && c.claim.assertion == "figure")
        .unwrap();
    assert_eq!(fig49.match_a, FigureMatch::WithinRounding);
    // Japan second (38) and China third (36) in Korea: not distinguishable.
    assert!(
        checks
            .iter()
            .any(|c| c.claim.assertion == "ordering" && c.verdict == ClaimVerdict::NotEstablished)
    );
    // Figures that only the paper gives cannot confirm the paper.
    let own = checks
        .iter()
        .find(|c| c.claim.quoted_a == "80" && c.claim.assertion == "figure")
        .unwrap();
    assert_eq!(own.verdict, ClaimVerdict::NotEstablished);
    assert!(
        own.assumptions
            .iter()
            .any(|a| a.contains("read in this paper"))
    );
    // Every check names its test.
    assert!(checks.iter().all(|c| !c.test.is_empty()));
}

#[test]
fn options_change_level_and_method() {
    let t95 = GapTable::for_wave(&threat(), "2016", CompareOptions::new()).unwrap();
    let t99 = GapTable::for_wave(
        &threat(),
        "2016",
        CompareOptions::new().level(ConfidenceLevel::P99),
    )
    .unwrap();
    let w = |t: &GapTable| {
        t.row("north_korea")
            .unwrap()
            .difference()
            .map(|d| d.high() - d.low())
            .unwrap()
    };
    assert!(w(&t99) > w(&t95));
    let wald = GapTable::for_wave(
        &threat(),
        "2016",
        CompareOptions::new().method(DiffMethod::Wald),
    )
    .unwrap();
    assert_eq!(
        wald.row("china").unwrap().difference().unwrap().method(),
        DiffMethod::Wald
    );
}
