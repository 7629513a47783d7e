//! A guard moved into one branch's value (`Some(pending)`) and kept by its
//! variable on the other branches is one guard, taken once: the value
//! revived after the branches and the variable held again there are
//! alternatives, also when the branches nest (tikv's
//! `clear_meta_in_kv_and_raft`). No double lock; nor for a local's guard
//! held again at the join of a block's tail (`block_tail`).
use std::collections::HashMap;
use std::sync::Mutex;

pub fn nested(m: &Mutex<u8>, a: bool, b: bool) {
    let pending = m.lock().unwrap();
    let kept = if a {
        if b { Some(pending) } else { None }
    } else {
        None
    };
    drop(kept);
}

pub fn clear_meta(peers: &Mutex<HashMap<u64, (u64, bool)>>, first: bool, init: bool, id: u64) -> bool {
    let (held, clean) = if first {
        let mut pending = peers.lock().unwrap();
        if init {
            (None, true)
        } else if let Some(status) = pending.get(&1) {
            if *status == (id, false) {
                pending.remove(&1);
                (Some(pending), true)
            } else {
                (None, false)
            }
        } else {
            (None, false)
        }
    } else {
        (None, true)
    };
    drop(held);
    clean
}

/// Before edition 2024 a block's tail temporaries outlive the block, but a
/// local's guard held again where the tail's branches rejoin is no
/// temporary: it ends with the block, before the second lock.
pub fn block_tail(m: &Mutex<u32>, a: bool) -> u32 {
    let x = {
        let g = m.lock().unwrap();
        if a {
            drop(g);
            1
        } else {
            2
        }
    } + *m.lock().unwrap();
    x
}
