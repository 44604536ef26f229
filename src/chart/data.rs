//! Charts built from the data model and the comparison tables: the intervals come from
//! [`crate::stats`], the source lines from the waves, the labels from the bundled labels
//! and the data's original wording, in every language.

use super::lang::{Key, Lang, country_name, fill};
use super::spec::{Answers, Caption, IntervalNote, Sample, Value, number};
use super::{
    ChangeChart, ChangeRow, DistributionBar, DistributionChart, Gap, GapChart, GapRow, LinePoint,
    OptionChart, OptionRow, Share, Significance, TrendChart, TrendLine,
};
use crate::compare::{ChangeTable, CompareOptions, GapTable, Mirror, Verdict, estimate_of};
use crate::label::Text;
use crate::model::{
    Country, OptionKind, Question, QuestionRef, ResponseFormat, Topline, Trend, Wave,
};
use crate::stats::{CiMethod, PAdjust};
use crate::{Error, Result};

/// A figure as published in `wave`, with its Wilson interval at the options' level (and
/// their design effect); without one when the wave publishes no n and the options assume
/// none (the caption says so: see `Caption::footer`), so that every published figure is
/// drawn.
fn wilson(wave: &Wave, percent: &str, opts: &CompareOptions) -> Result<Value> {
    if wave.n().is_none() && opts.assume_n.is_none() {
        let p: crate::model::Percent = percent.parse()?;
        return Ok(Value::new(p.value()));
    }
    let est = estimate_of(wave, percent, opts)?;
    let ci = est.ci(CiMethod::Wilson, opts.level);
    let p = est.percent();
    // The interval contains the figure; clamping only removes floating-point dust.
    Ok(Value::new(p).with_interval((ci.low() * 100.0).min(p), (ci.high() * 100.0).max(p)))
}

fn answers(q: &Question) -> Answers {
    match q.response() {
        ResponseFormat::Multiple => Answers::Multiple,
        _ => Answers::Single,
    }
}

/// A wave for titles and legends: "2016" / "2016年" / "2016년" for waves named by year,
/// "FY2020" / "2020年度" / "2020년도" for fiscal years, else the wave id.
fn wave_label(w: &Wave) -> Text {
    let id = w.id().as_str();
    let digits = |s: &str| s.len() >= 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    if let Some(rest) = id.strip_prefix("FY").filter(|r| digits(r)) {
        let y = &rest[..4];
        Text::new(format!("FY{y}"))
            .ja(format!("{y}年度"))
            .ko(format!("{y}년도"))
    } else if digits(id) {
        let y = &id[..4];
        Text::new(y).ja(format!("{y}年")).ko(format!("{y}년"))
    } else {
        Text::new(id)
    }
}

/// The distinct wave labels of some waves, joined.
fn waves_label(waves: &[&Wave]) -> Text {
    let mut labels: Vec<Text> = Vec::new();
    for w in waves {
        let l = wave_label(w);
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    join(&labels, " / ", " / ", " / ")
}

/// Joins texts per language with the given separators.
fn join(parts: &[Text], en: &str, ja: &str, ko: &str) -> Text {
    Text::each(|lang| {
        let sep = match lang {
            Lang::En => en,
            Lang::Ja => ja,
            Lang::Ko => ko,
        };
        parts
            .iter()
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(sep)
    })
}

/// "Japan and South Korea" / "日本・韓国" / "일본·한국".
fn countries_text(countries: &[Country]) -> Text {
    Text::each(|lang| {
        let names: Vec<String> = countries.iter().map(|c| country_name(*c, lang)).collect();
        match lang {
            Lang::En => match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => names.join(""),
            },
            Lang::Ja => names.join("・"),
            Lang::Ko => names.join("·"),
        }
    })
}

