//! The process-global learned acquisition graph.
//!
//! An edge `A → B` is added the first time `B` is acquired while `A` is held,
//! with the evidence of where that was first seen. Edges that would close a
//! cycle or break the declared order are reported and remembered as known,
//! but not added, so the graph stays acyclic and each bad edge is searched
//! for once.

use crate::class::Class;
use crate::model::EdgeEvidence;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, OnceLock};

/// The learned graph.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// Adjacency: class index → (to, evidence index).
    adj: HashMap<Class, Vec<(Class, usize)>>,
    evidence: Vec<EdgeEvidence>,
    /// Every edge validated so far (added or reported).
    known: HashSet<(Class, Class)>,
}

impl Graph {
    /// `true` when `(from, to)` was validated before.
    pub fn is_known(&self, from: Class, to: Class) -> bool {
        self.known.contains(&(from, to))
    }

    /// Marks `(from, to)` validated without adding it.
    pub fn mark_known(&mut self, from: Class, to: Class) {
        self.known.insert((from, to));
    }

    /// Adds the edge with its first-seen evidence.
    pub fn add(&mut self, from: Class, to: Class, ev: EdgeEvidence) {
        self.known.insert((from, to));
        self.evidence.push(ev);
        let i = self.evidence.len() - 1;
        self.adj.entry(from).or_default().push((to, i));
    }

    /// The shortest chain of existing edges `from → … → to`, as evidence.
    pub fn path(&self, from: Class, to: Class) -> Option<Vec<EdgeEvidence>> {
        let mut parent: HashMap<Class, (Class, usize)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = HashSet::from([from]);
        while let Some(c) = queue.pop_front() {
            if c == to {
                let mut chain = Vec::new();
                let mut cur = to;
                while cur != from {
                    let (p, e) = parent[&cur];
                    chain.push(self.evidence[e].clone());
                    cur = p;
                }
                chain.reverse();
                return Some(chain);
            }
            for &(n, e) in self.adj.get(&c).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.insert(n) {
                    parent.insert(n, (c, e));
                    queue.push_back(n);
                }
            }
        }
        None
    }

    /// Every learned edge's evidence, sorted.
    pub fn edges(&self) -> Vec<EdgeEvidence> {
        let mut v = self.evidence.clone();
        v.sort();
        v
    }
}

/// The process-global graph.
pub(crate) fn graph() -> &'static Mutex<Graph> {
    static GRAPH: OnceLock<Mutex<Graph>> = OnceLock::new();
    GRAPH.get_or_init(Default::default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Site;

    fn ev(a: &str, b: &str) -> EdgeEvidence {
        let s = Site {
            file: "f.rs".into(),
            line: 1,
            column: 1,
            function: None,
        };
        EdgeEvidence {
            from: a.into(),
            to: b.into(),
            held_at: s.clone(),
            acquired_at: s,
            via: vec![],
        }
    }

    #[test]
    fn finds_shortest_chain() {
        let [a, b, c, d] = ["g::a", "g::b", "g::c", "g::d"].map(Class::named);
        let mut g = Graph::default();
        g.add(a, b, ev("g::a", "g::b"));
        g.add(b, c, ev("g::b", "g::c"));
        g.add(c, d, ev("g::c", "g::d"));
        g.add(a, d, ev("g::a", "g::d"));
        let p = g.path(a, d).unwrap();
        assert_eq!(p.len(), 1);
        let p = g.path(b, d).unwrap();
        assert_eq!(
            p.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(),
            ["g::c", "g::d"]
        );
        assert!(g.path(d, a).is_none());
        assert!(g.is_known(a, b) && !g.is_known(b, a));
    }
}
