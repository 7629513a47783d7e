//! `--format human`: rustc-style diagnostics with source snippets.

use crate::check::pipeline::Analysis;
use crate::text::counted;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use lockorder_runtime::model::{Severity, Site};
use std::collections::HashMap;

/// Byte range of the token at a 1-based line and (char) column.
fn token_range(src: &str, line: u32, column: u32) -> Option<std::ops::Range<usize>> {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(line.checked_sub(1)? as usize)
        .map(str::len)
        .sum();
    let rest = src.get(line_start..)?;
    let text = rest.split('\n').next().unwrap_or("");
    let start = text
        .char_indices()
        .nth(column.checked_sub(1)? as usize)
        .map(|(i, _)| i)?;
    let len = text[start..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(text.len() - start, |(i, _)| i)
        .max(1)
        .min(text.len() - start);
    Some(line_start + start..line_start + start + len.max(1))
}

/// A site, its label, and whether it is the primary one.
type Labelled = (Site, String, bool);

struct Sources<'a> {
    a: &'a Analysis,
    cache: HashMap<String, Option<String>>,
}

impl Sources<'_> {
    fn get(&mut self, file: &str) -> Option<String> {
        if let Some(s) = self.cache.get(file) {
            return s.clone();
        }
        let text = self
            .a
            .sources
            .get(file)
            .and_then(|p| std::fs::read_to_string(p).ok());
        self.cache.insert(file.to_owned(), text.clone());
        text
    }
}

/// Renders findings (unsuppressed first; suppressed ones as one line each),
/// parse errors and a summary line. `color` styles the output.
pub fn render(a: &Analysis, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut srcs = Sources {
        a,
        cache: HashMap::new(),
    };
    let mut out = String::new();
    for e in &a.parse_errors {
        out.push_str(&format!(
            "warning: {}:{}:{}: cannot parse, file skipped: {}\n\n",
            e.file, e.line, e.column, e.message
        ));
    }
    for w in &a.warnings {
        out.push_str(&format!("warning: {w}\n\n"));
    }
    for r in a.findings.iter().filter(|r| r.finding.suppressed.is_none()) {
        let f = &r.finding;
        let level = match f.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = f.message.lines().next().unwrap_or("").to_owned();
        let rest: String = f.message.lines().skip(1).collect::<Vec<_>>().join("\n");
        // one snippet per file: the acquisition (primary) and the held lock
        let mut sites: Vec<Labelled> = Vec::new();
        for (i, e) in f.edges.iter().enumerate() {
            sites.push((
                e.acquired_at.clone(),
                format!("`{}` acquired here", e.to),
                i == 0,
            ));
            sites.push((
                e.held_at.clone(),
                format!("while `{}` is held (taken here)", e.from),
                false,
            ));
        }
        if sites.is_empty() {
            sites.push((r.primary.clone(), "here".to_owned(), true));
        }
        let mut by_file: Vec<(String, Vec<Labelled>)> = Vec::new();
        for s in sites {
            match by_file.iter_mut().find(|(f, _)| *f == s.0.file) {
                Some((_, v)) => v.push(s),
                None => by_file.push((s.0.file.clone(), vec![s])),
            }
        }
        let texts: Vec<(String, Option<String>)> = by_file
            .iter()
            .map(|(file, _)| (file.clone(), srcs.get(file)))
            .collect();
        let mut title_group = Group::with_title(level.primary_title(title).id(f.rule.code()));
        for ((file, sites), (_, text)) in by_file.iter().zip(&texts) {
            let Some(text) = text else { continue };
            let mut snip = Snippet::source(text.as_str())
                .line_start(1)
                .path(file.as_str());
            let mut seen = Vec::new();
            for (site, label, primary) in sites {
                let Some(range) = token_range(text, site.line, site.column) else {
                    continue;
                };
                if seen.contains(&range) {
                    continue;
                }
                seen.push(range.clone());
                let kind = if *primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                snip = snip.annotation(kind.span(range).label(label.clone()));
            }
            title_group = title_group.element(snip);
        }
        let mut group = title_group;
        if !rest.is_empty() {
            group = group.element(Level::NOTE.message(rest));
        }
        let report: Vec<Group<'_>> = vec![group];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    let suppressed: Vec<_> = a
        .findings
        .iter()
        .filter(|r| r.finding.suppressed.is_some())
        .collect();
    for r in &suppressed {
        out.push_str(&format!(
            "note: {} at {} suppressed: {}\n",
            r.finding.rule,
            r.primary,
            r.finding.suppressed.as_deref().unwrap_or("")
        ));
    }
    let errors = a
        .findings
        .iter()
        .filter(|r| r.finding.suppressed.is_none() && r.finding.severity == Severity::Error)
        .count();
    let warnings = a
        .findings
        .iter()
        .filter(|r| r.finding.suppressed.is_none() && r.finding.severity == Severity::Warning)
        .count();
    let s = &a.summary;
    out.push_str(&format!(
        "lockorder: {}, {}, {} suppressed; {}, {}, {}, {}, {}\n",
        counted(errors, "error", "errors"),
        counted(warnings, "warning", "warnings"),
        suppressed.len(),
        counted(s.files, "file", "files"),
        counted(s.functions, "function", "functions"),
        counted(s.lock_classes, "lock class", "lock classes"),
        counted(s.edges, "edge", "edges"),
        counted(s.parse_errors, "parse error", "parse errors"),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::token_range;

    #[test]
    fn token_ranges_cover_the_identifier() {
        let src = "fn a() {\n    self.m.lock();\n}\n";
        let r = token_range(src, 2, 12).unwrap();
        assert_eq!(&src[r], "lock");
        assert!(token_range(src, 9, 1).is_none());
    }
}
