//! Guards over `std::sync::Mutex` and `std::sync::RwLock`.
//!
//! `std`'s RwLock may or may not let a reader in while a writer waits,
//! depending on the platform (it does not on Linux since Rust 1.62's futex
//! implementation, which prefers waiting writers). lockorder treats it as
//! fair: a second `read()` of the same lock on one thread is reported as a
//! double lock.

use super::common::{Acquisition, Meta, lock_builders, lock_constructors};
use super::hold::{Back, Relock, Slim, back};
use crate::class::{Class, LockClass};
use crate::model::AccessKind;
use core::panic::Location;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

/// A `std::sync::Mutex` with a lock class, run-time order checking and
/// hold timing.
pub struct Mutex<T: ?Sized> {
    meta: Meta,
    inner: std::sync::Mutex<T>,
}

/// The guard of a [`Mutex`]; releasing it is reported as `lock_released`.
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MutexGuard<'a, T: ?Sized> {
    pub(super) inner: std::sync::MutexGuard<'a, T>,
    pub(super) hold: Slim<'a>,
    /// The lock, for a [`Condvar`](super::Condvar) wait to take it again.
    pub(super) lock: Back<'a, Mutex<T>>,
}

/// Splits a lock result into the guard and whether the lock was poisoned.
#[inline(always)]
pub(super) fn split<G>(r: LockResult<G>) -> (G, bool) {
    match r {
        Ok(g) => (g, false),
        Err(p) => (p.into_inner(), true),
    }
}

/// Rebuilds a lock result around our guard.
#[inline(always)]
pub(super) fn rejoin<G>(guard: G, poisoned: bool) -> LockResult<G> {
    if poisoned {
        Err(PoisonError::new(guard))
    } else {
        Ok(guard)
    }
}

impl<T> Mutex<T> {
    lock_constructors!(const std::sync::Mutex::new);

    lock_builders!();

    /// Consumes the mutex, returning the data.
    pub fn into_inner(self) -> LockResult<T> {
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

    /// Acquires the mutex, blocking; checked against the locks held.
    #[track_caller]
    #[inline(always)]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.lock_inner(None, Location::caller())
    }

    /// [`lock`](Self::lock) with per-acquisition pipeline, entity id or
    /// caller.
    #[track_caller]
    pub fn lock_with(&self, acq: Acquisition) -> LockResult<MutexGuard<'_, T>> {
        self.lock_inner(Some(acq), Location::caller())
    }

    #[inline(always)]
    fn lock_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> LockResult<MutexGuard<'_, T>> {
        let hold = Slim::check(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Exclusive,
            true,
            site,
        );
        let (inner, poisoned) = split(self.inner.lock());
        rejoin(
            MutexGuard {
                inner,
                hold: hold.started(),
                lock: back(self),
            },
            poisoned,
        )
    }

    /// Attempts to acquire without blocking. Adds no order edge into this
    /// lock; once held, edges out of it are learned as usual.
    #[track_caller]
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let site = Location::caller();
        let wrap = |inner| MutexGuard {
            inner,
            hold: Slim::tried(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Exclusive,
                site,
            ),
            lock: back(self),
        };
        match self.inner.try_lock() {
            Ok(g) => Ok(wrap(g)),
            Err(TryLockError::Poisoned(p)) => Err(TryLockError::Poisoned(PoisonError::new(wrap(
                p.into_inner(),
            )))),
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
        }
    }

    /// Mutable access without locking.
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    /// `true` when a holder panicked.
    pub fn is_poisoned(&self) -> bool {
        self.inner.is_poisoned()
    }

    /// Clears the poisoned state (as std's `clear_poison`).
    pub fn clear_poison(&self) {
        self.inner.clear_poison();
    }
}

impl<T: ?Sized> Relock for Mutex<T> {
    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn instance(&self) -> usize {
        Mutex::instance(self)
    }
}

