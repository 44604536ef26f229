//! Small validated values: countries, ids, dates at their published precision, figures as
//! published, sample sizes and the closed sets of the tidy format.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

fn invalid(expected: &str, found: &str) -> Error {
    Error::new(ErrorKind::InvalidValue {
        expected: expected.to_string(),
        found: found.to_string(),
    })
}

/// The country a sample was drawn in, as an ISO 3166-1 alpha-2 code.
///
/// The bundled series sample Japan ([`Country::JP`]) and South Korea ([`Country::KR`]);
/// user data may use any assigned ISO code.
///
/// # Example
/// ```
/// use yoron::Country;
/// let kr: Country = "KR".parse()?;
/// assert_eq!(kr, Country::KR);
/// assert_eq!(kr.name(), "South Korea");
/// assert!("jp".parse::<Country>().unwrap_err().to_string().contains("did you mean \"JP\""));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

/// ISO 3166-1 alpha-2 codes officially assigned (249), concatenated.
const ISO_ALPHA2: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

impl Country {
    /// Japan.
    pub const JP: Country = Country(*b"JP");
    /// South Korea (Republic of Korea).
    pub const KR: Country = Country(*b"KR");

    /// The two-letter code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::Country::JP.code(), "JP");
    /// ```
    pub fn code(&self) -> &str {
        // The bytes were checked to be ASCII capitals when the value was made.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English name for JP and KR; the code for other countries.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::Country::JP.name(), "Japan");
    /// ```
    pub fn name(&self) -> &str {
        match &self.0 {
            b"JP" => "Japan",
            b"KR" => "South Korea",
            _ => self.code(),
        }
    }
}

impl FromStr for Country {
    type Err = Error;

    fn from_str(s: &str) -> Result<Country> {
        const EXPECTED: &str = "an ISO 3166-1 alpha-2 country code such as JP or KR";
        let b = s.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
            let known = ISO_ALPHA2.as_bytes().chunks(2).any(|c| c == b);
            if known {
                return Ok(Country([b[0], b[1]]));
            }
        }
        let suggestion = match s.trim().to_ascii_lowercase().as_str() {
            "jp" | "ja" | "jpn" | "japan" | "日本" => Some("JP"),
            "kr" | "ko" | "kor" | "sk" | "rok" | "korea" | "south korea" | "한국" | "韓国" => {
                Some("KR")
            }
            other
                if other.len() == 2
                    && ISO_ALPHA2
                        .as_bytes()
                        .chunks(2)
                        .any(|c| c.eq_ignore_ascii_case(other.as_bytes())) =>
            {
                None
            }
            _ => None,
        };
        let upper = s.trim().to_ascii_uppercase();
        let suggestion = suggestion.map(str::to_string).or_else(|| {
            (upper.len() == 2
                && upper != s
                && ISO_ALPHA2
                    .as_bytes()
                    .chunks(2)
                    .any(|c| c == upper.as_bytes()))
            .then_some(upper)
        });
        Err(Error::new(ErrorKind::InvalidValue {
            expected: match &suggestion {
                Some(code) => format!("{EXPECTED} (did you mean \"{code}\"?)"),
                None => EXPECTED.to_string(),
            },
            found: s.to_string(),
        }))
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Checks that an id is snake_case ASCII: `[a-z0-9][a-z0-9_]*`.
fn check_id(kind: &str, s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !s.starts_with('_');
    if ok {
        Ok(())
    } else {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        Err(invalid(
            &format!("{article} {kind} id in snake_case (lowercase ASCII letters, digits and _)"),
            s,
        ))
    }
}

/// A poll series: one of the four bundled series or a user-defined one.
///
/// # Example
/// ```
/// use yoron::SeriesId;
/// let s: SeriesId = "genron_eai".parse()?;
/// assert_eq!(s, SeriesId::GenronEai);
/// assert!(s.is_bundled());
/// let mine: SeriesId = "my_panel".parse()?;
/// assert_eq!(mine.as_str(), "my_panel");
/// assert!(!mine.is_bundled());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SeriesId {
    /// The Genron NPO / East Asia Institute joint Japan–Korea poll (annual since 2013).
    GenronEai,
    /// The Yomiuri Shimbun / Hankook Ilbo joint poll.
    YomiuriHankook,
    /// Gallup Korea's Daily Opinion and related Gallup Korea surveys.
    GallupKorea,
    /// The Cabinet Office of Japan's Public Opinion Survey on Diplomacy.
    CabinetOffice,
    /// The Yomiuri Shimbun / Gallup Japan–US joint poll (Japanese sample).
    YomiuriGallup,
    /// The East Asia Institute / Asia-Pacific Initiative Korea–Japan survey (2025): EAI's
    /// survey with a new Japanese partner, not a wave of [`SeriesId::GenronEai`].
    EaiApi,
    /// A series defined by the user's own data.
    Custom(Box<str>),
}

impl SeriesId {
    /// The six bundled series, in the order the crate lists them.
    pub const BUNDLED: [SeriesId; 6] = [
        SeriesId::GenronEai,
        SeriesId::YomiuriHankook,
        SeriesId::GallupKorea,
        SeriesId::CabinetOffice,
        SeriesId::YomiuriGallup,
        SeriesId::EaiApi,
    ];

