//! The comparison results as tables for readers: each result builds its cells once, in
//! its own module (`table(lang)`: caption, header, rows, notes, see [`crate::table::Cells`]),
//! and this module writes them as an aligned text table (`Display`, on the type in English
//! and on `in_lang(lang)` in Japanese or Korean) and as an HTML fragment for notebooks
//! (`to_html`, `evcxr_display`, feature `evcxr`) and web pages. A column added to a table
//! thus shows in the terminal, the notebook and the report alike.

use std::fmt;

use super::{ChangeTable, CrossSeries, GapTable, Mirror, RankTable};
use crate::label::{InLang, Lang};

/// For each result type: `Display` and `to_html`/`evcxr_display` in English on the type, and
/// the same in any language on `in_lang(lang)`, all from the type's `table(lang)`.
macro_rules! tables {
    ($ty:ident, $class:literal, $setup:expr, $html_doc:expr) => {
        impl fmt::Display for $ty {
            /// The English table ([`in_lang`](Self::in_lang) for Japanese or Korean labels).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.in_lang(Lang::En).fmt(f)
            }
        }

        impl fmt::Display for InLang<'_, $ty> {
            /// The table in this language: caption, aligned columns, then the notes and
            /// the source line.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value().table(self.lang()).to_text())
            }
        }

        impl $ty {
            /// The table as an HTML fragment, labels in English (see `in_lang(lang).to_html()`
            /// for Japanese or Korean): caption, header, rows, then the notes and the source
            /// line.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// let html = t.to_html();
            /// assert!(html.starts_with("<table class=\"yoron-"));
            /// assert!(html.contains("</tfoot>"));
            /// # Ok::<(), yoron::Error>(())
            /// ```
            pub fn to_html(&self) -> String {
                self.in_lang(Lang::En).to_html()
            }

            /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel): `to_html`
            /// in evcxr's display envelope.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// t.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
            /// # Ok::<(), yoron::Error>(())
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                crate::table::evcxr_html(&self.to_html());
            }
        }

        impl InLang<'_, $ty> {
            #[doc = $html_doc]
            pub fn to_html(&self) -> String {
                self.value().table(self.lang()).to_html($class)
            }

            /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), labels in
            /// this language.
            ///
            /// # Example
            /// ```
            #[doc = $setup]
            /// t.in_lang(yoron::label::Lang::Ko).evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
            /// # Ok::<(), yoron::Error>(())
            /// ```
            #[cfg(feature = "evcxr")]
            pub fn evcxr_display(&self) {
                crate::table::evcxr_html(&self.to_html());
            }
        }
    };
}

tables!(
    GapTable,
    "yoron-gap-table",
    "# let q = yoron::datasets::genron_eai().question(\"military_threat\")?;
# let t = yoron::compare::GapTable::for_wave(&q, \"2016\", Default::default())?;",
    r#"The table as an HTML fragment, labels in this language: each option's two figures, the
gap in points with its interval, p and adjusted p, and the verdict, then the method note and
the source line.

# Example
```
use yoron::compare::{CompareOptions, GapTable};
use yoron::label::Lang;
let q = yoron::datasets::genron_eai().question("military_threat")?;
let gaps = GapTable::for_wave(&q, "2016", CompareOptions::new())?;
let html = gaps.to_html();
assert!(html.starts_with("<table"));
assert!(html.contains("<caption>Countries seen as a military threat: JP vs KR</caption>"));
assert!(html.contains("<td>North Korea</td><td>73</td><td>84</td><td>−11.0</td>"));
assert!(html.contains("Source: The Genron NPO"));
assert!(html.contains("&amp; East Asia Institute"));
assert!(gaps.in_lang(Lang::Ja).to_html().contains("<td>北朝鮮</td>"));
# Ok::<(), yoron::Error>(())
```"#
);
tables!(
    RankTable,
    "yoron-rank-table",
    "# let q = yoron::datasets::genron_eai().question(\"military_threat\")?;
# let t = yoron::compare::RankTable::new(&q.topline(\"2016\", yoron::Country::KR)?, Default::default())?;",
    r#"The table as an HTML fragment, labels in this language: rank (`=2` for a tie with
the rank above), option, figure, interval, difference from the option above and its
adjusted p, then the method note and the source line.

