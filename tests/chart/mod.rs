//! Chart tests: the showcase charts built from the bundled data, parsed as SVG (title,
//! question, source, n, fieldwork, notes, the number of marks); PNG size and not blank;
//! Japanese and Korean labels; the `yoron chart` command; the examples.
//! Japanese and Korean charts run when a CJK font is found, else they say why they skipped.

mod cli;
pub mod demo;
mod examples;
mod unknown_n;

use yoron::chart::Chart as _;
use yoron::chart::*;
use yoron::compare::{CompareOptions, GapTable};
use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
use yoron::{Country, ErrorKind};

/// The text of every `<text>` element, in document order.
pub(crate) fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().replace('\u{a0}', " "))
        .collect()
}

/// All text joined with spaces, so wrapped lines read as one.
pub(crate) fn joined(svg: &str) -> String {
    texts(svg).join(" ")
}

/// The elements named `tag` whose attribute `attr` is `value`.
fn count(svg: &str, tag: &str, attr: &str, value: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute(attr) == Some(value))
        .count()
}

fn count_tag(svg: &str, tag: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants().filter(|n| n.has_tag_name(tag)).count()
}

const JP: &str = "#D55E00";
const KR: &str = "#0072B2";

fn assert_provenance_2016(all: &str) {
    assert!(
        all.contains(
            "Source: The Genron NPO & East Asia Institute, Japan–Korea Joint Public Opinion Poll."
        ),
        "{all}"
    );
    assert!(
        all.contains("Japan: fieldwork 2016-06-18 – 2016-07-03, n = 1,000"),
        "{all}"
    );
    assert!(
        all.contains("South Korea: fieldwork 2016-06-16 – 2016-07-05, n = 1,010"),
        "{all}"
    );
}

#[test]
fn threat_chart_from_data_says_title_source_n_fieldwork_and_draws_five_dots() {
    let svg = demo::threat(Lang::En).to_svg().unwrap();
    let t = texts(&svg);
    assert_eq!(
        t[0],
        "Countries seen as a military threat: Japan and South Korea, 2016"
    );
    let all = joined(&svg);
    assert!(
        all.contains("Q. Countries or regions you feel pose a military threat (multiple answers)"),
        "{all}"
    );
    assert_provenance_2016(&all);
    assert!(
        all.contains("Multiple answers allowed — totals exceed 100 %."),
        "{all}"
    );
    assert!(
        all.contains("Intervals: 95 % confidence intervals (Wilson score)."),
        "{all}"
    );
    assert!(!all.contains("assume"), "no n was assumed: {all}");
    assert!(all.contains("Japan: no figure"), "{all}");
    // Five figures and two legend dots: Japan 2 + 1 legend, South Korea 3 + 1 legend.
    assert_eq!(count(&svg, "circle", "fill", JP), 3);
    assert_eq!(count(&svg, "circle", "fill", KR), 4);
    for label in ["80", "73", "84", "38", "36"] {
        assert!(
            t.iter().any(|x| x == label),
            "value label {label} missing: {t:?}"
        );
    }
    // Sorted by the largest figure: North Korea (84) above China (80) above Japan (38).
    // (The last "Japan" is the row label; the first is the legend's.)
    let pos = |s: &str| t.iter().rposition(|x| x == s).unwrap();
    assert!(pos("North Korea") < pos("China") && pos("China") < pos("Japan"));
}

#[test]
fn threat_chart_intervals_are_wilson_at_the_options_level_with_the_published_n() {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    for level in [ConfidenceLevel::P95, ConfidenceLevel::P99] {
        let chart = OptionChart::for_wave(&q, "2016", &CompareOptions::new().level(level)).unwrap();
        let china = chart
            .rows()
            .iter()
            .find(|r| r.label().to_string() == "China")
            .unwrap();
        for (c, pct, n) in [(Country::JP, 80.0, 1000), (Country::KR, 36.0, 1010)] {
            let v = china.get(c).unwrap();
            let ci = Estimate::from_percent(pct, SampleSizeSource::Published(n))
                .unwrap()
                .ci(CiMethod::Wilson, level);
            let (lo, hi) = v.interval().map(|b| (b.low(), b.high())).unwrap();
            assert!((lo - ci.low() * 100.0).abs() < 1e-9, "{c} {level}: {lo}");
            assert!((hi - ci.high() * 100.0).abs() < 1e-9, "{c} {level}: {hi}");
        }
        let note = chart.caption().interval_note().unwrap();
        assert_eq!(note.level(), level);
        assert_eq!(note.method(), IntervalMethod::Proportion(CiMethod::Wilson));
    }
}

