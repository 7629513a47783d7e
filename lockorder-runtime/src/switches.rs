//! The process's run-time switches, in one byte: order checking (on by
//! default) and in-process statistics (off by default). The fast path of
//! every acquisition reads both with one load.

use std::sync::atomic::{AtomicU8, Ordering};

/// Order checking is on.
pub(crate) const CHECKING: u8 = 1;
/// In-process hold-time statistics are recorded.
pub(crate) const STATS: u8 = 2;

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
