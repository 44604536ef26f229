//! What a dataset holds, one record per series, question or wave: `yoron list`.

use std::fmt;
use std::io::Write;

use serde::Serialize;

use super::{Dataset, SeriesRef};
use crate::error::Result;
use crate::table::{TextTable, write_pretty_json, write_records_csv};

/// What to list: a closed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CatalogKind {
    /// The series with publisher, waves and figure counts.
    Series,
    /// The questions with response format, countries and wording.
    Questions,
    /// The waves (one per sample country) with fieldwork dates, n and mode.
    Waves,
}

/// One series: id, name, publisher and how much the data holds of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeriesSummary {
    /// The series id.
    pub series: String,
    /// Its name.
    pub name: String,
    /// Who publishes it.
    pub publisher: String,
    /// Waves (one per sample country).
    pub waves: usize,
    /// Questions.
    pub questions: usize,
    /// Figures (conflicting alternatives included).
    pub figures: usize,
}

/// One question: its response format, the countries asked, the waves and the wording.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionSummary {
    /// The series id.
    pub series: String,
    /// The question id.
    pub question: String,
    /// `single` or `multi`.
    pub response: String,
    /// The sample countries, space-separated (`JP KR`).
    pub countries: String,
    /// The waves asked (one per sample country).
    pub waves: usize,
    /// The wording in English, as the data gives it.
    pub text: String,
}

/// One wave of one sample country: fieldwork, n, mode and any series break before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WaveSummary {
    /// The series id.
    pub series: String,
    /// The wave id as the publisher labels it.
    pub wave: String,
    /// The sample country.
    pub country: String,
    /// Fieldwork start (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), empty when not published.
    pub fieldwork_start: String,
    /// Fieldwork end, empty when not published.
    pub fieldwork_end: String,
    /// Valid responses, when published.
    pub n: Option<u32>,
    /// The mode, empty when not published.
    pub mode: String,
    /// Why the series breaks before this wave, empty when it does not.
    pub series_break: String,
}

/// A listing of what a dataset holds: series, questions or waves, as a text table
/// (`Display`), CSV or JSON (numbers as numbers).
///
/// # Example
/// ```
/// use yoron::model::{Catalog, CatalogKind};
/// let ds = yoron::datasets::bundled();
/// let c = Catalog::new(ds, CatalogKind::Waves, Some("genron_eai"))?;
/// assert!(c.to_string().contains("2016_4th"));
/// let mut json = Vec::new();
/// c.write_json(&mut json)?;
/// let v: serde_json::Value = serde_json::from_slice(&json)?;
/// assert!(v.as_array().unwrap().iter().any(|w| w["wave"] == "2016_4th" && w["country"] == "KR" && w["n"] == 1010));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Catalog {
    /// One record per series.
    Series(Vec<SeriesSummary>),
    /// One record per question.
    Questions(Vec<QuestionSummary>),
    /// One record per wave and sample country.
    Waves(Vec<WaveSummary>),
}