#[test]
fn gap_chart_from_a_gap_table_sorts_by_gap_marks_significance_and_notes_what_it_leaves_out() {
    let svg = demo::gap(Lang::En).to_svg().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_provenance_2016(&all);
    assert!(
        all.contains("Intervals: 95 % confidence intervals (Newcombe hybrid score)."),
        "{all}"
    );
    assert!(
        all.contains("Japan − South Korea (percentage points)"),
        "{all}"
    );
    assert!(
        all.contains("p adjusted (Holm) across 2 options; intervals unadjusted."),
        "{all}"
    );
    assert!(
        all.contains("Asked in one country only, not compared: Japan (South Korea only)."),
        "{all}"
    );
    assert!(
        t.iter().any(|x| x == "+44") && t.iter().any(|x| x == "−11"),
        "{t:?}"
    );
    let pos = |s: &str| t.iter().position(|x| x == s).unwrap();
    assert!(pos("China") < pos("North Korea"), "largest gap first");
    // Per row two dumbbell ends and the gap dot (coloured by the higher country), plus the
    // legend: Japan 2 + 1 gap + 1 legend, South Korea 2 + 1 gap + 1 legend.
    assert_eq!(count(&svg, "circle", "fill", JP), 4);
    assert_eq!(count(&svg, "circle", "fill", KR), 4);
    assert!(t.iter().any(|x| x == "significant"), "{t:?}");
}

#[test]
fn gap_chart_takes_the_tables_intervals_and_verdicts() {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    let table = GapTable::for_wave(&q, "2016", CompareOptions::new()).unwrap();
    let chart = GapChart::from(&table);
    for row in chart.rows() {
        let option = if row.label().to_string() == "China" {
            "china"
        } else {
            "north_korea"
        };
        let d = table.row(option).unwrap().difference().unwrap();
        let (lo, hi) = row.gap().interval().map(|b| (b.low(), b.high())).unwrap();
        assert!((lo - d.low() * 100.0).abs() < 1e-9);
        assert!((hi - d.high() * 100.0).abs() < 1e-9);
        assert_eq!(row.gap().significance(), Significance::Significant);
    }
}

/// How many points the Cabinet Office affinity trends have.
fn affinity_points() -> usize {
    let co = yoron::datasets::cabinet_office();
    ["affinity_korea", "affinity_china", "affinity_us"]
        .iter()
        .map(|q| {
            co.question(q)
                .unwrap()
                .trend(Country::JP, "feel_total")
                .unwrap()
                .points()
                .len()
        })
        .sum()
}

#[test]
fn trend_chart_from_data_draws_points_ribbons_one_break_and_the_assumed_n() {
    let svg = demo::trend(Lang::En).to_svg().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_eq!(
        t[0],
        "Feel affinity (total): South Korea, China, United States"
    );
    assert!(
        all.contains("Q. Do you feel affinity toward South Korea? / Do you feel affinity toward China? / Do you feel affinity toward the United States?"),
        "{all}"
    );
    assert!(
        all.contains("Source: Cabinet Office of Japan, Public Opinion Survey on Diplomacy."),
        "{all}"
    );
    // FY1980, FY1988 and FY1996 publish no dates; 24 waves in all, 11 without n (counted
    // from data/cabinet_office.csv by hand).
    assert!(
        all.contains(
            "Japan: fieldwork 1999-09-30 – 2024-11 (dates not published for 3), 24 waves, n = 1,608–2,067*"
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "* Japan: n not published for 11 of 24 waves; their intervals assume n = 1,800."
        ),
        "{all}"
    );
    assert!(
        all.contains("Series break before FY2020 (Japan): mode change: face-to-face interviews"),
        "{all}"
    );
    assert_eq!(count_tag(&svg, "circle"), affinity_points());
    // Two breaks (FY2016 20+ -> 18+, FY2020 face-to-face -> postal): three segments per
    // line, a band for each segment of two or more points; China's FY2016-FY2019 segment
    // holds FY2017 alone (counted from data/cabinet_office.csv), so 3 + 3 + 2 bands.
    assert_eq!(count_tag(&svg, "polygon"), 8);
    // The lines break at different waves, but each break is one event: one note each (the
    // two rules' labels are too close on a 1980-2025 axis, so one label is left out).
    assert_eq!(all.matches("Series break before").count(), 2);
    assert_eq!(t.iter().filter(|x| *x == "series break").count(), 1);
    assert!(
        all.contains("Series break before FY2016 (Japan): population change"),
        "{all}"
    );
    for l in ["South Korea", "China", "United States"] {
        assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
    }
}

