//! The report's accumulator: hold-time samples per (pipeline, entity_type,
//! caller) inside the window, deadlocks, integrity errors, line accounting.

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

/// (pipeline, entity_type, caller).
type Names = (String, String, String);

/// Samples and counts of one run (or one block of it).
#[derive(Debug)]
pub struct ReportAcc {
    window: Window,
    /// Encoded (pipeline, entity_type, caller) → index into `entries`.
    index: HashMap<Box<[u8]>, usize, Fast>,
    entries: Vec<(Names, Vec<f64>)>,
    key: Vec<u8>,
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
            entries: Vec::new(),
            key: Vec::new(),
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

    /// The samples of a (pipeline, entity_type, caller): one hash of a
    /// length-prefixed encoding of all three (unambiguous for any names).
    fn slot(&mut self, pipeline: &str, entity_type: &str, caller: &str) -> &mut Vec<f64> {
        self.key.clear();
        for part in [pipeline, entity_type, caller] {
            self.key
                .extend_from_slice(&(part.len() as u32).to_le_bytes());
            self.key.extend_from_slice(part.as_bytes());
        }
        let i = match self.index.get(self.key.as_slice()) {
            Some(&i) => i,
            None => {
                let i = self.entries.len();
                self.entries.push((
                    (
                        pipeline.to_owned(),
                        entity_type.to_owned(),
                        caller.to_owned(),
                    ),
                    Vec::new(),
                ));
                self.index.insert(self.key.as_slice().into(), i);
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Adds one hold time.
    pub fn add_sample(&mut self, pipeline: &str, entity_type: &str, caller: &str, ms: f64) {
        self.slot(pipeline, entity_type, caller).push(ms);
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
            let slot = self.slot(&p, &e, &c);
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
