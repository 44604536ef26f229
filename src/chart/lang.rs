//! Chart languages and the fixed strings every chart draws, in English, Japanese and Korean.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The language of a chart's fixed strings (axis titles, "Source", notes, country names).
///
/// Labels that come from the data (questions, options) are drawn as given: pass them already
/// translated. The default is English.
///
/// # Example
/// ```
/// use yoron::chart::Lang;
/// let lang: Lang = "ja".parse().unwrap();
/// assert_eq!(lang, Lang::Ja);
/// assert_eq!(Lang::default(), Lang::En);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, in the order of [`Lang::code`]'s documentation.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::Ko];

    /// The language's two-letter code: `en`, `ja` or `ko`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Lang::Ko.code(), "ko");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }

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
            .chain(Country::ALL.iter().map(move |c| c.name(self)))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    /// Parses `en`, `ja` or `ko` (case-insensitive).
    fn from_str(s: &str) -> Result<Lang, Error> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::unknown_name("language", s, Lang::ALL.map(Lang::code)))
    }
}

/// A country on a chart: it sets the country's name in each language and its colour.
///
/// Japan is drawn in vermillion (`#D55E00`) and South Korea in blue (`#0072B2`), from the
/// Okabe–Ito palette, which stays distinct for the common kinds of colour blindness.
///
/// # Example
/// ```
/// use yoron::chart::{Country, Lang};
/// assert_eq!(Country::SouthKorea.name(Lang::Ja), "韓国");
/// assert_eq!(Country::Japan.colour_hex(), "#D55E00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Country {
    /// Japan.
    Japan,
    /// South Korea (Republic of Korea).
    SouthKorea,
}

impl Country {
    pub(crate) const ALL: [Country; 2] = [Country::Japan, Country::SouthKorea];

    /// The country's name in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Country, Lang};
    /// assert_eq!(Country::Japan.name(Lang::Ko), "일본");
    /// assert_eq!(Country::SouthKorea.name(Lang::En), "South Korea");
    /// ```
    pub fn name(self, lang: Lang) -> &'static str {
        let [en, ja, ko] = match self {
            Country::Japan => ["Japan", "日本", "일본"],
            Country::SouthKorea => ["South Korea", "韓国", "한국"],
        };
        match lang {
            Lang::En => en,
            Lang::Ja => ja,
            Lang::Ko => ko,
        }
    }

    /// The country's colour on every chart, as `#RRGGBB`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::chart::Country::SouthKorea.colour_hex(), "#0072B2");
    /// ```
    pub fn colour_hex(self) -> &'static str {
        match self {
            Country::Japan => "#D55E00",
            Country::SouthKorea => "#0072B2",
        }
    }
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
    NoFigure,
    Fitted,
    Question,
    Wilson,
    Newcombe,
    Wald,
    ClopperPearson,
    AgrestiCoull,
    DesignBased,
}

impl Key {
    const ALL: [Key; 23] = [
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
        Key::NoFigure,
        Key::Fitted,
        Key::Question,
        Key::Wilson,
        Key::Newcombe,
        Key::Wald,
        Key::ClopperPearson,
        Key::AgrestiCoull,
        Key::DesignBased,
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