# Example
```
use yoron::compare::{CompareOptions, RankTable};
use yoron::label::Lang;
let q = yoron::datasets::genron_eai().question("military_threat")?;
let ranks = RankTable::new(&q.topline("2016", yoron::Country::KR)?, CompareOptions::new())?;
let html = ranks.to_html();
assert!(html.contains("<tr><td>1</td><td>North Korea</td><td>84</td>"));
assert!(html.contains("<td>=2</td><td>China</td><td>36</td>")); // tied with Japan's 38
assert!(html.contains("Source: The Genron NPO (Japan) &amp; East Asia Institute"));
assert!(ranks.in_lang(Lang::Ja).to_html().contains("<td>北朝鮮</td>"));
# Ok::<(), yoron::Error>(())
```"#
);
tables!(
    ChangeTable,
    "yoron-change-table",
    "# let q = yoron::datasets::cabinet_office().question(\"affinity_korea\")?;
# let (a, b) = (q.topline(\"FY2019\", yoron::Country::JP)?, q.topline(\"FY2020\", yoron::Country::JP)?);
# let t = yoron::compare::ChangeTable::new(&a, &b, Default::default())?;",
    r#"The table as an HTML fragment, labels in this language: each option's earlier and
later figure, the change in points with its interval, p and adjusted p, then the
series-break warning (when a break lies between the waves), the assumed n (when one
was used) and the source line.

# Example
```
use yoron::compare::{ChangeTable, CompareOptions};
let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
let (a, b) = (q.topline("FY2019", yoron::Country::JP)?, q.topline("FY2020", yoron::Country::JP)?);
let html = ChangeTable::new(&a, &b, CompareOptions::new())?.to_html();
assert!(html.contains("<td>26.7</td><td>34.9</td><td>+8.2</td>"));
assert!(html.contains("SERIES BREAK between these waves"));
assert!(html.contains("Source: Cabinet Office"));
# Ok::<(), yoron::Error>(())
```"#
);
tables!(
    Mirror,
    "yoron-mirror",
    "# let q = yoron::datasets::genron_eai().question(\"impression_of_other\")?;
# let t = yoron::compare::Mirror::new(&q, \"good_total\", Default::default())?;",
    r#"The table as an HTML fragment, labels in this language: per wave, Japan's figure
about Korea (JP), Korea's about Japan (KR), the asymmetry JP − KR with its interval
and p (or why a wave has none), then the change of the asymmetry from the first to
the last wave with one (difference in differences) and the source line with every
wave's fieldwork and n.

# Example
```
use yoron::compare::{CompareOptions, Mirror};
let q = yoron::datasets::genron_eai().question("impression_of_other")?;
let html = Mirror::new(&q, "good_total", CompareOptions::new())?.to_html();
assert!(html.contains("Japan&#39;s view of Korea (JP) vs Korea&#39;s view of Japan (KR)"));
assert!(html.contains("<td>2016_4th</td>"));
assert!(html.contains("Change of the asymmetry"));
assert!(html.contains("Source: The Genron NPO"));
# Ok::<(), yoron::Error>(())
```"#
);
tables!(
    CrossSeries,
    "yoron-cross-series",
    "# let t = yoron::compare::CrossSeries::new(yoron::datasets::bundled(), \"relations_bad\", 2019)?;",
    r#"The view as an HTML fragment, option labels in this language: per figure its series,
wave, country, fieldwork, n, option, figure and the question's own wording, then a
note that the figures are not pooled (each series asks its own question).

# Example
```
use yoron::compare::CrossSeries;
let html = CrossSeries::new(yoron::datasets::bundled(), "relations_bad", 2019)?.to_html();
assert!(html.contains("<caption>relations_bad — 2019"));
assert!(html.contains("<td>yomiuri_hankook</td>"));
assert!(html.contains("not pooled"));
# Ok::<(), yoron::Error>(())
```"#
);
