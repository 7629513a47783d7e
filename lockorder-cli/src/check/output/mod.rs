//! Output formats of `lockorder check`: one module per format.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

/// `--format` of `lockorder check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    #[default]
    Human,
    /// Stable, versioned JSON (see docs/check.md).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}
