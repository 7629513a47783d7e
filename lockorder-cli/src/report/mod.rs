//! `lockorder report` and `lockorder validate`: the seed's lock hold-time
//! audit (performance-audit-plan §2–§7) from any log that carries
//! `lock_released` events.
//!
//! Modules: [`input`] (files, globs, stdin, gzip, blocks of lines),
//! [`line`] (what one line is), [`timestamp`], [`scan`] (parallel block
//! driver), [`aggregate`] (the report's samples and counts), [`stats`]
//! (nearest-rank percentiles), [`document`] (the JSON document, thresholds,
//! verdict), [`merge`], [`human`], [`html`], [`validate`], [`config`].

pub mod aggregate;
pub mod config;
pub mod document;
pub mod fast_lock;
pub mod flat_json;
pub mod html;
pub mod human;
pub mod input;
pub mod line;
pub mod merge;
pub mod scan;
pub mod stats;
pub mod timestamp;
pub mod validate;

pub use config::ReportConfig;

use crate::exit::Outcome;
use anyhow::{Context, bail};
use document::{Counts, Lines, Samples, Verdict};
use std::path::PathBuf;

const REPORT_HELP: &str = "\
Reads lock_released events (flat JSON, tracing-subscriber JSON with nested \"fields\", \
or JSON after a text prefix) from every --log-file, keeps those released inside the \
window [since, until), and prints count, P50/P95/P99 and max per (pipeline, entity_type) \
and P95 per caller. Percentiles are exact nearest-rank: the value at rank ceil(q*n) of \
the sorted hold times. Deadlocks (deadlock_detected events, PostgreSQL's \"deadlock \
detected\") and integrity errors (integrity_error events, \"IntegrityError\") are counted \
too; every other line is counted as skipped with its reason.

--merge combines report JSONs of several runs: counts, max, deadlocks, integrity errors \
and lines are exact; percentiles are exact when every input was written with --samples, \
otherwise upper bounds (the largest input percentile; the true merged value lies between \
the smallest and the largest), flagged by \"percentiles_exact\": false.";

const VALIDATE_HELP: &str = "Checks every line of the logs against the lock_released schema: missing \
or mistyped fields, unparseable timestamps, negative or absurd durations, JSON that does not \
parse (truncated lines), unknown event names, and pipelines or callers the config does not \
list. Prints each problem with its count and first line numbers, and the share of problem \
lines; exits 1 when that share exceeds report.max_unusable_share (default 1%) or when there \
are no lock_released events at all.";

fn long_help(text: &str) -> String {
    format!("{text}\n\n{}", crate::exit::EXIT_CODES_HELP)
}

