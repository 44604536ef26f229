//! Charts draw what is known (issue 13, item 4): a wave without a published n is drawn
//! without an interval and the caption says so; an assumed n still gives it one.

use std::path::Path;
use yoron::chart::Chart as _;

use yoron::Country;
use yoron::chart::{Lang, OptionChart, TrendChart};
use yoron::compare::CompareOptions;

use super::{count, joined};
use crate::support::{command, stderr};

fn affinity() -> yoron::Trend<'static> {
    yoron::datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap()
        .trend(Country::JP, "feel_total")
        .unwrap()
}

#[test]
fn a_trend_with_waves_without_n_draws_every_published_figure() {
    let trend = affinity();
    let without_n = trend
        .points()
        .iter()
        .filter(|p| p.wave().n().is_none())
        .count();
    assert!(without_n >= 7, "{without_n}");
    let chart =
        TrendChart::from_trends(std::slice::from_ref(&trend), &CompareOptions::new()).unwrap();
    let points = chart.lines()[0].points();
    assert_eq!(points.len(), trend.points().len());
    let no_interval = points
        .iter()
        .filter(|p| p.value().interval().is_none())
        .count();
    assert_eq!(no_interval, without_n);
    for lang in [Lang::En, Lang::Ja, Lang::Ko] {
        let svg = chart.clone().lang(lang).to_svg();
        if lang != Lang::En && !crate::prereq::Prereq::CjkFont.check() {
            continue;
        }
        let text = joined(&svg.unwrap());
        let expect = match lang {
            Lang::En => format!("n not published for {without_n} of"),
            Lang::Ja => format!("nが非公表の{without_n}回"),
            _ => format!("n이 공개되지 않은 {without_n}회"),
        };
        assert!(text.contains(&expect), "{lang:?}: {text}");
    }
    // An assumed n gives every wave an interval, and the caption says n was assumed.
    let assumed = TrendChart::from_trends(&[trend], &CompareOptions::new().assume_n(1800)).unwrap();
    assert!(
        assumed.lines()[0]
            .points()
            .iter()
            .all(|p| p.value().interval().is_some())
    );
    let text = joined(&assumed.to_svg().unwrap());
    assert!(text.contains("assume n = 1,800"), "{text}");
    assert!(!text.contains("without an interval"), "{text}");
}

#[test]
fn every_published_figure_gets_a_marker() {
    let trend = affinity();
    let svg = TrendChart::from_trends(std::slice::from_ref(&trend), &CompareOptions::new())
        .unwrap()
        .to_svg()
        .unwrap();
    // One marker per published figure, in Japan's colour.
    let markers = count(&svg, "circle", "fill", "#D55E00");
    assert_eq!(markers, trend.points().len(), "{svg}");
}

#[test]
fn an_option_chart_of_a_wave_without_n_draws_its_figures() {
    let q = yoron::datasets::yomiuri_hankook()
        .question("us_or_china_importance")
        .unwrap();
    let chart = OptionChart::for_wave(&q, "2016", &CompareOptions::new()).unwrap();
    let text = joined(&chart.to_svg().unwrap());
    assert!(text.contains("did not publish n"), "{text}");
}

#[test]
fn the_cli_trend_of_cabinet_office_affinity_draws() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.svg");
    let o = command()
        .args([
            "chart",
            "trend",
            "cabinet_office",
            "affinity_korea",
            "--option",
            "feel_total",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(Path::new(&out)).unwrap();
    assert!(joined(&svg).contains("without an interval"));
}
