//! Timed, order-checked lock guards.
//!
//! [`Mutex`], [`RwLock`] and [`Condvar`] wrap `std::sync`; [`parking_lot`] and [`tokio`]
//! (cargo features of the same names) wrap those crates' locks with the same
//! API shape. Every lock has a class:
//!
//! * `Mutex::with_class::<Semester>(v)` — a class from `hierarchy!`;
//! * `Mutex::named("Bank::accounts", v)` — a named class;
//! * `Mutex::new(v)` — the class of its creation site (`file:line:column`).
//!
//! Pipeline, entity id and caller can be set per lock (`.pipeline("reward")`,
//! `.entity_id(42)`, `.caller("Bank::transfer")`) or per acquisition
//! ([`Acquisition`]). The caller defaults to the `#[track_caller]` location of
//! the acquisition.
//!
//! With the cargo feature `no-timing` the guards are not timed (no
//! `lock_released` from a guard, no clock read; see [`GUARDS_TIMED`]); with
//! `no-checking` and `no-timing` together every guard is exactly the guard
//! it wraps.

/// `Deref` (and `DerefMut` where the guard is exclusive) and `Debug` for a
/// guard that derefs through its `inner` (the parking_lot and tokio guards
/// other than the std-shaped ones).
#[cfg(any(feature = "parking_lot", feature = "tokio"))]
macro_rules! guard_deref {
    ($guard:ident $(, $mut:ident)?) => {
        impl<T: ?Sized> ::std::ops::Deref for $guard<'_, T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.inner
            }
        }

        $(
            impl<T: ?Sized> ::std::ops::DerefMut for $guard<'_, T> {
                fn $mut(&mut self) -> &mut T {
                    &mut self.inner
                }
            }
        )?

        impl<T: ?Sized + ::std::fmt::Debug> ::std::fmt::Debug for $guard<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&**self, f)
            }
        }
    };
}

pub(crate) mod common;
mod condvar;
pub(crate) mod hold;
#[cfg(feature = "parking_lot")]
pub mod parking_lot;
mod std_sync;
#[cfg(feature = "tokio")]
pub mod tokio;

/// `false` when the crate was built with the `no-timing` feature: guards
/// never read the clock and emit no `lock_released` event. Scopes
/// ([`crate::scope()`]) are timed either way.
pub const GUARDS_TIMED: bool = !cfg!(feature = "no-timing");

pub use common::Acquisition;
pub use condvar::{Condvar, WaitTimeoutResult};
pub use std_sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