/// "{title}: {countries}, {wave}" in each language's form.
fn title_wave(title: &Text, who: &Text, wave: &Text) -> Text {
    Text::each(|lang| {
        let t = title.get(lang);
        if asks(t) && lang != Lang::Ja {
            // "Which matters more?: Japan…" reads badly; a dash keeps the question mark.
            format!("{t} — {}, {}", who.get(lang), wave.get(lang))
        } else {
            fill(lang.tr(Key::TitleWave), &[t, who.get(lang), wave.get(lang)])
        }
    })
}

/// "{a}: {b}" with each language's colon (a dash after a question).
fn colon(a: &Text, b: &Text) -> Text {
    Text::each(|lang| {
        let (a, b) = (a.get(lang), b.get(lang));
        match lang {
            Lang::Ja => format!("{a}：{b}"),
            _ if asks(a) => format!("{a} — {b}"),
            _ => format!("{a}: {b}"),
        }
    })
}

fn asks(title: &str) -> bool {
    title.trim_end().ends_with(['?', '？'])
}

/// A note from a fixed string with its holes filled per language.
fn note(key: Key, args: &[&Text]) -> Text {
    Text::each(|lang| {
        let filled: Vec<&str> = args.iter().map(|t| t.get(lang)).collect();
        fill(lang.tr(key), &filled)
    })
}

fn plain(s: impl Into<String>) -> Text {
    Text::new(s)
}

/// The options' design effect, noted when it is not 1.
fn deff_note(opts: &CompareOptions) -> Option<Text> {
    (opts.deff != 1.0).then(|| note(Key::Deff, &[&plain(number(opts.deff))]))
}

/// A note per recorded series break: the English one gives the data's reason.
fn break_note(w: &Wave) -> Option<Text> {
    let why = w.series_break()?;
    let label = wave_label(w);
    let who = Text::for_country(w.country());
    let wave = Text::each(|lang| match lang {
        Lang::Ja => format!("{}（{}）", label.get(lang), who.get(lang)),
        Lang::Ko => format!("{}({})", label.get(lang), who.get(lang)),
        _ => format!("{} ({})", label.get(lang), who.get(lang)),
    });
    Some(Text::each(|lang| {
        let base = fill(lang.tr(Key::BreakBefore), &[wave.get(lang)]);
        match lang {
            Lang::En => format!("{base}: {why}."),
            _ => base,
        }
    }))
}

/// Adds the samples of these waves, each once.
fn add_samples(mut caption: Caption, waves: &[&Wave], opts: &CompareOptions) -> Caption {
    let mut seen: Vec<&Wave> = Vec::new();
    for w in waves {
        if !seen.contains(w) {
            seen.push(w);
            caption = caption.sample(Sample::from_wave(w, opts.assume_n));
        }
    }
    caption
}

/// Checks that toplines are of one question, one per country, and returns the question.
/// The caption every chart of one question's toplines starts from: the title (question,
/// countries, waves), the wording, the source, and each sample's n and fieldwork.
fn toplines_caption(q: &Question, toplines: &[Topline<'_>], opts: &CompareOptions) -> Caption {
    let waves: Vec<&Wave> = toplines.iter().map(|t| t.wave()).collect();
    let countries: Vec<Country> = waves.iter().map(|w| w.country()).collect();
    let publisher = toplines
        .iter()
        .flat_map(|t| t.figures())
        .next()
        .map(|f| f.publisher().to_string())
        .unwrap_or_default();
    let caption = Caption::new(title_wave(
        &Text::for_question(q),
        &countries_text(&countries),
        &waves_label(&waves),
    ))
    .question(Text::for_wording(q))
    .source(Text::for_series(q.series().as_str(), &publisher));
    add_samples(caption, &waves, opts)
}

fn one_question<'a>(toplines: &[Topline<'a>]) -> Result<&'a Question> {
    let Some(first) = toplines.first() else {
        return Err(Error::invalid_argument(
            "toplines",
            "at least one topline",
            "none",
        ));
    };
    let q = first.question();
    for (i, t) in toplines.iter().enumerate() {
        let (tq, w) = (t.question(), t.wave());
        if tq.series() != q.series() || tq.id() != q.id() {
            return Err(Error::invalid_argument(
                "toplines",
                "toplines of one question",
                format!("{} {} and {} {}", q.series(), q.id(), tq.series(), tq.id()),
            ));
        }
        if toplines[..i]
            .iter()
            .any(|o| o.wave().country() == w.country())
        {
            return Err(Error::invalid_argument(
                "toplines",
                "one topline per country (compare waves of one country with a change chart)",
                format!("two toplines of {}", w.country()),
            ));
        }
    }
    Ok(q)
}