    /// The snake_case id used in files and on the command line.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::SeriesId::CabinetOffice.as_str(), "cabinet_office");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            SeriesId::GenronEai => "genron_eai",
            SeriesId::YomiuriHankook => "yomiuri_hankook",
            SeriesId::GallupKorea => "gallup_korea",
            SeriesId::CabinetOffice => "cabinet_office",
            SeriesId::YomiuriGallup => "yomiuri_gallup",
            SeriesId::EaiApi => "eai_api",
            SeriesId::Custom(s) => s,
        }
    }

    /// True for the six series that ship with yoron.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::SeriesId::GallupKorea.is_bundled());
    /// ```
    pub fn is_bundled(&self) -> bool {
        !matches!(self, SeriesId::Custom(_))
    }
}

impl FromStr for SeriesId {
    type Err = Error;

    fn from_str(s: &str) -> Result<SeriesId> {
        Ok(match s {
            "genron_eai" => SeriesId::GenronEai,
            "yomiuri_hankook" => SeriesId::YomiuriHankook,
            "gallup_korea" => SeriesId::GallupKorea,
            "cabinet_office" => SeriesId::CabinetOffice,
            "yomiuri_gallup" => SeriesId::YomiuriGallup,
            "eai_api" => SeriesId::EaiApi,
            other => {
                check_id("series", other)?;
                SeriesId::Custom(other.into())
            }
        })
    }
}

