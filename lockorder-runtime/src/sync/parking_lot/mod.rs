//! Guards over `parking_lot::Mutex` and `parking_lot::RwLock`, and a
//! [`Condvar`] for the mutex (feature `parking_lot`).
//!
//! parking_lot's RwLock is fair: a `read()` waits behind a queued writer, so
//! a second `read()` of a lock this thread already reads is reported as a
//! double lock. [`RecursiveRwLock`] lets readers in first, so its
//! recursive reads are not reported.

use super::common::{Acquisition, Meta, lock_builders, lock_constructors};
use super::hold::{Back, Relock, Slim, back};
use crate::class::{Class, LockClass};
use crate::model::AccessKind;
use core::panic::Location;
use std::fmt;
use std::ops::{Deref, DerefMut};

mod condvar;
mod mapped;
mod upgradable;
pub use crate::sync::WaitTimeoutResult;
pub use condvar::Condvar;
pub use mapped::{
    MappedMutexGuard, MappedRecursiveRwLockReadGuard, MappedRecursiveRwLockWriteGuard,
    MappedRwLockReadGuard, MappedRwLockWriteGuard,
};
pub use upgradable::{RecursiveRwLockUpgradableReadGuard, RwLockUpgradableReadGuard};

/// A `parking_lot::Mutex` with a lock class, run-time order checking and
/// hold timing.
pub struct Mutex<T: ?Sized> {
    meta: Meta,
    inner: ::parking_lot::Mutex<T>,
}

/// The guard of a [`Mutex`].
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MutexGuard<'a, T: ?Sized> {
    inner: ::parking_lot::MutexGuard<'a, T>,
    hold: Slim<'a>,
    /// The lock, for a [`Condvar`] wait to take it again.
    lock: Back<'a, Mutex<T>>,
}

impl<T> Mutex<T> {
    lock_constructors!(const ::parking_lot::Mutex::new);

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

    /// Acquires the mutex, blocking; checked against the locks held.
    #[track_caller]
    #[inline(always)]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.lock_inner(None, Location::caller())
    }

    /// [`lock`](Self::lock) with per-acquisition overrides.
    #[track_caller]
    pub fn lock_with(&self, acq: Acquisition) -> MutexGuard<'_, T> {
        self.lock_inner(Some(acq), Location::caller())
    }

    #[inline(always)]
    fn lock_inner(
        &self,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> MutexGuard<'_, T> {
        let hold = Slim::check(
            &self.meta,
            acq,
            self.instance(),
            AccessKind::Exclusive,
            true,
            site,
        );
        let inner = self.inner.lock();
        MutexGuard {
            inner,
            hold: hold.started(),
            lock: back(self),
        }
    }

    /// Attempts to acquire without blocking (no edge into this lock).
    #[track_caller]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        let site = Location::caller();
        self.inner.try_lock().map(|inner| MutexGuard {
            inner,
            hold: Slim::tried(
                &self.meta,
                None,
                self.instance(),
                AccessKind::Exclusive,
                site,
            ),
            lock: back(self),
        })
    }

    /// Mutable access without locking.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
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

