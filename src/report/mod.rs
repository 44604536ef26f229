//! The report: one self-contained, offline HTML page of a dataset, with charts,
//! comparisons and the provenance of every figure (feature `chart`).
//!
//! Every series gets a description from its data (publisher, sample countries, years,
//! waves, n, modes, breaks) and the table of its figures with their sources. The bundled
//! series keep their curated sections and charts (the 2016 threat perceptions, threat over
//! time, the mirror pairs, all sources pooled, the paper's claims), each shown only when the
//! data holds what it needs. Every other series — a user's own file, or a bundled series
//! without curated charts — has every question charted by what the data holds: a trend per
//! sample country for a question asked in several waves, a distribution (single response)
//! or an option chart (multiple answers) for one asked in one wave, and a gap chart and
//! table wherever a wave has two sample countries.
//!
//! The page inlines its SVG charts and CSS and loads nothing from anywhere; each chart is
//! also written beside it as SVG and PNG.
//!
//! # Example
//! ```
//! let dir = tempfile::tempdir()?;
//! let written = yoron::report::Report::new(yoron::datasets::bundled()).write(dir.path())?;
//! assert!(written.iter().any(|p| p.ends_with("index.html")));
//! let html = std::fs::read_to_string(dir.path().join("index.html"))?;
//! assert!(html.contains("<svg") && html.contains("59.1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A report of your own data:
//! ```
//! let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
//!            my_poll,My Institute,2024,US,1000,trust,single,yes,41\n\
//!            my_poll,My Institute,2024,US,1000,trust,single,no,59\n\
//!            my_poll,My Institute,2024,DE,900,trust,single,yes,52\n\
//!            my_poll,My Institute,2024,DE,900,trust,single,no,48\n";
//! let ds = yoron::Dataset::from_csv_reader(csv.as_bytes())?;
//! let html = yoron::report::Report::new(&ds).html()?;
//! assert!(html.contains("<article id=\"series-my_poll\">"));
//! // A distribution of the one wave, and the gap between the two countries.
//! assert!(html.contains("<figure id=\"chart-my_poll-trust-2024-distribution\""));
//! assert!(html.contains("<figure id=\"chart-my_poll-trust-2024-gap-de-us\""));
//! assert!(!html.contains("id=\"threat\"")); // the bundled data's sections need its data
//! # Ok::<(), yoron::Error>(())
//! ```

mod charts;
mod pool;
mod questions;
mod text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::chart::{Lang, Text};
use crate::compare::{
    ClaimVerdict, Claims, CompareOptions, FigureMatch, GapTable, Mirror, RankTable,
};
use crate::error::{Error, Result};
use crate::model::{
    ConflictMark, Country, Dataset, Question, ResponseFormat, SeriesRef, SourceKind, Wave,
};

pub use charts::ReportChart;
use text::T;

/// Builds the HTML report of a dataset.
///
/// # Example
/// ```
/// use yoron::chart::Lang;
/// let r = yoron::report::Report::new(yoron::datasets::bundled()).lang(Lang::Ja);
/// let html = r.html()?;
/// assert!(html.contains("lang=\"ja\""));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Report<'a> {
    ds: &'a Dataset,
    lang: Lang,
    options: CompareOptions,
}

impl<'a> Report<'a> {
    /// A report of a dataset, in English, with 95 % intervals.
    pub fn new(ds: &'a Dataset) -> Report<'a> {
        Report {
            ds,
            lang: Lang::En,
            options: CompareOptions::new(),
        }
    }

    /// The language of the page's headings and the charts' labels.
    pub fn lang(mut self, lang: Lang) -> Report<'a> {
        self.lang = lang;
        self
    }

