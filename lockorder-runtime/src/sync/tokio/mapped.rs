//! Projections of the tokio guards: `map` / `try_map` to a part of the
//! locked data, and a write guard's `downgrade` / `downgrade_map` to a
//! read guard, as tokio has them. A projected guard is the same hold (the
//! same held-set entry and clock): the lock is still held, only the data
//! it gives access to is narrower. A downgrade keeps the hold too, but
//! from then on the lock counts as read (a second `read()` of it by the
//! same task can wait behind a queued writer: reported).

use super::{MutexGuard, RwLockReadGuard, RwLockWriteGuard};
use crate::model::AccessKind;
use crate::sync::hold::Hold;

/// A [`MutexGuard`] mapped to a part of the data ([`MutexGuard::map`]).
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MappedMutexGuard<'a, T: ?Sized> {
    inner: ::tokio::sync::MappedMutexGuard<'a, T>,
    _hold: Hold<'a>,
}

/// A [`RwLockWriteGuard`] mapped to a part of the data
/// ([`RwLockWriteGuard::map`]).
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockMappedWriteGuard<'a, T: ?Sized> {
    inner: ::tokio::sync::RwLockMappedWriteGuard<'a, T>,
    _hold: Hold<'a>,
}

guard_deref!(MappedMutexGuard, deref_mut);
guard_deref!(RwLockMappedWriteGuard, deref_mut);

/// `map` and `try_map` of a guard whose projection is `$out`, through
/// tokio's function of the same name on `$tokio`; `$f` is the closure's
/// type, as a function of the part type `$u` (bounded as tokio bounds it:
/// a mutex's part is sized).
macro_rules! projections {
    ($guard:ident => $out:ident, $tokio:ty, |$u:ident: ($($b:tt)*)| ($($f:tt)*), ($($opt:tt)*)) => {
        impl<'a, T: ?Sized> $guard<'a, T> {
            /// Narrows the guard to a part of the data; the lock stays held
            /// (the same hold, timed to the projected guard's release).
            pub fn map<$u: $($b)*, F>(this: Self, f: F) -> $out<'a, $u>
            where
                F: $($f)*,
            {
                let $guard { inner, _hold } = this;
                $out {
                    inner: <$tokio>::map(inner, f),
                    _hold,
                }
            }

            /// [`map`](Self::map) when `f` finds the part; else the guard
            /// back, still held.
            pub fn try_map<$u: $($b)*, F>(this: Self, f: F) -> Result<$out<'a, $u>, Self>
            where
                F: $($opt)*,
            {
                let $guard { inner, _hold } = this;
                match <$tokio>::try_map(inner, f) {
                    Ok(inner) => Ok($out { inner, _hold }),
                    Err(inner) => Err($guard { inner, _hold }),
                }
            }
        }
    };
}

projections!(
    MutexGuard => MappedMutexGuard,
    ::tokio::sync::MutexGuard<'a, T>,
    |U: (Sized)| (FnOnce(&mut T) -> &mut U),
    (FnOnce(&mut T) -> Option<&mut U>)
);
projections!(
    MappedMutexGuard => MappedMutexGuard,
    ::tokio::sync::MappedMutexGuard<'a, T>,
    |U: (Sized)| (FnOnce(&mut T) -> &mut U),
    (FnOnce(&mut T) -> Option<&mut U>)
);
projections!(
    RwLockReadGuard => RwLockReadGuard,
    ::tokio::sync::RwLockReadGuard<'a, T>,
    |U: (?Sized)| (FnOnce(&T) -> &U),
    (FnOnce(&T) -> Option<&U>)
);
projections!(
    RwLockWriteGuard => RwLockMappedWriteGuard,
    ::tokio::sync::RwLockWriteGuard<'a, T>,
    |U: (?Sized)| (FnOnce(&mut T) -> &mut U),
    (FnOnce(&mut T) -> Option<&mut U>)
);
projections!(
    RwLockMappedWriteGuard => RwLockMappedWriteGuard,
    ::tokio::sync::RwLockMappedWriteGuard<'a, T>,
    |U: (?Sized)| (FnOnce(&mut T) -> &mut U),
    (FnOnce(&mut T) -> Option<&mut U>)
);

impl<'a, T: ?Sized> RwLockWriteGuard<'a, T> {
    /// Turns the write into a read without letting a writer in between
    /// (as tokio's); the hold goes on, as a read.
    pub fn downgrade(self) -> RwLockReadGuard<'a, T> {
        let RwLockWriteGuard { inner, mut _hold } = self;
        _hold.set_kind(AccessKind::Read);
        RwLockReadGuard {
            inner: inner.downgrade(),
            _hold,
        }
    }

    /// [`downgrade`](Self::downgrade) to a part of the data.
    pub fn downgrade_map<U: ?Sized, F>(this: Self, f: F) -> RwLockReadGuard<'a, U>
    where
        F: FnOnce(&T) -> &U,
    {
        let RwLockWriteGuard { inner, mut _hold } = this;
        _hold.set_kind(AccessKind::Read);
        RwLockReadGuard {
            inner: ::tokio::sync::RwLockWriteGuard::downgrade_map(inner, f),
            _hold,
        }
    }

    /// The whole data as a mapped write guard (as tokio's `into_mapped`).
    pub fn into_mapped(this: Self) -> RwLockMappedWriteGuard<'a, T> {
        let RwLockWriteGuard { inner, _hold } = this;
        RwLockMappedWriteGuard {
            inner: ::tokio::sync::RwLockWriteGuard::into_mapped(inner),
            _hold,
        }
    }
}
