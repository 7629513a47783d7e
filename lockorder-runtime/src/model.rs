//! The shared vocabulary of lock analysis: sites, edges and findings.
//!
//! Findings are data, never errors. Each [`Rule`] has a stable kebab-case
//! code that appears in JSON output, suppressions and documentation; the
//! static checker (`lockorder check`) and the run-time checker produce the
//! same kinds of finding.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a lock was taken (or a call made): file, line, column, function.
///
/// Lines and columns are 1-based. `file` is relative to the scanned
/// directory for static findings and as reported by `#[track_caller]` at
/// run time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Site {
    /// Source file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The enclosing function (`Type::method` or the free function's name),
    /// or the annotated caller name at run time.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub function: Option<String>,
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)?;
        if let Some(func) = &self.function {
            write!(f, " in {func}")?;
        }
        Ok(())
    }
}

/// The kind of a finding, with its stable kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// An acquisition edge against the declared hierarchy.
    LockOrderViolation,
    /// A cycle in the acquisition graph: a potential deadlock.
    LockOrderCycle,
    /// A non-reentrant lock taken while already held (also a recursive read
    /// on a fair RwLock, or a read→write upgrade on one lock).
    DoubleLock,
    /// Two instances of one class nested without a proven key order.
    SameClassNesting,
    /// A suppression (`#[lockorder::allow]`) that matched no finding.
    UnusedAllow,
    /// A function annotated `#[requires(C)]` called while `C` is not held
    /// (run time only).
    RequiresNotHeld,
    /// A function annotated `#[excludes(C)]` called while `C` is held
    /// (run time only).
    ExcludesHeld,
}

impl Rule {
    /// Every rule, in a stable order.
    pub const ALL: [Rule; 7] = [
        Rule::LockOrderViolation,
        Rule::LockOrderCycle,
        Rule::DoubleLock,
        Rule::SameClassNesting,
        Rule::UnusedAllow,
        Rule::RequiresNotHeld,
        Rule::ExcludesHeld,
    ];

    /// The stable kebab-case code (`lock-order-cycle`, …).
    pub fn code(self) -> &'static str {
        match self {
            Rule::LockOrderViolation => "lock-order-violation",
            Rule::LockOrderCycle => "lock-order-cycle",
            Rule::DoubleLock => "double-lock",
            Rule::SameClassNesting => "same-class-nesting",
            Rule::UnusedAllow => "unused-allow",
            Rule::RequiresNotHeld => "requires-not-held",
            Rule::ExcludesHeld => "excludes-held",
        }
    }

    /// Parses a kebab-case code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail a check by default.
    Warning,
    /// A deadlock risk; fails the check.
    Error,
}

/// How a lock was taken.
///
/// The discriminants are chosen for the run-time check: bit 1 is set for
/// the shared kinds, bit 0 only for the recursive read (see the checker's
/// dependency types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[repr(u8)]
pub enum AccessKind {
    /// Exclusive (`lock()`, `write()`, a row lock `FOR UPDATE`).
    Exclusive = 0,
    /// Shared (`read()`): blocks behind a queued writer on fair RwLocks.
    Read = 2,
    /// Shared and reentrant (`read_recursive()`): never blocks on a reader.
    RecursiveRead = 3,
    /// Non-blocking attempt (`try_lock()` …): adds no edge into the lock.
    Try = 4,
}

/// One acquisition edge `from → to`: `to` was acquired while `from` was held.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EdgeEvidence {
    /// The class held.
    pub from: String,
    /// The class acquired while `from` was held.
    pub to: String,
    /// Where `from` was taken.
    pub held_at: Site,
    /// Where `to` was taken.
    pub acquired_at: Site,
    /// The call chain from the function holding `from` to the function
    /// acquiring `to` (both included; one element when they are the same).
    pub via: Vec<String>,
}

/// A finding: data with a stable rule code and the evidence for each edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// Its severity.
    pub severity: Severity,
    /// A one-paragraph explanation, including a two-thread interleaving
    /// where one applies.
    pub message: String,
    /// The lock classes involved, in the order of the cycle or edge.
    pub locks: Vec<String>,
    /// The evidence for each edge.
    pub edges: Vec<EdgeEvidence>,
    /// Set when an `#[lockorder::allow]` covers this finding: the reason.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub suppressed: Option<String>,
}
