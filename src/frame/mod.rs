//! polars DataFrames from and to the poll model (feature `polars`).
//!
//! The frame is long: one row per figure, with the tidy format's columns typed — `n` as
//! `UInt32`, `percent` as `Float64`, the three dates as `Date` (the first day of the
//! published range for starts and publication, the last day for fieldwork ends) — and four
//! columns that keep what the types cannot: `percent_decimals` (how many decimals were
//! printed, so 59.0 stays 59.0) and `fieldwork_start_precision`, `fieldwork_end_precision`,
//! `published_precision` (`year`, `month` or `day`). A frame goes back to a dataset
//! through the same validation as a file ([`Dataset::from_frame`]).
//!
//! # Example
//! ```
//! let df = yoron::datasets::bundled().to_frame()?;
//! assert_eq!(df.height(), 867);
//! let back = yoron::Dataset::from_frame(&df)?;
//! // Nothing lost: the tidy CSV of the round trip is byte for byte the original's.
//! let (mut a, mut b) = (Vec::new(), Vec::new());
//! back.write_csv(&mut a)?;
//! yoron::datasets::bundled().write_csv(&mut b)?;
//! assert!(a == b);
//! # Ok::<(), yoron::Error>(())
//! ```

use polars::prelude::*;

use crate::error::{Error, ErrorKind, Position, Problems, Result};
use crate::io::{COLUMNS, build, map_header, raw_row};
use crate::model::{Dataset, DatePrecision, FigureRef, PartialDate, Topline, Trend};

/// The extra columns that keep the published precision of typed values.
pub const PRECISION_COLUMNS: [&str; 4] = [
    "percent_decimals",
    "fieldwork_start_precision",
    "fieldwork_end_precision",
    "published_precision",
];

fn polars_err(e: PolarsError) -> Error {
    Error::new(ErrorKind::Frame {
        message: e.to_string(),
    })
}

fn precision_code(d: Option<PartialDate>) -> Option<&'static str> {
    d.map(|d| match d.precision() {
        DatePrecision::Year => "year",
        DatePrecision::Month => "month",
        DatePrecision::Day => "day",
    })
}

fn days(d: jiff::civil::Date) -> i32 {
    let epoch = jiff::civil::date(1970, 1, 1);
    (d - epoch).get_days()
}

/// Builds the long frame of some figures.
fn figures_frame<'a>(figs: impl Iterator<Item = FigureRef<'a>>) -> Result<DataFrame> {
    let figs: Vec<FigureRef<'a>> = figs.collect();
    let mut cols: Vec<Column> = Vec::new();
    let rows: Vec<[String; 27]> = figs.iter().map(FigureRef::tidy_row).collect();
    for (c, name) in COLUMNS.iter().enumerate() {
        let col: Column = match *name {
            "n" => Column::new(
                (*name).into(),
                figs.iter()
                    .map(|f| f.wave().n().map(|n| n.get()))
                    .collect::<Vec<Option<u32>>>(),
            ),
            "percent" => Column::new(
                (*name).into(),
                figs.iter()
                    .map(|f| f.percent().value())
                    .collect::<Vec<f64>>(),
            ),
            "fieldwork_start" | "fieldwork_end" | "published" => {
                let v: Vec<Option<i32>> = figs
                    .iter()
                    .map(|f| {
                        let w = f.wave();
                        match *name {
                            "fieldwork_start" => w.fieldwork().start().map(|d| days(d.first_day())),
                            "fieldwork_end" => w.fieldwork().end().map(|d| days(d.last_day())),
                            _ => w.published().map(|d| days(d.first_day())),
                        }
                    })
                    .collect();
                Column::new((*name).into(), v)
                    .cast(&DataType::Date)
                    .map_err(polars_err)?
            }
            _ => Column::new(
                (*name).into(),
                rows.iter()
                    .map(|r| (!r[c].is_empty()).then(|| r[c].clone()))
                    .collect::<Vec<Option<String>>>(),
            ),
        };
        cols.push(col);
    }
    cols.push(Column::new(
        PRECISION_COLUMNS[0].into(),
        figs.iter()
            .map(|f| u32::from(f.percent().decimals()))
            .collect::<Vec<u32>>(),
    ));
    let prec = |g: &dyn Fn(&FigureRef<'a>) -> Option<PartialDate>| -> Vec<Option<String>> {
        figs.iter()
            .map(|f| precision_code(g(f)).map(str::to_string))
            .collect()
    };
    cols.push(Column::new(
        PRECISION_COLUMNS[1].into(),
        prec(&|f| f.wave().fieldwork().start()),
    ));
    cols.push(Column::new(
        PRECISION_COLUMNS[2].into(),
        prec(&|f| f.wave().fieldwork().end()),
    ));
    cols.push(Column::new(
        PRECISION_COLUMNS[3].into(),
        prec(&|f| f.wave().published()),
    ));
    DataFrame::new_infer_height(cols).map_err(polars_err)
}

