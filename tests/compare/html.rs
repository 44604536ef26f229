//! HTML tables of the comparison and pooling results (notebooks' rich display): each is one
//! well-formed element with its caption, column labels, rows, notes and source line, with
//! every `&` and `<` of the data escaped (the Genron source line has an `&`).

use yoron::compare::{ChangeTable, CompareOptions, CrossSeries, Mirror, RankTable};
use yoron::label::{Lang, Text};
use yoron::{Country, datasets};

/// Parses the fragment as XML (one root element), returning the text of every element
/// named `tag`, in order.
fn cells(html: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(html)
        .unwrap_or_else(|e| panic!("not a well-formed fragment: {e}\n{html}"));
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .map(|d| d.text().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// The texts of the cells of each body row.
fn body_rows(html: &str) -> Vec<Vec<String>> {
    let doc = roxmltree::Document::parse(html).unwrap();
    let tbody = doc
        .descendants()
        .find(|n| n.has_tag_name("tbody"))
        .expect("a tbody");
    tbody
        .children()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name("td"))
                .map(|td| td.text().unwrap_or("").to_string())
                .collect()
        })
        .collect()
}

#[test]
fn rank_table_html_has_the_ranks_ties_note_and_source() {
    let q = datasets::genron_eai().question("military_threat").unwrap();
    let t = RankTable::new(
        &q.topline("2016", Country::KR).unwrap(),
        CompareOptions::new(),
    )
    .unwrap();
    let h = t.to_html();
    assert_eq!(
        cells(&h, "caption"),
        ["Countries seen as a military threat, 2016_4th KR"]
    );
    assert_eq!(
        cells(&h, "th"),
        ["rank", "option", "%", "95 % CI", "vs above", "p adj."]
    );
    let rows = body_rows(&h);
    // Published figures (Genron NPO/EAI 2016, KR): north_korea 84, japan 38, china 36.
    let firsts: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        firsts,
        [
            ("1", "North Korea", "84"),
            ("2", "Japan", "38"),
            ("=2", "China", "36")
        ]
    );
    let foot = cells(&h, "tfoot").join(" ");
    assert!(foot.contains(&t.method_note()), "{foot}");
    assert!(foot.contains(t.source()), "{foot}");
    assert!(h.contains("Genron NPO (Japan) &amp; East Asia"), "{h}");
    // The caption of the text table.
    assert_eq!(
        cells(&h, "caption")[0],
        t.to_string().lines().next().unwrap()
    );
}

#[test]
fn rank_table_html_in_japanese_and_korean() {
    let q = datasets::genron_eai().question("military_threat").unwrap();
    let t = RankTable::new(
        &q.topline("2016", Country::KR).unwrap(),
        CompareOptions::new(),
    )
    .unwrap();
    let ja: Vec<String> = body_rows(&t.in_lang(Lang::Ja).to_html())
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(ja, ["北朝鮮", "日本", "中国"]);
    let ko = t.in_lang(Lang::Ko).to_html();
    assert!(cells(&ko, "caption")[0].ends_with(", 2016_4th KR"));
    assert!(body_rows(&ko).iter().any(|r| r[1] == "북한"), "{ko}");
}

#[test]
fn change_table_html_warns_of_the_break_and_names_the_source() {
    let q = datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let (a, b) = (
        q.topline("FY2019", Country::JP).unwrap(),
        q.topline("FY2020", Country::JP).unwrap(),
    );
    let t = ChangeTable::new(&a, &b, CompareOptions::new()).unwrap();
    let h = t.to_html();
    assert_eq!(
        cells(&h, "th"),
        ["option", "from", "to", "change", "95 % CI", "p", "p adj."]
    );
    let rows = body_rows(&h);
    let label = Text::for_option("cabinet_office", "affinity_korea", "feel_total");
    let feel = rows.iter().find(|r| r[0] == label.get(Lang::En)).unwrap();
    // Cabinet Office, FY2019 26.7 → FY2020 34.9 (published).
    assert_eq!(&feel[1..4], ["26.7", "34.9", "+8.2"]);
    assert_eq!(rows.len(), t.rows().len());
    let foot = cells(&h, "tfoot").join(" ");
    assert!(foot.contains("SERIES BREAK between these waves"), "{foot}");
    assert!(foot.contains(t.source()), "{foot}");
    assert!(cells(&h, "caption")[0].ends_with("JP: FY2019 → FY2020"));
}

