//! The process's run-time switches, in one byte: order checking (on by
//! default), in-process statistics (off by default) and whether tracing
//! has found nobody interested in `lockorder` events. The fast path of
//! every acquisition reads all three with one load.

use std::sync::atomic::{AtomicU8, Ordering};

/// Order checking is on.
pub(crate) const CHECKING: u8 = 1;
/// In-process hold-time statistics are recorded.
pub(crate) const STATS: u8 = 2;
/// No subscriber is interested in `lockorder` events: tracing's interest
/// in lockorder's probe callsite is "never" (see `timing::probe`). Clear
/// until the probe is registered, and whenever the interest is anything
/// else (then each acquisition asks tracing, as before).
pub(crate) const QUIET: u8 = 4;

static SWITCHES: AtomicU8 = AtomicU8::new(CHECKING);

/// Every switch, as bits.
#[inline(always)]
pub(crate) fn get() -> u8 {
    SWITCHES.load(Ordering::Relaxed)
}

/// Turns `bit` on or off.
pub(crate) fn set(bit: u8, on: bool) {
    if on {
        SWITCHES.fetch_or(bit, Ordering::Relaxed);
    } else {
        SWITCHES.fetch_and(!bit, Ordering::Relaxed);
    }
}
