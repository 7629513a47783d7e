//! Guard sizes. A larger guard costs stores on every acquisition (see
//! `benches/locks.rs`).
//!
//! * Checked or timed (the default, `no-checking`, `no-timing`): the guards
//!   stay one word larger than the guards they wrap, mutex guards two (the
//!   second is the lock, for a `Condvar` wait to re-take it). Everything a
//!   release needs lives in the held-set entry (checking compiled in) or in
//!   a record allocated only while somebody uses hold times (`no-checking`).
//! * Plain (`no-checking` + `no-timing`): every guard is exactly the guard
//!   it wraps, and adds no `Drop` of its own.

use lockorder_runtime::{MutexGuard, RwLockReadGuard, RwLockWriteGuard, parking_lot as pl};
use std::mem::size_of;

/// What a lockorder guard adds to the guard it wraps: the hold.
const EXTRA: usize = if cfg!(all(feature = "no-checking", feature = "no-timing")) {
    0
} else {
    size_of::<usize>()
};

/// What a lockorder mutex guard adds: the hold and the lock itself, which a
/// `Condvar` wait needs to check and time the re-acquisition.
const MUTEX_EXTRA: usize = 2 * EXTRA;

#[test]
fn std_guards_add_a_word_or_two_or_nothing_when_plain() {
    assert_eq!(
        size_of::<MutexGuard<'_, u64>>(),
        size_of::<std::sync::MutexGuard<'_, u64>>() + MUTEX_EXTRA
    );
    assert_eq!(
        size_of::<RwLockReadGuard<'_, u64>>(),
        size_of::<std::sync::RwLockReadGuard<'_, u64>>() + EXTRA
    );
    assert_eq!(
        size_of::<RwLockWriteGuard<'_, u64>>(),
        size_of::<std::sync::RwLockWriteGuard<'_, u64>>() + EXTRA
    );
}

#[test]
fn parking_lot_guards_add_a_word_or_two_or_nothing_when_plain() {
    assert_eq!(
        size_of::<pl::MutexGuard<'_, u64>>(),
        size_of::<parking_lot::MutexGuard<'_, u64>>() + MUTEX_EXTRA
    );
    assert_eq!(
        size_of::<pl::RwLockReadGuard<'_, u64>>(),
        size_of::<parking_lot::RwLockReadGuard<'_, u64>>() + EXTRA
    );
    assert_eq!(
        size_of::<pl::RwLockWriteGuard<'_, u64>>(),
        size_of::<parking_lot::RwLockWriteGuard<'_, u64>>() + EXTRA
    );
    assert_eq!(
        size_of::<pl::RecursiveRwLockReadGuard<'_, u64>>(),
        size_of::<parking_lot::RwLockReadGuard<'_, u64>>() + EXTRA
    );
    assert_eq!(
        size_of::<pl::RecursiveRwLockWriteGuard<'_, u64>>(),
        size_of::<parking_lot::RwLockWriteGuard<'_, u64>>() + EXTRA
    );
}

/// The plain build: the guards are the wrapped guards, tokio's included
/// (a checked or timed tokio guard carries its own site and clock, as it
/// may be released on another thread). That the hold itself is
/// zero-sized with no `Drop` is a unit test of `sync::hold`.
#[cfg(all(feature = "no-checking", feature = "no-timing"))]
mod plain {
    use super::*;
    use lockorder_runtime::tokio as tk;

    #[test]
    fn tokio_guards_are_the_wrapped_guards() {
        assert_eq!(
            size_of::<tk::MutexGuard<'_, u64>>(),
            size_of::<tokio::sync::MutexGuard<'_, u64>>()
        );
        assert_eq!(
            size_of::<tk::RwLockReadGuard<'_, u64>>(),
            size_of::<tokio::sync::RwLockReadGuard<'_, u64>>()
        );
        assert_eq!(
            size_of::<tk::RwLockWriteGuard<'_, u64>>(),
            size_of::<tokio::sync::RwLockWriteGuard<'_, u64>>()
        );
    }

    #[test]
    fn std_guards_are_exactly_the_std_guards() {
        assert_eq!(
            size_of::<MutexGuard<'_, u64>>(),
            size_of::<std::sync::MutexGuard<'_, u64>>()
        );
        assert_eq!(
            size_of::<RwLockReadGuard<'_, u64>>(),
            size_of::<std::sync::RwLockReadGuard<'_, u64>>()
        );
        assert_eq!(
            size_of::<RwLockWriteGuard<'_, u64>>(),
            size_of::<std::sync::RwLockWriteGuard<'_, u64>>()
        );
    }
}
