//! `yoron estimate`: design-based estimates from a respondent file (R `svymean`, `svyby`,
//! `svyciprop`), with domains and a contrast between two of them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use yoron::stats::ConfidenceLevel;
use yoron::weight::{
    Columns, Design, DesignCiMethod, DesignEstimate, DesignSpec, Estimand, LonelyPsu, Margins,
    Rake, ReplicateType, Replicates, Respondents,
};

use crate::table::{Format, write_table};

/// The sampling design of a respondent file (shared by `estimate`, `crosstab` and `rake`).
#[derive(clap::Args, Debug, Clone)]
pub struct DesignArgs {
    /// Respondent file: CSV (or Parquet when built with the `parquet` feature).
    #[arg(long)]
    pub data: PathBuf,
    /// Column of sampling weights (default: equal weights).
    #[arg(long)]
    pub weight: Option<String>,
    /// Column of strata.
    #[arg(long)]
    pub strata: Option<String>,
    /// Column of primary sampling units (first-stage clusters).
    #[arg(long)]
    pub psu: Option<String>,
    /// Column of finite population corrections (PSUs in the population, or sampling fractions).
    #[arg(long)]
    pub fpc: Option<String>,
    /// PSU ids are numbered within strata (R nest = TRUE).
    #[arg(long)]
    pub nest: bool,
    /// Policy for strata with one PSU: fail, adjust, average, certainty or remove (R survey.lonely.psu).
    #[arg(long, default_value = "fail")]
    pub lonely_psu: String,
    /// Most cells an estimate may have: categories of --var × groups of --by, or crosstab rows ×
    /// columns (the work grows with their square).
    // `--max-levels` is the 0.1 name, kept hidden so that scripts still run.
    #[arg(long, alias = "max-levels", default_value_t = yoron::weight::DEFAULT_MAX_CATEGORIES)]
    pub max_categories: usize,
    /// Replicate weights instead of strata and PSUs: the columns whose names match this regular expression (e.g. "^repw[0-9]+$"), as R svrepdesign(repweights =).
    #[arg(long, value_name = "PATTERN", requires = "rep_type")]
    pub repweights: Option<String>,
    /// Replicate type: JK1, JKn, BRR, Fay, bootstrap, successive-difference, ACS or other (R svrepdesign type =).
    #[arg(long, value_name = "T", requires = "repweights")]
    pub rep_type: Option<String>,
    /// The variance's overall multiplier, instead of the type's default (R scale =).
    #[arg(long, requires = "repweights")]
    pub scale: Option<f64>,
    /// One multiplier per replicate: comma-separated numbers, or a file of numbers (R rscales =; JKn needs them).
    #[arg(long, value_name = "FILE|LIST", requires = "repweights")]
    pub rscales: Option<String>,
    /// Fay's ρ for --rep-type Fay (R rho =).
    #[arg(long, value_name = "R", requires = "repweights")]
    pub fay_rho: Option<f64>,
    /// Centre the replicates at the full-sample estimate (R mse = TRUE).
    #[arg(long, requires = "repweights")]
    pub mse: bool,
    /// The replicate columns are factors to multiply the sampling weight by, not combined weights (R combined.weights = FALSE).
    #[arg(long, requires = "repweights")]
    pub not_combined: bool,
}

/// `--rscales`: comma-separated numbers, or a file of numbers separated by commas, spaces
/// or line ends.
fn rscales(arg: &str) -> anyhow::Result<Vec<f64>> {
    let parse = |text: &str, place: &str| -> anyhow::Result<Vec<f64>> {
        text.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(i, s)| {
                s.parse::<f64>().map_err(|_| {
                    anyhow::anyhow!(
                        "--rscales: expected numbers, found \"{s}\" (value {} of {place})",
                        i + 1
                    )
                })
            })
            .collect()
    };
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("--rscales: reading {}: {e}", path.display()))?;
        parse(&text, &path.display().to_string())
    } else {
        parse(arg, "the list")
    }
}

