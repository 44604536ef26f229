//! Respondent-level data: design-based estimates, domains, Rao–Scott tests and raking,
//! matching R's `survey` package, fast on millions of rows.
//!
//! Published toplines (the rest of yoron) give one number per option; a poll's
//! respondent file (one row per respondent, a weight, often strata and PSUs) gives what
//! R's `survey` package gives: standard errors that respect the sampling design, domain
//! estimates with their covariance, tests for two-way tables, raked weights.
//!
//! # Rake respondent data to census margins, then estimate
//! ```
//! use yoron::weight::{DesignSpec, Estimand, Margins, Rake, Respondents};
//! let csv = "w,stratum,psu,sex,country,q1\n\
//!            1.2,1,11,F,JP,agree\n0.8,1,11,M,JP,disagree\n1.0,1,12,F,JP,agree\n\
//!            1.1,1,12,M,JP,agree\n0.9,2,21,F,KR,disagree\n1.3,2,21,M,KR,agree\n\
//!            1.0,2,22,F,KR,disagree\n0.7,2,22,M,KR,disagree\n";
//! let spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
//! let q1 = Estimand::proportions("q1").by("country").contrast("JP", "KR");
//! let margins = Margins::new().shares("sex", [("F", 0.51), ("M", 0.49)]);
//! let columns = spec.columns().merge(&q1.columns()).merge(&margins.columns());
//! let design = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &columns)?)?;
//! let raked = design.rake(&margins, &Rake::new())?;
//! let est = raked.design().estimate(&q1)?;
//! let gap = est.find(Some("JP-KR"), "agree")?;
//! assert!(gap.estimate() > 0.0 && gap.se() > 0.0);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! # Read an SPSS, Stata or SAS file (feature `readstat`)
//! Value labels become categories in code order (R `haven::as_factor`), user-missing and
//! `.a`–`.z` values are missing with their kind counted, and variable labels are kept;
//! [`FileDescription`] is `yoron describe`.
//! ```
//! # #[cfg(feature = "readstat")] {
//! use yoron::weight::{DesignSpec, Estimand, Respondents};
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/readstat/survey.sav");
//! let spec = DesignSpec::new().weight("w");
//! let q1 = Estimand::proportions("q1").by("country").na_rm(true);
//! let data = Respondents::read(path, &spec.columns().merge(&q1.columns()))?;
//! assert_eq!(data.categories("q1")?[0], "Strongly agree");
//! assert_eq!(data.variable_label("country")?, Some("国 / 나라"));
//! let est = spec.build(data)?.estimate(&q1)?;
//! assert!(est.find(Some("한국"), "Agree")?.estimate() > 0.0);
//! # }
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! # What matches R, and how
//! Estimates, standard errors, intervals, design effects, Rao–Scott statistics and raked
//! weights are checked against R 4.2.2 / survey 4.1.1 on committed datasets (stratified,
//! clustered, with and without FPC, lonely PSUs, raked, a domain with a zero proportion)
//! at a relative tolerance of 1e-8: see `tests/reference/survey/` (ratios, quantiles,
//! per-category totals and `na.rm` intervals, also on R's `api` data, in its `estimates/`). Variance is Taylor
//! linearisation with PSUs sampled with replacement (R's default), the lonely-PSU policies
//! are R's `survey.lonely.psu`, domain estimates are R's `svyby` (the whole design, rows
//! outside the domain contributing zero), and the raked design's variance residualises the
//! influence values on the margins exactly as R's `svyrecvar` does for a `rake()` design.
//!
//! One deliberate difference: a contrast between two domains (`JP − KR`) uses the full
//! covariance of the two domain estimates. R's `svyby(covmat = TRUE)` in survey 4.1.1
//! builds a block-diagonal covariance for linearisation designs (zero between domains);
//! that is right when the domains lie in different strata, as countries do, and too small
//! or too large when they share PSUs. The reference for contrasts is therefore the
//! coefficient of `svyglm(y ~ group)`, which linearises the difference itself.
//!
//! # For R survey users
//!
//! | R (survey 4.1.1) | yoron | notes |
//! |---|---|---|
//! | `svydesign(ids = ~psu, strata = ~st, weights = ~w, fpc = ~N, data = d)` | `DesignSpec::new().psu("psu").strata("st").weight("w").fpc("N").build(data)` | `fpc`: PSU counts (all ≥ 1) or fractions (all ≤ 1), as R |
//! | `svydesign(..., nest = TRUE)` | `.nest(true)` | without it a PSU id in two strata is an error, as R |
//! | `svrepdesign(repweights = "rep[0-9]+", type = "BRR", weights = ~w, data = d)` | `DesignSpec::new().weight("w").replicates(Replicates::matching(ReplicateType::Brr, "rep[0-9]+"))` | every `svrepdesign` type with R's `scale`/`rscales` defaults, `mse`, `combined.weights`; see [`Replicates`] |
//! | `as.svrepdesign(des, type = "JKn")` | `design.to_replicate(&CreateReplicates::new(CreatedType::Jkn))` | JK1, JKn, BRR (R's Hadamard matrices), Fay, bootstrap, subbootstrap; R's weights, `scale`, `rscales`; see [`Design::to_replicate`] |
//! | `options(survey.lonely.psu = "adjust")` | `.lonely_psu(LonelyPsu::Adjust)` | per design, not global; `"fail"` is the default in both |
//! | `svymean(~q, des, deff = "replace")` | `design.estimate(&Estimand::proportions("q"))` | `deff()` is `"replace"`, `deff_without_replacement()` is `deff = TRUE` |
//! | `svyciprop(~I(q == "a"), des, method = "beta")` | `Estimand::proportions("q").interval(DesignCiMethod::Beta)` | every category at once; df = `degf()` of the domain, as R |
//! | `confint(svymean(~q, des), level = 0.9, df = degf(des))` | `.level(ConfidenceLevel::P90)` | `yoron::stats::ConfidenceLevel`, as everywhere in yoron |
//! | `svymean(~age, des)`, `svytotal(~hh, des)` | `Estimand::mean("age")`, `Estimand::total("hh")` | intervals: `confint(df = degf(des))` |
//! | `svytotal(~factor(q), des)` | `Estimand::total("q")` on a column read as categories, [`Estimand::category_totals`] | each category's total |
//! | `svyratio(~y, ~x, des)`, `svyby(~y, ~g, des, svyratio, denominator = ~x)` | [`Estimand::ratio`]`("y", "x")`, `.by("g")` | intervals: `confint(df = degf(des))` |
//! | `svyquantile(~x, des, quantiles = c(.25, .5, .75), ci = TRUE)` | [`Estimand::quantiles`]`("x", [0.25, 0.5, 0.75])` | survey 4.1 defaults (`qrule = "math"`, Woodruff `interval.type = "mean"`); `.quantile_interval(QuantileInterval::Beta)` for `"beta"`, also xlogit, asin, score |
//! | `svymean(~m1 + m2 + m3, des)` | `Estimand::indicators(["m1", "m2", "m3"])` | 0/1 columns of a multiple-response question |
//! | `svyby(~q, ~country, des, svymean)` | `Estimand::proportions("q").by("country")` | domain estimates, never row filtering |
//! | `svycontrast(svyby(..., covmat = TRUE), ...)` | `.contrast("JP", "KR")` | full covariance (see above) |
//! | `svymean(~q, des, na.rm = TRUE)` | `.na_rm(true)` | otherwise a missing answer is an error naming its rows |
//! | `svyciprop(~I(q == "a"), des, method = "beta", na.rm = TRUE)` | `.na_rm(true).interval(DesignCiMethod::Beta)` | `degf()` and `nrow()` of the whole design (or domain), as R; see [`Estimand::na_rm`] |
//! | `svychisq(~a + b, des)`, `statistic = "Chisq"` | `design.crosstab("a", "b")?.f_test()`, `.chisq_test()` | |
//! | `svyglm(y ~ age + sex, des, family = quasibinomial())` | `design.regress(&Model::formula("y ~ age + sex")?.family(Family::Binomial))` | gaussian, binomial, poisson; R's coefficient names, `summary()` t tests and `confint()` on `df.residual`; converged fit (R: `control = glm.control(epsilon = 1e-14)`); see [`Model`] |
//! | `svyglm(..., design = subset(des, country == "JP"))` | `.domain("country", "JP")` | the whole design stays for the variance |
//! | `relevel(factor(x), ref = "b")` | `.reference("x", "b")` | first level (sorted) by default, as R |
//! | `regTermTest(fit, ~a + b)` | `fit.wald(&["a", "b"])` | Wald F on (coefficients, `df.residual`) |
//! | `exp(cbind(coef(fit), confint(fit)))` | `fit.odds_ratios()` | logistic models |
//! | `rake(des, list(~sex, ~age), list(pop_sex, pop_age))` | `design.rake(&Margins::new().totals(..).totals(..), &Rake::new())` | shares too; tolerance on margins, not on weight changes; loud errors |
//! | `weights(raked)` | `raked.design().weights()` | |
//! | `write.csv(as.data.frame(svyby(...)))` | `est.write_csv(file)`, `serde_json::to_writer(file, &est)` | the columns of `yoron estimate --format csv/json`; likewise `Crosstab`, `RakeReport` |
//!
//! # Why it is fast
//! - **Reading**: CSV is parsed by yoron's own block-parallel reader on the `csv` crate
//!   (see the `csv` submodule for why not polars' reader), converting only the needed
//!   columns: numbers to `f64`, categories to `u32` codes. Parquet is read with polars
//!   (`parquet` feature), decoding only the needed columns; SPSS, Stata and SAS files with
//!   `polars-readstat-rs` (`readstat` feature), likewise.
//! - **One pass per statistic set**: every estimator's influence value has the form
//!   wᵢ(yᵢ a\[cellᵢ\] + b\[cellᵢ\]) for a small cell id (domain × category × raking cell), so
//!   variance needs one pass over rows into per-PSU totals, then work in PSUs × statistics;
//!   raking fits on the table of raking cells and needs two passes over rows. Nothing is
//!   quadratic in rows, PSUs or domains.
//!
//! # Why the CSV column `deff` is R's `deff = "replace"`
//! Poll weights are often scaled to sum to the sample size; R's default `deff = TRUE`
//! compares with sampling without replacement from a population of Σw, which is then
//! infinite or undefined. Both are available ([`DesignEstimate::deff`],
//! [`DesignEstimate::deff_without_replacement`]), with Kish's weighting deff.