#[test]
fn change_table_html_says_when_n_was_assumed() {
    // Genron NPO/EAI published no n for the 2015 wave.
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let (a, b) = (
        q.topline("2015_3rd", Country::JP).unwrap(),
        q.topline("2016_4th", Country::JP).unwrap(),
    );
    let t = ChangeTable::new(&a, &b, CompareOptions::new().assume_n(1000)).unwrap();
    assert!(t.is_n_assumed());
    let foot = cells(&t.to_html(), "tfoot").join(" ");
    assert!(
        foot.contains("n = 1000 ASSUMED where the source publishes none."),
        "{foot}"
    );
    let t = ChangeTable::new(&a, &b, CompareOptions::new());
    assert!(
        t.is_err(),
        "without an assumed n the 2015 wave has no interval"
    );
}

#[test]
fn mirror_html_has_every_wave_the_asymmetry_change_and_the_samples() {
    let q = datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let m = Mirror::new(&q, "good_total", CompareOptions::new()).unwrap();
    let h = m.to_html();
    assert_eq!(
        cells(&h, "caption"),
        [
            "Impression of the other country (Good impression (total)): Japan's view of Korea (JP) vs Korea's view of Japan (KR)"
        ]
    );
    assert_eq!(
        cells(&h, "th"),
        ["wave", "JP %", "KR %", "JP − KR", "95 % CI", "p"]
    );
    let rows = body_rows(&h);
    assert_eq!(rows.len(), m.rows().len());
    for (r, mr) in rows.iter().zip(m.rows()) {
        assert_eq!(r[0], mr.wave());
        assert_eq!(r[1], mr.jp().unwrap_or("–"));
        assert_eq!(r[2], mr.kr().unwrap_or("–"));
    }
    let foot = cells(&h, "tfoot").join(" ");
    assert!(foot.contains("Change of the asymmetry"), "{foot}");
    assert!(
        foot.contains("Source: The Genron NPO (Japan) & East Asia Institute"),
        "{foot}"
    );
    // Every wave's samples are in the source line.
    assert!(foot.contains("genron_eai 2016_4th JP, fieldwork"), "{foot}");
}

#[test]
fn cross_series_html_keeps_each_series_wording_and_says_not_pooled() {
    let v = CrossSeries::new(datasets::bundled(), "relations_bad", 2019).unwrap();
    let h = v.to_html();
    assert!(cells(&h, "caption")[0].starts_with("relations_bad — 2019: "));
    let rows = body_rows(&h);
    assert_eq!(rows.len(), v.rows().len());
    for (r, vr) in rows.iter().zip(v.rows()) {
        assert_eq!(r[0], vr.series);
        assert_eq!(r[6], vr.percent);
        assert_eq!(r[7], vr.wording);
    }
    assert!(cells(&h, "tfoot")[0].contains("not pooled"));
}

#[test]
fn pooled_html_parses_with_its_assumptions() {
    let opts = yoron::pool::PoolOptions::new().assume_n(1000);
    let pooled = yoron::pool::Polls::from_concept(
        datasets::bundled(),
        "positive_view_of_other",
        Country::KR,
        &opts,
    )
    .unwrap()
    .fit(&opts)
    .unwrap();
    let h = pooled.to_html();
    let captions = cells(&h, "caption");
    assert!(captions[0].starts_with("House effects"), "{captions:?}");
    assert_eq!(captions[1], "Pooled trend (%)");
    let notes = cells(&h, "li");
    assert_eq!(notes, pooled.assumptions());
}

/// Respondent-level results (`yoron::weight`) get the same kind of table: the cells of the
/// `yoron estimate` / `yoron crosstab` text tables, and the tests and method in the footer.
#[cfg(feature = "polars")]
#[test]
fn design_estimates_and_crosstab_html_hold_the_text_tables_cells() {
    use yoron::weight::{Crosstab, DesignEstimate, DesignSpec, Estimand, Respondents};
    let csv = "q,g\na,x\nb,x\na,y\na,y\nb,y\na,x\n";
    let q = Estimand::proportions("q").by("g");
    let cols = q.columns().merge(&Crosstab::columns("q", "g"));
    let d = DesignSpec::new()
        .build(Respondents::from_csv_reader(csv.as_bytes(), &cols).unwrap())
        .unwrap();
    let est = d.estimate(&q).unwrap();
    let h = est.to_html();
    assert_eq!(cells(&h, "th"), DesignEstimate::COLUMNS);
    let rows = body_rows(&h);
    let want: Vec<Vec<String>> = est.rows().iter().map(|r| r.text_record()).collect();
    assert_eq!(rows, want);
    let foot = cells(&h, "tfoot").join(" ");
    assert!(foot.starts_with("95 % intervals"), "{foot}");
    assert!(foot.contains("svyciprop(method = \"logit\")"), "{foot}");

    let t = d.crosstab("q", "g").unwrap();
    let h = t.to_html();
    assert_eq!(cells(&h, "th"), t.text_header());
    assert_eq!(body_rows(&h), t.text_records());
    let foot = cells(&h, "tfoot").join("\n");
    for line in t.tests_text() {
        assert!(foot.contains(&line), "{foot}");
    }
}
