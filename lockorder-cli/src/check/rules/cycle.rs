//! `lock-order-cycle`: elementary cycles of the lock graph (Tarjan's
//! strongly connected components, then a bounded search for elementary
//! cycles inside each component).

use super::violation::chain_note;
use super::{Reported, at};
use crate::check::lockgraph::LockGraph;
use lockorder_runtime::model::{Finding, Rule, Severity};
use petgraph::graph::NodeIndex;

/// Most cycles reported per component.
pub const MAX_CYCLES_PER_SCC: usize = 32;
/// Longest cycle searched for.
pub const MAX_CYCLE_LEN: usize = 8;
/// Search budget (visited edges) per component.
const BUDGET: usize = 200_000;

/// The elementary cycles, each as class names starting from its smallest.
pub fn cycles(g: &LockGraph) -> Vec<Vec<String>> {
    let dg = g.digraph();
    let mut out = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&dg) {
        if scc.len() < 2 {
            continue;
        }
        let mut nodes: Vec<NodeIndex> = scc.clone();
        nodes.sort_by(|a, b| dg[*a].cmp(&dg[*b]));
        let rank = |n: NodeIndex| nodes.iter().position(|m| *m == n);
        let mut found = 0;
        let mut budget = BUDGET;
        for (si, &s) in nodes.iter().enumerate() {
            // cycles whose smallest node is s
            let mut path = vec![s];
            let mut stack: Vec<Vec<NodeIndex>> = vec![succ(&dg, s)];
            while let Some(top) = stack.last_mut() {
                if found >= MAX_CYCLES_PER_SCC || budget == 0 {
                    break;
                }
                let Some(n) = top.pop() else {
                    stack.pop();
                    path.pop();
                    continue;
                };
                budget -= 1;
                let Some(r) = rank(n) else { continue };
                if n == s {
                    out.push(path.iter().map(|x| dg[*x].clone()).collect());
                    found += 1;
                    continue;
                }
                if r <= si || path.contains(&n) || path.len() >= MAX_CYCLE_LEN {
                    continue;
                }
                path.push(n);
                stack.push(succ(&dg, n));
            }
        }
    }
    out.sort();
    out
}

fn succ(dg: &petgraph::graph::DiGraph<String, ()>, n: NodeIndex) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = dg.neighbors(n).collect();
    // popped from the end: visit in name order
    v.sort_by(|a, b| dg[*b].cmp(&dg[*a]));
    v
}

/// One finding per elementary cycle.
pub fn check(g: &LockGraph) -> Vec<Reported> {
    let mut out = Vec::new();
    for cyc in cycles(g) {
        let n = cyc.len();
        let edges: Vec<_> = (0..n)
            .filter_map(|i| {
                g.edges
                    .get(&(cyc[i].clone(), cyc[(i + 1) % n].clone()))
                    .cloned()
            })
            .collect();
        let mut text = format!(
            "potential deadlock: lock-order cycle {} → {}.",
            cyc.join(" → "),
            cyc[0]
        );
        for (i, e) in edges.iter().enumerate() {
            text.push_str(&format!(
                "\nThread {}: holds `{}` ({}), waits for `{}` ({}).{}",
                i + 1,
                e.from,
                at(&e.held_at),
                e.to,
                at(&e.acquired_at),
                chain_note(&e.via).replace('\n', " "),
            ));
        }
        text.push_str(
            "\nEach thread waits for a lock the next one holds: deadlock. \
             Take these locks in one order everywhere.",
        );
        out.push(Reported::new(Finding {
            rule: Rule::LockOrderCycle,
            severity: Severity::Error,
            message: text,
            locks: cyc,
            edges,
            suppressed: None,
        }));
    }
    out
}
