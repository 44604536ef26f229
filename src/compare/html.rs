//! HTML tables of the comparison results, for notebooks (`evcxr_display`, feature `evcxr`)
//! and web pages: a caption, the rows, and a footer with the method note and the source
//! line, laid out like [`GapTable::to_html`](super::GapTable::to_html), with the question
//! and option labels of the text tables and the report, in English or, through
//! `in_lang(lang)`, in Japanese or Korean. Every string goes through the one HTML escaper
//! ([`crate::table::escape_html`]).

use super::{
    ChangeTable, CrossSeries, Mirror, RankTable, option_label, question_label, source_line,
};
use crate::label::{InLang, Lang, Text};
use crate::table::{HtmlTable, format_p, signed_minus as signed};

/// "95 % CI" for the options' level.
fn level(options: &super::CompareOptions) -> String {
    format!("{:.0} % CI", options.level.value() * 100.0)
}

/// For each result type: `to_html`/`evcxr_display` in English on the type, and the same in
/// any language on `in_lang(lang)`.
macro_rules! html_methods {
    ($ty:ident, $setup:expr) => {
        impl $ty {
            /// The table as an HTML fragment, labels in English (see `in_lang(lang).to_html()`
            /// for Japanese or Korean): caption, header, rows, then the notes and the source
            /// line.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let html = t.to_html();
            /// assert!(html.starts_with("<table class=\"yoron-"));
            /// assert!(html.contains("</tfoot>"));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn to_html(&self) -> String {
                self.in_lang(Lang::En).to_html()
            }

            /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel): `to_html`
            /// in evcxr's display envelope.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// t.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
            /// # Ok::<(), yoron::Error>(())
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                crate::table::evcxr_html(&self.to_html());
            }
        }

        impl InLang<'_, $ty> {
            /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), labels in
            /// this language.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// t.in_lang(yoron::label::Lang::Ko).evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
            /// # Ok::<(), yoron::Error>(())
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                crate::table::evcxr_html(&self.to_html());
            }
        }
    };
}

html_methods!(
    RankTable,
    "# let q = yoron::datasets::genron_eai().question(\"military_threat\")?;
# let t = yoron::compare::RankTable::new(&q.topline(\"2016\", yoron::Country::KR)?, Default::default())?;"
);
html_methods!(
    ChangeTable,
    "# let q = yoron::datasets::cabinet_office().question(\"affinity_korea\")?;
# let (a, b) = (q.topline(\"FY2019\", yoron::Country::JP)?, q.topline(\"FY2020\", yoron::Country::JP)?);
# let t = yoron::compare::ChangeTable::new(&a, &b, Default::default())?;"
);
html_methods!(
    Mirror,
    "# let q = yoron::datasets::genron_eai().question(\"impression_of_other\")?;
# let t = yoron::compare::Mirror::new(&q, \"good_total\", Default::default())?;"
);
html_methods!(
    CrossSeries,
    "# let t = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), \"relations_bad\", 2019)?;"
);

impl InLang<'_, RankTable> {
    /// The table as an HTML fragment, labels in this language: rank (`=2` for a tie with
    /// the rank above), option, figure, interval, difference from the option above and its
    /// adjusted p, then the method note and the source line.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, RankTable};
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let ranks = RankTable::new(&q.topline("2016", yoron::Country::KR)?, CompareOptions::new())?;
    /// let html = ranks.to_html();
    /// assert!(html.contains("<tr><td>1</td><td>North Korea</td><td>84</td>"));
    /// assert!(html.contains("<td>=2</td><td>China</td><td>36</td>")); // tied with Japan's 38
    /// assert!(html.contains("Source: The Genron NPO (Japan) &amp; East Asia Institute"));
    /// assert!(ranks.in_lang(Lang::Ja).to_html().contains("<td>北朝鮮</td>"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let (t, lang) = (self.value(), self.lang());
        let q = t.question_info();
        let level = level(t.options());
        let mut h = HtmlTable::new(
            "yoron-rank-table",
            &format!("{}, {}", question_label(q, lang), t.sample_label()),
            &["rank", "option", "%", &level, "vs above", "p adj."],
        );
        for r in t.rows() {
            let (lo, hi) = (r.ci().low(), r.ci().high());
            h.row(&[
                if r.is_tied_with_previous() {
                    format!("={}", r.rank())
                } else {
                    r.rank().to_string()
                },
                option_label(q, r.option(), lang),
                r.percent().to_string(),
                format!("[{lo:.1}, {hi:.1}]"),
                r.vs_previous_points().map(signed).unwrap_or_default(),
                r.vs_previous_p_adjusted().map(format_p).unwrap_or_default(),
            ]);
        }
        h.finish(&[t.method_note(), t.source().to_string()])
    }
}

