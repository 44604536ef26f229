//! The peers' workload done by yoron, timed step by step: read the CSV (needed columns),
//! build the design, proportions of q5 and qbin with SEs, q5 by country with the JP − KR
//! contrast, rake to sex and age margins. Prints one JSON line of seconds.
//!
//! `cargo bench --bench peers_yoron -- --data poll.csv --margins margins.csv`
//! (`--generate N` writes the synthetic file first and exits; with `--replicates R` the
//! file gets R jackknife replicate weights, see `synthetic.rs`).
//!
//! `--replicates R` (without `--generate`) runs the replicate-weight workload instead:
//! read the CSV (weight, q5, country and the R replicate columns), declare the JK1
//! replicate design, q5 by country with the JP − KR contrast, and the Rao–Scott crosstab
//! of q5 by country. It also prints, on stderr, a `CHECK` line of every estimate and SE
//! and the F test at full precision, which `run.py` compares across the three tools.

use std::time::Instant;

use yoron::weight::{
    Crosstab, DesignSpec, Estimand, Margins, Rake, ReplicateType, Replicates, Respondents,
};

#[path = "synthetic.rs"]
mod synthetic;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn has_flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(n) = arg("--generate") {
        let n: usize = n.parse()?;
        let reps: usize = arg("--replicates").map_or(Ok(0), |r| r.parse())?;
        let data = arg("--data").ok_or("--data FILE")?;
        let mut file = std::fs::File::create(&data)?;
        if has_flag("--glm") {
            synthetic::write_poll_glm(&mut file, n, 20_261_127, reps)?;
        } else {
            synthetic::write_poll(&mut file, n, 20_261_127, reps)?;
        }
        if let Some(m) = arg("--margins") {
            synthetic::write_margins(&mut std::fs::File::create(m)?)?;
        }
        return Ok(());
    }
    let data = arg("--data").ok_or("--data FILE")?;
    if has_flag("--glm") {
        return glm(&data);
    }
    if has_flag("--sav") {
        return sav(&data);
    }
    if let Some(r) = arg("--replicates") {
        return replicates(&data, r.parse()?);
    }
    let margins = Margins::from_csv_path(arg("--margins").ok_or("--margins FILE")?)?;
    let t0 = Instant::now();
    let spec = DesignSpec::new()
        .weight("weight")
        .strata("stratum")
        .psu("psu");
    let props = Estimand::proportions("q5");
    let qbin = Estimand::proportions("qbin");
    let by = Estimand::proportions("q5")
        .by("country")
        .contrast("JP", "KR");
    let cols = spec
        .columns()
        .merge(&props.columns())
        .merge(&qbin.columns())
        .merge(&by.columns())
        .merge(&margins.columns());
    let resp = Respondents::read(&data, &cols)?;
    let t_read = t0.elapsed().as_secs_f64();
    let t = Instant::now();
    let design = spec.build(resp)?;
    let t_design = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let a = design.estimate(&props)?;
    let b = design.estimate(&qbin)?;
    let t_props = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let c = design.estimate(&by)?;
    let t_by = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let raked = design.rake(&margins, &Rake::new())?;
    let t_rake = t.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    let gap = c.find(Some("JP-KR"), "agree")?;
    eprintln!(
        "yoron: {} rows; agree {:.4} (se {:.5}); JP-KR agree {:.4} (se {:.5}); qbin {:.4}; raked in {} sweeps",
        design.n_rows(),
        a.find(None, "agree")?.estimate(),
        a.find(None, "agree")?.se(),
        gap.estimate(),
        gap.se(),
        b.find(None, "1")?.estimate(),
        raked.report().iterations()
    );
    println!(
        "{{\"read\": {t_read:.4}, \"design\": {t_design:.4}, \"proportions\": {t_props:.4}, \"by_country\": {t_by:.4}, \"rake\": {t_rake:.4}, \"total\": {total:.4}}}"
    );
    Ok(())
}

/// The replicate-weight workload on a file with `r` replicate columns rep1..repR.
fn replicates(data: &str, r: usize) -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Instant::now();
    // As R `svrepdesign(repweights = "rep[0-9]+", type = "JK1", scale = (R - 1)/R)`.
    let rep =
        Replicates::matching(ReplicateType::Jk1, "^rep[0-9]+$").scale((r as f64 - 1.0) / r as f64);
    let spec = DesignSpec::new().weight("weight").replicates(rep.clone());
    let by = Estimand::proportions("q5")
        .by("country")
        .contrast("JP", "KR");
    let rep_cols = rep.columns_in(&Respondents::header(data)?)?;
    if rep_cols.len() != r {
        return Err(format!("{data}: {} replicate columns, not {r}", rep_cols.len()).into());
    }
    let cols = spec
        .columns()
        .numbers(rep_cols)
        .merge(&by.columns())
        .merge(&Crosstab::columns("q5", "country"));
    let resp = Respondents::read(data, &cols)?;
    let t_read = t0.elapsed().as_secs_f64();
    let t = Instant::now();
    let design = spec.build(resp)?;
    let t_design = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let c = design.estimate(&by)?;
    let t_by = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let tab = design.crosstab("q5", "country")?;
    let f = tab.f_test();
    let t_tab = t.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    let gap = c.find(Some("JP-KR"), "agree")?;
    eprintln!(
        "yoron: {} rows, {r} replicates (df {}); JP-KR agree {:.4} (se {:.5}); F {:.3} on {:.3} and {:.2} df",
        design.n_rows(),
        design.df(),
        gap.estimate(),
        gap.se(),
        f.statistic(),
        f.df(),
        f.ddf().unwrap_or(f64::NAN)
    );
    // Keys as every tool's check line spells them: group:category (the contrast's group
    // is JP-KR), then the F test.
    let mut check = Vec::new();
    for row in c.rows() {
        let key = format!(
            "{}:{}",
            row.group().unwrap_or(""),
            row.category().unwrap_or("")
        );
        check.push(format!("\"{key}\": [{:e}, {:e}]", row.estimate(), row.se()));
    }
    check.push(format!(
        "\"F\": [{:e}, {:e}, {:e}, {:e}]",
        f.statistic(),
        f.df(),
        f.ddf().unwrap_or(f64::NAN),
        f.p_value()
    ));
    eprintln!("CHECK {{{}}}", check.join(", "));
    println!(
        "{{\"read\": {t_read:.4}, \"design\": {t_design:.4}, \"by_country\": {t_by:.4}, \"crosstab\": {t_tab:.4}, \"total\": {total:.4}}}"
    );
    Ok(())
}

