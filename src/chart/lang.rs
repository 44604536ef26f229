//! Chart languages and the fixed strings every chart draws, in English, Japanese and Korean.

pub(crate) use crate::label::Lang;
use crate::model::Country;

impl Lang {
    /// The fixed string `key` in this language.
    pub(crate) fn tr(self, key: Key) -> &'static str {
        let [en, ja, ko] = key.texts();
        match self {
            Lang::En => en,
            Lang::Ja => ja,
            Lang::Ko => ko,
        }
    }

    /// Every fixed string of this language, so a font can be checked against them up front.
    pub(crate) fn all_fixed(self) -> impl Iterator<Item = &'static str> {
        Key::ALL
            .iter()
            .map(move |k| self.tr(*k))
            .chain(
                [Country::JP, Country::KR]
                    .into_iter()
                    .map(move |c| match (c.code(), self) {
                        ("JP", Lang::En) => "Japan",
                        ("JP", Lang::Ja) => "日本",
                        ("JP", Lang::Ko) => "일본",
                        (_, Lang::En) => "South Korea",
                        (_, Lang::Ja) => "韓国",
                        (_, Lang::Ko) => "한국",
                    }),
            )
    }
}

/// The colour of a country's samples on every chart, as `#RRGGBB`.
///
/// Japan is drawn in vermillion (`#D55E00`) and South Korea in blue (`#0072B2`), from the
/// Okabe–Ito palette, which stays distinct for the common kinds of colour blindness. Other
/// countries get one of the palette's remaining colours, the same one on every chart.
///
/// # Example
/// ```
/// use yoron::Country;
/// assert_eq!(yoron::chart::country_colour(Country::JP), "#D55E00");
/// assert_eq!(yoron::chart::country_colour(Country::KR), "#0072B2");
/// ```
pub fn country_colour(country: Country) -> &'static str {
    const OTHERS: [&str; 4] = ["#009E73", "#CC79A7", "#E69F00", "#000000"];
    match country.code() {
        "JP" => "#D55E00",
        "KR" => "#0072B2",
        code => {
            let h = code.bytes().fold(0usize, |a, b| a * 31 + usize::from(b));
            OTHERS[h % OTHERS.len()]
        }
    }
}

/// A country's name in `lang`.
pub(crate) fn country_name(country: Country, lang: Lang) -> String {
    crate::label::Text::for_country(country)
        .get(lang)
        .to_string()
}

/// The fixed strings of the charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Source,
    Fieldwork,
    Waves,
    NotPublished,
    MultiResponse,
    SeriesBreak,
    PercentAxis,
    PointsAxis,
    Significant,
    NotSignificant,
    NotTested,
    Interval,
    AssumedN,
    AssumedNSome,
    UnknownN,
    UnknownNSome,
    MidP,
    WaldCc,
    HauckAnderson,
    Mee,
    MiettinenNurminen,
    NoFigure,
    Fitted,
    Question,
    Wilson,
    Newcombe,
    Wald,
    ClopperPearson,
    AgrestiCoull,
    DesignBased,
    WilsonCc,
    Jeffreys,
    Logit,
    AgrestiCaffo,
    Holm,
    BenjaminiHochberg,
    DatesNotPublished,
    GapSignificance,
    OneCountryOnly,
    RestNotPublished,
    BreakBetween,
    BreakBefore,
    ViewOf,
    TitleWave,
    Deff,
    OneWaveOnly,
    DatesMissingSome,
}

impl Key {
    const ALL: [Key; 47] = [
        Key::Source,
        Key::Fieldwork,
        Key::Waves,
        Key::NotPublished,
        Key::MultiResponse,
        Key::SeriesBreak,
        Key::PercentAxis,
        Key::PointsAxis,
        Key::Significant,
        Key::NotSignificant,
        Key::NotTested,
        Key::Interval,
        Key::AssumedN,
        Key::AssumedNSome,
        Key::UnknownN,
        Key::UnknownNSome,
        Key::MidP,
        Key::WaldCc,
        Key::HauckAnderson,
        Key::Mee,
        Key::MiettinenNurminen,
        Key::NoFigure,
        Key::Fitted,
        Key::Question,
        Key::Wilson,
        Key::Newcombe,
        Key::Wald,
        Key::ClopperPearson,
        Key::AgrestiCoull,
        Key::DesignBased,
        Key::WilsonCc,
        Key::Jeffreys,
        Key::Logit,
        Key::AgrestiCaffo,
        Key::Holm,
        Key::BenjaminiHochberg,
        Key::DatesNotPublished,
        Key::GapSignificance,
        Key::OneCountryOnly,
        Key::RestNotPublished,
        Key::BreakBetween,
        Key::BreakBefore,
        Key::ViewOf,
        Key::TitleWave,
        Key::Deff,
        Key::OneWaveOnly,
        Key::DatesMissingSome,
    ];

