//! Timed, order-checked lock guards.
//!
//! [`Mutex`] and [`RwLock`] wrap `std::sync`; [`parking_lot`] and [`tokio`]
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

mod common;
#[cfg(feature = "parking_lot")]
pub mod parking_lot;
mod std_sync;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use common::Acquisition;
pub use std_sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
