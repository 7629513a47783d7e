//! The report's accumulator: hold-time samples per (pipeline, entity_type,
//! caller) inside the window, deadlocks, integrity errors, line accounting.

use super::fast_lock;
use super::line::{Line, classify};
use super::scan::Accumulator;
use super::timestamp::Nanos;
use std::collections::HashMap;

/// A fast, non-cryptographic hasher for the small maps of names.
type Fast = foldhash::fast::RandomState;

/// The time window `[since, until)`: `since` inclusive, `until` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Inclusive start (`None`: unbounded).
    pub since: Option<Nanos>,
    /// Exclusive end.
    pub until: Nanos,
}

impl Window {
    /// Whether `t` lies inside.
    pub fn contains(&self, t: Nanos) -> bool {
        self.since.is_none_or(|s| t >= s) && t < self.until
    }
    /// Whether an event with an optional time counts (no time: it does,
    /// so a deadlock is never hidden).
    pub fn admits(&self, t: Option<Nanos>) -> bool {
        t.is_none_or(|t| self.contains(t))
    }
}

/// Why a line was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// A blank line.
    Empty,
    /// A text line with nothing the report counts.
    Text,
    /// A JSON line of another event.
    OtherEvent,
    /// A `lock_released` line that cannot be used (truncated, missing or
    /// mistyped field, bad timestamp, negative duration), or JSON that does
    /// not parse.
    Malformed,
    /// An event outside the window.
    OutsideWindow,
    /// A line longer than the block size.
    TooLong,
}

impl Skip {
    /// Every reason, in display order.
    pub const ALL: [Skip; 6] = [
        Skip::Empty,
        Skip::Text,
        Skip::OtherEvent,
        Skip::Malformed,
        Skip::OutsideWindow,
        Skip::TooLong,
    ];
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Skip::Empty => "empty",
            Skip::Text => "text",
            Skip::OtherEvent => "other_event",
            Skip::Malformed => "malformed",
            Skip::OutsideWindow => "outside_window",
            Skip::TooLong => "too_long",
        }
    }
}

/// Size of [`ReportAcc`]'s lookup cache.
const RECENT: usize = 64;

fn recent_slot(caller: &[u8]) -> usize {
    let n = caller.len();
    let last = caller.last().map_or(0, |&b| usize::from(b));
    let mid = caller.get(n / 2).map_or(0, |&b| usize::from(b));
    (n.wrapping_mul(7) ^ last.wrapping_mul(13) ^ mid.wrapping_mul(31)) % RECENT
}

/// (pipeline, entity_type, caller).
type Names = (String, String, String);

/// Samples and counts of one run (or one block of it).
#[derive(Debug)]
pub struct ReportAcc {
    window: Window,
    /// caller → indices into `entries` of its (pipeline, entity_type)s:
    /// looked up by the borrowed caller, so a known key costs no allocation.
    index: HashMap<Box<[u8]>, Vec<usize>, Fast>,
    /// A direct-mapped cache in front of `index` (entry index + 1; 0 is
    /// empty), placed by a cheap mix of the caller's length and two bytes:
    /// a hit still compares all three names, it only skips hashing.
    recent: [usize; RECENT],
    entries: Vec<(Names, Vec<f64>)>,
    /// Deadlocks inside the window.
    pub deadlocks: u64,
    /// Integrity errors inside the window.
    pub integrity_errors: u64,
    /// Lines read.
    pub read: u64,
    /// Lines used.
    pub used: u64,
    /// Lines skipped, per reason (indexed like [`Skip::ALL`]).
    pub skipped: [u64; 6],
}

impl ReportAcc {
    /// An empty accumulator for `window`.
    pub fn new(window: Window) -> Self {
        Self {
            window,
            index: HashMap::default(),
            recent: [0; RECENT],
            entries: Vec::new(),
            deadlocks: 0,
            integrity_errors: 0,
            read: 0,
            used: 0,
            skipped: [0; 6],
        }
    }

    fn skip(&mut self, why: Skip) {
        self.skipped[why as usize] += 1;
    }

