//! `--format sarif`: SARIF 2.1.0, one run, one result per finding.

use crate::check::pipeline::Analysis;
use lockorder_runtime::model::{Rule, Severity, Site};
use serde_json::{Value, json};

fn location(site: &Site, message: Option<&str>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": site.file},
            "region": {"startLine": site.line, "startColumn": site.column}
        }
    });
    if let Some(m) = message {
        loc["message"] = json!({"text": m});
    }
    loc
}

fn rule_help(rule: Rule) -> &'static str {
    match rule {
        Rule::LockOrderViolation => "A lock is acquired against the declared lock hierarchy.",
        Rule::LockOrderCycle => "Locks are acquired in inconsistent orders: a potential deadlock.",
        Rule::DoubleLock => {
            "A lock is acquired again while held (re-lock, recursive read, read→write upgrade)."
        }
        Rule::SameClassNesting => "Two instances of one lock class are nested without a key order.",
        Rule::UnusedAllow => "A suppression that matches no finding.",
        Rule::RequiresNotHeld => "A #[requires] function is called without the lock it requires.",
        Rule::ExcludesHeld => "An #[excludes] function is called with the lock it excludes held.",
    }
}

/// Renders the analysis as a SARIF 2.1.0 log.
pub fn render(a: &Analysis) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "shortDescription": {"text": rule_help(*r)},
            })
        })
        .collect();
    let results: Vec<Value> = a
        .findings
        .iter()
        .map(|r| {
            let f = &r.finding;
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let related: Vec<Value> = f
                .edges
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let mut l = location(
                        &e.held_at,
                        Some(&format!(
                            "`{}` held here (then `{}` is acquired)",
                            e.from, e.to
                        )),
                    );
                    l["id"] = json!(i);
                    l
                })
                .collect();
            let mut res = json!({
                "ruleId": f.rule.code(),
                "level": level,
                "message": {"text": f.message},
                "locations": [location(&r.primary, None)],
                "relatedLocations": related,
                "properties": {"locks": f.locks},
            });
            if let Some(reason) = &f.suppressed {
                res["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
            }
            res
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lockorder",
                "informationUri": "https://example.invalid/lockorder",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("sarif serializes");
    s.push('\n');
    s
}