impl DesignArgs {
    /// The design specification.
    pub fn spec(&self) -> anyhow::Result<DesignSpec> {
        let mut s = DesignSpec::new()
            .nest(self.nest)
            .lonely_psu(self.lonely_psu.parse::<LonelyPsu>()?)
            .max_categories(self.max_categories);
        if let Some(w) = &self.weight {
            s = s.weight(w);
        }
        if let Some(x) = &self.strata {
            s = s.strata(x);
        }
        if let Some(x) = &self.psu {
            s = s.psu(x);
        }
        if let Some(x) = &self.fpc {
            s = s.fpc(x);
        }
        if let (Some(pattern), Some(kind)) = (&self.repweights, &self.rep_type) {
            // The pattern is matched against the file's header here, so that only the
            // replicate columns are read.
            let kind: ReplicateType = kind.parse()?;
            let columns = Replicates::matching(kind, pattern.as_str())
                .columns_in(&Respondents::header(&self.data)?)?;
            let mut r = Replicates::new(kind, columns)
                .mse(self.mse)
                .combined_weights(!self.not_combined);
            if let Some(x) = self.scale {
                r = r.scale(x);
            }
            if let Some(x) = &self.rscales {
                r = r.rscales(rscales(x)?);
            }
            if let Some(x) = self.fay_rho {
                r = r.rho(x);
            }
            s = s.replicates(r);
        }
        Ok(s)
    }

    /// Reads the file (only `extra` columns besides the design's) and builds the design,
    /// raked to `margins` when given.
    pub fn design(
        &self,
        extra: &Columns,
        margins: Option<&Margins>,
        progress: &Progress,
    ) -> anyhow::Result<Design> {
        let spec = self.spec()?;
        let mut cols = spec.columns().merge(extra);
        if let Some(m) = margins {
            cols = cols.merge(&m.columns());
        }
        progress.stage(format!("reading {}", self.data.display()));
        let data = Respondents::read(&self.data, &cols)?;
        progress.stage(format!(
            "checking the design of {} respondents",
            data.n_rows()
        ));
        let design = spec.build(data)?;
        match margins {
            Some(m) => {
                progress.stage("raking".to_string());
                Ok(design.rake(m, &Rake::new())?.into_design())
            }
            None => Ok(design),
        }
    }
}

/// A spinner with the current stage on stderr; hidden when stderr is not a terminal.
pub struct Progress(ProgressBar);

