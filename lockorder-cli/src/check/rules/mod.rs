//! The rules: one module per finding kind. Each turns the lock graph (and
//! the declared hierarchy) into [`Reported`] findings.

pub mod cycle;
pub mod double_lock;
pub mod hierarchy;
pub mod same_class;
pub mod suppress;
pub mod violation;

use lockorder_runtime::model::{Finding, Site};

/// A finding with the site it is reported at (for human, SARIF and
/// GitHub output; JSON prints the finding alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reported {
    /// The finding.
    pub finding: Finding,
    /// Where it points.
    pub primary: Site,
}

impl Reported {
    /// A finding reported at the acquisition of its first edge.
    pub fn new(finding: Finding) -> Reported {
        let primary = finding
            .edges
            .first()
            .map(|e| e.acquired_at.clone())
            .unwrap_or_else(|| Site {
                file: String::new(),
                line: 0,
                column: 0,
                function: None,
            });
        Reported { finding, primary }
    }
}

/// `file:line:col in fn` for messages.
pub fn at(site: &Site) -> String {
    site.to_string()
}
