//! Checking and timing both compiled out (`no-checking` + `no-timing`):
//! the hold is nothing at all, so a guard is exactly the wrapped guard
//! (same size, no `Drop` work of its own) and an acquisition is exactly the
//! wrapped lock's.

use super::Back;
use crate::model::AccessKind;
use crate::sync::common::{Acquisition, Meta};
use core::marker::PhantomData;
use core::panic::Location;

/// A hold that records nothing: zero-sized, without `Drop`. Serves both the
/// std/parking_lot guards (`Slim`) and the tokio guards (`Hold`).
#[derive(Debug)]
pub(crate) struct Plain<'a>(PhantomData<&'a Meta>);

impl<'a> Plain<'a> {
    /// A blocking acquisition: nothing to check or time.
    #[inline(always)]
    pub fn check(
        _meta: &'a Meta,
        _acq: Option<Acquisition>,
        _instance: usize,
        _kind: AccessKind,
        _fair: bool,
        _site: &'static Location<'static>,
    ) -> Self {
        Plain(PhantomData)
    }

    /// A successful non-blocking acquisition: nothing to record.
    #[inline(always)]
    pub fn tried(
        _meta: &'a Meta,
        _acq: Option<Acquisition>,
        _instance: usize,
        _kind: AccessKind,
        _site: &'static Location<'static>,
    ) -> Self {
        Plain(PhantomData)
    }

    /// A tokio lock taken on a task lockorder does not track.
    #[cfg(feature = "tokio")]
    #[inline(always)]
    pub fn untracked(
        _meta: &'a Meta,
        _acq: Option<Acquisition>,
        _site: &'static Location<'static>,
    ) -> Self {
        Plain(PhantomData)
    }

    /// The lock is held: no clock to start.
    #[inline(always)]
    pub fn started(self) -> Self {
        self
    }

    /// An owned guard's hold: nothing to take out of a held set.
    #[cfg(feature = "tokio")]
    #[inline(always)]
    pub fn detached(self) -> Self {
        self
    }

    /// A change of kind: nothing to record.
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    #[inline(always)]
    pub fn set_kind(&mut self, _kind: AccessKind) {}

    /// An upgrade: nothing to check.
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    #[inline(always)]
    pub fn upgrade(&mut self, _site: &'static Location<'static>) {}

    /// A condition-variable wait: nothing to end or record.
    #[inline(always)]
    pub fn suspend<L: ?Sized>(&mut self, _lock: Back<'a, L>, _site: &'static Location<'static>) {}

    /// After a condition-variable wait: no clock to start.
    #[inline(always)]
    pub fn resume(&mut self) {}
}
