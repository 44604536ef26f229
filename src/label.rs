//! Words for readers, in English, Japanese and Korean: the [`Lang`] a table or chart is
//! written in, and the bundled labels of the bundled data (`data/labels.csv`, compiled in)
//! as [`Text`]. Tables print these labels; ids stay in CSV and JSON.
//!
//! A chart built from data carries every label in English, Japanese and Korean, so
//! [`Lang`] can be chosen after the chart is built. Where the data has original wording
//! (questions in `question_text_ja`/`question_text_ko`, series names in `data/series.csv`),
//! that wording is used; the short labels (question titles, options, countries, source
//! names) come from `data/labels.csv`. Whatever has no label in a language falls back to
//! the English one, never to a blank.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::model::{Country, Question};

/// The traits of a closed set of values known by their names (the words `--flag`s take,
/// JSON holds and messages print), from the type's `ALL` and its name method:
/// - `named!(lenient T::name, "what")` and `named!(exact T::name, "what")`: `Display` as
///   the name, and `FromStr` finding the value of that name in `T::ALL`, ignoring case and
///   surrounding blanks (`lenient`) or as written (`exact`); an unknown name is an error
///   listing the names;
/// - `named!(serialize T::name)`: `Serialize` as the name;
/// - `named!(display T::name)`: `Display` alone (for a set parsed by its own rules).
macro_rules! named {
    (lenient $ty:ident :: $name:ident, $what:literal) => {
        $crate::label::named!(display $ty::$name);
        $crate::label::named!(@parse $ty::$name, $what, |name: &str, s: &str| {
            name.eq_ignore_ascii_case(s.trim())
        });
    };
    (exact $ty:ident :: $name:ident, $what:literal) => {
        $crate::label::named!(display $ty::$name);
        $crate::label::named!(@parse $ty::$name, $what, |name: &str, s: &str| name == s);
    };
    (display $ty:ident :: $name:ident) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$name())
            }
        }
    };
    (serialize $ty:ident :: $name:ident) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.$name())
            }
        }
    };
    (@parse $ty:ident :: $name:ident, $what:literal, $same:expr) => {
        impl std::str::FromStr for $ty {
            type Err = $crate::Error;

            /// Parses a name (see the type's name method).
            fn from_str(s: &str) -> std::result::Result<$ty, $crate::Error> {
                let same = $same;
                $ty::ALL
                    .into_iter()
                    .find(|v| same(v.$name(), s))
                    .ok_or_else(|| $crate::Error::unknown_name($what, s, $ty::ALL.map($ty::$name)))
            }
        }
    };
}
pub(crate) use named;

/// A language yoron writes in: labels of tables and charts, and a chart's fixed strings
/// (axis titles, "Source", notes, country names).
///
/// Charts built from data carry their labels in every language (see
/// [`Text`]), so the language can be set after building. The default is
/// English.
///
/// # Example
/// ```
/// use yoron::label::Lang;
/// let lang: Lang = "ja".parse().unwrap();
/// assert_eq!(lang, Lang::Ja);
/// assert_eq!(Lang::default(), Lang::En);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, in the order of [`Lang::code`]'s documentation.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::Ko];

    /// The language's two-letter code: `en`, `ja` or `ko`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::label::Lang::Ko.code(), "ko");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }
}

named!(lenient Lang::code, "language");

/// A label in English, and optionally in Japanese and Korean; drawn in the chart's
/// language, falling back to the English text.
///
/// Every label a chart takes is `impl Into<Text>`: a plain `&str` or `String` is drawn as
/// given in every language.
///
/// # Example
/// ```
/// use yoron::label::{Lang, Text};
/// let t = Text::new("China").ja("中国").ko("중국");
/// assert_eq!(t.get(Lang::Ko), "중국");
/// let plain: Text = "Russia".into();
/// assert_eq!(plain.get(Lang::Ja), "Russia");
/// assert_eq!(plain.translated(Lang::Ja), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    en: String,
    ja: Option<String>,
    ko: Option<String>,
}

