//! Validating raw rows and building a [`Dataset`]: each cell against its column, wave and
//! question columns across rows, duplicate keys and conflict marks, and the sums of
//! single-response questions.

use std::collections::HashMap;

use super::schema::*;
use crate::error::{Error, ErrorKind, Problems, Result};
use crate::model::{
    ConflictMark, Country, Dataset, Fieldwork, Figure, Mode, OptionId, OptionKind, PartialDate,
    Percent, Question, QuestionId, ResponseFormat, SampleSize, SeriesId, SeriesInfo, Source,
    SourceKind, Wave, WaveId,
};

/// Infers an option's kind from its id, for inputs that leave `option_kind` empty.
fn infer_kind(option: &str) -> OptionKind {
    match option {
        "dont_know" => OptionKind::DontKnow,
        "no_answer" => OptionKind::NoAnswer,
        "dk_na" | "withheld" | "dont_know_no_answer" => OptionKind::DkNa,
        o if o.ends_with("_total") => OptionKind::Net,
        _ => OptionKind::Substantive,
    }
}

/// The validated cells of one row.
struct Parsed {
    series: SeriesId,
    wave: WaveId,
    country: Country,
    question: QuestionId,
    response: ResponseFormat,
    option: OptionId,
    option_kind: OptionKind,
    percent: Percent,
    fieldwork: Fieldwork,
    published: Option<PartialDate>,
    n: Option<SampleSize>,
    mode: Option<Mode>,
    source_kind: SourceKind,
    conflict: Option<ConflictMark>,
}

fn parse_row(row: &RawRow, problems: &mut Problems) -> Option<Parsed> {
    let before = problems.count();
    let mut req = |c: usize| -> Option<&str> {
        let v = row.cells[c].as_str();
        if v.is_empty() {
            problems.at(
                ErrorKind::InvalidValue {
                    expected: format!("a value (column {} is required)", COLUMNS[c]),
                    found: String::new(),
                },
                row.pos(c),
            );
            None
        } else {
            Some(v)
        }
    };
    let series = req(SERIES);
    let wave = req(WAVE);
    let country = req(COUNTRY);
    let question = req(QUESTION);
    let response = req(RESPONSE);
    let option = req(OPTION);
    let percent = req(PERCENT);
    fn cell<T: std::str::FromStr<Err = Error>>(
        row: &RawRow,
        c: usize,
        v: Option<&str>,
        problems: &mut Problems,
    ) -> Option<T> {
        let v = v?;
        match v.parse::<T>() {
            Ok(x) => Some(x),
            Err(e) => {
                let kind = match e.into_kind() {
                    k @ ErrorKind::InvalidValue { .. } => k,
                    other => ErrorKind::InvalidValue {
                        expected: other.to_string(),
                        found: v.to_string(),
                    },
                };
                problems.at(kind, row.pos(c));
                None
            }
        }
    }
    fn opt<T: std::str::FromStr<Err = Error>>(
        row: &RawRow,
        c: usize,
        problems: &mut Problems,
    ) -> Option<Option<T>> {
        let v = row.cells[c].as_str();
        if v.is_empty() {
            return Some(None);
        }
        cell(row, c, Some(v), problems).map(Some)
    }
    let series: Option<SeriesId> = cell(row, SERIES, series, problems);
    let wave: Option<WaveId> = cell(row, WAVE, wave, problems);
    let country: Option<Country> = cell(row, COUNTRY, country, problems);
    let question: Option<QuestionId> = cell(row, QUESTION, question, problems);
    let response: Option<ResponseFormat> = cell(row, RESPONSE, response, problems);
    let option: Option<OptionId> = cell(row, OPTION, option, problems);
    let percent: Option<Percent> = cell(row, PERCENT, percent, problems);
    let start: Option<Option<PartialDate>> = opt(row, FW_START, problems);
    let end: Option<Option<PartialDate>> = opt(row, FW_END, problems);
    let published: Option<Option<PartialDate>> = opt(row, PUBLISHED, problems);
    let n: Option<Option<SampleSize>> = opt(row, N, problems);
    let mode: Option<Option<Mode>> = opt(row, MODE, problems);
    let kind: Option<Option<OptionKind>> = opt(row, OPTION_KIND, problems);
    let source_kind: Option<Option<SourceKind>> = opt(row, SOURCE_KIND, problems);
    let conflict: Option<Option<ConflictMark>> = opt(row, CONFLICT, problems);
    let fieldwork = match (start, end) {
        (Some(s), Some(e)) => match Fieldwork::new(s, e) {
            Ok(f) => Some(f),
            Err(err) => {
                problems.at(err.into_kind(), row.pos(FW_END));
                None
            }
        },
        _ => None,
    };
    if let (Some(Some(p)), Some(f)) = (published, fieldwork)
        && let Some(s) = f.start()
        && p.last_day() < s.first_day()
    {
        problems.at(
            ErrorKind::InvalidValue {
                expected: format!("a publication date on or after the fieldwork start {s}"),
                found: p.to_string(),
            },
            row.pos(PUBLISHED),
        );
    }
    if let Some(Some(c)) = conflict
        && row.cells[CONFLICT_NOTE].trim().is_empty()
    {
        problems.at(
            ErrorKind::InvalidValue {
                expected: format!("a reason why this figure is {c} (conflict_note)"),
                found: String::new(),
            },
            row.pos(CONFLICT_NOTE),
        );
    }
    if problems.count() != before {
        return None;
    }
    let option = option?;
    let option_kind = kind?.unwrap_or_else(|| infer_kind(option.as_str()));
    Some(Parsed {
        series: series?,
        wave: wave?,
        country: country?,
        question: question?,
        response: response?,
        option,
        option_kind,
        percent: percent?,
        fieldwork: fieldwork?,
        published: published?,
        n: n?,
        mode: mode?,
        source_kind: source_kind?.unwrap_or(SourceKind::Primary),
        conflict: conflict?,
    })
}