impl Dataset {
    /// The whole dataset as a long DataFrame, one row per figure (see the [module
    /// docs](crate::frame) for the columns).
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// let df = yoron::datasets::bundled().to_frame()?;
    /// assert_eq!(df.column("percent")?.dtype(), &yoron::polars::prelude::DataType::Float64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        figures_frame(self.figures())
    }

    /// A dataset from a DataFrame with the tidy format's columns, through the same
    /// validation as a file: every problem is listed with its row (from 1, in
    /// [`Position::row`]) and column, and nothing is loaded if there is any.
    ///
    /// Columns may be typed as [`Dataset::to_frame`] writes them or all be strings.
    ///
    /// # Errors
    /// A missing or unknown column, a value of the wrong type, or any validation problem.
    ///
    /// # Example
    /// ```
    /// use yoron::polars::prelude::*;
    /// let df = df!(
    ///     "series" => ["my_poll"], "publisher" => ["Me"], "wave" => ["2024"],
    ///     "country" => ["JP"], "question" => ["trust_korea"], "response" => ["single"],
    ///     "option" => ["trust"], "percent" => [41.5],
    /// )?;
    /// let ds = yoron::Dataset::from_frame(&df)?;
    /// assert_eq!(ds.figures().next().unwrap().percent().as_str(), "41.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Dataset> {
        let mut problems = Problems::default();
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let tidy_names: Vec<String> = names
            .iter()
            .map(|n| {
                if PRECISION_COLUMNS.contains(&n.as_str()) {
                    // Known helper columns: read below, not part of the tidy header.
                    String::from("\u{0}")
                } else {
                    n.clone()
                }
            })
            .collect();
        let mut header_problems = Problems::default();
        let visible: Vec<String> = tidy_names
            .iter()
            .map(|n| {
                if n == "\u{0}" {
                    String::new()
                } else {
                    n.clone()
                }
            })
            .collect();
        let map = map_header_skipping(&visible, &mut header_problems);
        if !header_problems.is_empty() {
            return Err(header_problems.into_error());
        }
        let height = df.height();
        let mut cells: Vec<Vec<String>> = vec![vec![String::new(); height]; names.len()];
        let decimals = column_u8(df, PRECISION_COLUMNS[0], &mut problems);
        for (i, name) in names.iter().enumerate() {
            if PRECISION_COLUMNS.contains(&name.as_str()) {
                continue;
            }
            let col = match df.column(name) {
                Ok(c) => c,
                Err(e) => return Err(polars_err(e)),
            };
            let precision_col = match name.as_str() {
                "fieldwork_start" => Some(PRECISION_COLUMNS[1]),
                "fieldwork_end" => Some(PRECISION_COLUMNS[2]),
                "published" => Some(PRECISION_COLUMNS[3]),
                _ => None,
            };
            cells[i] = match col.dtype() {
                DataType::Date => {
                    let prec = precision_col
                        .map(|p| column_strings(df, p))
                        .unwrap_or_else(|| vec![None; height]);
                    let ints = col.cast(&DataType::Int32).map_err(polars_err)?;
                    let ca = ints.i32().map_err(polars_err)?;
                    ca.iter()
                        .zip(prec)
                        .enumerate()
                        .map(|(r, (d, p))| match d {
                            None => String::new(),
                            Some(d) => date_text(d, p.as_deref()).unwrap_or_else(|| {
                                problems.push(Error::at(
                                    ErrorKind::InvalidValue {
                                        expected: "a date from -9999-01-01 to 9999-12-31"
                                            .to_string(),
                                        found: format!("{d} days from 1970-01-01"),
                                    },
                                    Position::at_row(r as u64 + 1).in_column(i as u64 + 1, name),
                                ));
                                String::new()
                            }),
                        })
                        .collect()
                }
                DataType::Float64 | DataType::Float32 if name == "percent" => {
                    let f = col.cast(&DataType::Float64).map_err(polars_err)?;
                    let ca = f.f64().map_err(polars_err)?;
                    ca.iter()
                        .enumerate()
                        .map(|(r, v)| match v {
                            None => String::new(),
                            Some(v) => match decimals.as_ref().and_then(|d| d[r]) {
                                Some(d) => format!("{v:.*}", usize::from(d)),
                                None => format!("{v}"),
                            },
                        })
                        .collect()
                }
                _ => {
                    let s = col.cast(&DataType::String).map_err(polars_err)?;
                    let ca = s.str().map_err(polars_err)?;
                    ca.iter()
                        .map(|v| v.unwrap_or_default().to_string())
                        .collect()
                }
            };
        }
        let mut rows = Vec::with_capacity(height);
        for r in 0..height {
            let fields: Vec<&str> = cells.iter().map(|c| c[r].as_str()).collect();
            rows.push(raw_row(Position::at_row(r as u64 + 1), &fields, &map));
        }
        build(rows, problems)
    }
}