impl Text {
    /// A text in English (or in whatever language it is written: it is drawn as given
    /// where no translation is set).
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::label::Text::new("Japan").to_string(), "Japan");
    /// ```
    pub fn new(text: impl Into<String>) -> Text {
        Text {
            en: text.into(),
            ja: None,
            ko: None,
        }
    }

    /// The same text with its Japanese version (ignored when empty).
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// assert_eq!(Text::new("Japan").ja("日本").get(Lang::Ja), "日本");
    /// ```
    pub fn ja(self, text: impl Into<String>) -> Text {
        Text {
            ja: non_empty(text.into()),
            ..self
        }
    }

    /// The same text with its Korean version (ignored when empty).
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// assert_eq!(Text::new("Japan").ko("일본").get(Lang::Ko), "일본");
    /// ```
    pub fn ko(self, text: impl Into<String>) -> Text {
        Text {
            ko: non_empty(text.into()),
            ..self
        }
    }

    /// The text in `lang`, else the English text.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// assert_eq!(Text::new("Japan").ja("日本").get(Lang::Ko), "Japan");
    /// ```
    pub fn get(&self, lang: Lang) -> &str {
        self.translated(lang).unwrap_or(&self.en)
    }

    /// The text in `lang` when there is one (English always is).
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let t = Text::new("Japan").ja("日本");
    /// assert_eq!(t.translated(Lang::Ja), Some("日本"));
    /// assert_eq!(t.translated(Lang::Ko), None);
    /// assert_eq!(t.translated(Lang::En), Some("Japan"));
    /// ```
    pub fn translated(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => Some(&self.en),
            Lang::Ja => self.ja.as_deref(),
            Lang::Ko => self.ko.as_deref(),
        }
    }

    /// True when the English text is empty or blank.
    #[cfg_attr(not(feature = "chart"), allow(dead_code))]
    pub(crate) fn is_blank(&self) -> bool {
        self.en.trim().is_empty()
    }

    /// A text made per language by `f` (every language gets one).
    #[cfg_attr(not(feature = "chart"), allow(dead_code))]
    pub(crate) fn each(f: impl Fn(Lang) -> String) -> Text {
        Text {
            en: f(Lang::En),
            ja: non_empty(f(Lang::Ja)),
            ko: non_empty(f(Lang::Ko)),
        }
    }

    /// The label of a series as a source: publisher and survey name, in the original
    /// wording where the data has it. Unknown series fall back to `publisher`, then to the
    /// id.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let s = Text::for_series("cabinet_office", "");
    /// assert_eq!(s.get(Lang::Ja), "内閣府「外交に関する世論調査」");
    /// assert_eq!(Text::for_series("my_poll", "My Institute").get(Lang::Ko), "My Institute");
    /// ```
    pub fn for_series(series: &str, publisher: &str) -> Text {
        lookup("series", series.to_string()).unwrap_or_else(|| {
            Text::new(if publisher.trim().is_empty() {
                series
            } else {
                publisher
            })
        })
    }

    /// A country's name: Japan, 日本, 일본; the ISO code for countries without a label.
    ///
    /// # Example
    /// ```
    /// use yoron::Country;
    /// use yoron::label::{Lang, Text};
    /// assert_eq!(Text::for_country(Country::KR).get(Lang::Ja), "韓国");
    /// assert_eq!(Text::for_country("FR".parse()?).get(Lang::Ja), "FR");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_country(country: Country) -> Text {
        lookup("country", country.code().to_string()).unwrap_or_else(|| Text::new(country.name()))
    }

    /// A question's short title (for chart titles); without a label, the data's own
    /// wording (`question_text`, with `question_text_ja`/`_ko` where the data has them), and
    /// the id made readable when the data has no wording either.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// assert_eq!(Text::for_question(q.question()).get(Lang::Ko), "군사적 위협이 된다고 생각하는 나라");
    /// // A question of the user's own: its wording in each language the file gives.
    /// let csv = "series,publisher,wave,country,question,question_text,question_text_ja,response,option,percent\n\
    ///            my_poll,My Institute,2025,JP,trust,Do you trust them?,信頼しますか,single,yes,40\n\
    ///            my_poll,My Institute,2025,JP,no_text,,,single,yes,40\n";
    /// let ds = yoron::Dataset::from_csv_reader(csv.as_bytes())?;
    /// let s = ds.series("my_poll")?;
    /// let t = Text::for_question(s.question("trust")?.question());
    /// assert_eq!((t.get(Lang::En), t.get(Lang::Ja), t.get(Lang::Ko)), ("Do you trust them?", "信頼しますか", "Do you trust them?"));
    /// assert_eq!(Text::for_question(s.question("no_text")?.question()).get(Lang::En), "No text");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_question(question: &Question) -> Text {
        lookup("question", question_key(question)).unwrap_or_else(|| {
            let mut t = Text::new(if question.text().trim().is_empty() {
                readable(question.id().as_str())
            } else {
                question.text().to_string()
            });
            if let Some(ja) = question.text_ja() {
                t = t.ja(ja);
            }
            if let Some(ko) = question.text_ko() {
                t = t.ko(ko);
            }
            t
        })
    }

    /// A question as the line label of a trend chart: a short form where the bundled
    /// labels have one ("South Korea" for affinity toward South Korea), else its title.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let q = yoron::datasets::cabinet_office().question("affinity_us")?;
    /// assert_eq!(Text::for_question_line(q.question()).get(Lang::Ja), "アメリカ");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_question_line(question: &Question) -> Text {
        lookup("legend", question_key(question)).unwrap_or_else(|| Text::for_question(question))
    }

    /// A question's wording as respondents read it: the original Japanese and Korean
    /// wording where the data has it, else the English wording.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let w = Text::for_wording(q.question());
    /// assert_eq!(w.get(Lang::Ja), "あなたは、韓国に親しみを感じますか、それとも感じませんか");
    /// assert_eq!(w.get(Lang::En), "Do you feel affinity toward South Korea?");
    /// assert_eq!(w.translated(Lang::Ko), None); // asked in Japan only
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn for_wording(question: &Question) -> Text {
        // Some English texts of the data carry codebook notes (and Japanese scale labels);
        // the bundled labels give the plain wording for drawing.
        let en = table()
            .get(&("wording", question_key(question)))
            .map_or(question.text(), |t| t.get(Lang::En));
        let mut t = Text::new(en);
        if let Some(ja) = question.text_ja() {
            t = t.ja(ja);
        }
        if let Some(ko) = question.text_ko() {
            t = t.ko(ko);
        }
        t
    }

    /// An option's label: the bundled label for this question, else for this series, else
    /// for the option id anywhere; else the id made readable (`not_feel` → "Not feel").
    ///
    /// # Example
    /// ```
    /// use yoron::label::{Lang, Text};
    /// let t = Text::for_option("genron_eai", "military_threat", "north_korea");
    /// assert_eq!((t.get(Lang::Ja), t.get(Lang::Ko)), ("北朝鮮", "북한"));
    /// assert_eq!(Text::for_option("my_poll", "q1", "very_likely").get(Lang::Ja), "Very likely");
    /// ```
    pub fn for_option(series: &str, question: &str, option: &str) -> Text {
        let t = table();
        [
            format!("{series}/{question}/{option}"),
            format!("{series}/{option}"),
            option.to_string(),
        ]
        .into_iter()
        .find_map(|k| t.get(&("option", k)).cloned())
        .unwrap_or_else(|| Text::new(readable(option)))
    }
}

