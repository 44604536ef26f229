//! CSV and JSON of the comparison tables. Every table serialises (serde) to the JSON the
//! `yoron` command prints, and writes the CSV it prints: one record per row, ids rather than
//! labels, figures as published, intervals and gaps in percentage points.

use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::change::ChangeTable;
use super::claims::{ClaimCheck, FigureMatch};
use super::concept::CrossSeries;
use super::gap::GapTable;
use super::mirror::{DiffInDiff, Mirror};
use super::rank::RankTable;
use crate::error::Result;
use crate::table::{write_pretty_json, write_records_csv};

impl Serialize for GapTable {
    /// `{"series", "question", "method", "source", "rows": [GapRecord…]}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (series, question) = self.question();
        let mut st = s.serialize_struct("GapTable", 5)?;
        st.serialize_field("series", series)?;
        st.serialize_field("question", question)?;
        st.serialize_field("method", &self.method_note())?;
        st.serialize_field("source", self.source())?;
        st.serialize_field("rows", &self.records())?;
        st.end()
    }
}

impl GapTable {
    /// Writes one CSV row per option ([`GapRecord`](super::GapRecord)'s fields as columns).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// let mut out = Vec::new();
    /// t.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("option,jp_percent,kr_percent,gap,ci_low,ci_high,p_value,"));
    /// assert!(text.contains("\nnorth_korea,73,84,-11.0,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_records_csv(&self.records(), writer)
    }

    /// Writes the table as pretty JSON (its `Serialize` form) and a newline.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
    /// let mut out = Vec::new();
    /// t.write_json(&mut out)?;
    /// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!(v["question"], "military_threat");
    /// assert_eq!(v["rows"][1]["option"], "north_korea");
    /// assert_eq!(v["rows"][1]["gap"], -11.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_pretty_json(self, writer)
    }
}

impl Serialize for RankTable {
    /// `{"method", "source", "rows": [RankRow…]}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RankTable", 3)?;
        st.serialize_field("method", &self.method_note())?;
        st.serialize_field("source", self.source())?;
        st.serialize_field("rows", self.rows())?;
        st.end()
    }
}

impl RankTable {
    /// Writes one CSV row per option, in rank order.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, RankTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let r = RankTable::new(&q.topline("2016", yoron::Country::KR)?, CompareOptions::new())?;
    /// let mut out = Vec::new();
    /// r.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("rank,option,percent,"));
    /// assert!(text.contains("\n1,north_korea,84,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_records_csv(self.rows(), writer)
    }

    /// Writes the table as pretty JSON (its `Serialize` form) and a newline.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, RankTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let r = RankTable::new(&q.topline("2016", yoron::Country::KR)?, CompareOptions::new())?;
    /// let mut out = Vec::new();
    /// r.write_json(&mut out)?;
    /// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!(v["rows"][0]["option"], "north_korea");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_pretty_json(self, writer)
    }
}

impl Serialize for ChangeTable {
    /// `{"series_break", "source", "rows": [ChangeRecord…]}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ChangeTable", 3)?;
        st.serialize_field("series_break", &self.series_break())?;
        st.serialize_field("source", self.source())?;
        st.serialize_field("rows", &self.records())?;
        st.end()
    }
}

impl ChangeTable {
    /// Writes one CSV row per option.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let (a, b) = (q.topline("2014", yoron::Country::JP)?, q.topline("2016", yoron::Country::JP)?);
    /// let mut out = Vec::new();
    /// ChangeTable::new(&a, &b, CompareOptions::new())?.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("option,from_percent,to_percent,change,"));
    /// assert!(text.contains("\nnorth_korea,72.5,73,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_records_csv(&self.records(), writer)
    }

    /// Writes the table as pretty JSON (its `Serialize` form) and a newline.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ChangeTable, CompareOptions};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
    /// let mut out = Vec::new();
    /// ChangeTable::new(&a, &b, CompareOptions::new())?.write_json(&mut out)?;
    /// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert!(v["series_break"].is_string()); // the survey changed mode in FY2020
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_pretty_json(self, writer)
    }
}

/// A mirror row for CSV and JSON output: the two figures as published, the asymmetry
/// JP − KR in points with its interval and p-value, or the note saying why there is none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MirrorRecord {
    /// The wave.
    pub wave: String,
    /// Japan's figure as published.
    pub jp_percent: Option<String>,
    /// Korea's figure as published.
    pub kr_percent: Option<String>,
    /// JP − KR in points.
    pub asymmetry: Option<f64>,
    /// The interval's lower end in points.
    pub ci_low: Option<f64>,
    /// The interval's upper end in points.
    pub ci_high: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Why there is no asymmetry, when there is none.
    pub note: Option<String>,
}

impl Mirror {
    /// One serialisable record per wave (the CSV and JSON rows).
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
    /// let first = &m.records()[0];
    /// assert_eq!((first.wave.as_str(), first.jp_percent.as_deref()), ("2013_1st", Some("31.1")));
    /// assert_eq!(first.asymmetry, Some(18.9));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn records(&self) -> Vec<MirrorRecord> {
        self.rows()
            .iter()
            .map(|r| MirrorRecord {
                wave: r.wave().to_string(),
                jp_percent: r.jp().map(str::to_string),
                kr_percent: r.kr().map(str::to_string),
                asymmetry: r.asymmetry().map(|d| d.points()),
                ci_low: r.asymmetry().map(|d| d.low() * 100.0),
                ci_high: r.asymmetry().map(|d| d.high() * 100.0),
                p_value: r.asymmetry().map(|d| d.p_value()),
                note: r.note().map(str::to_string),
            })
            .collect()
    }

    /// Writes one CSV row per wave ([`MirrorRecord`]'s fields as columns).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let mut out = Vec::new();
    /// Mirror::new(&q, "good_total", CompareOptions::new())?.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("wave,jp_percent,kr_percent,asymmetry,ci_low,ci_high,p_value,note\n"));
    /// assert!(text.contains("\n2013_1st,31.1,12.2,18.9,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_records_csv(&self.records(), writer)
    }

    /// Writes `{"rows": [MirrorRecord…], "overall_change": DiffInDiff or null}` as pretty
    /// JSON and a newline.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, Mirror};
    /// let q = yoron::datasets::genron_eai().question("impression_of_other")?;
    /// let mut out = Vec::new();
    /// Mirror::new(&q, "good_total", CompareOptions::new().assume_n(1000))?.write_json(&mut out)?;
    /// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!(v["rows"][0]["wave"], "2013_1st");
    /// assert_eq!(v["overall_change"]["from"], "2013_1st");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_pretty_json(self, writer)
    }
}