impl<T: Default> Default for Mutex<T> {
    #[track_caller]
    fn default() -> Self {
        Mutex::new(T::default())
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

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// A `std::sync::RwLock` with a lock class, run-time order checking and
/// hold timing. Treated as fair (see the module docs).
pub struct RwLock<T: ?Sized> {
    meta: Meta,
    inner: std::sync::RwLock<T>,
}

/// Shared guard of a [`RwLock`].
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockReadGuard<'a, T: ?Sized> {
    inner: std::sync::RwLockReadGuard<'a, T>,
    _hold: Slim<'a>,
}

/// Exclusive guard of a [`RwLock`].
#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockWriteGuard<'a, T: ?Sized> {
    inner: std::sync::RwLockWriteGuard<'a, T>,
    _hold: Slim<'a>,
}

impl<T> RwLock<T> {
    lock_constructors!(const std::sync::RwLock::new);

    lock_builders!();

    /// Consumes the lock, returning the data.
    pub fn into_inner(self) -> LockResult<T> {
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

    /// Shared access, blocking.
    #[track_caller]
    #[inline]
    pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
        self.read_inner(None, Location::caller())
    }

    /// [`read`](Self::read) with per-acquisition overrides.
    #[track_caller]
    pub fn read_with(&self, acq: Acquisition) -> LockResult<RwLockReadGuard<'_, T>> {
        self.read_inner(Some(acq), Location::caller())
    }

    #[inline(always)]
    fn read_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> LockResult<RwLockReadGuard<'_, T>> {
        let hold = Slim::check(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Read,
            true,
            site,
        );
        let (inner, poisoned) = split(self.inner.read());
        rejoin(
            RwLockReadGuard {
                inner,
                _hold: hold.started(),
            },
            poisoned,
        )
    }

    /// Exclusive access, blocking.
    #[track_caller]
    #[inline]
    pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
        self.write_inner(None, Location::caller())
    }

    /// [`write`](Self::write) with per-acquisition overrides.
    #[track_caller]
    pub fn write_with(&self, acq: Acquisition) -> LockResult<RwLockWriteGuard<'_, T>> {
        self.write_inner(Some(acq), Location::caller())
    }

    #[inline(always)]
    fn write_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> LockResult<RwLockWriteGuard<'_, T>> {
        let hold = Slim::check(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Exclusive,
            true,
            site,
        );
        let (inner, poisoned) = split(self.inner.write());
        rejoin(
            RwLockWriteGuard {
                inner,
                _hold: hold.started(),
            },
            poisoned,
        )
    }

    /// Shared access without blocking (no edge into this lock).
    #[track_caller]
    pub fn try_read(&self) -> TryLockResult<RwLockReadGuard<'_, T>> {
        let site = Location::caller();
        let wrap = |inner| RwLockReadGuard {
            inner,
            _hold: Slim::tried(&self.meta, None, self.instance(), AccessKind::Read, site),
        };
        match self.inner.try_read() {
            Ok(g) => Ok(wrap(g)),
            Err(TryLockError::Poisoned(p)) => Err(TryLockError::Poisoned(PoisonError::new(wrap(
                p.into_inner(),
            )))),
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
        }
    }

    /// Exclusive access without blocking (no edge into this lock).
    #[track_caller]
    pub fn try_write(&self) -> TryLockResult<RwLockWriteGuard<'_, T>> {
        let site = Location::caller();
        let wrap = |inner| RwLockWriteGuard {
            inner,
            _hold: Slim::tried(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Exclusive,
                site,
            ),
        };
        match self.inner.try_write() {
            Ok(g) => Ok(wrap(g)),
            Err(TryLockError::Poisoned(p)) => Err(TryLockError::Poisoned(PoisonError::new(wrap(
                p.into_inner(),
            )))),
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
        }
    }

    /// Mutable access without locking.
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    /// `true` when a writer panicked.
    pub fn is_poisoned(&self) -> bool {
        self.inner.is_poisoned()
    }

    /// Clears the poisoned state (as std's `clear_poison`).
    pub fn clear_poison(&self) {
        self.inner.clear_poison();
    }
}

impl<T: Default> Default for RwLock<T> {
    #[track_caller]
    fn default() -> Self {
        RwLock::new(T::default())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RwLock")
            .field("class", &self.meta.class.name())
            .field("inner", &&self.inner)
            .finish()
    }
}

impl<T: ?Sized> Deref for RwLockReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: ?Sized> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockWriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
