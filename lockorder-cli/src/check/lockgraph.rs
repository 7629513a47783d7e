//! The lock graph: an edge `A → B` for every place where `B` is (or may be,
//! through calls) acquired while `A` is held, with its best evidence; and
//! every nesting of one class inside itself (double locks, two instances).

use super::ir::{Mode, Pos};
use super::resolve::{RAcq, RFn, SumEntry, map_instance};
use super::symbols::FnId;
use lockorder_runtime::model::{EdgeEvidence, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Names functions and files for evidence.
pub trait Namer {
    /// The site of `pos` in function `f`.
    fn site(&self, f: FnId, pos: Pos) -> Site;
    /// The display name of `f`.
    fn name(&self, f: FnId) -> String;
}

/// A class acquired while a lock of the same class is held.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Nesting {
    /// The class.
    pub class: String,
    /// Where the first lock was taken.
    pub held_at: Site,
    /// Where the second is taken.
    pub acquired_at: Site,
    /// The call chain between them.
    pub via: Vec<String>,
    /// Mode of the held lock.
    pub held_mode: Mode,
    /// Mode of the second acquisition.
    pub acq_mode: Mode,
    /// Both name the same object (`self.x` twice, one static).
    pub same_instance: bool,
    /// The held instance.
    pub held_instance: Option<String>,
    /// The acquired instance.
    pub acq_instance: Option<String>,
    /// The second acquisition is the next iteration of a loop that keeps
    /// each iteration's guard ([`RAcq::repeat`]).
    pub repeated: bool,
}

/// The lock graph with its evidence.
#[derive(Debug, Default)]
pub struct LockGraph {
    /// Best evidence per edge (shortest chain, then first site).
    pub edges: BTreeMap<(String, String), EdgeEvidence>,
    /// Same-class nestings.
    pub nestings: BTreeSet<Nesting>,
    /// Every class acquired anywhere.
    pub classes: BTreeSet<String>,
}

fn better(new: &EdgeEvidence, old: &EdgeEvidence) -> bool {
    (new.via.len(), &new.held_at, &new.acquired_at)
        < (old.via.len(), &old.held_at, &old.acquired_at)
}

/// Whether taking `class` (`instance`) in `mode` re-enters a lock this
/// thread already holds without blocking: a reentrant mutex re-taken, or a
/// recursive read under the same lock's read. Such an acquisition orders
/// nothing, so it adds no edge from the other held locks.
fn reenters<'h>(
    mode: Mode,
    class: &str,
    instance: Option<&str>,
    mut held: impl Iterator<Item = &'h RAcq>,
) -> bool {
    let Some(instance) = instance else {
        return false;
    };
    held.any(|h| {
        h.class == class
            && h.instance.as_deref() == Some(instance)
            && match mode {
                Mode::Reentrant => true,
                Mode::RecursiveRead => h.mode != Mode::Exclusive,
                _ => false,
            }
    })
}

impl LockGraph {
    fn add_edge(&mut self, ev: EdgeEvidence) {
        let key = (ev.from.clone(), ev.to.clone());
        match self.edges.get(&key) {
            Some(old) if !better(&ev, old) => {}
            _ => {
                self.edges.insert(key, ev);
            }
        }
    }

    /// Builds the graph from resolved functions and their summaries.
    pub fn build(rfns: &[RFn], sums: &[Vec<SumEntry>], namer: &dyn Namer) -> LockGraph {
        let mut g = LockGraph::default();
        for (i, f) in rfns.iter().enumerate() {
            let me = FnId(i);
            for a in &f.acqs {
                g.classes.insert(a.class.clone());
            }
            if f.acqs.is_empty() {
                continue;
            }
            let held_at = |p: u32| f.held_at(p);
            for a in f.acqs.iter().filter(|a| !a.resumed) {
                // the locks held here, outside `a`'s own alternative branch
                let held_here = || held_at(a.pos).filter(|h| h.alt == 0 || h.alt != a.alt);
                let reentry = reenters(a.mode, &a.class, a.instance.as_deref(), held_here());
                for h in held_here() {
                    let held = namer.site(me, h.site);
                    let acquired = namer.site(me, a.site);
                    if h.class == a.class {
                        if a.try_ {
                            continue;
                        }
                        let same = h.instance.is_some() && h.instance == a.instance;
                        g.nestings.insert(Nesting {
                            class: a.class.clone(),
                            held_at: held,
                            acquired_at: acquired,
                            via: vec![namer.name(me)],
                            held_mode: h.mode,
                            acq_mode: a.mode,
                            same_instance: same,
                            held_instance: h.instance.clone(),
                            acq_instance: a.instance.clone(),
                            repeated: a.repeat,
                        });
                    } else if !a.try_ && !reentry {
                        g.add_edge(EdgeEvidence {
                            from: h.class.clone(),
                            to: a.class.clone(),
                            held_at: held,
                            acquired_at: acquired,
                            via: vec![namer.name(me)],
                        });
                    }
                }
            }
            for c in &f.calls {
                let mut held = held_at(c.pos).peekable();
                if held.peek().is_none() {
                    continue;
                }
                let held: Vec<_> = held.collect();
                for &callee in &c.callees {
                    for e in &sums[callee.0] {
                        if e.try_ {
                            continue;
                        }
                        let inst = map_instance(e.instance.as_deref(), c.recv.as_deref());
                        let reentry =
                            reenters(e.mode, &e.class, inst.as_deref(), held.iter().copied());
                        for h in &held {
                            let via: Vec<String> = std::iter::once(me)
                                .chain(e.chain.iter().copied())
                                .map(|id| namer.name(id))
                                .collect();
                            let held_site = namer.site(me, h.site);
                            let acq_site = namer.site(e.at.0, e.at.1);
                            if h.class == e.class {
                                if c.by_name {
                                    continue;
                                }
                                let same = h.instance.is_some() && h.instance == inst;
                                g.nestings.insert(Nesting {
                                    class: e.class.clone(),
                                    held_at: held_site,
                                    acquired_at: acq_site,
                                    via,
                                    held_mode: h.mode,
                                    acq_mode: e.mode,
                                    same_instance: same,
                                    held_instance: h.instance.clone(),
                                    acq_instance: inst.clone(),
                                    repeated: false,
                                });
                            } else if !reentry {
                                g.add_edge(EdgeEvidence {
                                    from: h.class.clone(),
                                    to: e.class.clone(),
                                    held_at: held_site,
                                    acquired_at: acq_site,
                                    via,
                                });
                            }
                        }
                    }
                }
            }
        }
        g
    }

    /// The graph as petgraph, nodes in class-name order.
    pub fn digraph(&self) -> petgraph::graph::DiGraph<String, ()> {
        let mut dg = petgraph::graph::DiGraph::new();
        let mut idx = BTreeMap::new();
        let mut names: BTreeSet<&String> = self.classes.iter().collect();
        for (a, b) in self.edges.keys() {
            names.insert(a);
            names.insert(b);
        }
        for n in names {
            idx.insert(n.clone(), dg.add_node(n.clone()));
        }
        for (a, b) in self.edges.keys() {
            dg.add_edge(idx[a], idx[b], ());
        }
        dg
    }
}
