//! The minimal inputs of crashes that fuzzing found, kept under `fuzz/regressions/<target>/`,
//! go through the same checks as the fuzz targets on every `cargo test` (the fuzz crate
//! itself needs nightly and is not built here).

use yoron::Dataset;

use crate::support::{repo, write_csv, write_json};

/// As `fuzz/src/lib.rs`: the CSV and JSON written read back and write the same bytes.
fn round_trips(ds: &Dataset, name: &str) {
    let c1 = write_csv(ds);
    let back = Dataset::from_csv_reader(c1.as_slice())
        .unwrap_or_else(|e| panic!("{name}: written CSV does not read back: {e}"));
    assert!(write_csv(&back) == c1, "{name}: CSV changed");
    let j1 = write_json(ds);
    let back = Dataset::from_json_reader(j1.as_slice())
        .unwrap_or_else(|e| panic!("{name}: written JSON does not read back: {e}"));
    assert!(write_json(&back) == j1, "{name}: JSON changed");
    assert!(write_csv(&back) == c1, "{name}: JSON and CSV disagree");
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let root = repo("fuzz/regressions");
    let mut seen = 0;
    for target in std::fs::read_dir(&root).unwrap() {
        let target = target.unwrap();
        let target_name = target.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(target.path()).unwrap() {
            let path = file.unwrap().path();
            let name = format!(
                "{target_name}/{}",
                path.file_name().unwrap().to_string_lossy()
            );
            let bytes = std::fs::read(&path).unwrap();
            // Every target reads the input both ways; none may panic.
            let from_csv = Dataset::from_csv_reader(bytes.as_slice());
            let from_json = Dataset::from_json_reader(bytes.as_slice());
            for ds in [from_csv, from_json].into_iter().flatten() {
                round_trips(&ds, &name);
            }
            seen += 1;
        }
    }
    assert!(seen > 0, "no regression inputs under {}", root.display());
}
