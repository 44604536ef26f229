//! The one error type of yoron: what went wrong, and where.
//!
//! Every fallible function in yoron returns [`Result`]. An [`Error`] has a
//! [`kind`](Error::kind) that can be matched on and, for problems in an input file, a
//! [`position`](Error::position) (path, line from 1, column from 1 and the column's name).
//! Messages are lowercase, have no trailing period and name the place, what was expected
//! and what was found:
//!
//! ```text
//! polls.csv:42:19: column "percent": expected a number in [0, 100], found "12,5"
//! ```
//!
//! A file with several problems gives one error of kind [`ErrorKind::Invalid`] that lists
//! them all; nothing from such a file is loaded.

use std::fmt;
use std::path::{Path, PathBuf};

/// The result type of every fallible yoron function.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from yoron: a [`kind`](Error::kind) and, for input problems, a
/// [`position`](Error::position).
///
/// # Example
/// ```
/// let err = yoron::datasets::bundled().series("genron").unwrap_err();
/// assert!(err.to_string().contains("known: cabinet_office, eai_api, gallup_korea, genron_eai"));
/// assert!(err.is_unknown_name());
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    position: Option<Position>,
}

impl Error {
    /// Makes an error of this kind with no position.
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            kind,
            position: None,
        }))
    }

    /// Makes an error of this kind at this position.
    pub(crate) fn at(kind: ErrorKind, position: Position) -> Error {
        Error(Box::new(Inner {
            kind,
            position: Some(position),
        }))
    }

    /// An invalid argument to a yoron function or command.
    pub(crate) fn invalid_argument(
        name: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Error {
        Error::new(ErrorKind::InvalidArgument {
            name: name.into(),
            expected: expected.into(),
            found: found.into(),
        })
    }

    /// An unknown name with the list of known ones and, when one is close, a suggestion.
    pub(crate) fn unknown_name<I, S>(what: impl Into<String>, name: &str, known: I) -> Error
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let known: Vec<String> = known.into_iter().map(Into::into).collect();
        let suggestion = suggest(name, &known);
        Error::new(ErrorKind::UnknownName {
            what: what.into(),
            name: name.to_string(),
            known,
            suggestion,
        })
    }

    /// An I/O error on a path.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::at(ErrorKind::Io { source }, Position::file(path))
    }

    /// Sets the file path on this error's position (and on every listed problem), unless
    /// it already names one: a problem in one file found while writing another keeps its
    /// own file.
    pub(crate) fn with_path(mut self, path: &Path) -> Error {
        match &mut self.0.position {
            Some(p) if p.path.is_some() => {}
            Some(p) => p.path = Some(path.to_path_buf()),
            None => self.0.position = Some(Position::file(path)),
        }
        if let ErrorKind::Invalid { problems } = &mut self.0.kind {
            for p in problems.iter_mut() {
                let taken =
                    std::mem::replace(p, Error::new(ErrorKind::Invalid { problems: vec![] }));
                *p = taken.with_path(path);
            }
        }
        self
    }

    /// What kind of error this is.
    ///
    /// # Example
    /// ```
    /// use yoron::ErrorKind;
    /// let err = yoron::datasets::bundled().series("nope").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::UnknownName { .. }));
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Takes the kind out of the error.
    ///
    /// # Example
    /// ```
    /// let err = "x".parse::<yoron::Percent>().unwrap_err();
    /// assert!(matches!(err.into_kind(), yoron::ErrorKind::InvalidValue { .. }));
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    pub(crate) fn position_mut(&mut self) -> Option<&mut Position> {
        self.0.position.as_mut()
    }

    /// Where in the input the problem is, when it is in an input.
    ///
    /// # Example
    /// ```
    /// let csv = "series,wave\n";
    /// let err = yoron::Dataset::from_csv_reader(csv.as_bytes()).unwrap_err();
    /// let first = &err.problems()[0];
    /// assert_eq!(first.position().and_then(|p| p.line()), Some(1));
    /// ```
    pub fn position(&self) -> Option<&Position> {
        self.0.position.as_ref()
    }

    /// The individual problems of an [`ErrorKind::Invalid`] error; for any other error, a
    /// slice holding just this error.
    ///
    /// # Example
    /// ```
    /// let err = yoron::datasets::bundled().series("nope").unwrap_err();
    /// assert_eq!(err.problems().len(), 1);
    /// ```
    pub fn problems(&self) -> &[Error] {
        match &self.0.kind {
            ErrorKind::Invalid { problems } => problems,
            _ => std::slice::from_ref(self),
        }
    }

    /// The problems, owned: those of an [`ErrorKind::Invalid`], else the error itself.
    pub(crate) fn into_problems(self) -> Vec<Error> {
        match self.0.kind {
            ErrorKind::Invalid { problems } => problems,
            _ => vec![self],
        }
    }

    /// True when the error is an unknown series, question, wave, option or country name.
    ///
    /// # Example
    /// ```
    /// let err = yoron::datasets::bundled().series("nope").unwrap_err();
    /// assert!(err.is_unknown_name());
    /// ```
    pub fn is_unknown_name(&self) -> bool {
        matches!(self.0.kind, ErrorKind::UnknownName { .. })
    }

    /// True when the user's input is at fault: the content of a file, a DataFrame or a
    /// function or command argument, which the user can correct.
    ///
    /// These kinds are invalid input: the structure of a file ([`NotUtf8`], [`TooLarge`],
    /// [`Empty`], [`FieldCount`], [`UnclosedQuote`], [`NotCommaSeparated`],
    /// [`MalformedCsv`], [`SurveyFile`]) or of its header ([`MissingColumn`], [`UnknownColumn`],
    /// [`DuplicateColumn`]); a value, a name or an argument ([`InvalidValue`],
    /// [`InvalidArgument`], [`UnknownName`], [`Ambiguous`], [`NoMatch`]); rows that disagree
    /// ([`Inconsistent`], [`Duplicate`], [`Conflict`], [`SumExceeds`]); respondent data and
    /// margins that a design or raking cannot use as given ([`BadValues`],
    /// [`PsuInTwoStrata`], [`LonelyPsu`], [`EmptyDomain`], [`Margin`]); a figure without
    /// the sample size an operation needs ([`UnknownSampleSize`]); and [`Invalid`] and
    /// [`MoreProblems`], which list such problems.
    ///
    /// These are not: reading or writing failed ([`Io`]); the machine lacks a font
    /// ([`NoFont`], [`MissingGlyphs`]); polars or the drawing backend failed ([`Frame`],
    /// [`Chart`]); valid data on which a method does not converge or a statistic is not
    /// defined ([`NotConverged`], [`Degenerate`]); and a bug ([`Internal`]).
    ///
    /// [`NotUtf8`]: ErrorKind::NotUtf8
    /// [`TooLarge`]: ErrorKind::TooLarge
    /// [`Empty`]: ErrorKind::Empty
    /// [`FieldCount`]: ErrorKind::FieldCount
    /// [`UnclosedQuote`]: ErrorKind::UnclosedQuote
    /// [`NotCommaSeparated`]: ErrorKind::NotCommaSeparated
    /// [`MalformedCsv`]: ErrorKind::MalformedCsv
    /// [`SurveyFile`]: ErrorKind::SurveyFile
    /// [`MissingColumn`]: ErrorKind::MissingColumn
    /// [`UnknownColumn`]: ErrorKind::UnknownColumn
    /// [`DuplicateColumn`]: ErrorKind::DuplicateColumn
    /// [`InvalidValue`]: ErrorKind::InvalidValue
    /// [`InvalidArgument`]: ErrorKind::InvalidArgument
    /// [`UnknownName`]: ErrorKind::UnknownName
    /// [`Ambiguous`]: ErrorKind::Ambiguous
    /// [`NoMatch`]: ErrorKind::NoMatch
    /// [`Inconsistent`]: ErrorKind::Inconsistent
    /// [`Duplicate`]: ErrorKind::Duplicate
    /// [`Conflict`]: ErrorKind::Conflict
    /// [`SumExceeds`]: ErrorKind::SumExceeds
    /// [`BadValues`]: ErrorKind::BadValues
    /// [`PsuInTwoStrata`]: ErrorKind::PsuInTwoStrata
    /// [`LonelyPsu`]: ErrorKind::LonelyPsu
    /// [`EmptyDomain`]: ErrorKind::EmptyDomain
    /// [`Margin`]: ErrorKind::Margin
    /// [`UnknownSampleSize`]: ErrorKind::UnknownSampleSize
    /// [`Invalid`]: ErrorKind::Invalid
    /// [`MoreProblems`]: ErrorKind::MoreProblems
    /// [`Io`]: ErrorKind::Io
    /// [`NoFont`]: ErrorKind::NoFont
    /// [`MissingGlyphs`]: ErrorKind::MissingGlyphs
    /// [`Frame`]: ErrorKind::Frame
    /// [`Chart`]: ErrorKind::Chart
    /// [`NotConverged`]: ErrorKind::NotConverged
    /// [`Degenerate`]: ErrorKind::Degenerate
    /// [`Internal`]: ErrorKind::Internal
    ///
    /// # Example
    /// ```
    /// let err = yoron::Dataset::from_csv_reader("x\n".as_bytes()).unwrap_err();
    /// assert!(err.is_invalid_input());
    /// let err = yoron::Dataset::from_csv_path("/no/such/file.csv").unwrap_err();
    /// assert!(!err.is_invalid_input());
    /// ```
    pub fn is_invalid_input(&self) -> bool {
        // No wildcard: a new kind must be sorted into one side or the other.
        match &self.0.kind {
            ErrorKind::NotUtf8 { .. }
            | ErrorKind::TooLarge { .. }
            | ErrorKind::Empty { .. }
            | ErrorKind::FieldCount { .. }
            | ErrorKind::UnclosedQuote
            | ErrorKind::NotCommaSeparated { .. }
            | ErrorKind::MalformedCsv { .. }
            | ErrorKind::SurveyFile { .. }
            | ErrorKind::MissingColumn { .. }
            | ErrorKind::UnknownColumn { .. }
            | ErrorKind::DuplicateColumn { .. }
            | ErrorKind::InvalidValue { .. }
            | ErrorKind::InvalidArgument { .. }
            | ErrorKind::UnknownName { .. }
            | ErrorKind::Ambiguous { .. }
            | ErrorKind::NoMatch { .. }
            | ErrorKind::Inconsistent { .. }
            | ErrorKind::Duplicate { .. }
            | ErrorKind::Conflict { .. }
            | ErrorKind::SumExceeds { .. }
            | ErrorKind::BadValues { .. }
            | ErrorKind::PsuInTwoStrata { .. }
            | ErrorKind::LonelyPsu { .. }
            | ErrorKind::EmptyDomain { .. }
            | ErrorKind::Margin { .. }
            | ErrorKind::UnknownSampleSize { .. }
            | ErrorKind::Invalid { .. }
            | ErrorKind::MoreProblems { .. } => true,
            ErrorKind::Io { .. }
            | ErrorKind::NoFont { .. }
            | ErrorKind::MissingGlyphs { .. }
            | ErrorKind::Frame { .. }
            | ErrorKind::Chart { .. }
            | ErrorKind::NotConverged { .. }
            | ErrorKind::Degenerate { .. }
            | ErrorKind::Internal { .. } => false,
        }
    }

    /// True when reading or writing a file failed.
    ///
    /// # Example
    /// ```
    /// let err = yoron::Dataset::from_csv_path("/no/such/file.csv").unwrap_err();
    /// assert!(err.is_io());
    /// ```
    pub fn is_io(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("position", &self.0.position)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.0.position {
            let place = p.to_string();
            if !place.is_empty() {
                write!(f, "{place}: ")?;
            }
        }
        write!(f, "{}", self.0.kind)
    }
}

