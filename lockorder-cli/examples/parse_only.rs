//! Baseline for `scripts/bench-check.sh`: walks the given directories the
//! way `lockorder check` does (`.gitignore` respected even outside git,
//! `target/` skipped, `.rs` files only),
//! then reads and `syn::parse_file`s every file in parallel with rayon, and
//! does nothing else. The bench times this and `lockorder check` on the same
//! tree; their lines-per-second ratio is the cost of the analysis.
//!
//! With `--blank-docs` it first blanks doc comments the way `lockorder
//! check` does before parsing (`lockorder_cli::check::docs`): the same
//! input syn sees inside `check`, so that the difference between the two is
//! the analysis alone.
//!
//! ```sh
//! cargo run --release -p lockorder-cli --example parse_only -- [--blank-docs] DIR...
//! ```
//!
//! Prints one line: `files=… lines=… items=… parse_errors=…`.

use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

/// What parsing one file produced.
#[derive(Default)]
struct Tally {
    files: usize,
    lines: usize,
    items: usize,
    parse_errors: usize,
}

impl Tally {
    fn merge(mut self, other: Tally) -> Tally {
        self.files += other.files;
        self.lines += other.lines;
        self.items += other.items;
        self.parse_errors += other.parse_errors;
        self
    }
}

fn rust_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        let mut builder = ignore::WalkBuilder::new(root);
        builder
            .require_git(false)
            .filter_entry(|e| e.file_name() != "target");
        for entry in builder.build().flatten() {
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && path.extension().is_some_and(|e| e == "rs")
            {
                files.push(path.to_path_buf());
            }
        }
    }
    files.sort();
    files
}

fn parse(path: &PathBuf, blank_docs: bool) -> Tally {
    let Ok(mut text) = std::fs::read_to_string(path) else {
        return Tally {
            files: 1,
            parse_errors: 1,
            ..Tally::default()
        };
    };
    let lines = text.lines().count();
    if blank_docs {
        text = lockorder_cli::check::docs::blank_doc_comments(text);
    }
    match syn::parse_file(&text) {
        Ok(file) => Tally {
            files: 1,
            lines,
            items: file.items.len(),
            parse_errors: 0,
        },
        Err(_) => Tally {
            files: 1,
            lines,
            items: 0,
            parse_errors: 1,
        },
    }
}

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().skip(1).collect();
    let blank_docs = args.first().is_some_and(|a| a == "--blank-docs");
    if blank_docs {
        args.remove(0);
    }
    let roots: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: parse_only [--blank-docs] DIR...");
        return ExitCode::from(2);
    }
    let files = rust_files(&roots);
    let tally = files
        .par_iter()
        .map(|p| parse(p, blank_docs))
        .reduce(Tally::default, Tally::merge);
    println!(
        "files={} lines={} items={} parse_errors={}",
        tally.files, tally.lines, tally.items, tally.parse_errors
    );
    ExitCode::SUCCESS
}
