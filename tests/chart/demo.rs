//! The showcase charts, built from the bundled data (shared by the chart tests, the
//! `chart_gallery` example and the `charts` bench).
//!
//! - threat and gap: Genron NPO / EAI joint poll 2016, "which countries are a military
//!   threat" (multiple answers), Japan vs South Korea;
//! - trend: Cabinet Office Survey on Diplomacy, Japanese who feel affinity toward South
//!   Korea, China and the United States (FY2020 mode change; n assumed 1,800 where not
//!   published);
//! - mirror: Genron NPO / EAI, good impression of the other country, Japan's view of South
//!   Korea vs South Korea's view of Japan (n assumed 1,000 where not published);
//! - distribution: Yomiuri–Hankook Ilbo 2016, "United States or China: which will matter
//!   more?";
//! - change: Cabinet Office, affinity toward South Korea, FY2004 → FY2023 (across the FY2020
//!   break).
#![allow(dead_code)]

use yoron::Country;
use yoron::chart::*;
use yoron::compare::{ChangeTable, CompareOptions, GapTable, Mirror};

/// The n assumed for Cabinet Office waves that publish none.
pub const CABINET_N: u32 = 1800;
/// The n assumed for joint-poll waves that publish none.
pub const GENRON_N: u32 = 1000;

/// The 2016 military-threat figures: JP China 80, North Korea 73; KR North Korea 84,
/// Japan 38, China 36 (Japan was not an option for Japanese respondents).
pub fn threat(lang: Lang) -> OptionChart {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    OptionChart::for_wave(&q, "2016", &CompareOptions::new())
        .unwrap()
        .lang(lang)
}

/// The Japan − South Korea gaps of the 2016 military-threat question.
pub fn gap(lang: Lang) -> GapChart {
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    GapChart::new(&GapTable::for_wave(&q, "2016", CompareOptions::new()).unwrap()).lang(lang)
}

/// Japanese who feel affinity toward South Korea, China and the United States.
pub fn trend(lang: Lang) -> TrendChart {
    let co = yoron::datasets::cabinet_office();
    let trends: Vec<_> = ["affinity_korea", "affinity_china", "affinity_us"]
        .iter()
        .map(|q| {
            co.question(q)
                .unwrap()
                .trend(Country::JP, "feel_total")
                .unwrap()
        })
        .collect();
    TrendChart::from_trends(&trends, &CompareOptions::new().assume_n(CABINET_N))
        .unwrap()
        .lang(lang)
}

/// Good impression of the other country, both directions.
pub fn mirror(lang: Lang) -> TrendChart {
    let q = yoron::datasets::genron_eai()
        .question("impression_of_other")
        .unwrap();
    let m = Mirror::new(&q, "good_total", CompareOptions::new().assume_n(GENRON_N)).unwrap();
    TrendChart::from_mirror(&m).unwrap().lang(lang)
}

/// The 2016 "United States or China" question in both countries.
pub fn distribution(lang: Lang) -> DistributionChart {
    let q = yoron::datasets::yomiuri_hankook()
        .question("us_or_china_importance")
        .unwrap();
    DistributionChart::for_wave(&q, "2016").unwrap().lang(lang)
}

/// Affinity toward South Korea, FY2004 → FY2023, all six published options.
pub fn change(lang: Lang) -> ChangeChart {
    let q = yoron::datasets::cabinet_office()
        .question("affinity_korea")
        .unwrap();
    let t = ChangeTable::new(
        &q.topline("FY2004", Country::JP).unwrap(),
        &q.topline("FY2023", Country::JP).unwrap(),
        CompareOptions::new(),
    )
    .unwrap();
    ChangeChart::new(&t).unwrap().lang(lang)
}
