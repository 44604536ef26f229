//! Raking options ([`Rake`], [`Trim`]) and results ([`Raked`], [`RakeReport`], with the
//! report's CSV/JSON/text forms).

use std::io::Write;

use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::stats::Bounds;
use crate::weight::design::Design;
use crate::weight::output::{self, Field, Record};

/// Weight trimming between rakes: weights outside [lower, upper] × mean weight are clipped
/// and the weights raked again, until all lie within the bounds after raking.
///
/// The variance of a trimmed-and-raked design residualises on the margins with the last
/// rake's factors, as for raking alone; the trimming itself is treated as fixed (R's
/// `rake()` has no trimming to compare with).
///
/// # Example
/// ```
/// let t = yoron::weight::Trim::new(0.3, 3.0);
/// assert_eq!((t.lower(), t.upper()), (0.3, 3.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trim {
    pub(super) lower: f64,
    pub(super) upper: f64,
    pub(super) max_rounds: u32,
}

impl Trim {
    /// Bounds relative to the mean weight (lower ≤ 1 ≤ upper); at most 50 rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.0, 5.0).max_rounds(), 50);
    /// ```
    pub fn new(lower: f64, upper: f64) -> Trim {
        Trim {
            lower,
            upper,
            max_rounds: 50,
        }
    }

    /// The most trim-and-rake rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.0, 5.0).rounds(10).max_rounds(), 10);
    /// ```
    pub fn rounds(mut self, max_rounds: u32) -> Trim {
        self.max_rounds = max_rounds;
        self
    }

    /// The lower bound, relative to the mean weight.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).lower(), 0.2);
    /// ```
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound, relative to the mean weight.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).upper(), 5.0);
    /// ```
    pub fn upper(&self) -> f64 {
        self.upper
    }

    /// The most rounds.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Trim::new(0.2, 5.0).max_rounds(), 50);
    /// ```
    pub fn max_rounds(&self) -> u32 {
        self.max_rounds
    }
}

/// Raking options: tolerance, most iterations, optional trimming.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Margins, Rake, Respondents, Trim};
/// let options = Rake::new().tolerance(1e-10).max_iterations(500).trim(Trim::new(0.2, 5.0));
/// let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
/// // The settings a raking used are on its report, under the setters' names.
/// let report = d.rake(&m, &options)?.report().clone();
/// assert_eq!(report.max_iterations(), 500);
/// assert_eq!(report.tolerance(), 1e-10);
/// assert_eq!(report.trim(), Some(Trim::new(0.2, 5.0)));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rake {
    pub(super) tolerance: f64,
    pub(super) max_iterations: u32,
    pub(super) trim: Option<Trim>,
}

impl Default for Rake {
    fn default() -> Rake {
        Rake {
            tolerance: 1e-7,
            max_iterations: 100,
            trim: None,
        }
    }
}

impl Rake {
    /// Tolerance 1e-7 on the largest relative margin error, at most 100 sweeps, no trimming.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Rake::new(), yoron::weight::Rake::default());
    /// ```
    pub fn new() -> Rake {
        Rake::default()
    }

    /// The largest relative error |weighted total − target| / target allowed in any
    /// margin category.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::Rake;
    /// assert_ne!(Rake::new().tolerance(1e-9), Rake::new());
    /// ```
    pub fn tolerance(mut self, tolerance: f64) -> Rake {
        self.tolerance = tolerance;
        self
    }

    /// The most sweeps over all margins.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::Rake;
    /// assert_ne!(Rake::new().max_iterations(7), Rake::new());
    /// ```
    pub fn max_iterations(mut self, n: u32) -> Rake {
        self.max_iterations = n;
        self
    }

    /// Trims weights and rakes again.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Rake, Trim};
    /// assert_ne!(Rake::new().trim(Trim::new(0.1, 10.0)), Rake::new());
    /// ```
    pub fn trim(mut self, trim: Trim) -> Rake {
        self.trim = Some(trim);
        self
    }
}

/// What raking did, and with which settings.
///
/// # Example
/// ```
/// use yoron::stats::Bounds;
/// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
/// let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
/// let r = d.rake(&m, &Rake::new())?;
/// assert!(r.report().largest_error() < 1e-7);
/// assert_eq!(r.report().weight_range(), Bounds::new(0.75, 1.5));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RakeReport {
    pub(super) iterations: u32,
    pub(super) largest_error: f64,
    pub(super) min_weight: f64,
    pub(super) max_weight: f64,
    pub(super) kish_deff: f64,
    pub(super) trim_rounds: u32,
    pub(super) trimmed: u64,
    pub(super) options: Rake,
    pub(super) respondents: usize,
}

