//! Owned guards of the tokio locks (`lock_owned`, `read_owned`,
//! `write_owned` and their `try_` forms on an `Arc` of the lock).
//!
//! An owned guard is made to be moved: into a spawned task, a struct, a
//! channel. Its release may happen on any task or thread, so it cannot stay
//! in the held set of the task that took it (that task would go on "holding"
//! it, and every lock it took later would look ordered after it). Owned
//! guards are therefore *non-owner* holds, as lockdep treats the kernel's
//! `down_read_non_owner`: the acquisition is checked like any other
//! (against the locks the acquiring task holds: order, cycle, double lock)
//! and the hold is timed and reported as `lock_released` wherever it ends,
//! but once acquired it is in no held set, so no edge is learned *from* it.

use super::{Mutex, RwLock, TryLockError, hold};
use crate::model::AccessKind;
use crate::sync::common::Meta;
use crate::sync::hold::{Hold, Relock};
use core::future::Future;
use core::panic::Location;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// The lock behind `arc`, with its lifetime erased.
///
/// # Safety
///
/// The caller keeps `arc` (or a clone) alive for as long as the reference
/// or anything borrowed through it is used, drops `arc` after all of them,
/// and never hands the `'static` reference out (the guards only lend `&T`
/// for as long as they are borrowed).
unsafe fn behind<L: ?Sized>(arc: &Arc<L>) -> &'static L {
    // SAFETY: an `Arc`'s allocation does not move and lives while any clone
    // does; the caller keeps one alive for as long as the reference is used
    // (see above).
    unsafe { &*Arc::as_ptr(arc) }
}

/// Takes `lock` for an owned guard, waiting with `acquire`: checked first
/// (when this future is first polled), timed from the acquisition, and in
/// no held set afterwards. Returns the wrapped guard, the hold and the
/// `Arc`, which the owned guard must declare in that order (so that it
/// drops the `Arc` last).
async fn take_owned<L, G, F>(
    lock: Arc<L>,
    kind: AccessKind,
    site: &'static Location<'static>,
    acquire: impl FnOnce(&'static L) -> F,
) -> (G, Hold<'static>, Arc<L>)
where
    L: Relock + ?Sized + 'static,
    F: Future<Output = G>,
{
    // SAFETY: `lock`, a parameter, is dropped after `h` and a pending
    // acquisition (locals), and is returned for the guard's last field.
    let this = unsafe { behind(&lock) };
    let h = hold(this.meta(), None, this.instance(), kind, false, site);
    let inner = acquire(this).await;
    (inner, h.started().detached(), lock)
}

/// [`take_owned`] without waiting: `try_acquire` takes the lock or fails
/// (a tried acquisition adds no edge into the lock).
fn try_take_owned<L, G>(
    lock: Arc<L>,
    kind: AccessKind,
    site: &'static Location<'static>,
    try_acquire: impl FnOnce(&'static L) -> Result<G, TryLockError>,
) -> Result<(G, Hold<'static>, Arc<L>), TryLockError>
where
    L: Relock + ?Sized + 'static,
{
    // SAFETY: `lock`, a parameter, is dropped after the locals borrowing
    // through `this`, and is returned for the guard's last field.
    let this = unsafe { behind(&lock) };
    let inner = try_acquire(this)?;
    let h = hold(this.meta(), None, this.instance(), kind, true, site);
    Ok((inner, h.detached(), lock))
}

impl<T: ?Sized> Relock for Mutex<T> {
    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn instance(&self) -> usize {
        Mutex::instance(self)
    }
}

impl<T: ?Sized> Relock for RwLock<T> {
    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn instance(&self) -> usize {
        RwLock::instance(self)
    }
}

/// An owned guard of a [`Mutex`] (from [`Mutex::lock_owned`]): keeps the
/// lock alive and may be moved to, and released by, another task.
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct OwnedMutexGuard<T: ?Sized + 'static> {
    // Dropped in this order: the lock is released, the hold reported, then
    // the `Arc` let go.
    inner: ::tokio::sync::MutexGuard<'static, T>,
    _hold: Hold<'static>,
    lock: Arc<Mutex<T>>,
}

impl<T: ?Sized + 'static> OwnedMutexGuard<T> {
    /// The mutex this guard holds.
    pub fn mutex(&self) -> &Arc<Mutex<T>> {
        &self.lock
    }
}

impl<T: ?Sized + 'static> Mutex<T> {
    /// Acquires the mutex through an `Arc`, returning a guard that keeps it
    /// alive and may be released by another task. Checked when first
    /// polled (before waiting) against the polling task's held set; the
    /// guard itself is in no held set (see the module notes).
    #[track_caller]
    pub fn lock_owned(self: Arc<Self>) -> impl Future<Output = OwnedMutexGuard<T>> {
        let site = Location::caller();
        async move {
            let (inner, _hold, lock) =
                take_owned(self, AccessKind::Exclusive, site, |l| l.inner.lock()).await;
            OwnedMutexGuard { inner, _hold, lock }
        }
    }

    /// [`lock_owned`](Self::lock_owned) without waiting (no edge into this
    /// lock).
    #[track_caller]
    pub fn try_lock_owned(self: Arc<Self>) -> Result<OwnedMutexGuard<T>, TryLockError> {
        let site = Location::caller();
        let (inner, _hold, lock) =
            try_take_owned(self, AccessKind::Exclusive, site, |l| l.inner.try_lock())?;
        Ok(OwnedMutexGuard { inner, _hold, lock })
    }
}

/// An owned shared guard of a [`RwLock`] (from [`RwLock::read_owned`]),
/// giving access to a `U` inside the `T` once mapped (as tokio's).
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct OwnedRwLockReadGuard<T: ?Sized + 'static, U: ?Sized + 'static = T> {
    // Dropped in this order (see `OwnedMutexGuard`).
    inner: ::tokio::sync::RwLockReadGuard<'static, U>,
    _hold: Hold<'static>,
    lock: Arc<RwLock<T>>,
}

/// An owned exclusive guard of a [`RwLock`] (from
/// [`RwLock::write_owned`]).
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct OwnedRwLockWriteGuard<T: ?Sized + 'static> {
    // Dropped in this order (see `OwnedMutexGuard`).
    inner: ::tokio::sync::RwLockWriteGuard<'static, T>,
    _hold: Hold<'static>,
    lock: Arc<RwLock<T>>,
}

