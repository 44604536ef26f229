//! HTML tables of design-based results, for notebooks (`evcxr_display`, feature `evcxr`) and
//! web pages: the same cells as `yoron estimate` and `yoron crosstab` print (the library's
//! text records), a caption, and a footer with the level, the interval method or the tests
//! and the R call they reproduce. Every string goes through the crate's one HTML escaper.

use super::{Crosstab, DesignEstimate, DesignEstimates};
use crate::table::{Cell, Cells};

/// The table: caption, header, rows of text cells (as the text table prints them), footer
/// lines.
fn table(
    class: &str,
    caption: String,
    header: &[String],
    rows: Vec<Vec<String>>,
    foot: &[String],
) -> String {
    let mut t = Cells::new(caption, header.iter().cloned());
    t.rows = rows
        .into_iter()
        .map(|r| r.into_iter().map(Cell::Text).collect())
        .collect();
    t.notes = foot.to_vec();
    t.to_html(class)
}

impl DesignEstimates {
    /// The estimates as an HTML table: the columns of [`DesignEstimate::COLUMNS`], rounded
    /// as `yoron estimate` prints them ([`DesignEstimate::text_record`]), then the level and
    /// the interval method.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// let q = Estimand::proportions("q");
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\nb\n".as_bytes(), &q.columns())?)?;
    /// let html = d.estimate(&q)?.to_html();
    /// assert!(html.contains("<th>estimate</th>"));
    /// assert!(html.contains("<td>a</td><td>0.3333</td>"));
    /// assert!(html.contains("95 % intervals"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let header: Vec<String> = DesignEstimate::COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect();
        let rows = self
            .rows()
            .iter()
            .map(DesignEstimate::text_record)
            .collect();
        let variables: Vec<&str> = {
            let mut v: Vec<&str> = self.rows().iter().map(DesignEstimate::variable).collect();
            v.dedup();
            v
        };
        let mut foot = vec![format!(
            "{:.0} % intervals; standard errors by Taylor linearisation (R survey: svymean, svyby); deff: design effect with replacement (R deff = \"replace\"), n_eff = n / deff.",
            self.level().value() * 100.0
        )];
        match self.interval_method() {
            Some(super::DesignCiMethod::Wilson) => foot.push(
                "Proportions: Wilson interval on n_eff with a t quantile on the design df (not in R's svyciprop).".into(),
            ),
            Some(m) => foot.push(format!(
                "Proportions: {m} interval (R: svyciprop(method = \"{m}\"))."
            )),
            None => {}
        }
        table(
            "yoron-design-estimates",
            format!("Design-based estimates: {}", variables.join(", ")),
            &header,
            rows,
            &foot,
        )
    }

    /// Shows the estimates inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`DesignEstimates::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// let q = Estimand::proportions("q");
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader("q\na\nb\n".as_bytes(), &q.columns())?)?;
    /// d.estimate(&q)?.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        crate::table::evcxr_html(&self.to_html());
    }
}

impl Crosstab {
    /// The table as HTML: the cells as `yoron crosstab` prints them (each cell's share of
    /// the population and its standard error in points, [`Crosstab::text_records`]), then
    /// the two Rao–Scott tests with their R calls ([`Crosstab::tests_text`]).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let html = d.crosstab("a", "b")?.to_html();
    /// assert!(html.contains("<th>a \\ b</th><th>u</th><th>v</th>"));
    /// assert!(html.contains("<td>x</td><td>40.0% ("));
    /// assert!(html.contains("Rao–Scott F = "));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let tests = self.tests_text();
        table(
            "yoron-crosstab",
            format!(
                "{} by {}: % of the population (standard error, points)",
                self.row_variable(),
                self.col_variable()
            ),
            &self.text_header(),
            self.text_records(),
            &[tests[0].clone(), tests[1].clone()],
        )
    }

    /// Shows the table inline in a Rust Jupyter notebook (evcxr kernel), as
    /// [`Crosstab::to_html`] in evcxr's display envelope.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// d.crosstab("a", "b")?.evcxr_display(); // EVCXR_BEGIN_CONTENT text/html …
    /// # Ok::<(), yoron::Error>(())
    /// ```
    #[cfg(feature = "evcxr")]
    pub fn evcxr_display(&self) {
        crate::table::evcxr_html(&self.to_html());
    }
}
