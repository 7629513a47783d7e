//! `lockorder validate`: the daily sanity check. Every line is checked
//! against the `lock_released` schema; each kind of problem is counted with
//! its first line numbers.

use super::config::ReportConfig;
use super::input::Source;
use super::line::{Line, Problem, classify};
use super::scan::{Accumulator, scan};
use crate::text::counted;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many first locations and example values each finding keeps.
pub const FIRST: usize = 5;

/// `lockorder validate --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidateDoc {
    /// Document version.
    pub version: u32,
    /// The inputs with their line counts, in the order read.
    pub files: Vec<FileLines>,
    /// What the lines were.
    pub lines: LineKinds,
    /// Lines with at least one error finding / lines read.
    pub unusable_share: f64,
    /// The configured limit.
    pub max_unusable_share: f64,
    /// One entry per (problem, field), errors first, then by problem name.
    pub findings: Vec<Finding>,
    /// Whether validation passed (exit 0).
    pub pass: bool,
}

/// One input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileLines {
    /// The file (`<stdin>` for stdin).
    pub file: String,
    /// Lines read from it.
    pub lines: u64,
}

/// Line counts by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LineKinds {
    /// Lines read.
    pub read: u64,
    /// Lines with at least one error finding.
    pub problem_lines: u64,
    /// `lock_released` lines (with or without problems).
    pub lock_released: u64,
    /// `lock_released` lines `report` can use.
    pub lock_released_usable: u64,
    /// Deadlock lines.
    pub deadlocks: u64,
    /// Integrity error lines.
    pub integrity_errors: u64,
    /// Other JSON events.
    pub other_events: u64,
    /// Plain text lines.
    pub text: u64,
    /// Blank lines.
    pub empty: u64,
}

/// One kind of problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Kebab-case problem name (`missing-field`, `invalid-json`, …).
    pub problem: &'static str,
    /// The field concerned, if any.
    pub field: Option<&'static str>,
    /// `error` (counts toward the unusable share) or `info`.
    pub severity: &'static str,
    /// Lines with this problem.
    pub count: u64,
    /// The first lines with it.
    pub first: Vec<Location>,
    /// The first distinct offending values (unknown names), if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// A line in an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The input.
    pub file: String,
    /// 1-based line number.
    pub line: u64,
}

type Key = (&'static str, Option<&'static str>);

#[derive(Debug, Default)]
struct Tally {
    count: u64,
    first: Vec<(usize, u64)>,
    examples: Vec<String>,
}

/// The validate accumulator.
#[derive(Debug)]
pub struct ValidateAcc<'c> {
    config: &'c ReportConfig,
    file: usize,
    kinds: LineKinds,
    tallies: BTreeMap<Key, Tally>,
}

impl<'c> ValidateAcc<'c> {
    fn new(config: &'c ReportConfig, file: usize) -> Self {
        Self {
            config,
            file,
            kinds: LineKinds::default(),
            tallies: BTreeMap::new(),
        }
    }

    fn note(&mut self, key: Key, line: u64, example: Option<&str>) {
        let t = self.tallies.entry(key).or_default();
        t.count += 1;
        if t.first.len() < FIRST {
            t.first.push((self.file, line));
        }
        if let Some(e) = example
            && t.examples.len() < FIRST
            && !t.examples.iter().any(|x| x == e)
        {
            t.examples.push(e.to_owned());
        }
    }
}

fn severity(problem: &str) -> &'static str {
    if problem == "unknown-event" {
        "info"
    } else {
        "error"
    }
}

impl Accumulator for ValidateAcc<'_> {
    fn line(&mut self, text: &[u8], line: u64) {
        self.kinds.read += 1;
        let mut errors = 0;
        match classify(text, true) {
            Line::Empty => self.kinds.empty += 1,
            Line::Text => self.kinds.text += 1,
            Line::OtherJsonUnchecked => self.kinds.other_events += 1,
            Line::OtherEvent { name } => {
                self.kinds.other_events += 1;
                let name = name.as_deref().unwrap_or("(no event name)");
                self.note(("unknown-event", None), line, Some(name));
            }
            Line::Deadlock { .. } => self.kinds.deadlocks += 1,
            Line::IntegrityError { .. } => self.kinds.integrity_errors += 1,
            Line::InvalidJson { invalid_utf8 } => {
                errors += 1;
                let p = if invalid_utf8 {
                    "invalid-utf8"
                } else {
                    "invalid-json"
                };
                self.note((p, None), line, None);
            }
            Line::LockReleasedNotJson => {
                errors += 1;
                self.note(("not-json", None), line, None);
            }
            Line::LockReleased { lock, problems } => {
                self.kinds.lock_released += 1;
                for p in &problems {
                    errors += 1;
                    let key = match *p {
                        Problem::Missing(f) => ("missing-field", Some(f)),
                        Problem::Mistyped(f) => ("mistyped-field", Some(f)),
                        Problem::Empty(f) => ("empty-field", Some(f)),
                        Problem::BadTimestamp => {
                            ("unparseable-timestamp", Some("lock_released_at"))
                        }
                        Problem::NegativeDuration => ("negative-duration", Some("duration_ms")),
                    };
                    self.note(key, line, None);
                }
                if let Some(lock) = lock {
                    self.kinds.lock_released_usable += 1;
                    if lock.duration_ms > self.config.absurd_duration_ms {
                        errors += 1;
                        self.note(("absurd-duration", Some("duration_ms")), line, None);
                    }
                    let known = &self.config.known_pipelines;
                    if !known.is_empty() && !known.iter().any(|k| *k == *lock.pipeline) {
                        errors += 1;
                        self.note(
                            ("unknown-pipeline", Some("pipeline")),
                            line,
                            Some(&lock.pipeline),
                        );
                    }
                    let known = &self.config.known_callers;
                    if !known.is_empty() && !known.iter().any(|k| *k == *lock.caller) {
                        errors += 1;
                        self.note(("unknown-caller", Some("caller")), line, Some(&lock.caller));
                    }
                }
            }
        }
        if errors > 0 {
            self.kinds.problem_lines += 1;
        }
    }

    fn too_long(&mut self, line: u64) {
        self.kinds.read += 1;
        self.kinds.problem_lines += 1;
        self.note(("too-long", None), line, None);
    }

    fn merge(&mut self, other: Self, _file: usize, line_offset: u64) {
        let k = &mut self.kinds;
        let o = other.kinds;
        k.read += o.read;
        k.problem_lines += o.problem_lines;
        k.lock_released += o.lock_released;
        k.lock_released_usable += o.lock_released_usable;
        k.deadlocks += o.deadlocks;
        k.integrity_errors += o.integrity_errors;
        k.other_events += o.other_events;
        k.text += o.text;
        k.empty += o.empty;
        for (key, t) in other.tallies {
            let mine = self.tallies.entry(key).or_default();
            mine.count += t.count;
            for (f, l) in t.first {
                if mine.first.len() < FIRST {
                    mine.first.push((f, l + line_offset));
                }
            }
            for e in t.examples {
                if mine.examples.len() < FIRST && !mine.examples.contains(&e) {
                    mine.examples.push(e);
                }
            }
        }
    }
}

