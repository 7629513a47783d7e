//! Suppressions (`#[lockorder::allow(rule, reason = "…")]` on the item
//! enclosing a site) and `unused-allow` for the ones that match nothing.

use super::Reported;
use crate::check::ir::Allow;
use lockorder_runtime::model::{Finding, Rule, Severity, Site};

/// A suppression with the file it is in.
#[derive(Debug, Clone)]
pub struct FileAllow {
    /// File, relative to the scanned directory.
    pub file: String,
    /// The attribute.
    pub allow: Allow,
}

fn covers(a: &FileAllow, s: &Site) -> bool {
    a.file == s.file && a.allow.lines.0 <= s.line && s.line <= a.allow.lines.1
}

/// Marks suppressed findings and adds `unused-allow` warnings.
pub fn apply(findings: &mut Vec<Reported>, allows: &[FileAllow]) {
    let mut used = vec![false; allows.len()];
    for r in findings.iter_mut() {
        let code = r.finding.rule.code();
        for (i, a) in allows.iter().enumerate() {
            if a.allow.rule != code {
                continue;
            }
            let hit = r
                .finding
                .edges
                .iter()
                .any(|e| covers(a, &e.held_at) || covers(a, &e.acquired_at));
            if hit {
                used[i] = true;
                if r.finding.suppressed.is_none() {
                    let reason = if a.allow.reason.is_empty() {
                        "(no reason given)".to_owned()
                    } else {
                        a.allow.reason.clone()
                    };
                    r.finding.suppressed = Some(reason);
                }
            }
        }
    }
    for (i, a) in allows.iter().enumerate() {
        if used[i] {
            continue;
        }
        let site = Site {
            file: a.file.clone(),
            line: a.allow.site.line,
            column: a.allow.site.column,
            function: a.allow.function.clone(),
        };
        let known = Rule::from_code(&a.allow.rule).is_some();
        let message = if known {
            format!(
                "#[lockorder::allow({})] at {site} suppresses nothing: no `{}` finding \
                 has a site in this item. Remove it.",
                a.allow.rule, a.allow.rule
            )
        } else {
            format!(
                "#[lockorder::allow({})] at {site} names no known rule (known: {}).",
                a.allow.rule,
                Rule::ALL.map(Rule::code).join(", ")
            )
        };
        findings.push(Reported {
            finding: Finding {
                rule: Rule::UnusedAllow,
                severity: Severity::Warning,
                message,
                locks: Vec::new(),
                edges: Vec::new(),
                suppressed: None,
            },
            primary: site,
        });
    }
}