/// The toplines of a wave in every country that has it; an error when none has it or the
/// wave matches several waves of a country.
fn toplines_for_wave<'a>(question: &QuestionRef<'a>, wave: &str) -> Result<Vec<Topline<'a>>> {
    let all = question.toplines(wave, None)?;
    let mut out = Vec::new();
    for c in question.countries() {
        match all.iter().filter(|t| t.wave().country() == c).count() {
            0 => {}
            1 => out.push(question.topline(wave, c)?),
            // Let the model say which waves match.
            _ => {
                return Err(question.topline(wave, c).err().unwrap_or_else(|| {
                    Error::invalid_argument("wave", "one wave per country", wave.to_string())
                }));
            }
        }
    }
    if out.is_empty() {
        let c = question.countries().first().copied().unwrap_or(Country::JP);
        question.topline(wave, c)?;
    }
    Ok(out)
}

impl OptionChart {
    /// Each option of a question in some samples (one topline per country), with Wilson
    /// intervals at the options' level, sorted by the largest figure.
    ///
    /// The caption comes from the data: the question's title and wording, the series as
    /// source, each sample's fieldwork and n, the interval method and level, the
    /// multiple-answers note, and the assumed n when one entered.
    ///
    /// # Errors
    /// No toplines, toplines of different questions or two of one country. (A wave without
    /// n is drawn without an interval unless the options assume an n.)
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{Lang, OptionChart};
    /// use yoron::compare::CompareOptions;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let (jp, kr) = (q.topline("2016", Country::JP)?, q.topline("2016", Country::KR)?);
    /// let chart = OptionChart::from_toplines(&[jp, kr], &CompareOptions::new())?;
    /// let china = chart.rows().iter().find(|r| r.label().get(Lang::Ja) == "中国").unwrap();
    /// let ci = china.get(Country::JP).unwrap().interval().unwrap();
    /// let (lo, hi) = (ci.low(), ci.high());
    /// assert!(lo < 80.0 && 80.0 < hi);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_toplines(toplines: &[Topline<'_>], opts: &CompareOptions) -> Result<OptionChart> {
        let q = one_question(toplines)?;
        let (series, qid) = (q.series().as_str(), q.id().as_str());
        let mut options: Vec<String> = Vec::new();
        for t in toplines {
            for f in t.figures() {
                if !options.iter().any(|o| o == f.option().as_str()) {
                    options.push(f.option().to_string());
                }
            }
        }
        let mut rows = Vec::with_capacity(options.len());
        for o in &options {
            let mut row = OptionRow::new(Text::for_option(series, qid, o));
            for t in toplines {
                if let Some(f) = t.figures().find(|f| f.option().as_str() == o) {
                    row = row.value(
                        t.wave().country(),
                        wilson(t.wave(), f.percent().as_str(), opts)?,
                    );
                }
            }
            rows.push(row);
        }
        let mut caption = toplines_caption(q, toplines, opts)
            .interval(IntervalNote::new(CiMethod::Wilson, opts.level))
            .answers(answers(q));
        if let Some(n) = deff_note(opts) {
            caption = caption.note(n);
        }
        let mut chart = OptionChart::from_caption(caption);
        for r in rows {
            chart = chart.row(r);
        }
        Ok(chart)
    }

    /// One wave of a question in every country asked (Japan and Korea for the joint
    /// polls): the threat-perception chart.
    ///
    /// # Errors
    /// The wave exists in no country or matches several waves of one, and those of
    /// [`OptionChart::from_toplines`].
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, OptionChart};
    /// use yoron::compare::CompareOptions;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let chart = OptionChart::for_wave(&q, "2016", &CompareOptions::new())?;
    /// assert_eq!(chart.caption().samples().len(), 2);
    /// let title = chart.caption().title();
    /// assert_eq!(title.get(Lang::Ja), "軍事的脅威を感じる国・地域（日本・韓国、2016年）");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_wave(
        question: &QuestionRef<'_>,
        wave: &str,
        opts: &CompareOptions,
    ) -> Result<OptionChart> {
        OptionChart::from_toplines(&toplines_for_wave(question, wave)?, opts)
    }
}

