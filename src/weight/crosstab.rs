//! Weighted two-way tables with Rao–Scott corrected chi-squared tests.

use super::data::{Columns, MISSING};
use super::design::Design;
use super::engine::{Influence, Pair, Presence, covariances};
use super::estimate::cell_sums;
use std::io::Write;

use serde::{Serialize, Serializer};

use super::output::{self, Field, Record};
use crate::error::{Error, ErrorKind, Result};
use crate::stats::dist::{chi_square_sf, pf_upper};

/// A weighted two-way table and its Rao–Scott tests of independence.
///
/// # Formula
/// With p̂ the estimated cell proportions, V̂ their design covariance, N the number of
/// rows and X² Pearson's statistic on the weighted table scaled to N, let C span the
/// contrasts orthogonal to the row and column margins, D = diag(p̂) and
/// Δ = (Cᵀ D⁻¹ C / N)⁻¹ (Cᵀ D⁻¹ V̂ D⁻¹ C). The first-order corrected "Chisq" test refers
/// X² / mean(eigenvalues of Δ) to χ² with (r − 1)(c − 1) df; the second-order "F" test
/// refers F = X² / tr(Δ) to F(d, d·ν) with d = tr(Δ)² / tr(Δ²) and ν the design df.
///
/// # References
/// Rao, J. N. K. and Scott, A. J. (1984) On chi-squared tests for multiway contingency
/// tables with cell proportions estimated from survey data. *Annals of Statistics* 12,
/// 46–60.
///
/// Matches R: `svychisq(~a + b, design, statistic = "F")` and `statistic = "Chisq"`.
///
/// # Example
/// ```
/// use yoron::weight::{Crosstab, DesignSpec, Respondents};
/// let cols = Crosstab::columns("a", "b");
/// let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\nx,u\ny,v\n";
/// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &cols)?)?;
/// let t = d.crosstab("a", "b")?;
/// assert_eq!(t.row_categories(), &["x".to_string(), "y".to_string()]);
/// assert!(t.f_test().p_value() > 0.05);
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Crosstab {
    row_var: String,
    col_var: String,
    row_categories: Vec<String>,
    col_categories: Vec<String>,
    totals: Vec<f64>,
    proportions: Vec<f64>,
    se: Vec<f64>,
    pearson: f64,
    f: RaoScott,
    chisq: RaoScott,
}

/// One Rao–Scott test: statistic, degrees of freedom and p-value.
///
/// # Example
/// ```
/// # use yoron::weight::*;
/// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
/// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
/// let chisq = d.crosstab("a", "b")?.chisq_test().clone();
/// assert_eq!((chisq.df(), chisq.ddf()), (1.0, None));
/// # Ok::<(), yoron::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RaoScott {
    statistic: f64,
    df: f64,
    ddf: Option<f64>,
    p: f64,
}

impl RaoScott {
    /// The statistic: F for the F test; Pearson's X² (as R prints it) for the chi-squared
    /// test.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!(d.crosstab("a", "b")?.f_test().statistic() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// Degrees of freedom: the numerator df of F, or the df of chi-squared (R `ndf`, or
    /// `parameter` for `statistic = "Chisq"`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!(d.crosstab("a", "b")?.f_test().df() > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn df(&self) -> f64 {
        self.df
    }

    /// Denominator degrees of freedom of F (R `ddf`); `None` for chi-squared.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let t = d.crosstab("a", "b")?;
    /// assert!(t.f_test().ddf().is_some());
    /// assert_eq!(t.chisq_test().ddf(), None);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn ddf(&self) -> Option<f64> {
        self.ddf
    }

    /// The p-value.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let p = d.crosstab("a", "b")?.f_test().p_value();
    /// assert!((0.0..=1.0).contains(&p));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p
    }
}

impl Crosstab {
    /// The columns a crosstab of `row` by `col` reads.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Crosstab::columns("a", "b").names(), vec!["a", "b"]);
    /// ```
    pub fn columns(row: &str, col: &str) -> Columns {
        Columns::new().category(row).category(col)
    }

