//! The declared lock order: `hierarchy! { A > B > C; }` chains from source
//! and `[check] hierarchy = [["A", "B", "C"]]` from the config.

use std::collections::{BTreeMap, BTreeSet};

/// The declared order, outermost first, with its transitive closure.
#[derive(Debug, Default, Clone)]
pub struct Hierarchy {
    /// Class → every class declared after it (transitively).
    after: BTreeMap<String, BTreeSet<String>>,
    /// The chains as declared.
    pub chains: Vec<Vec<String>>,
}

impl Hierarchy {
    /// Builds the order from chains.
    pub fn new(chains: Vec<Vec<String>>) -> Hierarchy {
        let mut succ: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for c in &chains {
            for w in c.windows(2) {
                succ.entry(w[0].clone()).or_default().insert(w[1].clone());
            }
        }
        let mut after = BTreeMap::new();
        for start in succ.keys() {
            let mut seen = BTreeSet::new();
            let mut stack = vec![start.clone()];
            while let Some(n) = stack.pop() {
                if let Some(next) = succ.get(&n) {
                    for m in next {
                        if seen.insert(m.clone()) {
                            stack.push(m.clone());
                        }
                    }
                }
            }
            after.insert(start.clone(), seen);
        }
        Hierarchy { after, chains }
    }

    /// `true` when `a` is declared to be acquired before `b`.
    pub fn before(&self, a: &str, b: &str) -> bool {
        self.after.get(a).is_some_and(|s| s.contains(b))
    }

    /// `true` when nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.chains.is_empty()
    }

    /// The chain that declares `a` before `b`, for messages.
    pub fn chain_text(&self, a: &str, b: &str) -> String {
        self.chains
            .iter()
            .find(|c| c.iter().any(|x| x == a) && c.iter().any(|x| x == b))
            .map(|c| c.join(" > "))
            .unwrap_or_else(|| format!("{a} > … > {b}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitive_order() {
        let h = Hierarchy::new(vec![vec!["A".into(), "B".into(), "C".into()]]);
        assert!(h.before("A", "C"));
        assert!(h.before("B", "C"));
        assert!(!h.before("C", "A"));
        assert!(!h.before("A", "A"));
        assert_eq!(h.chain_text("A", "C"), "A > B > C");
    }
}