#[test]
fn a_trend_with_an_assumed_n_gives_every_wave_an_interval() {
    // Without an assumed n see unknown_n.rs: waves without n are drawn without interval.
    let q = yoron::datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let trend = q.trend(Country::JP, "feel_total").unwrap();
    let chart = TrendChart::from_trends(&[trend], &CompareOptions::new().assume_n(1500)).unwrap();
    // One line, one country: drawn in Japan's colour, titled by question and option.
    assert_eq!(chart.lines().len(), 1);
    let svg = chart.to_svg().unwrap();
    assert!(joined(&svg).starts_with("Affinity toward South Korea: Feel affinity (total)"));
    assert!(joined(&svg).contains("assume n = 1,500"));
    assert!(count(&svg, "circle", "fill", JP) > 15);
}

#[test]
fn mirror_chart_draws_both_directions_in_country_colours_with_the_korean_break() {
    let chart = demo::mirror(Lang::En);
    let svg = chart.to_svg().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_eq!(
        t[0],
        "Impression of the other country: Good impression (total)"
    );
    for l in ["Japan's view of South Korea", "South Korea's view of Japan"] {
        assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
    }
    let (jp, kr) = (&chart.lines()[0], &chart.lines()[1]);
    assert_eq!(count(&svg, "circle", "fill", JP), jp.points().len());
    assert_eq!(count(&svg, "circle", "fill", KR), kr.points().len());
    // The 2024 Korean survey went online: a break before its one point; and the Korean
    // sample is stated 18+ from 2021 (19+ before): a second break.
    assert!(kr.points().last().unwrap().is_after_break());
    assert_eq!(t.iter().filter(|x| *x == "series break").count(), 2);
    assert!(
        all.contains("Series break before 2021 (South Korea): population change"),
        "{all}"
    );
    assert!(
        all.contains("Series break before 2024 (South Korea): mode change"),
        "{all}"
    );
    assert!(
        all.contains("South Korea: fieldwork 2013-03 – 2023-09 (dates not published for 1)"),
        "{all}"
    );
    assert!(all.contains("intervals assume n = 1,000"), "{all}");
}

#[test]
fn distribution_chart_from_data_draws_four_segments_and_says_what_was_not_published() {
    let svg = demo::distribution(Lang::En).to_svg().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_eq!(
        t[0],
        "United States or China: which will matter more? — Japan and South Korea, 2016"
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let segments = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("height") == Some("30"))
        .count();
    assert_eq!(segments, 4);
    assert!(
        all.contains("The rest of each bar was not published (other answers, don't know, no answer): Japan 10 %, South Korea 7.1 %."),
        "{all}"
    );
    // No intervals, so no n is needed: the source line says none was published.
    assert!(
        all.contains("Japan: fieldwork 2016-04, n not published"),
        "{all}"
    );
    assert!(!all.contains("confidence"), "{all}");
    for v in ["75", "15", "48.6", "44.3"] {
        assert!(t.iter().any(|x| x == v), "{v} missing: {t:?}");
    }
}

#[test]
fn a_multi_response_question_has_no_distribution_chart() {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    let e = DistributionChart::for_wave(&q, "2016").unwrap_err();
    assert!(e.to_string().contains("single-response"), "{e}");
}

#[test]
fn change_chart_from_a_change_table_draws_an_arrow_per_option_and_notes_the_break() {
    let svg = demo::change(Lang::En).to_svg().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_eq!(t[0], "Affinity toward South Korea: Japan, FY2004 → FY2023");
    // Six arrowheads and the legend's.
    assert_eq!(count_tag(&svg, "polygon"), 7);
    assert!(
        all.contains("A series break (e.g. a change of survey mode) lies between these waves"),
        "{all}"
    );
    assert!(
        all.contains("Japan: fieldwork 2004-10, n = 2,067; fieldwork 2023-09 – 2023-10, n = 1,649"),
        "{all}"
    );
    for v in ["56.7", "52.8"] {
        assert!(t.iter().any(|x| x == v), "{v} missing: {t:?}");
    }
    for l in ["Japan FY2004", "Japan FY2023", "Feel affinity (total)"] {
        assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
    }
}

