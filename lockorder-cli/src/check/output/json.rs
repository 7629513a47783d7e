//! `--format json`: `{"version":1,"findings":[…],"summary":{…}}`.

use crate::check::pipeline::{Analysis, Summary};
use lockorder_runtime::model::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    findings: Vec<&'a Finding>,
    summary: &'a Summary,
}

/// Renders the analysis as JSON.
pub fn render(a: &Analysis) -> String {
    let out = Out {
        version: 1,
        findings: a.findings.iter().map(|r| &r.finding).collect(),
        summary: &a.summary,
    };
    let mut s = serde_json::to_string_pretty(&out).expect("findings serialize");
    s.push('\n');
    s
}
