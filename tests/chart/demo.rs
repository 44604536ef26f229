//! Realistic chart inputs from published figures (shared by the chart tests, the
//! `chart_gallery` example and the `charts` bench).
//!
//! Figures: Genron NPO & EAI joint polls 2015 and 2016 and the Cabinet Office Survey on
//! Diplomacy, as listed in shared/sources/polls.csv. Intervals: Wilson 95 % (one figure) and
//! Newcombe 95 % (a gap between two independent samples), computed with the formulas of
//! Wilson (1927) and Newcombe (1998) from the published n; where n was not published the
//! samples say so and the intervals assume n = 1,000 (Genron 2015) or 1,800 (Cabinet Office).
//! The chart layer never computes these: the statistics module will.
#![allow(dead_code)]

use jiff::civil::date;
use yoron::chart::*;

const GENRON_2016: &str =
    "The Genron NPO & East Asia Institute, 4th Japan–Korea joint poll (2016), via Nishino (2017)";

fn jp_2016() -> Sample {
    Sample::new(
        Country::Japan,
        Fieldwork::new(date(2016, 6, 18), date(2016, 7, 3)),
        SampleSize::Published(1000),
    )
}

fn kr_2016() -> Sample {
    Sample::new(
        Country::SouthKorea,
        Fieldwork::new(date(2016, 6, 16), date(2016, 7, 5)),
        SampleSize::Published(1010),
    )
}

fn pick<'a>(lang: Lang, en: &'a str, ja: &'a str, ko: &'a str) -> &'a str {
    match lang {
        Lang::Ja => ja,
        Lang::Ko => ko,
        _ => en,
    }
}

fn threat_caption(lang: Lang) -> Caption {
    Caption::new(pick(
        lang,
        "Which countries are a military threat? Japan and South Korea, 2016",
        "軍事的脅威を感じる国・地域（日本と韓国、2016年）",
        "군사적 위협을 느끼는 나라 (일본과 한국, 2016년)",
    ))
    .question(pick(
        lang,
        "Which countries or regions do you feel pose a military threat to your country? (multiple answers)",
        "あなたは、どの国・地域に軍事的な脅威を感じますか。（複数回答）",
        "귀하는 어느 나라 또는 지역이 군사적 위협이 된다고 생각하십니까? (복수 응답)",
    ))
    .source(GENRON_2016)
    .sample(jp_2016())
    .sample(kr_2016())
    .answers(Answers::Multiple)
}

fn options(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Ja => ["中国", "北朝鮮", "日本"],
        Lang::Ko => ["중국", "북한", "일본"],
        _ => ["China", "North Korea", "Japan"],
    }
}

/// The 2016 military-threat figures: JP China 80, North Korea 73; KR North Korea 84,
/// Japan 38, China 36. Japan was not an option for Japanese respondents.
pub fn threat(lang: Lang) -> OptionChart {
    let [china, nk, japan] = options(lang);
    OptionChart::new(threat_caption(lang).interval(IntervalNote::new(IntervalMethod::Wilson, 0.95)))
        .row(
            OptionRow::new(china)
                .value(Country::Japan, Value::new(80.0).with_interval(77.4, 82.4))
                .value(
                    Country::SouthKorea,
                    Value::new(36.0).with_interval(33.1, 39.0),
                ),
        )
        .row(
            OptionRow::new(nk)
                .value(Country::Japan, Value::new(73.0).with_interval(70.2, 75.7))
                .value(
                    Country::SouthKorea,
                    Value::new(84.0).with_interval(81.6, 86.1),
                ),
        )
        .row(OptionRow::new(japan).value(
            Country::SouthKorea,
            Value::new(38.0).with_interval(35.1, 41.0),
        ))
        .lang(lang)
}