impl GapChart {
    /// The gap chart of a [`GapTable`]: both samples' figures and the gap per option with
    /// the table's interval (its difference method and level), sorted by gap; a filled dot
    /// where the table's verdict is significant (after its p-value adjustment). Options
    /// only one sample has are listed in a note; the caption notes an assumed n.
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{GapChart, Significance};
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let gaps = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// let chart = GapChart::new(&gaps);
    /// let nk = chart.rows().iter().find(|r| r.label().to_string() == "North Korea").unwrap();
    /// assert_eq!(nk.gap().points(), -11.0);
    /// assert_eq!(nk.gap().significance(), Significance::Significant);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(table: &GapTable) -> GapChart {
        let (wa, wb) = table.waves();
        let q = table.question_info();
        let opts = table.options();
        let (series, qid) = (q.series().as_str(), q.id().as_str());
        let mut rows = Vec::new();
        let mut only: Vec<Text> = Vec::new();
        for g in table.rows() {
            let label = Text::for_option(series, qid, g.option());
            let Some(d) = g.difference() else {
                let who = match g.verdict() {
                    Verdict::OnlyInA => wa.country(),
                    _ => wb.country(),
                };
                let c = Text::for_country(who);
                only.push(Text::each(|lang| match lang {
                    Lang::Ja => format!("{}（{}のみ）", label.get(lang), c.get(lang)),
                    Lang::Ko => format!("{}({}만)", label.get(lang), c.get(lang)),
                    _ => format!("{} ({} only)", label.get(lang), c.get(lang)),
                }));
                continue;
            };
            let significance = match g.verdict() {
                Verdict::AHigher | Verdict::BHigher => Significance::Significant,
                _ => Significance::NotSignificant,
            };
            // The table's rounded gap: 73 − 84 is −11, not −10.999999999999998.
            let points = g.gap_points().unwrap_or_else(|| d.points());
            let gap = Gap::new(points, significance).with_interval(
                (d.low() * 100.0).min(points),
                (d.high() * 100.0).max(points),
            );
            let published = |s: Option<&str>, p: f64| {
                s.and_then(|s| s.parse::<f64>().ok()).unwrap_or(p * 100.0)
            };
            rows.push(GapRow::new(
                label,
                Value::new(published(g.a(), d.a())),
                Value::new(published(g.b(), d.b())),
                gap,
            ));
        }
        let adjust = match opts.adjust {
            PAdjust::Holm => Key::Holm,
            _ => Key::BenjaminiHochberg,
        };
        let adjust = Text::each(|lang| lang.tr(adjust).to_string());
        let tested = plain(rows.len().to_string());
        let alpha = plain(number(opts.level.alpha() * 100.0));
        let mut caption = Caption::new(title_wave(
            &Text::for_question(q),
            &countries_text(&[wa.country(), wb.country()]),
            &waves_label(&[wa, wb]),
        ))
        .question(Text::for_wording(q))
        .source(Text::for_series(series, table.publisher()))
        .interval(IntervalNote::new(opts.method, opts.level))
        .answers(answers(q));
        caption = add_samples(caption, &[wa, wb], opts);
        if !rows.is_empty() {
            caption = caption.note(note(Key::GapSignificance, &[&alpha, &adjust, &tested]));
        }
        if !only.is_empty() {
            caption = caption.note(note(Key::OneCountryOnly, &[&join(&only, "; ", "、", "; ")]));
        }
        if let Some(n) = deff_note(opts) {
            caption = caption.note(n);
        }
        let mut chart = GapChart::from_caption(caption, wa.country(), wb.country());
        for r in rows {
            chart = chart.row(r);
        }
        chart
    }
}

