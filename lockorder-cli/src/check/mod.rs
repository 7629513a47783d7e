//! `lockorder check` and `lockorder graph`: static lock-order analysis.
//!
//! (Skeleton: the pipeline lands with issue #5.)

use crate::exit::Outcome;
use serde::Deserialize;
use std::path::PathBuf;

/// Arguments of `lockorder check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Crates, workspaces or folders of `.rs` files to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `lockorder graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Crates, workspaces or folders of `.rs` files to draw.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

/// The `[check]` section of `lockorder.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {}

/// Runs `lockorder check`.
pub fn run_check(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("lockorder check is not implemented yet")
}

/// Runs `lockorder graph`.
pub fn run_graph(args: &GraphArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("lockorder graph is not implemented yet")
}
