//! The table a person reads in seconds: one row per group (breached rows
//! marked), the callers, deadlocks and integrity errors, the verdict and
//! what to do.

use super::document::{ReportDoc, Status, Verdict, ms};
use std::fmt::Write;

fn status_mark(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Unchecked => (" ", "-"),
        Status::Ok => (" ", "ok"),
        Status::Breach => ("!", "BREACH"),
        Status::Critical => ("X", "CRITICAL"),
    }
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// Renders the report as text; `skipped` lists skipped lines per reason
/// (shown when reading logs, absent after a merge).
pub fn render(doc: &ReportDoc, skipped: &[(&str, u64)]) -> String {
    let mut out = String::new();
    let since = doc.since.as_deref().unwrap_or("(start of log)");
    let _ = writeln!(out, "lock hold times  {since} .. {}", doc.until);
    let _ = writeln!(
        out,
        "lines: {} read, {} used, {} skipped",
        doc.lines.read, doc.lines.used, doc.lines.skipped
    );
    let reasons: Vec<String> = skipped
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(why, n)| format!("{why} {n}"))
        .collect();
    if !reasons.is_empty() {
        let _ = writeln!(out, "skipped: {}", reasons.join(", "));
    }
    if doc.percentiles_exact == Some(false) {
        let _ = writeln!(
            out,
            "merged without samples: percentiles are upper bounds, not exact"
        );
    }
    let _ = writeln!(out);
    let header = [
        "",
        "pipeline",
        "entity_type",
        "count",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "warn/crit",
        "status",
    ];
    let mut rows: Vec<[String; 10]> = Vec::new();
    for g in &doc.groups {
        let (mark, status) = status_mark(g.status);
        let limits = match (g.warn_ms, g.critical_ms) {
            (None, None) => "-".to_owned(),
            (w, c) => format!("{}/{}", w.map_or("-".into(), ms), c.map_or("-".into(), ms)),
        };
        rows.push([
            mark.into(),
            g.pipeline.clone(),
            g.entity_type.clone(),
            g.count.to_string(),
            num(g.p50_ms),
            num(g.p95_ms),
            num(g.p99_ms),
            num(g.max_ms),
            limits,
            status.into(),
        ]);
    }
    table(&mut out, &header, &rows, &[3, 4, 5, 6, 7]);
    if !doc.callers.is_empty() {
        let _ = writeln!(out, "\ncallers");
        let header = ["", "pipeline", "entity_type", "caller", "count", "p95 ms"];
        let rows: Vec<[String; 6]> = doc
            .callers
            .iter()
            .map(|c| {
                [
                    String::new(),
                    c.pipeline.clone(),
                    c.entity_type.clone(),
                    c.caller.clone(),
                    c.count.to_string(),
                    num(c.p95_ms),
                ]
            })
            .collect();
        table(&mut out, &header, &rows, &[4, 5]);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "deadlocks: {}", doc.deadlocks);
    let rate = doc
        .integrity_error_rate
        .map_or("n/a, no lock scopes".to_owned(), |r| {
            format!("{:.2}% of lock scopes", r * 100.0)
        });
    let _ = writeln!(out, "integrity errors: {} ({rate})", doc.integrity_errors);
    let _ = writeln!(out);
    let verdict = match doc.verdict {
        Verdict::Pass => "PASS (exit 0): all thresholds met, continue monitoring",
        Verdict::Breach => "BREACH (exit 1)",
        Verdict::Critical => "CRITICAL (exit 3)",
    };
    let _ = writeln!(out, "verdict: {verdict}");
    for a in &doc.actions {
        let sev = match a.severity {
            Verdict::Critical => "critical",
            _ => "breach",
        };
        let step = a.step.as_deref().map_or(String::new(), |s| format!("{s} "));
        let _ = writeln!(out, "  - [{sev}] {}: {step}{}", a.reason, a.action);
    }
    out
}

fn table<const N: usize>(
    out: &mut String,
    header: &[&str; N],
    rows: &[[String; N]],
    right: &[usize],
) {
    let mut width = header.map(|h| h.chars().count());
    for r in rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = width[i] - c.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if right.contains(&i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(header.to_vec()));
    for r in rows {
        let _ = writeln!(out, "{}", line(r.iter().map(String::as_str).collect()));
    }
}
