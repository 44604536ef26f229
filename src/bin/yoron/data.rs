//! `--data FILE` and `--with-bundled`: which published figures a command reads.

use std::borrow::Cow;
use std::path::PathBuf;

/// Which published figures to read: the bundled series, the user's tidy files, or both.
#[derive(clap::Args, Debug, Default)]
pub struct DataArgs {
    /// Your own published figures: a tidy CSV or JSON (.json) file, validated as `yoron validate` does; repeatable. Replaces the bundled data unless --with-bundled.
    #[arg(long = "data", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Add the --data files to the bundled data: a new wave of a bundled series joins it; a figure the bundled data holds is an error unless the file marks it as a conflict.
    #[arg(long, requires = "files")]
    pub with_bundled: bool,
}

impl DataArgs {
    /// The dataset the command works on.
    pub fn load(&self) -> yoron::Result<Cow<'static, yoron::Dataset>> {
        Ok(match (self.files.is_empty(), self.with_bundled) {
            (true, _) => Cow::Borrowed(yoron::datasets::bundled()),
            (false, false) => Cow::Owned(yoron::Dataset::from_paths(&self.files)?),
            (false, true) => Cow::Owned(yoron::datasets::bundled_with(&self.files)?),
        })
    }
}
