//! `yoron replicate`: create replicate weights from a Taylor design (R `as.svrepdesign`)
//! and write the respondent file back with them, for `yoron estimate --repweights` or any
//! software that reads replicate weights.

use std::io::Write;
use std::path::{Path, PathBuf};

use yoron::weight::{
    Columns, CreateReplicates, CreatedType, ReplicateType, write_rscales, write_with_columns,
};

use crate::estimate::{DesignArgs, Progress};

/// Create replicate weights from strata and PSUs (R as.svrepdesign) and write OUT with
/// columns rep1..repR (the combined weights: sampling weight × replicate factor); every row
/// kept, in order.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Respondent file: CSV (or Parquet when built with the `parquet` feature).
    #[arg(long)]
    data: PathBuf,
    /// Column of sampling weights (default: equal weights).
    #[arg(long)]
    weight: Option<String>,
    /// Column of strata.
    #[arg(long)]
    strata: Option<String>,
    /// Column of primary sampling units (first-stage clusters).
    #[arg(long)]
    psu: Option<String>,
    /// Column of finite population corrections (PSUs in the population, or sampling fractions).
    #[arg(long)]
    fpc: Option<String>,
    /// PSU ids are numbered within strata (R nest = TRUE).
    #[arg(long)]
    nest: bool,
    /// Policy for strata with one PSU: fail, adjust, average, certainty or remove (R survey.lonely.psu).
    #[arg(long, default_value = "fail")]
    lonely_psu: String,
    /// Replicate type: JK1 (unstratified), JKn, BRR (2 PSUs per stratum), Fay, bootstrap or subbootstrap (R as.svrepdesign type =).
    #[arg(long = "type", value_name = "T")]
    kind: String,
    /// Number of bootstrap replicates (R replicates =; default 50). The jackknives and BRR have as many as the design dictates.
    #[arg(long, value_name = "N")]
    replicates: Option<usize>,
    /// Seed of the bootstrap draws (default 0; yoron's generator: the same seed gives the same weights, never R's).
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Fay's ρ for --type Fay, in (0, 1) (R fay.rho =).
    #[arg(long, value_name = "R")]
    fay_rho: Option<f64>,
    /// Centre the replicates at the full-sample estimate (R mse = TRUE).
    #[arg(long)]
    mse: bool,
    /// Output file (same format as --data); may be --data itself.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let kind: CreatedType = args.kind.parse()?;
    if args.fay_rho.is_some() && kind != CreatedType::Fay {
        anyhow::bail!("--fay-rho: only with --type Fay, found --type {kind}");
    }
    let bootstrap = matches!(kind, CreatedType::Bootstrap | CreatedType::Subbootstrap);
    if !bootstrap && (args.replicates.is_some() || args.seed.is_some()) {
        anyhow::bail!(
            "--replicates and --seed: only with --type bootstrap or subbootstrap, found --type {kind} (its replicates follow from the design)"
        );
    }
    let mut how = CreateReplicates::new(kind).mse(args.mse);
    if let Some(r) = args.replicates {
        how = how.replicates(r);
    }
    if let Some(s) = args.seed {
        how = how.seed(s);
    }
    if let Some(rho) = args.fay_rho {
        how = how.fay_rho(rho);
    }
    let design_args = DesignArgs {
        data: args.data.clone(),
        weight: args.weight.clone(),
        strata: args.strata.clone(),
        psu: args.psu.clone(),
        fpc: args.fpc.clone(),
        nest: args.nest,
        lonely_psu: args.lonely_psu.clone(),
        max_categories: yoron::weight::DEFAULT_MAX_CATEGORIES,
        repweights: None,
        rep_type: None,
        scale: None,
        rscales: None,
        fay_rho: None,
        mse: false,
        not_combined: false,
    };
    let progress = Progress::start();
    let design = design_args.design(&Columns::new(), None, &progress)?;
    progress.stage(format!("creating {kind} replicates"));
    let created = design.to_replicate(&how)?;
    let (rep_type, names) = created
        .replicates()
        .ok_or_else(|| anyhow::anyhow!("no replicates were created"))?;
    let (scale, rscales) = created
        .replicate_scales()
        .ok_or_else(|| anyhow::anyhow!("no replicates were created"))?;
    let weights: Vec<(&str, std::borrow::Cow<'_, [f64]>)> = names
        .iter()
        .enumerate()
        .filter_map(|(r, name)| Some((name.as_str(), created.replicate_weights(r)?)))
        .collect();
    let columns: Vec<(&str, &[f64])> = weights.iter().map(|(n, w)| (*n, &**w)).collect();
    progress.stage(format!("writing {}", args.out.display()));
    write_with_columns(&args.data, &args.out, &columns)?;
    // rscales that are not all 1 go to a file beside OUT, read back by --rscales.
    let rscales_file = if rscales.iter().all(|&x| x == 1.0) {
        None
    } else {
        let mut path = args.out.clone().into_os_string();
        path.push(".rscales.txt");
        let path = PathBuf::from(path);
        write_rscales(&path, rscales)?;
        Some(path)
    };
    progress.finish();
    writeln!(
        out,
        "wrote {}: {} rows with {} replicate weight columns {}..{} ({kind}, as R as.svrepdesign; sampling weight × replicate factor)",
        args.out.display(),
        created.n_rows(),
        names.len(),
        names[0],
        names[names.len() - 1],
    )?;
    let rscales_text = match &rscales_file {
        Some(p) => format!("rscales in {}", p.display()),
        None => "rscales 1".to_string(),
    };
    writeln!(
        out,
        "type {rep_type}, scale {scale}, {rscales_text}, degrees of freedom {}",
        created.df()
    )?;
    let mut flags = vec!["yoron estimate --data".to_string(), quoted(&args.out)];
    if let Some(w) = &args.weight {
        flags.push(format!("--weight {}", shell_word(w)));
    }
    flags.push(format!(
        "--repweights '^rep[0-9]+$' --rep-type {}",
        rep_type.name()
    ));
    // BRR's and Fay's scale follow from the number of replicates and ρ.
    if !matches!(rep_type, ReplicateType::Brr | ReplicateType::Fay) {
        flags.push(format!("--scale {scale}"));
    }
    if let Some(p) = &rscales_file {
        flags.push(format!("--rscales {}", quoted(p)));
    }
    if let Some(rho) = args.fay_rho {
        flags.push(format!("--fay-rho {rho}"));
    }
    if args.mse {
        flags.push("--mse".to_string());
    }
    writeln!(out, "to estimate from it: {} --var …", flags.join(" "))?;
    Ok(())
}

fn quoted(path: &Path) -> String {
    shell_word(&path.display().to_string())
}

/// A word for a POSIX shell: as it is when it has nothing special, else in single quotes.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=+,@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