#[test]
fn svg_keeps_text_as_text_with_a_cjk_font_list() {
    let svg = demo::threat(Lang::En).to_svg().unwrap();
    assert!(
        !svg.contains("yoron-font"),
        "plotters' internal family name leaked"
    );
    assert!(svg.contains("'Noto Sans CJK JP', 'Noto Sans CJK KR'"));
    assert!(svg.contains("'Malgun Gothic'") && svg.contains("sans-serif\""));
    assert!(!svg.contains("<path") || count_tag(&svg, "text") > 10);
}

/// Decodes a PNG: width, height and the share of pixels that are not white.
fn png_info(png: &[u8]) -> (u32, u32, f64, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let pixels = buf[..info.buffer_size()].to_vec();
    let non_white = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
    let share = non_white as f64 / (pixels.len() / 3) as f64;
    (info.width, info.height, share, pixels)
}

#[test]
fn png_has_the_chosen_size_and_is_not_blank() {
    let chart = demo::threat(Lang::En).width(800).scale(1.5);
    let (w, h, share, pixels) = png_info(&chart.to_png().unwrap());
    assert_eq!(w, 1200);
    let svg = demo::threat(Lang::En).width(800).to_svg().unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let svg_h: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(f64::from(h), (svg_h * 1.5).round());
    assert!(share > 0.03 && share < 0.6, "non-white share {share}");
    // Both country colours are there.
    assert!(pixels.chunks(3).any(|p| p == [0xD5, 0x5E, 0x00]));
    assert!(pixels.chunks(3).any(|p| p == [0x00, 0x72, 0xB2]));
}

#[test]
fn every_kind_from_data_renders_a_png_of_its_size_that_is_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    let pngs = [
        ("threat", demo::threat(Lang::En).scale(1.0).to_png()),
        ("gap", demo::gap(Lang::En).scale(1.0).to_png()),
        ("trend", demo::trend(Lang::En).scale(1.0).to_png()),
        ("mirror", demo::mirror(Lang::En).scale(1.0).to_png()),
        (
            "distribution",
            demo::distribution(Lang::En).scale(1.0).to_png(),
        ),
        ("change", demo::change(Lang::En).scale(1.0).to_png()),
    ];
    for (name, png) in pngs {
        let png = png.unwrap();
        let (w, h, share, _) = png_info(&png);
        assert_eq!(w, 900, "{name}");
        assert!(h > 250, "{name}: {h}");
        assert!(
            share > 0.02 && share < 0.6,
            "{name}: non-white share {share}"
        );
        let path = dir.path().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
    }
    demo::threat(Lang::En)
        .save_as(dir.path().join("t.svg"), yoron::chart::ImageFormat::Svg)
        .unwrap();
    assert!(std::fs::metadata(dir.path().join("t.svg")).unwrap().len() > 2000);
}

/// Runs `f` when a font covers Japanese and Korean; without one, fails in CI and elsewhere
/// skips visibly (see `crate::prereq`).
pub(crate) fn with_cjk_font(f: impl FnOnce()) {
    if crate::prereq::Prereq::CjkFont.check() {
        f();
    }
}

#[test]
fn japanese_charts_use_the_original_wording_and_bundled_labels() {
    with_cjk_font(|| {
        let svg = demo::threat(Lang::Ja).to_svg().unwrap();
        let t = texts(&svg);
        assert_eq!(t[0], "軍事的脅威を感じる国・地域（日本・韓国、2016年）");
        let all = joined(&svg);
        // The question as the Japanese questionnaire put it (question_text_ja).
        assert!(
            all.contains("問 軍事的脅威を感じる国・地域(複数回答)"),
            "{all}"
        );
        assert!(
            all.contains("出典：言論NPO・東アジア研究院「日韓共同世論調査」。"),
            "{all}"
        );
        assert!(
            all.contains("日本：調査期間 2016-06-18 – 2016-07-03, n = 1,000"),
            "{all}"
        );
        assert!(
            all.contains("複数回答のため、合計は100%を超える。"),
            "{all}"
        );
        for l in ["韓国", "北朝鮮", "中国", "日本"] {
            assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
        }
        let svg = demo::distribution(Lang::Ja).to_svg().unwrap();
        let all = joined(&svg);
        assert!(all.contains("米国"), "{all}");
        assert!(
            all.contains("問 自国にとって、米国と中国のどちらが重要になると思うか"),
            "{all}"
        );
        let svg = demo::trend(Lang::Ja).to_svg().unwrap();
        let all = joined(&svg);
        assert!(all.contains("系列の断絶"), "{all}");
        assert!(
            all.contains("2020年度（日本）の前で系列が断絶している"),
            "{all}"
        );
        for chart in [
            demo::gap(Lang::Ja).to_svg(),
            demo::mirror(Lang::Ja).to_svg(),
            demo::change(Lang::Ja).to_svg(),
        ] {
            assert!(joined(&chart.unwrap()).contains("出典"));
        }
    });
}

