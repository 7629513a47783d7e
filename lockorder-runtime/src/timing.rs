//! Hold-time measurement and the `lock_released` event.

use crate::event::{EntityId, LOCK_RELEASED, TARGET, format_timestamp};
use crate::stats;
use crate::switches;
use core::panic::Location;
use std::fmt;
use std::time::Instant;

/// What a release is reported as.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Desc<'a> {
    pub entity_type: &'static str,
    pub pipeline: &'static str,
    pub entity: &'a EntityId,
    pub caller: Option<&'static str>,
    pub site: &'static Location<'static>,
}

/// The `caller` field: the annotated name, else `file:line`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallerName {
    pub caller: Option<&'static str>,
    pub site: &'static Location<'static>,
}

impl fmt::Display for CallerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.caller {
            Some(c) => f.write_str(c),
            None => write!(f, "{}:{}", self.site.file(), self.site.line()),
        }
    }
}

/// `true` when anybody will use a hold's duration: a subscriber interested
/// in `lockorder` events, or in-process statistics.
#[inline(always)]
pub(crate) fn wanted() -> bool {
    let s = switches::get();
    if s & (switches::STATS | switches::QUIET) == switches::QUIET {
        return false; // nobody listens, no statistics: one load, one test
    }
    s & switches::STATS != 0 || listened()
}

/// `true` when a subscriber is interested in `lockorder` events.
#[inline(always)]
pub(crate) fn listened() -> bool {
    if switches::get() & switches::QUIET != 0 {
        return false;
    }
    listened_slow()
}

/// [`listened`] when tracing has not ruled every subscriber out: asks
/// tracing, as its own `enabled!` does, and registers the probe on the
/// first call.
#[cold]
#[inline(never)]
fn listened_slow() -> bool {
    probe::register();
    tracing::enabled!(target: TARGET, tracing::Level::INFO)
}

/// A tracing callsite that stands for lockorder's events (target
/// `lockorder`, level INFO, no fields: what [`listened`]'s `enabled!`
/// asks about). tracing tells every registered callsite its interest
/// whenever a subscriber comes or the filters change (`set_interest`,
/// before the new subscriber is in place); the probe keeps "never" in the
/// switch byte as [`switches::QUIET`], so that with nobody listening the
/// fast path of every acquisition answers "untimed" from the byte it
/// reads anyway. Any other interest clears the bit and the acquisition
/// asks tracing as before: a subscriber that wants the events only
/// sometimes (a per-thread default, a span filter) is asked each time.
mod probe {
    use crate::event::TARGET;
    use crate::switches;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tracing_core::callsite::{Callsite, Identifier};
    use tracing_core::field::FieldSet;
    use tracing_core::metadata::{Kind, Level, Metadata};
    use tracing_core::subscriber::Interest;

    struct Probe;

    static PROBE: Probe = Probe;

    static META: Metadata<'static> = Metadata::new(
        "lockorder: anybody listening",
        TARGET,
        Level::INFO,
        Some(file!()),
        Some(line!()),
        Some(module_path!()),
        FieldSet::new(&[], Identifier(&PROBE)),
        Kind::HINT,
    );

    impl Callsite for Probe {
        fn set_interest(&self, interest: Interest) {
            switches::set(switches::QUIET, interest.is_never());
        }

        fn metadata(&self) -> &Metadata<'_> {
            &META
        }
    }

    /// Registers the probe with tracing, once; tracing sets its interest
    /// at once and on every change from then on. Nobody waits for the
    /// registration: a subscriber asked about the probe may itself take a
    /// lockorder lock (and so come back here), and another thread may be
    /// registering it; both go on asking tracing until it is done.
    pub(super) fn register() {
        static STARTED: AtomicBool = AtomicBool::new(false);
        if !STARTED.load(Ordering::Relaxed) && !STARTED.swap(true, Ordering::AcqRel) {
            tracing_core::callsite::register(&PROBE);
        }
    }
}

/// Starts the clock when anybody will use the duration.
#[inline]
pub(crate) fn start() -> Option<Instant> {
    if wanted() { Some(Instant::now()) } else { None }
}

/// [`wanted`] for a lock guard: the constant `false` under `no-timing`
/// (scopes use [`wanted`] and stay timed). Plain guards (`no-checking` +
/// `no-timing`) never ask.
#[cfg_attr(all(feature = "no-checking", feature = "no-timing"), allow(dead_code))]
#[inline(always)]
pub(crate) fn guard_wanted() -> bool {
    crate::sync::GUARDS_TIMED && wanted()
}

/// [`start`] for a lock guard: never reads the clock under `no-timing`.
#[cfg(feature = "tokio")]
#[cfg_attr(all(feature = "no-checking", feature = "no-timing"), allow(dead_code))]
#[inline]
pub(crate) fn guard_start() -> Option<Instant> {
    if guard_wanted() {
        Some(Instant::now())
    } else {
        None
    }
}

/// Milliseconds with microsecond resolution.
pub(crate) fn millis(d: std::time::Duration) -> f64 {
    d.as_micros() as f64 / 1000.0
}

/// Ends a timed hold: records statistics and emits `lock_released`.
#[inline]
pub(crate) fn finish(start: Option<Instant>, d: &Desc<'_>) {
    if let Some(start) = start {
        finish_slow(start, d);
    }
}

#[cold]
fn finish_slow(start: Instant, d: &Desc<'_>) {
    let ms = millis(start.elapsed());
    let caller = CallerName {
        caller: d.caller,
        site: d.site,
    };
    if stats::enabled() {
        stats::record(d.pipeline, d.entity_type, caller, ms);
    }
    macro_rules! released {
        ($($id:tt)*) => {
            tracing::info!(
                target: TARGET,
                event = LOCK_RELEASED,
                pipeline = d.pipeline,
                entity_type = d.entity_type,
                $($id)*
                caller = %caller,
                lock_released_at = %format_timestamp(time::OffsetDateTime::now_utc()),
                duration_ms = ms,
            )
        };
    }
    match d.entity {
        EntityId::Null => released!(),
        EntityId::Int(i) => released!(entity_id = *i,),
        EntityId::Float(x) => released!(entity_id = *x,),
        EntityId::Str(s) => released!(entity_id = s.as_str(),),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No unit test installs a subscriber: tracing rules every one out,
    /// and the switch byte says so once anybody has asked.
    #[test]
    fn with_no_subscriber_the_switches_say_nobody_listens() {
        assert!(!listened());
        assert_ne!(switches::get() & switches::QUIET, 0);
        assert!(!listened());
    }
}
