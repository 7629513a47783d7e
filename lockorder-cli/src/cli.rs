//! The command-line interface: flags are defined once, here and in each
//! subcommand's `Args` type.

use crate::exit::EXIT_CODES_HELP;
use clap::{Parser, Subcommand};

/// Find lock-ordering bugs before deploy; audit lock hold times from logs.
#[derive(Debug, Parser)]
#[command(name = "lockorder", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Statically check Rust source for lock-order violations, cycles and double locks.
    #[command(after_help = EXIT_CODES_HELP)]
    Check(crate::check::CheckArgs),
    /// Draw the static lock-acquisition graph (dot, mermaid or json).
    #[command(after_help = EXIT_CODES_HELP)]
    Graph(crate::check::GraphArgs),
    /// Hold-time report (P50/P95/P99 per pipeline and class) from lock_released logs.
    #[command(after_help = EXIT_CODES_HELP)]
    Report(crate::report::ReportArgs),
    /// Daily sanity check of lock_released logs: schema problems per line.
    #[command(after_help = EXIT_CODES_HELP)]
    Validate(crate::report::ValidateArgs),
}

impl Cli {
    /// Runs the chosen subcommand and returns its outcome. Errors are printed
    /// to stderr here and become [`crate::exit::Outcome::ToolError`].
    pub fn run(self) -> crate::exit::Outcome {
        let result = match self.command {
            Command::Check(args) => crate::check::run_check(&args),
            Command::Graph(args) => crate::check::run_graph(&args),
            Command::Report(args) => crate::report::run_report(&args),
            Command::Validate(args) => crate::report::run_validate(&args),
        };
        result.unwrap_or_else(|err| {
            eprintln!("error: {err:#}");
            crate::exit::Outcome::ToolError
        })
    }
}
