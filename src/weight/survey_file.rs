//! SPSS (`.sav`, `.zsav`), Stata (`.dta`) and SAS (`.sas7bdat`) respondent files: what they
//! say about each variable beyond its values — its label, its value labels, its kinds of
//! missing — and reading them into [`Respondents`] (feature `readstat`, on the pure-Rust
//! `polars-readstat-rs` readers).
//!
//! A labelled numeric column read as a category has its labels as categories, in the order
//! of their codes as R's `haven::as_factor` gives them (codes without a label keep their
//! number as text), keeping only the codes that occur (`droplevels`); read as a number it
//! gives the codes. SPSS user-missing values and Stata/SAS extended missing values (`.a`–`.z`)
//! are missing, as in R `haven::read_sav(user_na = FALSE)`, and their kinds are counted.

use std::path::Path;

use serde::Serialize;

use super::data::{ColumnData, Respondents};
use crate::error::Result;

/// The file formats read through the `readstat` feature, named by their extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SurveyFormat {
    /// SPSS system files: `.sav`, and `.zsav` (compressed).
    Spss,
    /// Stata `.dta` (versions 104–119).
    Stata,
    /// SAS `.sas7bdat` data sets.
    Sas,
}

impl SurveyFormat {
    /// The format a file's extension names (case-insensitively), or `None` for another file.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::SurveyFormat;
    /// assert_eq!(SurveyFormat::from_path("poll.ZSAV"), Some(SurveyFormat::Spss));
    /// assert_eq!(SurveyFormat::from_path("poll.dta"), Some(SurveyFormat::Stata));
    /// assert_eq!(SurveyFormat::from_path("poll.csv"), None);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Option<SurveyFormat> {
        match RespondentFormat::from_path(path.as_ref()) {
            RespondentFormat::Survey(format) => Some(format),
            RespondentFormat::Csv | RespondentFormat::Parquet => None,
        }
    }

    /// The format's name in messages.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::SurveyFormat::Sas.name(), "SAS .sas7bdat");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            SurveyFormat::Spss => "SPSS .sav",
            SurveyFormat::Stata => "Stata .dta",
            SurveyFormat::Sas => "SAS .sas7bdat",
        }
    }
}

/// The format of a respondent file, by its extension: the one place that decides it, so
/// that reading, listing the columns of and writing a file agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RespondentFormat {
    /// Any extension not named below, or none: yoron reads what it is given as CSV.
    Csv,
    /// `.parquet` or `.pq` (feature `parquet`).
    Parquet,
    /// SPSS, Stata or SAS (feature `readstat`).
    Survey(SurveyFormat),
}

impl RespondentFormat {
    /// The format a file's extension names, case-insensitively.
    pub(crate) fn from_path(path: &Path) -> RespondentFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("parquet" | "pq") => RespondentFormat::Parquet,
            Some("sav" | "zsav") => RespondentFormat::Survey(SurveyFormat::Spss),
            Some("dta") => RespondentFormat::Survey(SurveyFormat::Stata),
            Some("sas7bdat") => RespondentFormat::Survey(SurveyFormat::Sas),
            _ => RespondentFormat::Csv,
        }
    }
}

/// One value label of a numeric variable: a code and its text.
///
/// # Example
/// ```
/// use yoron::weight::{Columns, Respondents};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
/// # #[cfg(feature = "readstat")] {
/// let data = Respondents::read(path, &Columns::new().category("q1"))?;
/// let first = &data.value_labels("q1")?[0];
/// assert_eq!((first.code(), first.label()), (1.0, "Strongly agree"));
/// # }
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueLabel {
    code: f64,
    label: String,
}

impl ValueLabel {
    /// A code and its label.
    ///
    /// # Example
    /// ```
    /// let l = yoron::weight::ValueLabel::new(2.0, "Agree");
    /// assert_eq!(l.label(), "Agree");
    /// ```
    pub fn new(code: f64, label: impl Into<String>) -> ValueLabel {
        ValueLabel {
            code,
            label: label.into(),
        }
    }

    /// The code, as stored in the file.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::ValueLabel::new(9.0, "Don't know").code(), 9.0);
    /// ```
    pub fn code(&self) -> f64 {
        self.code
    }

    /// The label's text.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::ValueLabel::new(1.0, "日本").label(), "日本");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Why a value is missing. Written as `system` or as the code (`9`, `.a`) in CSV and JSON.
///
/// # Example
/// ```
/// use yoron::weight::MissingKind;
/// assert_eq!(MissingKind::User(".a".into()).to_string(), ".a");
/// assert_eq!(serde_json::to_string(&MissingKind::System)?, "\"system\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MissingKind {
    /// No value: an empty CSV field or `NA`, SPSS system missing, Stata or SAS `.`.
    System,
    /// A value the file declares missing, as the file writes it: an SPSS user-missing code
    /// (`"9"`), a Stata extended missing value (`".a"`) or a SAS special missing (`".A"`).
    User(String),
}

impl Serialize for MissingKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for MissingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissingKind::System => f.write_str("system"),
            MissingKind::User(code) => f.write_str(code),
        }
    }
}