/// Maps a frame's column names, leaving empty names (the precision helpers) out.
fn map_header_skipping(names: &[String], problems: &mut Problems) -> Vec<Option<usize>> {
    let present: Vec<(usize, &String)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let compact: Vec<String> = present.iter().map(|(_, n)| (*n).clone()).collect();
    let mut header_problems = Problems::default();
    let map = map_header(&compact, 0, &mut header_problems);
    for mut p in header_problems.into_list() {
        // Frames have no header line: positions name the column only.
        if let Some(pos) = p.position_mut() {
            *pos = Position::column_named(pos.column_name().unwrap_or_default());
        }
        problems.push(p);
    }
    map.into_iter().map(|m| m.map(|i| present[i].0)).collect()
}

fn column_strings(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    let height = df.height();
    match df.column(name).and_then(|c| c.cast(&DataType::String)) {
        Ok(c) => match c.str() {
            Ok(ca) => ca.iter().map(|v| v.map(str::to_string)).collect(),
            Err(_) => vec![None; height],
        },
        Err(_) => vec![None; height],
    }
}

fn column_u8(df: &DataFrame, name: &str, problems: &mut Problems) -> Option<Vec<Option<u8>>> {
    let col = df.column(name).ok()?;
    match col.cast(&DataType::UInt32) {
        Ok(c) => c.u32().ok().map(|ca| {
            ca.iter()
                .map(|v| v.and_then(|v| u8::try_from(v.min(6)).ok()))
                .collect()
        }),
        Err(e) => {
            problems.push(Error::at(
                ErrorKind::InvalidValue {
                    expected: "whole numbers of decimals from 0 to 6".to_string(),
                    found: e.to_string(),
                },
                Position::column_named(name),
            ));
            None
        }
    }
}

/// Writes a day count as a date at the stated precision (`day` when not stated); `None`
/// outside the dates yoron (and jiff) represent, -9999-01-01 to 9999-12-31. A polars `Date`
/// is any `i32` day count, more than jiff's spans hold (`Span::days` panics past ±7.3M days):
/// hence the fallible `try_days`.
fn date_text(days_since_epoch: i32, precision: Option<&str>) -> Option<String> {
    let epoch = jiff::civil::date(1970, 1, 1);
    let span = jiff::Span::new()
        .try_days(i64::from(days_since_epoch))
        .ok()?;
    let d = epoch.checked_add(span).ok()?;
    Some(match precision {
        Some("year") => format!("{:04}", d.year()),
        Some("month") => format!("{:04}-{:02}", d.year(), d.month()),
        _ => d.to_string(),
    })
}

