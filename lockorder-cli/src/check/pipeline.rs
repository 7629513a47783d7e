//! The static pipeline end to end: walk + parse → extract → resolve +
//! summaries → lock graph → rules → suppressions.

use super::input::{self, InputOptions, ParseError, Parsed};
use super::ir::{FileIr, Pos};
use super::lockgraph::{LockGraph, Namer};
use super::resolve::{Resolver, resolve_by_need, summaries};
use super::rules::{self, Reported, hierarchy::Hierarchy, suppress::FileAllow};
use super::symbols::{FnId, FnTable, Symbols};
use lockorder_runtime::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Options of one analysis.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Forced edition.
    pub edition: Option<u16>,
    /// Excluded path globs.
    pub exclude: Vec<glob::Pattern>,
    /// Hierarchy chains from the config.
    pub hierarchy: Vec<Vec<String>>,
    /// Analyse test code too.
    pub include_tests: bool,
}

/// `summary` of the JSON output.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Files analysed (including ones that did not parse).
    pub files: usize,
    /// Functions (and spawned task bodies) analysed.
    pub functions: usize,
    /// Distinct lock classes acquired.
    pub lock_classes: usize,
    /// Distinct edges of the lock graph.
    pub edges: usize,
    /// Files that did not parse.
    pub parse_errors: usize,
}

/// The result of an analysis.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Findings, sorted.
    pub findings: Vec<Reported>,
    /// The lock graph.
    pub graph: LockGraph,
    /// Edges on some cycle.
    pub cycle_edges: std::collections::BTreeSet<(String, String)>,
    /// Counts.
    pub summary: Summary,
    /// Files that did not parse.
    pub parse_errors: Vec<ParseError>,
    /// Non-fatal problems (a broken member manifest, …).
    pub warnings: Vec<String>,
    /// Report path → file on disk (for source snippets).
    pub sources: BTreeMap<String, PathBuf>,
    /// Lines of source analysed.
    pub lines: usize,
}

struct Names<'a> {
    table: &'a FnTable<'a>,
    files: &'a [Parsed],
}

impl Namer for Names<'_> {
    fn site(&self, f: FnId, pos: Pos) -> Site {
        let (fi, func) = self.table.fns[f.0];
        Site {
            file: self.files[fi].file.rel.clone(),
            line: pos.line,
            column: pos.column,
            function: Some(func.name.clone()),
        }
    }

    fn name(&self, f: FnId) -> String {
        self.table.fns[f.0].1.name.clone()
    }
}

/// Runs the whole analysis on `paths`.
///
/// Meant for one run per process (the CLI): the per-file IR is not freed
/// (freeing its many small allocations just before exit costs ~1 % of a
/// run); use [`analyze_parsed`] where memory must be returned.
pub fn analyze(paths: &[PathBuf], opts: &Options) -> Result<Analysis, input::InputError> {
    let (files, warnings) = input::collect(
        paths,
        &InputOptions {
            edition: opts.edition,
            exclude: opts.exclude.clone(),
            include_tests: opts.include_tests,
        },
    )?;
    let t0 = std::time::Instant::now();
    let parsed = input::parse_all(files, opts.include_tests);
    let t1 = std::time::Instant::now();
    let a = analyze_files(&parsed, warnings, opts);
    std::mem::forget(parsed);
    if std::env::var_os("LOCKORDER_TIMINGS").is_some() {
        eprintln!(
            "timings: parse+extract {:?}, analysis {:?}",
            t1 - t0,
            t1.elapsed()
        );
    }
    Ok(a)
}

/// Analyses already parsed files (used by tests with inline sources).
pub fn analyze_parsed(parsed: Vec<Parsed>, warnings: Vec<String>, opts: &Options) -> Analysis {
    analyze_files(&parsed, warnings, opts)
}

fn analyze_files(parsed: &[Parsed], warnings: Vec<String>, opts: &Options) -> Analysis {
    let timings = std::env::var_os("LOCKORDER_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let irs: Vec<&FileIr> = parsed.iter().map(|p| &p.ir).collect();
    let (syms, table) = Symbols::build(&irs);
    let t1 = std::time::Instant::now();
    let resolver = Resolver {
        syms: &syms,
        table: &table,
    };
    let (rfns, needed) = resolve_by_need(&resolver);
    let t2 = std::time::Instant::now();
    let sums = summaries(&rfns, &needed);
    let t3 = std::time::Instant::now();
    let names = Names {
        table: &table,
        files: parsed,
    };
    let graph = LockGraph::build(&rfns, &sums, &names);
    let t4 = std::time::Instant::now();

    let mut chains: Vec<Vec<String>> = opts.hierarchy.clone();
    for p in parsed {
        chains.extend(p.ir.hierarchies.iter().cloned());
    }
    let hierarchy = Hierarchy::new(chains);

    let mut findings = Vec::new();
    let cycle_findings = rules::cycle::check(&graph);
    let mut cycle_edges = std::collections::BTreeSet::new();
    for c in &cycle_findings {
        for e in &c.finding.edges {
            cycle_edges.insert((e.from.clone(), e.to.clone()));
        }
    }
    findings.extend(cycle_findings);
    findings.extend(rules::violation::check(&graph, &hierarchy));
    findings.extend(rules::double_lock::check(&graph));
    findings.extend(rules::same_class::check(&graph));
    let allows: Vec<FileAllow> = parsed
        .iter()
        .flat_map(|p| {
            p.ir.allows.iter().map(|a| FileAllow {
                file: p.file.rel.clone(),
                allow: a.clone(),
            })
        })
        .collect();
    rules::suppress::apply(&mut findings, &allows);
    findings.sort_by(|a, b| {
        (
            a.finding.rule,
            &a.finding.locks,
            &a.primary,
            &a.finding.edges,
        )
            .cmp(&(
                b.finding.rule,
                &b.finding.locks,
                &b.primary,
                &b.finding.edges,
            ))
    });
    findings.dedup();

    if timings {
        eprintln!(
            "timings: symbols {:?}, resolve {:?}, summaries {:?}, graph {:?}, rules {:?}",
            t1 - t0,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            t4.elapsed()
        );
    }
    let parse_errors: Vec<ParseError> = parsed.iter().filter_map(|p| p.error.clone()).collect();
    let summary = Summary {
        files: parsed.len(),
        functions: table.fns.len(),
        lock_classes: graph.classes.len(),
        edges: graph.edges.len(),
        parse_errors: parse_errors.len(),
    };
    let sources = parsed
        .iter()
        .map(|p| (p.file.rel.clone(), p.file.abs.clone()))
        .collect();
    let lines = parsed.iter().map(|p| p.lines).sum();
    Analysis {
        findings,
        graph,
        cycle_edges,
        summary,
        parse_errors,
        warnings,
        sources,
        lines,
    }
}