/// How many values of a column are missing for one reason.
///
/// # Example
/// ```
/// use yoron::weight::{Columns, MissingKind, Respondents};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.dta");
/// # #[cfg(feature = "readstat")] {
/// let data = Respondents::read(path, &Columns::new().category("q1"))?;
/// let missing = data.missing("q1")?;
/// assert_eq!(missing[0].kind(), &MissingKind::System);
/// assert_eq!(missing[1].kind(), &MissingKind::User(".a".into()));
/// assert_eq!(missing[1].count(), 2);
/// # }
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingCount {
    kind: MissingKind,
    count: u64,
    label: Option<String>,
}

impl MissingCount {
    /// Why the values are missing.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, MissingKind, Respondents};
    /// let d = Respondents::from_csv_reader("q\nyes\n\n".as_bytes(), &Columns::new().category("q"))?;
    /// assert_eq!(d.missing("q")?[0].kind(), &MissingKind::System);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kind(&self) -> &MissingKind {
        &self.kind
    }

    /// How many.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let csv = "id,q\n1,yes\n2,NA\n3,\n";
    /// let d = Respondents::from_csv_reader(csv.as_bytes(), &Columns::new().category("q"))?;
    /// assert_eq!(d.missing("q")?[0].count(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The file's label of this kind of missing (SPSS `9` = "Don't know", Stata `.a` =
    /// "Refused"), if it has one.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.dta");
    /// # #[cfg(feature = "readstat")] {
    /// let data = Respondents::read(path, &Columns::new().category("q1"))?;
    /// let missing = data.missing("q1")?;
    /// let labels: Vec<Option<&str>> = missing.iter().map(|m| m.label()).collect();
    /// assert_eq!(labels, [None, Some("Don't know"), Some("Refused")]);
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    pub(crate) fn new(kind: MissingKind, count: u64) -> MissingCount {
        MissingCount {
            kind,
            count,
            label: None,
        }
    }
}

/// Names each declared missing kind with its label: an SPSS code's value label, or a Stata
/// extended missing value's (`.a`).
#[cfg(feature = "readstat")]
pub(crate) fn label_kinds(
    counts: &mut [MissingCount],
    value_labels: &[ValueLabel],
    missing_labels: &[(String, String)],
) {
    for m in counts {
        let MissingKind::User(code) = &m.kind else {
            continue;
        };
        let by_code = code
            .parse::<f64>()
            .ok()
            .and_then(|c| value_labels.iter().find(|l| l.code == c))
            .map(|l| l.label.clone());
        m.label = by_code.or_else(|| {
            missing_labels
                .iter()
                .find(|(k, _)| k == code)
                .map(|(_, l)| l.clone())
        });
    }
}

/// What a survey file says about one variable.
#[derive(Clone, Debug, Default)]
pub(crate) struct VariableMeta {
    pub(crate) label: Option<String>,
    /// In code order.
    pub(crate) value_labels: Vec<ValueLabel>,
    /// Declared missing values found, by kind, in the file's order of kinds.
    pub(crate) user_missing: Vec<MissingCount>,
}

impl Respondents {
    /// The variable label of a column (SPSS, Stata and SAS files): the question wording or a
    /// description. `None` when the file gives none, and for CSV.
    ///
    /// # Errors
    /// A column that was not read (with the ones that were).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
    /// # #[cfg(feature = "readstat")] {
    /// let data = Respondents::read(path, &Columns::new().category("country").number("w"))?;
    /// assert_eq!(data.variable_label("country")?, Some("国 / 나라"));
    /// assert_eq!(data.variable_label("w")?, None);
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn variable_label(&self, column: &str) -> Result<Option<&str>> {
        let i = self.index_of(column)?;
        Ok(self.meta_at(i).and_then(|m| m.label.as_deref()))
    }

    /// The value labels of a column (SPSS and Stata files), in the order of their codes:
    /// every label the file defines for the column, including those no row uses and those of
    /// missing codes. Empty for an unlabelled column and for CSV.
    ///
    /// Read as a category, a labelled column's categories are these labels (in this order,
    /// those that occur); read as a number, it holds the codes.
    ///
    /// # Errors
    /// A column that was not read (with the ones that were).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
    /// # #[cfg(feature = "readstat")] {
    /// let data = Respondents::read(path, &Columns::new().category("q1"))?;
    /// let labels: Vec<&str> = data.value_labels("q1")?.iter().map(|l| l.label()).collect();
    /// assert_eq!(labels, ["Strongly agree", "Agree", "Disagree", "Refused", "Don't know"]);
    /// // Code order, not alphabetical; the unlabelled code 4 keeps its number.
    /// assert_eq!(data.categories("q1")?, ["Strongly agree", "Agree", "Disagree", "4"]);
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn value_labels(&self, column: &str) -> Result<&[ValueLabel]> {
        let i = self.index_of(column)?;
        Ok(self.meta_at(i).map_or(&[], |m| m.value_labels.as_slice()))
    }

