//! Chart tests: parse the SVG and check what every chart must say (title, source, n,
//! fieldwork) and how many marks it draws; check the PNG's size and that it is not blank.
//! Japanese and Korean charts run when a CJK font is found, else they say why they skipped.

pub mod demo;

use yoron::ErrorKind;
use yoron::chart::*;

/// The text of every `<text>` element, in document order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// All text joined with spaces, so wrapped lines read as one.
fn joined(svg: &str) -> String {
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
        all.contains("The Genron NPO & East Asia Institute"),
        "{all}"
    );
    assert!(all.contains("2016-06-18 – 2016-07-03"), "{all}");
    assert!(all.contains("2016-06-16 – 2016-07-05"), "{all}");
    assert!(all.contains("n = 1,000"), "{all}");
    assert!(all.contains("n = 1,010"), "{all}");
}

#[test]
fn threat_chart_says_title_source_n_fieldwork_and_draws_five_dots() {
    let svg = demo::threat(Lang::En).to_svg_string().unwrap();
    let t = texts(&svg);
    assert_eq!(
        t[0],
        "Which countries are a military threat? Japan and South Korea, 2016"
    );
    let all = joined(&svg);
    assert_provenance_2016(&all);
    assert!(
        all.contains("Multiple answers allowed — totals exceed 100 %."),
        "{all}"
    );
    assert!(
        all.contains("95 % confidence intervals (Wilson score)"),
        "{all}"
    );
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
fn gap_chart_sorts_by_gap_and_marks_significance() {
    let svg = demo::gap(Lang::En).to_svg_string().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_provenance_2016(&all);
    assert!(all.contains("Newcombe hybrid score"), "{all}");
    assert!(
        all.contains("Japan − South Korea (percentage points)"),
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
    assert!(all.contains("significant"));
}

#[test]
fn trend_chart_draws_points_ribbons_and_one_break() {
    let svg = demo::trend(Lang::En).to_svg_string().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    assert_eq!(
        t[0],
        "Japanese who feel affinity toward South Korea, China and the United States"
    );
    assert!(all.contains("Cabinet Office of Japan"), "{all}");
    assert!(
        all.contains("fieldwork 2011-09-29 – 2024-11, 11 waves, n = 1,608–1,912*"),
        "{all}"
    );
    assert!(
        all.contains("Japan: n not published for 2 of 11 waves; their intervals assume n = 1,800."),
        "{all}"
    );
    // 11 + 8 + 8 waves.
    assert_eq!(count_tag(&svg, "circle"), 27);
    // A band before and after the break for each of the three lines.
    assert_eq!(count_tag(&svg, "polygon"), 6);
    // The lines break at different waves, but it is one event: one marker.
    assert_eq!(t.iter().filter(|x| *x == "series break").count(), 1);
    for l in ["South Korea", "China", "United States", "fitted trend"] {
        assert!(t.iter().any(|x| x == l), "{l} missing: {t:?}");
    }
}

#[test]
fn distribution_chart_draws_eight_segments_and_tones_down_dont_know() {
    let svg = demo::distribution(Lang::En).to_svg_string().unwrap();
    let all = joined(&svg);
    assert_provenance_2016(&all);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let segments: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("height") == Some("30"))
        .collect();
    assert_eq!(segments.len(), 8);
    // "Don't know" is grey and last in each bar.
    let grey: Vec<_> = segments
        .iter()
        .filter(|n| n.attribute("fill") == Some("#DDDDDD"))
        .collect();
    assert_eq!(grey.len(), 2);
    assert!(all.contains("Don't know / no answer"));
    // No interval note: the bars draw no intervals.
    assert!(!all.contains("confidence"), "{all}");
}

#[test]
fn change_chart_draws_an_arrow_per_option_and_notes_the_assumed_n() {
    let svg = demo::change(Lang::En).to_svg_string().unwrap();
    let t = texts(&svg);
    let all = joined(&svg);
    // Three arrowheads and the legend's.
    assert_eq!(count_tag(&svg, "polygon"), 4);
    assert!(all.contains("Japan: fieldwork 2015-04 – 2015-05, n = 1,000*; fieldwork 2016-06-18 – 2016-07-03, n = 1,000"), "{all}");
    assert!(
        all.contains(
            "* Japan: n not published for 1 of 2 waves; their intervals assume n = 1,000."
        ),
        "{all}"
    );
    for v in ["23.8", "29.1", "52.4", "44.6", "65.4", "50.9"] {
        assert!(t.iter().any(|x| x == v), "{v} missing: {t:?}");
    }
}

#[test]
fn svg_keeps_text_as_text_with_a_cjk_font_list() {
    let svg = demo::threat(Lang::En).to_svg_string().unwrap();
    assert!(
        !svg.contains("yoron-font"),
        "plotters' internal family name leaked"
    );
    assert!(svg.contains("'Noto Sans CJK JP', 'Noto Sans CJK KR'"));
    assert!(svg.contains("'Malgun Gothic'") && svg.contains("sans-serif\""));
    assert!(!svg.contains("<path") || count_tag(&svg, "text") > 10);
}

#[test]
fn png_has_the_chosen_size_and_is_not_blank() {
    let chart = demo::threat(Lang::En).width(800).scale(1.5);
    let png = chart.to_png_bytes().unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, 1200);
    let svg = demo::threat(Lang::En).width(800).to_svg_string().unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let h: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(f64::from(info.height), (h * 1.5).round());
    let pixels = &buf[..info.buffer_size()];
    let non_white = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
    let share = non_white as f64 / (pixels.len() / 3) as f64;
    assert!(share > 0.03 && share < 0.6, "non-white share {share}");
    // Both country colours are there.
    assert!(pixels.chunks(3).any(|p| p == [0xD5, 0x5E, 0x00]));
    assert!(pixels.chunks(3).any(|p| p == [0x00, 0x72, 0xB2]));
}