impl Topline<'_> {
    /// The topline as a long DataFrame (columns as [`Dataset::to_frame`]), alternatives
    /// from conflicting sources included with their `conflict` mark.
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let df = q.topline("2016", yoron::Country::KR)?.to_frame()?;
    /// assert_eq!(df.height(), 3);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        figures_frame(self.all_figures())
    }
}

impl Trend<'_> {
    /// The time series as a long DataFrame (columns as [`Dataset::to_frame`]), in time
    /// order.
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
    /// let df = q.trend(yoron::Country::JP, "feel_total")?.to_frame()?;
    /// assert!(df.height() >= 15);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        figures_frame(self.points().iter().map(|p| p.figure()))
    }
}

impl crate::compare::GapTable {
    /// The gap table as a DataFrame: one row per option with the columns of
    /// [`GapTable::records`](crate::compare::GapTable::records) (`jp_percent`/`kr_percent`
    /// as published text, the rest as numbers; missing values as nulls).
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// use yoron::compare::{CompareOptions, GapTable};
    /// let q = yoron::datasets::genron_eai().question("military_threat")?;
    /// let df = GapTable::for_wave(&q, "2016", CompareOptions::new())?.to_frame()?;
    /// assert_eq!(df.height(), 3);
    /// assert!(df.column("p_adjusted").is_ok());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let r = self.records();
        let text =
            |f: &dyn Fn(&crate::compare::GapRecord) -> Option<String>| -> Vec<Option<String>> {
                r.iter().map(f).collect()
            };
        let num = |f: &dyn Fn(&crate::compare::GapRecord) -> Option<f64>| -> Vec<Option<f64>> {
            r.iter().map(f).collect()
        };
        let cols = vec![
            Column::new("option".into(), text(&|x| Some(x.option.clone()))),
            Column::new("jp_percent".into(), text(&|x| x.jp_percent.clone())),
            Column::new("kr_percent".into(), text(&|x| x.kr_percent.clone())),
            Column::new("gap".into(), num(&|x| x.gap)),
            Column::new("ci_low".into(), num(&|x| x.ci_low)),
            Column::new("ci_high".into(), num(&|x| x.ci_high)),
            Column::new("p_value".into(), num(&|x| x.p_value)),
            Column::new("p_adjusted".into(), num(&|x| x.p_adjusted)),
            Column::new("verdict".into(), text(&|x| Some(x.verdict.clone()))),
            Column::new(
                "n_assumed".into(),
                r.iter().map(|x| x.n_assumed).collect::<Vec<bool>>(),
            ),
        ];
        DataFrame::new_infer_height(cols).map_err(polars_err)
    }
}

