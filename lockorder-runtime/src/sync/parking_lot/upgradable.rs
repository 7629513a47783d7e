//! parking_lot's upgradable reads. An upgradable read shares the lock with
//! plain readers but excludes writers and other upgradable readers; it is
//! held as a read (fair: a read or another upgradable read of the same
//! lock taken by the same thread meanwhile is reported, as either can wait
//! behind a queued writer that waits for this one). `upgrade` waits for
//! the readers to leave while the thread holds every other lock it holds:
//! it is checked there as an exclusive acquisition against them, and the
//! hold goes on as a write.

use super::{
    RecursiveRwLock, RecursiveRwLockReadGuard, RecursiveRwLockWriteGuard, RwLock, RwLockReadGuard,
    RwLockWriteGuard,
};
use crate::model::AccessKind;
use crate::sync::common::Acquisition;
use crate::sync::hold::Slim;
use core::panic::Location;
use parking_lot::lock_api;

/// The upgradable read of one RwLock kind and its conversions.
macro_rules! upgradable {
    ($lock:ident, $read:ident, $write:ident, $up:ident) => {
        #[doc = concat!("Upgradable shared guard of a [`", stringify!($lock), "`].")]
        #[must_use = "if unused the RwLock will immediately unlock"]
        pub struct $up<'a, T: ?Sized> {
            inner: ::parking_lot::$up<'a, T>,
            _hold: Slim<'a>,
        }

        impl<T: ?Sized> $lock<T> {
            /// Upgradable shared access, blocking (excludes writers and
            /// other upgradable readers); held as a read.
            #[track_caller]
            pub fn upgradable_read(&self) -> $up<'_, T> {
                self.upgradable_inner(None, Location::caller())
            }

            /// [`upgradable_read`](Self::upgradable_read) with
            /// per-acquisition overrides.
            #[track_caller]
            pub fn upgradable_read_with(&self, acq: Acquisition) -> $up<'_, T> {
                self.upgradable_inner(Some(acq), Location::caller())
            }

            fn upgradable_inner(
                &self,
                acq: Option<Acquisition>,
                site: &'static Location<'static>,
            ) -> $up<'_, T> {
                let hold = Slim::check(
                    &self.meta,
                    acq,
                    self.instance(),
                    AccessKind::Read,
                    true,
                    site,
                );
                let inner = self.inner.upgradable_read();
                $up {
                    inner,
                    _hold: hold.started(),
                }
            }

            /// Upgradable shared access without blocking (no edge into
            /// this lock).
            #[track_caller]
            pub fn try_upgradable_read(&self) -> Option<$up<'_, T>> {
                let site = Location::caller();
                self.inner.try_upgradable_read().map(|inner| $up {
                    inner,
                    _hold: Slim::tried(&self.meta, None, self.instance(), AccessKind::Read, site),
                })
            }
        }

        impl<'a, T: ?Sized> $up<'a, T> {
            /// Exclusive access, waiting for the readers to leave: checked
            /// here as an exclusive acquisition against the other locks
            /// held; the hold goes on, as a write.
            #[track_caller]
            pub fn upgrade(s: Self) -> $write<'a, T> {
                let $up { inner, mut _hold } = s;
                _hold.upgrade(Location::caller());
                $write {
                    inner: lock_api::RwLockUpgradableReadGuard::upgrade(inner),
                    _hold,
                }
            }

            /// [`upgrade`](Self::upgrade) without waiting (not checked);
            /// the guard back when readers remain.
            pub fn try_upgrade(s: Self) -> Result<$write<'a, T>, Self> {
                let $up { inner, mut _hold } = s;
                match lock_api::RwLockUpgradableReadGuard::try_upgrade(inner) {
                    Ok(inner) => {
                        _hold.set_kind(AccessKind::Exclusive);
                        Ok($write { inner, _hold })
                    }
                    Err(inner) => Err($up { inner, _hold }),
                }
            }

            /// Back to a plain read; the hold goes on.
            pub fn downgrade(s: Self) -> $read<'a, T> {
                let $up { inner, _hold } = s;
                $read {
                    inner: lock_api::RwLockUpgradableReadGuard::downgrade(inner),
                    _hold,
                }
            }
        }

        impl<'a, T: ?Sized> $write<'a, T> {
            /// Turns the write guard into an upgradable read without
            /// letting a writer in between; the hold goes on, as a read.
            pub fn downgrade_to_upgradable(s: Self) -> $up<'a, T> {
                let $write { inner, mut _hold } = s;
                _hold.set_kind(AccessKind::Read);
                $up {
                    inner: lock_api::RwLockWriteGuard::downgrade_to_upgradable(inner),
                    _hold,
                }
            }
        }

        guard_deref!($up);
    };
}

upgradable!(
    RwLock,
    RwLockReadGuard,
    RwLockWriteGuard,
    RwLockUpgradableReadGuard
);
upgradable!(
    RecursiveRwLock,
    RecursiveRwLockReadGuard,
    RecursiveRwLockWriteGuard,
    RecursiveRwLockUpgradableReadGuard
);