// No `source()`: the message already ends with the operating system's error, and error
// reporters that print the chain (anyhow's `{:#}`, the CLI's) would print it twice. The
// `std::io::Error` itself is in `ErrorKind::Io`.
impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { source })
    }
}

/// What went wrong. Variants keep the values that did not match.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    #[error("{source}")]
    Io {
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The input is not UTF-8 text.
    #[error(
        "expected UTF-8 text, found byte 0x{byte:02x} that is not valid UTF-8 (the file may be in Shift-JIS, EUC-KR or another legacy encoding: save it as UTF-8)"
    )]
    NotUtf8 {
        /// The first byte that is not valid UTF-8.
        byte: u8,
    },
    /// A CSV record with another number of fields than the header.
    #[error("expected {expected} fields as in the header, found {found}")]
    FieldCount {
        /// The header's number of fields.
        expected: u64,
        /// The record's.
        found: u64,
    },
    /// A quoted CSV field that is never closed: the position is where it opens.
    #[error(
        "expected a closing quote for the quoted field that opens here, found the end of the file (everything after the quote would be read as one field)"
    )]
    UnclosedQuote,
    /// A CSV file whose header is one column holding another separator (`;`, tab, `|`).
    #[error(
        "expected columns separated by commas, found one column {} that contains {separator:?}: save the file as comma-separated CSV",
        quoted(column)
    )]
    NotCommaSeparated {
        /// The header's one column.
        column: String,
        /// The separator it contains.
        separator: char,
    },
    /// CSV text that the csv crate cannot read, with its message.
    #[error("malformed CSV: {message}")]
    MalformedCsv {
        /// The csv crate's message.
        message: String,
    },
    /// The input has no rows of data.
    #[error("expected at least one row of data, found {found}")]
    Empty {
        /// What was found instead ("an empty file", "only a header", …).
        found: String,
    },
    /// An input larger than yoron reads whole into memory.
    #[error(
        "expected at most {limit} bytes, found {}: is this the right file?",
        found.map_or_else(|| "more".to_string(), |f| format!("{f} bytes"))
    )]
    TooLarge {
        /// The most bytes read.
        limit: u64,
        /// The input's size, when it is a file that says so.
        found: Option<u64>,
    },
    /// A required column is missing.
    #[error("missing column \"{column}\" (expected columns: {expected})")]
    MissingColumn {
        /// The missing column.
        column: String,
        /// The columns the format has, comma-separated.
        expected: String,
    },
    /// A column that the format does not have.
    #[error("unknown column {}{}", quoted(column), hint(suggestion))]
    UnknownColumn {
        /// The column's name as found.
        column: String,
        /// A known column with a similar name.
        suggestion: Option<String>,
    },
    /// A column named twice in the header.
    #[error(
        "column {} appears twice in the header (first as column {first})",
        quoted(column)
    )]
    DuplicateColumn {
        /// The repeated name.
        column: String,
        /// The 1-based column where it first appears.
        first: u64,
    },
    /// A value that is not what the column or argument takes.
    #[error("expected {expected}, found {}", quoted(found))]
    InvalidValue {
        /// What the column takes.
        expected: String,
        /// What was there.
        found: String,
    },
    /// A function or command argument that is out of its domain.
    #[error("argument {name}: expected {expected}, found {found}")]
    InvalidArgument {
        /// The argument's name.
        name: String,
        /// What it takes.
        expected: String,
        /// What was given.
        found: String,
    },
    /// An unknown series, question, wave, option, country or method name.
    #[error(
        "unknown {what} \"{name}\"{} (known: {})",
        hint(suggestion),
        list(known)
    )]
    UnknownName {
        /// What kind of name ("series", "question in series genron_eai", …).
        what: String,
        /// The name as given.
        name: String,
        /// The names that exist.
        known: Vec<String>,
        /// A known name close to the one given.
        suggestion: Option<String>,
    },
    /// A name that matches several things (e.g. a year with several Gallup waves).
    #[error(
        "{what} \"{name}\" is ambiguous: it matches {} (give one of them)",
        list(candidates)
    )]
    Ambiguous {
        /// What kind of name.
        what: String,
        /// The name as given.
        name: String,
        /// Everything it matches.
        candidates: Vec<String>,
    },
    /// Two rows that must agree do not (wave dates, question wording, response format, …).
    #[error(
        "{what}: expected {expected} (as on {}), found {}",
        place(first_at),
        quoted(found)
    )]
    Inconsistent {
        /// What must agree.
        what: String,
        /// The value seen first.
        expected: String,
        /// Where it was first seen: a line of a file or a row of a frame.
        first_at: Position,
        /// The value found here.
        found: String,
    },
    /// The same figure key twice, without being marked as a conflict between sources.
    #[error(
        "duplicate figure for {key} (first on {}): mark conflicting figures from different sources with conflict = preferred on exactly one row and alternative on the others",
        place(first_at)
    )]
    Duplicate {
        /// Series, wave, country, question and option.
        key: String,
        /// Where the first row with this key is: a line of a file or a row of a frame.
        first_at: Position,
    },
    /// Conflicting figures whose `conflict` marks are wrong.
    #[error("conflicting figures for {key}: {problem}")]
    Conflict {
        /// Series, wave, country, question and option.
        key: String,
        /// What is wrong with the marks.
        problem: String,
    },
    /// The options of a single-response question add up to more than 100 % plus rounding.
    #[error(
        "single-response question {key}: options sum to {sum}, expected at most 100 plus the rounding tolerance {tolerance} (is the question multi-response?)"
    )]
    SumExceeds {
        /// Series, wave, country and question.
        key: String,
        /// The sum of the options, as published.
        sum: String,
        /// The rounding tolerance used (half a unit of each figure's last digit).
        tolerance: String,
    },
    /// An operation needs a sample size that the data does not give.
    #[error("{what} has no published sample size: pass an assumed n to use it")]
    UnknownSampleSize {
        /// The figure or wave without n.
        what: String,
    },
    /// Nothing matched a query.
    #[error("no {what} matched {query}")]
    NoMatch {
        /// What was looked for.
        what: String,
        /// The query.
        query: String,
    },
    /// An SPSS, Stata or SAS file that its reader cannot read: truncated, corrupt, or not
    /// a file of that format.
    #[error(
        "expected a readable {format} file, found one its reader rejects: {message} (is the file truncated or corrupt?)"
    )]
    SurveyFile {
        /// The format the extension names ("SPSS .sav", "Stata .dta", "SAS .sas7bdat").
        format: String,
        /// The reader's message.
        message: String,
    },
    /// A polars operation failed.
    #[error("polars: {message}")]
    Frame {
        /// polars' message.
        message: String,
    },
    /// No font on this machine can draw a chart's text.
    #[error("no font found that can draw {needs} (tried: {}): {hint}", list(tried))]
    NoFont {
        /// What the text needs ("Japanese and Korean text", "Latin text", …).
        needs: String,
        /// The font files tried, in order.
        tried: Vec<String>,
        /// What to install or pass.
        hint: String,
    },
    /// A font that lacks glyphs for some of a chart's text.
    #[error("font {font} has no glyphs for {missing:?} in {label:?}: {hint}")]
    MissingGlyphs {
        /// The font file.
        font: String,
        /// The characters it cannot draw.
        missing: String,
        /// The first label that needs them.
        label: String,
        /// What to install or pass.
        hint: String,
    },
    /// Drawing a chart failed in the drawing backend.
    #[error("drawing the chart failed: {message}")]
    Chart {
        /// The backend's message.
        message: String,
    },
    /// Values in a column of respondent data that an analysis cannot use (a zero weight, a
    /// word in a numeric column, …), with the first few places where they are.
    #[error("expected {expected}, found {count} bad value{}: {}", if *count == 1 { "" } else { "s" }, examples(rows, *count))]
    BadValues {
        /// What the column takes.
        expected: String,
        /// How many values are bad.
        count: u64,
        /// The first bad values: where (a line of a file, a row of a frame or a Parquet
        /// file, from 1) and what was there.
        rows: Vec<(Position, String)>,
    },
    /// A primary sampling unit that appears in two strata.
    #[error(
        "psu \"{psu}\" appears in stratum \"{first}\" ({}) and in stratum \"{second}\" ({}): give the PSUs of each stratum their own ids, or declare them nested in strata (R: nest = TRUE)",
        place(first_at),
        place(second_at)
    )]
    PsuInTwoStrata {
        /// The PSU id.
        psu: String,
        /// The stratum where it appears first.
        first: String,
        /// Where it appears first (a line or a row).
        first_at: Position,
        /// The other stratum.
        second: String,
        /// Where it appears in the other stratum.
        second_at: Position,
    },
    /// Strata with a single PSU, whose variance cannot be estimated without a policy.
    #[error(
        "{} a single PSU: {} (choose a lonely-PSU policy: adjust, average, certainty or remove; R: options(survey.lonely.psu = ...))",
        if strata.len() == 1 { "1 stratum has" } else { "strata have" },
        list(strata)
    )]
    LonelyPsu {
        /// The strata with one PSU.
        strata: Vec<String>,
    },
    /// A domain (a group of `by`) without respondents.
    #[error("domain {variable} = \"{category}\" has no respondents{reason}")]
    EmptyDomain {
        /// The grouping variable.
        variable: String,
        /// The empty category (a category of the grouping variable).
        category: String,
        /// Why it is empty, when it has rows (", all with a missing answer"), else empty.
        reason: String,
    },
    /// A raking margin that cannot be met as given.
    #[error("raking margin \"{variable}\": {problem}")]
    Margin {
        /// The margin's variable.
        variable: String,
        /// What is wrong, with the values.
        problem: String,
    },
    /// An iterative method that stopped before reaching its tolerance.
    #[error(
        "{what} did not converge in {iterations} iterations: largest error {largest_error:.3e}, expected at most {tolerance:.3e}"
    )]
    NotConverged {
        /// What did not converge.
        what: String,
        /// Iterations run.
        iterations: u32,
        /// The largest remaining error.
        largest_error: f64,
        /// The tolerance asked for.
        tolerance: f64,
    },
    /// A statistic that these data cannot give (one category only, no variance, …).
    #[error("{what}: {reason}")]
    Degenerate {
        /// The statistic.
        what: String,
        /// Why it cannot be computed.
        reason: String,
    },
    /// The problems of an input beyond the most one error lists (200), counted.
    #[error("… and {count} more problems not listed")]
    MoreProblems {
        /// How many more problems there are.
        count: usize,
    },
    /// Something that cannot happen did: a bug in yoron, not in the input.
    #[error("internal error: {what} (a bug in yoron: please report it)")]
    Internal {
        /// What failed.
        what: String,
    },
    /// Several problems in one input; nothing from it was loaded.
    #[error("{} found, nothing loaded{}", count(problems.len()), lines(problems))]
    Invalid {
        /// Every problem found, in input order.
        problems: Vec<Error>,
    },
}

fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => String::new(),
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    names.join(", ")
}

/// A value in quotes, cut after 80 characters so that a huge cell cannot flood a message.
pub(crate) fn quoted(found: &str) -> String {
    const LIMIT: usize = 80;
    if found.chars().count() > LIMIT {
        let head: String = found.chars().take(LIMIT).collect();
        format!("\"{head}…\" ({} characters)", found.chars().count())
    } else {
        format!("\"{found}\"")
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

fn examples(rows: &[(Position, String)], count: u64) -> String {
    let shown: Vec<String> = rows
        .iter()
        .map(|(at, found)| format!("{} ({})", quoted(found), place(at)))
        .collect();
    let more = count.saturating_sub(rows.len() as u64);
    if more > 0 {
        format!("{}, and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// "line 12" or "row 12": a place named inside a message.
pub(crate) fn place(at: &Position) -> String {
    // A position in another file than the message's own (rows of several files validated
    // together) names its file.
    let file = at
        .path
        .as_ref()
        .map(|p| format!("{} ", p.display()))
        .unwrap_or_default();
    match (at.line, at.row) {
        (Some(l), _) => format!("{file}line {l}"),
        (None, Some(r)) => format!("{file}row {r}"),
        (None, None) => at.to_string(),
    }
}

fn lines(problems: &[Error]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

/// A known name within edit distance 2 of `name` (or containing it), for "did you mean".
pub(crate) fn suggest(name: &str, known: &[String]) -> Option<String> {
    let lower = name.to_lowercase();
    let len = lower.chars().count();
    let limit = 2.max(len / 4);
    known
        .iter()
        .filter_map(|k| {
            let k_lower = k.to_lowercase();
            let prefix = !lower.is_empty() && k_lower.starts_with(&lower);
            // The distance is at least the difference in length: skip the quadratic
            // count for names that cannot be close (a 10 MB header cell, say).
            if !prefix && len.abs_diff(k_lower.chars().count()) > limit {
                return None;
            }
            let d = edit_distance(&lower, &k_lower);
            // Replacing every character of a short name ("KR" → "n") is no suggestion.
            (prefix || (d <= limit && d < len)).then_some((d, k))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The most problems one error lists; the rest are counted.
const MAX_PROBLEMS: usize = 200;

/// Collects problems, keeping the first [`MAX_PROBLEMS`] and counting the rest.
#[derive(Default)]
pub(crate) struct Problems {
    list: Vec<Error>,
    more: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, e: Error) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(e);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn at(&mut self, kind: ErrorKind, pos: Position) {
        self.push(Error::at(kind, pos));
    }

    /// How many problems were pushed, listed or not.
    pub(crate) fn count(&self) -> usize {
        self.list.len() + self.more
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn into_list(self) -> Vec<Error> {
        self.list
    }

    pub(crate) fn into_error(mut self) -> Error {
        if self.more > 0 {
            self.list
                .push(Error::new(ErrorKind::MoreProblems { count: self.more }));
        }
        Error::new(ErrorKind::Invalid {
            problems: self.list,
        })
    }
}

/// Where in an input a problem is: the file, the line (from 1) of a file or the row (from
/// 1) of a DataFrame or Parquet file, the column (from 1) and the column's name.
///
/// # Example
/// ```
/// let err = yoron::Dataset::from_csv_reader("series\n".as_bytes()).unwrap_err();
/// let p = err.problems()[0].position().unwrap();
/// assert_eq!(p.line(), Some(1));
/// assert_eq!(p.path(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    path: Option<PathBuf>,
    line: Option<u64>,
    row: Option<u64>,
    column: Option<u64>,
    column_name: Option<String>,
}

impl Position {
    /// A position that names only a file.
    pub(crate) fn file(path: &Path) -> Position {
        Position {
            path: Some(path.to_path_buf()),
            ..Position::default()
        }
    }

    /// A position on a line (from 1), with no file yet.
    pub(crate) fn at_line(line: u64) -> Position {
        Position {
            line: Some(line),
            ..Position::default()
        }
    }

    /// A position on a row (from 1) of a DataFrame or of a file read by rows (Parquet),
    /// which has no lines.
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn at_row(row: u64) -> Position {
        Position {
            row: Some(row),
            ..Position::default()
        }
    }

    /// The same position in a column (from 1) with this name.
    pub(crate) fn in_column(mut self, column: u64, column_name: &str) -> Position {
        self.column = Some(column);
        self.column_name = Some(column_name.to_string());
        self
    }

    /// A position on a line and column (both from 1), with the column's name.
    pub(crate) fn cell(line: u64, column: u64, column_name: &str) -> Position {
        Position {
            line: Some(line),
            column: Some(column),
            column_name: Some(column_name.to_string()),
            ..Position::default()
        }
    }

    /// The same position in this file.
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn with_path(mut self, path: &Path) -> Position {
        self.path = Some(path.to_path_buf());
        self
    }

    /// The same position at another column (from 1).
    pub(crate) fn with_column(mut self, column: u64) -> Position {
        self.column = Some(column);
        self
    }

    /// A position that names only a column (e.g. of a DataFrame).
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn column_named(column_name: &str) -> Position {
        Position {
            column_name: Some(column_name.to_string()),
            ..Position::default()
        }
    }

    /// The file, when the input was a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The line of a file, from 1 (the header is line 1 of a CSV file).
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The row of a DataFrame or of a file read by rows (Parquet), from 1 (the first row
    /// of data is row 1).
    ///
    /// # Example
    /// ```
    /// # #[cfg(feature = "polars")] {
    /// use yoron::polars::prelude::*;
    /// let df = df!(
    ///     "series" => ["genron_eai", "genron_eai"], "wave" => ["2016_4th", "2016_4th"],
    ///     "country" => ["KR", "KR"], "question" => ["q", "q"], "response" => ["multi", "multi"],
    ///     "option" => ["a", "b"], "percent" => ["38", "12,5"],
    /// ).unwrap();
    /// let err = yoron::Dataset::from_frame(&df).unwrap_err();
    /// let p = err.problems()[0].position().unwrap();
    /// assert_eq!((p.row(), p.line(), p.column_name()), (Some(2), None, Some("percent")));
    /// assert!(err.problems()[0].to_string().starts_with("row 2: column \"percent\": "));
    /// # }
    /// ```
    pub fn row(&self) -> Option<u64> {
        self.row
    }

    /// The column, from 1.
    pub fn column(&self) -> Option<u64> {
        self.column
    }

    /// The column's name.
    pub fn column_name(&self) -> Option<&str> {
        self.column_name.as_deref()
    }
}

impl fmt::Display for Position {
    /// `path:line:column: column "name"` for a file, `path: row 3: column "name"` for a
    /// frame or a Parquet file, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = String::new();
        if let Some(p) = &self.path {
            place.push_str(&p.display().to_string());
        }
        if let Some(l) = self.line {
            if !place.is_empty() {
                place.push(':');
            }
            place.push_str(&l.to_string());
            if let Some(c) = self.column {
                place.push_str(&format!(":{c}"));
            }
        } else if let Some(r) = self.row {
            if !place.is_empty() {
                place.push_str(": ");
            }
            place.push_str(&format!("row {r}"));
        }
        match (&self.column_name, place.is_empty()) {
            (Some(c), true) => write!(f, "column {}", quoted(c)),
            (Some(c), false) => write!(f, "{place}: column {}", quoted(c)),
            (None, _) => write!(f, "{place}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_place_expectation_and_finding() {
        let e = Error::at(
            ErrorKind::InvalidValue {
                expected: "a number in [0, 100]".into(),
                found: "12,5".into(),
            },
            Position::cell(42, 19, "percent"),
        )
        .with_path(Path::new("polls.csv"));
        assert_eq!(
            e.to_string(),
            "polls.csv:42:19: column \"percent\": expected a number in [0, 100], found \"12,5\""
        );
    }

    #[test]
    fn unknown_name_suggests_close_match() {
        let e = Error::unknown_name(
            "question in series genron_eai",
            "militry_threat",
            ["military_threat", "relations_current"],
        );
        assert_eq!(
            e.to_string(),
            "unknown question in series genron_eai \"militry_threat\" (did you mean \"military_threat\"?) (known: military_threat, relations_current)"
        );
    }

    #[test]
    fn invalid_lists_every_problem_with_path() {
        let e = Error::new(ErrorKind::Invalid {
            problems: vec![
                Error::at(
                    ErrorKind::Empty {
                        found: "only a header".into(),
                    },
                    Position::at_line(1),
                ),
                Error::at(
                    ErrorKind::MissingColumn {
                        column: "n".into(),
                        expected: "n".into(),
                    },
                    Position::at_line(1),
                ),
            ],
        })
        .with_path(Path::new("a.csv"));
        let s = e.to_string();
        assert!(
            s.starts_with("a.csv: 2 problems found, nothing loaded\n  a.csv:1: "),
            "{s}"
        );
        assert_eq!(e.problems().len(), 2);
    }

    #[test]
    fn a_row_is_shown_as_a_row() {
        let p = Position::at_row(3).in_column(2, "percent");
        assert_eq!(p.to_string(), "row 3: column \"percent\"");
        assert_eq!(
            p.with_path(Path::new("w.parquet")).to_string(),
            "w.parquet: row 3: column \"percent\""
        );
        assert_eq!(place(&Position::at_row(3)), "row 3");
        assert_eq!(place(&Position::at_line(4)), "line 4");
    }

    #[test]
    fn invalid_input_is_the_users_data_or_arguments() {
        let user = [
            ErrorKind::UnclosedQuote,
            ErrorKind::FieldCount {
                expected: 2,
                found: 3,
            },
            ErrorKind::TooLarge {
                limit: 1,
                found: None,
            },
            ErrorKind::LonelyPsu { strata: vec![] },
            ErrorKind::MoreProblems { count: 1 },
        ];
        for kind in user {
            assert!(Error::new(kind).is_invalid_input());
        }
        let not_user = [
            ErrorKind::Io {
                source: std::io::Error::other("x"),
            },
            ErrorKind::Internal { what: "x".into() },
            ErrorKind::Chart {
                message: "x".into(),
            },
            ErrorKind::NotConverged {
                what: "x".into(),
                iterations: 1,
                largest_error: 1.0,
                tolerance: 0.1,
            },
            ErrorKind::Degenerate {
                what: "x".into(),
                reason: "y".into(),
            },
        ];
        for kind in not_user {
            assert!(!Error::new(kind).is_invalid_input());
        }
    }

    #[test]
    fn long_found_values_are_cut() {
        let long = "x".repeat(1000);
        let e = Error::new(ErrorKind::InvalidValue {
            expected: "a date".into(),
            found: long,
        });
        assert!(e.to_string().len() < 200);
    }
}