#[test]
fn every_kind_renders_png() {
    let dir = tempfile::tempdir().unwrap();
    demo::gap(Lang::En)
        .scale(1.0)
        .save_png(dir.path().join("g.png"))
        .unwrap();
    demo::trend(Lang::En)
        .scale(1.0)
        .save_png(dir.path().join("t.png"))
        .unwrap();
    demo::distribution(Lang::En)
        .scale(1.0)
        .save_png(dir.path().join("d.png"))
        .unwrap();
    demo::change(Lang::En)
        .scale(1.0)
        .save_png(dir.path().join("c.png"))
        .unwrap();
    demo::threat(Lang::En)
        .save_svg(dir.path().join("t.svg"))
        .unwrap();
    for f in ["g.png", "t.png", "d.png", "c.png", "t.svg"] {
        assert!(
            std::fs::metadata(dir.path().join(f)).unwrap().len() > 2000,
            "{f}"
        );
    }
}

/// Runs `f` when a font covers Japanese and Korean, else says why it skipped.
fn with_cjk_font(f: impl FnOnce()) {
    match Font::find("日本 韓国 한국 일본 出典 출처") {
        Ok(_) => f(),
        Err(e) => eprintln!("skipped Japanese/Korean chart test: {e}"),
    }
}

#[test]
fn japanese_charts_translate_fixed_strings() {
    with_cjk_font(|| {
        let svg = demo::threat(Lang::Ja).to_svg_string().unwrap();
        let t = texts(&svg);
        assert_eq!(t[0], "軍事的脅威を感じる国・地域（日本と韓国、2016年）");
        let all = joined(&svg);
        assert!(all.contains("出典：The Genron NPO"), "{all}");
        assert!(
            all.contains("日本：調査期間 2016-06-18 – 2016-07-03, n = 1,000"),
            "{all}"
        );
        assert!(
            all.contains("複数回答のため、合計は100%を超える。"),
            "{all}"
        );
        assert!(t.iter().any(|x| x == "韓国") && t.iter().any(|x| x == "北朝鮮"));
        for chart in [
            demo::gap(Lang::Ja).to_svg_string(),
            demo::trend(Lang::Ja).to_svg_string(),
            demo::distribution(Lang::Ja).to_svg_string(),
            demo::change(Lang::Ja).to_svg_string(),
        ] {
            assert!(joined(&chart.unwrap()).contains("出典"));
        }
    });
}