    /// The row variable's name.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.row_variable(), "a");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn row_variable(&self) -> &str {
        &self.row_var
    }

    /// The column variable's name.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.col_variable(), "b");
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn col_variable(&self) -> &str {
        &self.col_var
    }

    /// The row categories.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.row_categories().len(), 2);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn row_categories(&self) -> &[String] {
        &self.row_categories
    }

    /// The column categories.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.col_categories(), &["u".to_string(), "v".to_string()]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn col_categories(&self) -> &[String] {
        &self.col_categories
    }

    /// The weighted total of a cell (R `svytable`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.total(0, 0), 2.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn total(&self, row: usize, col: usize) -> f64 {
        self.totals[self.idx(row, col)]
    }

    /// The estimated share of the population in a cell.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!((d.crosstab("a", "b")?.proportion(0, 0) - 2.0 / 6.0).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn proportion(&self, row: usize, col: usize) -> f64 {
        self.proportions[self.idx(row, col)]
    }

    /// The standard error of a cell's proportion.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!(d.crosstab("a", "b")?.se(0, 0) > 0.0);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn se(&self, row: usize, col: usize) -> f64 {
        self.se[self.idx(row, col)]
    }

    /// Pearson's X² on the weighted table scaled to the number of rows.
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!((d.crosstab("a", "b")?.pearson() - 2.0 / 3.0).abs() < 1e-12);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn pearson(&self) -> f64 {
        self.pearson
    }

    /// The second-order Rao–Scott F test (R `svychisq(statistic = "F")`, its default).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!(d.crosstab("a", "b")?.f_test().p_value() > 0.1);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn f_test(&self) -> &RaoScott {
        &self.f
    }

    /// The first-order Rao–Scott chi-squared test (R `svychisq(statistic = "Chisq")`).
    ///
    /// # Example
    /// ```
    /// # use yoron::weight::*;
    /// # let csv = "a,b\nx,u\nx,u\nx,v\ny,v\ny,v\ny,u\n";
    /// # let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let t = d.crosstab("a", "b")?;
    /// assert_eq!(t.chisq_test().statistic(), t.pearson());
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn chisq_test(&self) -> &RaoScott {
        &self.chisq
    }

    fn idx(&self, row: usize, col: usize) -> usize {
        col * self.row_categories.len() + row
    }
}

// The CSV and JSON forms (`yoron crosstab --format csv|json`).
impl Crosstab {
    /// The columns of the long CSV/JSON form: one record per cell (`kind` = `cell`: `row`,
    /// `col`, `weighted_total`, `proportion` of the whole, its `se`), then one per test
    /// (`kind` = `test`: `test` = `F` or `Chisq`, `statistic`, `df`, `ddf`, `p`); the other
    /// columns of a record are empty.
    ///
    /// # Example
    /// ```
    /// assert_eq!(yoron::weight::Crosstab::COLUMNS[0], "kind");
    /// ```
    pub const COLUMNS: [&'static str; 11] = [
        "kind",
        "row",
        "col",
        "weighted_total",
        "proportion",
        "se",
        "test",
        "statistic",
        "df",
        "ddf",
        "p",
    ];

    fn records(&self) -> impl ExactSizeIterator<Item = Record<'static>> + '_ {
        let (nr, nc) = (self.row_categories.len(), self.col_categories.len());
        let cells = (0..nr * nc).map(move |k| {
            let (r, c) = (k / nc, k % nc);
            let mut cells = vec![
                Field::Text("cell".to_string()),
                Field::Text(self.row_categories[r].clone()),
                Field::Text(self.col_categories[c].clone()),
                Field::num(self.total(r, c), 3),
                Field::num(self.proportion(r, c), 4),
                Field::num(self.se(r, c), 4),
            ];
            cells.resize(Self::COLUMNS.len(), Field::Empty);
            Record {
                columns: &Self::COLUMNS,
                cells,
            }
        });
        let tests = [("F", &self.f), ("Chisq", &self.chisq)].map(|(name, t)| {
            let mut cells = vec![Field::Text("test".to_string())];
            cells.resize(6, Field::Empty);
            cells.extend([
                Field::Text(name.to_string()),
                Field::num(t.statistic, 4),
                Field::num(t.df, 3),
                Field::opt(t.ddf, 3),
                Field::num(t.p, 4),
            ]);
            Record {
                columns: &Self::COLUMNS,
                cells,
            }
        });
        cells.chain(tests).collect::<Vec<_>>().into_iter()
    }

    /// The header of the table as `yoron crosstab` prints it: `row \ col` (the two
    /// variables' names), then the column categories.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert_eq!(d.crosstab("a", "b")?.text_header(), ["a \\ b", "u", "v"]);
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn text_header(&self) -> Vec<String> {
        let mut header = vec![format!("{} \\ {}", self.row_var, self.col_var)];
        header.extend(self.col_categories.iter().cloned());
        header
    }

