//! Prerequisites of tests that need something outside the crate (a font, a browser, the
//! shared sources, a way to drop root's privileges), and the rule for a missing one
//! (issue 13, item 2): no test passes in silence without having run.
//!
//! - With `CI` set (`.ci/run`), a missing prerequisite fails the test that needs it, naming
//!   what to install.
//! - Elsewhere the test that needs it returns early, and
//!   [`every_prerequisite_is_present_or_skips_are_allowed`] fails, listing every missing
//!   prerequisite and the tests that did not run, unless `YORON_ALLOW_SKIP` is set: a green
//!   run means every test ran, or that the person running it said skips were fine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Something a test needs that the crate cannot provide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prereq {
    /// A font covering Japanese and Korean (chart tests in ja/ko).
    #[cfg(feature = "chart")]
    CjkFont,
    /// DejaVu Sans, a Latin-only font (the missing-glyphs test).
    #[cfg(feature = "chart")]
    DejaVu,
    /// A headless Chromium (the report opens in a browser).
    #[cfg(feature = "chart")]
    Chromium,
    /// poppler's `pdftoppm` and `pdftotext` (PDF charts rendered and read back).
    #[cfg(feature = "pdf")]
    Poppler,
    /// `../shared/sources/polls.csv` beside the clone (bundled figures against their source).
    SharedSources,
    /// When running as root, `setpriv` to run yoron as an unprivileged user (permission tests:
    /// root reads and writes whatever the file modes say).
    Unprivileged,
}

impl Prereq {
    /// Every prerequisite of the suite with these features.
    pub(crate) const ALL: &'static [Prereq] = &[
        #[cfg(feature = "chart")]
        Prereq::CjkFont,
        #[cfg(feature = "chart")]
        Prereq::DejaVu,
        #[cfg(feature = "chart")]
        Prereq::Chromium,
        #[cfg(feature = "pdf")]
        Prereq::Poppler,
        Prereq::SharedSources,
        Prereq::Unprivileged,
    ];

    /// What is missing and how to get it.
    pub(crate) fn install(self) -> &'static str {
        match self {
            #[cfg(feature = "chart")]
            Prereq::CjkFont => {
                "a font covering Japanese and Korean (apt-get install fonts-noto-cjk)"
            }
            #[cfg(feature = "chart")]
            Prereq::DejaVu => {
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (apt-get install fonts-dejavu-core)"
            }
            #[cfg(feature = "chart")]
            Prereq::Chromium => "a headless browser (apt-get install chromium)",
            #[cfg(feature = "pdf")]
            Prereq::Poppler => "pdftoppm and pdftotext (apt-get install poppler-utils)",
            Prereq::SharedSources => {
                "../shared/sources/polls.csv beside the clone (the project's cited sources)"
            }
            Prereq::Unprivileged => {
                "running as root: setpriv to drop privileges (apt-get install util-linux)"
            }
        }
    }

    /// The tests that do not run without it.
    fn tests(self) -> &'static str {
        match self {
            #[cfg(feature = "chart")]
            Prereq::CjkFont => {
                "chart tests in Japanese and Korean, chart::tests::no_text_overlaps_or_leaves_the_canvas"
            }
            #[cfg(feature = "chart")]
            Prereq::DejaVu => "chart::a_passed_font_lacking_glyphs_is_an_error_not_tofu",
            #[cfg(feature = "chart")]
            Prereq::Chromium => {
                "report::report_opens_in_a_browser, report::any_data::report_of_a_series_never_seen_opens_in_a_browser"
            }
            #[cfg(feature = "pdf")]
            Prereq::Poppler => "chart::pdf tests that render and read back the PDF",
            Prereq::SharedSources => "data::bundled::bundled_matches_shared_polls_csv",
            Prereq::Unprivileged => {
                "reliability::cli::validate_an_unreadable_file, reliability::cli::export_into_a_read_only_folder_writes_nothing"
            }
        }
    }

    /// Whether it is present on this machine.
    pub(crate) fn is_present(self) -> bool {
        match self {
            #[cfg(feature = "chart")]
            Prereq::CjkFont => yoron::chart::Font::find("日本 韓国 한국 일본 出典 출처").is_ok(),
            #[cfg(feature = "chart")]
            Prereq::DejaVu => Path::new(DEJAVU).is_file(),
            #[cfg(feature = "chart")]
            Prereq::Chromium => chromium().is_some(),
            #[cfg(feature = "pdf")]
            Prereq::Poppler => ["pdftoppm", "pdftotext"].into_iter().all(|c| {
                Command::new(c)
                    .arg("-v")
                    .output()
                    .is_ok_and(|o| o.status.success())
            }),
            Prereq::SharedSources => shared_polls_csv().is_file(),
            Prereq::Unprivileged => !is_root() || setpriv_works(),
        }
    }

    /// Whether the test needing it may run: true when present; when missing, panics in CI
    /// (naming what to install) and otherwise says so on stderr and returns false (the
    /// suite's sentinel test makes the skip visible).
    pub(crate) fn check(self) -> bool {
        if self.is_present() {
            return true;
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: missing prerequisite: {}",
            self.install()
        );
        eprintln!(
            "skipped (see prereq::every_prerequisite_is_present_or_skips_are_allowed): missing {}",
            self.install()
        );
        false
    }
}

/// The Latin-only font of the missing-glyphs test.
#[cfg(feature = "chart")]
pub(crate) const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// The first headless-capable browser on the PATH.
#[cfg(feature = "chart")]
pub(crate) fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The cited sources, beside the clone.
pub(crate) fn shared_polls_csv() -> PathBuf {
    crate::support::repo("../shared/sources/polls.csv")
}

/// Whether this process runs with root's file permissions (the owner of a file it creates).
pub(crate) fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::metadata(&probe).unwrap().uid() == 0
}

/// The user and group yoron runs as in the permission tests when the suite runs as root.
pub(crate) const NOBODY: u32 = 65534;

/// `setpriv` runs a command as [`NOBODY`].
fn setpriv_works() -> bool {
    unprivileged("true")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A command that runs `program` as [`NOBODY`] with no supplementary groups when this process
/// is root, else as this user.
pub(crate) fn unprivileged(program: impl AsRef<std::ffi::OsStr>) -> Command {
    if is_root() {
        let mut c = Command::new("setpriv");
        c.arg(format!("--reuid={NOBODY}"))
            .arg(format!("--regid={NOBODY}"))
            .arg("--clear-groups")
            .arg("--")
            .arg(program);
        c
    } else {
        Command::new(program)
    }
}

#[test]
fn every_prerequisite_is_present_or_skips_are_allowed() {
    let missing: Vec<String> = Prereq::ALL
        .iter()
        .filter(|p| !p.is_present())
        .map(|p| format!("  - {}\n    not run: {}", p.install(), p.tests()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing.join("\n");
    assert!(
        std::env::var_os("CI").is_none(),
        "CI: missing prerequisites:\n{list}"
    );
    assert!(
        std::env::var_os("YORON_ALLOW_SKIP").is_some(),
        "tests skipped for missing prerequisites (install them, or set YORON_ALLOW_SKIP=1 to accept the skips):\n{list}"
    );
    eprintln!("skipped, as YORON_ALLOW_SKIP allows:\n{list}");
}