#[test]
fn korean_charts_use_the_original_wording_and_bundled_labels() {
    with_cjk_font(|| {
        let svg = demo::gap(Lang::Ko).to_svg().unwrap();
        let t = texts(&svg);
        let all = joined(&svg);
        assert_eq!(
            t[0],
            "군사적 위협이 된다고 생각하는 나라 (일본·한국, 2016년)"
        );
        assert!(
            all.contains("질문: 군사적 위협이 된다고 생각하는 국가(복수응답)"),
            "{all}"
        );
        assert!(
            all.contains("출처: 동아시아연구원·겐론NPO 「한일 국민 상호인식조사」."),
            "{all}"
        );
        assert!(all.contains("일본 − 한국 (%p)"), "{all}");
        for l in ["중국", "북한"] {
            assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
        }
        let svg = demo::mirror(Lang::Ko).to_svg().unwrap();
        let t = texts(&svg);
        assert!(t.iter().any(|x| x == "일본 국민이 본 한국"), "{t:?}");
        assert!(joined(&svg).contains("시계열 단절"));
        let png = demo::distribution(Lang::Ko).to_png().unwrap();
        assert!(png_info(&png).2 > 0.02);
    });
}

#[test]
fn every_label_of_the_showcase_charts_has_japanese_and_korean() {
    fn check(what: &str, t: &Text) {
        for lang in [Lang::Ja, Lang::Ko] {
            assert!(
                t.translated(lang).is_some_and(|s| !s.trim().is_empty()),
                "{what} \"{t}\" has no {lang} label"
            );
        }
    }
    fn caption(name: &str, c: &Caption) {
        check(&format!("{name} title"), c.title());
        check(&format!("{name} source"), c.source_text());
        for n in c.notes() {
            check(&format!("{name} note"), n);
        }
    }
    let threat = demo::threat(Lang::En);
    caption("threat", threat.caption());
    // The joint poll's wording is in both questionnaires' languages.
    check("threat wording", threat.caption().question_text().unwrap());
    for r in threat.rows() {
        check("threat option", r.label());
    }
    let gap = demo::gap(Lang::En);
    caption("gap", gap.caption());
    for r in gap.rows() {
        check("gap option", r.label());
    }
    for chart in [demo::trend(Lang::En), demo::mirror(Lang::En)] {
        caption("trend", chart.caption());
        for l in chart.lines() {
            check("trend line", l.label_text());
        }
    }
    let dist = demo::distribution(Lang::En);
    caption("distribution", dist.caption());
    for b in dist.bars() {
        for s in b.shares() {
            check("distribution option", s.label());
        }
    }
    let change = demo::change(Lang::En);
    caption("change", change.caption());
    for r in change.rows() {
        check("change option", r.label());
    }
}

#[test]
fn labels_without_a_translation_fall_back_to_english_never_blank() {
    let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
               my_poll,My Institute,2025-03,JP,1200,trust_korea,single,trust_a_lot,41.5\n\
               my_poll,My Institute,2025-03,KR,1000,trust_korea,single,trust_a_lot,30.0\n";
    let ds = yoron::Dataset::from_csv_reader(csv.as_bytes()).unwrap();
    let q = ds
        .series("my_poll")
        .unwrap()
        .question("trust_korea")
        .unwrap();
    let chart = OptionChart::for_wave(&q, "2025-03", &CompareOptions::new()).unwrap();
    let label = chart.rows()[0].label();
    assert_eq!(label.get(Lang::Ja), "Trust a lot");
    assert_eq!(label.get(Lang::Ko), "Trust a lot");
    assert_eq!(chart.caption().source_text().get(Lang::Ja), "My Institute");
    with_cjk_font(|| {
        let svg = chart.clone().lang(Lang::Ja).to_svg().unwrap();
        let all = joined(&svg);
        assert!(
            all.contains("Trust a lot") && all.contains("出典：My Institute"),
            "{all}"
        );
    });
}

