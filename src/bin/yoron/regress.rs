//! `yoron regress`: a survey-weighted GLM from a respondent file (R `svyglm`, `regTermTest`).

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::{Family, Margins, Model};

use crate::estimate::{DesignArgs, Progress};
use crate::table::{Format, write_table};

/// Fit a linear, logistic or Poisson regression with design-based standard errors.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    design: DesignArgs,
    /// R formula: "y ~ a + b", interactions a:b and a*b, factor(x), 0 + or - 1 for no intercept.
    #[arg(long)]
    formula: String,
    /// gaussian (linear), binomial (logistic, R quasibinomial) or poisson (R quasipoisson).
    #[arg(long, default_value = "gaussian")]
    family: String,
    /// Wald test of terms (R regTermTest): repeat for separate tests, "a,b" tests a and b jointly.
    #[arg(long, value_name = "TERMS")]
    test: Vec<String>,
    /// Reference level of a categorical predictor, VAR=LEVEL (default: its first level).
    #[arg(long = "ref", value_name = "VAR=LEVEL")]
    reference: Vec<String>,
    /// Fit in one domain only, VAR=LEVEL, keeping the whole design (R subset(design, VAR == LEVEL)).
    #[arg(long, value_name = "VAR=LEVEL")]
    domain: Option<String>,
    /// Drop rows with a missing value in a model variable (R na.omit) instead of stopping.
    #[arg(long)]
    na_rm: bool,
    /// Print odds ratios (exp of the coefficients and their intervals) instead of coefficients; logistic models only.
    #[arg(long)]
    odds_ratios: bool,
    /// Rake the weights to these margins first (CSV: variable,category,total or variable,category,share).
    #[arg(long)]
    rake: Option<PathBuf>,
    /// Output format (csv: the coefficients, then a blank line and the tests if any).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn pair<'a>(flag: &str, arg: &'a str) -> anyhow::Result<(&'a str, &'a str)> {
    arg.split_once('=')
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| anyhow::anyhow!("--{flag}: expected VAR=LEVEL, found \"{arg}\""))
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut model = Model::formula(&args.formula)?
        .family(args.family.parse::<Family>()?)
        .na_rm(args.na_rm);
    for r in &args.reference {
        let (var, level) = pair("ref", r)?;
        model = model.reference(var, level);
    }
    if let Some(d) = &args.domain {
        let (var, level) = pair("domain", d)?;
        model = model.domain(var, level);
    }
    let margins = args.rake.as_ref().map(Margins::from_csv_path).transpose()?;
    let progress = Progress::start();
    let design = args
        .design
        .design(&model.columns(), margins.as_ref(), &progress)?;
    progress.stage("fitting".to_string());
    let mut fit = design.regress(&model);
    if let Ok(f) = fit {
        let mut f = f;
        for t in &args.test {
            let terms: Vec<&str> = t.split(',').map(str::trim).collect();
            f = f.with_wald(&terms)?;
        }
        fit = Ok(f);
    }
    progress.finish();
    let fit = fit?;
    if args.odds_ratios {
        match args.format {
            Format::Table => {
                let header = yoron::weight::Regression::odds_ratio_text_header();
                let h: Vec<&str> = header.iter().map(String::as_str).collect();
                write_table(out, &h, &fit.odds_ratio_text_records()?)?;
                writeln!(out)?;
                for line in fit.summary_text() {
                    writeln!(out, "{line}")?;
                }
            }
            Format::Csv => fit.write_odds_ratios_csv(&mut *out)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &fit.odds_ratios_json()?)?;
                writeln!(out)?;
            }
        }
        return Ok(());
    }
    match args.format {
        Format::Table => {
            let header = yoron::weight::Regression::text_header();
            let h: Vec<&str> = header.iter().map(String::as_str).collect();
            write_table(out, &h, &fit.text_records())?;
            writeln!(out)?;
            for line in fit.summary_text() {
                writeln!(out, "{line}")?;
            }
        }
        Format::Csv => {
            fit.write_csv(&mut *out)?;
            if !fit.tests().is_empty() {
                writeln!(out)?;
                fit.write_tests_csv(&mut *out)?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &fit)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