/// Validates every line of `sources`.
pub fn run(sources: &[Source], config: &ReportConfig) -> anyhow::Result<ValidateDoc> {
    let mut total = ValidateAcc::new(config, 0);
    let per_file = scan(sources, |file| ValidateAcc::new(config, file), &mut total)?;
    let names: Vec<String> = sources.iter().map(Source::name).collect();
    let kinds = total.kinds;
    let mut findings: Vec<Finding> = total
        .tallies
        .into_iter()
        .map(|((problem, field), t)| Finding {
            problem,
            field,
            severity: severity(problem),
            count: t.count,
            first: t
                .first
                .into_iter()
                .map(|(f, line)| Location {
                    file: names[f].clone(),
                    line,
                })
                .collect(),
            examples: t.examples,
        })
        .collect();
    if kinds.lock_released_usable == 0 {
        findings.push(Finding {
            problem: "no-lock-events",
            field: None,
            severity: "error",
            count: 0,
            first: Vec::new(),
            examples: Vec::new(),
        });
    }
    findings.sort_by(|a, b| {
        (a.severity != "error", a.problem, a.field).cmp(&(
            b.severity != "error",
            b.problem,
            b.field,
        ))
    });
    let unusable_share = if kinds.read == 0 {
        0.0
    } else {
        kinds.problem_lines as f64 / kinds.read as f64
    };
    Ok(ValidateDoc {
        version: 1,
        files: names
            .into_iter()
            .zip(per_file)
            .map(|(file, lines)| FileLines { file, lines })
            .collect(),
        lines: kinds,
        unusable_share,
        max_unusable_share: config.max_unusable_share,
        pass: unusable_share <= config.max_unusable_share && kinds.lock_released_usable > 0,
        findings,
    })
}

/// Renders the result as text.
pub fn render(doc: &ValidateDoc) -> String {
    let mut out = String::new();
    let k = &doc.lines;
    let _ = writeln!(
        out,
        "validated {}, {}: {} lock_released ({} usable), {}, {}, {}, {} text, {} empty",
        counted(doc.files.len(), "file", "files"),
        counted(k.read, "line", "lines"),
        k.lock_released,
        k.lock_released_usable,
        counted(k.deadlocks, "deadlock", "deadlocks"),
        counted(k.integrity_errors, "integrity error", "integrity errors"),
        counted(k.other_events, "other event", "other events"),
        k.text,
        k.empty
    );
    let _ = writeln!(
        out,
        "problem lines: {} ({:.2}% of lines; allowed {:.2}%)",
        k.problem_lines,
        doc.unusable_share * 100.0,
        doc.max_unusable_share * 100.0
    );
    if !doc.findings.is_empty() {
        let _ = writeln!(out);
    }
    for f in &doc.findings {
        let what = match f.field {
            Some(field) => format!("{} {field}", f.problem),
            None => f.problem.to_owned(),
        };
        let first: Vec<String> = f
            .first
            .iter()
            .map(|l| format!("{}:{}", l.file, l.line))
            .collect();
        let _ = write!(out, "  {:<5}  {what:<38} {:>9}", f.severity, f.count);
        if !first.is_empty() {
            let _ = write!(out, "   first: {}", first.join(", "));
        }
        if !f.examples.is_empty() {
            let _ = write!(
                out,
                "   e.g. {}",
                f.examples
                    .iter()
                    .map(|e| format!("{e:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "result: {}",
        if doc.pass {
            "PASS (exit 0)"
        } else {
            "FAIL (exit 1)"
        }
    );
    out
}
