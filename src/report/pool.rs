//! The report's "All sources together" section: the pooled trend of each public for each
//! concept with enough houses, the house effects, and what the model says about the
//! Cabinet Office's FY2020 change of mode.

use std::fmt::Write as _;

use super::{ReportChart, esc, figure};
use crate::chart::{Lang, Text, concept_text};
use crate::compare::CONCEPTS;
use crate::model::{Country, Dataset};
use crate::pool::{Polls, PoolOptions, Pooled};
use crate::stats::ConfidenceLevel;

/// The n assumed for waves that publish none (every chart and table says which).
pub(crate) const POOL_ASSUMED_N: u32 = 1000;

/// The pooling options of the report, at the report's confidence level.
pub(crate) fn options(level: ConfidenceLevel) -> PoolOptions {
    PoolOptions::new().assume_n(POOL_ASSUMED_N).level(level)
}

/// Enough to pool: at least two houses with two polls or more each.
pub(crate) fn enough(p: &Pooled) -> bool {
    p.houses().iter().filter(|h| h.polls() >= 2).count() >= 2
}

/// The concepts and publics the section shows, each with its pooled result or why not.
pub(crate) fn pooled(
    ds: &Dataset,
    level: ConfidenceLevel,
) -> Vec<(&'static str, Country, crate::Result<Pooled>)> {
    let opts = options(level);
    let mut out = Vec::new();
    for c in CONCEPTS {
        for country in [Country::JP, Country::KR] {
            let r = Polls::from_concept(ds, c.id, country, &opts).and_then(|p| p.fit(&opts));
            out.push((c.id, country, r));
        }
    }
    out
}

fn s(lang: Lang, en: &'static str, ja: &'static str, ko: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::Ko => ko,
        _ => en,
    }
}

/// The section's heading.
pub(crate) fn heading(lang: Lang) -> &'static str {
    s(
        lang,
        "All sources together",
        "全調査を合わせて",
        "모든 조사 종합",
    )
}

/// The sentence on the Cabinet Office's FY2020 break: the change of its house effect across
/// the break, against the other series.
pub(crate) fn fy2020_sentence(p: &Pooled, lang: Lang) -> Option<String> {
    let houses = p.houses();
    let at = houses.iter().position(|h| {
        h.house().series() == "cabinet_office" && h.house().run_from() == Some("FY2020")
    })?;
    let after = &houses[at];
    // The run just before the mode change (houses of one series come in the order of their
    // runs): since the FY2016 population break, that is the FY2016–FY2019 run, not the
    // first one.
    let same = |h: &&crate::pool::HouseEffect| {
        h.house().series() == after.house().series()
            && h.house().question() == after.house().question()
            && h.house().option() == after.house().option()
    };
    let before = houses[..at].iter().rev().find(same)?;
    let d = p
        .effect_difference(after.house().id(), before.house().id())
        .ok()?;
    let level = (p.level().value() * 100.0).round();
    let (b, a) = (before.effect(), after.effect());
    let (lo, hi, est) = (d.ci().low(), d.ci().high(), d.estimate());
    // The interval decides what the sentence may say: only a shift whose interval excludes
    // zero is put down to the mode; otherwise the data cannot tell mode from opinion.
    let clear = lo > 0.0 || hi < 0.0;
    Some(match lang {
        Lang::Ja => {
            let verdict = if clear {
                "他の調査が示す推移に照らすと、これは意識の変化ではなく調査方法の違いと見られる（モデルの前提のもとで）"
            } else {
                "区間が0を含むため、調査方法の違いと意識の変化をこのデータでは区別できない"
            };
            format!(
                "内閣府の数値は、FY2020の調査方法の変更（面接から郵送）の前は推移より{b:+.1}ポイント、後は{a:+.1}ポイントずれている。変更による差は{est:+.1}ポイント（{level:.0}%区間 {lo:+.1}〜{hi:+.1}）で、{verdict}。"
            )
        }
        Lang::Ko => {
            let verdict = if clear {
                "다른 조사의 추세에 비추어 보면 여론 변화가 아니라 조사 방식의 차이로 보인다(모형의 가정 하에서)"
            } else {
                "구간이 0을 포함하므로 이 자료로는 조사 방식의 차이와 여론 변화를 구별할 수 없다"
            };
            format!(
                "일본 내각부 수치는 FY2020 조사 방식 변경(면접→우편) 이전에는 추세보다 {b:+.1}포인트, 이후에는 {a:+.1}포인트 차이가 난다. 변경에 따른 차이는 {est:+.1}포인트({level:.0}% 구간 {lo:+.1}~{hi:+.1})로, {verdict}."
            )
        }
        _ => {
            let verdict = if clear {
                "that the other series attribute to the change of mode, not to a change of opinion (under the model's assumptions)"
            } else {
                "whose interval includes zero: with these data the change of mode cannot be told apart from a change of opinion"
            };
            format!(
                "The Cabinet Office's figures ran {b:+.1} points from the pooled trend before its FY2020 change from face-to-face to postal interviews and {a:+.1} points after: a shift of {est:+.1} points ({level:.0} % interval {lo:+.1} to {hi:+.1}) {verdict}."
            )
        }
    })
}

/// A house for readers: the source and the option, in `lang`, and the wave its run starts
/// at after a series break (the id stays on hover).
fn house_label(house: &crate::pool::House, lang: Lang) -> String {
    let source = Text::for_series(house.series(), "");
    let option = Text::for_option(house.series(), house.question(), house.option());
    let mut s = format!("{}: {}", source.get(lang), option.get(lang));
    if let Some(run) = house.run_from() {
        s.push_str(&match lang {
            Lang::Ja => format!("（{run}以降）"),
            Lang::Ko => format!(" ({run} 이후)"),
            _ => format!(" (from {run})"),
        });
    }
    s
}

