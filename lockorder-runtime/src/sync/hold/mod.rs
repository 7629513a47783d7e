//! The per-hold state a guard carries next to the wrapped guard.
//!
//! Which one is decided here, by cargo feature, and nowhere else; the lock
//! wrappers only ever name [`Slim`] (std, parking_lot) and [`Hold`] (tokio):
//!
//! | features | `Slim` | `Hold` (tokio) |
//! |---|---|---|
//! | default, `no-timing` | [`checked`]: the held-set entry's token, one word | [`task`]: token, site, clock |
//! | `no-checking` | [`timed`]: a record boxed only while somebody wants hold times, one word | [`task`] |
//! | `no-checking` + `no-timing` | [`plain`]: zero-sized, no `Drop` | [`plain`] |
//!
//! `no-timing` alone keeps the checked representation: the clock is never
//! read (`timing::guard_wanted()` is the constant `false`), so the timed
//! branches compile away.

use super::common::{Acquisition, Meta};
use crate::event::EntityId;

// Checking compiled in (the default, and `no-timing`).
#[cfg(not(feature = "no-checking"))]
mod checked;
#[cfg(not(feature = "no-checking"))]
pub(crate) use checked::Slim;

// `no-checking`: timed only.
#[cfg(all(feature = "no-checking", not(feature = "no-timing")))]
mod timed;
#[cfg(all(feature = "no-checking", not(feature = "no-timing")))]
pub(crate) use timed::Slim;

// `no-checking` + `no-timing`: plain, for every guard.
#[cfg(all(feature = "no-checking", feature = "no-timing"))]
mod plain;
#[cfg(all(feature = "no-checking", feature = "no-timing"))]
pub(crate) use plain::Plain as Slim;
#[cfg(all(feature = "no-checking", feature = "no-timing", feature = "tokio"))]
pub(crate) use plain::Plain as Hold;

// tokio guards, unless plain: their own site and clock.
#[cfg(all(
    feature = "tokio",
    not(all(feature = "no-checking", feature = "no-timing"))
))]
mod task;
#[cfg(all(
    feature = "tokio",
    not(all(feature = "no-checking", feature = "no-timing"))
))]
pub(crate) use task::Hold;

/// A lock as the checker knows it, its description and identity: what a
/// condition variable's re-acquisition, and an owned tokio guard's
/// acquisition, is checked and timed as.
#[cfg_attr(all(feature = "no-checking", feature = "no-timing"), allow(dead_code))]
pub(crate) trait Relock {
    /// The lock's description.
    fn meta(&self) -> &Meta;
    /// The lock object's address (its identity in the held set).
    fn instance(&self) -> usize;
}

/// How a guard finds its lock again for a condition-variable wait: the
/// lock itself, or nothing in plain builds (`no-checking` + `no-timing`),
/// whose guard stays exactly the wrapped guard.
#[cfg(not(all(feature = "no-checking", feature = "no-timing")))]
pub(crate) type Back<'a, L> = &'a L;
/// How a guard finds its lock again (plain build: it does not).
#[cfg(all(feature = "no-checking", feature = "no-timing"))]
pub(crate) type Back<'a, L> = core::marker::PhantomData<&'a L>;

/// A guard's [`Back`] reference to `lock`.
#[inline(always)]
pub(crate) fn back<L: ?Sized>(lock: &L) -> Back<'_, L> {
    #[cfg(not(all(feature = "no-checking", feature = "no-timing")))]
    {
        lock
    }
    #[cfg(all(feature = "no-checking", feature = "no-timing"))]
    {
        let _ = lock;
        core::marker::PhantomData
    }
}

/// The pipeline, entity id and caller of one acquisition: the
/// per-acquisition overrides, else the lock's defaults.
///
/// Plain guards (`no-checking` + `no-timing`) report nothing and never ask.
#[inline(always)]
#[cfg_attr(all(feature = "no-checking", feature = "no-timing"), allow(dead_code))]
pub(crate) fn resolve<'m>(
    meta: &'m Meta,
    acq: Option<&'m Acquisition>,
) -> (&'static str, &'m EntityId, Option<&'static str>) {
    match acq {
        Some(a) => (
            a.pipeline.unwrap_or(meta.pipeline),
            a.entity.as_ref().unwrap_or(&meta.entity),
            a.caller.or(meta.caller),
        ),
        None => (meta.pipeline, &meta.entity, meta.caller),
    }
}

#[cfg(test)]
mod tests {
    use super::Slim;

    /// The plain build's promise: a guard is the wrapped guard, nothing more.
    #[test]
    #[cfg(all(feature = "no-checking", feature = "no-timing"))]
    fn a_plain_hold_is_zero_sized_without_drop() {
        assert_eq!(size_of::<Slim<'static>>(), 0);
        assert!(!std::mem::needs_drop::<Slim<'static>>());
        #[cfg(feature = "tokio")]
        {
            assert_eq!(size_of::<super::Hold<'static>>(), 0);
            assert!(!std::mem::needs_drop::<super::Hold<'static>>());
        }
    }

    /// Otherwise the hold of a std/parking_lot guard is one word, released
    /// on drop.
    #[test]
    #[cfg(not(all(feature = "no-checking", feature = "no-timing")))]
    fn a_checked_or_timed_hold_is_one_word() {
        assert_eq!(size_of::<Slim<'static>>(), size_of::<usize>());
        assert!(std::mem::needs_drop::<Slim<'static>>());
    }
}
