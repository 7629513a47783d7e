//! `lockorder report` and `lockorder validate`: the lock hold-time audit.
//!
//! (Skeleton: lands with issue #4.)

use crate::exit::Outcome;
use serde::Deserialize;
use std::path::PathBuf;

/// Arguments of `lockorder report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A log file to read (repeatable; `-` for stdin).
    #[arg(long = "log-file")]
    pub log_files: Vec<PathBuf>,
}

/// Arguments of `lockorder validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A log file to read (repeatable; `-` for stdin).
    #[arg(long = "log-file")]
    pub log_files: Vec<PathBuf>,
}

/// The `[report]` section of `lockorder.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {}

/// Runs `lockorder report`.
pub fn run_report(args: &ReportArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("lockorder report is not implemented yet")
}

/// Runs `lockorder validate`.
pub fn run_validate(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("lockorder validate is not implemented yet")
}