/// Checks that `bytes` are UTF-8, reads them into raw rows with `rows` (the CSV or JSON
/// reader) and validates those.
pub(super) fn build_from_text(
    bytes: &[u8],
    rows: impl FnOnce(&str, &mut Problems) -> Vec<RawRow>,
) -> Result<Dataset> {
    let mut problems = Problems::default();
    let text = match crate::csv_text::utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            problems.push(e);
            return Err(problems.into_error());
        }
    };
    let rows = rows(text, &mut problems);
    build(rows, problems)
}

/// Validates raw rows and builds a dataset, or lists every problem.
pub(crate) fn build(rows: Vec<RawRow>, mut problems: Problems) -> Result<Dataset> {
    let mut ds = Dataset::default();
    let mut wave_idx: HashMap<(SeriesId, WaveId, Country), (usize, usize)> = HashMap::new();
    let mut question_idx: HashMap<(SeriesId, QuestionId), (usize, usize)> = HashMap::new();
    let mut series_first: HashMap<SeriesId, usize> = HashMap::new();
    let mut keys: HashMap<(usize, usize, OptionId), Vec<usize>> = HashMap::new();
    // The raw row of each figure, for positions in the checks across rows.
    let mut fig_rows: Vec<usize> = Vec::new();

    for (ri, row) in rows.iter().enumerate() {
        let Some(p) = parse_row(row, &mut problems) else {
            continue;
        };
        // Series: bundled ids, or user ids defined by naming their publisher.
        match series_first.get(&p.series) {
            Some(&first) => agree(row, &rows[first], PUBLISHER, &mut problems, || {
                format!("publisher of series {}", p.series)
            }),
            None => {
                if !p.series.is_bundled() && row.cells[PUBLISHER].trim().is_empty() {
                    let known: Vec<String> =
                        SeriesId::BUNDLED.iter().map(|s| s.to_string()).collect();
                    let suggestion = crate::error::suggest(p.series.as_str(), &known);
                    problems.at(
                        ErrorKind::InvalidValue {
                            expected: format!(
                                "a bundled series ({}){} or, for a series of your own, its publisher in column publisher",
                                known.join(", "),
                                suggestion
                                    .map(|s| format!(" — did you mean \"{s}\"?"))
                                    .unwrap_or_default()
                            ),
                            found: p.series.to_string(),
                        },
                        row.pos(SERIES),
                    );
                    continue;
                }
                series_first.insert(p.series.clone(), ri);
                ds.series.push((
                    p.series.clone(),
                    SeriesInfo {
                        name: p.series.to_string(),
                        publisher: row.cells[PUBLISHER].clone(),
                        ..SeriesInfo::default()
                    },
                ));
            }
        }
        // Wave: every wave column must agree with the wave's first row.
        let wkey = (p.series.clone(), p.wave.clone(), p.country);
        let w = match wave_idx.get(&wkey) {
            Some(&(w, first)) => {
                for c in [
                    FW_START,
                    FW_END,
                    PUBLISHED,
                    N,
                    MODE,
                    POPULATION,
                    METHOD,
                    SERIES_BREAK,
                ] {
                    agree(row, &rows[first], c, &mut problems, || {
                        format!(
                            "{} of wave {} {} {}",
                            COLUMNS[c], p.series, p.wave, p.country
                        )
                    });
                }
                w
            }
            None => {
                ds.waves.push(Wave {
                    series: p.series.clone(),
                    id: p.wave.clone(),
                    country: p.country,
                    fieldwork: p.fieldwork,
                    published: p.published,
                    n: p.n,
                    mode: p.mode,
                    population: row.cells[POPULATION].clone(),
                    method: row.cells[METHOD].clone(),
                    series_break: row.cells[SERIES_BREAK].clone(),
                });
                let w = ds.waves.len() - 1;
                wave_idx.insert(wkey, (w, ri));
                w
            }
        };
        // Question: wording and response format must agree with its first row.
        let qkey = (p.series.clone(), p.question.clone());
        let q = match question_idx.get(&qkey) {
            Some(&(q, first)) => {
                for c in [RESPONSE, Q_TEXT, Q_TEXT_JA, Q_TEXT_KO] {
                    agree(row, &rows[first], c, &mut problems, || {
                        if c == RESPONSE {
                            format!(
                                "response format of question {} {} (single in one row and multi in another)",
                                p.series, p.question
                            )
                        } else {
                            format!("{} of question {} {}", COLUMNS[c], p.series, p.question)
                        }
                    });
                }
                q
            }
            None => {
                ds.questions.push(Question {
                    series: p.series.clone(),
                    id: p.question.clone(),
                    text: row.cells[Q_TEXT].clone(),
                    text_ja: row.cells[Q_TEXT_JA].clone(),
                    text_ko: row.cells[Q_TEXT_KO].clone(),
                    response: p.response,
                });
                let q = ds.questions.len() - 1;
                question_idx.insert(qkey, (q, ri));
                q
            }
        };
        keys.entry((w, q, p.option.clone()))
            .or_default()
            .push(ds.figures.len());
        ds.figures.push(Figure {
            wave: w,
            question: q,
            option: p.option,
            option_kind: p.option_kind,
            percent: p.percent,
            source: Source {
                publication: row.cells[SOURCE].clone(),
                seen_at: row.cells[SEEN_AT].clone(),
                kind: p.source_kind,
            },
            conflict: p.conflict,
            conflict_note: row.cells[CONFLICT_NOTE].clone(),
            notes: row.cells[NOTES].clone(),
            source_ref: row.cells[SOURCE_REF].clone(),
        });
        fig_rows.push(ri);
    }
    check_keys(&ds, &rows, &fig_rows, &keys, &mut problems);
    check_sums(&ds, &rows, &fig_rows, &mut problems);
    if problems.is_empty() {
        Ok(ds)
    } else {
        Err(problems.into_error())
    }
}

