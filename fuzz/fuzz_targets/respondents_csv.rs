//! Any bytes through the respondent-file reader, the design and the estimators, as
//! `yoron estimate --weight w --strata stratum --psu psu --var q5 --by country` runs them:
//! an estimate or a bounded list of problems, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yoron::weight::{DesignSpec, Estimand, Respondents};

fuzz_target!(|data: &[u8]| {
    let spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
    let q5 = Estimand::proportions("q5").by("country").contrast("JP", "KR");
    let run = || -> yoron::Result<()> {
        let read = Respondents::from_csv_reader(data, &spec.columns().merge(&q5.columns()))?;
        let design = spec.build(read)?;
        for e in design.estimate(&q5)?.rows() {
            assert!(e.se().is_finite() || e.se().is_nan(), "an infinite SE");
        }
        Ok(())
    };
    if let Err(e) = run() {
        yoron_fuzz::check_error(&e);
    }
});