/// The Japan − South Korea gaps of the options both samples were asked.
pub fn gap(lang: Lang) -> GapChart {
    let [china, nk, _] = options(lang);
    GapChart::new(
        threat_caption(lang).interval(IntervalNote::new(IntervalMethod::Newcombe, 0.95)),
        Country::Japan,
        Country::SouthKorea,
    )
    .row(GapRow::new(
        nk,
        Value::new(73.0),
        Value::new(84.0),
        Gap::new(-11.0, Significance::Significant).with_interval(-14.5, -7.4),
    ))
    .row(GapRow::new(
        china,
        Value::new(80.0),
        Value::new(36.0),
        Gap::new(44.0, Significance::Significant).with_interval(40.0, 47.8),
    ))
    .lang(lang)
}

/// Year, percent, Wilson 95 % low and high, n (None: not published, interval assumes 1,800).
type Wave = (f64, f64, f64, f64, Option<u32>);

const KOREA: [Wave; 11] = [
    (2011.79, 62.2, 60.0, 64.3, Some(1912)),
    (2012.77, 39.2, 37.0, 41.5, Some(1838)),
    (2013.75, 40.7, 38.5, 43.0, None),
    (2014.80, 31.5, 29.4, 33.7, None),
    (2016.03, 33.0, 30.9, 35.2, Some(1801)),
    (2017.83, 37.5, 35.3, 39.8, Some(1803)),
    (2019.81, 26.7, 24.6, 28.9, Some(1608)),
    (2020.87, 34.9, 32.8, 37.1, Some(1865)),
    (2022.82, 45.9, 43.6, 48.3, Some(1732)),
    (2023.79, 52.8, 50.4, 55.2, Some(1649)),
    (2024.87, 56.3, 54.0, 58.6, Some(1734)),
];
const CHINA: [Wave; 8] = [
    (2011.79, 26.3, 24.4, 28.3, Some(1912)),
    (2012.77, 18.0, 16.3, 19.8, Some(1838)),
    (2013.75, 18.1, 16.4, 19.9, None),
    (2014.80, 14.8, 13.2, 16.5, None),
    (2016.03, 14.8, 13.2, 16.5, Some(1801)),
    (2022.82, 17.8, 16.1, 19.7, Some(1732)),
    (2023.79, 12.7, 11.2, 14.4, Some(1649)),
    (2024.87, 14.7, 13.1, 16.4, Some(1734)),
];
const US: [Wave; 8] = [
    (2011.79, 82.0, 80.2, 83.7, Some(1912)),
    (2012.77, 84.5, 82.8, 86.1, Some(1838)),
    (2014.80, 82.6, 80.8, 84.3, None),
    (2016.03, 84.4, 82.7, 86.0, Some(1801)),
    (2017.83, 78.4, 76.4, 80.2, Some(1803)),
    (2019.81, 78.7, 76.6, 80.6, Some(1608)),
    (2023.79, 87.4, 85.7, 88.9, Some(1649)),
    (2024.87, 84.9, 83.1, 86.5, Some(1734)),
];

/// The Cabinet Office's fieldwork per fiscal year, as published (month-only where only
/// months are known).
fn cabinet_fieldwork() -> Vec<(Fieldwork, SampleSize)> {
    let d = |y, m, d| date(y, m, d);
    vec![
        (
            Fieldwork::new(d(2011, 9, 29), d(2011, 10, 16)),
            SampleSize::Published(1912),
        ),
        (
            Fieldwork::new(d(2012, 9, 27), d(2012, 10, 7)),
            SampleSize::Published(1838),
        ),
        (
            Fieldwork::new(d(2013, 9, 26), d(2013, 10, 6)),
            SampleSize::Assumed(1800),
        ),
        (
            Fieldwork::new(d(2014, 10, 16), d(2014, 10, 26)),
            SampleSize::Assumed(1800),
        ),
        (
            Fieldwork::new(d(2016, 1, 7), d(2016, 1, 17)),
            SampleSize::Published(1801),
        ),
        (
            Fieldwork::new(d(2017, 10, 26), d(2017, 11, 5)),
            SampleSize::Published(1803),
        ),
        (
            Fieldwork::new(d(2019, 10, 19), d(2019, 10, 30)),
            SampleSize::Published(1608),
        ),
        (
            Fieldwork::new(d(2020, 10, 22), d(2020, 12, 6)),
            SampleSize::Published(1865),
        ),
        (
            Fieldwork::new(d(2022, 10, 6), d(2022, 11, 13)),
            SampleSize::Published(1732),
        ),
        (
            Fieldwork::months(d(2023, 9, 1), d(2023, 10, 1)),
            SampleSize::Published(1649),
        ),
        (
            Fieldwork::months(d(2024, 10, 1), d(2024, 11, 1)),
            SampleSize::Published(1734),
        ),
    ]
}

