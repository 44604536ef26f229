//! Any bytes through the SPSS, Stata and SAS readers (yoron's `readstat` feature), as
//! `yoron estimate --data poll.sav --weight w --var q1` reads them: data or an error, never
//! a panic, an abort or a huge allocation (libFuzzer's malloc limit reports those; the
//! readers' own panics are caught by yoron and must come back as errors).
#![no_main]

use libfuzzer_sys::fuzz_target;
use yoron::weight::{Columns, Respondents, SurveyFormat};

fuzz_target!(|data: &[u8]| {
    // The format by the first bytes, as a file's extension would tell it; the first byte
    // picks one for inputs without a signature, so that every reader sees every mutation.
    let format = if data.starts_with(b"$FL") {
        SurveyFormat::Spss
    } else if data.starts_with(b"<stata_dta>") {
        SurveyFormat::Stata
    } else if data.len() > 16 && data[12..16] == [0xc2, 0xea, 0x81, 0x60] {
        SurveyFormat::Sas
    } else {
        match data.first().map_or(0, |b| b % 3) {
            0 => SurveyFormat::Spss,
            1 => SurveyFormat::Stata,
            _ => SurveyFormat::Sas,
        }
    };
    let columns = Columns::new().number("w").category("q1");
    match Respondents::from_survey_bytes(data, format, &columns) {
        Ok(read) => {
            for c in read.categories("q1").expect("q1 was read as categories") {
                assert!(!c.is_empty() || read.n_rows() > 0);
            }
        }
        Err(e) => yoron_fuzz::check_error(&e),
    }
});