/// Writes the section.
pub(crate) fn section(
    h: &mut String,
    ds: &Dataset,
    lang: Lang,
    level: ConfidenceLevel,
    charts: &[ReportChart],
) {
    let _ = writeln!(
        h,
        "<section id=\"pooled\">\n<h2>{}</h2>",
        esc(heading(lang))
    );
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(&s(
            lang,
            "One latent trend per public from every series that asks about a concept, each series with a constant offset (its house effect) and a series break starting a new house. The trend is a random walk fitted by an exact diffuse Kalman filter and smoother with σ by maximum likelihood (Jackman 2005; Durbin & Koopman 2012). The band is a {level} % pointwise interval; effects sum to zero, so they are relative to the average source. Waves without a published n assume n = 1,000 (listed under each table).",
            "概念ごとに、それを尋ねるすべての調査から各国民の推移を一本推定する。各調査には一定のずれ（ハウス効果）があり、系列の断絶の後は別の調査として扱う。推移はランダムウォークとし、カルマンフィルタと平滑化（厳密な散漫初期化）で、σは最尤法で推定した（Jackman 2005; Durbin & Koopman 2012）。帯は各時点の{level}%区間。ハウス効果の合計は0なので、平均的な調査との差を表す。nが非公表の回はn = 1,000と仮定した（表の下に記載）。",
            "개념별로 이를 묻는 모든 조사로부터 각 국민의 추세를 하나로 추정한다. 각 조사에는 일정한 편차(하우스 효과)가 있고, 시계열 단절 이후는 별도 조사로 본다. 추세는 랜덤워크로, 칼만 필터와 평활(정확한 확산 초기화)로 추정하고 σ는 최대우도로 추정했다(Jackman 2005; Durbin & Koopman 2012). 띠는 시점별 {level}% 구간이다. 하우스 효과의 합은 0이므로 평균적인 조사와의 차이다. n이 공개되지 않은 회차는 n = 1,000으로 가정했다(표 아래 기재).",
        ).replace("{level}", super::level_text(level).trim_end_matches(" %")))
    );
    for (concept, country, result) in pooled(ds, level) {
        let id = format!("pooled_{concept}_{}", country.code().to_lowercase());
        let _ = writeln!(
            h,
            "<article id=\"{id}\">\n<h3 title=\"{}\">{} · {}</h3>",
            esc(concept),
            esc(CONCEPTS
                .iter()
                .find(|c| c.id == concept)
                .map(|c| concept_text(c.id, c.label))
                .unwrap_or_else(|| Text::new(concept))
                .get(lang)),
            esc(Text::for_country(country).get(lang))
        );
        match result {
            Ok(p) if enough(&p) => {
                for c in charts.iter().filter(|c| c.id == id) {
                    figure(h, c);
                }
                if let Some(sentence) = fy2020_sentence(&p, lang) {
                    let _ = writeln!(h, "<p class=\"finding\">{}</p>", esc(&sentence));
                }
                let _ = writeln!(
                    h,
                    "<table><thead><tr><th>house</th><th>effect</th><th>se</th><th>{}</th><th>polls</th></tr></thead><tbody>",
                    super::level_text(level)
                );
                for e in p.houses() {
                    let _ = writeln!(
                        h,
                        "<tr><td title=\"{}\">{}</td><td class=\"num\">{:+.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:+.1} – {:+.1}</td><td class=\"num\">{}</td></tr>",
                        esc(e.house().id()),
                        esc(&house_label(e.house(), lang)),
                        e.effect(),
                        e.se(),
                        e.ci().low(),
                        e.ci().high(),
                        e.polls()
                    );
                }
                let _ = writeln!(h, "</tbody></table>");
                let _ = writeln!(
                    h,
                    "<p class=\"note\">σ = {:.3} / √{} · log-likelihood {:.2}</p>",
                    p.sigma(),
                    p.unit(),
                    p.log_likelihood()
                );
                let _ = writeln!(h, "<ul class=\"notes\">");
                for n in p.notes() {
                    let _ = writeln!(h, "<li>{}</li>", esc(n));
                }
                let _ = writeln!(h, "</ul>");
            }
            Ok(_) => {
                let _ = writeln!(
                    h,
                    "<p>{}</p>",
                    esc(s(
                        lang,
                        "Not pooled: fewer than two sources with two polls or more.",
                        "合成せず：2回以上の調査が2つ未満。",
                        "종합하지 않음: 2회 이상인 조사가 둘 미만.",
                    ))
                );
            }
            Err(e) => {
                let _ = writeln!(h, "<p>{}</p>", esc(&e.to_string()));
            }
        }
        let _ = writeln!(h, "</article>");
    }
    let _ = writeln!(h, "</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fy2020_sentence_names_the_shift() {
        let ds = crate::datasets::bundled();
        let opts = options(ConfidenceLevel::P95);
        let p = Polls::from_concept(ds, "positive_view_of_other", Country::JP, &opts)
            .and_then(|p| p.fit(&opts))
            .unwrap();
        let s = fy2020_sentence(&p, Lang::En).unwrap();
        assert!(s.starts_with("The Cabinet Office's figures ran"), "{s}");
        assert!(fy2020_sentence(&p, Lang::Ja).unwrap().contains("郵送"));
    }
}
