//! The hold of a tokio guard, which may be released on another thread
//! than the one that took it, so it carries its own site and clock.

use super::resolve;
use crate::check;
use crate::model::AccessKind;
use crate::sync::common::{Acquisition, Meta};
use crate::timing::{self, Desc};
use core::panic::Location;
use std::time::Instant;

/// One hold of a lock that carries its own site and clock (tokio guards,
/// which may be released on another thread): its check-in token and clock. Dropping it records the
/// release and emits `lock_released`; it must be dropped after the inner
/// guard (declare it after the inner guard in the guard struct).
#[derive(Debug)]
pub(crate) struct Hold<'a> {
    meta: &'a Meta,
    acq: Option<Box<Acquisition>>,
    site: &'static Location<'static>,
    token: u64,
    start: Option<Instant>,
}

impl<'a> Hold<'a> {
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

    /// A hold that is timed but not tracked by the checker.
    pub fn untracked(
        meta: &'a Meta,
        acq: Option<Acquisition>,
        site: &'static Location<'static>,
    ) -> Self {
        Hold {
            meta,
            acq: acq.map(Box::new),
            site,
            token: 0,
            start: None,
        }
    }

    /// Records a successful non-blocking acquisition (never checked).
    #[inline]
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
        let acq = acq.map(Box::new);
        let token = if check::checking_enabled() {
            check::acquire_lock(
                meta,
                acq.as_deref(),
                instance,
                kind,
                tried,
                fair,
                false,
                site,
            )
        } else {
            0
        };
        Hold {
            meta,
            acq,
            site,
            token,
            start: None,
        }
    }

    /// Starts the clock (call once the lock is actually held).
    #[inline(always)]
    pub fn started(mut self) -> Self {
        self.start = timing::guard_start();
        self
    }

    /// The hold goes on as `kind` (a write guard downgraded to a read).
    pub fn set_kind(&mut self, kind: AccessKind) {
        if self.token != 0 {
            check::set_kind(self.token, kind);
        }
    }

    /// The lock is held, but by nobody's held set from now on (an owned
    /// guard, which may be released by another task): the acquisition was
    /// checked, the hold stays timed.
    pub fn detached(mut self) -> Self {
        check::release(core::mem::take(&mut self.token));
        self
    }
}

impl Drop for Hold<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        if self.token != 0 {
            check::release(self.token);
        }
        if self.start.is_some() {
            self.finish();
        }
    }
}

impl Hold<'_> {
    #[cold]
    #[inline(never)]
    fn finish(&mut self) {
        {
            let m = self.meta;
            let (pipeline, entity, caller) = resolve(m, self.acq.as_deref());
            timing::finish(
                self.start,
                &Desc {
                    entity_type: m.class.name(),
                    pipeline,
                    entity,
                    caller,
                    site: self.site,
                },
            );
        }
    }
}