impl InLang<'_, ChangeTable> {
    /// The table as an HTML fragment, labels in this language: each option's earlier and
    /// later figure, the change in points with its interval, p and adjusted p, then the
    /// series-break warning (when a break lies between the waves), the assumed n (when one
    /// was used) and the source line.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let html = ChangeTable::new(&a, &b, CompareOptions::new())?.to_html();
    /// assert!(html.contains("<td>26.7</td><td>34.9</td><td>+8.2</td>"));
    /// assert!(html.contains("SERIES BREAK between these waves"));
    /// assert!(html.contains("Source: Cabinet Office"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let (t, lang) = (self.value(), self.lang());
        let q = t.question_info();
        let level = level(t.options());
        let mut h = HtmlTable::new(
            "yoron-change-table",
            &format!("{}, {}", question_label(q, lang), t.waves_label()),
            &["option", "from", "to", "change", &level, "p", "p adj."],
        );
        for r in t.rows() {
            let (change, ci, p) = match r.difference() {
                Some(d) => (
                    signed(d.points()),
                    format!(
                        "[{}, {}]",
                        signed(d.low() * 100.0),
                        signed(d.high() * 100.0)
                    ),
                    format_p(d.p_value()),
                ),
                None => Default::default(),
            };
            h.row(&[
                option_label(q, r.option(), lang),
                r.from().unwrap_or("–").to_string(),
                r.to().unwrap_or("–").to_string(),
                change,
                ci,
                p,
                r.p_adjusted().map(format_p).unwrap_or_default(),
            ]);
        }
        let mut notes = Vec::new();
        if let Some(b) = t.series_break() {
            notes.push(format!(
                "SERIES BREAK between these waves ({b}): the change mixes opinion with method."
            ));
        }
        if t.is_n_assumed()
            && let Some(n) = t.options().assume_n
        {
            notes.push(format!("n = {n} ASSUMED where the source publishes none."));
        }
        notes.push(t.source().to_string());
        h.finish(&notes)
    }
}

impl InLang<'_, Mirror> {
    /// The table as an HTML fragment, labels in this language: per wave, Japan's figure
    /// about Korea (JP), Korea's about Japan (KR), the asymmetry JP − KR with its interval
    /// and p (or why a wave has none), then the change of the asymmetry from the first to
    /// the last wave with one (difference in differences) and the source line with every
    /// wave's fieldwork and n.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let html = Mirror::new(&q, "good_total", CompareOptions::new())?.to_html();
    /// assert!(html.contains("Japan&#39;s view of Korea (JP) vs Korea&#39;s view of Japan (KR)"));
    /// assert!(html.contains("<td>2016_4th</td>"));
    /// assert!(html.contains("Change of the asymmetry"));
    /// assert!(html.contains("Source: The Genron NPO"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let (t, lang) = (self.value(), self.lang());
        let q = t.question_info();
        let caption = format!(
            "{} ({}): Japan's view of Korea (JP) vs Korea's view of Japan (KR)",
            question_label(q, lang),
            option_label(q, t.option(), lang)
        );
        let level = level(t.options());
        let mut h = HtmlTable::new(
            "yoron-mirror",
            &caption,
            &["wave", "JP %", "KR %", "JP − KR", &level, "p"],
        );
        for r in t.rows() {
            let (a, ci, p) = match r.asymmetry() {
                Some(d) => (
                    signed(d.points()),
                    format!(
                        "[{}, {}]",
                        signed(d.low() * 100.0),
                        signed(d.high() * 100.0)
                    ),
                    format_p(d.p_value()),
                ),
                None => (
                    String::new(),
                    r.note().unwrap_or_default().to_string(),
                    String::new(),
                ),
            };
            h.row(&[
                r.wave().to_string(),
                r.jp().unwrap_or("–").to_string(),
                r.kr().unwrap_or("–").to_string(),
                a,
                ci,
                p,
            ]);
        }
        let mut notes = Vec::new();
        if let Ok(d) = t.overall_change() {
            notes.push(format!(
                "Change of the asymmetry {} → {}: {} points [{}, {}], p {} (difference in differences, four independent samples, Wald).",
                d.from,
                d.to,
                signed(d.points),
                signed(d.ci_low),
                signed(d.ci_high),
                format_p(d.p_value)
            ));
        }
        let waves: Vec<&crate::model::Wave> = t
            .rows()
            .iter()
            .flat_map(|r| [r.jp_wave(), r.kr_wave()])
            .flatten()
            .collect();
        notes.push(source_line(&waves, t.publisher()));
        h.finish(&notes)
    }
}

impl InLang<'_, CrossSeries> {
    /// The view as an HTML fragment, option labels in this language: per figure its series,
    /// wave, country, fieldwork, n, option, figure and the question's own wording, then a
    /// note that the figures are not pooled (each series asks its own question).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::CrossSeries;
    /// let html = CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?.to_html();
    /// assert!(html.contains("<caption>relations_bad — 2019"));
    /// assert!(html.contains("<td>yomiuri_hankook</td>"));
    /// assert!(html.contains("not pooled"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let (t, lang) = (self.value(), self.lang());
        let c = t.concept();
        let caption = format!("{} — {}: {}", c.id, t.year(), c.label);
        let mut h = HtmlTable::new(
            "yoron-cross-series",
            &caption,
            &[
                "series",
                "wave",
                "country",
                "fieldwork",
                "n",
                "option",
                "%",
                "question wording",
            ],
        );
        for r in t.rows() {
            h.row(&[
                r.series.clone(),
                r.wave.clone(),
                r.country.clone(),
                r.fieldwork.clone(),
                r.n.map_or_else(|| "not published".into(), |n| n.to_string()),
                Text::for_option(&r.series, &r.question, &r.option)
                    .get(lang)
                    .to_string(),
                r.percent.clone(),
                r.wording.clone(),
            ]);
        }
        h.finish(
            &["Each series' own question, side by side: the figures are not pooled or averaged, since the questions differ.".to_string()],
        )
    }
}