impl<T: ?Sized + 'static, U: ?Sized + 'static> OwnedRwLockReadGuard<T, U> {
    /// The lock this guard holds.
    pub fn rwlock(&self) -> &Arc<RwLock<T>> {
        &self.lock
    }
}

impl<T: ?Sized + 'static> OwnedRwLockWriteGuard<T> {
    /// The lock this guard holds.
    pub fn rwlock(&self) -> &Arc<RwLock<T>> {
        &self.lock
    }

    /// Turns the write into a read without letting the lock go (as
    /// tokio's). The hold goes on, timed from the write.
    pub fn downgrade(self) -> OwnedRwLockReadGuard<T> {
        let OwnedRwLockWriteGuard { inner, _hold, lock } = self;
        OwnedRwLockReadGuard {
            inner: inner.downgrade(),
            _hold,
            lock,
        }
    }

    /// [`downgrade`](Self::downgrade) to a part of the data.
    pub fn downgrade_map<V: ?Sized + 'static, F>(this: Self, f: F) -> OwnedRwLockReadGuard<T, V>
    where
        F: FnOnce(&T) -> &V,
    {
        let OwnedRwLockWriteGuard { inner, _hold, lock } = this;
        OwnedRwLockReadGuard {
            inner: ::tokio::sync::RwLockWriteGuard::downgrade_map(inner, f),
            _hold,
            lock,
        }
    }

    /// The whole data as a mapped write guard (as tokio's `into_mapped`).
    pub fn into_mapped(this: Self) -> OwnedRwLockMappedWriteGuard<T, T> {
        let OwnedRwLockWriteGuard { inner, _hold, lock } = this;
        OwnedRwLockMappedWriteGuard {
            inner: ::tokio::sync::RwLockWriteGuard::into_mapped(inner),
            _hold,
            lock,
        }
    }
}