/// Reports column `c` of `row` where it differs from the first row of its series, wave or
/// question; `what` names the column and whose it is.
fn agree(
    row: &RawRow,
    first: &RawRow,
    c: usize,
    problems: &mut Problems,
    what: impl FnOnce() -> String,
) {
    // A later file of several read together may leave a column empty: it takes the value
    // the earlier file states (`io::inputs`).
    let inherits = row.at.path() != first.at.path() && row.cells[c].trim().is_empty();
    if row.cells[c] != first.cells[c] && !inherits {
        problems.at(
            ErrorKind::Inconsistent {
                what: what(),
                expected: crate::error::quoted(&first.cells[c]),
                first_at: first.at.clone(),
                found: row.cells[c].clone(),
            },
            row.pos(c),
        );
    }
}

fn key_text(ds: &Dataset, f: &Figure) -> String {
    let w = &ds.waves[f.wave];
    let q = &ds.questions[f.question];
    format!("{} {} {} {} {}", w.series, w.id, w.country, q.id, f.option)
}

/// Duplicate keys must be conflicts between different sources with exactly one preferred.
fn check_keys(
    ds: &Dataset,
    rows: &[RawRow],
    fig_rows: &[usize],
    keys: &HashMap<(usize, usize, OptionId), Vec<usize>>,
    problems: &mut Problems,
) {
    let mut groups: Vec<&Vec<usize>> = keys.values().collect();
    groups.sort_by_key(|g| g[0]);
    for g in groups {
        let first = &ds.figures[g[0]];
        let key = key_text(ds, first);
        let row_of = |i: usize| &rows[fig_rows[i]];
        if g.len() == 1 {
            if let Some(mark) = first.conflict {
                problems.at(
                    ErrorKind::Conflict {
                        key,
                        problem: format!(
                            "marked {mark} but there is no other figure for the same wave, question and option"
                        ),
                    },
                    row_of(g[0]).pos(CONFLICT),
                );
            }
            continue;
        }
        let unmarked: Vec<usize> = g
            .iter()
            .copied()
            .filter(|&i| ds.figures[i].conflict.is_none())
            .collect();
        let preferred = g
            .iter()
            .filter(|&&i| ds.figures[i].conflict == Some(ConflictMark::Preferred))
            .count();
        if !unmarked.is_empty() {
            for &i in g.iter().skip(1) {
                problems.at(
                    ErrorKind::Duplicate {
                        key: key.clone(),
                        first_at: row_of(g[0]).at.clone(),
                    },
                    row_of(i).pos(OPTION),
                );
            }
            continue;
        }
        if preferred != 1 {
            problems.at(
                ErrorKind::Conflict {
                    key: key.clone(),
                    problem: format!(
                        "expected exactly one row marked preferred, found {preferred} ({}s {})",
                        if row_of(g[0]).at.line().is_some() {
                            "line"
                        } else {
                            "row"
                        },
                        g.iter()
                            .map(|&i| {
                                let at = &row_of(i).at;
                                at.line().or(at.row()).unwrap_or(0).to_string()
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
                row_of(g[g.len() - 1]).pos(CONFLICT),
            );
        }
        // Each row against the first earlier row with its source, through a map: comparing
        // every pair took minutes on a large file of one key.
        let mut first_of_source: HashMap<&Source, usize> = HashMap::new();
        for &i in g {
            match first_of_source.entry(&ds.figures[i].source) {
                std::collections::hash_map::Entry::Occupied(j) => problems.at(
                    ErrorKind::Conflict {
                        key: key.clone(),
                        problem: format!(
                            "conflicting figures must come from different sources, but {} has the same source and seen_at",
                            row_of(*j.get()).place()
                        ),
                    },
                    row_of(i).pos(SEEN_AT),
                ),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
    }
}

/// A single-response question's options may not sum above 100 plus the rounding that the
/// published precision allows (half a unit of each figure's last digit). Nets (sums of
/// scale points) are summed apart from the points themselves.
fn check_sums(ds: &Dataset, rows: &[RawRow], fig_rows: &[usize], problems: &mut Problems) {
    let mut groups: HashMap<(usize, usize, bool), Vec<usize>> = HashMap::new();
    for (i, f) in ds.figures.iter().enumerate() {
        if ds.questions[f.question].response != ResponseFormat::Single
            || f.conflict == Some(ConflictMark::Alternative)
        {
            continue;
        }
        let net = f.option_kind == OptionKind::Net;
        groups.entry((f.wave, f.question, net)).or_default().push(i);
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    for g in groups {
        let sum: f64 = g.iter().map(|&i| ds.figures[i].percent.value()).sum();
        let tol: f64 = g
            .iter()
            .map(|&i| ds.figures[i].percent.rounding_half_width())
            .sum();
        if sum > 100.0 + tol + 1e-9 {
            let f = &ds.figures[g[0]];
            let w = &ds.waves[f.wave];
            let q = &ds.questions[f.question];
            let last = g[g.len() - 1];
            problems.at(
                ErrorKind::SumExceeds {
                    key: format!("{} {} {} {}", w.series, w.id, w.country, q.id),
                    sum: format!("{}", (sum * 1000.0).round() / 1000.0),
                    tolerance: format!("{}", (tol * 1000.0).round() / 1000.0),
                },
                rows[fig_rows[last]].pos(PERCENT),
            );
        }
    }
}