fn trend_line(label: &str, waves: &[Wave]) -> TrendLine {
    let mut line = TrendLine::labelled(label);
    for (year, p, lo, hi, _) in waves {
        let mut point = TrendPoint::new(*year, Value::new(*p).with_interval(*lo, *hi));
        // FY2020: the survey moved from face-to-face interviews to a postal questionnaire.
        if *year >= 2020.0 && !waves.iter().any(|w| (2020.0..*year).contains(&w.0)) {
            point = point.after_break();
        }
        line = line.point(point);
    }
    line
}

/// Cabinet Office affinity toward South Korea, China and the United States, FY2011–FY2024,
/// with the FY2020 mode change as a series break and a fitted line for Korea after it.
pub fn trend(lang: Lang) -> TrendChart {
    let mut caption = Caption::new(pick(
        lang,
        "Japanese who feel affinity toward South Korea, China and the United States",
        "韓国・中国・米国に親しみを感じる人の割合",
        "한국·중국·미국에 친근감을 느끼는 일본인 비율",
    ))
    .question(pick(
        lang,
        "Do you feel affinity toward South Korea (China, the United States)? “Feel” and “somewhat feel” combined.",
        "あなたは、韓国（中国、アメリカ）に親しみを感じますか、それとも感じませんか。「親しみを感じる」と「どちらかというと親しみを感じる」の合計。",
        "귀하는 한국(중국, 미국)에 친근감을 느끼십니까? '느낀다'와 '어느 정도 느낀다'의 합계.",
    ))
    .source(pick(
        lang,
        "Cabinet Office of Japan, Public Opinion Survey on Diplomacy, FY2011–FY2024",
        "内閣府「外交に関する世論調査」2011〜2024年度",
        "일본 내각부 「외교에 관한 여론조사」 2011~2024년도",
    ))
    .interval(IntervalNote::new(IntervalMethod::Wilson, 0.95))
    .note(pick(
        lang,
        "From FY2020 the survey is a postal questionnaire (before: face-to-face interviews); figures before and after the break are not directly comparable.",
        "2020年度から郵送調査（それ以前は個別面接聴取）。断絶の前後の数値は直接比較できない。",
        "2020년도부터 우편 조사(그 이전은 면접 조사). 단절 전후의 수치는 직접 비교할 수 없다.",
    ));
    for (f, n) in cabinet_fieldwork() {
        caption = caption.sample(Sample::new(Country::Japan, f, n));
    }
    let [korea, china, us] = match lang {
        Lang::Ja => ["韓国", "中国", "米国"],
        Lang::Ko => ["한국", "중국", "미국"],
        _ => ["South Korea", "China", "United States"],
    };
    TrendChart::new(caption)
        .line(trend_line(us, &US))
        .line(trend_line(korea, &KOREA).fitted(vec![(2020.87, 35.2), (2024.87, 57.3)]))
        .line(trend_line(china, &CHINA))
        .lang(lang)
}