/// A result written for readers in one language: its labels (question titles, options)
/// in `lang`, its numbers and fixed words as always. Made by the `in_lang` method of a
/// result type (e.g. [`GapTable::in_lang`](crate::compare::GapTable::in_lang)); the result's
/// own `Display` is the English one. Ids stay in CSV and JSON output.
///
/// # Example
/// ```
/// use yoron::compare::{CompareOptions, GapTable};
/// use yoron::label::Lang;
/// let q = yoron::datasets::genron_eai().question("military_threat")?;
/// let t = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
/// assert!(t.to_string().contains("North Korea"));
/// assert!(t.in_lang(Lang::Ja).to_string().contains("北朝鮮"));
/// assert_eq!(t.in_lang(Lang::Ko).lang(), Lang::Ko);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct InLang<'a, T: ?Sized> {
    value: &'a T,
    lang: Lang,
}

impl<'a, T: ?Sized> InLang<'a, T> {
    /// `value` to be written in `lang`.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{InLang, Lang};
    /// let x = InLang::new(&3, Lang::Ja);
    /// assert_eq!((*x.value(), x.lang()), (3, Lang::Ja));
    /// ```
    pub fn new(value: &'a T, lang: Lang) -> InLang<'a, T> {
        InLang { value, lang }
    }

    /// The result.
    ///
    /// # Example
    /// ```
    /// assert_eq!(*yoron::label::InLang::new(&3, yoron::label::Lang::En).value(), 3);
    /// ```
    pub fn value(&self) -> &'a T {
        self.value
    }

    /// The language.
    ///
    /// # Example
    /// ```
    /// use yoron::label::{InLang, Lang};
    /// assert_eq!(InLang::new(&3, Lang::Ko).lang(), Lang::Ko);
    /// ```
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

impl fmt::Display for Text {
    /// Writes the English text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s.as_str())
    }
}