impl Serialize for Mirror {
    /// `{"rows": [MirrorRecord…], "overall_change": DiffInDiff or null}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let overall: Option<DiffInDiff> = self.overall_change().ok();
        let mut st = s.serialize_struct("Mirror", 2)?;
        st.serialize_field("rows", &self.records())?;
        st.serialize_field("overall_change", &overall)?;
        st.end()
    }
}

impl Serialize for CrossSeries {
    /// `{"concept", "year", "rows": [CrossSeriesRow…]}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CrossSeries", 3)?;
        st.serialize_field("concept", self.concept().id)?;
        st.serialize_field("year", &self.year())?;
        st.serialize_field("rows", self.rows())?;
        st.end()
    }
}

impl CrossSeries {
    /// Writes one CSV row per series' figure ([`CrossSeriesRow`](super::CrossSeriesRow)'s
    /// fields as columns).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let v = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?;
    /// let mut out = Vec::new();
    /// v.write_csv(&mut out)?;
    /// assert!(String::from_utf8(out).unwrap().starts_with("series,wave,country,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        write_records_csv(self.rows(), writer)
    }

    /// Writes the comparison as pretty JSON (its `Serialize` form) and a newline.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// let v = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?;
    /// let mut out = Vec::new();
    /// v.write_json(&mut out)?;
    /// let j: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!((j["concept"].as_str(), j["year"].as_i64()), (Some("relations_bad"), Some(2019)));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        write_pretty_json(self, writer)
    }
}

/// One checked claim as a flat CSV record (`yoron claims --format csv`): the claim's
/// columns, the data's figures, how the paper's figures match them, the test, its result,
/// the assumptions (`; `-separated) and the verdict.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimRecord {
    /// The claim's id in `data/claims.csv`.
    pub claim_id: String,
    /// The kind of check.
    pub check: String,
    /// The assertion checked.
    pub assertion: String,
    /// Where the paper makes the claim.
    pub location: String,
    /// The series.
    pub series: String,
    /// The question.
    pub question: String,
    /// The wave.
    pub wave: String,
    /// The sample country.
    pub country: String,
    /// The first option.
    pub option_a: String,
    /// The second option.
    pub option_b: String,
    /// The paper's figure for option a.
    pub quoted_a: String,
    /// The paper's figure for option b.
    pub quoted_b: String,
    /// The data's figure for option a.
    pub data_a: String,
    /// The data's figure for option b.
    pub data_b: String,
    /// How the paper's figure a matches the data.
    pub match_a: FigureMatch,
    /// How the paper's figure b matches the data.
    pub match_b: FigureMatch,
    /// The test used.
    pub test: String,
    /// The test's result.
    pub result: String,
    /// What the test assumed, `; `-separated.
    pub assumptions: String,
    /// The verdict.
    pub verdict: String,
    /// The claim in the paper's words.
    pub claim: String,
}

impl ClaimCheck {
    /// The check as one flat record.
    pub fn record(&self) -> ClaimRecord {
        let k = &self.claim;
        ClaimRecord {
            claim_id: k.claim_id.clone(),
            check: k.check.clone(),
            assertion: k.assertion.clone(),
            location: k.location.clone(),
            series: k.series.clone(),
            question: k.question.clone(),
            wave: k.wave.clone(),
            country: k.country.clone(),
            option_a: k.option_a.clone(),
            option_b: k.option_b.clone(),
            quoted_a: k.quoted_a.clone(),
            quoted_b: k.quoted_b.clone(),
            data_a: self.data_a.clone().unwrap_or_default(),
            data_b: self.data_b.clone().unwrap_or_default(),
            match_a: self.match_a,
            match_b: self.match_b,
            test: self.test.clone(),
            result: self.result.clone(),
            assumptions: self.assumptions.join("; "),
            verdict: self.verdict.to_string(),
            claim: k.claim.clone(),
        }
    }

    /// Checks as CSV, one [`ClaimRecord`] per row (`yoron claims --format csv`).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{ClaimCheck, Claims, CompareOptions};
    /// let checks = Claims::bundled()?.evaluate(yoron::datasets::bundled(), CompareOptions::new());
    /// let mut out = Vec::new();
    /// ClaimCheck::write_csv(&checks, &mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("claim_id,check,assertion,location,series,"));
    /// assert_eq!(text.lines().count(), checks.len() + 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(checks: &[ClaimCheck], writer: W) -> Result<()> {
        let records: Vec<ClaimRecord> = checks.iter().map(ClaimCheck::record).collect();
        write_records_csv(&records, writer)
    }

    /// Checks as pretty JSON (`yoron claims --format json`).
    ///
    /// # Errors
    /// Writing fails.
    pub fn write_json<W: Write>(checks: &[ClaimCheck], writer: W) -> Result<()> {
        write_pretty_json(checks, writer)
    }
}