impl<T: ?Sized + 'static> RwLock<T> {
    /// Shared access through an `Arc`, returning a guard that keeps the
    /// lock alive and may be released by another task; waits behind queued
    /// writers (fair). Checked when first polled; the guard is in no held
    /// set.
    #[track_caller]
    pub fn read_owned(self: Arc<Self>) -> impl Future<Output = OwnedRwLockReadGuard<T>> {
        let site = Location::caller();
        async move {
            let (inner, _hold, lock) =
                take_owned(self, AccessKind::Read, site, |l| l.inner.read()).await;
            OwnedRwLockReadGuard { inner, _hold, lock }
        }
    }

    /// Exclusive access through an `Arc` (see
    /// [`read_owned`](Self::read_owned)).
    #[track_caller]
    pub fn write_owned(self: Arc<Self>) -> impl Future<Output = OwnedRwLockWriteGuard<T>> {
        let site = Location::caller();
        async move {
            let (inner, _hold, lock) =
                take_owned(self, AccessKind::Exclusive, site, |l| l.inner.write()).await;
            OwnedRwLockWriteGuard { inner, _hold, lock }
        }
    }

    /// [`read_owned`](Self::read_owned) without waiting (no edge into this
    /// lock).
    #[track_caller]
    pub fn try_read_owned(self: Arc<Self>) -> Result<OwnedRwLockReadGuard<T>, TryLockError> {
        let site = Location::caller();
        let (inner, _hold, lock) =
            try_take_owned(self, AccessKind::Read, site, |l| l.inner.try_read())?;
        Ok(OwnedRwLockReadGuard { inner, _hold, lock })
    }

    /// [`write_owned`](Self::write_owned) without waiting (no edge into
    /// this lock).
    #[track_caller]
    pub fn try_write_owned(self: Arc<Self>) -> Result<OwnedRwLockWriteGuard<T>, TryLockError> {
        let site = Location::caller();
        let (inner, _hold, lock) =
            try_take_owned(self, AccessKind::Exclusive, site, |l| l.inner.try_write())?;
        Ok(OwnedRwLockWriteGuard { inner, _hold, lock })
    }
}

/// `Deref` (and `DerefMut` for the exclusive guards, `mut`) and `Debug`
/// of the owned guards, through the wrapped guard: to the `T` of a guard
/// of a lock of `T`, to the `U` of a mapped one.
macro_rules! owned_deref {
    ([$($g:ident),*] $guard:ty => $target:ident) => {
        impl<$($g: ?Sized + 'static),*> Deref for $guard {
            type Target = $target;
            fn deref(&self) -> &$target {
                &self.inner
            }
        }

        impl<$($g: ?Sized + 'static),*> fmt::Debug for $guard
        where
            $target: fmt::Debug,
        {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }
    };
    ([$($g:ident),*] $guard:ty => $target:ident, mut) => {
        owned_deref!([$($g),*] $guard => $target);

        impl<$($g: ?Sized + 'static),*> DerefMut for $guard {
            fn deref_mut(&mut self) -> &mut $target {
                &mut self.inner
            }
        }
    };
}

owned_deref!([T] OwnedMutexGuard<T> => T, mut);
owned_deref!([T, U] OwnedRwLockReadGuard<T, U> => U);
owned_deref!([T] OwnedRwLockWriteGuard<T> => T, mut);
owned_deref!([T, U] OwnedMappedMutexGuard<T, U> => U, mut);
owned_deref!([T, U] OwnedRwLockMappedWriteGuard<T, U> => U, mut);

/// A mapped [`OwnedMutexGuard`] ([`OwnedMutexGuard::map`]): keeps the
/// mutex of `T` alive and held, giving access to a `U` inside it.
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct OwnedMappedMutexGuard<T: ?Sized + 'static, U: ?Sized + 'static = T> {
    // Dropped in this order (see `OwnedMutexGuard`).
    inner: ::tokio::sync::MappedMutexGuard<'static, U>,
    _hold: Hold<'static>,
    lock: Arc<Mutex<T>>,
}

/// A mapped [`OwnedRwLockWriteGuard`] ([`OwnedRwLockWriteGuard::map`]):
/// keeps the lock of `T` alive and held for writing, giving access to a
/// `U` inside it.
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct OwnedRwLockMappedWriteGuard<T: ?Sized + 'static, U: ?Sized + 'static = T> {
    // Dropped in this order (see `OwnedMutexGuard`).
    inner: ::tokio::sync::RwLockMappedWriteGuard<'static, U>,
    _hold: Hold<'static>,
    lock: Arc<RwLock<T>>,
}

/// `map` and `try_map` of an owned guard (`$guard<T>` or `$guard<T, U>`)
/// whose projection is `$out<T, V>`, through tokio's function of the same
/// name on the wrapped guard type `$tokio` (`V` bounded as tokio bounds
/// it: a mutex's part is sized). The lock stays held by the
/// same (detached, timed) hold, and the `Arc` moves along, still the last
/// field dropped.
macro_rules! owned_projections {
    (
        $guard:ident<T $(, $u:ident)?> => $out:ident, $tokio:ty, V: ($($b:tt)*),
        ($($f:tt)*), ($($opt:tt)*)
    ) => {
        impl<T: ?Sized + 'static $(, $u: ?Sized + 'static)?> $guard<T $(, $u)?> {
            /// Narrows the guard to a part of the data; the lock stays
            /// held (the same hold, timed to the mapped guard's release).
            pub fn map<V: $($b)*, F>(this: Self, f: F) -> $out<T, V>
            where
                F: $($f)*,
            {
                let $guard { inner, _hold, lock } = this;
                $out {
                    inner: <$tokio>::map(inner, f),
                    _hold,
                    lock,
                }
            }

            /// [`map`](Self::map) when `f` finds the part; else the guard
            /// back, still held.
            pub fn try_map<V: $($b)*, F>(this: Self, f: F) -> Result<$out<T, V>, Self>
            where
                F: $($opt)*,
            {
                let $guard { inner, _hold, lock } = this;
                match <$tokio>::try_map(inner, f) {
                    Ok(inner) => Ok($out { inner, _hold, lock }),
                    Err(inner) => Err($guard { inner, _hold, lock }),
                }
            }
        }
    };
}

