//! DataFrames of a pooled result (feature `polars`).

use polars::prelude::{Column, DataFrame, DataType};

use super::Pooled;
use super::data::day_number;
use crate::error::{Error, ErrorKind, Result};

fn polars_err(e: polars::prelude::PolarsError) -> Error {
    Error::new(ErrorKind::Frame {
        message: e.to_string(),
    })
}

impl Pooled {
    /// The trend as a DataFrame: `date` (a polars Date), `estimate`, `se`, `ci_low`,
    /// `ci_high`, in percent.
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let opts = PoolOptions::new().assume_n(1000);
    /// let pooled = Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::JP, &opts)?.fit(&opts)?;
    /// let df = pooled.to_frame()?;
    /// assert_eq!(df.height(), pooled.trend().len());
    /// assert_eq!(df.column("date")?.dtype(), &yoron::polars::prelude::DataType::Date);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let t = self.trend();
        let days: Vec<i32> = t
            .iter()
            .map(|p| i32::try_from(day_number(p.date())).unwrap_or(i32::MIN))
            .collect();
        let cols = vec![
            Column::new("date".into(), days)
                .cast(&DataType::Date)
                .map_err(polars_err)?,
            Column::new(
                "estimate".into(),
                t.iter().map(|p| p.estimate()).collect::<Vec<f64>>(),
            ),
            Column::new("se".into(), t.iter().map(|p| p.se()).collect::<Vec<f64>>()),
            Column::new(
                "ci_low".into(),
                t.iter().map(|p| p.ci().low()).collect::<Vec<f64>>(),
            ),
            Column::new(
                "ci_high".into(),
                t.iter().map(|p| p.ci().high()).collect::<Vec<f64>>(),
            ),
        ];
        DataFrame::new_infer_height(cols).map_err(polars_err)
    }

    /// The house effects as a DataFrame: `house`, `series`, `question`, `option`,
    /// `run_from` (null for a series' first run), `effect`, `se`, `ci_low`, `ci_high`,
    /// `polls`.
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// use yoron::pool::{Polls, PoolOptions};
    /// let opts = PoolOptions::new().assume_n(1000);
    /// let pooled = Polls::from_concept(yoron::datasets::bundled(), "positive_view_of_other", yoron::Country::JP, &opts)?.fit(&opts)?;
    /// let df = pooled.houses_frame()?;
    /// assert_eq!(df.height(), 5);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn houses_frame(&self) -> Result<DataFrame> {
        let h = self.houses();
        let text = |f: &dyn Fn(&super::HouseEffect) -> Option<String>| -> Vec<Option<String>> {
            h.iter().map(f).collect()
        };
        let num =
            |f: &dyn Fn(&super::HouseEffect) -> f64| -> Vec<f64> { h.iter().map(f).collect() };
        let cols = vec![
            Column::new("house".into(), text(&|e| Some(e.house().id().to_string()))),
            Column::new(
                "series".into(),
                text(&|e| Some(e.house().series().to_string())),
            ),
            Column::new(
                "question".into(),
                text(&|e| Some(e.house().question().to_string())),
            ),
            Column::new(
                "option".into(),
                text(&|e| Some(e.house().option().to_string())),
            ),
            Column::new(
                "run_from".into(),
                text(&|e| e.house().run_from().map(str::to_string)),
            ),
            Column::new("effect".into(), num(&|e| e.effect())),
            Column::new("se".into(), num(&|e| e.se())),
            Column::new("ci_low".into(), num(&|e| e.ci().low())),
            Column::new("ci_high".into(), num(&|e| e.ci().high())),
            Column::new(
                "polls".into(),
                h.iter().map(|e| e.polls() as u64).collect::<Vec<u64>>(),
            ),
        ];
        DataFrame::new_infer_height(cols).map_err(polars_err)
    }
}