    /// How many values of a column are missing, by kind: first [`MissingKind::System`]
    /// (always present, possibly with a count of 0), then each declared missing value found
    /// (SPSS user-missing codes, Stata and SAS `.a`–`.z`), in the order the file's reader
    /// meets them. All of them are missing values to every estimate.
    ///
    /// # Errors
    /// A column that was not read (with the ones that were).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, MissingKind, Respondents};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
    /// # #[cfg(feature = "readstat")] {
    /// let data = Respondents::read(path, &Columns::new().category("q1"))?;
    /// let counts: Vec<(String, u64)> =
    ///     data.missing("q1")?.iter().map(|m| (m.kind().to_string(), m.count())).collect();
    /// assert_eq!(counts, [("system".into(), 1), ("9".into(), 2), ("8".into(), 1)]);
    /// # }
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn missing(&self, column: &str) -> Result<Vec<MissingCount>> {
        let i = self.index_of(column)?;
        let total = match self.column(column)? {
            ColumnData::Number(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnData::Category { codes, .. } => {
                codes.iter().filter(|&&c| c == super::data::MISSING).count()
            }
        } as u64;
        let user = self
            .meta_at(i)
            .map_or(&[][..], |m| m.user_missing.as_slice());
        let declared: u64 = user.iter().map(|m| m.count).sum();
        let mut out = vec![MissingCount::new(
            MissingKind::System,
            total.saturating_sub(declared),
        )];
        out.extend(user.iter().cloned());
        Ok(out)
    }
}

/// The error for a survey file without the `readstat` feature.
#[cfg(not(feature = "readstat"))]
pub(crate) fn without_feature(path: &Path, format: SurveyFormat) -> crate::Error {
    crate::Error::invalid_argument(
        "data file",
        format!(
            "a CSV or Parquet file: this yoron was built without the \"readstat\" feature that reads {} files (build it with --features readstat)",
            format.name()
        ),
        path.display().to_string(),
    )
}

#[cfg(feature = "readstat")]
pub(crate) use reader::{file_header, kinds, read_file, read_frame};

#[cfg(feature = "readstat")]
impl Respondents {
    /// Reads the listed columns of an SPSS, Stata or SAS file held in memory (feature
    /// `readstat`), as [`Respondents::read`] reads a file: for data that does not come
    /// from a path (a download, an archive member).
    ///
    /// # Errors
    /// As [`Respondents::read`], without a path in the positions.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Columns, Respondents, SurveyFormat};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.zsav");
    /// let bytes = std::fs::read(path)?;
    /// let data = Respondents::from_survey_bytes(&bytes, SurveyFormat::Spss, &Columns::new().number("age"))?;
    /// assert_eq!(data.n_rows(), 24);
    /// let cut = Respondents::from_survey_bytes(&bytes[..600], SurveyFormat::Spss, &Columns::new().number("age"));
    /// assert!(cut.unwrap_err().to_string().starts_with("expected a readable SPSS .sav file"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_survey_bytes(
        bytes: &[u8],
        format: SurveyFormat,
        columns: &super::Columns,
    ) -> Result<Respondents> {
        reader::read(reader::Source::Bytes(bytes), format, columns)
    }
}

#[cfg(feature = "readstat")]
mod reader {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::Path;
    use std::sync::Arc;

    use polars::prelude::{AnyValue, DataFrame, DataType};
    use polars_readstat_rs::{
        InformativeNullColumns, InformativeNullMode, InformativeNullOpts, Sas7bdatReader,
        SpssReader, StataReader,
    };

    use super::{MissingCount, MissingKind, SurveyFormat, ValueLabel, VariableMeta};
    use crate::error::{Error, ErrorKind, Result};
    use crate::weight::data::{ColumnData, MISSING, frame_to_respondents, polars_error};
    use crate::weight::{ColumnKind, Columns, Respondents};

    /// Stata's system missing `.` as an int32 label code; `.a`–`.z` follow it.
    const STATA_DOT: f64 = 2_147_483_621.0;

    /// The suffix of the reader's column of missing kinds: a control character, so that no
    /// variable name can collide with it.
    const KIND_SUFFIX: &str = "\u{1}missing";

    pub(crate) enum Source<'a> {
        Path(&'a Path),
        Bytes(&'a [u8]),
    }

    impl Source<'_> {
        fn path(&self) -> Option<&Path> {
            match self {
                Source::Path(p) => Some(p),
                Source::Bytes(_) => None,
            }
        }
    }

    /// A file's variables (name, label, value labels) and, when asked, its data.
    pub(crate) struct Loaded {
        pub(crate) names: Vec<String>,
        pub(crate) labels: Vec<Option<String>>,
        pub(crate) value_labels: Vec<Vec<ValueLabel>>,
        pub(crate) missing_labels: Vec<Vec<(String, String)>>,
        pub(crate) frame: Option<DataFrame>,
    }

    impl Loaded {
        fn index(&self, name: &str) -> Option<usize> {
            self.names.iter().position(|n| n == name)
        }
    }

    fn rejected(format: SurveyFormat, message: impl std::fmt::Display) -> Error {
        Error::new(ErrorKind::SurveyFile {
            format: format.name().to_string(),
            message: message.to_string(),
        })
    }

