//! The peers' workload done by yoron, timed step by step: read the CSV (needed columns),
//! build the design, proportions of q5 and qbin with SEs, q5 by country with the JP − KR
//! contrast, rake to sex and age margins. Prints one JSON line of seconds.
//!
//! `cargo bench --bench peers_yoron -- --data poll.csv --margins margins.csv`
//! (`--generate N` writes the synthetic file first and exits).

use std::time::Instant;

use yoron::weight::{DesignSpec, Estimand, Margins, Rake, Respondents};

#[path = "synthetic.rs"]
mod synthetic;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(n) = arg("--generate") {
        let n: usize = n.parse()?;
        let data = arg("--data").ok_or("--data FILE")?;
        synthetic::write_poll(&mut std::fs::File::create(&data)?, n, 20_261_127)?;
        if let Some(m) = arg("--margins") {
            synthetic::write_margins(&mut std::fs::File::create(m)?)?;
        }
        return Ok(());
    }
    let data = arg("--data").ok_or("--data FILE")?;
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
