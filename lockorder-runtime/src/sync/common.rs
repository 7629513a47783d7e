//! What every guard shares: the lock's description and the hold record.

use crate::check::{self, Request};
use crate::class::{Class, LockClass};
use crate::event::EntityId;
use crate::model::AccessKind;
use crate::scope::DEFAULT_PIPELINE;
use crate::timing::{self, Desc};
use core::panic::Location;
#[cfg(feature = "tokio")]
use std::time::Instant;

/// Per-acquisition overrides of a lock's pipeline, entity id and caller.
///
/// ```
/// use lockorder_runtime::{Acquisition, Mutex};
/// let m = Mutex::named("doc_acq::Ledger", 0);
/// let g = m.lock_with(Acquisition::new().caller("Ledger::post").entity_id(7));
/// # drop(g);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Acquisition {
    pub(crate) pipeline: Option<&'static str>,
    pub(crate) entity: Option<EntityId>,
    pub(crate) caller: Option<&'static str>,
}

impl Acquisition {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports this hold under `pipeline`.
    pub fn pipeline(mut self, pipeline: &'static str) -> Self {
        self.pipeline = Some(pipeline);
        self
    }

    /// Reports this hold for entity `id` (also the key of same-class
    /// ordering).
    pub fn entity_id(mut self, id: impl Into<EntityId>) -> Self {
        self.entity = Some(id.into());
        self
    }

    /// Reports this hold as held by `caller`.
    pub fn caller(mut self, caller: &'static str) -> Self {
        self.caller = Some(caller);
        self
    }
}

/// A lock's description: class, and defaults for its events.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub class: Class,
    pub name: &'static str,
    pub pipeline: &'static str,
    pub entity: EntityId,
    pub caller: Option<&'static str>,
}

impl Meta {
    pub fn of(class: Class) -> Meta {
        Meta {
            class,
            name: class.name(),
            pipeline: DEFAULT_PIPELINE,
            entity: EntityId::Null,
            caller: None,
        }
    }

    #[track_caller]
    pub fn here() -> Meta {
        Meta::of(Class::at(Location::caller()))
    }

    pub fn class_of<C: LockClass>() -> Meta {
        Meta::of(C::class())
    }

    pub fn named(name: &str) -> Meta {
        Meta::of(Class::named(name))
    }
}

/// One hold of a lock that carries its own site and clock (tokio guards,
/// which may be released on another thread): its check-in token and clock. Dropping it records the
/// release and emits `lock_released`; it must be dropped after the inner
/// guard (declare it after the inner guard in the guard struct).
#[cfg(feature = "tokio")]
#[derive(Debug)]
pub(crate) struct Hold<'a> {
    meta: &'a Meta,
    acq: Option<Box<Acquisition>>,
    site: &'static Location<'static>,
    token: u64,
    start: Option<Instant>,
}

#[cfg(feature = "tokio")]
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
            let (pipeline, entity, caller) = resolve(meta, acq.as_deref());
            check::acquire(&Request {
                class: meta.class,
                entity_type: meta.name,
                instance,
                kind,
                tried,
                fair,
                site,
                pipeline,
                caller,
                entity,
                timed: false,
            })
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
        self.start = timing::start();
        self
    }
}

#[cfg(feature = "tokio")]
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

#[cfg(feature = "tokio")]
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
                    entity_type: m.name,
                    pipeline,
                    entity,
                    caller,
                    site: self.site,
                },
            );
        }
    }
}

/// The pipeline, entity id and caller of one acquisition: the
/// per-acquisition overrides, else the lock's defaults.
#[inline(always)]
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

/// Bit 63 of a [`Slim`] token: the hold is timed.
#[cfg(not(feature = "no-checking"))]
const TIMED: u64 = 1 << 63;

/// The hold record of a guard whose release happens on the thread (or
/// task) that acquired it (std and parking_lot guards are `!Send`).
///
/// Everything the release needs (site, clock, pipeline, entity, caller)
/// lives in the held-set entry, so the guard adds a single word to the
/// inner guard: the entry's token.
#[cfg(not(feature = "no-checking"))]
#[derive(Debug)]
pub(crate) struct Slim<'a> {
    /// The entry's token (bit 63 = timed), or 0 when nothing is recorded.
    token: u64,
    _lock: core::marker::PhantomData<&'a Meta>,
}