    /// The comparison options (level, methods).
    pub fn options(mut self, options: CompareOptions) -> Report<'a> {
        self.options = options;
        self
    }

    /// The charts of the report.
    ///
    /// # Errors
    /// A chart cannot be drawn (e.g. no font covers its labels).
    pub fn charts(&self) -> Result<Vec<ReportChart>> {
        charts::build(self.ds, self.lang, self.options)
    }

    /// The page as one HTML string, charts inline.
    ///
    /// # Errors
    /// A chart or table cannot be built.
    pub fn html(&self) -> Result<String> {
        let charts = self.charts()?;
        self.page(&charts)
    }

    /// Writes `index.html` and each chart as SVG and PNG into `dir` (created if missing),
    /// every file atomically. Returns the files written, the page last.
    ///
    /// # Errors
    /// A chart cannot be drawn or a file cannot be written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let charts = self.charts()?;
        let mut written = Vec::new();
        for c in &charts {
            let svg = dir.join(format!("{}.svg", c.id));
            crate::fs::write_atomic(&svg, |w| {
                std::io::Write::write_all(w, c.svg.as_bytes()).map_err(Error::from)
            })?;
            written.push(svg);
            let png = dir.join(format!("{}.png", c.id));
            let bytes = c.png()?;
            crate::fs::write_atomic(&png, |w| {
                std::io::Write::write_all(w, &bytes).map_err(Error::from)
            })?;
            written.push(png);
        }
        let html = self.page(&charts)?;
        let index = dir.join("index.html");
        crate::fs::write_atomic(&index, |w| {
            std::io::Write::write_all(w, html.as_bytes()).map_err(Error::from)
        })?;
        written.push(index);
        Ok(written)
    }

    fn t(&self, key: T) -> &'static str {
        text::get(key, self.lang)
    }

    /// A string of the page with `{level}` as the report's confidence level in percent
    /// (the level it was run with, not a fixed 95).
    fn t_level(&self, key: T) -> String {
        text::with_level(key, self.lang, self.options.level)
    }

    fn page(&self, charts: &[ReportChart]) -> Result<String> {
        // The curated sections appear only where the data holds what they need; the
        // bundled data keeps its own title and lead.
        let bundled = self.ds == crate::datasets::bundled();
        let threat = charts::threat_2016(self.ds);
        let has = |section: &str| charts.iter().any(|c| c.section == section);
        let mirrors = charts::mirrors(self.ds);
        let claims = Claims::bundled()?;
        let has_claims = claims.claims().iter().any(|k| {
            self.ds
                .series(&k.series)
                .is_ok_and(|s| s.question(&k.question).is_ok())
        });
        let mut h = String::with_capacity(1 << 20);
        let lang = match self.lang {
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            _ => "en",
        };
        let title = self.t(if bundled { T::Title } else { T::TitleAny });
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
            esc(title)
        );
        let _ = write!(
            h,
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
            esc(title),
            esc(self.t(if bundled { T::Lead } else { T::LeadAny }))
        );
        let _ = write!(h, "<nav><ol>");
        let series_heading = if bundled {
            T::SeriesHeading
        } else {
            T::SeriesHeadingAny
        };
        for (id, key, present) in [
            ("threat", T::ThreatHeading, threat.is_some()),
            ("threat_trend", T::ThreatTrendHeading, has("threat_trend")),
            ("series", series_heading, true),
            ("mirror", T::MirrorHeading, !mirrors.is_empty()),
            ("claims", T::ClaimsHeading, has_claims),
            ("provenance", T::ProvenanceHeading, true),
        ] {
            if present {
                let _ = write!(h, "<li><a href=\"#{id}\">{}</a></li>", esc(self.t(key)));
            }
            if id == "mirror" && has("pooled") {
                let _ = write!(
                    h,
                    "<li><a href=\"#pooled\">{}</a></li>",
                    esc(pool::heading(self.lang))
                );
            }
        }
        let _ = writeln!(h, "</ol></nav>");

        // 1. Threat perception 2016.
        if let Some(q) = threat {
            let _ = writeln!(
                h,
                "<section id=\"threat\">\n<h2>{}</h2>",
                esc(self.t(T::ThreatHeading))
            );
            let _ = writeln!(h, "<p>{}</p>", esc(self.t(T::ThreatIntro)));
            for c in charts.iter().filter(|c| c.section == "threat") {
                figure(&mut h, c);
            }
            let gaps = GapTable::for_wave(&q, "2016", self.options)?;
            gap_table_html(&mut h, &gaps, self.lang);
            for country in [Country::JP, Country::KR] {
                let t = q.topline("2016", country)?;
                rank_table_html(
                    &mut h,
                    &RankTable::new(&t, self.options)?,
                    q.question(),
                    self.lang,
                );
            }
            let _ = writeln!(h, "</section>");
        }

        // 1b. Threat perception over time.
        if has("threat_trend") {
            let _ = writeln!(
                h,
                "<section id=\"threat_trend\">\n<h2>{}</h2>",
                esc(self.t(T::ThreatTrendHeading))
            );
            let _ = writeln!(h, "<p>{}</p>", esc(&self.t_level(T::ThreatTrendIntro)));
            for c in charts.iter().filter(|c| c.section == "threat_trend") {
                figure(&mut h, c);
            }
            let _ = writeln!(h, "</section>");
        }

        // 2. The series.
        let _ = writeln!(
            h,
            "<section id=\"series\">\n<h2>{}</h2>",
            esc(self.t(series_heading))
        );
        for s in self.ds.all_series() {
            self.series_section(&mut h, s, charts);
        }
        let _ = writeln!(h, "</section>");

        // 3. Mirror pairs.
        if !mirrors.is_empty() {
            let _ = writeln!(
                h,
                "<section id=\"mirror\">\n<h2>{}</h2>",
                esc(self.t(T::MirrorHeading))
            );
            let _ = writeln!(h, "<p>{}</p>", esc(self.t(T::MirrorIntro)));
            for c in charts.iter().filter(|c| c.section == "mirror") {
                figure(&mut h, c);
            }
            for (q, option) in &mirrors {
                let m = Mirror::new(q, option, self.options)?;
                mirror_html(&mut h, &m, option, self.lang);
            }
            let _ = writeln!(h, "</section>");
        }

        // All sources together: the pooled trends.
        if has("pooled") {
            pool::section(&mut h, self.ds, self.lang, self.options.level, charts);
        }

        // 4. The paper's claims.
        if has_claims {
            let _ = writeln!(
                h,
                "<section id=\"claims\">\n<h2>{}</h2>",
                esc(self.t(T::ClaimsHeading))
            );
            let _ = writeln!(h, "<p>{}</p>", esc(&self.t_level(T::ClaimsIntro)));
            claims_html(&mut h, &claims.evaluate(self.ds, self.options));
            let _ = writeln!(h, "</section>");
        }

        // 5. Provenance.
        let _ = writeln!(
            h,
            "<section id=\"provenance\">\n<h2>{}</h2>",
            esc(self.t(T::ProvenanceHeading))
        );
        self.provenance(&mut h);
        let _ = writeln!(h, "</section>");
        let _ = writeln!(
            h,
            "<footer>yoron {} · {}</footer>\n</main>\n</body>\n</html>",
            env!("CARGO_PKG_VERSION"),
            esc(self.t(T::Footer))
        );
        Ok(h)
    }

    fn series_section(&self, h: &mut String, s: SeriesRef<'_>, charts: &[ReportChart]) {
        let info = s.info();
        let id = s.id().as_str();
        let _ = writeln!(
            h,
            "<article id=\"series-{id}\">\n<h3>{}</h3>",
            esc(info.name())
        );
        let names: Vec<&str> = [info.name_ja(), info.name_ko()]
            .into_iter()
            .flatten()
            .collect();
        if !names.is_empty() {
            let _ = writeln!(h, "<p class=\"orig\">{}</p>", esc(&names.join(" · ")));
        }
        let _ = writeln!(
            h,
            "<p><b>{}</b>: {}</p>",
            esc(self.t(T::Publisher)),
            esc(info.publisher())
        );
        if !info.description().trim().is_empty() {
            let _ = writeln!(h, "<p>{}</p>", esc(info.description()));
        }
        let waves: Vec<_> = s.waves().collect();
        let mut years: Vec<i32> = waves.iter().filter_map(|w| w.year()).collect();
        years.sort_unstable();
        years.dedup();
        let ns: Vec<u32> = waves
            .iter()
            .filter_map(|w| w.n().map(|n| n.get()))
            .collect();
        let mut modes: Vec<String> = waves
            .iter()
            .filter_map(|w| w.mode().map(|m| m.to_string()))
            .collect();
        modes.sort();
        modes.dedup();
        let mut countries: Vec<Country> = waves.iter().map(|w| w.country()).collect();
        countries.sort_unstable();
        countries.dedup();
        let _ = writeln!(
            h,
            "<ul class=\"facts\"><li>{}: {}</li><li>{}: {}</li><li>{}: {}</li><li>{}: {}</li><li>n: {}</li><li>{}: {}</li><li>{}: {}</li></ul>",
            esc(self.t(T::Countries)),
            esc(&countries
                .iter()
                .map(Country::code)
                .collect::<Vec<_>>()
                .join(", ")),
            esc(self.t(T::Questions)),
            s.questions().count(),
            esc(self.t(T::Years)),
            esc(&years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")),
            esc(self.t(T::Waves)),
            waves.len(),
            match (ns.iter().min(), ns.iter().max()) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "–".to_string(),
            },
            esc(self.t(T::Modes)),
            esc(&if modes.is_empty() {
                "–".to_string()
            } else {
                modes.join(", ")
            }),
            esc(self.t(T::Figures)),
            s.figures().count()
        );
        let breaks: Vec<String> = waves
            .iter()
            .filter_map(|w| {
                w.series_break()
                    .map(|b| format!("{} {}: {b}", w.id(), w.country()))
            })
            .collect();
        for b in breaks {
            let _ = writeln!(
                h,
                "<p class=\"break\">{}: {}</p>",
                esc(self.t(T::SeriesBreak)),
                esc(&b)
            );
        }
        // A series without curated charts gets every question charted by the generic
        // builder (the same decision as `charts::build`).
        if charts.iter().any(|c| c.is_curated_of(id)) {
            for c in charts.iter().filter(|c| c.section == id) {
                figure(h, c);
            }
        } else {
            self.questions_html(h, s, charts);
        }
        // Every figure with its source.
        let bundled = self.ds == crate::datasets::bundled();
        let _ = writeln!(
            h,
            "<details><summary>{} ({})</summary>\n<div class=\"scroll\"><table class=\"figures\"><thead><tr><th>wave</th><th>country</th><th>fieldwork</th><th>n</th><th>question</th><th>option</th><th>%</th><th>source</th><th>seen at</th></tr></thead><tbody>",
            esc(self.t(if bundled {
                T::AllFigures
            } else {
                T::AllFiguresAny
            })),
            s.figures().count()
        );
        for f in s.figures() {
            let w = f.wave();
            let class = match (f.conflict(), f.source().kind()) {
                (Some(ConflictMark::Alternative), _) => " class=\"alt\"",
                (_, SourceKind::Secondary | SourceKind::Paper) => " class=\"secondary\"",
                _ => "",
            };
            let seen: Vec<String> = f.source().seen_at().map(link).collect();
            let _ = writeln!(
                h,
                "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{} <span class=\"kind\">[{}]</span></td><td>{}</td></tr>",
                esc(w.id().as_str()),
                w.country(),
                esc(&w.fieldwork().to_string()),
                w.n().map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
                // Labels for readers, the ids (as in CSV, JSON and `yoron show`) on hover.
                esc(f.question().id().as_str()),
                esc(Text::for_question(f.question()).get(self.lang)),
                esc(f.option().as_str()),
                esc(Text::for_option(
                    f.question().series().as_str(),
                    f.question().id().as_str(),
                    f.option().as_str()
                )
                .get(self.lang)),
                esc(f.percent().as_str()),
                esc(f.source().publication()),
                f.source().kind(),
                seen.join("<br>")
            );
        }
        let _ = writeln!(h, "</tbody></table></div></details>\n</article>");
    }

    /// Every question of a series without curated charts: its title, wording, response
    /// format and waves, then its charts (or why one cannot be drawn) and gap tables.
    fn questions_html(&self, h: &mut String, s: SeriesRef<'_>, charts: &[ReportChart]) {
        let plans = questions::plan(s, self.options);
        // Say where the report's assumed n enters, naming the waves.
        let time = |w: &Wave| crate::model::wave_time_of(w).unwrap_or(f64::INFINITY);
        let mut without_n: Vec<&Wave> = s.waves().filter(|w| w.n().is_none()).collect();
        without_n.sort_by(|a, b| {
            time(a)
                .total_cmp(&time(b))
                .then_with(|| (a.id(), a.country()).cmp(&(b.id(), b.country())))
        });
        let without_n: Vec<String> = without_n
            .iter()
            .map(|w| format!("{} {}", w.id(), w.country()))
            .collect();
        if !without_n.is_empty() {
            let n = self.options.assume_n.unwrap_or(charts::TREND_ASSUMED_N);
            let _ = writeln!(
                h,
                "<p class=\"note\">{}</p>",
                esc(&self
                    .t(T::NoN)
                    .replace("{waves}", &without_n.join(", "))
                    .replace("{n}", &crate::chart::thousands(n.into())))
            );
        }
        for p in plans {
            let q = p.question.question();
            let title = Text::for_question(q);
            let wording = Text::for_wording(q);
            let _ = writeln!(
                h,
                "<section class=\"question\" id=\"question-{}-{}\">\n<h4 title=\"{}\">{}</h4>",
                q.series(),
                q.id(),
                esc(q.id().as_str()),
                esc(title.get(self.lang))
            );
            if !wording.is_blank() && wording.get(self.lang) != title.get(self.lang) {
                let _ = writeln!(h, "<p class=\"orig\">{}</p>", esc(wording.get(self.lang)));
            }
            let asked: Vec<String> = p
                .waves
                .iter()
                .map(|samples| {
                    let countries: Vec<String> = samples
                        .iter()
                        .map(|t| t.wave().country().to_string())
                        .collect();
                    format!("{} ({})", samples[0].wave().id(), countries.join(", "))
                })
                .collect();
            let _ = writeln!(
                h,
                "<p class=\"note\">{} · {}: {}</p>",
                esc(self.t(match q.response() {
                    ResponseFormat::Multiple => T::MultipleResponse,
                    _ => T::SingleResponse,
                })),
                esc(self.t(T::Asked)),
                esc(&asked.join(" · "))
            );
            for item in &p.items {
                match (&item.chart, charts.iter().find(|c| c.id == item.id)) {
                    (_, Some(c)) => figure(h, c),
                    (Err(why), None) => {
                        let _ = writeln!(
                            h,
                            "<p class=\"break\">{} ({}): {}</p>",
                            esc(self.t(T::NotDrawn)),
                            esc(&item.title(self.lang)),
                            esc(why)
                        );
                    }
                    (Ok(_), None) => {}
                }
                if let Some(t) = &item.gaps {
                    gap_table_html(h, t, self.lang);
                }
            }
            if !p.mirrors.is_empty() {
                let _ = writeln!(h, "<h5>{}</h5>", esc(self.t(T::BothPublics)));
            }
            for m in &p.mirrors {
                // The data cannot say the question asks each public about the other, so the
                // caption names the question and the option, not "Japan's view of Korea".
                let mut cells = m.table(self.lang);
                cells.caption = format!(
                    "{} — {}: JP − KR",
                    title.get(self.lang),
                    Text::for_option(q.series().as_str(), q.id().as_str(), m.option())
                        .get(self.lang)
                );
                let _ = writeln!(h, "{}", cells.to_html_with("mirror", Some("num")));
            }
            let _ = writeln!(h, "</section>");
        }
    }

    fn provenance(&self, h: &mut String) {
        let figures: Vec<_> = self.ds.figures().collect();
        let of_kind = |k: SourceKind| figures.iter().filter(|f| f.source().kind() == k).count();
        let _ = writeln!(
            h,
            "<p>{}: {} · {}: {} · {}: {} · {}: {}</p>",
            esc(self.t(T::Figures)),
            figures.len(),
            esc(self.t(T::Primary)),
            of_kind(SourceKind::Primary),
            esc(self.t(T::Secondary)),
            of_kind(SourceKind::Secondary),
            esc(self.t(T::Paper)),
            of_kind(SourceKind::Paper)
        );
        let _ = writeln!(h, "<h3>{}</h3>", esc(self.t(T::Conflicts)));
        let _ = writeln!(
            h,
            "<table><thead><tr><th>series</th><th>wave</th><th>country</th><th>question</th><th>option</th><th>preferred</th><th>alternative</th><th>why</th></tr></thead><tbody>"
        );
        for f in self.ds.conflicts().filter(|f| f.is_preferred()) {
            let w = f.wave();
            let alts: Vec<String> = f.rivals().map(|r| r.percent().to_string()).collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                w.series(),
                esc(w.id().as_str()),
                w.country(),
                esc(f.question().id().as_str()),
                esc(f.option().as_str()),
                esc(f.percent().as_str()),
                esc(&alts.join(", ")),
                esc(f.conflict_note())
            );
        }
        let _ = writeln!(h, "</tbody></table>");
        // Every source: publication, where it was read, primary or secondary, how many figures.
        let mut sources: Vec<(String, String, SourceKind, usize)> = Vec::new();
        for f in &figures {
            let s = f.source();
            match sources.iter_mut().find(|(p, seen, k, _)| {
                p == s.publication() && seen == s.seen_at_text() && *k == s.kind()
            }) {
                Some(entry) => entry.3 += 1,
                None => sources.push((
                    s.publication().to_string(),
                    s.seen_at_text().to_string(),
                    s.kind(),
                    1,
                )),
            }
        }
        let _ = writeln!(
            h,
            "<h3>{} ({})</h3>\n<details><summary>{}</summary><div class=\"scroll\"><table><thead><tr><th>publication</th><th>seen at</th><th>kind</th><th>figures</th></tr></thead><tbody>",
            esc(self.t(T::Sources)),
            sources.len(),
            esc(self.t(T::ShowAll))
        );
        for (p, seen, k, n) in &sources {
            let links: Vec<String> = seen.split(" | ").map(link).collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{k}</td><td class=\"num\">{n}</td></tr>",
                esc(p),
                links.join("<br>")
            );
        }
        let _ = writeln!(h, "</tbody></table></div></details>");
    }
}

