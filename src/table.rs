//! Tables for readers: aligned text with East Asian wide characters counted as two columns,
//! HTML escaping, and numbers as yoron's tables print them (signed differences, p-values).
//!
//! Every text table, HTML page and notebook table of the crate and the `yoron` command is
//! written with these, so a Japanese label lines up the same way in `yoron compare` as in a
//! notebook, and a p-value reads the same in a table, a report and a sentence.

use std::fmt;
use std::io::Write;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};

/// The number of terminal columns `s` takes: East Asian wide and fullwidth characters
/// (Hangul, CJK ideographs, kana, fullwidth forms) take two, everything else one.
///
/// The ranges are the Wide and Fullwidth blocks of Unicode Standard Annex #11 that Japanese
/// and Korean text uses.
///
/// # Example
/// ```
/// use yoron::table::display_width;
/// assert_eq!(display_width("Japan"), 5);
/// assert_eq!(display_width("日本"), 4);
/// assert_eq!(display_width("한국 (KR)"), 9);
/// ```
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// A left-aligned text table: a header, a rule under it, then the rows, columns two spaces
/// apart, trailing blanks trimmed.
///
/// # Example
/// ```
/// use yoron::table::TextTable;
/// let t = TextTable::new(["option", "JP"])
///     .row(["中国", "80"])
///     .row(["North Korea", "73"]);
/// assert_eq!(
///     t.to_string(),
///     "option       JP\n───────────────\n中国         80\nNorth Korea  73\n"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    max_rule: Option<usize>,
}

impl TextTable {
    /// A table with this header and no rows.
    ///
    /// # Example
    /// ```
    /// let t = yoron::table::TextTable::new(["a", "b"]);
    /// assert_eq!(t.to_string(), "a  b\n────\n");
    /// ```
    pub fn new<I, S>(header: I) -> TextTable
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        TextTable {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            max_rule: None,
        }
    }

    /// The table with one more row (missing cells are blank, extra cells are printed
    /// after the last column).
    ///
    /// # Example
    /// ```
    /// let t = yoron::table::TextTable::new(["a", "b"]).row(["1", "2"]);
    /// assert_eq!(t.to_string(), "a  b\n────\n1  2\n");
    /// ```
    pub fn row<I, S>(mut self, cells: I) -> TextTable
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.push(cells);
        self
    }

    /// Adds a row in place.
    ///
    /// # Example
    /// ```
    /// let mut t = yoron::table::TextTable::new(["a"]);
    /// t.push(["1"]);
    /// assert_eq!(t.to_string(), "a\n─\n1\n");
    /// ```
    pub fn push<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The same table whose rule under the header is at most `columns` wide (a table with
    /// a long last column, such as a source, would otherwise draw a rule wider than the
    /// terminal).
    ///
    /// # Example
    /// ```
    /// let t = yoron::table::TextTable::new(["a", "long header"]).max_rule(4);
    /// assert_eq!(t.to_string(), "a  long header\n────\n");
    /// ```
    pub fn max_rule(self, columns: usize) -> TextTable {
        TextTable {
            max_rule: Some(columns),
            ..self
        }
    }
}

impl fmt::Display for TextTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut widths: Vec<usize> = self.header.iter().map(|h| display_width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(display_width(c));
                }
            }
        }
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                s.push_str(c);
                if i + 1 < cells.len() {
                    let w = widths.get(i).copied().unwrap_or(0);
                    s.push_str(&" ".repeat(w.saturating_sub(display_width(c)) + 2));
                }
            }
            s.trim_end().to_string()
        };
        writeln!(f, "{}", line(&self.header))?;
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let total = self.max_rule.map_or(total, |m| total.min(m));
        writeln!(f, "{}", "─".repeat(total))?;
        for r in &self.rows {
            writeln!(f, "{}", line(r))?;
        }
        Ok(())
    }
}

/// `rows` under `header` as a [`TextTable`].
pub(crate) fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = TextTable::new(header.iter().copied());
    for r in rows {
        t.push(r.iter().map(String::as_str));
    }
    t.to_string()
}

