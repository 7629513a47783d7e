//! `double-lock`: one lock taken again while held by the same thread —
//! a re-lock, a recursive `read()` on a fair RwLock, or a read→write
//! upgrade.

use super::violation::chain_note;
use super::{Reported, at};
use crate::check::ir::Mode;
use crate::check::lockgraph::{LockGraph, Nesting};
use lockorder_runtime::model::{EdgeEvidence, Finding, Rule, Severity, Site};
use std::collections::BTreeMap;

/// What kind of double lock a same-instance nesting is, if any.
pub fn kind(n: &Nesting) -> Option<&'static str> {
    match (n.held_mode, n.acq_mode) {
        // a reentrant mutex is made to be re-taken by its holder
        (Mode::Reentrant, _) | (_, Mode::Reentrant) => None,
        (_, Mode::RecursiveRead) if n.held_mode != Mode::Exclusive => None,
        (Mode::Exclusive, _) => Some("relock"),
        (Mode::Read | Mode::RecursiveRead, Mode::Read) => Some("recursive-read"),
        (Mode::Read | Mode::RecursiveRead, Mode::Exclusive) => Some("upgrade"),
        _ => None,
    }
}

/// One finding per same-instance nesting that blocks.
pub fn check(g: &LockGraph) -> Vec<Reported> {
    let mut out = Vec::new();
    // one finding per re-acquisition site (the same pair reached through
    // several call chains is one finding, its chains listed as edges)
    let mut groups: BTreeMap<(&str, &Site, &Site, &str), Vec<&Nesting>> = BTreeMap::new();
    for n in g.nestings.iter().filter(|n| n.same_instance) {
        if let Some(k) = kind(n) {
            groups
                .entry((&n.class, &n.held_at, &n.acquired_at, k))
                .or_default()
                .push(n);
        }
    }
    for ((_, _, _, k), ns) in groups {
        let n = ns[0];
        let c = &n.class;
        let (held, acq) = (at(&n.held_at), at(&n.acquired_at));
        let body = match k {
            "relock" if n.repeated => format!(
                "`{c}` is locked in a loop that keeps every iteration's guard ({acq}): the second \
                 iteration locks it again while the first one's guard is still held; it is not \
                 reentrant, so the second acquisition waits forever for the first.\n\
                 Thread 1: holds `{c}`, waits for `{c}` — itself."
            ),
            "relock" => format!(
                "`{c}` is locked again while this thread already holds it (first at {held}); \
                 it is not reentrant, so the second acquisition ({acq}) waits forever for the first.\n\
                 Thread 1: holds `{c}`, waits for `{c}` — itself."
            ),
            "recursive-read" => format!(
                "recursive read of `{c}`: a second read lock ({acq}) is requested while this thread \
                 holds a read lock on it (first at {held}). RwLocks are fair (parking_lot, tokio; std \
                 on Linux futex): a queued writer blocks new readers.\n\
                 Thread 1 (reader): holds `{c}` (read), about to read again.\n\
                 Thread 2 (writer): calls write() and queues behind Thread 1's read guard.\n\
                 Thread 1's second read() waits behind the queued writer, the writer waits for \
                 Thread 1: deadlock. Reuse the first guard or use read_recursive()."
            ),
            _ => format!(
                "read→write upgrade on `{c}`: write() ({acq}) waits until every reader has released, \
                 including this thread's own read guard (taken at {held}): self-deadlock.\n\
                 Thread 1: holds `{c}` (read), waits for `{c}` (write) — behind itself. \
                 Drop the read guard before writing, or use an upgradable read."
            ),
        };
        let message = format!("{body}{}", chain_note(&n.via));
        out.push(Reported::new(Finding {
            rule: Rule::DoubleLock,
            severity: Severity::Error,
            message,
            locks: vec![c.clone()],
            edges: edges_of(&ns),
            suppressed: None,
        }));
    }
    out
}

/// Most edges listed in one finding.
pub const MAX_EDGES: usize = 8;

/// The evidence of grouped nestings, one edge each (bounded).
pub fn edges_of(ns: &[&Nesting]) -> Vec<EdgeEvidence> {
    ns.iter()
        .take(MAX_EDGES)
        .map(|n| EdgeEvidence {
            from: n.class.clone(),
            to: n.class.clone(),
            held_at: n.held_at.clone(),
            acquired_at: n.acquired_at.clone(),
            via: n.via.clone(),
        })
        .collect()
}