macro_rules! rwlock {
    ($name:ident, $read_guard:ident, $write_guard:ident, $inner:ident, $inner_read:ident,
     $inner_write:ident, $read_kind:expr, $doc:expr, $read_doc:expr) => {
        #[doc = $doc]
        pub struct $name<T: ?Sized> {
            meta: Meta,
            inner: ::parking_lot::$inner<T>,
        }

        #[doc = concat!("Shared guard of a [`", stringify!($name), "`].")]
        #[must_use = "if unused the RwLock will immediately unlock"]
        pub struct $read_guard<'a, T: ?Sized> {
            inner: ::parking_lot::$inner_read<'a, T>,
            _hold: Slim<'a>,
        }

        #[doc = concat!("Exclusive guard of a [`", stringify!($name), "`].")]
        #[must_use = "if unused the RwLock will immediately unlock"]
        pub struct $write_guard<'a, T: ?Sized> {
            inner: ::parking_lot::$inner_write<'a, T>,
            _hold: Slim<'a>,
        }

        impl<T> $name<T> {
            lock_constructors!(const ::parking_lot::$inner::new);

            lock_builders!();

            /// Consumes the lock, returning the data.
            pub fn into_inner(self) -> T {
                self.inner.into_inner()
            }
        }

        impl<T: ?Sized> $name<T> {
            /// The lock's class.
            pub fn class(&self) -> Class {
                self.meta.class.get()
            }

            fn instance(&self) -> usize {
                (&raw const self.inner).cast::<u8>() as usize
            }

            #[inline(always)]
            fn read_kind(
                &self,
                acq: Option<Acquisition>,
                kind: AccessKind,
                site: &'static Location<'static>,
            ) -> $read_guard<'_, T> {
                let hold = Slim::check(&self.meta, acq, self.instance(), kind, true, site);
                let inner = self.inner.read();
                $read_guard {
                    inner,
                    _hold: hold.started(),
                }
            }

            #[doc = $read_doc]
            #[track_caller]
            #[inline]
            pub fn read(&self) -> $read_guard<'_, T> {
                self.read_kind(None, $read_kind, Location::caller())
            }

            /// [`read`](Self::read) with per-acquisition overrides.
            #[track_caller]
            pub fn read_with(&self, acq: Acquisition) -> $read_guard<'_, T> {
                self.read_kind(Some(acq), $read_kind, Location::caller())
            }

            /// Exclusive access, blocking.
            #[track_caller]
            #[inline]
            pub fn write(&self) -> $write_guard<'_, T> {
                self.write_inner(None, Location::caller())
            }

            /// [`write`](Self::write) with per-acquisition overrides.
            #[track_caller]
            pub fn write_with(&self, acq: Acquisition) -> $write_guard<'_, T> {
                self.write_inner(Some(acq), Location::caller())
            }

            #[inline(always)]
            fn write_inner(
                &self,
                acq: Option<Acquisition>,
                site: &'static Location<'static>,
            ) -> $write_guard<'_, T> {
                let hold = Slim::check(
                    &self.meta,
                    acq,
                    self.instance(),
                    AccessKind::Exclusive,
                    true,
                    site,
                );
                let inner = self.inner.write();
                $write_guard {
                    inner,
                    _hold: hold.started(),
                }
            }

            /// Shared access without blocking (no edge into this lock).
            #[track_caller]
            pub fn try_read(&self) -> Option<$read_guard<'_, T>> {
                let site = Location::caller();
                self.inner.try_read().map(|inner| $read_guard {
                    inner,
                    _hold: Slim::tried(&self.meta, None, self.instance(), AccessKind::Read, site),
                })
            }

            /// Exclusive access without blocking (no edge into this lock).
            #[track_caller]
            pub fn try_write(&self) -> Option<$write_guard<'_, T>> {
                let site = Location::caller();
                self.inner.try_write().map(|inner| $write_guard {
                    inner,
                    _hold: Slim::tried(
                        &self.meta,
                        None,
                        self.instance(),
                        AccessKind::Exclusive,
                        site,
                    ),
                })
            }

            /// Mutable access without locking.
            pub fn get_mut(&mut self) -> &mut T {
                self.inner.get_mut()
            }
        }

        impl<T: ?Sized + fmt::Debug> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("class", &self.meta.class.name())
                    .field("inner", &&self.inner)
                    .finish()
            }
        }

        impl<T: ?Sized> Deref for $read_guard<'_, T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.inner
            }
        }

        impl<T: ?Sized + fmt::Debug> fmt::Debug for $read_guard<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }

        impl<T: ?Sized> Deref for $write_guard<'_, T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.inner
            }
        }

        impl<T: ?Sized> DerefMut for $write_guard<'_, T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.inner
            }
        }

        impl<T: ?Sized + fmt::Debug> fmt::Debug for $write_guard<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }
    };
}

rwlock!(
    RwLock,
    RwLockReadGuard,
    RwLockWriteGuard,
    RwLock,
    RwLockReadGuard,
    RwLockWriteGuard,
    AccessKind::Read,
    "A `parking_lot::RwLock` (fair) with a lock class, run-time order checking and hold timing.",
    "Shared access, blocking; waits behind a queued writer (fair), so a second `read()` of a lock this thread already reads is reported."
);

rwlock!(
    RecursiveRwLock,
    RecursiveRwLockReadGuard,
    RecursiveRwLockWriteGuard,
    RecursiveRwLock,
    RecursiveRwLockReadGuard,
    RecursiveRwLockWriteGuard,
    AccessKind::RecursiveRead,
    "A `parking_lot::RecursiveRwLock` (readers first) with a lock class, run-time order checking and hold timing: recursive reads are allowed.",
    "Shared access; never waits for a queued writer, so a recursive read is not reported."
);