/// The logistic-regression workload (`run.py --glm`): `trust ~ age + income + ideology +
/// hhsize + sex + educ`, quasibinomial, in the stratified clustered design; sex and educ are
/// categorical with R's default references (F, primary), the others numeric.
fn glm(data: &str) -> Result<(), Box<dyn std::error::Error>> {
    use yoron::weight::{Family, Model};
    let t0 = Instant::now();
    let spec = DesignSpec::new()
        .weight("weight")
        .strata("stratum")
        .psu("psu");
    let model = Model::formula("trust ~ age + income + ideology + hhsize + sex + educ")?
        .family(Family::Binomial);
    let cols = spec.columns().merge(&model.columns());
    let resp = Respondents::read(data, &cols)?;
    let t_read = t0.elapsed().as_secs_f64();
    let t = Instant::now();
    let design = spec.build(resp)?;
    let t_design = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let fit = design.regress(&model)?;
    let t_fit = t.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    // Keys shared by the three tools: intercept, numeric terms by name, levels as term=level.
    let key = |term: &str| match term {
        "(Intercept)" => "intercept".to_string(),
        "sexM" => "sex=M".to_string(),
        "educsecondary" => "educ=secondary".to_string(),
        "eductertiary" => "educ=tertiary".to_string(),
        t => t.to_string(),
    };
    let check: Vec<String> = fit
        .coefficients()
        .iter()
        .map(|c| format!("\"{}\": [{:e}, {:e}]", key(c.term()), c.estimate(), c.se()))
        .collect();
    eprintln!(
        "yoron: {} rows; {} coefficients (df {})",
        design.n_rows(),
        fit.coefficients().len(),
        design.df()
    );
    eprintln!("CHECK {{{}}}", check.join(", "));
    println!(
        "{{\"read\": {t_read:.4}, \"design\": {t_design:.4}, \"fit\": {t_fit:.4}, \"total\": {total:.4}}}"
    );
    Ok(())
}

/// The `.sav` read (`run.py --sav`): every column of the file, the labelled ones (make_sav.R)
/// as categories with their labels, the others as numbers.
#[cfg(feature = "readstat")]
fn sav(data: &str) -> Result<(), Box<dyn std::error::Error>> {
    use yoron::weight::Columns;
    const LABELLED: [&str; 6] = ["country", "stratum", "sex", "agegrp", "q5", "educ"];
    let t0 = Instant::now();
    let mut cols = Columns::new();
    for name in Respondents::header(data)? {
        cols = if LABELLED.contains(&name.as_str()) {
            cols.category(name)
        } else {
            cols.number(name)
        };
    }
    let resp = std::sync::Arc::new(Respondents::read(data, &cols)?);
    let t_read = t0.elapsed().as_secs_f64();
    let design = DesignSpec::new().weight("weight").build(resp.clone())?;
    let weight: f64 = design.weights().iter().sum();
    let mut check = vec![
        format!("\"rows\": {}", design.n_rows()),
        format!("\"weight\": {weight:e}"),
    ];
    // Counts of each label: unweighted proportions times the rows (exact integers here).
    let unweighted = DesignSpec::new().build(resp)?;
    for var in ["q5", "educ"] {
        let est = unweighted.estimate(&Estimand::proportions(var))?;
        for row in est.rows() {
            check.push(format!(
                "\"{var}={}\": {}",
                row.category().unwrap_or(""),
                (row.estimate() * row.n() as f64).round()
            ));
        }
    }
    eprintln!(
        "yoron: {} rows, {} columns",
        design.n_rows(),
        cols.names().len()
    );
    eprintln!("CHECK {{{}}}", check.join(", "));
    println!("{{\"read\": {t_read:.4}, \"total\": {t_read:.4}}}");
    Ok(())
}

#[cfg(not(feature = "readstat"))]
fn sav(_data: &str) -> Result<(), Box<dyn std::error::Error>> {
    Err("the .sav read needs the readstat feature: cargo bench --features readstat".into())
}
