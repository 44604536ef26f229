//! Limits on the work respondent-data estimates can ask for.
//!
//! The influence matrices of an estimate hold one row per cell (group × level × raking
//! cell) and one column per statistic (group × level): the work grows with the square of
//! the number of levels times groups, and a crosstab's with the square of its cells. An id
//! column passed as `--var`, `--by` or a crosstab side would ask for hundreds of GB; yoron
//! refuses it first, naming the columns and their level counts.

use super::Design;
use crate::error::{Error, Result};

/// The default most cells (levels of the variable × groups of `by`, or crosstab rows ×
/// columns) an estimate may have; [`DesignSpec::max_levels`](super::DesignSpec::max_levels)
/// raises it.
pub const DEFAULT_MAX_LEVELS: usize = 1000;

impl Design {
    /// Refuses an estimate over `parts` (column name, level count) whose product of levels
    /// exceeds the design's limit, naming every column and its count.
    pub(crate) fn check_levels(&self, parts: &[(&str, usize)]) -> Result<()> {
        let limit = self.max_levels();
        let cells = parts
            .iter()
            .try_fold(1usize, |acc, (_, n)| acc.checked_mul(*n));
        if cells.is_some_and(|c| c <= limit) {
            return Ok(());
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|(name, n)| format!("{name}: {n} levels"))
            .collect();
        let total = cells.map_or_else(|| "more than usize::MAX".to_string(), |c| c.to_string());
        let found = if parts.len() > 1 {
            format!("{} = {total} cells", listed.join(" × "))
        } else {
            listed.join("")
        };
        Err(Error::invalid_argument(
            "max_levels",
            format!(
                "at most {limit} levels (of the variable × groups, or crosstab rows × columns; an id column is not a category; raise the limit with DesignSpec::max_levels or --max-levels)"
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
            "max_levels",
            format!("at most {} cells", u32::MAX),
            format!("{what}: more"),
        )),
    }
}
