//! Guards over `tokio::sync::Mutex` and `tokio::sync::RwLock` (feature
//! `tokio`).
//!
//! A tokio task may resume on another worker thread after every `.await`,
//! so its held set must belong to the task: run tasks that take these locks
//! through [`crate::spawn`] (or wrap their future in [`crate::instrument`]).
//! Locks taken on a tokio task that is not wrapped are timed but not
//! checked, and a one-time warning says so. Outside any task (`block_on`,
//! `#[tokio::test]`'s body) the thread's held set is used, which is correct
//! because such a future never changes threads.
//!
//! tokio's RwLock is fair (first in, first out): a second `read()` of a lock
//! the task already reads waits behind any queued writer, and is reported
//! as a double lock.
//!
//! Owned guards (`lock_owned`, `read_owned`, `write_owned` on an `Arc` of
//! the lock, `T: 'static`) may be released by another task: their
//! acquisition is checked and their hold timed, but they are in no held
//! set once acquired, so no order is learned from them (lockdep's
//! "non-owner" locks); see [`OwnedMutexGuard`].
//!
//! Guards have tokio's projections (`map`, `try_map`, and for write guards
//! `downgrade`, `downgrade_map`, `into_mapped`), owned ones too: a
//! projected guard is the same hold, and a downgraded one is held as a
//! read from then on.

use super::common::{Acquisition, Meta, lock_builders, lock_constructors};
use super::hold::Hold;
use crate::class::{Class, LockClass};
use crate::event::TARGET;
use crate::model::AccessKind;
use core::future::Future;
use core::panic::Location;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

pub use ::tokio::sync::TryLockError;

mod mapped;
mod owned;
pub use mapped::{MappedMutexGuard, RwLockMappedWriteGuard};
pub use owned::{
    OwnedMappedMutexGuard, OwnedMutexGuard, OwnedRwLockMappedWriteGuard, OwnedRwLockReadGuard,
    OwnedRwLockWriteGuard,
};

static WARNED: AtomicBool = AtomicBool::new(false);

/// Checks an acquisition when the current held set belongs to the caller
/// (a wrapped task, or no task at all).
fn hold<'a>(
    meta: &'a Meta,
    acq: Option<Acquisition>,
    instance: usize,
    kind: AccessKind,
    tried: bool,
    site: &'static Location<'static>,
) -> Hold<'a> {
    // With checking compiled out nothing is tracked anyway: no need to ask
    // tokio which task this is.
    if crate::check::COMPILED_IN
        && ::tokio::task::try_id().is_some()
        && !crate::held::in_task_context()
    {
        if !WARNED.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                target: TARGET,
                "lockorder: a tokio lock was taken at {site} on a task not started with \
                 lockorder::spawn / lockorder::instrument; such locks are timed but not \
                 order-checked"
            );
        }
        let h = Hold::untracked(meta, acq, site);
        return if tried { h.started() } else { h };
    }
    if tried {
        Hold::tried(meta, acq, instance, kind, site)
    } else {
        Hold::check(meta, acq, instance, kind, true, site)
    }
}

/// A `tokio::sync::Mutex` with a lock class, run-time order checking (per
/// task) and hold timing.
pub struct Mutex<T: ?Sized> {
    meta: Meta,
    inner: ::tokio::sync::Mutex<T>,
}

/// The guard of a [`Mutex`].
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MutexGuard<'a, T: ?Sized> {
    inner: ::tokio::sync::MutexGuard<'a, T>,
    _hold: Hold<'a>,
}

impl<T> Mutex<T> {
    lock_constructors!(::tokio::sync::Mutex::new, const ::tokio::sync::Mutex::const_new);

    lock_builders!();

    /// Consumes the mutex, returning the data.
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    /// The lock's class.
    pub fn class(&self) -> Class {
        self.meta.class.get()
    }

    fn instance(&self) -> usize {
        (&raw const self.inner).cast::<u8>() as usize
    }

    /// Acquires the mutex. The order check runs when this is called (before
    /// waiting), against the current task's held set.
    #[track_caller]
    pub fn lock(&self) -> impl Future<Output = MutexGuard<'_, T>> + '_ {
        self.lock_inner(None, Location::caller())
    }

    /// [`lock`](Self::lock) with per-acquisition overrides.
    #[track_caller]
    pub fn lock_with(&self, acq: Acquisition) -> impl Future<Output = MutexGuard<'_, T>> + '_ {
        self.lock_inner(Some(acq), Location::caller())
    }

    fn lock_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> impl Future<Output = MutexGuard<'_, T>> + '_ {
        let h = hold(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Exclusive,
            false,
            site,
        );
        async move {
            let inner = self.inner.lock().await;
            MutexGuard {
                inner,
                _hold: h.started(),
            }
        }
    }

    /// Acquires the mutex from synchronous code, blocking the thread (as
    /// tokio's `blocking_lock`, which panics inside an async context);
    /// checked against the thread's held set.
    #[track_caller]
    pub fn blocking_lock(&self) -> MutexGuard<'_, T> {
        let h = hold(
            &self.meta,
            None,
            self.instance(),
            AccessKind::Exclusive,
            false,
            Location::caller(),
        );
        let inner = self.inner.blocking_lock();
        MutexGuard {
            inner,
            _hold: h.started(),
        }
    }

    /// Attempts to acquire without waiting (no edge into this lock).
    #[track_caller]
    pub fn try_lock(&self) -> Result<MutexGuard<'_, T>, TryLockError> {
        let site = Location::caller();
        let inner = self.inner.try_lock()?;
        Ok(MutexGuard {
            inner,
            _hold: hold(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Exclusive,
                true,
                site,
            ),
        })
    }

    /// Mutable access without locking.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex")
            .field("class", &self.meta.class.name())
            .field("inner", &&self.inner)
            .finish()
    }
}

