//! parking_lot's guard projections: `map` / `try_map` to a part of the
//! locked data, and `downgrade` of a write guard to a read guard. A mapped
//! guard is the same hold (same held-set entry, same clock): the lock is
//! still held, only the data it gives access to is narrower. A downgrade
//! keeps the hold too, but from then on the lock counts as read.

use super::{
    MutexGuard, RecursiveRwLockReadGuard, RecursiveRwLockWriteGuard, RwLockReadGuard,
    RwLockWriteGuard,
};
use crate::model::AccessKind;
use crate::sync::hold::Slim;

/// A [`MutexGuard`] mapped to a part of the data (`MutexGuard::map`).
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MappedMutexGuard<'a, T: ?Sized> {
    inner: ::parking_lot::MappedMutexGuard<'a, T>,
    _hold: Slim<'a>,
}

guard_deref!(MappedMutexGuard, deref_mut);

impl<'a, T: ?Sized> MutexGuard<'a, T> {
    /// Narrows the guard to a part of the data; the lock stays held (the
    /// same hold, timed to the mapped guard's release).
    pub fn map<U: ?Sized, F>(s: Self, f: F) -> MappedMutexGuard<'a, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let MutexGuard { inner, hold, .. } = s;
        MappedMutexGuard {
            inner: ::parking_lot::MutexGuard::map(inner, f),
            _hold: hold,
        }
    }

    /// [`map`](Self::map) when `f` finds the part; else the guard back.
    pub fn try_map<U: ?Sized, F>(s: Self, f: F) -> Result<MappedMutexGuard<'a, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let MutexGuard { inner, hold, lock } = s;
        match ::parking_lot::MutexGuard::try_map(inner, f) {
            Ok(inner) => Ok(MappedMutexGuard { inner, _hold: hold }),
            Err(inner) => Err(MutexGuard { inner, hold, lock }),
        }
    }
}

/// `map` / `try_map` for a read guard and `map` / `try_map` / `downgrade`
/// for a write guard of one of the two RwLock kinds.
macro_rules! rw_projections {
    ($read:ident, $write:ident, $mapped_read:ident, $mapped_write:ident, $read_kind:expr) => {
        #[doc = concat!("A [`", stringify!($read), "`] mapped to a part of the data.")]
        #[must_use = "if unused the RwLock will immediately unlock"]
        pub struct $mapped_read<'a, T: ?Sized> {
            inner: ::parking_lot::$mapped_read<'a, T>,
            _hold: Slim<'a>,
        }

        #[doc = concat!("A [`", stringify!($write), "`] mapped to a part of the data.")]
        #[must_use = "if unused the RwLock will immediately unlock"]
        pub struct $mapped_write<'a, T: ?Sized> {
            inner: ::parking_lot::$mapped_write<'a, T>,
            _hold: Slim<'a>,
        }

        guard_deref!($mapped_read);
        guard_deref!($mapped_write, deref_mut);

        impl<'a, T: ?Sized> $read<'a, T> {
            /// Narrows the guard to a part of the data; the lock stays
            /// held.
            pub fn map<U: ?Sized, F>(s: Self, f: F) -> $mapped_read<'a, U>
            where
                F: FnOnce(&T) -> &U,
            {
                $mapped_read {
                    inner: ::parking_lot::lock_api::RwLockReadGuard::map(s.inner, f),
                    _hold: s._hold,
                }
            }

            /// [`map`](Self::map) when `f` finds the part; else the guard
            /// back.
            pub fn try_map<U: ?Sized, F>(s: Self, f: F) -> Result<$mapped_read<'a, U>, Self>
            where
                F: FnOnce(&T) -> Option<&U>,
            {
                let $read { inner, _hold } = s;
                match ::parking_lot::lock_api::RwLockReadGuard::try_map(inner, f) {
                    Ok(inner) => Ok($mapped_read { inner, _hold }),
                    Err(inner) => Err($read { inner, _hold }),
                }
            }
        }

        impl<'a, T: ?Sized> $write<'a, T> {
            /// Narrows the guard to a part of the data; the lock stays
            /// held.
            pub fn map<U: ?Sized, F>(s: Self, f: F) -> $mapped_write<'a, U>
            where
                F: FnOnce(&mut T) -> &mut U,
            {
                $mapped_write {
                    inner: ::parking_lot::lock_api::RwLockWriteGuard::map(s.inner, f),
                    _hold: s._hold,
                }
            }

            /// [`map`](Self::map) when `f` finds the part; else the guard
            /// back.
            pub fn try_map<U: ?Sized, F>(s: Self, f: F) -> Result<$mapped_write<'a, U>, Self>
            where
                F: FnOnce(&mut T) -> Option<&mut U>,
            {
                let $write { inner, _hold } = s;
                match ::parking_lot::lock_api::RwLockWriteGuard::try_map(inner, f) {
                    Ok(inner) => Ok($mapped_write { inner, _hold }),
                    Err(inner) => Err($write { inner, _hold }),
                }
            }

            /// Turns the write guard into a read guard without letting a
            /// writer in between; the hold goes on, counted as a read from
            /// here (a second read of the lock on this thread is then a
            /// recursive read, checked as such).
            pub fn downgrade(s: Self) -> $read<'a, T> {
                let $write { inner, mut _hold } = s;
                _hold.set_kind($read_kind);
                $read {
                    inner: ::parking_lot::lock_api::RwLockWriteGuard::downgrade(inner),
                    _hold,
                }
            }
        }
    };
}

rw_projections!(
    RwLockReadGuard,
    RwLockWriteGuard,
    MappedRwLockReadGuard,
    MappedRwLockWriteGuard,
    AccessKind::Read
);
rw_projections!(
    RecursiveRwLockReadGuard,
    RecursiveRwLockWriteGuard,
    MappedRecursiveRwLockReadGuard,
    MappedRecursiveRwLockWriteGuard,
    AccessKind::RecursiveRead
);