    /// What [`load`] reads besides the variables' names and labels.
    #[derive(Clone, Copy)]
    pub(crate) enum Wanted<'a> {
        /// Nothing more: the header.
        Header,
        /// Every variable's values (`describe`).
        All,
        /// These variables' values (each checked against the file's).
        Columns(&'a [String]),
    }

    /// Opens the file and reads its metadata, then the wanted columns' values as codes
    /// with a column of missing kinds after each. The readers are guarded with
    /// `catch_unwind`: on some corrupt files polars-readstat-rs 0.27 panics (an index out of
    /// range) instead of returning its error, and a bad file must be an error, not an abort.
    pub(crate) fn load(
        source: &Source<'_>,
        format: SurveyFormat,
        wanted: Wanted<'_>,
    ) -> Result<Loaded> {
        let run = || -> Result<Loaded> {
            check_source(source, format)?;
            macro_rules! read_with {
                ($open:expr $(, $codes:ident)?) => {{
                    let reader = $open.map_err(|e| rejected(format, e))?;
                    let meta = reader.metadata().metadata_df.clone();
                    // The rows the header declares (SPSS may say -1: unknown).
                    #[allow(clippy::unnecessary_cast)]
                    let declared = reader.metadata().row_count as u64;
                    let mut loaded = variables(&meta, format)?;
                    let columns = match wanted {
                        Wanted::Header => None,
                        Wanted::All => Some(loaded.names.as_slice()),
                        Wanted::Columns(cols) => {
                            check_names(&loaded.names, cols, source.path())?;
                            Some(cols)
                        }
                    };
                    if let Some(cols) = columns {
                        // An empty projection would read every column: read the first.
                        let cols: Vec<String> = if cols.is_empty() {
                            loaded.names.iter().take(1).cloned().collect()
                        } else {
                            cols.to_vec()
                        };
                        let opts = InformativeNullOpts {
                            columns: InformativeNullColumns::Selected(cols.clone()),
                            mode: InformativeNullMode::SeparateColumn {
                                suffix: KIND_SUFFIX.to_string(),
                            },
                            use_value_labels: false,
                        };
                        let builder = reader
                            .read()
                            .with_columns(cols)
                            .missing_string_as_null(true)
                            .informative_nulls(Some(opts));
                        // Codes, not labels: the labels are applied here, in code order.
                        $(let builder = builder.$codes(false);)?
                        let frame = builder
                            .finish()
                            .map_err(|e| rejected(format, e))?;
                        // A file cut at a page boundary reads as its first pages without
                        // an error from the reader: rows would be lost in silence.
                        let held = frame.height() as u64;
                        if declared != u64::MAX && declared != u64::from(u32::MAX) && held < declared {
                            return Err(rejected(
                                format,
                                format!(
                                    "the header declares {declared} rows but the file holds {held} (cut short?)"
                                ),
                            ));
                        }
                        loaded.frame = Some(frame);
                    }
                    Ok(loaded)
                }};
            }
            match (format, source) {
                (SurveyFormat::Spss, Source::Path(p)) => {
                    read_with!(SpssReader::open(p), value_labels_as_strings)
                }
                (SurveyFormat::Spss, Source::Bytes(b)) => {
                    read_with!(
                        SpssReader::open_bytes(Arc::<[u8]>::from(*b)),
                        value_labels_as_strings
                    )
                }
                (SurveyFormat::Stata, Source::Path(p)) => {
                    read_with!(StataReader::open(p), value_labels_as_strings)
                }
                (SurveyFormat::Stata, Source::Bytes(b)) => {
                    read_with!(
                        StataReader::open_bytes(Arc::<[u8]>::from(*b)),
                        value_labels_as_strings
                    )
                }
                (SurveyFormat::Sas, Source::Path(p)) => {
                    read_with!(Sas7bdatReader::open(p))
                }
                (SurveyFormat::Sas, Source::Bytes(b)) => {
                    read_with!(Sas7bdatReader::open_bytes(Arc::<[u8]>::from(*b)))
                }
            }
        };
        let result = match catch_unwind(AssertUnwindSafe(run)) {
            Ok(r) => r,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("the reader stopped");
                Err(rejected(format, what))
            }
        };
        match (result, source.path()) {
            (Err(e), Some(p)) => Err(e.with_path(p)),
            (r, _) => r,
        }
    }

    /// polars-readstat-rs 0.27 sizes buffers from an SPSS dictionary's counts without
    /// checking them against the file: one flipped byte in a record's size asks for tens of
    /// GB, and a failed allocation aborts the process (it cannot be caught). So the
    /// dictionary is walked here first, and every record must fit in the file.
    fn check_spss_dictionary(
        read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>,
        len: u64,
    ) -> std::result::Result<(), String> {
        let head = read(0, 176).ok_or("shorter than an SPSS header (176 bytes)")?;
        if !(head.starts_with(b"$FL2") || head.starts_with(b"$FL3")) {
            return Err("no SPSS signature ($FL2 or $FL3) at its start".into());
        }
        let layout = |b: &[u8], at: usize| -> [u8; 4] { [b[at], b[at + 1], b[at + 2], b[at + 3]] };
        let little = matches!(i32::from_le_bytes(layout(&head, 64)), 2 | 3);
        let int = move |b: &[u8], at: usize| -> i64 {
            let four = layout(b, at);
            i64::from(if little {
                i32::from_le_bytes(four)
            } else {
                i32::from_be_bytes(four)
            })
        };
        let mut pos: u64 = 176;
        let too_long = |what: &str, at: u64| {
            format!("its {what} at byte {at} runs past the end of the file ({len} bytes)")
        };
        let mut fixed = |pos: u64, n: usize| -> std::result::Result<Vec<u8>, String> {
            read(pos, n).ok_or_else(|| too_long("dictionary", pos))
        };
        for _ in 0..10_000_000u32 {
            let record = fixed(pos, 4)?;
            let kind = int(&record, 0);
            let at = pos;
            pos += 4;
            let skip = |pos: u64, n: i64, what: &str| -> std::result::Result<u64, String> {
                let n = u64::try_from(n)
                    .map_err(|_| format!("its {what} at byte {at} has a negative size"))?;
                match pos.checked_add(n) {
                    Some(end) if end <= len => Ok(end),
                    _ => Err(too_long(what, at)),
                }
            };
            match kind {
                2 => {
                    let v = fixed(pos, 28)?;
                    let (has_label, n_missing) = (int(&v, 4), int(&v, 8));
                    pos += 28;
                    if has_label != 0 {
                        let l = int(&fixed(pos, 4)?, 0);
                        pos = skip(pos + 4, (l + 3) / 4 * 4, "variable label")?;
                    }
                    pos = skip(pos, n_missing.abs() * 8, "missing values")?;
                }
                3 => {
                    let n = int(&fixed(pos, 4)?, 0);
                    if n < 0 || n as u64 > len / 9 {
                        return Err(too_long("value labels", at));
                    }
                    pos += 4;
                    for _ in 0..n {
                        let l = fixed(pos + 8, 1)?[0];
                        pos = skip(pos, 8 + (i64::from(l) + 8) / 8 * 8, "value label")?;
                    }
                }
                4 => {
                    let n = int(&fixed(pos, 4)?, 0);
                    pos = skip(pos + 4, n.saturating_mul(4), "value label variables")?;
                }
                6 => {
                    let n = int(&fixed(pos, 4)?, 0);
                    pos = skip(pos + 4, n.saturating_mul(80), "document")?;
                }
                7 => {
                    let v = fixed(pos, 12)?;
                    let (size, count) = (int(&v, 4), int(&v, 8));
                    if size < 0 || count < 0 {
                        return Err(format!(
                            "its extension record at byte {at} has a negative size"
                        ));
                    }
                    pos = skip(pos + 12, size.saturating_mul(count), "extension record")?;
                }
                999 => return Ok(()),
                other => {
                    return Err(format!(
                        "an unknown dictionary record type {other} at byte {at}"
                    ));
                }
            }
        }
        Err("a dictionary that never ends".into())
    }

    /// The same blind trust in a Stata header's counts of variables (K) and rows (N): every
    /// value takes at least one byte of the file, so K × N may not exceed its length. And a
    /// file of release 117 or later (tagged, `<stata_dta>` … `</stata_dta>`) must end with
    /// its closing tag (`tail`, the file's last bytes): cut in its value labels, which come
    /// after the data, the reader would give every row and silently lose labels.
    fn check_stata_header(head: &[u8], tail: &[u8], len: u64) -> std::result::Result<(), String> {
        let field = |tag: &[u8]| -> Option<usize> {
            head.windows(tag.len())
                .position(|w| w == tag)
                .map(|i| i + tag.len())
        };
        let number = |at: usize, width: usize, little: bool| -> Option<u64> {
            let b = head.get(at..at + width)?;
            Some(b.iter().enumerate().fold(0u64, |acc, (i, &x)| {
                let shift = if little { 8 * i } else { 8 * (width - 1 - i) };
                acc | (u64::from(x) << shift)
            }))
        };
        let short = || "shorter than a Stata header".to_string();
        let (k, n) = if head.starts_with(b"<stata_dta>") {
            let release = field(b"<release>")
                .and_then(|i| head.get(i..i + 3))
                .and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok())
                .ok_or_else(short)?;
            let little = field(b"<byteorder>")
                .and_then(|i| head.get(i..i + 3))
                .ok_or_else(short)?
                == b"LSF";
            let k_width = if release >= 119 { 4 } else { 2 };
            let n_width = if release == 117 { 4 } else { 8 };
            let k = field(b"<K>")
                .and_then(|i| number(i, k_width, little))
                .ok_or_else(short)?;
            let n = field(b"<N>")
                .and_then(|i| number(i, n_width, little))
                .ok_or_else(short)?;
            (k, n)
        } else {
            // Releases 104–115: a binary header, byte order in its second byte (2 = little).
            let little = head.get(1) == Some(&2);
            let k = number(4, 2, little).ok_or_else(short)?;
            let n = number(6, 4, little).ok_or_else(short)?;
            (k, n)
        };
        match k.checked_mul(n.max(1)) {
            Some(cells) if k <= len && cells <= len => {}
            _ => {
                return Err(format!(
                    "its header declares {k} variables and {n} rows, more than its {len} bytes hold"
                ));
            }
        }
        if head.starts_with(b"<stata_dta>") && !tail.ends_with(b"</stata_dta>") {
            return Err(
                "it does not end with its closing </stata_dta> tag: the file is cut (its value labels come last)"
                    .into(),
            );
        }
        Ok(())
    }

    /// Checks what the reader would trust blindly (see [`check_spss_dictionary`] and
    /// [`check_stata_header`]).
    fn check_source(source: &Source<'_>, format: SurveyFormat) -> Result<()> {
        if format == SurveyFormat::Sas {
            return Ok(());
        }
        let checked = match source {
            Source::Bytes(b) if format == SurveyFormat::Stata => check_stata_header(
                &b[..b.len().min(512)],
                &b[b.len().saturating_sub(16)..],
                b.len() as u64,
            ),
            Source::Path(p) if format == SurveyFormat::Stata => {
                use std::io::{Read, Seek, SeekFrom};
                let mut f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                let len = f.metadata().map_err(|e| Error::io(p, e))?.len();
                let mut head = Vec::with_capacity(512);
                (&mut f)
                    .take(512)
                    .read_to_end(&mut head)
                    .map_err(|e| Error::io(p, e))?;
                let mut tail = Vec::with_capacity(16);
                f.seek(SeekFrom::Start(len.saturating_sub(16)))
                    .and_then(|_| f.read_to_end(&mut tail))
                    .map_err(|e| Error::io(p, e))?;
                check_stata_header(&head, &tail, len)
            }
            Source::Bytes(b) => {
                let mut read = |at: u64, n: usize| -> Option<Vec<u8>> {
                    let at = usize::try_from(at).ok()?;
                    b.get(at..at.checked_add(n)?).map(<[u8]>::to_vec)
                };
                check_spss_dictionary(&mut read, b.len() as u64)
            }
            Source::Path(p) => {
                use std::io::{Read, Seek, SeekFrom};
                let mut f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                let len = f.metadata().map_err(|e| Error::io(p, e))?.len();
                let mut reader = std::io::BufReader::new(&mut f);
                let mut read = |at: u64, n: usize| -> Option<Vec<u8>> {
                    if at.checked_add(n as u64)? > len {
                        return None;
                    }
                    reader.seek(SeekFrom::Start(at)).ok()?;
                    let mut buf = vec![0u8; n];
                    reader.read_exact(&mut buf).ok()?;
                    Some(buf)
                };
                check_spss_dictionary(&mut read, len)
            }
        };
        checked.map_err(|m| rejected(format, m))
    }

    fn check_names(known: &[String], asked: &[String], path: Option<&Path>) -> Result<()> {
        for name in asked {
            if !known.iter().any(|k| k == name) {
                let e = Error::unknown_name("column", name, known.iter().cloned());
                return Err(match path {
                    Some(p) => e.with_path(p),
                    None => e,
                });
            }
        }
        Ok(())
    }

    /// Names, labels and value labels from the reader's metadata frame (one row per
    /// variable: `name`, `label`, and lists `value_label_codes`, `value_label_labels`).
    fn variables(meta: &DataFrame, format: SurveyFormat) -> Result<Loaded> {
        let text = |name: &str| -> Result<Vec<Option<String>>> {
            let col = meta.column(name).map_err(|e| rejected(format, e))?;
            let s = col
                .as_materialized_series()
                .cast(&DataType::String)
                .map_err(polars_error)?;
            Ok(s.str()
                .map_err(polars_error)?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect())
        };
        let list = |name: &str| -> Result<Vec<Vec<String>>> {
            let Ok(col) = meta.column(name) else {
                return Ok(vec![Vec::new(); meta.height()]);
            };
            let mut out = Vec::with_capacity(meta.height());
            for i in 0..meta.height() {
                let v = col.get(i).map_err(polars_error)?;
                out.push(match v {
                    AnyValue::List(s) => {
                        let s = s.cast(&DataType::String).map_err(polars_error)?;
                        s.str()
                            .map_err(polars_error)?
                            .iter()
                            .map(|x| x.unwrap_or_default().to_string())
                            .collect()
                    }
                    _ => Vec::new(),
                });
            }
            Ok(out)
        };
        let names: Vec<String> = text("name")?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let labels: Vec<Option<String>> = text("label")?
            .into_iter()
            .map(|l| l.filter(|s| !s.trim().is_empty()))
            .collect();
        let codes = list("value_label_codes")?;
        let texts = list("value_label_labels")?;
        let mut value_labels = Vec::with_capacity(codes.len());
        let mut missing_labels = Vec::with_capacity(codes.len());
        for (c, t) in codes.iter().zip(&texts) {
            let mut v: Vec<ValueLabel> = Vec::new();
            let mut m: Vec<(String, String)> = Vec::new();
            for (c, t) in c.iter().zip(t) {
                let code = c.trim();
                match code.parse::<f64>() {
                    // A Stata label table stores `.a`–`.z` as the int32 codes after `.`
                    // (2147483621): they name kinds of missing, not categories.
                    Ok(x)
                        if format == SurveyFormat::Stata
                            && (STATA_DOT..=STATA_DOT + 26.0).contains(&x) =>
                    {
                        let letter = (x - STATA_DOT) as u8;
                        let kind = if letter == 0 {
                            ".".to_string()
                        } else {
                            format!(".{}", char::from(b'a' + letter - 1))
                        };
                        m.push((kind, t.clone()));
                    }
                    Ok(x) if x.is_finite() => v.push(ValueLabel::new(x, t.clone())),
                    // Text codes: a string variable's labels, or a missing kind as text.
                    _ => m.push((code.to_string(), t.clone())),
                }
            }
            v.sort_by(|a, b| a.code.total_cmp(&b.code));
            value_labels.push(v);
            missing_labels.push(m);
        }
        Ok(Loaded {
            names,
            labels,
            value_labels,
            missing_labels,
            frame: None,
        })
    }

    pub(crate) fn read(
        source: Source<'_>,
        format: SurveyFormat,
        columns: &Columns,
    ) -> Result<Respondents> {
        let asked: Vec<String> = columns.names().iter().map(|s| s.to_string()).collect();
        let loaded = load(&source, format, Wanted::Columns(&asked))?;
        let frame = loaded.frame.as_ref().ok_or_else(|| {
            Error::new(ErrorKind::Internal {
                what: "a survey file read without its data".into(),
            })
        })?;
        // A labelled numeric column asked for as categories, or inferred, has its labels as
        // levels: read as numbers here (its codes), then made categories from them once.
        let labelled = |name: &str, kind: &ColumnKind| -> bool {
            matches!(kind, ColumnKind::Category | ColumnKind::Inferred)
                && loaded
                    .index(name)
                    .is_some_and(|j| !loaded.value_labels[j].is_empty())
                && frame
                    .column(name)
                    .is_ok_and(|c| c.dtype().is_primitive_numeric())
        };
        let as_read = columns
            .specs()
            .iter()
            .fold(Columns::new(), |c, (name, kind)| {
                if labelled(name, kind) {
                    c.number(name)
                } else {
                    c.with(name.clone(), *kind)
                }
            });
        let mut data = frame_to_respondents(frame, &as_read, source.path())?;
        let mut meta = Vec::with_capacity(asked.len());
        for (i, (name, kind)) in columns.specs().iter().enumerate() {
            let at = loaded.index(name);
            let value_labels = at
                .map(|j| loaded.value_labels[j].clone())
                .unwrap_or_default();
            let missing_labels = at
                .map(|j| loaded.missing_labels[j].clone())
                .unwrap_or_default();
            let mut user_missing = kinds(frame, name)?;
            super::label_kinds(&mut user_missing, &value_labels, &missing_labels);
            if labelled(name, kind)
                && let ColumnData::Number(values) = data.column(name)?
            {
                let categories = labelled_categories(values, &value_labels);
                data.replace_column(i, categories);
            }
            meta.push(VariableMeta {
                label: at.and_then(|j| loaded.labels[j].clone()),
                value_labels,
                user_missing,
            });
        }
        Ok(data.with_meta(meta))
    }

    /// The counts of each declared missing kind in the reader's column after `name`.
    pub(crate) fn kinds(frame: &DataFrame, name: &str) -> Result<Vec<MissingCount>> {
        let Ok(col) = frame.column(&format!("{name}{KIND_SUFFIX}")) else {
            return Ok(Vec::new());
        };
        let s = col
            .as_materialized_series()
            .cast(&DataType::String)
            .map_err(polars_error)?;
        let mut out: Vec<MissingCount> = Vec::new();
        for v in s.str().map_err(polars_error)?.iter().flatten() {
            match out
                .iter_mut()
                .find(|m| matches!(&m.kind, MissingKind::User(c) if c == v))
            {
                Some(m) => m.count += 1,
                None => out.push(MissingCount::new(MissingKind::User(v.to_string()), 1)),
            }
        }
        Ok(out)
    }

    /// A labelled column's values as categories in code order: each code that occurs, as
    /// its label or (without one) its number; codes sharing a label share a category.
    fn labelled_categories(values: &[f64], labels: &[ValueLabel]) -> ColumnData {
        // `+ 0.0` makes −0 and 0 one code: `dedup` would merge them, the lookup by
        // `total_cmp` would not, and the rows of the one dropped would go missing.
        // The distinct codes (a handful), then sorted: not every value sorted.
        let distinct: std::collections::HashSet<u64, crate::weight::dict::FxBuild> = values
            .iter()
            .filter(|x| !x.is_nan())
            .map(|x| (x + 0.0).to_bits())
            .collect();
        let mut present: Vec<f64> = distinct.into_iter().map(f64::from_bits).collect();
        present.sort_by(f64::total_cmp);
        let mut categories: Vec<String> = Vec::new();
        let mut code_of: Vec<(f64, u32)> = Vec::with_capacity(present.len());
        for &v in &present {
            let text = match labels.iter().find(|l| l.code == v) {
                Some(l) => l.label.clone(),
                None => number_text(v),
            };
            let c = match categories.iter().position(|c| *c == text) {
                Some(c) => c,
                None => {
                    categories.push(text);
                    categories.len() - 1
                }
            };
            code_of.push((v, c as u32));
        }
        let codes = values
            .iter()
            .map(|v| {
                if v.is_nan() {
                    MISSING
                } else {
                    code_of
                        .binary_search_by(|(x, _)| x.total_cmp(&(v + 0.0)))
                        .map_or(MISSING, |k| code_of[k].1)
                }
            })
            .collect();
        ColumnData::Category {
            codes: std::sync::Arc::new(codes),
            categories,
        }
    }

    /// A code without a label as R prints it: `4`, `2.5`.
    fn number_text(v: f64) -> String {
        format!("{v}")
    }

    pub(crate) fn read_file(
        path: &Path,
        format: SurveyFormat,
        columns: &Columns,
    ) -> Result<Respondents> {
        read(Source::Path(path), format, columns)
    }

    pub(crate) fn file_header(path: &Path, format: SurveyFormat) -> Result<Vec<String>> {
        Ok(load(&Source::Path(path), format, Wanted::Header)?.names)
    }

    /// Every column of a file, for `describe`: the file is opened and read once.
    pub(crate) fn read_frame(path: &Path, format: SurveyFormat) -> Result<Loaded> {
        load(&Source::Path(path), format, Wanted::All)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_stata_header_may_not_declare_more_values_than_bytes() {
            let mut head =
                b"<stata_dta><header><release>119</release><byteorder>LSF</byteorder><K>".to_vec();
            head.extend(8u32.to_le_bytes());
            head.extend(b"</K><N>");
            head.extend(24u64.to_le_bytes());
            let end = b"</stata_dta>";
            assert!(check_stata_header(&head, end, 1000).is_ok());
            let err = check_stata_header(&head, end, 100).unwrap_err();
            assert_eq!(
                err,
                "its header declares 8 variables and 24 rows, more than its 100 bytes hold"
            );
            let cut = &head[..head.len() - 4];
            assert_eq!(
                check_stata_header(cut, end, 1000).unwrap_err(),
                "shorter than a Stata header"
            );
            // Cut after the data: no closing tag.
            let err = check_stata_header(&head, b"<lbl>\x01\x02", 1000).unwrap_err();
            assert!(err.contains("closing </stata_dta> tag"), "{err}");
        }

        #[test]
        fn an_spss_record_longer_than_the_file_is_refused() {
            let mut file = b"$FL2".to_vec();
            file.resize(176, 0);
            file[64..68].copy_from_slice(&2i32.to_le_bytes());
            for v in [7i32, 3, 4, 1000] {
                file.extend(v.to_le_bytes());
            }
            let len = file.len() as u64;
            let mut read = |at: u64, n: usize| -> Option<Vec<u8>> {
                file.get(at as usize..at as usize + n).map(<[u8]>::to_vec)
            };
            assert_eq!(
                check_spss_dictionary(&mut read, len).unwrap_err(),
                "its extension record at byte 176 runs past the end of the file (192 bytes)"
            );
        }

        #[test]
        fn labelled_categories_follow_codes_and_keep_unlabelled_numbers() {
            let labels = [
                ValueLabel::new(1.0, "Strongly agree"),
                ValueLabel::new(2.0, "Agree"),
                ValueLabel::new(3.0, "Agree"),
            ];
            let ColumnData::Category { codes, categories } =
                labelled_categories(&[4.0, 2.0, f64::NAN, 1.0, 3.0, 2.5], &labels)
            else {
                panic!("a category column")
            };
            assert_eq!(categories, ["Strongly agree", "Agree", "2.5", "4"]);
            assert_eq!(codes[..], [3, 1, MISSING, 0, 1, 2]);
            // −0 and 0 are one code (sorting tells them apart, `dedup` does not).
            let ColumnData::Category { codes, categories } =
                labelled_categories(&[0.0, -0.0, 1.0, 0.0], &labels)
            else {
                panic!("a category column")
            };
            assert_eq!(categories, ["0", "Strongly agree"]);
            assert_eq!(codes[..], [0, 0, 1, 0]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RespondentFormat, SurveyFormat};
    use std::path::Path;

    #[test]
    fn the_extension_decides_the_format_case_insensitively_and_csv_is_the_rest() {
        use RespondentFormat::{Csv, Parquet, Survey};
        let cases = [
            ("a.PARQUET", Parquet),
            ("a.pq", Parquet),
            ("a.Sav", Survey(SurveyFormat::Spss)),
            ("a.zsav", Survey(SurveyFormat::Spss)),
            ("a.DTA", Survey(SurveyFormat::Stata)),
            ("a.sas7bdat", Survey(SurveyFormat::Sas)),
            ("a.csv", Csv),
            ("a.txt", Csv),
            ("a", Csv),
            ("a.parquet.gz", Csv),
            ("dir.sav/a", Csv),
        ];
        for (path, format) in cases {
            assert_eq!(
                RespondentFormat::from_path(Path::new(path)),
                format,
                "{path}"
            );
        }
    }
}