#[test]
fn toplines_of_one_country_twice_are_refused() {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    let a = q.topline("2016", Country::JP).unwrap();
    let b = q.topline("2014", Country::JP).unwrap();
    let e = OptionChart::from_toplines(&[a, b], &CompareOptions::new()).unwrap_err();
    assert!(e.to_string().contains("one topline per country"), "{e}");
    assert!(OptionChart::from_toplines(&[], &CompareOptions::new()).is_err());
}

#[test]
fn a_failed_save_leaves_no_file_and_keeps_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    std::fs::write(&path, "old").unwrap();
    // Too small for the text: drawing fails before anything is written.
    let e = demo::trend(Lang::En)
        .size(900, 250)
        .save_as(&path, yoron::chart::ImageFormat::Svg)
        .unwrap_err();
    assert!(e.to_string().contains("height"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    // A directory that does not exist: an I/O error naming the path, no stray files.
    let missing = dir.path().join("no/such/dir/chart.png");
    let e = demo::threat(Lang::En)
        .save_as(&missing, yoron::chart::ImageFormat::Png)
        .unwrap_err();
    assert!(e.to_string().contains("no/such/dir"), "{e}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["chart.svg"]);
    demo::threat(Lang::En)
        .save_as(&path, yoron::chart::ImageFormat::Svg)
        .unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("</svg>"));
}

#[test]
fn charts_without_source_or_samples_are_refused() {
    let c = Caption::new("T");
    let e = OptionChart::from_caption(c.clone())
        .row(OptionRow::new("a").value(Country::JP, Value::new(1.0)))
        .to_svg()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "argument caption source: expected the publisher of the figures (every chart names its source), found nothing"
    );
    let e = OptionChart::from_caption(c.source("EAI"))
        .row(OptionRow::new("a").value(Country::JP, Value::new(1.0)))
        .to_svg()
        .unwrap_err();
    assert!(e.to_string().contains("at least one sample"), "{e}");
}

fn one_sample() -> Sample {
    let f = yoron::Fieldwork::new(
        Some("2016-06-18".parse().unwrap()),
        Some("2016-07-03".parse().unwrap()),
    )
    .unwrap();
    Sample::new(Country::JP, f, SampleSizeSource::Published(1000))
}

#[test]
fn intervals_without_a_method_are_refused() {
    let c = Caption::new("T").source("EAI").sample(one_sample());
    let e = OptionChart::from_caption(c)
        .row(OptionRow::new("a").value(Country::JP, Value::new(50.0).with_interval(47.0, 53.0)))
        .to_svg()
        .unwrap_err();
    assert!(
        e.to_string().starts_with("argument caption interval"),
        "{e}"
    );
}

#[test]
fn out_of_range_values_name_the_row() {
    let e = demo::threat(Lang::En)
        .row(OptionRow::new("Mars").value(Country::JP, Value::new(120.0)))
        .to_svg()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "argument row \"Mars\", Japan: expected a percent value in [0, 100], found 120"
    );
}

#[test]
fn a_multi_response_caption_is_not_drawn_as_stacked_bars() {
    let e = DistributionChart::from_caption(
        Caption::new("T")
            .source("EAI")
            .answers(Answers::Multiple)
            .sample(one_sample()),
    )
    .bar(DistributionBar::new(Country::JP).share(Share::new("a", Value::new(80.0))))
    .to_svg()
    .unwrap_err();
    assert!(e.to_string().contains("single-response"), "{e}");
}

#[test]
fn shares_adding_up_past_100_are_refused() {
    let e = demo::distribution(Lang::En)
        .bar(
            DistributionBar::new(Country::JP)
                .share(Share::new("a", Value::new(80.0)))
                .share(Share::new("b", Value::new(40.0))),
        )
        .to_svg()
        .unwrap_err();
    assert!(e.to_string().contains("a sum of 120"), "{e}");
}

#[test]
fn a_size_too_small_for_the_text_says_the_least_height() {
    let e = demo::trend(Lang::En).size(900, 300).to_svg().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidArgument { .. }));
    assert!(
        e.to_string()
            .starts_with("argument height: expected at least "),
        "{e}"
    );
    let svg = demo::trend(Lang::En).size(1000, 900).to_svg().unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("height"), Some("900"));
}

