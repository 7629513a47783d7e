//! `--format github`: workflow commands that annotate the pull request.

use crate::check::pipeline::Analysis;
use lockorder_runtime::model::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one `::error`/`::warning` line per unsuppressed finding.
pub fn render(a: &Analysis) -> String {
    let mut out = String::new();
    for r in a.findings.iter().filter(|r| r.finding.suppressed.is_none()) {
        let level = match r.finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},title={}::{}\n",
            escape_prop(&r.primary.file),
            r.primary.line,
            r.primary.column,
            escape_prop(&format!("lockorder {}", r.finding.rule)),
            escape_data(&r.finding.message),
        ));
    }
    for e in &a.parse_errors {
        out.push_str(&format!(
            "::warning file={},line={},col={},title=lockorder parse error::{}\n",
            escape_prop(&e.file),
            e.line,
            e.column,
            escape_data(&e.message)
        ));
    }
    out
}