#[cfg(not(feature = "no-checking"))]
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
        let timed = timing::wanted();
        let token = if timed || check::checking_enabled() {
            let (pipeline, entity, caller) = resolve(meta, acq.as_ref());
            let t = check::acquire(&Request {
                class: meta.class,
                entity_type: meta.name,
                instance,
                kind,
                tried,
                fair,
                site,
                pipeline,
                caller,
                entity,
                timed,
            });
            if timed && t != 0 { t | TIMED } else { t }
        } else {
            0
        };
        Slim {
            token,
            _lock: core::marker::PhantomData,
        }
    }

    /// Starts the clock (call once the lock is actually held).
    #[inline(always)]
    pub fn started(self) -> Self {
        if self.token & TIMED != 0 {
            check::mark_started(self.token & !TIMED);
        }
        self
    }

    #[cold]
    #[inline(never)]
    fn finish(&mut self) {
        let Some(e) = check::take(self.token & !TIMED) else {
            return;
        };
        if e.start.is_none() {
            return;
        }
        timing::finish(
            e.start,
            &Desc {
                entity_type: e.entity_type,
                pipeline: e.pipeline,
                entity: &e.entity,
                caller: e.caller,
                site: e.site,
            },
        );
    }
}

#[cfg(not(feature = "no-checking"))]
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

/// With checking compiled out (`no-checking`), a hold is nothing unless
/// somebody uses its duration (a subscriber interested in `lockorder`
/// events, or in-process statistics): then a boxed record of what the
/// `lock_released` event needs. No held set, no thread-local access.
#[cfg(feature = "no-checking")]
#[derive(Debug)]
pub(crate) struct Slim<'a> {
    timed: Option<Box<Timed<'a>>>,
}

/// What a timed hold reports on release (`no-checking`).
#[cfg(feature = "no-checking")]
#[derive(Debug)]
struct Timed<'a> {
    meta: &'a Meta,
    acq: Option<Acquisition>,
    site: &'static Location<'static>,
    start: Option<std::time::Instant>,
}

#[cfg(feature = "no-checking")]
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
        if timing::wanted() {
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
        if let Some(t) = &mut self.timed {
            t.start = Some(std::time::Instant::now());
        }
        self
    }

    #[cold]
    #[inline(never)]
    fn finish(t: &Timed<'a>) {
        let (pipeline, entity, caller) = resolve(t.meta, t.acq.as_ref());
        timing::finish(
            t.start,
            &Desc {
                entity_type: t.meta.name,
                pipeline,
                entity,
                caller,
                site: t.site,
            },
        );
    }
}

#[cfg(feature = "no-checking")]
impl Drop for Slim<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(t) = &self.timed {
            Self::finish(t);
        }
    }
}

/// Builder methods shared by every lock type: `pipeline`, `entity_id`,
/// `caller`, and `class`.
macro_rules! lock_builders {
    () => {
        /// Reports this lock's holds under `pipeline` (`"default"` when not
        /// set).
        pub fn pipeline(mut self, pipeline: &'static str) -> Self {
            self.meta.pipeline = pipeline;
            self
        }

        /// The entity this lock stands for: reported as `entity_id`, and
        /// the key that orders several locks of one class (ascending).
        pub fn entity_id(mut self, id: impl Into<$crate::event::EntityId>) -> Self {
            self.meta.entity = id.into();
            self
        }

        /// Reports this lock's holds as held by `caller` (default: the
        /// `file:line` of each acquisition).
        pub fn caller(mut self, caller: &'static str) -> Self {
            self.meta.caller = Some(caller);
            self
        }
    };
}
pub(crate) use lock_builders;

/// The four constructors every wrapped lock has; `$new` builds the inner lock.
macro_rules! lock_constructors {
    ($new:path) => {
        /// A lock whose class is its creation site (`file:line:col`).
        #[track_caller]
        pub fn new(value: T) -> Self {
            Self {
                meta: Meta::here(),
                inner: $new(value),
            }
        }

        /// A lock of the declared class `C` (from `hierarchy!`).
        pub fn with_class<C: LockClass>(value: T) -> Self {
            Self {
                meta: Meta::class_of::<C>(),
                inner: $new(value),
            }
        }

        /// A lock of the class called `name` (`"Bank::accounts"`).
        pub fn named(name: &str, value: T) -> Self {
            Self {
                meta: Meta::named(name),
                inner: $new(value),
            }
        }

        /// A lock of `class`.
        pub fn in_class(class: Class, value: T) -> Self {
            Self {
                meta: Meta::of(class),
                inner: $new(value),
            }
        }
    };
}
pub(crate) use lock_constructors;