/// The mirror pairs the report shows: questions each public is asked about the other.
pub const MIRRORS: [(&str, &str, &str); 3] = [
    ("genron_eai", "impression_of_other", "good_total"),
    ("yomiuri_hankook", "trust_other", "trust"),
    ("yomiuri_hankook", "affinity_other", "feel"),
];

const CSS: &str = "body{font-family:\"Noto Sans CJK JP\",\"Noto Sans CJK KR\",\"Hiragino Sans\",\"Apple SD Gothic Neo\",\"Malgun Gothic\",\"Yu Gothic\",system-ui,sans-serif;margin:0;color:#222;background:#fff;line-height:1.5}main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem}h1{font-size:1.8rem}h2{border-bottom:2px solid #ddd;margin-top:2.5rem}.lead{font-size:1.05rem;color:#444}nav ol{columns:2}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.alt{color:#999;text-decoration:line-through}tr.secondary td{background:#fffbe6}.kind{color:#777}.scroll{max-height:28rem;overflow:auto}.note{font-size:.85rem;color:#555}.break{background:#fff0f0;border-left:4px solid #c00;padding:.3rem .6rem}.supported{color:#006d2c;font-weight:bold}.contradicted{color:#b30000;font-weight:bold}.not_established{color:#8a6d00;font-weight:bold}.facts{display:flex;flex-wrap:wrap;gap:1.5rem;list-style:none;padding:0}footer{margin:3rem 0 1rem;color:#777;font-size:.8rem}";