    /// Total skipped lines.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.iter().sum()
    }

    /// The samples of a (pipeline, entity_type, caller).
    /// Names are UTF-8 (the general path's strings, or the fast path's
    /// printable ASCII), so the lossy conversion on first sight never
    /// replaces anything.
    fn slot(&mut self, pipeline: &[u8], entity_type: &[u8], caller: &[u8]) -> &mut Vec<f64> {
        let r = recent_slot(caller);
        if let Some(i) = self.recent[r].checked_sub(1) {
            let (p, e, c) = &self.entries[i].0;
            if c.as_bytes() == caller && p.as_bytes() == pipeline && e.as_bytes() == entity_type {
                return &mut self.entries[i].1;
            }
        }
        let entries = &self.entries;
        let found = self.index.get(caller).and_then(|ids| {
            ids.iter().copied().find(|&i| {
                let (p, e, _) = &entries[i].0;
                p.as_bytes() == pipeline && e.as_bytes() == entity_type
            })
        });
        let i = match found {
            Some(i) => i,
            None => {
                let i = self.entries.len();
                self.entries.push((
                    (
                        String::from_utf8_lossy(pipeline).into_owned(),
                        String::from_utf8_lossy(entity_type).into_owned(),
                        String::from_utf8_lossy(caller).into_owned(),
                    ),
                    Vec::new(),
                ));
                self.index.entry(caller.into()).or_default().push(i);
                i
            }
        };
        self.recent[r] = i + 1;
        &mut self.entries[i].1
    }

    /// Adds one hold time.
    pub fn add_sample(&mut self, pipeline: &str, entity_type: &str, caller: &str, ms: f64) {
        self.slot(
            pipeline.as_bytes(),
            entity_type.as_bytes(),
            caller.as_bytes(),
        )
        .push(ms);
    }

    /// The samples per (pipeline, entity_type, caller), sorted by key.
    pub fn into_samples(self) -> Vec<(Names, Vec<f64>)> {
        let mut out = self.entries;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

impl Accumulator for ReportAcc {
    fn line(&mut self, text: &[u8], _line: u64) {
        self.read += 1;
        if let Some(lock) = fast_lock::parse(text) {
            if self.window.contains(lock.at) {
                self.used += 1;
                self.slot(lock.pipeline, lock.entity_type, lock.caller)
                    .push(lock.duration_ms);
            } else {
                self.skip(Skip::OutsideWindow);
            }
            return;
        }
        match classify(text, false) {
            Line::LockReleased {
                lock: Some(lock), ..
            } => {
                if self.window.contains(lock.at) {
                    self.used += 1;
                    self.add_sample(
                        &lock.pipeline,
                        &lock.entity_type,
                        &lock.caller,
                        lock.duration_ms,
                    );
                } else {
                    self.skip(Skip::OutsideWindow);
                }
            }
            Line::LockReleased { lock: None, .. }
            | Line::InvalidJson { .. }
            | Line::LockReleasedNotJson => self.skip(Skip::Malformed),
            Line::Deadlock { at } => {
                if self.window.admits(at) {
                    self.used += 1;
                    self.deadlocks += 1;
                } else {
                    self.skip(Skip::OutsideWindow);
                }
            }
            Line::IntegrityError { at } => {
                if self.window.admits(at) {
                    self.used += 1;
                    self.integrity_errors += 1;
                } else {
                    self.skip(Skip::OutsideWindow);
                }
            }
            Line::Empty => self.skip(Skip::Empty),
            Line::Text => self.skip(Skip::Text),
            Line::OtherEvent { .. } | Line::OtherJsonUnchecked => self.skip(Skip::OtherEvent),
        }
    }

    fn too_long(&mut self, _line: u64) {
        self.read += 1;
        self.skip(Skip::TooLong);
    }

    fn merge(&mut self, other: Self, _file: usize, _line_offset: u64) {
        for ((p, e, c), v) in other.entries {
            let slot = self.slot(p.as_bytes(), e.as_bytes(), c.as_bytes());
            if slot.is_empty() {
                *slot = v;
            } else {
                slot.extend_from_slice(&v);
            }
        }
        self.deadlocks += other.deadlocks;
        self.integrity_errors += other.integrity_errors;
        self.read += other.read;
        self.used += other.used;
        for (a, b) in self.skipped.iter_mut().zip(other.skipped) {
            *a += b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        /// Samples land under their exact (pipeline, entity_type, caller),
        /// whatever the cache and the index do with similar names.
        #[test]
        fn samples_are_kept_per_exact_key(
            adds in proptest::collection::vec(
                ("[ab]{1,2}", "[xy]{1,2}", "[cd.]{0,4}", 0u32..100), 0..200),
        ) {
            let mut acc = ReportAcc::new(Window { since: None, until: 0 });
            let mut expected: BTreeMap<Names, Vec<f64>> = BTreeMap::new();
            for (p, e, c, v) in &adds {
                acc.add_sample(p, e, c, f64::from(*v));
                expected
                    .entry((p.clone(), e.clone(), c.clone()))
                    .or_default()
                    .push(f64::from(*v));
            }
            let got: BTreeMap<Names, Vec<f64>> = acc.into_samples().into_iter().collect();
            prop_assert_eq!(got, expected);
        }
    }
}