// The estimators index small matrices (cells × statistics, PSUs × statistics) by
// position, which reads closer to the formulas than iterator chains; and `!(x > 0.0)`
// guards reject NaN along with non-positive values on purpose.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

// Where each concern lives, and which way the modules depend (never back):
//   read (open a file by extension) → survey_file (SPSS/Stata/SAS: labels, kinds of missing),
//     csv (block reader: block, piece) → data (the
//     respondent columns; DataFrames) → dict (category dictionary, field text);
//   design (spec, layout) → raked_variance (a raked design's residualisation), dict;
//   rake (margins reader, options/report, fit) → design;
//   estimate (estimand, results, domain engine), crosstab → engine (variance) → design;
//     also → interval (svyciprop methods, on stats) and output (CSV/JSON/text records);
//   replicate (supplied weights), replicate_create (as.svrepdesign) → hadamard, design;
//   write (copy a file with new columns) stands alone.
mod crosstab;
mod csv;
mod data;
mod describe;
mod design;
mod dict;
mod engine;
mod estimate;
mod hadamard;
mod html;
mod interval;
mod limits;
mod output;
mod rake;
mod raked_variance;
mod read;
mod regress;
mod replicate;
mod replicate_create;
mod survey_file;
mod write;

pub use crosstab::{Crosstab, RaoScott};
pub use data::{ColumnKind, Columns, Respondents};
pub use describe::{FileDescription, VariableDescription, VariableType};
pub use design::{Design, DesignSpec, LonelyPsu};
pub use estimate::{
    DesignEstimate, DesignEstimates, Estimand, MAX_QUANTILES, QuantileInterval, Statistic,
};
pub use interval::DesignCiMethod;
pub use limits::DEFAULT_MAX_CATEGORIES;
pub use rake::{Margins, Rake, RakeReport, Raked, Trim};
pub use regress::{Coefficient, Family, MAX_COEFFICIENTS, Model, OddsRatio, Regression, WaldTest};
pub use replicate::{ReplicateType, Replicates};
pub use replicate_create::{CreateReplicates, CreatedType};
pub use survey_file::{MissingCount, MissingKind, SurveyFormat, ValueLabel};
pub use write::{write_rscales, write_with_column, write_with_columns};