impl From<&GapTable> for GapChart {
    fn from(table: &GapTable) -> GapChart {
        GapChart::new(table)
    }
}

/// What a trend line is: question, option and sample country of its first point.
struct LineKey<'a> {
    question: &'a Question,
    option: String,
    country: Country,
}

impl TrendChart {
    /// One line per trend (an option's figures over time in one country, from
    /// [`QuestionRef::trend`]), with Wilson bands at the options' level, the data's series
    /// breaks, and the waves in the source line.
    ///
    /// Lines are labelled by what differs between them: the question (Cabinet Office
    /// affinity toward South Korea, China and the US), the option, or the country (then
    /// drawn in the country's colour).
    ///
    /// # Errors
    /// No trends, or a wave without a date
    /// or year.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{Lang, TrendChart};
    /// use yoron::compare::CompareOptions;
    /// let co = yoron::datasets::cabinet_office();
    /// let trends = ["affinity_korea", "affinity_china", "affinity_us"]
    ///     .iter()
    ///     .map(|q| co.question(q)?.trend(Country::JP, "feel_total"))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let chart = TrendChart::from_trends(&trends, &CompareOptions::new().assume_n(1800))?;
    /// let names: Vec<&str> = chart.lines().iter().map(|l| l.label(Lang::Ko)).collect();
    /// assert_eq!(names, ["한국", "중국", "미국"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_trends(trends: &[Trend<'_>], opts: &CompareOptions) -> Result<TrendChart> {
        let keys: Vec<LineKey<'_>> = trends
            .iter()
            .filter_map(|t| t.points().first())
            .map(|p| {
                let f = p.figure();
                LineKey {
                    question: f.question(),
                    option: f.option().to_string(),
                    country: f.wave().country(),
                }
            })
            .collect();
        let Some(first) = keys.first() else {
            return Err(Error::invalid_argument(
                "trends",
                "at least one trend with points",
                "none",
            ));
        };
        let same_q = |a: &Question, b: &Question| a.series() == b.series() && a.id() == b.id();
        let questions_vary = keys.iter().any(|k| !same_q(k.question, first.question));
        let options_vary = keys.iter().any(|k| k.option != first.option);
        let countries_vary = keys.iter().any(|k| k.country != first.country);
        let by_country = !questions_vary && !options_vary;

        let mut chart_lines = Vec::new();
        let mut waves: Vec<&Wave> = Vec::new();
        let mut notes: Vec<Text> = Vec::new();
        for (t, k) in trends.iter().zip(&keys) {
            let (series, qid) = (k.question.series().as_str(), k.question.id().as_str());
            let mut line = if by_country {
                TrendLine::country(k.country)
            } else {
                let mut parts = Vec::new();
                if questions_vary {
                    parts.push(Text::for_question_line(k.question));
                }
                if options_vary {
                    parts.push(Text::for_option(series, qid, &k.option));
                }
                if countries_vary {
                    parts.push(Text::for_country(k.country));
                }
                TrendLine::labelled(join(&parts, ", ", "・", ", "))
            };
            for p in t.points() {
                let w = p.wave();
                line = line.point(chart_point(
                    w,
                    p.percent().as_str(),
                    p.break_before(),
                    opts,
                )?);
                waves.push(w);
                if p.break_before()
                    && let Some(n) = break_note(w)
                    && !notes.contains(&n)
                {
                    notes.push(n);
                }
            }
            chart_lines.push(line);
        }

