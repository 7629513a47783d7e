//! Checking compiled out (`no-checking`), timing compiled in.

use super::{Back, Relock, resolve};
use crate::model::AccessKind;
use crate::sync::common::{Acquisition, Meta};
use crate::timing::{self, Desc};
use core::panic::Location;

/// With checking compiled out (`no-checking`), a hold is nothing unless
/// somebody uses its duration (a subscriber interested in `lockorder`
/// events, or in-process statistics): then a boxed record of what the
/// `lock_released` event needs. No held set, no thread-local access.
#[derive(Debug)]
pub(crate) struct Slim<'a> {
    timed: Option<Box<Timed<'a>>>,
}

/// What a timed hold reports on release (`no-checking`).
#[derive(Debug)]
struct Timed<'a> {
    meta: &'a Meta,
    acq: Option<Acquisition>,
    site: &'static Location<'static>,
    start: Option<std::time::Instant>,
}

impl<'a> Slim<'a> {
    /// A blocking acquisition: only timed, never checked.
    #[inline(always)]
    pub fn check(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        _instance: usize,
        _kind: AccessKind,
        _fair: bool,
        site: &'static Location<'static>,
    ) -> Self {
        if timing::guard_wanted() {
            Self::timed(meta, acq, site)
        } else {
            Slim { timed: None }
        }
    }

    /// A successful non-blocking acquisition: only timed.
    #[inline(always)]
    pub fn tried(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        instance: usize,
        kind: AccessKind,
        site: &'static Location<'static>,
    ) -> Self {
        Self::check(meta, acq, instance, kind, false, site).started()
    }

    #[cold]
    #[inline(never)]
    fn timed(meta: &'a Meta, acq: Option<Acquisition>, site: &'static Location<'static>) -> Self {
        Slim {
            timed: Some(Box::new(Timed {
                meta,
                acq,
                site,
                start: None,
            })),
        }
    }

    /// Starts the clock (call once the lock is actually held).
    #[inline(always)]
    pub fn started(mut self) -> Self {
        self.resume();
        self
    }

    /// Starts the clock of a hold recorded by [`suspend`](Self::suspend).
    #[inline(always)]
    pub fn resume(&mut self) {
        if let Some(t) = &mut self.timed {
            t.start = Some(std::time::Instant::now());
        }
    }

    /// The hold goes on as `kind`: nothing to record without checking.
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    pub fn set_kind(&mut self, _kind: AccessKind) {}

    /// An upgrade: nothing to check without checking.
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    pub fn upgrade(&mut self, _site: &'static Location<'static>) {}

    /// A condition-variable wait is about to release the lock and take it
    /// again: reports this hold (when timed) and records the next one,
    /// with the same overrides when this one kept them (a timed hold).
    pub fn suspend<L: Relock + ?Sized>(
        &mut self,
        lock: Back<'a, L>,
        site: &'static Location<'static>,
    ) {
        let acq = self.timed.take().and_then(|t| {
            let acq = t.acq.clone();
            Self::finish(t);
            acq
        });
        *self = Self::check(
            lock.meta(),
            acq,
            lock.instance(),
            AccessKind::Exclusive,
            true,
            site,
        );
    }

    /// Reports the hold and frees its record (out of line: the guard's
    /// drop keeps only the `None` test).
    #[cold]
    #[inline(never)]
    #[allow(clippy::boxed_local)] // freeing the box here is the point
    fn finish(t: Box<Timed<'a>>) {
        let (pipeline, entity, caller) = resolve(t.meta, t.acq.as_ref());
        timing::finish(
            t.start,
            &Desc {
                entity_type: t.meta.class.name(),
                pipeline,
                entity,
                caller,
                site: t.site,
            },
        );
    }
}

impl Drop for Slim<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(t) = self.timed.take() {
            Self::finish(t);
        }
    }
}
