//! The lockdep self-test matrix, run against the learned graph: each case
//! is a list of nested pairs `X→Y` (take X, then Y while X is held). Every
//! order of the pairs must be reported exactly once, at the pair that closes
//! the cycle, with the existing chain as evidence; the same pairs without
//! the closing one must report nothing.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, permutations, rules};
use lockorder_runtime::{Mutex, Rule};
use std::collections::{BTreeSet, HashMap};

/// One case: name, nested pairs, and the classes on the cycle.
type Case = (&'static str, &'static [(char, char)], &'static str);

/// The cases.
const CASES: &[Case] = &[
    ("ABBA", &[('A', 'B'), ('B', 'A')], "AB"),
    ("ABBCCA", &[('A', 'B'), ('B', 'C'), ('C', 'A')], "ABC"),
    ("ABCABC", &[('A', 'B'), ('C', 'A'), ('B', 'C')], "ABC"),
    (
        "ABBCCDDA",
        &[('A', 'B'), ('B', 'C'), ('C', 'D'), ('D', 'A')],
        "ABCD",
    ),
    (
        "ABCDBDDA",
        &[('A', 'B'), ('C', 'D'), ('B', 'D'), ('D', 'A')],
        "ABD",
    ),
    (
        "ABCDBCDA",
        &[('A', 'B'), ('C', 'D'), ('B', 'C'), ('D', 'A')],
        "ABCD",
    ),
];

fn locks(prefix: &str) -> HashMap<char, Mutex<()>> {
    "ABCD"
        .chars()
        .map(|c| (c, Mutex::named(&format!("{prefix}{c}"), ())))
        .collect()
}

fn run(pairs: &[(char, char)], prefix: &str) {
    let l = locks(prefix);
    for &(x, y) in pairs {
        let _gx = l[&x].lock().unwrap();
        let _gy = l[&y].lock().unwrap();
    }
}

#[test]
fn every_order_of_every_case_reports_the_cycle_once() {
    let mut checked = 0;
    for &(name, pairs, cycle) in CASES {
        for perm in permutations(pairs) {
            let prefix = fresh(&format!("mx_{name}_"));
            run(&perm, &prefix);
            let found = findings_for(&prefix);
            assert_eq!(
                rules(&found),
                [Rule::LockOrderCycle],
                "{name} in order {perm:?}: {found:#?}"
            );
            let f = &found[0];
            let on_cycle: BTreeSet<String> =
                cycle.chars().map(|c| format!("{prefix}{c}")).collect();
            let locks: BTreeSet<String> = f.locks.iter().cloned().collect();
            assert_eq!(locks, on_cycle, "{name} {perm:?}");
            // Reported at the last pair of the cycle to be taken.
            let closing = perm
                .iter()
                .rev()
                .find(|(x, y)| cycle.contains(*x) && cycle.contains(*y))
                .unwrap();
            assert_eq!(f.edges[0].from, format!("{prefix}{}", closing.0));
            assert_eq!(f.edges[0].to, format!("{prefix}{}", closing.1));
            // The evidence chains back from the new lock to the held one.
            let mut at = f.edges[0].to.clone();
            for e in &f.edges[1..] {
                assert_eq!(e.from, at, "{name} {perm:?}: broken chain");
                at = e.to.clone();
            }
            assert_eq!(at, f.edges[0].from, "{name} {perm:?}: chain not closed");
            assert_eq!(f.edges.len(), cycle.len());
            checked += 1;
        }
    }
    assert_eq!(checked, 2 + 6 + 6 + 24 + 24 + 24);
}

#[test]
fn without_the_closing_pair_nothing_is_reported() {
    for &(name, pairs, cycle) in CASES {
        // Drop each cycle pair in turn: the rest is acyclic.
        for skip in 0..pairs.len() {
            let (x, y) = pairs[skip];
            if !(cycle.contains(x) && cycle.contains(y)) {
                continue;
            }
            let rest: Vec<_> = pairs
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, p)| *p)
                .collect();
            for perm in permutations(&rest) {
                let prefix = fresh(&format!("mxneg_{name}_"));
                run(&perm, &prefix);
                assert!(
                    findings_for(&prefix).is_empty(),
                    "{name} without {x}{y}, order {perm:?}"
                );
            }
        }
    }
}

#[test]
fn a_repeated_bad_edge_is_reported_once() {
    let prefix = fresh("mx_repeat_");
    run(&[('A', 'B'), ('B', 'A'), ('B', 'A'), ('B', 'A')], &prefix);
    assert_eq!(rules(&findings_for(&prefix)), [Rule::LockOrderCycle]);
}

#[test]
fn order_learned_on_one_thread_is_violated_on_another() {
    let prefix = fresh("mx_threads_");
    let l = std::sync::Arc::new(locks(&prefix));
    let l1 = l.clone();
    std::thread::spawn(move || {
        let _a = l1[&'A'].lock().unwrap();
        let _b = l1[&'B'].lock().unwrap();
    })
    .join()
    .unwrap();
    assert!(findings_for(&prefix).is_empty());
    let l2 = l.clone();
    std::thread::spawn(move || {
        let _b = l2[&'B'].lock().unwrap();
        let _a = l2[&'A'].lock().unwrap();
    })
    .join()
    .unwrap();
    let found = findings_for(&prefix);
    assert_eq!(rules(&found), [Rule::LockOrderCycle]);
    let f = &found[0];
    // The existing chain carries where thread 1 first took A then B.
    assert_eq!(f.edges[1].from, format!("{prefix}A"));
    assert_eq!(f.edges[1].to, format!("{prefix}B"));
    assert!(f.edges[1].held_at.file.ends_with("selftest_matrix.rs"));
    assert_ne!(f.edges[1].held_at.line, f.edges[0].held_at.line);
    assert!(f.message.contains("Thread 1") && f.message.contains("Thread 2"));
    assert!(f.message.contains("*** DEADLOCK ***"));
}