impl RakeReport {
    /// Sweeps over all margins in the last rake.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.report().iterations() >= 1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// The largest relative margin error at the end.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().largest_error(), 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn largest_error(&self) -> f64 {
        self.largest_error
    }

    /// The smallest and largest raked weight.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().weight_range(), yoron::stats::Bounds::new(1.0, 1.0));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn weight_range(&self) -> Bounds {
        Bounds::new(self.min_weight, self.max_weight)
    }

    /// Kish's design effect of the raked weights, n Σw² / (Σw)².
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().kish_deff(), 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn kish_deff(&self) -> f64 {
        self.kish_deff
    }

    /// Weighting efficiency, 1 / Kish deff (the share of the sample size kept).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.report().efficiency() < 1.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn efficiency(&self) -> f64 {
        1.0 / self.kish_deff
    }

    /// Trim-and-rake rounds run (0 without trimming).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trim_rounds(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trim_rounds(&self) -> u32 {
        self.trim_rounds
    }

    /// Weights clipped in the trimming rounds (counted once per round).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trimmed(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trimmed(&self) -> u64 {
        self.trimmed
    }

    /// The tolerance it raked to ([`Rake::tolerance`]).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().tolerance(), 1e-7);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn tolerance(&self) -> f64 {
        self.options.tolerance
    }

    /// The most sweeps it was allowed ([`Rake::max_iterations`]).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().max_iterations(), 100);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn max_iterations(&self) -> u32 {
        self.options.max_iterations
    }

    /// The trimming it applied, if any ([`Rake::trim`]).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trim(), None);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn trim(&self) -> Option<Trim> {
        self.options.trim
    }

    /// Respondents raked (every row is kept).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().respondents(), 3);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn respondents(&self) -> usize {
        self.respondents
    }
}

// The CSV, JSON and text forms (`yoron rake --format csv|json|table`).
impl RakeReport {
    /// The columns of the report's long form: `measure`, `value`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::RakeReport::COLUMNS, ["measure", "value"]);
    /// ```
    pub const COLUMNS: [&'static str; 2] = ["measure", "value"];

    fn records(&self) -> impl ExactSizeIterator<Item = Record<'static>> {
        let range = self.weight_range();
        let count = |n: u64| Field::Int(i64::try_from(n).unwrap_or(i64::MAX));
        [
            ("respondents", count(self.respondents as u64)),
            ("iterations", count(u64::from(self.iterations))),
            ("largest_margin_error", Field::Sci(self.largest_error)),
            ("min_weight", Field::num(range.low(), 4)),
            ("max_weight", Field::num(range.high(), 4)),
            ("max_min_ratio", Field::num(range.high() / range.low(), 2)),
            ("kish_deff", Field::num(self.kish_deff, 4)),
            ("efficiency", Field::num(self.efficiency(), 4)),
            ("trim_rounds", count(u64::from(self.trim_rounds))),
            ("trimmed", count(self.trimmed)),
        ]
        .into_iter()
        .map(|(measure, value)| Record {
            columns: &Self::COLUMNS,
            cells: vec![Field::Text(measure.to_string()), value],
        })
    }

    /// The report as (measure, value) rows rounded for reading: respondents, iterations,
    /// largest_margin_error, min_weight, max_weight, max_min_ratio, kish_deff, efficiency,
    /// trim_rounds, trimmed.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
    /// let rows = d.rake(&m, &Rake::new())?.report().text_records();
    /// assert_eq!(rows[0], ["respondents", "3"]);
    /// assert_eq!(rows[3], ["min_weight", "0.7500"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn text_records(&self) -> Vec<Vec<String>> {
        self.records().map(|r| r.text()).collect()
    }

    /// Writes the report as CSV (header [`RakeReport::COLUMNS`], the measures of
    /// [`text_records`](RakeReport::text_records) at full precision).
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
    /// let mut out = Vec::new();
    /// d.rake(&m, &Rake::new())?.report().write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("measure,value\nrespondents,3\niterations,"));
    /// assert!(text.contains("\nmin_weight,0.75\n"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        output::write_csv(out, &Self::COLUMNS, self.records())
    }
}

/// JSON (`serde_json::to_string`): an array of `{"measure": …, "value": …}` objects, the
/// rows of [`RakeReport::write_csv`], values as JSON numbers.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
/// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\nM\n".as_bytes(), &m.columns())?)?;
/// let json = serde_json::to_value(d.rake(&m, &Rake::new())?.report()).unwrap();
/// assert_eq!(json[0]["measure"], "respondents");
/// assert_eq!(json[0]["value"], 3.0);
/// # Ok::<(), yoron::Error>(())
/// ```
impl Serialize for RakeReport {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        output::serialize_records(self.records(), s)
    }
}

/// A raked design and the report of the raking.
///
/// # Example
/// ```
/// use yoron::weight::{DesignSpec, Margins, Rake, Respondents};
/// let m = Margins::new().totals("sex", [("F", 60.0), ("M", 40.0)]);
/// let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
/// let raked = d.rake(&m, &Rake::new())?;
/// assert_eq!(raked.design().weights(), &[60.0, 40.0]);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Raked {
    pub(super) design: Design,
    pub(super) report: RakeReport,
}

impl Raked {
    /// The raked design: estimates from it carry raking's variance reduction.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert!(d.rake(&m, &Rake::new())?.design().is_raked());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The raking report.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// assert_eq!(d.rake(&m, &Rake::new())?.report().trimmed(), 0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn report(&self) -> &RakeReport {
        &self.report
    }

    /// The raked design, by value.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let m = Margins::new().shares("sex", [("F", 0.5), ("M", 0.5)]);
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader("sex\nF\nM\n".as_bytes(), &m.columns())?)?;
    /// let design = d.rake(&m, &Rake::new())?.into_design();
    /// assert_eq!(design.n_rows(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn into_design(self) -> Design {
        self.design
    }
}
