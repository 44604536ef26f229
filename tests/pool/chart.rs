//! The pooled-trend chart: provenance on it, one point per poll, the break marked.

use yoron::chart::Chart as _;
use yoron::chart::{Lang, PoolChart};
use yoron::pool::PoolOptions;

use crate::support::{command, stderr};

fn chart(country: yoron::Country) -> PoolChart {
    PoolChart::for_concept(
        yoron::datasets::bundled(),
        "positive_view_of_other",
        country,
        &PoolOptions::new().assume_n(1000),
    )
    .unwrap()
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.descendants().filter_map(|t| t.text()).collect::<String>())
        .collect()
}

#[test]
fn japan_chart_has_provenance_points_and_the_fy2020_break() {
    let c = chart(yoron::Country::JP);
    let svg = c.to_svg().unwrap();
    let t = texts(&svg).join("\n");
    assert!(
        t.contains("All sources together: Japan's view of South Korea"),
        "{t}"
    );
    assert!(t.contains("Source: The Genron NPO"), "{t}");
    assert!(
        t.contains("Cabinet Office of Japan, Public Opinion Survey on Diplomacy (from FY2020)")
    );
    assert!(t.contains("series break"));
    assert!(t.contains("n not published for 11 of 35 waves"), "{t}");
    assert!(t.contains("random walk"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    // One per poll, one per house in the legend.
    assert_eq!(
        circles,
        c.pooled().polls().len() + c.pooled().houses().len()
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .count(),
        1
    );
}

#[test]
fn korean_chart_in_korean_flags_the_one_poll_house() {
    if yoron::chart::Font::find("한국").is_err() {
        panic!(
            "a font covering Korean is needed to test the Korean chart (apt-get install fonts-noto-cjk)"
        );
    }
    let svg = chart(yoron::Country::KR).lang(Lang::Ko).to_svg().unwrap();
    let t = texts(&svg).join("\n");
    assert!(t.contains("모든 조사 종합"), "{t}");
    assert!(t.contains("1회뿐"), "{t}");
    assert!(t.contains("하우스 효과"));
}

#[cfg(feature = "cli")]
#[test]
fn chart_pool_command_writes_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pool.png");
    let o = command()
        .args([
            "chart",
            "pool",
            "positive_view_of_other",
            "--country",
            "JP",
            "--assume-n",
            "1000",
            "--lang",
            "ja",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let o = command()
        .args([
            "chart",
            "pool",
            "positive_view_of_other",
            "--assume-n",
            "1000",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("chart pool needs --country"));
}

#[test]
fn report_has_the_pooled_section_and_the_fy2020_sentence() {
    let html = yoron::report::Report::new(yoron::datasets::bundled())
        .html()
        .unwrap();
    assert!(html.contains("<section id=\"pooled\">\n<h2>All sources together</h2>"));
    assert!(html.contains("<a href=\"#pooled\">"));
    for id in [
        "pooled_positive_view_of_other_jp",
        "pooled_positive_view_of_other_kr",
    ] {
        assert!(html.contains(&format!("<article id=\"{id}\">")), "{id}");
    }
    let i = html
        .find("<article id=\"pooled_positive_view_of_other_jp\">")
        .unwrap();
    let article = &html[i..i + html[i..].find("</article>").unwrap()];
    assert!(
        article.contains("The Cabinet Office&#39;s figures ran")
            || article.contains("The Cabinet Office's figures ran"),
        "{article}"
    );
    assert!(article.contains("cabinet_office/affinity_korea/feel_total@FY2020"));
    assert!(article.contains("n = 1000 assumed"));
}