pub(crate) use crate::table::escape_html as esc;

/// A web address as a link (opened only if the reader clicks), anything else as text.
fn link(s: &str) -> String {
    if s.starts_with("http://") || s.starts_with("https://") {
        let shown: String = s.chars().take(70).collect();
        let more = if s.chars().count() > 70 { "…" } else { "" };
        format!(
            "<a href=\"{}\" rel=\"noreferrer\">{}{more}</a>",
            esc(s),
            esc(&shown)
        )
    } else {
        esc(s)
    }
}

fn figure(h: &mut String, c: &ReportChart) {
    let _ = writeln!(
        h,
        "<figure id=\"chart-{}\" class=\"chart\">\n{}\n<figcaption>{} · <a href=\"{}.svg\">SVG</a> · <a href=\"{}.png\">PNG</a></figcaption>\n</figure>",
        c.id,
        strip_xml_declaration(&c.svg),
        esc(&c.title),
        c.id,
        c.id
    );
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// A confidence level as the page prints it: "95 %".
fn level_text(level: crate::stats::ConfidenceLevel) -> String {
    format!("{} %", level.to_string().trim_end_matches('%'))
}

// The comparison tables are the library's (`crate::compare`'s cells, the text table's
// columns); the page keeps its own class names and right-aligns the numbers.

pub(crate) fn gap_table_html(h: &mut String, t: &GapTable, lang: Lang) {
    let _ = writeln!(h, "{}", t.table(lang).to_html_with("gaps", Some("num")));
}

fn rank_table_html(h: &mut String, t: &RankTable, _q: &Question, lang: Lang) {
    let _ = writeln!(h, "{}", t.table(lang).to_html_with("ranks", Some("num")));
}

fn mirror_html(h: &mut String, m: &Mirror, _option: &str, lang: Lang) {
    let _ = writeln!(h, "{}", m.table(lang).to_html_with("mirror", Some("num")));
}

fn claims_html(h: &mut String, checks: &[crate::compare::ClaimCheck]) {
    let _ = writeln!(
        h,
        "<table class=\"claims\"><thead><tr><th>claim</th><th>where</th><th>assertion</th><th>paper</th><th>data</th><th>test</th><th>verdict</th></tr></thead><tbody>"
    );
    for c in checks {
        let k = &c.claim;
        let class = match c.verdict {
            ClaimVerdict::Supported => "supported",
            ClaimVerdict::Contradicted => "contradicted",
            ClaimVerdict::NotEstablished => "not_established",
            _ => "",
        };
        let matchs = |m: FigureMatch| match m {
            FigureMatch::Exact => "exact",
            FigureMatch::WithinRounding => "within the paper's rounding",
            FigureMatch::Differs => "DIFFERS",
            FigureMatch::NoData => "no data",
            _ => "",
        };
        let quoted = [k.quoted_a.as_str(), k.quoted_b.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
        let data = [c.data_a.as_deref(), c.data_b.as_deref()]
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
        let _ = writeln!(
            h,
            "<tr><td>{}.{} “{}”</td><td>{}</td><td>{} {} {}</td><td class=\"num\">{}</td><td class=\"num\">{} <span class=\"kind\">{}</span></td><td>{}<br>{}{}</td><td class=\"{class}\">{}</td></tr>",
            esc(&k.claim_id),
            esc(&k.check),
            esc(&k.claim),
            esc(&k.location),
            esc(&k.assertion),
            esc(Text::for_option(&k.series, &k.question, &k.option_a).get(Lang::En)),
            if k.option_b.is_empty() {
                String::new()
            } else {
                esc(Text::for_option(&k.series, &k.question, &k.option_b).get(Lang::En))
            },
            esc(&quoted),
            esc(&data),
            matchs(c.match_a),
            esc(&c.test),
            esc(&c.result),
            c.assumptions
                .iter()
                .map(|a| format!("<br><i>assumed: {}</i>", esc(a)))
                .collect::<String>(),
            c.verdict
        );
    }
    let _ = writeln!(h, "</tbody></table>");
}