        let mut questions: Vec<&Question> = Vec::new();
        for k in &keys {
            if !questions.iter().any(|q| same_q(q, k.question)) {
                questions.push(k.question);
            }
        }
        let title = if questions_vary && !options_vary {
            let option = Text::for_option(
                first.question.series().as_str(),
                first.question.id().as_str(),
                &first.option,
            );
            let lines: Vec<Text> = questions
                .iter()
                .map(|q| Text::for_question_line(q))
                .collect();
            colon(&option, &join(&lines, ", ", "・", ", "))
        } else if !questions_vary && !options_vary {
            colon(
                &Text::for_question(first.question),
                &Text::for_option(
                    first.question.series().as_str(),
                    first.question.id().as_str(),
                    &first.option,
                ),
            )
        } else {
            let titles: Vec<Text> = questions.iter().map(|q| Text::for_question(q)).collect();
            join(&titles, " / ", " / ", " / ")
        };
        let wordings: Vec<Text> = questions.iter().map(|q| Text::for_wording(q)).collect();
        let mut sources: Vec<Text> = Vec::new();
        for t in trends {
            if let Some(p) = t.points().first() {
                let f = p.figure();
                let s = Text::for_series(f.wave().series().as_str(), f.publisher());
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        let mut caption = Caption::new(title)
            .question(join(&wordings, " / ", " / ", " / "))
            .source(join(&sources, "; ", "；", "; "))
            .interval(IntervalNote::new(CiMethod::Wilson, opts.level));
        caption = add_samples(caption, &waves, opts);
        for n in notes {
            caption = caption.note(n);
        }
        if let Some(n) = deff_note(opts) {
            caption = caption.note(n);
        }
        let mut chart = TrendChart::from_caption(caption);
        for l in chart_lines {
            chart = chart.line(l);
        }
        Ok(chart)
    }

    /// The two lines of a [`Mirror`]: Japan's view of South Korea and South Korea's view of
    /// Japan, wave by wave, with Wilson bands at the mirror's level and each sample's
    /// series breaks.
    ///
    /// # Errors
    /// A wave without a date or year (a wave without n is drawn without an interval).
    ///
    /// # Example
    /// ```
    /// use yoron::chart::{Lang, TrendChart};
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new().assume_n(1000))?;
    /// let chart = TrendChart::from_mirror(&m)?;
    /// assert_eq!(chart.lines()[0].label(Lang::En), "Japan's view of South Korea");
    /// assert_eq!(chart.lines()[1].label(Lang::Ja), "韓国から見た日本");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_mirror(mirror: &Mirror) -> Result<TrendChart> {
        let q = mirror.question_info();
        let opts = mirror.options();
        let (jp, kr) = (
            Text::for_country(Country::JP),
            Text::for_country(Country::KR),
        );
        let view = |a: &Text, b: &Text| {
            Text::each(|lang| fill(lang.tr(Key::ViewOf), &[a.get(lang), b.get(lang)]))
        };
        let mut jp_line = TrendLine::country_labelled(Country::JP, view(&jp, &kr));
        let mut kr_line = TrendLine::country_labelled(Country::KR, view(&kr, &jp));
        let mut waves: Vec<&Wave> = Vec::new();
        let mut notes: Vec<Text> = Vec::new();
        for r in mirror.rows() {
            let sides = [
                (r.jp_wave(), r.jp(), r.jp_break_before(), &mut jp_line),
                (r.kr_wave(), r.kr(), r.kr_break_before(), &mut kr_line),
            ];
            for (w, pct, brk, line) in sides {
                let (Some(w), Some(pct)) = (w, pct) else {
                    continue;
                };
                *line = line.clone().point(chart_point(w, pct, brk, opts)?);
                waves.push(w);
                if brk
                    && let Some(n) = break_note(w)
                    && !notes.contains(&n)
                {
                    notes.push(n);
                }
            }
        }
        let (series, qid) = (q.series().as_str(), q.id().as_str());
        let mut caption = Caption::new(colon(
            &Text::for_question(q),
            &Text::for_option(series, qid, mirror.option()),
        ))
        .question(Text::for_wording(q))
        .source(Text::for_series(series, mirror.publisher()))
        .interval(IntervalNote::new(CiMethod::Wilson, opts.level));
        caption = add_samples(caption, &waves, opts);
        for n in notes {
            caption = caption.note(n);
        }
        if let Some(n) = deff_note(opts) {
            caption = caption.note(n);
        }
        Ok(TrendChart::from_caption(caption)
            .line(jp_line)
            .line(kr_line))
    }
}

