//! The bundled, cited series: compiled into the library, parsed once, no files needed.
//!
//! Every figure comes from `shared/sources/polls.csv` or `polls-2.csv` (709 + 158 published
//! figures, each with the publication it comes from and where it was read); `data/README.md` gives the provenance
//! table, and each row's [`FigureRef::source_ref`](crate::FigureRef::source_ref) names the
//! source row. Where sources disagree both figures are kept and one is marked preferred,
//! with the reason ([`Dataset::conflicts`]).
//!
//! # Example
//! ```
//! use yoron::Country;
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let kr = threat.topline("2016", Country::KR)?;
//! assert_eq!(kr.figure("north_korea")?.percent().as_str(), "84");
//! assert_eq!(kr.wave().n().map(|n| n.get()), Some(1010));
//! # Ok::<(), yoron::Error>(())
//! ```

use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Dataset, SeriesId, SeriesInfo, SeriesRef};

/// The tidy CSV files, one per series, as compiled in.
pub const FILES: [(&str, &str); 6] = [
    (
        "data/genron_eai.csv",
        include_str!("../../data/genron_eai.csv"),
    ),
    (
        "data/yomiuri_hankook.csv",
        include_str!("../../data/yomiuri_hankook.csv"),
    ),
    (
        "data/gallup_korea.csv",
        include_str!("../../data/gallup_korea.csv"),
    ),
    (
        "data/cabinet_office.csv",
        include_str!("../../data/cabinet_office.csv"),
    ),
    (
        "data/yomiuri_gallup.csv",
        include_str!("../../data/yomiuri_gallup.csv"),
    ),
    ("data/eai_api.csv", include_str!("../../data/eai_api.csv")),
];

/// Names and descriptions of the bundled series.
const SERIES_CSV: &str = include_str!("../../data/series.csv");

/// The recorded series breaks and notes (`data/README.md` explains each).
const BREAKS_CSV: &str = include_str!("../../data/breaks.csv");

/// Parses the bundled files: each with the tidy-format validator, then combined.
pub(crate) fn load() -> Result<Dataset> {
    let mut all = Dataset::default();
    for (name, text) in FILES {
        let ds = Dataset::from_csv_bytes(text.as_bytes())
            .map_err(|e| e.with_path(std::path::Path::new(name)))?;
        all.append(ds);
    }
    let mut rdr = csv::Reader::from_reader(SERIES_CSV.as_bytes());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            crate::csv_text::malformed(&e).with_path(std::path::Path::new("data/series.csv"))
        })?;
        let field = |i: usize| rec.get(i).unwrap_or_default().to_string();
        let id: SeriesId = field(0).parse()?;
        if let Some((_, info)) = all.series.iter_mut().find(|(s, _)| *s == id) {
            *info = SeriesInfo {
                name: field(1),
                name_ja: field(2),
                name_ko: field(3),
                publisher: field(4),
                description: field(5),
            };
        }
    }
    all.breaks = crate::model::read_breaks_csv(BREAKS_CSV, "data/breaks.csv")?;
    // Every break names a wave (and question) of the data: a break on nothing would be
    // silently ignored by trends.
    for b in &all.breaks {
        let found = all.figures().any(|f| {
            let w = f.wave();
            w.series() == b.series()
                && w.id() == b.wave()
                && w.country() == b.country()
                && b.question().is_none_or(|q| f.question().id() == q)
        });
        if !found {
            return Err(Error::new(ErrorKind::InvalidValue {
                expected: "data/breaks.csv: a break on a wave and question of the data".into(),
                found: b.to_string(),
            }));
        }
    }
    Ok(all)
}

/// All six bundled series.
///
/// # Example
/// ```
/// let ds = yoron::datasets::bundled();
/// assert_eq!(ds.len(), 867);
/// assert!(ds.figures().all(|f| !f.source().publication().is_empty()));
/// ```
pub fn bundled() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        // The bundled files are checked by the test suite on every build, so a failure
        // here is a defect of the crate itself, never of a user's input.
        #[allow(clippy::expect_used)]
        load().expect("the bundled data is valid (checked by tests)")
    })
}

