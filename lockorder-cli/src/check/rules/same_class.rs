//! `same-class-nesting`: two instances of one class held at once (or
//! instances that cannot be told apart). A warning: safe only when every
//! thread orders them by a key.

use super::double_lock::edges_of;
use super::violation::chain_note;
use super::{Reported, at};
use crate::check::ir::Mode;
use crate::check::lockgraph::{LockGraph, Nesting};
use lockorder_runtime::model::{Finding, Rule, Severity, Site};
use std::collections::BTreeMap;

/// One warning per nesting of two (possibly) different instances.
pub fn check(g: &LockGraph) -> Vec<Reported> {
    let mut out = Vec::new();
    let mut groups: BTreeMap<(&str, &Site, &Site), Vec<&Nesting>> = BTreeMap::new();
    for n in g.nestings.iter().filter(|n| !n.same_instance) {
        if n.held_mode != Mode::Exclusive && n.acq_mode == Mode::RecursiveRead {
            continue;
        }
        groups
            .entry((&n.class, &n.held_at, &n.acquired_at))
            .or_default()
            .push(n);
    }
    for ns in groups.into_values() {
        let n = ns[0];
        let c = &n.class;
        let a = n.held_instance.as_deref().unwrap_or("one instance");
        let b = n.acq_instance.as_deref().unwrap_or("another instance");
        let message = if n.repeated {
            format!(
                "`{c}` is locked in a loop that keeps every iteration's guard ({}): the loop \
                 holds several instances of `{c}` at once. If another thread locks an \
                 overlapping set in another order, both wait forever.\n\
                 Thread 1: holds one instance, waits for the next.\n\
                 Thread 2: holds that next one, waits for the first.\n\
                 Lock them in one order by a key (sort by id before the loop, as \
                 `ORDER BY id FOR UPDATE` does) and say so with \
                 #[lockorder::allow(same-class-nesting, reason = \"sorted by id\")].",
                at(&n.acquired_at),
            )
        } else {
            format!(
                "two instances of `{c}` are held at once: `{a}` ({}) then `{b}` ({}). \
             If another thread nests them the other way round, both wait forever.\n\
             Thread 1: holds `{a}`, waits for `{b}`.\n\
             Thread 2: holds `{b}`, waits for `{a}`.\n\
             Order the acquisitions by a key (e.g. lock the lower id first, as \
             `ORDER BY id FOR UPDATE` does) and say so with \
             #[lockorder::allow(same-class-nesting, reason = \"ordered by id\")].{}",
                at(&n.held_at),
                at(&n.acquired_at),
                chain_note(&n.via),
            )
        };
        out.push(Reported::new(Finding {
            rule: Rule::SameClassNesting,
            severity: Severity::Warning,
            message,
            locks: vec![c.clone()],
            edges: edges_of(&ns),
            suppressed: None,
        }));
    }
    out
}