impl TryFrom<&Mirror> for TrendChart {
    type Error = Error;

    fn try_from(mirror: &Mirror) -> Result<TrendChart> {
        TrendChart::from_mirror(mirror)
    }
}

/// A trend point at the wave's time, with its Wilson interval and break mark.
fn chart_point(w: &Wave, percent: &str, brk: bool, opts: &CompareOptions) -> Result<LinePoint> {
    let Some(time) = crate::model::wave_time_of(w) else {
        return Err(Error::invalid_argument(
            format!("wave {} {} {}", w.series(), w.id(), w.country()),
            "fieldwork dates or a year, to place it on the time axis",
            "neither",
        ));
    };
    let p = LinePoint::new(time, wilson(w, percent, opts)?);
    Ok(if brk { p.after_break() } else { p })
}

impl DistributionChart {
    /// 100 % stacked bars of a single-response question, one per topline (country);
    /// "don't know / no answer" grey and last. Where the data has both a publisher's nets
    /// and the scale points they sum, the points are drawn. When the published shares of a
    /// bar leave more than rounding unaccounted for, a note says how much.
    ///
    /// The bars draw no intervals, so a wave without n is shown as "n not published".
    ///
    /// # Errors
    /// A multiple-response question, no toplines, toplines of different questions or two
    /// of one country.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::chart::{DistributionChart, Lang};
    /// let q = yoron::datasets::yomiuri_hankook().question("us_or_china_importance")?;
    /// let (jp, kr) = (q.topline("2016", Country::JP)?, q.topline("2016", Country::KR)?);
    /// let chart = DistributionChart::from_toplines(&[jp, kr])?;
    /// let us = &chart.bars()[0].shares()[0];
    /// assert_eq!((us.label().get(Lang::Ja), us.value().percent()), ("米国", 75.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn from_toplines(toplines: &[Topline<'_>]) -> Result<DistributionChart> {
        let q = one_question(toplines)?;
        if q.response() == ResponseFormat::Multiple {
            return Err(Error::invalid_argument(
                "question",
                "a single-response question (use an option chart for multiple answers)",
                format!("{} {}, multiple answers", q.series(), q.id()),
            ));
        }
        let (series, qid) = (q.series().as_str(), q.id().as_str());
        let mut bars = Vec::new();
        let mut rests: Vec<Text> = Vec::new();
        for t in toplines {
            let figures: Vec<_> = t.figures().collect();
            let has_points = figures.iter().any(|f| f.option_kind() != OptionKind::Net);
            let has_nets = figures.iter().any(|f| f.option_kind() == OptionKind::Net);
            let mut bar = DistributionBar::new(t.wave().country());
            let mut sum = 0.0;
            let mut count = 0usize;
            for f in figures {
                if has_points && has_nets && f.option_kind() == OptionKind::Net {
                    continue;
                }
                let label = Text::for_option(series, qid, f.option().as_str());
                let value = Value::new(f.percent().value());
                sum += f.percent().value();
                count += 1;
                bar = bar.share(if f.option_kind().is_substantive() {
                    Share::new(label, value)
                } else {
                    Share::dont_know(label, value)
                });
            }
            let rest = 100.0 - sum;
            // Each published share may be off by half its last digit.
            if rest > 0.5 * count as f64 + 1e-9 {
                let c = Text::for_country(t.wave().country());
                let r = number(rest);
                rests.push(Text::each(|lang| match lang {
                    Lang::En => format!("{} {r} %", c.get(lang)),
                    _ => format!("{} {r}%", c.get(lang)),
                }));
            }
            bars.push(bar);
        }
        let mut caption = toplines_caption(q, toplines, &CompareOptions::new());
        if !rests.is_empty() {
            caption = caption.note(note(
                Key::RestNotPublished,
                &[&join(&rests, ", ", "、", ", ")],
            ));
        }
        let mut chart = DistributionChart::from_caption(caption);
        for b in bars {
            chart = chart.bar(b);
        }
        Ok(chart)
    }

    /// One wave of a single-response question in every country asked.
    ///
    /// # Errors
    /// The wave exists in no country or matches several waves of one, and those of
    /// [`DistributionChart::from_toplines`].
    ///
    /// # Example
    /// ```
    /// use yoron::chart::DistributionChart;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// assert!(DistributionChart::for_wave(&q, "2016").is_err()); // multiple answers
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_wave(question: &QuestionRef<'_>, wave: &str) -> Result<DistributionChart> {
        DistributionChart::from_toplines(&toplines_for_wave(question, wave)?)
    }
}