impl Progress {
    /// Starts the spinner.
    pub fn start() -> Progress {
        let bar = if std::io::stderr().is_terminal() {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
                b.set_style(style);
            }
            b.enable_steady_tick(Duration::from_millis(100));
            b
        } else {
            ProgressBar::hidden()
        };
        Progress(bar)
    }

    /// Shows what is being done.
    pub fn stage(&self, message: String) {
        self.0.set_message(message);
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Estimate proportions, means or totals from a respondent file, overall or by group.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    design: DesignArgs,
    /// Variable(s) to estimate (repeat or separate with commas).
    #[arg(long, required = true, value_delimiter = ',')]
    var: Vec<String>,
    /// What to estimate: proportion (of each category), mean, total (of a number, or of each
    /// category of a text column), ratio (of --var to --denominator) or quantile.
    #[arg(long, default_value = "proportion", value_parser = ["proportion", "mean", "total", "ratio", "quantile"])]
    stat: String,
    /// The denominator of --stat ratio: --var / --denominator as a ratio of totals (R svyratio).
    #[arg(long, value_name = "COLUMN")]
    denominator: Option<String>,
    /// The probabilities of --stat quantile, in (0, 1) (R svyquantile quantiles =).
    /// [default: 0.25,0.5,0.75]
    #[arg(long, value_delimiter = ',')]
    quantiles: Option<Vec<f64>>,
    /// The interval of --stat quantile: Woodruff's with the proportion's interval by mean (R's
    /// default), beta, xlogit or asin, or Francisco and Fuller's score (R svyquantile interval.type).
    /// [default: mean]
    #[arg(long, value_parser = ["mean", "beta", "xlogit", "asin", "score"])]
    quantile_method: Option<String>,
    /// The variables are a set of 0/1 indicators (a multiple-response question).
    #[arg(long)]
    indicators: bool,
    /// Estimate for each category of this column (domains).
    #[arg(long)]
    by: Option<String>,
    /// Add the difference between two categories of --by: A,B gives A - B.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    contrast: Option<Vec<String>>,
    /// Interval method for proportions: logit, likelihood, asin, beta, mean, xlogit (R svyciprop) or wilson.
    /// [default: logit]
    #[arg(long)]
    ci: Option<String>,
    /// Confidence level of the intervals (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Leave out respondents with a missing answer or group (R na.rm = TRUE) instead of failing.
    #[arg(long)]
    na_rm: bool,
    /// Rake the weights to these margins first (CSV: variable,category,total or variable,category,share).
    #[arg(long)]
    rake: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn estimands(args: &Args) -> anyhow::Result<Vec<Estimand>> {
    // A flag that does not apply to the statistic is refused, never silently ignored.
    if args.stat == "quantile" {
        if let Some(ci) = &args.ci {
            anyhow::bail!(
                "--ci {ci} is for proportions; the interval of --stat quantile is chosen with --quantile-method"
            );
        }
    } else if args.quantiles.is_some() || args.quantile_method.is_some() {
        anyhow::bail!(
            "--quantiles and --quantile-method are for --stat quantile; drop them or add --stat quantile"
        );
    }
    let method: DesignCiMethod = args.ci.as_deref().unwrap_or("logit").parse()?;
    let contrast = match &args.contrast {
        Some(v) if v.len() == 2 => Some((v[0].clone(), v[1].clone())),
        Some(v) => anyhow::bail!(
            "--contrast: expected two categories of --by separated by a comma (A,B), found {}",
            v.join(",")
        ),
        None => None,
    };
    if contrast.is_some() && args.by.is_none() {
        anyhow::bail!(
            "--contrast needs --by: the contrast compares two categories of the --by column"
        );
    }
    let base: Vec<Estimand> = if args.indicators {
        if args.stat != "proportion" {
            anyhow::bail!(
                "--indicators estimates proportions; drop --stat {}",
                args.stat
            );
        }
        vec![Estimand::indicators(args.var.iter().cloned())]
    } else {
        if args.denominator.is_some() && args.stat != "ratio" {
            anyhow::bail!("--denominator is for --stat ratio; drop it or add --stat ratio");
        }
        args.var
            .iter()
            .map(|v| {
                Ok(match args.stat.as_str() {
                    "mean" => Estimand::mean(v),
                    "total" => Estimand::total(v),
                    "ratio" => match &args.denominator {
                        Some(den) => Estimand::ratio(v, den),
                        None => anyhow::bail!(
                            "--stat ratio needs --denominator: the column whose total divides --var's"
                        ),
                    },
                    "quantile" => Estimand::quantiles(
                        v,
                        args.quantiles.clone().unwrap_or_else(|| vec![0.25, 0.5, 0.75]),
                    )
                    .quantile_interval(args.quantile_method.as_deref().unwrap_or("mean").parse()?),
                    _ => Estimand::proportions(v),
                })
            })
            .collect::<anyhow::Result<_>>()?
    };
    Ok(base
        .into_iter()
        .map(|mut e| {
            if let Some(by) = &args.by {
                e = e.by(by);
            }
            if let Some((a, b)) = &contrast {
                e = e.contrast(a, b);
            }
            e.interval(method).level(args.level).na_rm(args.na_rm)
        })
        .collect())
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let estimands = estimands(args)?;
    let columns = estimands
        .iter()
        .fold(Columns::new(), |c, e| c.merge(&e.columns()));
    let margins = args.rake.as_ref().map(Margins::from_csv_path).transpose()?;
    let progress = Progress::start();
    let design = args.design.design(&columns, margins.as_ref(), &progress)?;
    progress.stage("estimating".to_string());
    let results = estimands
        .iter()
        .map(|e| design.estimate(e))
        .collect::<yoron::Result<Vec<_>>>()?;
    progress.finish();
    let rows: Vec<&DesignEstimate> = results.iter().flat_map(|r| r.rows()).collect();
    match args.format {
        Format::Table => {
            let text: Vec<Vec<String>> = rows.iter().map(|e| e.text_record()).collect();
            write_table(out, &DesignEstimate::COLUMNS, &text)?;
        }
        Format::Csv => DesignEstimate::write_csv(rows, &mut *out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
