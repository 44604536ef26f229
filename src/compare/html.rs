//! HTML tables of the comparison results, for notebooks (`evcxr_display`, feature `evcxr`)
//! and web pages: a caption, the rows, and a footer with the method note and the source
//! line, laid out like [`GapTable::to_html`](super::GapTable::to_html) and with the same
//! words as the text tables (`Display`) and the report. Every string goes through the one
//! HTML escaper ([`super::html`]).

use super::{ChangeTable, CrossSeries, Mirror, RankTable, format_p, html, signed, source_line};

/// `<table class="…"><caption>…</caption><thead>…</thead><tbody>`.
fn open(class: &str, caption: &str, header: &[&str]) -> String {
    let mut h = format!(
        "<table class=\"{class}\">\n<caption>{}</caption>\n<thead><tr>",
        html(caption)
    );
    for c in header {
        h.push_str(&format!("<th>{}</th>", html(c)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    h
}

/// One row; every cell escaped.
fn row(h: &mut String, cells: &[String]) {
    h.push_str("<tr>");
    for c in cells {
        h.push_str(&format!("<td>{}</td>", html(c)));
    }
    h.push_str("</tr>\n");
}

/// The footer (notes, then the source line, one per line) and the end of the table.
fn close(mut h: String, columns: usize, notes: &[String]) -> String {
    let lines: Vec<String> = notes.iter().map(|n| html(n)).collect();
    h.push_str(&format!(
        "</tbody>\n<tfoot><tr><td colspan=\"{columns}\">{}</td></tr></tfoot>\n</table>",
        lines.join("<br/>")
    ));
    h
}

/// "95 % CI" for the options' level.
fn level(options: &super::CompareOptions) -> String {
    format!("{:.0} % CI", options.get_level().value() * 100.0)
}

/// Prints an HTML fragment in evcxr's display envelope.
#[cfg(feature = "evcxr")]
fn evcxr_print(html: &str) {
    println!("EVCXR_BEGIN_CONTENT text/html\n{html}\nEVCXR_END_CONTENT");
}

impl RankTable {
    /// The table as an HTML fragment: rank (`=2` for a tie with the rank above), option,
    /// figure, interval, difference from the option above and its adjusted p, then the
    /// method note and the source line.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, RankTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let ranks = RankTable::new(&q.topline("2016", yoron::Country::KR)?, CompareOptions::new())?;
    /// let html = ranks.to_html();
    /// assert!(html.starts_with("<table class=\"yoron-rank-table\">"));
    /// assert!(html.contains("<tr><td>1</td><td>north_korea</td><td>84</td>"));
    /// assert!(html.contains("<td>=2</td><td>china</td><td>36</td>")); // tied with Japan's 38
    /// assert!(html.contains("Source: The Genron NPO (Japan) &amp; East Asia Institute"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let level = level(self.options());
        let mut h = open(
            "yoron-rank-table",
            self.title(),
            &["rank", "option", "%", &level, "vs above", "p adj."],
        );
        for r in self.rows() {
            let (lo, hi) = r.ci();
            row(
                &mut h,
                &[
                    if r.is_tied_with_previous() {
                        format!("={}", r.rank())
                    } else {
                        r.rank().to_string()
                    },
                    r.option().to_string(),
                    r.percent().to_string(),
                    format!("[{lo:.1}, {hi:.1}]"),
                    r.vs_previous_points().map(signed).unwrap_or_default(),
                    r.vs_previous_p_adjusted().map(format_p).unwrap_or_default(),
                ],
            );
        }
        close(h, 6, &[self.method_note(), self.source().to_string()])
    }

    /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`RankTable::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, RankTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// RankTable::new(&q.topline("2016", yoron::Country::JP)?, CompareOptions::new())?
    ///     .evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        evcxr_print(&self.to_html());
    }
}

impl ChangeTable {
    /// The table as an HTML fragment: each option's earlier and later figure, the change in
    /// points with its interval, p and adjusted p, then the series-break warning (when a
    /// break lies between the waves), the assumed n (when one was used) and the source line.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let html = ChangeTable::new(&a, &b, CompareOptions::new())?.to_html();
    /// assert!(html.contains("<td>feel_total</td><td>26.7</td><td>34.9</td><td>+8.2</td>"));
    /// assert!(html.contains("SERIES BREAK between these waves"));
    /// assert!(html.contains("Source: Cabinet Office"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let level = level(self.options());
        let mut h = open(
            "yoron-change-table",
            self.title(),
            &["option", "from", "to", "change", &level, "p", "p adj."],
        );
        for r in self.rows() {
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
            row(
                &mut h,
                &[
                    r.option().to_string(),
                    r.from().unwrap_or("–").to_string(),
                    r.to().unwrap_or("–").to_string(),
                    change,
                    ci,
                    p,
                    r.p_adjusted().map(format_p).unwrap_or_default(),
                ],
            );
        }
        let mut notes = Vec::new();
        if let Some(b) = self.series_break() {
            notes.push(format!(
                "SERIES BREAK between these waves ({b}): the change mixes opinion with method."
            ));
        }
        if self.is_n_assumed()
            && let Some(n) = self.options().get_assume_n()
        {
            notes.push(format!("n = {n} ASSUMED where the source publishes none."));
        }
        notes.push(self.source().to_string());
        close(h, 7, &notes)
    }

    /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`ChangeTable::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// ChangeTable::new(&a, &b, CompareOptions::new())?.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        evcxr_print(&self.to_html());
    }
}

impl Mirror {
    /// The table as an HTML fragment: per wave, Japan's figure about Korea (JP), Korea's
    /// about Japan (KR), the asymmetry JP − KR with its interval and p (or why a wave has
    /// none), then the change of the asymmetry from the first to the last wave with one
    /// (difference in differences) and the source line with every wave's fieldwork and n.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let html = Mirror::new(&q, "good_total", CompareOptions::new())?.to_html();
    /// assert!(html.contains("Japan's view of Korea (JP) vs Korea's view of Japan (KR)"));
    /// assert!(html.contains("<td>2016_4th</td>"));
    /// assert!(html.contains("Change of the asymmetry"));
    /// assert!(html.contains("Source: The Genron NPO"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let q = self.question_info();
        let caption = format!(
            "{} {} ({}): Japan's view of Korea (JP) vs Korea's view of Japan (KR)",
            q.series(),
            q.id(),
            self.option()
        );
        let level = level(self.options());
        let mut h = open(
            "yoron-mirror",
            &caption,
            &["wave", "JP %", "KR %", "JP − KR", &level, "p"],
        );
        for r in self.rows() {
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
            row(
                &mut h,
                &[
                    r.wave().to_string(),
                    r.jp().unwrap_or("–").to_string(),
                    r.kr().unwrap_or("–").to_string(),
                    a,
                    ci,
                    p,
                ],
            );
        }
        let mut notes = Vec::new();
        if let Ok(d) = self.overall_change() {
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
        let waves: Vec<&crate::model::Wave> = self
            .rows()
            .iter()
            .flat_map(|r| [r.jp_wave(), r.kr_wave()])
            .flatten()
            .collect();
        notes.push(source_line(&waves, self.publisher()));
        close(h, 6, &notes)
    }

    /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`Mirror::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// Mirror::new(&q, "good_total", CompareOptions::new())?.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        evcxr_print(&self.to_html());
    }
}

impl CrossSeries {
    /// The view as an HTML fragment: per figure its series, wave, country, fieldwork, n,
    /// option, figure and the question's own wording, then a note that the figures are not
    /// pooled (each series asks its own question).
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
        let c = self.concept();
        let caption = format!("{} — {}: {}", c.id, self.year(), c.label);
        let mut h = open(
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
        for r in self.rows() {
            row(
                &mut h,
                &[
                    r.series.clone(),
                    r.wave.clone(),
                    r.country.clone(),
                    r.fieldwork.clone(),
                    r.n.map_or_else(|| "not published".into(), |n| n.to_string()),
                    r.option.clone(),
                    r.percent.clone(),
                    r.wording.clone(),
                ],
            );
        }
        close(
            h,
            8,
            &["Each series' own question, side by side: the figures are not pooled or averaged, since the questions differ.".to_string()],
        )
    }

    /// Shows the view inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`CrossSeries::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::CrossSeries;
    /// CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        evcxr_print(&self.to_html());
    }
}