    /// The table's rows for reading: the row category, then each cell's percentage of the
    /// population and its standard error in points, `"40.0% (21.9)"`.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let rows = d.crosstab("a", "b")?.text_records();
    /// assert_eq!(rows.len(), 2);
    /// assert!(rows[0][1].starts_with("40.0% ("));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn text_records(&self) -> Vec<Vec<String>> {
        (0..self.row_categories.len())
            .map(|r| {
                let mut cells = vec![self.row_categories[r].clone()];
                for c in 0..self.col_categories.len() {
                    cells.push(format!(
                        "{:.1}% ({:.1})",
                        100.0 * self.proportion(r, c),
                        100.0 * self.se(r, c)
                    ));
                }
                cells
            })
            .collect()
    }

    /// The two tests in words, one line each, with the R call they reproduce.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let lines = d.crosstab("a", "b")?.tests_text();
    /// assert!(lines[0].starts_with("Rao–Scott F = ") && lines[0].ends_with("(R: svychisq(~a + b, design))"));
    /// assert!(lines[1].starts_with("Rao–Scott chi-squared: X² = "));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn tests_text(&self) -> [String; 2] {
        let (f, c) = (&self.f, &self.chisq);
        [
            format!(
                "Rao–Scott F = {:.4}, df = {:.3}, {:.3}, p = {:.4}  (R: svychisq(~{} + {}, design))",
                f.statistic,
                f.df,
                f.ddf.unwrap_or(f64::NAN),
                f.p,
                self.row_var,
                self.col_var
            ),
            format!(
                "Rao–Scott chi-squared: X² = {:.4}, df = {}, p = {:.4}  (R: statistic = \"Chisq\")",
                c.statistic, c.df, c.p
            ),
        ]
    }

    /// Writes the table in its long CSV form (header [`Crosstab::COLUMNS`], cells row by
    /// row, then the F and Chisq tests), numbers at full precision.
    ///
    /// # Errors
    /// Writing fails.
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// let mut out = Vec::new();
    /// d.crosstab("a", "b")?.write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert_eq!(text.lines().count(), 1 + 4 + 2);
    /// assert!(text.lines().nth(1).unwrap().starts_with("cell,x,u,2,0.4,"));
    /// assert!(text.lines().nth(5).unwrap().starts_with("test,,,,,,F,"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        output::write_csv(out, &Self::COLUMNS, self.records())
    }
}

/// JSON (`serde_json::to_string`): the records of [`Crosstab::write_csv`] as an array of
/// objects, keys in alphabetical order, numbers as JSON numbers, empty cells `null`.
///
/// # Example
/// ```
/// use yoron::weight::{Crosstab, DesignSpec, Respondents};
/// let csv = "a,b\nx,u\nx,v\ny,u\ny,v\nx,u\n";
/// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
/// let json = serde_json::to_value(d.crosstab("a", "b")?).unwrap();
/// assert_eq!(json[0]["weighted_total"], 2.0);
/// assert_eq!(json[4]["test"], "F");
/// assert!(json[5]["ddf"].is_null());
/// # Ok::<(), yoron::Error>(())
/// ```
impl Serialize for Crosstab {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        output::serialize_records(self.records(), s)
    }
}