impl From<&Text> for Text {
    fn from(t: &Text) -> Text {
        t.clone()
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// `not_feel` → "Not feel".
fn readable(id: &str) -> String {
    let spaced = id.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

type Table = HashMap<(&'static str, String), Text>;

/// The bundled labels: `kind,key,en,ja,ko`.
const LABELS_CSV: &str = include_str!("../data/labels.csv");

/// The kinds of rows in `data/labels.csv`.
const KINDS: [&str; 6] = [
    "series", "country", "question", "legend", "wording", "option",
];

/// The bundled label of this kind and key.
fn lookup(kind: &'static str, key: String) -> Option<Text> {
    table().get(&(kind, key)).cloned()
}

/// A question's key in the labels file: `series/question`.
fn question_key(question: &Question) -> String {
    format!("{}/{}", question.series(), question.id())
}

/// The labels, parsed once. The file is part of the crate and checked by a test, so a row
/// that does not parse is skipped rather than failing every chart.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(LABELS_CSV).0)
}

/// Parses the labels file; the second value lists the problems (for the test).
fn parse(csv_text: &str) -> (Table, Vec<String>) {
    let mut table = Table::new();
    let mut problems = Vec::new();
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let field = |k: usize| rec.get(k).unwrap_or("").trim();
        let Some(kind) = KINDS.iter().find(|k| **k == field(0)) else {
            problems.push(format!("line {line}: unknown kind \"{}\"", field(0)));
            continue;
        };
        let (key, en) = (field(1), field(2));
        if key.is_empty() || en.is_empty() {
            problems.push(format!("line {line}: empty key or English label"));
            continue;
        }
        let text = Text::new(en).ja(field(3)).ko(field(4));
        if table.insert((*kind, key.to_string()), text).is_some() {
            problems.push(format!("line {line}: {kind} \"{key}\" twice"));
        }
    }
    (table, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_labels_parse_without_problems() {
        let (table, problems) = parse(LABELS_CSV);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(table.len() > 200);
        for ((kind, key), t) in &table {
            if *kind != "wording" {
                assert!(t.ja.is_some() && t.ko.is_some(), "{kind} {key}: {t:?}");
            }
        }
    }

    #[test]
    fn every_bundled_question_and_option_has_a_label_in_every_language() {
        let ds = crate::datasets::bundled();
        for s in ds.all_series() {
            let src = Text::for_series(s.id().as_str(), "");
            assert!(
                Lang::ALL.iter().all(|l| src.translated(*l).is_some()),
                "{}",
                s.id()
            );
            // Where the data has the survey's own name, the source label uses it.
            if let Some(ja) = s.info().name_ja() {
                assert!(src.get(Lang::Ja).contains(ja), "{}: {ja}", s.id());
            }
            if let Some(ko) = s.info().name_ko() {
                assert!(src.get(Lang::Ko).contains(ko), "{}: {ko}", s.id());
            }
            for q in s.questions() {
                let qq = q.question();
                let key = format!("{}/{}", qq.series(), qq.id());
                assert!(table().contains_key(&("question", key.clone())), "{key}");
                for o in q.options() {
                    let t = Text::for_option(qq.series().as_str(), qq.id().as_str(), o.as_str());
                    for l in Lang::ALL {
                        assert!(t.translated(l).is_some(), "{key}/{o} in {l}");
                    }
                }
            }
        }
    }

    #[test]
    fn english_wording_of_the_bundled_data_is_latin_only() {
        // An English chart must draw with a Latin-only font (DejaVu) too.
        let ds = crate::datasets::bundled();
        for s in ds.all_series() {
            for q in s.questions() {
                let w = Text::for_wording(q.question());
                assert!(
                    w.get(Lang::En).chars().all(|c| (c as u32) < 0x2E80),
                    "{}: {}",
                    q.question().id(),
                    w.get(Lang::En)
                );
            }
        }
    }

    #[test]
    fn unknown_ids_fall_back_to_readable_english_never_blank() {
        let t = Text::for_option("x", "y", "not_at_all");
        for l in Lang::ALL {
            assert_eq!(t.get(l), "Not at all");
        }
        assert_eq!(Text::for_series("x", "  ").get(Lang::Ko), "x");
        assert_eq!(readable(""), "");
    }

    #[test]
    fn problems_in_a_labels_file_are_reported() {
        let (_, p) =
            parse("kind,key,en,ja,ko\nfoo,a,b,c,d\noption,,x,y,z\noption,a,A,,\noption,a,B,,\n");
        assert_eq!(p.len(), 3, "{p:?}");
    }
}
