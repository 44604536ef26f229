//! Whatever parses, as CSV or as JSON, survives write → read → write: the CSV written
//! reads back and writes the same bytes, and so does the JSON, and both describe the same
//! dataset.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ds) = yoron::Dataset::from_csv_reader(data) {
        yoron_fuzz::check_round_trips(&ds);
    }
    if let Ok(ds) = yoron::Dataset::from_json_reader(data) {
        yoron_fuzz::check_round_trips(&ds);
    }
});
