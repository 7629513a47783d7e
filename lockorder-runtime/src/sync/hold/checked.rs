//! Checking compiled in (the default, and `no-timing`): the hold is the
//! held-set entry's token.

use super::{Back, Relock};
use crate::check;
use crate::held::{Extra, HeldEntry};
use crate::model::AccessKind;
use crate::switches;
use crate::sync::common::{Acquisition, Meta};
use crate::timing::{self, Desc};
use core::panic::Location;

const TIMED: u64 = 1 << 63;

/// The hold record of a guard whose release happens on the thread (or
/// task) that acquired it (std and parking_lot guards are `!Send`).
///
/// Everything the release needs (site, clock, pipeline, entity, caller)
/// lives in the held-set entry, so the guard adds a single word to the
/// inner guard: the entry's token.
#[derive(Debug)]
pub(crate) struct Slim<'a> {
    /// The entry's token (bit 63 = timed), or 0 when nothing is recorded.
    token: u64,
    _lock: core::marker::PhantomData<&'a Meta>,
}

impl<'a> Slim<'a> {
    /// Checks a blocking acquisition (may panic under the panic policy).
    #[inline(always)]
    pub fn check(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        instance: usize,
        kind: AccessKind,
        fair: bool,
        site: &'static Location<'static>,
    ) -> Self {
        Self::record(meta, acq, instance, kind, false, fair, site)
    }

    /// Records a successful non-blocking acquisition (never checked).
    #[inline(always)]
    pub fn tried(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        instance: usize,
        kind: AccessKind,
        site: &'static Location<'static>,
    ) -> Self {
        Self::record(meta, acq, instance, kind, true, false, site).started()
    }

    #[inline(always)]
    fn record(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        instance: usize,
        kind: AccessKind,
        tried: bool,
        fair: bool,
        site: &'static Location<'static>,
    ) -> Self {
        // The common case first, on one load of the switches: checking
        // on, statistics off, nobody listening for `lock_released` (with
        // guards timed: known from the switch byte itself once tracing has
        // told the probe, else asked).
        if !tried && fair && acq.is_none() && Self::plain_case() {
            return Slim {
                token: check::acquire_plain(meta, instance, kind, site),
                _lock: core::marker::PhantomData,
            };
        }
        let timed = timing::guard_wanted();
        let token = if timed || check::checking_enabled() {
            let t =
                check::acquire_lock(meta, acq.as_ref(), instance, kind, tried, fair, timed, site);
            if timed && t != 0 { t | TIMED } else { t }
        } else {
            0
        };
        Slim {
            token,
            _lock: core::marker::PhantomData,
        }
    }

    /// `true` when an acquisition without overrides needs neither timing
    /// nor statistics, and checking is on.
    #[inline(always)]
    fn plain_case() -> bool {
        let s = switches::get();
        if !crate::sync::GUARDS_TIMED {
            return s & !switches::QUIET == switches::CHECKING;
        }
        s == switches::CHECKING | switches::QUIET || Self::plain_case_asking(s)
    }

    /// [`plain_case`](Self::plain_case) when tracing has not ruled every
    /// subscriber out (out of line: the common case stays one compare).
    #[inline(never)]
    fn plain_case_asking(s: u8) -> bool {
        s == switches::CHECKING && !timing::listened()
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
        if self.token & TIMED != 0 {
            check::mark_started(self.token & !TIMED);
        }
    }

    /// The hold goes on as `kind` (a write guard downgraded to a read, an
    /// upgradable read upgraded).
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    pub fn set_kind(&mut self, kind: AccessKind) {
        if self.token != 0 {
            check::set_kind(self.token & !TIMED, kind);
        }
    }

    /// An upgradable read becomes a write at `site`, waiting for the
    /// readers while holding every other lock: checked as an exclusive
    /// acquisition against them; the hold goes on, as a write.
    #[cfg_attr(not(feature = "parking_lot"), allow(dead_code))]
    pub fn upgrade(&mut self, site: &'static Location<'static>) {
        if self.token != 0 {
            check::upgrade(self.token & !TIMED, site);
        }
        self.set_kind(AccessKind::Exclusive);
    }

    /// A condition-variable wait is about to release the lock and take it
    /// again: ends this hold as a release does (its `lock_released` is
    /// reported) and records the re-acquisition, checked against the locks
    /// still held, with the same overrides (those the held-set entry kept:
    /// caller and entity id always, pipeline when the hold was timed or
    /// keyed). The clock starts at [`resume`](Self::resume).
    pub fn suspend<L: Relock + ?Sized>(
        &mut self,
        lock: Back<'a, L>,
        site: &'static Location<'static>,
    ) {
        let acq = self.end();
        *self = Self::record(
            lock.meta(),
            acq,
            lock.instance(),
            AccessKind::Exclusive,
            false,
            true,
            site,
        );
    }

    /// Ends the hold (reporting it when timed) and returns the overrides
    /// its entry kept; `None` when nothing was recorded.
    #[cold]
    #[inline(never)]
    fn end(&mut self) -> Option<Acquisition> {
        let token = core::mem::take(&mut self.token);
        if token == 0 {
            return None;
        }
        let e = check::take(token & !TIMED)?;
        let mut acq = Acquisition::new();
        acq.caller = e.caller;
        if let Some(x) = &e.extra {
            if token & TIMED != 0 {
                report(&e, x);
            }
            acq.pipeline = Some(x.pipeline);
            if x.entity != crate::event::EntityId::Null {
                acq.entity = Some(x.entity.clone());
            }
        }
        Some(acq)
    }

    #[cold]
    #[inline(never)]
    fn finish(&mut self) {
        if let Some(e) = check::take(self.token & !TIMED)
            && let Some(x) = &e.extra
        {
            report(&e, x);
        }
    }
}

/// Reports the end of the timed hold `e` (its `lock_released`).
fn report(e: &HeldEntry, x: &Extra) {
    timing::finish(
        x.start,
        &Desc {
            entity_type: x.entity_type,
            pipeline: x.pipeline,
            entity: &x.entity,
            caller: e.caller,
            site: e.site,
        },
    );
}

impl Drop for Slim<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        if self.token & TIMED != 0 {
            self.finish();
        } else if self.token != 0 {
            check::release(self.token);
        }
    }
}