#[test]
fn korean_charts_translate_fixed_strings() {
    with_cjk_font(|| {
        let svg = demo::trend(Lang::Ko).to_svg_string().unwrap();
        let all = joined(&svg);
        assert!(all.contains("출처: 일본 내각부"), "{all}");
        assert!(all.contains("시계열 단절"), "{all}");
        assert!(
            all.contains("일본: 조사 기간 2011-09-29 – 2024-11, 11회"),
            "{all}"
        );
        let png = demo::distribution(Lang::Ko).to_png_bytes().unwrap();
        assert!(png.len() > 10_000);
    });
}

#[test]
fn charts_without_source_or_samples_are_refused() {
    let c = Caption::new("T");
    let e = OptionChart::new(c.clone())
        .row(OptionRow::new("a").value(Country::Japan, Value::new(1.0)))
        .to_svg_string()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "argument caption source: expected the publisher of the figures (every chart names its source), found nothing"
    );
    let e = OptionChart::new(c.source("EAI"))
        .row(OptionRow::new("a").value(Country::Japan, Value::new(1.0)))
        .to_svg_string()
        .unwrap_err();
    assert!(e.to_string().contains("at least one sample"), "{e}");
}

#[test]
fn intervals_without_a_method_are_refused() {
    let c = Caption::new("T").source("EAI").sample(Sample::new(
        Country::Japan,
        Fieldwork::new(
            jiff::civil::date(2016, 6, 18),
            jiff::civil::date(2016, 7, 3),
        ),
        SampleSize::Published(1000),
    ));
    let e = OptionChart::new(c)
        .row(OptionRow::new("a").value(Country::Japan, Value::new(50.0).with_interval(47.0, 53.0)))
        .to_svg_string()
        .unwrap_err();
    assert!(
        e.to_string().starts_with("argument caption interval"),
        "{e}"
    );
}

#[test]
fn out_of_range_values_name_the_row() {
    let e = demo::threat(Lang::En)
        .row(OptionRow::new("Mars").value(Country::Japan, Value::new(120.0)))
        .to_svg_string()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "argument row \"Mars\", Japan: expected a percent value in [0, 100], found 120"
    );
}

#[test]
fn a_multi_response_question_is_not_drawn_as_stacked_bars() {
    let e = DistributionChart::new(
        Caption::new("T")
            .source("EAI")
            .answers(Answers::Multiple)
            .sample(Sample::new(
                Country::Japan,
                Fieldwork::new(
                    jiff::civil::date(2016, 6, 18),
                    jiff::civil::date(2016, 7, 3),
                ),
                SampleSize::Published(1000),
            )),
    )
    .bar(DistributionBar::new(Country::Japan).share(Share::new("a", Value::new(80.0))))
    .to_svg_string()
    .unwrap_err();
    assert!(e.to_string().contains("single-response"), "{e}");
}

#[test]
fn shares_adding_up_past_100_are_refused() {
    let e = demo::distribution(Lang::En)
        .bar(
            DistributionBar::new(Country::Japan)
                .share(Share::new("a", Value::new(80.0)))
                .share(Share::new("b", Value::new(40.0))),
        )
        .to_svg_string()
        .unwrap_err();
    assert!(e.to_string().contains("a sum of 120"), "{e}");
}

#[test]
fn a_size_too_small_for_the_text_says_the_least_height() {
    let e = demo::trend(Lang::En)
        .size(900, 300)
        .to_svg_string()
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidArgument { .. }));
    assert!(
        e.to_string()
            .starts_with("argument height: expected at least "),
        "{e}"
    );
    let svg = demo::trend(Lang::En)
        .size(1000, 900)
        .to_svg_string()
        .unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("height"), Some("900"));
}

#[test]
fn a_passed_font_lacking_glyphs_is_an_error_not_tofu() {
    let dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if !std::path::Path::new(dejavu).is_file() {
        eprintln!("skipped: {dejavu} is not installed (apt-get install fonts-dejavu-core)");
        return;
    }
    let font = Font::from_path(dejavu).unwrap();
    assert!(demo::threat(Lang::En).font(font).to_svg_string().is_ok());
    let e = demo::threat(Lang::Ja)
        .font(font)
        .to_svg_string()
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MissingGlyphs { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("apt-get install fonts-noto-cjk"), "{msg}");
    assert!(msg.contains("--font FILE"), "{msg}");
}