/// "In ten years, will Japan–Korea relations be better or worse?" (2016). The pollster
/// published the three answers; "don't know / no answer" is the rest to 100.
pub fn distribution(lang: Lang) -> DistributionChart {
    let [better, same, worse, dk] = match lang {
        Lang::Ja => ["良くなる", "変わらない", "悪くなる", "わからない・無回答"],
        Lang::Ko => ["좋아질 것", "변함없을 것", "나빠질 것", "모름·무응답"],
        _ => ["Better", "Unchanged", "Worse", "Don't know / no answer"],
    };
    let caption = Caption::new(pick(
        lang,
        "Japan–Korea relations in the future, 2016",
        "今後の日韓関係（2016年）",
        "향후 한일 관계 (2016년)",
    ))
    .question(pick(
        lang,
        "How do you think Japan–Korea relations will develop in the future?",
        "今後の日韓関係はどうなると思いますか。",
        "앞으로 한일 관계가 어떻게 될 것이라고 생각하십니까?",
    ))
    .source(GENRON_2016)
    .sample(jp_2016())
    .sample(kr_2016())
    .note(pick(
        lang,
        "“Don't know / no answer” is the rest to 100 %.",
        "「わからない・無回答」は100%との差。",
        "'모름·무응답'은 100%와의 차이.",
    ));
    DistributionChart::new(caption)
        .bar(
            DistributionBar::new(Country::Japan)
                .share(Share::new(better, Value::new(22.7)))
                .share(Share::new(same, Value::new(49.0)))
                .share(Share::new(worse, Value::new(9.9)))
                .share(Share::dont_know(dk, Value::new(18.4))),
        )
        .bar(
            DistributionBar::new(Country::SouthKorea)
                .share(Share::new(better, Value::new(23.3)))
                .share(Share::new(same, Value::new(52.1)))
                .share(Share::new(worse, Value::new(18.5)))
                .share(Share::dont_know(dk, Value::new(6.1))),
        )
        .lang(lang)
}

/// Japanese views of South Korea, 2015 → 2016 (n not published for 2015: assumed 1,000).
pub fn change(lang: Lang) -> ChangeChart {
    let caption = Caption::new(pick(
        lang,
        "Japanese views of South Korea, 2015 → 2016",
        "日本人の韓国観（2015年→2016年）",
        "일본인의 한국관 (2015년→2016년)",
    ))
    .question(pick(
        lang,
        "What is your impression of South Korea? How are current Japan–Korea relations?",
        "韓国に対してどのような印象を持っていますか。現在の日韓関係をどう思いますか。",
        "한국에 대해 어떤 인상을 가지고 있습니까? 현재 한일 관계를 어떻게 생각하십니까?",
    ))
    .source(pick(
        lang,
        "The Genron NPO & East Asia Institute, 3rd (2015) and 4th (2016) Japan–Korea joint polls",
        "言論NPO・東アジア研究院「第3回（2015年）・第4回（2016年）日韓共同世論調査」",
        "겐론NPO·동아시아연구원 「제3회(2015년)·제4회(2016년) 한일 공동 여론조사」",
    ))
    .sample(Sample::new(
        Country::Japan,
        Fieldwork::months(date(2015, 4, 1), date(2015, 5, 1)),
        SampleSize::Assumed(1000),
    ))
    .sample(jp_2016())
    .interval(IntervalNote::new(IntervalMethod::Wilson, 0.95));
    let [good, bad, rel] = match lang {
        Lang::Ja => ["韓国に良い印象", "韓国に悪い印象", "現在の関係は悪い"],
        Lang::Ko => ["한국에 좋은 인상", "한국에 나쁜 인상", "현재 관계가 나쁘다"],
        _ => [
            "Good impression of South Korea",
            "Bad impression of South Korea",
            "Relations are bad now",
        ],
    };
    ChangeChart::new(caption, Country::Japan, "2015", "2016")
        .row(ChangeRow::new(
            good,
            Value::new(23.8).with_interval(21.3, 26.5),
            Value::new(29.1).with_interval(26.4, 32.0),
        ))
        .row(ChangeRow::new(
            bad,
            Value::new(52.4).with_interval(49.3, 55.5),
            Value::new(44.6).with_interval(41.5, 47.7),
        ))
        .row(ChangeRow::new(
            rel,
            Value::new(65.4).with_interval(62.4, 68.3),
            Value::new(50.9).with_interval(47.8, 54.0),
        ))
        .lang(lang)
}
