//! In-process hold-time statistics, like lockdep's `lock_stat`.
//!
//! Off by default (recording takes a process-wide mutex on every release);
//! [`enable`] turns it on. Per `(pipeline, entity_type, caller)` the count
//! and maximum are exact; the percentiles are nearest-rank (the value at
//! rank ⌈q·n⌉ of the sorted durations) over the kept samples: every sample
//! up to 4096 per key, then a uniform reservoir sample of 4096.

use crate::switches::{self, STATS};
use crate::timing::CallerName;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Samples kept per key for the percentiles.
pub const RESERVOIR: usize = 4096;

/// Starts recording hold times.
pub fn enable() {
    switches::set(STATS, true);
}

/// Stops recording hold times (what was recorded stays).
pub fn disable() {
    switches::set(STATS, false);
}

/// `true` while recording.
#[inline]
pub fn enabled() -> bool {
    switches::get() & STATS != 0
}

/// The statistics of one `(pipeline, entity_type, caller)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoldStats {
    /// Pipeline.
    pub pipeline: String,
    /// Lock class.
    pub entity_type: String,
    /// Caller (annotated name or `file:line`).
    pub caller: String,
    /// Releases recorded.
    pub count: u64,
    /// Nearest-rank 50th percentile, ms.
    pub p50_ms: f64,
    /// Nearest-rank 95th percentile, ms.
    pub p95_ms: f64,
    /// Nearest-rank 99th percentile, ms.
    pub p99_ms: f64,
    /// Longest hold, ms.
    pub max_ms: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CallerKey {
    Name(&'static str),
    Site(&'static str, u32),
}

type Key = (&'static str, &'static str, CallerKey);

#[derive(Debug, Default)]
struct Series {
    count: u64,
    max: f64,
    samples: Vec<f64>,
    rng: u64,
}

fn table() -> &'static Mutex<HashMap<Key, Series>> {
    static T: OnceLock<Mutex<HashMap<Key, Series>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

pub(crate) fn record(pipeline: &'static str, entity_type: &'static str, c: CallerName, ms: f64) {
    let ck = match c.caller {
        Some(n) => CallerKey::Name(n),
        None => CallerKey::Site(c.site.file(), c.site.line()),
    };
    let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
    let s = t.entry((pipeline, entity_type, ck)).or_default();
    s.count += 1;
    if ms > s.max {
        s.max = ms;
    }
    if s.samples.len() < RESERVOIR {
        s.samples.push(ms);
    } else {
        // Algorithm R with a xorshift generator.
        s.rng = if s.rng == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            s.rng
        };
        s.rng ^= s.rng << 13;
        s.rng ^= s.rng >> 7;
        s.rng ^= s.rng << 17;
        let j = s.rng % s.count;
        if (j as usize) < RESERVOIR {
            s.samples[j as usize] = ms;
        }
    }
}

/// Nearest-rank percentile of sorted values: the value at rank ⌈q·n⌉.
pub fn nearest_rank(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The statistics recorded so far, sorted by pipeline, entity type, caller.
pub fn snapshot() -> Vec<HoldStats> {
    let t = table().lock().unwrap_or_else(|e| e.into_inner());
    let mut out: Vec<HoldStats> = t
        .iter()
        .map(|(&(pipeline, entity_type, ck), s)| {
            let mut v = s.samples.clone();
            v.sort_by(f64::total_cmp);
            HoldStats {
                pipeline: pipeline.to_owned(),
                entity_type: entity_type.to_owned(),
                caller: match ck {
                    CallerKey::Name(n) => n.to_owned(),
                    CallerKey::Site(f, l) => format!("{f}:{l}"),
                },
                count: s.count,
                p50_ms: nearest_rank(&v, 0.50),
                p95_ms: nearest_rank(&v, 0.95),
                p99_ms: nearest_rank(&v, 0.99),
                max_ms: s.max,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.pipeline, &a.entity_type, &a.caller).cmp(&(&b.pipeline, &b.entity_type, &b.caller))
    });
    out
}

/// Forgets everything recorded.
pub fn reset() {
    table().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_is_exact() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 0.5), 50.0);
        assert_eq!(nearest_rank(&v, 0.95), 95.0);
        assert_eq!(nearest_rank(&v, 0.99), 99.0);
        assert_eq!(nearest_rank(&[7.0], 0.95), 7.0);
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert_eq!(nearest_rank(&[], 0.5), 0.0);
    }
}