impl crate::weight::DesignEstimates {
    /// The estimates as a DataFrame, one row per estimate, with the columns of
    /// `yoron estimate --format csv` and the rest of [`DesignEstimate`](crate::weight::DesignEstimate):
    /// `group` (null for the whole sample), `contrast` (true for an `"A-B"` row),
    /// `variable`, `level` (null for means and totals), `statistic`, `estimate`, `se`,
    /// `ci_low`, `ci_high`, `df`, `deff` (R's `deff = "replace"`), `deff_wor` (R's
    /// `deff = TRUE`), `kish_deff`, `n` (null for contrasts), `n_eff`, `weighted_n`.
    /// Missing values are nulls.
    ///
    /// # Errors
    /// polars fails to build the frame.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{DesignSpec, Estimand, Respondents};
    /// let q = Estimand::proportions("q").by("g").contrast("x", "y");
    /// let csv = "q,g\na,x\nb,x\na,y\na,y\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &q.columns())?)?;
    /// let df = d.estimate(&q)?.to_frame()?;
    /// assert_eq!(df.height(), 6); // 2 domains × 2 levels + 2 contrasts
    /// assert_eq!(df.column("contrast")?.bool()?.sum(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let r = self.rows();
        let num = |f: &dyn Fn(&crate::weight::DesignEstimate) -> Option<f64>| -> Vec<Option<f64>> {
            r.iter().map(f).collect()
        };
        let cols = vec![
            Column::new(
                "group".into(),
                r.iter().map(|e| e.group()).collect::<Vec<_>>(),
            ),
            Column::new(
                "contrast".into(),
                r.iter().map(|e| e.is_contrast()).collect::<Vec<_>>(),
            ),
            Column::new(
                "variable".into(),
                r.iter().map(|e| e.variable()).collect::<Vec<_>>(),
            ),
            Column::new(
                "level".into(),
                r.iter().map(|e| e.category()).collect::<Vec<_>>(),
            ),
            Column::new(
                "statistic".into(),
                r.iter()
                    .map(|e| e.statistic().to_string())
                    .collect::<Vec<_>>(),
            ),
            Column::new("estimate".into(), num(&|e| Some(e.estimate()))),
            Column::new("se".into(), num(&|e| Some(e.se()))),
            Column::new("ci_low".into(), num(&|e| e.ci().map(|c| c.low()))),
            Column::new("ci_high".into(), num(&|e| e.ci().map(|c| c.high()))),
            Column::new("df".into(), r.iter().map(|e| e.df()).collect::<Vec<_>>()),
            Column::new("deff".into(), num(&|e| e.deff())),
            Column::new("deff_wor".into(), num(&|e| e.deff_without_replacement())),
            Column::new("kish_deff".into(), num(&|e| e.kish_deff())),
            Column::new(
                "n".into(),
                r.iter()
                    .map(|e| (!e.is_contrast()).then(|| e.n()))
                    .collect::<Vec<_>>(),
            ),
            Column::new("n_eff".into(), num(&|e| e.n_eff())),
            Column::new("weighted_n".into(), num(&|e| Some(e.weighted_n()))),
        ];
        DataFrame::new_infer_height(cols).map_err(polars_err)
    }
}

impl crate::weight::Crosstab {
    /// The weighted table as a long DataFrame, one row per cell: the row and column
    /// variables' levels (columns named after the variables), the weighted `total`, the
    /// cell's `proportion` of the whole and its design-based `se`. The Rao–Scott tests
    /// are on [`Crosstab::f_test`](crate::weight::Crosstab::f_test) and
    /// [`Crosstab::chisq_test`](crate::weight::Crosstab::chisq_test).
    ///
    /// # Errors
    /// polars fails to build the frame (the two variables have the same name).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let df = d.crosstab("a", "b")?.to_frame()?;
    /// assert_eq!(df.height(), 4);
    /// assert_eq!(df.get_column_names(), ["a", "b", "total", "proportion", "se"]);
    /// use yoron::polars::prelude::ChunkAgg;
    /// assert_eq!(df.column("total")?.f64()?.sum(), Some(5.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let (rows, cols) = (self.row_levels(), self.col_levels());
        let cells: Vec<(usize, usize)> = (0..rows.len())
            .flat_map(|i| (0..cols.len()).map(move |j| (i, j)))
            .collect();
        let num = |f: &dyn Fn(usize, usize) -> f64| -> Vec<f64> {
            cells.iter().map(|&(i, j)| f(i, j)).collect()
        };
        let columns = vec![
            Column::new(
                self.row_variable().into(),
                cells
                    .iter()
                    .map(|&(i, _)| rows[i].as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                self.col_variable().into(),
                cells
                    .iter()
                    .map(|&(_, j)| cols[j].as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new("total".into(), num(&|i, j| self.total(i, j))),
            Column::new("proportion".into(), num(&|i, j| self.proportion(i, j))),
            Column::new("se".into(), num(&|i, j| self.se(i, j))),
        ];
        DataFrame::new_infer_height(columns).map_err(polars_err)
    }
}