/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`).
///
/// # Example
/// ```
/// assert_eq!(
///     yoron::table::escape_html(r#"<a href="x">R&D's</a>"#),
///     "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
/// );
/// ```
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML table being written: caption and header first, then rows, then the footer
/// (notes, one per line, spanning every column). Every cell is escaped. The one HTML table
/// writer of the result types (notebooks and web pages).
pub(crate) struct HtmlTable {
    html: String,
    columns: usize,
}

impl HtmlTable {
    /// `<table class="…"><caption>…</caption><thead>…</thead><tbody>`.
    pub(crate) fn new<S: AsRef<str>>(class: &str, caption: &str, header: &[S]) -> HtmlTable {
        let mut html = format!(
            "<table class=\"{class}\">\n<caption>{}</caption>\n<thead><tr>",
            escape_html(caption)
        );
        for c in header {
            html.push_str(&format!("<th>{}</th>", escape_html(c.as_ref())));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        HtmlTable {
            html,
            columns: header.len(),
        }
    }

    /// One row: each cell's text, and its class if it has one.
    pub(crate) fn row<'c>(&mut self, cells: impl IntoIterator<Item = (String, Option<&'c str>)>) {
        self.html.push_str("<tr>");
        for (text, class) in cells {
            match class {
                Some(class) => self.html.push_str(&format!(
                    "<td class=\"{class}\">{}</td>",
                    escape_html(&text)
                )),
                None => self
                    .html
                    .push_str(&format!("<td>{}</td>", escape_html(&text))),
            }
        }
        self.html.push_str("</tr>\n");
    }

    /// The footer and the end of the table.
    pub(crate) fn finish<S: AsRef<str>>(mut self, notes: &[S]) -> String {
        let lines: Vec<String> = notes.iter().map(|n| escape_html(n.as_ref())).collect();
        self.html.push_str(&format!(
            "</tbody>\n<tfoot><tr><td colspan=\"{}\">{}</td></tr></tfoot>\n</table>",
            self.columns,
            lines.join("<br/>")
        ));
        self.html
    }
}

/// One cell of a result table ([`Cells`]): words and numbers as they are, and differences in
/// points, which each writer signs its own way: `-11.0` in a terminal, `−11.0` (a true minus,
/// as the charts print it) on a page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    /// Words: a label, a verdict, a note.
    Text(String),
    /// A number as printed: a published figure, an n, a rank, a p-value.
    Number(String),
    /// A difference in percentage points, signed, one decimal.
    Points(f64),
    /// An interval of differences in points, `[low, high]`, each end signed.
    PointsInterval(f64, f64),
}

impl Cell {
    /// A published figure, or `–` where the sample has none.
    pub(crate) fn figure(percent: Option<&str>) -> Cell {
        Cell::Number(percent.unwrap_or("–").to_string())
    }

    /// A p-value ([`format_p`]), blank where there is none.
    pub(crate) fn p_value(p: Option<f64>) -> Cell {
        Cell::Number(p.map(format_p).unwrap_or_default())
    }

