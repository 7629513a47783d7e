//! The `lockorder` command line: `check` and `graph` (static lock-order
//! analysis of Rust source), `report` and `validate` (the lock hold-time
//! audit from `lock_released` logs).
//!
//! `main` is thin: it parses [`cli::Cli`], runs one subcommand, and maps the
//! [`exit::Outcome`] to the process exit code.
#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod config;
pub mod exit;
pub mod report;
pub mod text;
