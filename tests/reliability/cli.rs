//! Command-line hygiene: every subcommand, given a bad path or a bad option, exits 2 with
//! one line on stderr, prints nothing on stdout, and leaves no partial output file.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::prereq::{self, Prereq};
use crate::support::{YORON, listing, stderr, yoron};

/// Exit code 2, nothing on stdout, and exactly one line on stderr, which is returned.
fn fails_in_one_line<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let o = yoron(args);
    let err = stderr(&o);
    let shown: Vec<String> = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    assert_eq!(o.status.code(), Some(2), "yoron {shown:?}: {err}");
    assert!(o.stdout.is_empty(), "yoron {shown:?} wrote to stdout");
    assert_eq!(err.lines().count(), 1, "yoron {shown:?}: {err}");
    assert!(err.starts_with("yoron: ") && err.ends_with('\n'), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err.trim_end().to_string()
}

/// A temporary folder that an unprivileged yoron can reach (tempfile makes it 0700, owned
/// by whoever runs the suite).
fn reachable_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// As [`fails_in_one_line`], with yoron run as an unprivileged user (see
/// [`prereq::unprivileged`]).
fn unprivileged_fails_in_one_line<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let o = prereq::unprivileged(YORON)
        .args(args)
        .output()
        .expect("yoron runs");
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{err} (as nobody, yoron and the folders above it must be readable and executable by all)"
    );
    assert!(o.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("yoron: ") && err.ends_with('\n'), "{err}");
    err.trim_end().to_string()
}

#[test]
fn every_subcommand_rejects_an_unknown_option() {
    for args in [
        &["list", "series", "--bogus"][..],
        &["show", "genron_eai", "military_threat", "--bogus"],
        &["validate", "x.csv", "--bogus"],
        &["export", "--bogus"],
        &["--bogus"],
    ] {
        let err = fails_in_one_line(args);
        assert!(
            err.starts_with("yoron: unexpected argument '--bogus' found"),
            "{err}"
        );
        assert!(err.contains("(usage: yoron"), "{err}");
    }
}

#[test]
fn usage_errors_name_what_is_wrong() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["qqq"],
            "yoron: unrecognized subcommand 'qqq' (usage: yoron <COMMAND>)",
        ),
        (
            &["list"],
            "yoron: the following required arguments were not provided: <WHAT> (usage: yoron list <WHAT>)",
        ),
        (
            &["list", "things"],
            "yoron: invalid value 'things' for '<WHAT>' [possible values: series, questions, waves] (see --help)",
        ),
        (
            &["show"],
            "yoron: the following required arguments were not provided: <SERIES> <QUESTION> (usage: yoron show <SERIES> <QUESTION>)",
        ),
        (
            &[
                "show",
                "genron_eai",
                "military_threat",
                "--country",
                "Korea",
            ],
            "yoron: invalid value 'Korea' for '--country <COUNTRY>': expected an ISO 3166-1 alpha-2 country code such as JP or KR (did you mean \"KR\"?), found \"Korea\" (see --help)",
        ),
        (
            &["validate"],
            "yoron: the following required arguments were not provided: <FILE> (usage: yoron validate <FILE>)",
        ),
        (
            &["export", "--format", "xml"],
            "yoron: invalid value 'xml' for '--format <FORMAT>' [possible values: csv, json] (see --help)",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(fails_in_one_line(args), expected);
    }
}