impl Design {
    /// A weighted two-way table of `row` by `col` with Rao–Scott tests. Respondents with a
    /// missing value in either variable are left out as a domain is (R's default
    /// `na.rm = TRUE` for `svychisq`).
    ///
    /// # Errors
    /// A variable not read as a category; fewer than two categories present in either variable;
    /// a singular design covariance (e.g. a table with an empty row or column).
    ///
    /// # Example
    /// ```
    /// use yoron::weight::{Crosstab, DesignSpec, Respondents};
    /// let csv = "a,b\nx,u\nx,u\nx,u\n";
    /// let d = DesignSpec::new().build(Respondents::from_csv_reader(csv.as_bytes(), &Crosstab::columns("a", "b"))?)?;
    /// assert!(d.crosstab("a", "b").unwrap_err().to_string().contains("two categories"));
    /// # Ok::<(), yoron::Error>(())
    /// ```
    pub fn crosstab(&self, row: &str, col: &str) -> Result<Crosstab> {
        let (rc, rl) = self.data.category(row)?;
        let (cc, cl) = self.data.category(col)?;
        let (nr, nc) = (rl.len(), cl.len());
        for (v, n) in [(row, nr), (col, nc)] {
            if n < 2 {
                return Err(Error::new(ErrorKind::Degenerate {
                    what: format!("crosstab of {row} by {col}"),
                    reason: format!("{v} needs at least two categories, found {n}"),
                }));
            }
        }
        self.check_categories(&[(row, nr), (col, nc)])?;
        let k = nr * nc;
        // Cells: table cells, then one for rows left out; × raking cells.
        let n_base = k + 1;
        let (combo, n_combo): (Option<&[u32]>, usize) = match &self.raking {
            Some(r) => (Some(&r.combo), r.n_combos),
            None => (None, 1),
        };
        // Every cell id below fits in u32 once the count does.
        super::limits::cell_count(n_base.checked_mul(n_combo), "crosstab cells × raking cells")?;
        let cell: Vec<u32> = (0..self.n_rows())
            .map(|i| {
                let base = if rc[i] == MISSING || cc[i] == MISSING {
                    k
                } else {
                    cc[i] as usize * nr + rc[i] as usize
                };
                (base * n_combo + combo.map_or(0, |c| c[i] as usize)) as u32
            })
            .collect();
        let n_cells = n_base * n_combo;
        let sums = cell_sums(&self.weights, &cell, n_cells, None);
        let mut tot = vec![0.0; n_base];
        for base in 0..n_base {
            for c in 0..n_combo {
                tot[base] += sums[base * n_combo + c].w;
            }
        }
        let w_all: f64 = tot[..k].iter().sum();
        let p: Vec<f64> = tot[..k].iter().map(|t| t / w_all).collect();
        let mut b = vec![0.0; n_cells * k];
        for base in 0..k {
            for c in 0..n_combo {
                let e = base * n_combo + c;
                for j in 0..k {
                    b[e * k + j] = (f64::from(u8::from(base == j)) - p[j]) / w_all;
                }
            }
        }
        if let Some(r) = &self.raking {
            let counts: Vec<f64> = sums.iter().map(|s| s.n as f64).collect();
            r.residualize(n_base, k, &mut b, None, &counts, None);
        }
        let mut pairs = Vec::with_capacity(k * (k + 1) / 2);
        for a in 0..k {
            for bb in a..k {
                pairs.push(Pair {
                    a,
                    b: bb,
                    presence: Presence::All,
                });
            }
        }
        let inf = Influence {
            cell: &cell,
            n_cells,
            k,
            b,
            a: None,
        };
        let v = match &self.replicates {
            // R's svychisq on a replicate design: the cells' covariance by replication.
            Some(rep) => {
                let theta = |w_ext: &[f64]| -> Vec<f64> {
                    let t: Vec<f64> = (0..k)
                        .map(|b| w_ext[b * n_combo..(b + 1) * n_combo].iter().sum())
                        .collect();
                    let all: f64 = t.iter().sum();
                    t.iter().map(|x| x / all).collect()
                };
                let (thetas, full) = rep.estimates(&cell, &sums, None, |w, _| theta(w));
                rep.covariance(&thetas, &full)
            }
            None => {
                let cov = covariances(&self.layout, &self.weights, &inf, &pairs);
                let mut v = vec![0.0; k * k];
                for (pair, c) in pairs.iter().zip(&cov) {
                    v[pair.a * k + pair.b] = *c;
                    v[pair.b * k + pair.a] = *c;
                }
                v
            }
        };
        let se: Vec<f64> = (0..k).map(|j| v[j * k + j].max(0.0).sqrt()).collect();

        // Pearson X² on the table scaled to N rows (R: svytable(Ntotal = N)).
        let n_rows = self.n_rows() as f64;
        let table: Vec<f64> = p.iter().map(|x| x * n_rows).collect();
        let mut rsum = vec![0.0; nr];
        let mut csum = vec![0.0; nc];
        for r in 0..nr {
            for c in 0..nc {
                rsum[r] += table[c * nr + r];
                csum[c] += table[c * nr + r];
            }
        }
        let mut pearson = 0.0;
        for r in 0..nr {
            for c in 0..nc {
                let e = rsum[r] * csum[c] / n_rows;
                pearson += (table[c * nr + r] - e).powi(2) / e;
            }
        }
        // Contrasts orthogonal to the margins: e_rc − e_1c − e_r1 + e_11.
        let m = (nr - 1) * (nc - 1);
        let mut cmat = vec![0.0; k * m];
        for r in 1..nr {
            for c in 1..nc {
                let col = (c - 1) * (nr - 1) + (r - 1);
                cmat[(c * nr + r) * m + col] += 1.0;
                cmat[r * m + col] -= 1.0;
                cmat[(c * nr) * m + col] -= 1.0;
                cmat[col] += 1.0;
            }
        }
        let id: Vec<f64> = p
            .iter()
            .map(|&x| if x == 0.0 { 0.0 } else { 1.0 / x })
            .collect();
        // denom = Cᵀ D⁻¹ C / N, numr = Cᵀ D⁻¹ V D⁻¹ C.
        let mut dc = vec![0.0; k * m]; // D⁻¹ C
        for j in 0..k {
            for a in 0..m {
                dc[j * m + a] = id[j] * cmat[j * m + a];
            }
        }
        let denom: Vec<f64> = cross(&dc, &cmat, k, m)
            .into_iter()
            .map(|s| s / n_rows)
            .collect();
        let numr = cross(&dc, &product(&v, &dc, k, k, m), k, m);
        let delta = solve(&denom, &numr, m).ok_or_else(|| {
            Error::new(ErrorKind::Degenerate {
                what: format!("Rao–Scott test for {row} by {col}"),
                reason: "the design covariance of the table is singular (an empty row or column?)"
                    .into(),
            })
        })?;
        let tr: f64 = (0..m).map(|i| delta[i * m + i]).sum();
        let mut tr2 = 0.0;
        for i in 0..m {
            for j in 0..m {
                tr2 += delta[i * m + j] * delta[j * m + i];
            }
        }
        let d0 = tr * tr / tr2;
        let nu = self.df() as f64;
        let f_stat = pearson / tr;
        let f = RaoScott {
            statistic: f_stat,
            df: d0,
            ddf: Some(d0 * nu),
            p: pf_upper(f_stat, d0, d0 * nu),
        };
        let chisq = RaoScott {
            statistic: pearson,
            df: m as f64,
            ddf: None,
            p: chi_square_sf(pearson / (tr / m as f64), m as f64),
        };
        if !(tr > 0.0 && tr.is_finite() && d0.is_finite() && pearson.is_finite()) {
            return Err(Error::new(ErrorKind::Degenerate {
                what: format!("Rao–Scott test for {row} by {col}"),
                reason: "the design effects of the table are zero or undefined".into(),
            }));
        }
        Ok(Crosstab {
            row_var: row.to_string(),
            col_var: col.to_string(),
            row_categories: rl.to_vec(),
            col_categories: cl.to_vec(),
            totals: tot[..k].to_vec(),
            proportions: p,
            se,
            pearson,
            f,
            chisq,
        })
    }
}

