//! A selection of published figures with their waves and sources: what `yoron show`
//! prints, as a table for readers or in the tidy format's columns.

use std::fmt;
use std::io::Write;

use super::schema::{
    CONFLICT, COUNTRY, FW_END, FW_START, N, OPTION, OPTION_KIND, PERCENT, PUBLISHED, QUESTION,
    RESPONSE, SERIES, SOURCE, SOURCE_KIND, WAVE,
};
use super::write::{write_csv_columns, write_json_columns};
use crate::error::Result;
use crate::label::{InLang, Lang, Text};
use crate::model::{ConflictMark, FigureRef, ResponseFormat, Topline};
use crate::table::TextTable;

/// The tidy-format columns a figure listing writes, in order.
const COLS: [usize; 15] = [
    SERIES,
    WAVE,
    COUNTRY,
    FW_START,
    FW_END,
    PUBLISHED,
    N,
    QUESTION,
    RESPONSE,
    OPTION,
    OPTION_KIND,
    PERCENT,
    SOURCE,
    SOURCE_KIND,
    CONFLICT,
];

/// Published figures, wave by wave, each with its wave's fieldwork and n and its source:
/// conflicting figures from different sources both listed, the preferred one marked.
///
/// As text (`Display`, or [`Figures::in_lang`]) a table for readers with the question's
/// wording; as CSV and JSON the tidy format's columns ([`Figures::COLUMNS`]), figures
/// exactly as published.
///
/// # Example
/// ```
/// use yoron::Country;
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let figures = yoron::Figures::new(&q.toplines("2016", Some(Country::KR))?);
/// let mut csv = Vec::new();
/// figures.write_csv(&mut csv)?;
/// let csv = String::from_utf8(csv)?;
/// assert!(csv.starts_with("series,wave,country,fieldwork_start,"));
/// assert!(csv.contains(",military_threat,multi,north_korea,substantive,84,"));
/// assert!(figures.to_string().contains("North Korea  84"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Figures<'a> {
    figures: Vec<FigureRef<'a>>,
}

impl<'a> Figures<'a> {
    /// The columns of [`Figures::write_csv`] and [`Figures::write_json`], named as in the
    /// tidy format.
    pub const COLUMNS: [&'static str; 15] = {
        let mut names = [""; 15];
        let mut i = 0;
        while i < 15 {
            names[i] = super::schema::COLUMNS[COLS[i]];
            i += 1;
        }
        names
    };

    /// Every figure of these toplines (alternatives from other sources included), in order.
    pub fn new(toplines: &[Topline<'a>]) -> Figures<'a> {
        Figures {
            figures: toplines.iter().flat_map(|t| t.all_figures()).collect(),
        }
    }

    /// The figures.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let figures = yoron::Figures::new(&q.toplines("2016", None)?);
    /// assert!(figures.figures().iter().all(|f| f.wave().id().as_str() == "2016_4th"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn figures(&self) -> &[FigureRef<'a>] {
        &self.figures
    }

    /// The figures as CSV, in [`Figures::COLUMNS`].
    ///
    /// # Errors
    /// Writing fails.
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_csv_columns(self.figures.iter().map(|f| f.tidy_row()), &COLS, writer)
    }

    /// The figures as a JSON array of objects with [`Figures::COLUMNS`] as keys: figures as
    /// JSON numbers exactly as published (`59.0` stays `59.0`), n a number or null.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let mut json = Vec::new();
    /// yoron::Figures::new(&q.toplines("2016", None)?).write_json(&mut json)?;
    /// let v: serde_json::Value = serde_json::from_slice(&json)?;
    /// assert_eq!(v[0]["n"], 1000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_json_columns(self.figures.iter().map(|f| f.tidy_row()), &COLS, writer)
    }

    /// The table for readers with its labels in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::label::Lang;
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let figures = yoron::Figures::new(&q.toplines("2016", None)?);
    /// assert!(figures.in_lang(Lang::Ja).to_string().contains("北朝鮮"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn in_lang(&self, lang: Lang) -> InLang<'_, Figures<'a>> {
        InLang::new(self, lang)
    }
}

impl fmt::Display for Figures<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.in_lang(Lang::En))
    }
}

impl fmt::Display for InLang<'_, Figures<'_>> {
    /// The question and its wording, then one row per figure: wave, country, fieldwork,
    /// n, option, percent (marked where sources differ) and source.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = self.lang();
        let figures = &self.value().figures;
        let Some(first) = figures.first() else {
            return Ok(());
        };
        let q = first.question();
        writeln!(f, "{}", Text::for_question(q).get(lang))?;
        writeln!(f, "{}", Text::for_wording(q).get(lang))?;
        if q.response() == ResponseFormat::Multiple {
            writeln!(
                f,
                "multiple answers allowed: figures may sum to more than 100 %"
            )?;
        }
        writeln!(f)?;
        let mut t = TextTable::new([
            "wave",
            "country",
            "fieldwork",
            "n",
            "option",
            "percent",
            "source",
        ])
        .max_rule(160);
        for fig in figures {
            let w = fig.wave();
            let fw = w.fieldwork();
            let fieldwork = match (fw.start(), fw.end()) {
                (None, None) => "not published".to_string(),
                (Some(a), Some(b)) if a == b => a.to_string(),
                (a, b) => format!(
                    "{} – {}",
                    a.map(|d| d.to_string()).unwrap_or_default(),
                    b.map(|d| d.to_string()).unwrap_or_default()
                ),
            };
            let mark = match fig.conflict() {
                Some(ConflictMark::Alternative) => "  (alternative source)",
                Some(ConflictMark::Preferred) => "  (preferred; sources differ)",
                None => "",
            };
            t.push([
                w.id().to_string(),
                w.country().to_string(),
                fieldwork,
                w.n().map_or_else(|| "?".to_string(), |n| n.to_string()),
                Text::for_option(
                    w.series().as_str(),
                    fig.question().id().as_str(),
                    fig.option().as_str(),
                )
                .get(lang)
                .to_string(),
                format!("{}{mark}", fig.percent()),
                format!("{} [{}]", fig.source().publication(), fig.source().kind()),
            ]);
        }
        write!(f, "{t}")
    }
}
