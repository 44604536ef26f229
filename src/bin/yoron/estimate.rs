//! `yoron estimate`: design-based estimates from a respondent file (R `svymean`, `svyby`,
//! `svyciprop`), with domains and a contrast between two of them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use yoron::stats::ConfidenceLevel;
use yoron::weight::{
    Columns, Design, DesignCiMethod, DesignEstimate, DesignSpec, Estimand, LonelyPsu, Margins,
    Rake, Respondents,
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
    /// Most cells an estimate may have: levels of --var × groups of --by, or crosstab rows ×
    /// columns (the work grows with their square).
    #[arg(long, default_value_t = yoron::weight::DEFAULT_MAX_LEVELS)]
    pub max_levels: usize,
}

impl DesignArgs {
    /// The design specification.
    pub fn spec(&self) -> anyhow::Result<DesignSpec> {
        let mut s = DesignSpec::new()
            .nest(self.nest)
            .lonely_psu(self.lonely_psu.parse::<LonelyPsu>()?)
            .max_levels(self.max_levels);
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
    /// What to estimate: proportion (of each category), mean or total.
    #[arg(long, default_value = "proportion", value_parser = ["proportion", "mean", "total"])]
    stat: String,
    /// The variables are a set of 0/1 indicators (a multiple-response question).
    #[arg(long)]
    indicators: bool,
    /// Estimate for each level of this column (domains).
    #[arg(long)]
    by: Option<String>,
    /// Add the difference between two levels of --by: A,B gives A - B.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    contrast: Option<Vec<String>>,
    /// Interval method for proportions: logit, likelihood, asin, beta, mean, xlogit (R svyciprop) or wilson.
    #[arg(long, default_value = "logit")]
    ci: String,
    /// Confidence level of the intervals (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Leave out respondents with a missing answer or group (R na.rm = TRUE) instead of failing.
    #[arg(long)]
    na_rm: bool,
    /// Rake the weights to these margins first (CSV: variable,level,total or variable,level,share).
    #[arg(long)]
    rake: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn estimands(args: &Args) -> anyhow::Result<Vec<Estimand>> {
    let method: DesignCiMethod = args.ci.parse()?;
    let contrast = match &args.contrast {
        Some(v) if v.len() == 2 => Some((v[0].clone(), v[1].clone())),
        Some(v) => anyhow::bail!(
            "--contrast: expected two levels of --by separated by a comma (A,B), found {}",
            v.join(",")
        ),
        None => None,
    };
    if contrast.is_some() && args.by.is_none() {
        anyhow::bail!("--contrast needs --by: the contrast compares two levels of the --by column");
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
        args.var
            .iter()
            .map(|v| match args.stat.as_str() {
                "mean" => Estimand::mean(v),
                "total" => Estimand::total(v),
                _ => Estimand::proportions(v),
            })
            .collect()
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
