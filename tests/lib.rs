//! The one integration-test binary: every sub-folder is a module.

mod cli;
mod compare;
mod data;
mod stats;