guard_deref!(MutexGuard, deref_mut);

/// A `tokio::sync::RwLock` (fair) with a lock class, run-time order checking
/// (per task) and hold timing.
pub struct RwLock<T: ?Sized> {
    meta: Meta,
    inner: ::tokio::sync::RwLock<T>,
}

/// Shared guard of a [`RwLock`].
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockReadGuard<'a, T: ?Sized> {
    inner: ::tokio::sync::RwLockReadGuard<'a, T>,
    _hold: Hold<'a>,
}

/// Exclusive guard of a [`RwLock`].
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockWriteGuard<'a, T: ?Sized> {
    inner: ::tokio::sync::RwLockWriteGuard<'a, T>,
    _hold: Hold<'a>,
}

impl<T> RwLock<T> {
    lock_constructors!(::tokio::sync::RwLock::new, const ::tokio::sync::RwLock::const_new);

    lock_builders!();

    /// Consumes the lock, returning the data.
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> RwLock<T> {
    /// The lock's class.
    pub fn class(&self) -> Class {
        self.meta.class.get()
    }

    fn instance(&self) -> usize {
        (&raw const self.inner).cast::<u8>() as usize
    }

    /// Shared access; waits behind queued writers (fair).
    #[track_caller]
    pub fn read(&self) -> impl Future<Output = RwLockReadGuard<'_, T>> + '_ {
        self.read_inner(None, Location::caller())
    }

    /// [`read`](Self::read) with per-acquisition overrides.
    #[track_caller]
    pub fn read_with(&self, acq: Acquisition) -> impl Future<Output = RwLockReadGuard<'_, T>> + '_ {
        self.read_inner(Some(acq), Location::caller())
    }

    fn read_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> impl Future<Output = RwLockReadGuard<'_, T>> + '_ {
        let h = hold(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Read,
            false,
            site,
        );
        async move {
            let inner = self.inner.read().await;
            RwLockReadGuard {
                inner,
                _hold: h.started(),
            }
        }
    }

    /// Exclusive access.
    #[track_caller]
    pub fn write(&self) -> impl Future<Output = RwLockWriteGuard<'_, T>> + '_ {
        self.write_inner(None, Location::caller())
    }

    /// [`write`](Self::write) with per-acquisition overrides.
    #[track_caller]
    pub fn write_with(
        &self,
        acq: Acquisition,
    ) -> impl Future<Output = RwLockWriteGuard<'_, T>> + '_ {
        self.write_inner(Some(acq), Location::caller())
    }

    fn write_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> impl Future<Output = RwLockWriteGuard<'_, T>> + '_ {
        let h = hold(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Exclusive,
            false,
            site,
        );
        async move {
            let inner = self.inner.write().await;
            RwLockWriteGuard {
                inner,
                _hold: h.started(),
            }
        }
    }

    /// Shared access from synchronous code, blocking the thread (as
    /// tokio's `blocking_read`); checked against the thread's held set.
    #[track_caller]
    pub fn blocking_read(&self) -> RwLockReadGuard<'_, T> {
        let h = hold(
            &self.meta,
            None,
            self.instance(),
            AccessKind::Read,
            false,
            Location::caller(),
        );
        let inner = self.inner.blocking_read();
        RwLockReadGuard {
            inner,
            _hold: h.started(),
        }
    }

    /// Exclusive access from synchronous code, blocking the thread (as
    /// tokio's `blocking_write`); checked against the thread's held set.
    #[track_caller]
    pub fn blocking_write(&self) -> RwLockWriteGuard<'_, T> {
        let h = hold(
            &self.meta,
            None,
            self.instance(),
            AccessKind::Exclusive,
            false,
            Location::caller(),
        );
        let inner = self.inner.blocking_write();
        RwLockWriteGuard {
            inner,
            _hold: h.started(),
        }
    }

    /// Shared access without waiting (no edge into this lock).
    #[track_caller]
    pub fn try_read(&self) -> Result<RwLockReadGuard<'_, T>, TryLockError> {
        let site = Location::caller();
        let inner = self.inner.try_read()?;
        Ok(RwLockReadGuard {
            inner,
            _hold: hold(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Read,
                true,
                site,
            ),
        })
    }

    /// Exclusive access without waiting (no edge into this lock).
    #[track_caller]
    pub fn try_write(&self) -> Result<RwLockWriteGuard<'_, T>, TryLockError> {
        let site = Location::caller();
        let inner = self.inner.try_write()?;
        Ok(RwLockWriteGuard {
            inner,
            _hold: hold(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Exclusive,
                true,
                site,
            ),
        })
    }

    /// Mutable access without locking.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RwLock")
            .field("class", &self.meta.class.name())
            .finish_non_exhaustive()
    }
}

guard_deref!(RwLockReadGuard);
guard_deref!(RwLockWriteGuard, deref_mut);
