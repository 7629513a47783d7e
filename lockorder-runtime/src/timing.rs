//! Hold-time measurement and the `lock_released` event.

use crate::event::{EntityId, LOCK_RELEASED, TARGET, format_timestamp};
use crate::stats;
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
    stats::enabled() || listened()
}

/// `true` when a subscriber is interested in `lockorder` events.
#[inline(always)]
pub(crate) fn listened() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::INFO)
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
