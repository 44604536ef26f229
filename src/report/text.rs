//! The page's own strings in English, Japanese and Korean.

use crate::chart::Lang;

/// A string of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum T {
    Title,
    TitleAny,
    Lead,
    LeadAny,
    ThreatHeading,
    ThreatIntro,
    ThreatTrendHeading,
    ThreatTrendIntro,
    SeriesHeading,
    SeriesHeadingAny,
    MirrorHeading,
    MirrorIntro,
    ClaimsHeading,
    ClaimsIntro,
    ProvenanceHeading,
    Publisher,
    Years,
    Waves,
    Modes,
    Figures,
    SeriesBreak,
    AllFigures,
    AllFiguresAny,
    Countries,
    Questions,
    NoN,
    NotDrawn,
    BothPublics,
    SingleResponse,
    MultipleResponse,
    Asked,
    Primary,
    Secondary,
    Paper,
    Conflicts,
    Sources,
    ShowAll,
    Footer,
}

/// The string in a language (English where a translation is missing).
pub(crate) fn get(key: T, lang: Lang) -> &'static str {
    let (en, ja, ko) = match key {
        T::Title => (
            "Japan–South Korea public opinion: four poll series",
            "日韓の世論：4つの世論調査",
            "한일 여론: 네 가지 여론조사",
        ),
        T::TitleAny => (
            "Public opinion polls: a report of the data",
            "世論調査：データの報告",
            "여론조사: 데이터 보고서",
        ),
        T::LeadAny => (
            "Every figure below is a poll result from the data given, with the source the data names; intervals show how sure we can be, and comparisons say whether a difference is real. Generated offline by yoron.",
            "以下の数値はすべて与えられたデータの世論調査結果で、データが示す出典付きです。区間は不確かさを示し、比較は差が統計的に意味のあるものかを示します。yoron がオフラインで作成しました。",
            "아래의 모든 수치는 주어진 데이터의 여론조사 결과이며 데이터가 밝힌 출처가 함께 있습니다. 구간은 불확실성을, 비교는 차이가 통계적으로 의미 있는지를 보여줍니다. yoron이 오프라인에서 생성했습니다.",
        ),
        T::Lead => (
            "Every figure below is a published poll result with its source; intervals show how sure we can be, and comparisons say whether a difference is real. Generated offline by yoron from its bundled, cited data.",
            "以下の数値はすべて出典付きの公表された世論調査結果です。区間は不確かさを示し、比較は差が統計的に意味のあるものかを示します。yoron が同梱の出典付きデータからオフラインで作成しました。",
            "아래의 모든 수치는 출처가 있는 공표된 여론조사 결과입니다. 구간은 불확실성을, 비교는 차이가 통계적으로 의미 있는지를 보여줍니다. yoron이 내장된 출처 데이터로 오프라인에서 생성했습니다.",
        ),
        T::ThreatHeading => (
            "Threat perception, 2016: Japan vs South Korea",
            "脅威認識（2016年）：日本と韓国",
            "위협 인식(2016년): 일본과 한국",
        ),
        T::ThreatIntro => (
            "Genron NPO / East Asia Institute, 4th joint poll: which countries or regions respondents feel pose a military threat (multiple answers allowed).",
            "言論NPO・東アジア研究院 第4回日韓共同世論調査：軍事的脅威を感じる国・地域（複数回答）。",
            "겐론NPO·동아시아연구원 제4회 한일 공동 여론조사: 군사적 위협이 된다고 생각하는 국가(복수응답).",
        ),
        T::ThreatTrendHeading => (
            "Threat perception over time",
            "脅威認識の推移",
            "위협 인식의 추이",
        ),
        T::ThreatTrendIntro => (
            "Each option of the military-threat questions across waves, one line per country named, with {level} % intervals and the series breaks the sources name: the Yomiuri–Gallup Japan–US poll (Japanese sample, 2006–2022), the Yomiuri–Hankook poll (both publics) and the Genron NPO / EAI poll. The wordings differ between the series, so compare lines within a chart, not across charts. Waves that publish no n assume n = 1,000 (marked).",
            "軍事的脅威に関する質問の選択肢ごとの推移（国ごとに1本の線、{level}%区間、出典が示す系列の断絶付き）：読売新聞・ギャラップ社日米共同世論調査（日本の標本、2006〜2022年）、読売新聞・韓国日報（両国）、言論NPO・東アジア研究院。質問文は調査ごとに異なるため、比較は同じ図の中で行ってください。nが公表されていない回は n = 1,000 と仮定しています（図中に明記）。",
            "군사적 위협 질문의 선택지별 추이(국가마다 한 선, {level}% 구간, 출처가 밝힌 시계열 단절 포함): 요미우리신문·갤럽 미일 공동 여론조사(일본 표본, 2006~2022년), 요미우리·한국일보(양국), 겐론NPO·동아시아연구원. 질문 문구가 조사마다 다르므로 같은 그림 안에서만 비교하십시오. n이 공표되지 않은 회차는 n = 1,000으로 가정했습니다(그림에 표시).",
        ),
        T::SeriesHeading => ("The bundled series", "収録した調査", "수록된 조사"),
        T::SeriesHeadingAny => ("The series", "調査", "조사"),
        T::MirrorHeading => (
            "Mirror pairs: each public's view of the other",
            "鏡像ペア：相手国への見方",
            "거울 쌍: 상대국에 대한 시각",
        ),
        T::MirrorIntro => (
            "Japan's view of Korea next to Korea's view of Japan, wave by wave, with the asymmetry (JP − KR) and its change over time.",
            "日本の韓国観と韓国の日本観を調査回ごとに並べ、その非対称性（日本−韓国）と変化を示します。",
            "일본의 한국관과 한국의 일본관을 조사 회차별로 나란히 놓고, 비대칭(일본−한국)과 그 변화를 보여줍니다.",
        ),
        T::ClaimsHeading => (
            "The paper's claims, checked",
            "論文の主張の検証",
            "논문 주장의 검증",
        ),
        T::ClaimsIntro => (
            "Claims from Nishino (2017), section 4, that rest on poll figures: does the quoted figure match the data (allowing the paper's rounding), and does a test at {level} % support what the paper asserts?",
            "西野（2017）第4節の世論調査に基づく主張：引用された数値はデータと一致するか（論文の丸めを考慮）、{level}%水準の検定は主張を支持するか。",
            "니시노(2017) 4절의 여론조사 수치에 근거한 주장: 인용된 수치가 데이터와 일치하는지(논문의 반올림 고려), {level}% 수준의 검정이 주장을 지지하는지.",
        ),
        T::ProvenanceHeading => ("Provenance", "出典", "출처"),
        T::Publisher => ("Publisher", "実施者", "조사 주체"),
        T::Years => ("Years", "年", "연도"),
        T::Waves => (
            "Waves (per sample)",
            "調査回（標本別）",
            "조사 회차(표본별)",
        ),
        T::Modes => ("Modes", "調査方法", "조사 방법"),
        T::Figures => ("Figures", "数値", "수치"),
        T::SeriesBreak => ("Series break", "系列の断絶", "시계열 단절"),
        T::AllFigures => (
            "Every bundled figure with its source",
            "同梱のすべての数値と出典",
            "내장된 모든 수치와 출처",
        ),
        T::AllFiguresAny => (
            "Every figure with its source",
            "すべての数値と出典",
            "모든 수치와 출처",
        ),
        T::Countries => ("Sample countries", "標本の国", "표본 국가"),
        T::Questions => ("Questions", "質問", "질문"),
        T::NoN => (
            "Waves without a published n: {waves}. Trend and option charts draw them without an interval; the gap tests assume n = {n} there (marked on each chart and table).",
            "nが公表されていない調査回：{waves}。推移と選択肢の図では区間を描かず、差の検定では n = {n} と仮定しています（各図表に明記）。",
            "n이 공표되지 않은 조사 회차: {waves}. 추이와 선택지 그림에서는 구간을 그리지 않고, 차이 검정에서는 n = {n}으로 가정했습니다(각 그림과 표에 표시).",
        ),
        T::NotDrawn => ("Not drawn", "描画できません", "그릴 수 없음"),
        T::BothPublics => (
            "Both publics, wave by wave: Japan − South Korea and how the difference changed",
            "両国の世論の推移：日本 − 韓国の差とその変化",
            "두 나라 여론의 추이: 일본 − 한국의 차이와 그 변화",
        ),
        T::SingleResponse => ("Single response", "単一回答", "단일 응답"),
        T::MultipleResponse => ("Multiple answers allowed", "複数回答", "복수 응답"),
        T::Asked => ("Asked", "調査回", "조사 회차"),
        T::Primary => ("primary sources", "一次資料", "1차 자료"),
        T::Secondary => ("secondary sources", "二次資料", "2차 자료"),
        T::Paper => (
            "read in the paper itself",
            "論文そのものから読んだ数値",
            "논문 자체에서 읽은 수치",
        ),
        T::Conflicts => (
            "Where sources disagree (both figures kept)",
            "出典間の食い違い（両方の数値を保持）",
            "출처 간 불일치(두 수치 모두 보존)",
        ),
        T::Sources => ("Sources", "出典一覧", "출처 목록"),
        T::ShowAll => ("Show all", "すべて表示", "모두 보기"),
        T::Footer => (
            "figures as published; no figure rounded, interpolated or filled in",
            "数値は公表どおり。丸め・補間・補完は一切していません",
            "수치는 공표된 그대로이며 반올림·보간·보충하지 않았습니다",
        ),
    };
    match lang {
        Lang::Ja => ja,
        Lang::Ko => ko,
        _ => en,
    }
}

/// The string with `{level}` replaced by a confidence level in percent (`95`, `99.9`).
pub(crate) fn with_level(key: T, lang: Lang, level: crate::stats::ConfidenceLevel) -> String {
    let pct = level.to_string();
    get(key, lang).replace("{level}", pct.trim_end_matches('%'))
}