/// Arguments of `lockorder report`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = long_help(REPORT_HELP))]
pub struct ReportArgs {
    /// A log file to read: repeatable; globs (`logs/*.log.gz`); `-` for stdin;
    /// gzip is detected and decompressed.
    #[arg(long = "log-file", value_name = "PATH")]
    pub log_files: Vec<PathBuf>,
    /// Keep events of the last N days (counted back from --until, or now).
    #[arg(long, value_name = "N", conflicts_with = "since")]
    pub since_days: Option<u32>,
    /// Start of the window (RFC 3339 or YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "TIMESTAMP")]
    pub since: Option<String>,
    /// End of the window (RFC 3339 or YYYY-MM-DD, exclusive; default: now).
    #[arg(long, value_name = "TIMESTAMP")]
    pub until: Option<String>,
    /// Print the versioned JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
    /// With --json: keep every hold time in the caller rows so that
    /// `--merge` stays exact.
    #[arg(long)]
    pub samples: bool,
    /// Also write a self-contained HTML report with a hold-time chart per group.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Merge report JSON files (written by `report --json`) instead of reading logs.
    #[arg(long, value_name = "REPORT_JSON", num_args = 1.., conflicts_with_all = ["log_files", "since_days", "since", "until"])]
    pub merge: Vec<PathBuf>,
    /// The configuration file (default: the nearest lockorder.toml above the
    /// current directory; none: the seed's thresholds).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `lockorder validate`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = long_help(VALIDATE_HELP))]
pub struct ValidateArgs {
    /// A log file to read: repeatable; globs; `-` for stdin; gzip is detected.
    #[arg(long = "log-file", value_name = "PATH")]
    pub log_files: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when the share of problem lines exceeds this (0..1; default
    /// from the config, else 0.01).
    #[arg(long, value_name = "SHARE")]
    pub max_unusable_share: Option<f64>,
    /// The configuration file (default: the nearest lockorder.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Loads the `[report]` configuration: `--config`, else the nearest
/// `lockorder.toml` above the current directory, else defaults.
pub fn load_config(explicit: Option<&std::path::Path>) -> anyhow::Result<ReportConfig> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let config = crate::config::discover(&cwd, explicit)?;
    if let Err(msg) = config.report.check() {
        let path = config
            .source
            .as_ref()
            .map_or_else(|| "lockorder.toml".to_owned(), |p| p.display().to_string());
        bail!("{path}: invalid config: {msg}");
    }
    Ok(config.report)
}

fn parse_time(flag: &str, text: &str) -> anyhow::Result<i64> {
    timestamp::parse(text.as_bytes()).with_context(|| {
        format!("--{flag} {text:?} is not a timestamp (use RFC 3339, e.g. 2026-02-24T00:00:00Z, or YYYY-MM-DD)")
    })
}

fn outcome(verdict: Verdict) -> Outcome {
    match verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Breach => Outcome::Findings,
        Verdict::Critical => Outcome::Critical,
    }
}

/// Runs `lockorder report`.
pub fn run_report(args: &ReportArgs) -> anyhow::Result<Outcome> {
    let config = load_config(args.config.as_deref())?;
    if args.samples && !args.json {
        bail!("--samples only applies to --json output");
    }
    let (doc, samples, skipped) = if args.merge.is_empty() {
        read_logs(args, &config)?
    } else {
        let (doc, samples) = merge::merge_files(&args.merge, &config, args.samples)?;
        (doc, samples, Vec::new())
    };
    if let Some(path) = &args.html {
        let page = html::render(&doc, samples.as_ref());
        std::fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let text = if args.json {
        serde_json::to_string_pretty(&doc)? + "\n"
    } else {
        human::render(&doc, &skipped)
    };
    print_out(&text)?;
    Ok(outcome(doc.verdict))
}

/// A report read from logs: the document, the samples, skipped lines per reason.
type ReadResult = (
    document::ReportDoc,
    Option<Samples>,
    Vec<(&'static str, u64)>,
);

fn read_logs(args: &ReportArgs, config: &ReportConfig) -> anyhow::Result<ReadResult> {
    let until = match &args.until {
        Some(t) => parse_time("until", t)?,
        None => timestamp::now(),
    };
    let since = match (&args.since, args.since_days) {
        (Some(t), _) => Some(parse_time("since", t)?),
        (None, Some(days)) => Some(until - i64::from(days) * 86_400_000_000_000),
        (None, None) => None,
    };
    if since.is_some_and(|s| s >= until) {
        bail!("the window is empty: --since must be before --until");
    }
    let window = aggregate::Window { since, until };
    let sources = input::expand(&args.log_files)?;
    let mut total = aggregate::ReportAcc::new(window);
    scan::scan(&sources, |_| aggregate::ReportAcc::new(window), &mut total)?;
    let counts = Counts {
        since,
        until,
        deadlocks: total.deadlocks,
        integrity_errors: total.integrity_errors,
        lines: Lines {
            read: total.read,
            used: total.used,
            skipped: total.skipped_total(),
        },
    };
    let skipped = total.skipped;
    let mut sorted = total.into_samples();
    {
        use rayon::prelude::*;
        sorted.par_iter_mut().for_each(|(_, v)| stats::sort(v));
    }
    let mut samples = Samples::new();
    for ((p, e, c), v) in sorted {
        samples.entry((p, e)).or_default().insert(c, v);
    }
    let doc = document::build(&samples, counts, config, args.samples);
    let skipped = aggregate::Skip::ALL
        .iter()
        .map(|s| s.name())
        .zip(skipped)
        .collect();
    Ok((doc, Some(samples), skipped))
}

fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("cannot write to stdout"),
    }
}

/// Runs `lockorder validate`.
pub fn run_validate(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let mut config = load_config(args.config.as_deref())?;
    if let Some(share) = args.max_unusable_share {
        if !(0.0..=1.0).contains(&share) {
            bail!("--max-unusable-share must be between 0 and 1");
        }
        config.max_unusable_share = share;
    }
    let sources = input::expand(&args.log_files)?;
    let result = validate::run(&sources, &config)?;
    let text = if args.json {
        serde_json::to_string_pretty(&result)? + "\n"
    } else {
        validate::render(&result)
    };
    print_out(&text)?;
    Ok(if result.pass {
        Outcome::Pass
    } else {
        Outcome::Findings
    })
}
