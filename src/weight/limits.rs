//! Limits on the work respondent-data estimates can ask for.
//!
//! The influence matrices of an estimate hold one row per cell (group × category × raking
//! cell) and one column per statistic (group × category): the work grows with the square of
//! the number of categories times groups, and a crosstab's with the square of its cells. An id
//! column passed as `--var`, `--by` or a crosstab side would ask for hundreds of GB; yoron
//! refuses it first, naming the columns and their category counts.

use super::Design;
use crate::error::{Error, Result};

/// The default most cells (categories of the variable × groups of `by`, or crosstab rows ×
/// columns) an estimate may have; [`DesignSpec::max_categories`](super::DesignSpec::max_categories)
/// raises it.
pub const DEFAULT_MAX_CATEGORIES: usize = 1000;

impl Design {
    /// Refuses an estimate over `parts` (column name, category count) whose product of categories
    /// exceeds the design's limit, naming every column and its count.
    pub(crate) fn check_categories(&self, parts: &[(&str, usize)]) -> Result<()> {
        let limit = self.max_categories();
        let cells = parts
            .iter()
            .try_fold(1usize, |acc, (_, n)| acc.checked_mul(*n));
        if cells.is_some_and(|c| c <= limit) {
            return Ok(());
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|(name, n)| format!("{name}: {n} categories"))
            .collect();
        let total = cells.map_or_else(|| "more than usize::MAX".to_string(), |c| c.to_string());
        let found = if parts.len() > 1 {
            format!("{} = {total} cells", listed.join(" × "))
        } else {
            listed.join("")
        };
        Err(Error::invalid_argument(
            "max_categories",
            format!(
                "at most {limit} categories (of the variable × groups, or crosstab rows × columns; an id column is not a category; raise the limit with DesignSpec::max_categories or --max-categories)"
            ),
            found,
        ))
    }
}

/// `n` cell ids as `u32` (the engine's cell type), or an error instead of a silent wrap.
pub(crate) fn cell_count(n: Option<usize>, what: &str) -> Result<usize> {
    match n {
        Some(n) if u32::try_from(n).is_ok() => Ok(n),
        _ => Err(Error::invalid_argument(
            "max_categories",
            format!("at most {} cells", u32::MAX),
            format!("{what}: more"),
        )),
    }
}