#[test]
fn a_passed_font_lacking_glyphs_is_an_error_not_tofu() {
    let dejavu = crate::prereq::DEJAVU;
    if !crate::prereq::Prereq::DejaVu.check() {
        return;
    }
    let font = Font::from_path(dejavu).unwrap();
    // Every English chart of the bundled data draws with a Latin-only font.
    for svg in [
        demo::threat(Lang::En).font(font).to_svg(),
        demo::trend(Lang::En).font(font).to_svg(),
        demo::distribution(Lang::En).font(font).to_svg(),
    ] {
        assert!(svg.is_ok(), "{svg:?}");
    }
    let e = demo::threat(Lang::Ja).font(font).to_svg().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MissingGlyphs { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("apt-get install fonts-noto-cjk"), "{msg}");
    assert!(msg.contains("--font FILE"), "{msg}");
}

#[test]
fn gap_table_html_for_notebooks_has_every_row_and_the_source_line() {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    let table = GapTable::for_wave(&q, "2016", CompareOptions::new()).unwrap();
    let html = table.to_html();
    // Well-formed: it parses as XML.
    let doc = roxmltree::Document::parse(&html).unwrap();
    let rows = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.parent().is_some_and(|p| p.has_tag_name("tbody")))
        .count();
    assert_eq!(rows, table.rows().len());
    let foot = doc.descendants().find(|n| n.has_tag_name("tfoot")).unwrap();
    let text: String = foot
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(table.source()), "{text}");
    assert!(text.contains(&table.method_note()), "{text}");
}

/// The threat-over-time chart: one line per option, ordered by the latest figure, with the
/// data's breaks. Expected counts are from data/yomiuri_gallup.csv and
/// data/yomiuri_hankook.csv, counted by hand (preferred figures only).
#[test]
fn threat_trend_draws_every_option_with_breaks() {
    let opts = CompareOptions::new().assume_n(1000);
    let q = yoron::datasets::yomiuri_gallup()
        .question("military_threat")
        .unwrap();
    let chart = TrendChart::threat_trend(&q, Country::JP, &opts).unwrap();
    let lines: Vec<(&str, usize)> = chart
        .lines()
        .iter()
        .map(|l| (l.label(Lang::En), l.points().len()))
        .collect();
    // 2022: North Korea 82, Russia 82, China 81; 2019: South Korea 41; 2017: US 31,
    // Middle East 29. The 2020 China point is the preferred 77, not the blog's 61.
    assert_eq!(
        lines,
        [
            ("North Korea", 10),
            ("Russia", 9),
            ("China", 9),
            ("South Korea", 4),
            ("United States", 1),
            ("Middle East", 1)
        ]
    );
    let svg = chart.to_svg().unwrap();
    assert!(joined(&svg).contains("n not published for 8 of 11 waves"));
    // No break recorded in this series.
    assert!(!joined(&svg).contains("Series break"));

    // Yomiuri-Hankook, Korean sample: six options, the 2013 mode change drawn.
    let q = yoron::datasets::yomiuri_hankook()
        .question("military_threat")
        .unwrap();
    let chart = TrendChart::threat_trend(&q, Country::KR, &opts).unwrap();
    assert_eq!(chart.lines().len(), 6);
    let all = joined(&chart.to_svg().unwrap());
    assert!(
        all.contains("Series break before 2013 (South Korea): mode change"),
        "{all}"
    );

    // Without an assumed n the waves without one are drawn without an interval (issue
    // 13: charts draw what is known), and the caption says so; a single-response
    // question and a country not asked are refused.
    let known = TrendChart::threat_trend(&q, Country::KR, &CompareOptions::new()).unwrap();
    assert_eq!(known.lines().len(), 6);
    let all = joined(&known.to_svg().unwrap());
    assert!(all.contains("drawn without an interval"), "{all}");
    let single = yoron::datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let e = TrendChart::threat_trend(&single, Country::JP, &opts).unwrap_err();
    assert!(e.to_string().contains("multiple-response"), "{e}");
    let gallup = yoron::datasets::yomiuri_gallup()
        .question("military_threat")
        .unwrap();
    assert!(TrendChart::threat_trend(&gallup, Country::KR, &opts).is_err());
}