impl fmt::Display for SeriesId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// # Example
        /// ```
        #[doc = concat!("let id: yoron::", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
        #[doc = concat!("assert!(\"Not Valid\".parse::<yoron::", stringify!($name), ">().is_err());")]
        /// # Ok::<(), yoron::Error>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Box<str>);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<$name> {
                check_id($kind, s)?;
                Ok($name(s.into()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_id!(
    /// A question's stable id within its series, e.g. `military_threat`.
    QuestionId,
    "question",
    "military_threat"
);
text_id!(
    /// A response option's id within its question, e.g. `north_korea` or `feel_total`.
    OptionId,
    "option",
    "north_korea"
);

/// A wave's id within its series, as the publisher labels it: `2016_4th`, `FY2016`,
/// `2016-01-05` (Gallup Korea polls weekly, so a year alone is not an id).
///
/// # Example
/// ```
/// let w: yoron::WaveId = "FY2016".parse()?;
/// assert_eq!(w.year(), Some(2016));
/// let g: yoron::WaveId = "2016-08-30".parse()?;
/// assert_eq!(g.year(), Some(2016));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WaveId(Box<str>);

impl WaveId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first run of four digits in the id, read as the survey year (the publisher's
    /// label: `FY2016` is fiscal year 2016 even though its fieldwork may fall in 2017).
    pub fn year(&self) -> Option<i32> {
        let b = self.0.as_bytes();
        (0..b.len().saturating_sub(3)).find_map(|i| {
            let w = &b[i..i + 4];
            let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
            let after_ok = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            (w.iter().all(u8::is_ascii_digit) && before_ok && after_ok)
                .then(|| std::str::from_utf8(w).ok()?.parse().ok())
                .flatten()
        })
    }
}

impl FromStr for WaveId {
    type Err = Error;

    fn from_str(s: &str) -> Result<WaveId> {
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if ok {
            Ok(WaveId(s.into()))
        } else {
            Err(invalid(
                "a wave id of ASCII letters, digits, '_', '-' or '.' (e.g. 2016_4th, FY2016, 2016-01-05)",
                s,
            ))
        }
    }
}

impl fmt::Display for WaveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How precisely a date was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// The exact day.
    Day,
}

/// A date kept at the precision it was published with: `2016`, `2016-07` or
/// `2016-07-03`.
///
/// # Example
/// ```
/// use yoron::{DatePrecision, PartialDate};
/// let d: PartialDate = "2013-04".parse()?;
/// assert_eq!(d.precision(), DatePrecision::Month);
/// assert_eq!(d.first_day().to_string(), "2013-04-01");
/// assert_eq!(d.last_day().to_string(), "2013-04-30");
/// assert_eq!(d.to_string(), "2013-04");
/// assert!("2016-02-30".parse::<PartialDate>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl PartialDate {
    /// The year.
    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1–12), when published.
    pub fn month(&self) -> Option<u8> {
        self.month.map(|m| m.unsigned_abs())
    }

    /// The day of the month, when published.
    pub fn day(&self) -> Option<u8> {
        self.day.map(|d| d.unsigned_abs())
    }

    /// How precise the date is.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (None, _) => DatePrecision::Year,
            (Some(_), None) => DatePrecision::Month,
            (Some(_), Some(_)) => DatePrecision::Day,
        }
    }

    /// The earliest calendar day the date can mean.
    pub fn first_day(&self) -> jiff::civil::Date {
        let m = self.month.unwrap_or(1);
        let d = self.day.unwrap_or(1);
        // Components were validated on construction, so this date exists.
        jiff::civil::Date::new(self.year, m, d).unwrap_or(jiff::civil::Date::MIN)
    }

    /// The latest calendar day the date can mean.
    pub fn last_day(&self) -> jiff::civil::Date {
        let m = self.month.unwrap_or(12);
        let first = jiff::civil::Date::new(self.year, m, 1).unwrap_or(jiff::civil::Date::MIN);
        match self.day {
            Some(d) => jiff::civil::Date::new(self.year, m, d).unwrap_or(first),
            None => first.last_of_month(),
        }
    }

    /// The middle of the date's range as a fractional year (2016.5 ≈ 1 July 2016), for
    /// trends over time.
    pub fn fractional_year(&self) -> f64 {
        let a = self.first_day();
        let b = self.last_day();
        let mid = |d: jiff::civil::Date| {
            let days = f64::from(d.days_in_year());
            f64::from(d.year()) + (f64::from(d.day_of_year()) - 0.5) / days
        };
        (mid(a) + mid(b)) / 2.0
    }
}

impl FromStr for PartialDate {
    type Err = Error;

