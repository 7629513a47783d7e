//! `lockorder`: see `lockorder --help`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    lockorder_cli::cli::Cli::parse().run().into()
}