    /// The cell's text, signs with `sign` ([`signed`] for a terminal, [`signed_minus`] for
    /// a page).
    fn text(&self, sign: fn(f64) -> String) -> String {
        match self {
            Cell::Text(s) | Cell::Number(s) => s.clone(),
            Cell::Points(x) => sign(*x),
            Cell::PointsInterval(lo, hi) => format!("[{}, {}]", sign(*lo), sign(*hi)),
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// A result table's content: caption, header, rows and notes (method, assumptions, source),
/// built once by the result type and written by [`Cells::to_text`] for a terminal and
/// [`Cells::to_html`] for a notebook or a page, so that a column added to a table shows in
/// both.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Cells {
    pub(crate) caption: String,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<Cell>>,
    pub(crate) notes: Vec<String>,
}

impl Cells {
    /// A table with this caption and header, no rows and no notes.
    pub(crate) fn new<I, S>(caption: impl Into<String>, header: I) -> Cells
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Cells {
            caption: caption.into(),
            header: header.into_iter().map(Into::into).collect(),
            ..Cells::default()
        }
    }

    /// The caption on its own line, the aligned table ([`TextTable`]), then one line per
    /// note, the last without a newline.
    pub(crate) fn to_text(&self) -> String {
        let sign = |x: f64| signed(x, 1);
        let mut t = TextTable::new(self.header.iter().map(String::as_str));
        for r in &self.rows {
            t.push(r.iter().map(|c| c.text(sign)));
        }
        format!("{}\n{t}{}", self.caption, self.notes.join("\n"))
    }

    /// The table as an HTML fragment of this class ([`HtmlTable`]), the notes in its footer.
    pub(crate) fn to_html(&self, class: &str) -> String {
        self.to_html_with(class, None)
    }

    /// [`Cells::to_html`] with number cells of class `number_class` (a page that
    /// right-aligns numbers).
    pub(crate) fn to_html_with(&self, class: &str, number_class: Option<&str>) -> String {
        let mut h = HtmlTable::new(class, &self.caption, &self.header);
        for r in &self.rows {
            h.row(
                r.iter()
                    .map(|c| (c.text(signed_minus), number_class.filter(|_| c.is_number()))),
            );
        }
        h.finish(&self.notes)
    }
}

/// Prints an HTML fragment in evcxr's display envelope (a notebook shows it inline).
#[cfg(feature = "evcxr")]
pub(crate) fn evcxr_html(html: &str) {
    println!("EVCXR_BEGIN_CONTENT text/html\n{html}\nEVCXR_END_CONTENT");
}

/// A signed number with `decimals` decimals, `+` or `-` always shown, except that a value
/// that rounds to zero prints unsigned (no "-0.0").
///
/// # Example
/// ```
/// use yoron::table::signed;
/// assert_eq!(signed(2.04, 1), "+2.0");
/// assert_eq!(signed(-11.0, 1), "-11.0");
/// assert_eq!(signed(-0.04, 1), "0.0");
/// assert_eq!(signed(0.3333, 2), "+0.33");
/// ```
pub fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{x:+.decimals$}");
    if s.trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s[1..].to_string()
    } else {
        s
    }
}

/// [`signed`] with one decimal and a true minus sign (U+2212), as the charts and the
/// HTML report print differences.
///
/// # Example
/// ```
/// assert_eq!(yoron::table::signed_minus(-11.0), "−11.0");
/// assert_eq!(yoron::table::signed_minus(44.0), "+44.0");
/// ```
pub fn signed_minus(x: f64) -> String {
    signed(x, 1).replace('-', "−")
}

