//! The guards stay one word larger than the guards they wrap: everything a
//! release needs lives in the held-set entry (checking compiled in) or in a
//! record allocated only while somebody uses hold times (`no-checking`).
//! A larger guard costs stores on every acquisition (see `benches/locks.rs`).

use lockorder_runtime::{MutexGuard, RwLockReadGuard, RwLockWriteGuard, parking_lot as pl};
use std::mem::size_of;

const WORD: usize = size_of::<usize>();

#[test]
fn std_guards_add_one_word() {
    assert_eq!(
        size_of::<MutexGuard<'_, u64>>(),
        size_of::<std::sync::MutexGuard<'_, u64>>() + WORD
    );
    assert_eq!(
        size_of::<RwLockReadGuard<'_, u64>>(),
        size_of::<std::sync::RwLockReadGuard<'_, u64>>() + WORD
    );
    assert_eq!(
        size_of::<RwLockWriteGuard<'_, u64>>(),
        size_of::<std::sync::RwLockWriteGuard<'_, u64>>() + WORD
    );
}

#[test]
fn parking_lot_guards_add_one_word() {
    assert_eq!(
        size_of::<pl::MutexGuard<'_, u64>>(),
        size_of::<parking_lot::MutexGuard<'_, u64>>() + WORD
    );
    assert_eq!(
        size_of::<pl::RwLockReadGuard<'_, u64>>(),
        size_of::<parking_lot::RwLockReadGuard<'_, u64>>() + WORD
    );
}
