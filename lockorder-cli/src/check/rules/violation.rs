//! `lock-order-violation`: an edge against the declared hierarchy.

use super::hierarchy::Hierarchy;
use super::{Reported, at};
use crate::check::lockgraph::LockGraph;
use lockorder_runtime::model::{Finding, Rule, Severity};

/// One finding per edge `A → B` where `B` is declared before `A`.
pub fn check(g: &LockGraph, h: &Hierarchy) -> Vec<Reported> {
    let mut out = Vec::new();
    if h.is_empty() {
        return out;
    }
    for ((from, to), ev) in &g.edges {
        if !h.before(to, from) {
            continue;
        }
        let message = format!(
            "`{to}` is acquired while `{from}` is held, but the declared order is {}: \
             `{to}` must be taken before `{from}`.\n\
             Thread 1 (here): holds `{from}` ({}), waits for `{to}` ({}).\n\
             Thread 2 (following the declared order): holds `{to}`, waits for `{from}`.\n\
             Each waits for the lock the other holds: deadlock.{}",
            h.chain_text(to, from),
            at(&ev.held_at),
            at(&ev.acquired_at),
            chain_note(&ev.via),
        );
        out.push(Reported::new(Finding {
            rule: Rule::LockOrderViolation,
            severity: Severity::Error,
            message,
            locks: vec![from.clone(), to.clone()],
            edges: vec![ev.clone()],
            suppressed: None,
        }));
    }
    out
}

/// ` Call chain: a → b → c.` when the edge spans functions.
pub fn chain_note(via: &[String]) -> String {
    if via.len() > 1 {
        format!("\nCall chain: {}.", via.join(" → "))
    } else {
        String::new()
    }
}