/// A p-value for a table cell: three decimals, `<0.001` below a thousandth.
///
/// # Example
/// ```
/// assert_eq!(yoron::table::format_p(0.0004), "<0.001");
/// assert_eq!(yoron::table::format_p(0.0456), "0.046");
/// ```
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value in a sentence: `p = 0.357`, `p < 0.001`.
///
/// # Example
/// ```
/// assert_eq!(yoron::table::p_clause(0.357), "p = 0.357");
/// assert_eq!(yoron::table::p_clause(1e-9), "p < 0.001");
/// ```
pub fn p_clause(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// Writes `rows` as CSV with a header from the record's field names (none when there are no
/// rows), `\n` line ends: the one CSV writer of the result types.
pub(crate) fn write_records_csv<T: Serialize, W: Write>(rows: &[T], writer: W) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(writer);
    for r in rows {
        w.serialize(r).map_err(csv_error)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes `value` as pretty JSON with a final newline: the one JSON writer of the result
/// types.
pub(crate) fn write_pretty_json<T: Serialize + ?Sized, W: Write>(
    value: &T,
    mut writer: W,
) -> Result<()> {
    serde_json::to_writer_pretty(&mut writer, value).map_err(|e| {
        if e.is_io() {
            Error::from(std::io::Error::from(e))
        } else {
            Error::new(ErrorKind::Internal {
                what: format!("writing JSON: {e}"),
            })
        }
    })?;
    writeln!(writer)?;
    Ok(())
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        // Records are flat structs of numbers and text: anything else is a bug.
        other => Error::new(ErrorKind::Internal {
            what: format!("writing CSV: {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_align_by_columns_not_chars() {
        let t = TextTable::new(["x", "y"])
            .row(["일본", "1"])
            .row(["ab", "2"]);
        let s = t.to_string();
        let lines: Vec<&str> = s.lines().collect();
        // "일본" is four columns wide, so "1" and "2" start at the same column.
        assert_eq!(lines[2], "일본  1");
        assert_eq!(lines[3], "ab    2");
    }

    fn sample_cells() -> Cells {
        let mut t = Cells::new("Caption", ["option", "gap", "CI", "p"]);
        t.rows.push(vec![
            Cell::Text("North Korea".into()),
            Cell::Points(-11.0),
            Cell::PointsInterval(-14.54, -7.44),
            Cell::p_value(Some(0.0001)),
        ]);
        t.rows.push(vec![
            Cell::Text("Japan".into()),
            Cell::Text(String::new()),
            Cell::figure(None),
            Cell::p_value(None),
        ]);
        t.notes = vec!["note".into(), "Source: A & B".into()];
        t
    }

    #[test]
    fn cells_as_text_sign_with_a_hyphen() {
        let want = [
            "Caption",
            "option       gap    CI             p",
            &"─".repeat(41),
            "North Korea  -11.0  [-14.5, -7.4]  <0.001",
            "Japan               –",
            "note",
            "Source: A & B",
        ]
        .join("\n");
        assert_eq!(sample_cells().to_text(), want);
    }

    #[test]
    fn cells_as_html_sign_with_a_minus_and_class_numbers_on_request() {
        let plain = sample_cells().to_html("t");
        assert_eq!(
            plain,
            "<table class=\"t\">\n<caption>Caption</caption>\n\
             <thead><tr><th>option</th><th>gap</th><th>CI</th><th>p</th></tr></thead>\n<tbody>\n\
             <tr><td>North Korea</td><td>−11.0</td><td>[−14.5, −7.4]</td><td>&lt;0.001</td></tr>\n\
             <tr><td>Japan</td><td></td><td>–</td><td></td></tr>\n</tbody>\n\
             <tfoot><tr><td colspan=\"4\">note<br/>Source: A &amp; B</td></tr></tfoot>\n</table>"
        );
        let classed = sample_cells().to_html_with("t", Some("num"));
        assert!(classed.contains(
            "<tr><td>North Korea</td><td class=\"num\">−11.0</td><td class=\"num\">[−14.5, −7.4]</td>"
        ));
        // Words keep no class, even an empty cell.
        assert!(classed.contains("<tr><td>Japan</td><td></td><td class=\"num\">–</td>"));
    }

    #[test]
    fn negative_zero_never_prints() {
        assert_eq!(signed(-0.0, 1), "0.0");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(signed_minus(-0.01), "0.0");
    }
}

/// Labelled lines, the label column aligned: how `yoron interval` and `yoron diff` explain
/// one result (`interval  35.0% to 41.0% (95% wilson)`).
///
/// # Example
/// ```
/// let mut k = yoron::table::KeyValues::new();
/// k.push("figure", "38%");
/// k.push("margin of error", "±3.0 points");
/// assert_eq!(k.to_string(), "figure           38%\nmargin of error  ±3.0 points\n");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyValues(Vec<(String, String)>);

impl KeyValues {
    /// No lines yet.
    pub fn new() -> KeyValues {
        KeyValues::default()
    }

    /// Adds a line.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.push((key.into(), value.into()));
    }

    /// The lines, in order.
    ///
    /// # Example
    /// ```
    /// let mut k = yoron::table::KeyValues::new();
    /// k.push("note", "n is assumed");
    /// assert_eq!(k.lines()[0].1, "n is assumed");
    /// ```
    pub fn lines(&self) -> &[(String, String)] {
        &self.0
    }
}

impl fmt::Display for KeyValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .0
            .iter()
            .map(|(k, _)| display_width(k))
            .max()
            .unwrap_or(0);
        for (k, v) in &self.0 {
            let pad = width - display_width(k);
            writeln!(f, "{k}{:pad$}  {v}", "")?;
        }
        Ok(())
    }
}
