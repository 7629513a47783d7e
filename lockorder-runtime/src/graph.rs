//! The process-global learned acquisition graph.
//!
//! An edge `A → B` is added the first time `B` is acquired while `A` is held,
//! with the evidence of where that was first seen. Edges that would close a
//! cycle or break the declared order are reported and remembered as known,
//! but not added, so the graph stays acyclic and each bad edge is searched
//! for once.

use crate::class::Class;
use crate::held::{from_shared, to_recursive};
use crate::model::EdgeEvidence;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, OnceLock};

/// The learned graph.
///
/// Edges carry their lockdep dependency type (see `held::dep_type`); one
/// class pair may have up to four, sharing the evidence of where the pair
/// was first seen.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// Adjacency: class → (to, dependency type, evidence index).
    adj: HashMap<Class, Vec<(Class, u8, usize)>>,
    evidence: Vec<EdgeEvidence>,
    /// Evidence index of each class pair.
    pairs: HashMap<(Class, Class), usize>,
    /// Every typed edge validated so far (added or reported).
    known: HashSet<(Class, Class, u8)>,
}

impl Graph {
    /// `true` when `(from, to)` of type `ty` was validated before.
    pub fn is_known(&self, from: Class, to: Class, ty: u8) -> bool {
        self.known.contains(&(from, to, ty))
    }

    /// Marks `(from, to)` validated for type `ty` and every stronger type
    /// (a reported edge is reported once: any stronger dependency closes
    /// the same cycle).
    pub fn mark_known_and_stronger(&mut self, from: Class, to: Class, ty: u8) {
        for t in 0..4u8 {
            if t & !ty == 0 {
                self.known.insert((from, to, t));
            }
        }
    }

    /// Adds the edge; the pair's first-seen evidence is kept.
    pub fn add(&mut self, from: Class, to: Class, ty: u8, ev: EdgeEvidence) {
        self.known.insert((from, to, ty));
        let i = *self.pairs.entry((from, to)).or_insert_with(|| {
            self.evidence.push(ev);
            self.evidence.len() - 1
        });
        self.adj.entry(from).or_default().push((to, ty, i));
    }

    /// The shortest chain of existing edges `from → … → to` that, closed by
    /// a new edge `to → from` of type `closing`, forms a cycle that can
    /// deadlock: no lock on it is entered by a recursive read and then held
    /// shared while the next one is taken (lockdep's strong path). Returned
    /// as evidence.
    pub fn path(&self, from: Class, to: Class, closing: u8) -> Option<Vec<EdgeEvidence>> {
        // A search state: a class and whether the edge into it was a
        // recursive read.
        type State = (Class, bool);
        let start: State = (from, to_recursive(closing));
        let mut parent: HashMap<State, (State, usize)> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut seen = HashSet::from([start]);
        while let Some(state @ (c, in_recursive)) = queue.pop_front() {
            if c == to {
                if in_recursive && from_shared(closing) {
                    continue;
                }
                let mut chain = Vec::new();
                let mut cur = state;
                while cur != start {
                    let (p, e) = parent[&cur];
                    chain.push(self.evidence[e].clone());
                    cur = p;
                }
                chain.reverse();
                return Some(chain);
            }
            for &(n, ty, e) in self.adj.get(&c).map(Vec::as_slice).unwrap_or(&[]) {
                if in_recursive && from_shared(ty) {
                    continue;
                }
                let next = (n, to_recursive(ty));
                if seen.insert(next) {
                    parent.insert(next, (state, e));
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// Every learned class pair's evidence, sorted.
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
        g.add(a, b, EX, ev("g::a", "g::b"));
        g.add(b, c, EX, ev("g::b", "g::c"));
        g.add(c, d, EX, ev("g::c", "g::d"));
        g.add(a, d, EX, ev("g::a", "g::d"));
        let p = g.path(a, d, EX).unwrap();
        assert_eq!(p.len(), 1);
        let p = g.path(b, d, EX).unwrap();
        assert_eq!(
            p.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(),
            ["g::c", "g::d"]
        );
        assert!(g.path(d, a, EX).is_none());
        assert!(g.is_known(a, b, EX) && !g.is_known(b, a, EX));
        assert!(!g.is_known(a, b, SR));
    }

    /// Exclusive holder, non-recursive acquisition.
    const EX: u8 = 0;
    /// Shared holder, recursive-read acquisition.
    const SR: u8 = 3;
    /// Exclusive holder, recursive-read acquisition.
    const ER: u8 = 1;
    /// Shared holder, non-recursive acquisition.
    const SN: u8 = 2;

    #[test]
    fn a_recursive_read_then_shared_hold_breaks_a_cycle() {
        let [a, b, c] = ["gr::a", "gr::b", "gr::c"].map(Class::named);
        let mut g = Graph::default();
        // a -(SR)-> b: a read, then b read recursively.
        g.add(a, b, SR, ev("gr::a", "gr::b"));
        // Closed by b -(SR)-> a: only readers, nobody waits.
        assert!(g.path(a, b, SR).is_none());
        // Closed by b -(ER)-> a (b written, a read recursively): the reader
        // of a never waits for the other reader of a: no deadlock.
        assert!(g.path(a, b, ER).is_none());
        // Closed by b -(SN)-> a (b read, a written): b is entered by a
        // recursive read and held shared, so that thread never waits.
        assert!(g.path(a, b, SN).is_none());
        // Closed by b -(EN)-> a: b written, and the recursive reader of b
        // waits for that writer: deadlock.
        assert_eq!(g.path(a, b, EX).map(|p| p.len()), Some(1));
        // Another route a -(EN)-> c -(EN)-> b has no recursive-read link:
        // every closing edge makes a deadlock.
        g.add(a, c, EX, ev("gr::a", "gr::c"));
        g.add(c, b, EX, ev("gr::c", "gr::b"));
        assert_eq!(g.path(a, b, SR).map(|p| p.len()), Some(2));
        assert_eq!(g.path(a, b, SN).map(|p| p.len()), Some(2));
    }

    #[test]
    fn writers_held_across_recursive_reads_still_deadlock() {
        let [a, b] = ["gw::a", "gw::b"].map(Class::named);
        let mut g = Graph::default();
        // a written, b read recursively; then b written, a read recursively:
        // each recursive reader waits for the other thread's writer.
        g.add(a, b, ER, ev("gw::a", "gw::b"));
        assert_eq!(g.path(a, b, ER).map(|p| p.len()), Some(1));
    }

    #[test]
    fn one_pair_with_several_types_is_one_learned_edge() {
        let [a, b] = ["gt::a", "gt::b"].map(Class::named);
        let mut g = Graph::default();
        g.add(a, b, SR, ev("gt::a", "gt::b"));
        g.add(a, b, EX, ev("gt::a", "gt::b"));
        assert_eq!(g.edges().len(), 1);
        assert!(g.is_known(a, b, SR) && g.is_known(a, b, EX));
    }
}