#[test]
fn help_and_version_are_not_errors() {
    for args in [&["--help"][..], &["--version"], &["export", "--help"]] {
        let o = yoron(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(!o.stdout.is_empty() && o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn validate_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.csv");
    let err = fails_in_one_line(&[Path::new("validate"), &path]);
    assert_eq!(
        err,
        format!(
            "yoron: {}: No such file or directory (os error 2)",
            path.display()
        )
    );
}

#[test]
fn validate_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["folder", "folder.json"] {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let err = fails_in_one_line(&[Path::new("validate"), &sub]);
        assert_eq!(
            err,
            format!("yoron: {}: is a directory, expected a file", sub.display())
        );
    }
}

/// Runs as an unprivileged user (root reads any file): when the suite runs as root, yoron runs
/// under `setpriv` as nobody, on a file root owns with mode 000.
#[test]
fn validate_an_unreadable_file() {
    if !Prereq::Unprivileged.check() {
        return;
    }
    let dir = reachable_tempdir();
    let path = dir.path().join("secret.csv");
    std::fs::write(&path, "series\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let err = unprivileged_fails_in_one_line(&[Path::new("validate"), &path]);
    assert_eq!(
        err,
        format!("yoron: {}: Permission denied (os error 13)", path.display())
    );
}

#[test]
fn validate_a_bad_file_lists_problems_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "series,wave\n").unwrap();
    let o = yoron(&[Path::new("validate"), &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    // The summary, then one line per problem.
    assert_eq!(err.lines().count(), 6, "{err}");
}

#[test]
fn export_into_a_missing_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/folder/all.csv");
    let err = fails_in_one_line(&[Path::new("export"), Path::new("--out"), &out]);
    assert_eq!(
        err,
        format!(
            "yoron: {}: No such file or directory (os error 2)",
            out.display()
        )
    );
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn export_under_a_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "keep").unwrap();
    let out = file.join("all.csv");
    let err = fails_in_one_line(&[Path::new("export"), Path::new("--out"), &out]);
    assert_eq!(
        err,
        format!("yoron: {}: Not a directory (os error 20)", out.display())
    );
    assert_eq!(listing(dir.path()), ["plain.txt"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn export_onto_a_directory_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("all.csv");
    std::fs::create_dir(&sub).unwrap();
    let err = fails_in_one_line(&[Path::new("export"), Path::new("--out"), &sub]);
    assert_eq!(
        err,
        format!("yoron: {}: is a directory, expected a file", sub.display())
    );
    assert_eq!(listing(dir.path()), ["all.csv"]);
    assert!(listing(&sub).is_empty());
}

/// Runs as an unprivileged user (root writes into any folder): when the suite runs as root,
/// the folder and file are given to nobody and yoron runs under `setpriv` as nobody, so that
/// only the folder's mode forbids the write.
#[test]
fn export_into_a_read_only_folder_writes_nothing() {
    if !Prereq::Unprivileged.check() {
        return;
    }
    let dir = reachable_tempdir();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let out = ro.join("all.csv");
    std::fs::write(&out, "old").unwrap();
    if prereq::is_root() {
        for p in [&ro, &out] {
            std::os::unix::fs::chown(p, Some(prereq::NOBODY), Some(prereq::NOBODY)).unwrap();
        }
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = unprivileged_fails_in_one_line(&[Path::new("export"), Path::new("--out"), &out]);
    assert_eq!(
        err,
        format!("yoron: {}: Permission denied (os error 13)", out.display())
    );
    assert_eq!(listing(&ro), ["all.csv"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A successful export replaces the file whole and leaves no temporary file.
#[test]
fn export_replaces_a_file_and_leaves_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.csv");
    std::fs::write(&out, "old").unwrap();
    let o = yoron(&[Path::new("export"), Path::new("--out"), &out]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(listing(dir.path()), ["all.csv"]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("series,publisher,")
    );
}

/// Issue 8: --out through a symbolic link replaced the link with a plain file, and
/// --out onto a device (/dev/stdout, /dev/null) renamed a temporary file over it.
#[test]
fn issue_8_export_through_links_and_onto_devices() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = yoron(&[Path::new("export"), Path::new("--out"), &link]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("series,")
    );
    // A link to /dev/null: written through, and the link (in the temporary folder, so
    // nothing outside it can be harmed if this regresses) stays a link.
    let null = dir.path().join("null.csv");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    let o = yoron(&[Path::new("export"), Path::new("--out"), &null]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(listing(dir.path()), ["link.csv", "null.csv", "real.csv"]);
}
