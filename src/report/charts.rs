//! The report's charts, built from the bundled data.

use crate::chart::Lang;
use crate::compare::CompareOptions;
use crate::error::Result;
use crate::model::Dataset;

/// One chart of the report: its id (the file name), title, the section it belongs to, and
/// its SVG; the PNG is drawn on demand.
pub struct ReportChart {
    /// File name without extension.
    pub id: String,
    /// A one-line title.
    pub title: String,
    /// The page section: `threat`, `mirror`, or a series id.
    pub section: String,
    /// The chart as SVG.
    pub svg: String,
    png: Box<dyn Fn() -> Result<Vec<u8>> + Send + Sync>,
}

impl std::fmt::Debug for ReportChart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportChart")
            .field("id", &self.id)
            .field("section", &self.section)
            .finish()
    }
}

impl ReportChart {
    /// The chart as PNG.
    ///
    /// # Errors
    /// The chart cannot be drawn.
    pub fn png(&self) -> Result<Vec<u8>> {
        (self.png)()
    }
}

/// Draws the report's charts.
pub(crate) fn build(
    _ds: &Dataset,
    _lang: Lang,
    _options: CompareOptions,
) -> Result<Vec<ReportChart>> {
    Ok(Vec::new())
}
