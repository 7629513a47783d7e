//! Exit codes shared by every subcommand (DESIGN.md).
//!
//! `0` pass · `1` findings or a threshold breached · `2` the tool could not
//! do its job · `3` critical (a critical threshold, or deadlocks > 0).

use std::process::ExitCode;

/// The result of a run, ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing to report.
    Pass,
    /// Findings, or a threshold breached.
    Findings,
    /// Critical: a critical threshold, or deadlocks > 0.
    Critical,
    /// The tool could not do its job (bad arguments, unreadable input).
    ToolError,
}

impl Outcome {
    /// The process exit code for this outcome.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Pass => 0,
            Outcome::Findings => 1,
            Outcome::ToolError => 2,
            Outcome::Critical => 3,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        ExitCode::from(o.code())
    }
}

/// The text every `--help` shows about exit codes.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  pass
  1  findings, or a threshold breached
  2  the tool could not do its job (bad arguments, unreadable config or input)
  3  critical (a critical threshold, or deadlocks > 0)";