owned_projections!(
    OwnedMutexGuard<T> => OwnedMappedMutexGuard,
    ::tokio::sync::MutexGuard<'static, T>, V: ('static),
    (FnOnce(&mut T) -> &mut V), (FnOnce(&mut T) -> Option<&mut V>)
);
owned_projections!(
    OwnedMappedMutexGuard<T, U> => OwnedMappedMutexGuard,
    ::tokio::sync::MappedMutexGuard<'static, U>, V: ('static),
    (FnOnce(&mut U) -> &mut V), (FnOnce(&mut U) -> Option<&mut V>)
);
owned_projections!(
    OwnedRwLockReadGuard<T, U> => OwnedRwLockReadGuard,
    ::tokio::sync::RwLockReadGuard<'static, U>, V: (?Sized + 'static),
    (FnOnce(&U) -> &V), (FnOnce(&U) -> Option<&V>)
);
owned_projections!(
    OwnedRwLockWriteGuard<T> => OwnedRwLockMappedWriteGuard,
    ::tokio::sync::RwLockWriteGuard<'static, T>, V: (?Sized + 'static),
    (FnOnce(&mut T) -> &mut V), (FnOnce(&mut T) -> Option<&mut V>)
);
owned_projections!(
    OwnedRwLockMappedWriteGuard<T, U> => OwnedRwLockMappedWriteGuard,
    ::tokio::sync::RwLockMappedWriteGuard<'static, U>, V: (?Sized + 'static),
    (FnOnce(&mut U) -> &mut V), (FnOnce(&mut U) -> Option<&mut V>)
);

impl<T: ?Sized + 'static, U: ?Sized + 'static> OwnedMappedMutexGuard<T, U> {
    /// The mutex this guard holds.
    pub fn mutex(&self) -> &Arc<Mutex<T>> {
        &self.lock
    }
}

impl<T: ?Sized + 'static, U: ?Sized + 'static> OwnedRwLockMappedWriteGuard<T, U> {
    /// The lock this guard holds.
    pub fn rwlock(&self) -> &Arc<RwLock<T>> {
        &self.lock
    }
}
