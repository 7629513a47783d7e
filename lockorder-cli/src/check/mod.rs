//! `lockorder check` and `lockorder graph`: static lock-order analysis.
//!
//! The pipeline, one module per stage:
//! [`input`] (walk + parse, in parallel) → [`extract`] (acquisitions, calls
//! and guard lifetimes per function, into the [`ir`]) → [`symbols`] +
//! [`resolve`] (lock classes, call graph, per-function summaries) →
//! [`lockgraph`] (edges with evidence) → [`rules`] (one module per finding
//! kind, then suppressions) → [`output`] (one module per format) or
//! [`draw`] for `lockorder graph`. The code analysed is never built or run.

pub mod docs;
pub mod draw;
pub mod extract;
pub mod input;
pub mod ir;
pub mod lockgraph;
mod macro_args;
pub mod output;
pub mod pipeline;
pub mod resolve;
pub mod rules;
pub mod symbols;
pub mod types;

use crate::exit::Outcome;
use lockorder_runtime::model::Severity;
use serde::Deserialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Arguments of `lockorder check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Crates, workspaces or folders of `.rs` files to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = output::Format::Human)]
    pub format: output::Format,
    /// Configuration file (default: the nearest `lockorder.toml` above the
    /// first path).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Edition for every file (default: each crate's `Cargo.toml`; 2015
    /// when it names none; 2021 for files outside any crate).
    #[arg(long)]
    pub edition: Option<u16>,
    /// Warnings (same-class-nesting, unused-allow) fail the check too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also analyse `#[cfg(test)]` modules and `#[test]` functions.
    #[arg(long)]
    pub include_tests: bool,
}

/// Arguments of `lockorder graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Crates, workspaces or folders of `.rs` files to draw.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format (edges on a cycle are drawn red).
    #[arg(long, value_enum, default_value_t = draw::GraphFormat::Dot)]
    pub format: draw::GraphFormat,
    /// Configuration file.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Edition for every file.
    #[arg(long)]
    pub edition: Option<u16>,
    /// Also analyse `#[cfg(test)]` modules and `#[test]` functions.
    #[arg(long)]
    pub include_tests: bool,
}

/// The `[check]` section of `lockorder.toml`.
///
/// ```toml
/// [check]
/// exclude = ["benches/**", "src/generated/*.rs"]
/// hierarchy = [["Semester", "UserLicense", "TournamentParticipation"]]
/// include_tests = false
/// deny_warnings = false
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Glob patterns of paths (relative to the scanned directory) to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Declared lock order for code without `hierarchy!`: chains of class
    /// names, outermost first.
    #[serde(default)]
    pub hierarchy: Vec<Vec<String>>,
    /// Also analyse test code.
    #[serde(default)]
    pub include_tests: bool,
    /// Warnings fail the check too.
    #[serde(default)]
    pub deny_warnings: bool,
}

fn options(
    paths: &[PathBuf],
    config: Option<&Path>,
    edition: Option<u16>,
    include_tests: bool,
) -> anyhow::Result<(pipeline::Options, CheckConfig)> {
    if let Some(e) = edition {
        if !matches!(e, 2015 | 2018 | 2021 | 2024) {
            anyhow::bail!("--edition {e}: expected 2015, 2018, 2021 or 2024");
        }
    }
    let start = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let cfg = crate::config::discover(start, config)?.check;
    let mut exclude = Vec::new();
    for p in &cfg.exclude {
        exclude.push(
            glob::Pattern::new(p)
                .map_err(|e| anyhow::anyhow!("[check] exclude: bad glob {p:?}: {e}"))?,
        );
    }
    Ok((
        pipeline::Options {
            edition,
            exclude,
            hierarchy: cfg.hierarchy.clone(),
            include_tests: include_tests || cfg.include_tests,
        },
        cfg,
    ))
}

/// Runs `lockorder check`.
pub fn run_check(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let (opts, cfg) = options(
        &args.paths,
        args.config.as_deref(),
        args.edition,
        args.include_tests,
    )?;
    let analysis = pipeline::analyze(&args.paths, &opts)?;
    let text = match args.format {
        output::Format::Human => output::human::render(&analysis, std::io::stdout().is_terminal()),
        output::Format::Json => output::json::render(&analysis),
        output::Format::Sarif => output::sarif::render(&analysis),
        output::Format::Github => output::github::render(&analysis),
    };
    if args.format != output::Format::Human {
        for e in &analysis.parse_errors {
            eprintln!(
                "warning: {}:{}:{}: cannot parse, file skipped: {}",
                e.file, e.line, e.column, e.message
            );
        }
        for w in &analysis.warnings {
            eprintln!("warning: {w}");
        }
    }
    print!("{text}");
    Ok(outcome(&analysis, args.deny_warnings || cfg.deny_warnings))
}

/// The exit outcome: findings fail on unsuppressed errors (and warnings
/// with `deny_warnings`).
pub fn outcome(a: &pipeline::Analysis, deny_warnings: bool) -> Outcome {
    let failing = a.findings.iter().any(|r| {
        r.finding.suppressed.is_none() && (r.finding.severity == Severity::Error || deny_warnings)
    });
    if failing {
        Outcome::Findings
    } else {
        Outcome::Pass
    }
}

/// Runs `lockorder graph`.
pub fn run_graph(args: &GraphArgs) -> anyhow::Result<Outcome> {
    let (opts, _) = options(
        &args.paths,
        args.config.as_deref(),
        args.edition,
        args.include_tests,
    )?;
    let analysis = pipeline::analyze(&args.paths, &opts)?;
    for e in &analysis.parse_errors {
        eprintln!(
            "warning: {}:{}:{}: cannot parse, file skipped: {}",
            e.file, e.line, e.column, e.message
        );
    }
    print!("{}", draw::render(&analysis, args.format));
    Ok(Outcome::Pass)
}

#[cfg(test)]
mod tests;