impl Catalog {
    /// What `ds` holds of `kind`, for every series or only `series`.
    ///
    /// # Errors
    /// An unknown series id (the error lists the known ones).
    ///
    /// # Example
    /// ```
    /// use yoron::model::{Catalog, CatalogKind};
    /// let ds = yoron::datasets::bundled();
    /// let Catalog::Series(s) = Catalog::new(ds, CatalogKind::Series, None)? else { unreachable!() };
    /// assert_eq!(s.len(), 6);
    /// assert_eq!(s.iter().map(|s| s.figures).sum::<usize>(), 867);
    /// assert!(Catalog::new(ds, CatalogKind::Series, Some("nope")).is_err());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn new(ds: &Dataset, kind: CatalogKind, series: Option<&str>) -> Result<Catalog> {
        let series: Vec<SeriesRef<'_>> = match series {
            Some(s) => vec![ds.series(s)?],
            None => ds.all_series().collect(),
        };
        Ok(match kind {
            CatalogKind::Series => Catalog::Series(
                series
                    .iter()
                    .map(|s| SeriesSummary {
                        series: s.id().to_string(),
                        name: s.info().name().to_string(),
                        publisher: s.info().publisher().to_string(),
                        waves: s.waves().count(),
                        questions: s.questions().count(),
                        figures: s.figures().count(),
                    })
                    .collect(),
            ),
            CatalogKind::Questions => Catalog::Questions(
                series
                    .iter()
                    .flat_map(|s| s.questions())
                    .map(|q| {
                        let qq = q.question();
                        QuestionSummary {
                            series: qq.series().to_string(),
                            question: qq.id().to_string(),
                            response: qq.response().to_string(),
                            countries: q
                                .countries()
                                .iter()
                                .map(|c| c.code())
                                .collect::<Vec<_>>()
                                .join(" "),
                            waves: q.waves().len(),
                            text: qq.text().to_string(),
                        }
                    })
                    .collect(),
            ),
            CatalogKind::Waves => Catalog::Waves(
                series
                    .iter()
                    .flat_map(|s| s.waves())
                    .map(|w| {
                        let text = |v: Option<String>| v.unwrap_or_default();
                        WaveSummary {
                            series: w.series().to_string(),
                            wave: w.id().to_string(),
                            country: w.country().to_string(),
                            fieldwork_start: text(w.fieldwork().start().map(|d| d.to_string())),
                            fieldwork_end: text(w.fieldwork().end().map(|d| d.to_string())),
                            n: w.n().map(|n| n.get()),
                            mode: text(w.mode().map(|m| m.to_string())),
                            series_break: w.series_break().unwrap_or_default().to_string(),
                        }
                    })
                    .collect(),
            ),
        })
    }

    /// How many records.
    ///
    /// # Example
    /// ```
    /// use yoron::model::{Catalog, CatalogKind};
    /// let c = Catalog::new(yoron::datasets::bundled(), CatalogKind::Series, Some("eai_api"))?;
    /// assert_eq!(c.len(), 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        match self {
            Catalog::Series(r) => r.len(),
            Catalog::Questions(r) => r.len(),
            Catalog::Waves(r) => r.len(),
        }
    }

    /// True when there is no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records as CSV with a header of the field names (`\n` line ends).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::model::{Catalog, CatalogKind};
    /// let mut out = Vec::new();
    /// Catalog::new(yoron::datasets::bundled(), CatalogKind::Series, None)?.write_csv(&mut out)?;
    /// assert!(out.starts_with(b"series,name,publisher,waves,questions,figures\n"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        match self {
            Catalog::Series(r) => write_records_csv(r, writer),
            Catalog::Questions(r) => write_records_csv(r, writer),
            Catalog::Waves(r) => write_records_csv(r, writer),
        }
    }

    /// The records as a pretty JSON array.
    ///
    /// # Errors
    /// Writing fails.
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        match self {
            Catalog::Series(r) => write_pretty_json(r, writer),
            Catalog::Questions(r) => write_pretty_json(r, writer),
            Catalog::Waves(r) => write_pretty_json(r, writer),
        }
    }
}

impl fmt::Display for Catalog {
    /// An aligned table of the CSV's columns and cells: one definition of the columns (the
    /// records' fields) for both.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut csv_bytes = Vec::new();
        self.write_csv(&mut csv_bytes).map_err(|_| fmt::Error)?;
        let mut rdr = csv::Reader::from_reader(csv_bytes.as_slice());
        let header = rdr.headers().map_err(|_| fmt::Error)?.clone();
        let mut t = TextTable::new(header.iter()).max_rule(160);
        for rec in rdr.records() {
            t.push(rec.map_err(|_| fmt::Error)?.iter());
        }
        write!(f, "{t}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text table's header is the CSV's: one set of column names.
    #[test]
    fn text_and_csv_have_the_same_columns() {
        let ds = crate::datasets::bundled();
        for kind in [
            CatalogKind::Series,
            CatalogKind::Questions,
            CatalogKind::Waves,
        ] {
            let c = Catalog::new(ds, kind, Some("genron_eai")).unwrap();
            let mut csv = Vec::new();
            c.write_csv(&mut csv).unwrap();
            let csv_header = String::from_utf8(csv)
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_string();
            let text = c.to_string();
            let text_header: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
            assert_eq!(
                csv_header.split(',').collect::<Vec<_>>(),
                text_header,
                "{kind:?}"
            );
        }
    }
}