/// The product A B of a `rows` × `inner` and an `inner` × `cols` matrix (row-major).
fn product(a: &[f64], b: &[f64], rows: usize, inner: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; rows * cols];
    for i in 0..rows {
        for c in 0..cols {
            let mut s = 0.0;
            for j in 0..inner {
                s += a[i * inner + j] * b[j * cols + c];
            }
            out[i * cols + c] = s;
        }
    }
    out
}

/// Aᵀ B of two `inner` × `cols` matrices (row-major): a `cols` × `cols` matrix.
fn cross(a: &[f64], b: &[f64], inner: usize, cols: usize) -> Vec<f64> {
    let mut at = vec![0.0; cols * inner];
    for j in 0..inner {
        for x in 0..cols {
            at[x * inner + j] = a[j * cols + x];
        }
    }
    product(&at, b, cols, inner, cols)
}

/// Solves A X = B for m × m matrices (row-major) by Gaussian elimination with partial
/// pivoting; `None` when A is singular.
fn solve(a: &[f64], b: &[f64], m: usize) -> Option<Vec<f64>> {
    let mut a = a.to_vec();
    let mut x = b.to_vec();
    let scale = a.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    for col in 0..m {
        let piv =
            (col..m).max_by(|&i, &j| a[i * m + col].abs().total_cmp(&a[j * m + col].abs()))?;
        if a[piv * m + col].abs() <= 1e-14 * scale {
            return None;
        }
        if piv != col {
            for j in 0..m {
                a.swap(piv * m + j, col * m + j);
                x.swap(piv * m + j, col * m + j);
            }
        }
        for i in 0..m {
            if i == col {
                continue;
            }
            let f = a[i * m + col] / a[col * m + col];
            if f == 0.0 {
                continue;
            }
            for j in 0..m {
                a[i * m + j] -= f * a[col * m + j];
                x[i * m + j] -= f * x[col * m + j];
            }
        }
    }
    for i in 0..m {
        let d = a[i * m + i];
        for j in 0..m {
            x[i * m + j] /= d;
        }
    }
    Some(x)
}
