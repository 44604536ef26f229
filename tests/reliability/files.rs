//! Reading and writing files: every reader and writer goes through one guarded module, so
//! a chart is saved as safely as a dataset and a huge input is refused before it is read.

use std::path::Path;
use yoron::chart::Chart as _;

use yoron::{Dataset, ErrorKind};

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[cfg(feature = "chart")]
fn chart() -> yoron::chart::OptionChart {
    use yoron::chart::{Caption, OptionChart, OptionRow, Sample, Value};
    let q = yoron::datasets::genron_eai()
        .question("military_threat")
        .unwrap();
    let caption = Caption::new("Military threat")
        .source("The Genron NPO & East Asia Institute (2016)")
        .sample(Sample::from_wave(
            q.topline("2016", yoron::Country::JP).unwrap().wave(),
            None,
        ));
    OptionChart::from_caption(caption)
        .row(OptionRow::new("China").value(yoron::Country::JP, Value::new(80.0)))
}

/// Issue 12: charts had their own atomic writer, without the guards of issue 8: saving
/// through a symbolic link replaced the link with a plain file, and saving onto a device
/// renamed a temporary file over it.
#[cfg(feature = "chart")]
#[test]
fn issue_12_chart_saves_through_links_and_onto_devices() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.svg");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.svg");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    chart()
        .save_as(&link, yoron::chart::ImageFormat::Svg)
        .unwrap();
    assert!(is_link(&link), "the link was replaced by a file");
    assert!(std::fs::read_to_string(&real).unwrap().contains("</svg>"));

    // A link to /dev/null (in the temporary folder, so nothing outside it can be harmed
    // if this regresses): written through, and the link stays a link.
    let null = dir.path().join("null.png");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    chart()
        .scale(1.0)
        .save_as(&null, yoron::chart::ImageFormat::Png)
        .unwrap();
    assert!(
        is_link(&null),
        "the link to /dev/null was replaced by a file"
    );

    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["link.svg", "null.png", "real.svg"]);
}

/// A folder as a chart's output is refused with the path, as for `write_csv_path`.
#[cfg(feature = "chart")]
#[test]
fn issue_12_chart_save_onto_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = chart()
        .save_as(dir.path(), yoron::chart::ImageFormat::Svg)
        .unwrap_err();
    assert!(e.is_io(), "{e:?}");
    assert!(
        e.to_string().ends_with("is a directory, expected a file"),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Issue 12: a file larger than yoron reads whole (a wrong path: a disk image, a dump)
/// was read into memory before anything was checked. A sparse file stands in for one: it
/// takes no disk space and is refused from its size alone.
#[test]
fn issue_12_a_file_larger_than_the_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(3 << 30).unwrap();
    let e = Dataset::from_csv_path(&path).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooLarge {
                limit: 1073741824,
                found: Some(3221225472)
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.position().and_then(|p| p.path()), Some(path.as_path()));
    assert_eq!(
        e.to_string(),
        format!(
            "{}: expected at most 1073741824 bytes, found 3221225472 bytes: is this the right file?",
            path.display()
        )
    );
    assert!(Dataset::from_json_path(&path).is_err());
}