    /// English, Japanese, Korean. `{}` marks where a value goes.
    fn texts(self) -> [&'static str; 3] {
        match self {
            Key::Source => ["Source", "出典", "출처"],
            Key::Fieldwork => ["fieldwork", "調査期間", "조사 기간"],
            Key::Waves => ["{} waves", "{}回", "{}회"],
            Key::NotPublished => ["n not published", "n 非公表", "n 미공개"],
            Key::MultiResponse => [
                "Multiple answers allowed — totals exceed 100 %.",
                "複数回答のため、合計は100%を超える。",
                "복수 응답 허용 — 합계가 100%를 넘는다.",
            ],
            Key::SeriesBreak => ["series break", "系列の断絶", "시계열 단절"],
            Key::PercentAxis => ["% of respondents", "回答者の割合（%）", "응답자 비율 (%)"],
            Key::PointsAxis => ["{} (percentage points)", "{}（ポイント）", "{} (%p)"],
            Key::Significant => ["significant", "有意", "유의함"],
            Key::NotSignificant => ["not significant", "有意でない", "유의하지 않음"],
            Key::NotTested => ["not tested", "検定なし", "검정 안 함"],
            Key::Interval => [
                "Intervals: {} % confidence intervals ({}).",
                "区間：{}%信頼区間（{}）。",
                "구간: {}% 신뢰구간 ({}).",
            ],
            Key::AssumedN => [
                "* {} did not publish n: its intervals assume n = {}.",
                "* {}はnを公表していないため、区間はn = {}と仮定した。",
                "* {}은 n을 공개하지 않아 구간은 n = {}으로 가정했다.",
            ],
            Key::AssumedNSome => [
                "* {}: n not published for {} of {} waves; their intervals assume n = {}.",
                "* {}：nが非公表の{}回（全{}回）の区間はn = {}と仮定した。",
                "* {}: n이 공개되지 않은 {}회(전체 {}회)의 구간은 n = {}으로 가정했다.",
            ],
            Key::UnknownN => [
                "* {} did not publish n: drawn without an interval (assume an n to draw one).",
                "* {}はnを公表していないため、区間なしで示した（nを仮定すれば区間を示せる）。",
                "* {}은 n을 공개하지 않아 구간 없이 표시했다(n을 가정하면 구간을 표시할 수 있다).",
            ],
            Key::UnknownNSome => [
                "* {}: n not published for {} of {} waves; they are drawn without an interval (assume an n to draw one).",
                "* {}：nが非公表の{}回（全{}回）は区間なしで示した（nを仮定すれば区間を示せる）。",
                "* {}: n이 공개되지 않은 {}회(전체 {}회)는 구간 없이 표시했다(n을 가정하면 구간을 표시할 수 있다).",
            ],
            Key::NoFigure => ["no figure", "数値なし", "수치 없음"],
            Key::Fitted => ["fitted trend", "傾向線", "추세선"],
            Key::Question => ["Q.", "問", "질문:"],
            Key::Wilson => ["Wilson score", "Wilsonスコア法", "윌슨 점수 방법"],
            Key::Newcombe => [
                "Newcombe hybrid score",
                "Newcombeハイブリッドスコア法",
                "뉴컴 혼합 점수 방법",
            ],
            Key::Wald => ["Wald", "Wald法", "왈드 방법"],
            Key::ClopperPearson => [
                "Clopper–Pearson exact",
                "Clopper–Pearson正確法",
                "클로퍼–피어슨 정확 방법",
            ],
            Key::AgrestiCoull => ["Agresti–Coull", "Agresti–Coull法", "아그레스티–쿨 방법"],
            Key::DesignBased => ["design-based", "標本設計に基づく", "표본 설계 기반"],
            Key::WilsonCc => [
                "Wilson score with continuity correction",
                "連続性補正付きWilsonスコア法",
                "연속성 보정 윌슨 점수 방법",
            ],
            Key::Jeffreys => ["Jeffreys", "Jeffreys法", "제프리스 방법"],
            Key::Logit => ["logit", "ロジット法", "로짓 방법"],
            Key::AgrestiCaffo => ["Agresti–Caffo", "Agresti–Caffo法", "아그레스티–카포 방법"],
            Key::MidP => [
                "mid-p (Lancaster)",
                "mid-p法（Lancaster）",
                "mid-p 방법(랭커스터)",
            ],
            Key::WaldCc => [
                "Wald with continuity correction",
                "連続修正付きWald法",
                "연속성 수정 왈드 방법",
            ],
            Key::HauckAnderson => ["Hauck–Anderson", "Hauck–Anderson法", "하우크–앤더슨 방법"],
            Key::Mee => ["Mee score", "Meeのスコア法", "미 점수 방법"],
            Key::MiettinenNurminen => [
                "Miettinen–Nurminen score",
                "Miettinen–Nurminenのスコア法",
                "미에티넨–누르미넨 점수 방법",
            ],
            Key::Holm => ["Holm", "Holm法", "홈 방법"],
            Key::BenjaminiHochberg => [
                "Benjamini–Hochberg",
                "Benjamini–Hochberg法",
                "벤야미니–호흐베르크 방법",
            ],
            Key::DatesNotPublished => ["dates not published", "非公表", "미공개"],
            Key::GapSignificance => [
                "Filled dots: significant in a two-sided test at {} %, p adjusted ({}) across {} options; intervals unadjusted.",
                "塗りつぶしの点：有意水準{}%の両側検定で有意（pは{}で{}選択肢について補正、区間は未補正）。",
                "채운 점: 유의수준 {}% 양측 검정에서 유의함(p는 {}으로 {}개 선택지에 대해 보정, 구간은 보정 안 함).",
            ],
            Key::OneCountryOnly => [
                "Asked in one country only, not compared: {}.",
                "一方の国のみの選択肢（比較なし）：{}。",
                "한 나라에서만 물어 비교하지 않은 선택지: {}.",
            ],
            Key::RestNotPublished => [
                "The rest of each bar was not published (other answers, don't know, no answer): {}.",
                "各棒の残り（その他・わからない・無回答）は非公表：{}。",
                "각 막대의 나머지(기타·모름·무응답)는 공개되지 않았다: {}.",
            ],
            Key::BreakBetween => [
                "A series break (e.g. a change of survey mode) lies between these waves: the change mixes opinion and method.",
                "2回の調査の間に系列の断絶（調査方法の変更など）があり、変化には方法の違いも含まれる。",
                "두 조사 사이에 시계열 단절(조사 방식 변경 등)이 있어 변화에는 방식의 차이도 섞여 있다.",
            ],
            Key::BreakBefore => [
                "Series break before {}",
                "{}の前で系列が断絶している（調査方法の変更など）。",
                "{} 이전에 시계열 단절이 있다(조사 방식 변경 등).",
            ],
            Key::ViewOf => ["{}'s view of {}", "{}から見た{}", "{} 국민이 본 {}"],
            Key::TitleWave => ["{}: {}, {}", "{}（{}、{}）", "{} ({}, {})"],
            Key::Deff => [
                "Intervals allow for a design effect of {}.",
                "区間は設計効果{}を考慮した。",
                "구간은 설계 효과 {}를 반영했다.",
            ],
            Key::DatesMissingSome => [
                " (dates not published for {})",
                "（{}回は非公表）",
                " ({}회는 미공개)",
            ],
            Key::OneWaveOnly => [
                "In one of the two waves only, not drawn: {}.",
                "一方の回のみの選択肢（表示なし）：{}。",
                "한쪽 조사에만 있어 표시하지 않은 선택지: {}.",
            ],
        }
    }
}

/// Fills each `{}` in `template` with the next argument.
pub(crate) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut parts = template.split("{}").peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if parts.peek().is_some() {
            out.push_str(args.next().copied().unwrap_or(""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_three_non_empty_texts() {
        for k in Key::ALL {
            for t in k.texts() {
                assert!(!t.is_empty(), "{k:?}");
            }
            let holes = k.texts().map(|t| t.matches("{}").count());
            assert!(holes.iter().all(|h| *h == holes[0]), "{k:?}: {holes:?}");
        }
    }

    #[test]
    fn fill_puts_arguments_in_order() {
        assert_eq!(fill("{} % ({})", &["95", "Wilson"]), "95 % (Wilson)");
    }

    #[test]
    fn unknown_language_lists_the_known_ones() {
        let e = "german".parse::<Lang>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown language \"german\" (known: en, ja, ko)"
        );
    }
}