impl ChangeChart {
    /// The change chart of a [`ChangeTable`]: per option an arrow from the earlier figure
    /// to the later one, each with its Wilson interval at the table's level, sorted by the
    /// later figure. A series break between the waves and options in one wave only are
    /// noted.
    ///
    /// # Errors
    /// None in practice: the table already holds an n for both waves.
    ///
    /// # Example
    /// ```
    /// # use yoron::chart::Chart as _;
    /// use yoron::Country;
    /// use yoron::chart::ChangeChart;
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", Country::JP)?, q.topline("FY2020", Country::JP)?);
    /// let chart = ChangeChart::new(&ChangeTable::new(&a, &b, CompareOptions::new())?)?;
    /// let svg = chart.to_svg()?;
    /// assert!(svg.contains("series break")); // face-to-face → postal
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(table: &ChangeTable) -> Result<ChangeChart> {
        let (w1, w2) = table.waves();
        let q = table.question_info();
        let opts = table.options();
        let (series, qid) = (q.series().as_str(), q.id().as_str());
        let mut rows = Vec::new();
        let mut only: Vec<Text> = Vec::new();
        for r in table.rows() {
            let label = Text::for_option(series, qid, r.option());
            match (r.from(), r.to()) {
                (Some(a), Some(b)) => rows.push(ChangeRow::new(
                    label,
                    wilson(w1, a, opts)?,
                    wilson(w2, b, opts)?,
                )),
                _ => only.push(label),
            }
        }
        let (mut old, mut new) = (wave_label(w1), wave_label(w2));
        if old == new {
            (old, new) = (plain(w1.id().as_str()), plain(w2.id().as_str()));
        }
        let span = Text::each(|lang| format!("{} → {}", old.get(lang), new.get(lang)));
        let mut caption = Caption::new(title_wave(
            &Text::for_question(q),
            &Text::for_country(w1.country()),
            &span,
        ))
        .question(Text::for_wording(q))
        .source(Text::for_series(series, table.publisher()))
        .interval(IntervalNote::new(CiMethod::Wilson, opts.level))
        .answers(answers(q));
        caption = add_samples(caption, &[w1, w2], opts);
        if table.series_break().is_some() {
            caption = caption.note(note(Key::BreakBetween, &[]));
        }
        if !only.is_empty() {
            caption = caption.note(note(Key::OneWaveOnly, &[&join(&only, ", ", "、", ", ")]));
        }
        if let Some(n) = deff_note(opts) {
            caption = caption.note(n);
        }
        let mut chart = ChangeChart::from_caption(caption, w1.country(), old, new);
        for r in rows {
            chart = chart.row(r);
        }
        Ok(chart)
    }
}

impl TryFrom<&ChangeTable> for ChangeChart {
    type Error = Error;

    fn try_from(table: &ChangeTable) -> Result<ChangeChart> {
        ChangeChart::new(table)
    }
}
