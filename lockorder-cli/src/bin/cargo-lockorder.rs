//! `cargo lockorder …`: the same as `lockorder …` when run as a cargo subcommand.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // cargo runs `cargo-lockorder lockorder <args>`; drop the repeated name.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "lockorder") {
        args.remove(1);
    }
    lockorder_cli::cli::Cli::parse_from(args).run().into()
}