/// The bundled data with your own tidy files (CSV, or JSON when the name ends in `.json`)
/// added: a new wave or question of a bundled series joins that series, a new series stands
/// beside them, and a figure the bundled data already holds is an error unless your file
/// marks its row as a conflict (`preferred` or `alternative`, from a different source; the
/// bundled figure then takes the other role). A wave or question column your file leaves
/// empty takes the bundled value; a different value is an error. The bundled series keep
/// their names, descriptions and recorded breaks. [`Dataset::from_paths`] reads your files
/// without the bundled data.
///
/// # Errors
/// Every problem of every file, with file, line and column; a clash names the bundled file
/// and line it clashes with. Nothing is loaded when there is any problem.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("mine.csv");
/// let header = "series,wave,country,question,response,option,percent,source,conflict,conflict_note\n";
/// // Made-up figures of a wave the bundled series does not hold.
/// std::fs::write(&path, format!("{header}genron_eai,2099,JP,military_threat,multi,north_korea,70,My 2099 report,,\n"))?;
/// let ds = yoron::datasets::bundled_with(&[&path])?;
/// assert_eq!(ds.len(), yoron::datasets::bundled().len() + 1);
/// assert!(ds.series("genron_eai")?.waves().any(|w| w.id().as_str() == "2099"));
///
/// // A figure the bundled data holds (Japan 2016: 73 % see North Korea as a threat) is a
/// // clash ...
/// std::fs::write(&path, format!("{header}genron_eai,2016_4th,JP,military_threat,multi,north_korea,74,My source,,\n"))?;
/// let err = yoron::datasets::bundled_with(&[&path]).unwrap_err();
/// assert!(err.to_string().contains("first on data/genron_eai.csv (bundled) line"));
/// // ... unless the file marks it as a conflict: here the bundled figure stays preferred.
/// std::fs::write(&path, format!("{header}genron_eai,2016_4th,JP,military_threat,multi,north_korea,74,My source,alternative,my source rounds differently\n"))?;
/// let ds = yoron::datasets::bundled_with(&[&path])?;
/// let q = ds.series("genron_eai")?.question("military_threat")?;
/// let f = q.topline("2016", yoron::Country::JP)?.figure("north_korea")?;
/// assert_eq!((f.percent().as_str(), f.is_preferred()), ("73", true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bundled_with<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<Dataset> {
    Dataset::bundled_with(paths)
}

fn bundled_series(id: &SeriesId) -> SeriesRef<'static> {
    let ds = bundled();
    // The six bundled ids are present in the bundled data (checked by tests).
    #[allow(clippy::expect_used)]
    ds.series(id.as_str()).expect("bundled series present")
}

/// The Genron NPO / East Asia Institute joint poll.
///
/// # Example
/// ```
/// assert_eq!(yoron::datasets::genron_eai().id().as_str(), "genron_eai");
/// ```
pub fn genron_eai() -> SeriesRef<'static> {
    bundled_series(&SeriesId::GenronEai)
}

/// The Yomiuri Shimbun / Hankook Ilbo joint poll.
///
/// # Example
/// ```
/// assert_eq!(yoron::datasets::yomiuri_hankook().id().as_str(), "yomiuri_hankook");
/// ```
pub fn yomiuri_hankook() -> SeriesRef<'static> {
    bundled_series(&SeriesId::YomiuriHankook)
}

/// Gallup Korea's Daily Opinion and related Gallup Korea surveys.
///
/// # Example
/// ```
/// assert_eq!(yoron::datasets::gallup_korea().id().as_str(), "gallup_korea");
/// ```
pub fn gallup_korea() -> SeriesRef<'static> {
    bundled_series(&SeriesId::GallupKorea)
}

/// The Cabinet Office of Japan's Public Opinion Survey on Diplomacy.
///
/// # Example
/// ```
/// let s = yoron::datasets::cabinet_office();
/// assert!(s.waves().any(|w| w.series_break().is_some())); // FY2020: face-to-face → postal
/// ```
pub fn cabinet_office() -> SeriesRef<'static> {
    bundled_series(&SeriesId::CabinetOffice)
}

/// The Yomiuri Shimbun / Gallup Japan–US joint poll: the Japanese sample's military-threat
/// question, 2006–2022.
///
/// # Example
/// ```
/// use yoron::Country;
/// let q = yoron::datasets::yomiuri_gallup().question("military_threat")?;
/// let t = q.topline("2017", Country::JP)?;
/// assert_eq!(t.figure("north_korea")?.percent().as_str(), "83");
/// assert_eq!(t.wave().n().map(|n| n.get()), Some(1025));
/// # Ok::<(), yoron::Error>(())
/// ```
pub fn yomiuri_gallup() -> SeriesRef<'static> {
    bundled_series(&SeriesId::YomiuriGallup)
}

/// The East Asia Institute / Asia-Pacific Initiative Korea–Japan survey of 2025: EAI's
/// survey with a new Japanese partner, kept apart from [`genron_eai`] (data/README.md says
/// why).
///
/// # Example
/// ```
/// use yoron::Country;
/// let q = yoron::datasets::eai_api().question("impression_of_other")?;
/// let kr = q.topline("2025", Country::KR)?;
/// assert_eq!(kr.figure("good_total")?.percent().as_str(), "52.4");
/// assert_eq!(kr.wave().n().map(|n| n.get()), Some(1585));
/// # Ok::<(), yoron::Error>(())
/// ```
pub fn eai_api() -> SeriesRef<'static> {
    bundled_series(&SeriesId::EaiApi)
}
