//! Any bytes through the tidy CSV reader: it returns a dataset or a bounded list of
//! problems, and never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = yoron::Dataset::from_csv_reader(data) {
        yoron_fuzz::check_error(&e);
    }
});