    fn from_str(s: &str) -> Result<PartialDate> {
        const EXPECTED: &str = "a date as YYYY, YYYY-MM or YYYY-MM-DD";
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<i16> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let bad = || invalid(EXPECTED, s);
        let year = parts.first().and_then(|p| num(p, 4)).ok_or_else(bad)?;
        if !(1900..=2200).contains(&year) {
            return Err(invalid("a year between 1900 and 2200", s));
        }
        let month = match parts.get(1) {
            Some(p) => Some(num(p, 2).ok_or_else(bad)?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => Some(num(p, 2).ok_or_else(bad)?),
            None => None,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(invalid("a month from 01 to 12", s));
        }
        let to_i8 = |v: i16| i8::try_from(v).unwrap_or(0);
        if let (Some(m), Some(d)) = (month, day)
            && jiff::civil::Date::new(year, to_i8(m), to_i8(d)).is_err()
        {
            return Err(invalid("a day that exists in that month", s));
        }
        Ok(PartialDate {
            year,
            month: month.map(to_i8),
            day: day.map(to_i8),
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A published figure in percent, kept exactly as printed: `59.1` stays `59.1`, `80`
/// stays `80`, `59.0` stays `59.0` (precision is information).
///
/// # Example
/// ```
/// let p: yoron::Percent = "59.0".parse()?;
/// assert_eq!(p.value(), 59.0);
/// assert_eq!(p.decimals(), 1);
/// assert_eq!(p.to_string(), "59.0");
/// assert_eq!(p.rounding_half_width(), 0.05);
/// assert!("12,5".parse::<yoron::Percent>().is_err());
/// assert!("101".parse::<yoron::Percent>().is_err());
/// assert!("059.1".parse::<yoron::Percent>().is_err()); // a slip, not 59.1
/// assert_eq!("0.5".parse::<yoron::Percent>()?.value(), 0.5);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Percent {
    text: Box<str>,
    value: f64,
}

impl Percent {
    /// The figure as a number of percent.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The figure as a proportion in [0, 1].
    pub fn proportion(&self) -> f64 {
        self.value / 100.0
    }

    /// How many digits were printed after the decimal point.
    pub fn decimals(&self) -> u8 {
        self.text
            .split_once('.')
            .map_or(0, |(_, d)| u8::try_from(d.len()).unwrap_or(u8::MAX))
    }

    /// Half a unit of the last printed digit: the most that rounding can hide (0.5 for
    /// whole percents, 0.05 for one decimal).
    pub fn rounding_half_width(&self) -> f64 {
        0.5 * 10f64.powi(-i32::from(self.decimals()))
    }

    /// The figure exactly as published.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for Percent {
    type Err = Error;

    fn from_str(s: &str) -> Result<Percent> {
        const EXPECTED: &str = "a number in [0, 100] written with digits and an optional decimal point (e.g. 38 or 59.1)";
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(int) && int.len() <= 3 && frac.is_none_or(|f| digits(f) && f.len() <= 6);
        if !ok {
            return Err(invalid(EXPECTED, s));
        }
        // No publisher prints "059.1" or "07": a leading zero is a typing or export slip
        // whose intended figure cannot be known, so it is refused rather than read as 59.1.
        if int.len() > 1 && int.starts_with('0') {
            return Err(invalid(
                "a number in [0, 100] without leading zeros (e.g. 7 or 0.5)",
                s,
            ));
        }
        let value: f64 = s.parse().map_err(|_| invalid(EXPECTED, s))?;
        if !(0.0..=100.0).contains(&value) {
            return Err(invalid("a number in [0, 100]", s));
        }
        Ok(Percent {
            text: s.into(),
            value,
        })
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A sample size: a whole number of respondents, at least 1.
///
/// # Example
/// ```
/// let n: yoron::SampleSize = "1010".parse()?;
/// assert_eq!(n.get(), 1010);
/// assert!("0".parse::<yoron::SampleSize>().is_err());
/// assert!("1,010".parse::<yoron::SampleSize>().is_err());
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SampleSize(NonZeroU32);

impl SampleSize {
    /// A sample size from a number of respondents.
    ///
    /// # Errors
    /// When `n` is zero.
    ///
    /// # Example
    /// ```
    /// assert!(yoron::SampleSize::new(0).is_err());
    /// ```
    pub fn new(n: u32) -> Result<SampleSize> {
        NonZeroU32::new(n)
            .map(SampleSize)
            .ok_or_else(|| invalid("a sample size of at least 1", "0"))
    }

    /// The number of respondents.
    pub fn get(&self) -> u32 {
        self.0.get()
    }
}

impl FromStr for SampleSize {
    type Err = Error;

    fn from_str(s: &str) -> Result<SampleSize> {
        const EXPECTED: &str =
            "a whole number of respondents, at least 1, written with digits only";
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(EXPECTED, s));
        }
        let n: u32 = s.parse().map_err(|_| invalid(EXPECTED, s))?;
        SampleSize::new(n).map_err(|_| invalid(EXPECTED, s))
    }
}

impl fmt::Display for SampleSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, $example:literal => $example_variant:ident,
     { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        ///
        /// # Example
        /// ```
        #[doc = concat!("let v: yoron::", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(v, yoron::", stringify!($name), "::", stringify!($example_variant), ");")]
        #[doc = concat!("assert_eq!(v.code(), \"", $example, "\");")]
        /// # Ok::<(), yoron::Error>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code used in files.
            pub fn code(&self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<$name> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err(invalid(
                        &format!("a {} ({})", $what, [$($code),+].join(" | ")),
                        s,
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// How respondents were interviewed.
    Mode, "survey mode", "postal" => Postal, {
        /// Face-to-face interviews.
        FaceToFace = "face_to_face",
        /// Telephone interviews (landline and/or mobile).
        Telephone = "telephone",
        /// A questionnaire sent and returned by post.
        Postal = "postal",
        /// An online panel or web questionnaire.
        Online = "online",
        /// A self-administered questionnaire left and collected by an interviewer (訪問留置).
        Placement = "placement",
        /// More than one mode in the same wave.
        Mixed = "mixed",
    }
);

code_enum!(
    /// Whether a respondent could give one answer or several.
    ResponseFormat, "response format", "multi" => Multiple, {
        /// One answer per respondent: the options of a wave sum to at most 100 %.
        Single = "single",
        /// Several answers allowed: the options may sum to more than 100 %.
        Multiple = "multi",
    }
);

code_enum!(
    /// What an option is: a substantive answer, a publisher's net of scale points, or a
    /// non-answer.
    OptionKind, "option kind", "dont_know" => DontKnow, {
        /// A substantive answer.
        Substantive = "substantive",
        /// A publisher's sum of scale points (e.g. `feel_total` = feel + somewhat feel).
        Net = "net",
        /// "Don't know".
        DontKnow = "dont_know",
        /// "No answer" / refused.
        NoAnswer = "no_answer",
        /// Don't know and no answer combined (e.g. "opinion withheld").
        DkNa = "dk_na",
    }
);

impl OptionKind {
    /// True for substantive answers and nets, false for don't know / no answer.
    ///
    /// # Example
    /// ```
    /// assert!(!yoron::OptionKind::DkNa.is_substantive());
    /// ```
    pub fn is_substantive(&self) -> bool {
        matches!(self, OptionKind::Substantive | OptionKind::Net)
    }
}

code_enum!(
    /// Whether a figure was read in its original publication, in a secondary one, or in the
    /// paper whose claims yoron checks.
    SourceKind, "source kind", "secondary" => Secondary, {
        /// Read in the publisher's release or a news outlet's own report of it.
        Primary = "primary",
        /// Read in a secondary source: a blog, a forum or a repost.
        Secondary = "secondary",
        /// Read in the paper whose claims yoron checks (`data/claims.csv`): such a figure
        /// cannot confirm the paper.
        Paper = "paper",
    }
);

code_enum!(
    /// How a figure stands when sources give different figures for the same thing.
    ConflictMark, "conflict mark, or empty when there is no conflict", "preferred" => Preferred, {
        /// The figure yoron uses for this key.
        Preferred = "preferred",
        /// Another source's figure for the same key, kept and shown but not used.
        Alternative = "alternative",
    }
);

code_enum!(
    /// What changes at a series break.
    BreakKind, "break kind", "population" => Population, {
        /// The interview mode changed (e.g. face-to-face to postal).
        Mode = "mode",
        /// The population sampled changed (e.g. 20+ to 18+).
        Population = "population",
        /// The organisations running the survey changed.
        Partner = "partner",
        /// The question was worded differently.
        Wording = "wording",
        /// The wave comes from a different survey than the rest of the series.
        DifferentSurvey = "different_survey",
        /// Not a break: a recorded decision that the series continues (trends do not split).
        Note = "note",
    }
);

code_enum!(
    /// How far a break reaches.
    BreakExtent, "break extent", "only" => Only, {
        /// The series changes before this wave and stays changed.
        From = "from",
        /// This wave alone differs: a break before it and after it.
        Only = "only",
    }
);
