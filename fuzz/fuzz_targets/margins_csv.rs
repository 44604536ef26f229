//! Any bytes through the margins reader and a rake of a fixed sample to them, as
//! `yoron rake --margins` runs it: raked weights or a bounded list of problems, never a
//! panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yoron::weight::{DesignSpec, Margins, Rake, Respondents};

const SAMPLE: &str = "sex,age\nF,18-39\nF,40+\nM,18-39\nM,40+\nF,40+\n";

fuzz_target!(|data: &[u8]| {
    let run = || -> yoron::Result<()> {
        let m = Margins::from_csv_reader(data)?;
        let columns = Margins::new()
            .shares("sex", [("F", 1.0)])
            .shares("age", [("40+", 1.0)])
            .columns();
        let design = DesignSpec::new().build(Respondents::from_csv_reader(SAMPLE.as_bytes(), &columns)?)?;
        let raked = design.rake(&m, &Rake::new().max_iterations(200))?;
        for &w in raked.design().weights() {
            assert!(w.is_finite() && w >= 0.0, "a raked weight of {w}");
        }
        Ok(())
    };
    if let Err(e) = run() {
        yoron_fuzz::check_error(&e);
    }
});
