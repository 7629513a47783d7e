//! Consistent order under 8 threads × 100 000 acquisitions: zero reports
//! and zero lost events (events counted = releases made; none under
//! `no-timing`). Its own binary,
//! because it installs a global subscriber.
#![cfg(not(feature = "no-checking"))]

use lockorder_runtime::check::{Policy, findings, set_policy};
use lockorder_runtime::{Mutex, RwLock};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// Counts `lockorder` events by their `event` field.
#[derive(Default)]
struct Counter {
    released: AtomicU64,
    violations: AtomicU64,
}

struct EventName(Option<String>);

impl Visit for EventName {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "event" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

struct CountLayer(Arc<Counter>);

impl<S: Subscriber> Layer<S> for CountLayer {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "lockorder" {
            return;
        }
        let mut name = EventName(None);
        event.record(&mut name);
        match name.0.as_deref() {
            Some("lock_released") => self.0.released.fetch_add(1, Ordering::Relaxed),
            Some(_) => self.0.violations.fetch_add(1, Ordering::Relaxed),
            None => 0,
        };
    }
}

const THREADS: u64 = 8;
const ACQUISITIONS_PER_THREAD: u64 = 100_000;

#[test]
fn eight_threads_consistent_order_no_reports_no_lost_events() {
    set_policy(Policy::Panic);
    let counter = Arc::new(Counter::default());
    tracing_subscriber::registry()
        .with(CountLayer(counter.clone()))
        .init();

    // Three classes, always taken outer → middle → inner; the middle one is
    // a RwLock read by most iterations.
    let outer = Arc::new(Mutex::named("stress::Outer", 0u64));
    let middle = Arc::new(RwLock::named("stress::Middle", 0u64));
    let inner = Arc::new(Mutex::named("stress::Inner", 0u64));
    let made = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (outer, middle, inner, made) =
                (outer.clone(), middle.clone(), inner.clone(), made.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                let mut i = 0u64;
                while n < ACQUISITIONS_PER_THREAD {
                    match (i + t) % 3 {
                        0 => {
                            let mut o = outer.lock().unwrap();
                            let m = middle.read().unwrap();
                            let mut g = inner.lock().unwrap();
                            *o += 1;
                            *g += *m;
                            n += 3;
                        }
                        1 => {
                            let _m = middle.read().unwrap();
                            let mut g = inner.lock().unwrap();
                            *g += 1;
                            n += 2;
                        }
                        _ => {
                            let mut o = outer.lock().unwrap();
                            *o += 1;
                            n += 1;
                        }
                    }
                    i += 1;
                }
                made.fetch_add(n, Ordering::Relaxed);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let made = made.load(Ordering::Relaxed);
    assert!(made >= THREADS * ACQUISITIONS_PER_THREAD);
    // Under `no-timing` guards emit no `lock_released` at all.
    let expected = if lockorder_runtime::sync::GUARDS_TIMED {
        made
    } else {
        0
    };
    assert_eq!(
        counter.released.load(Ordering::Relaxed),
        expected,
        "lost (or, under no-timing, unexpected) events"
    );
    assert_eq!(counter.violations.load(Ordering::Relaxed), 0);
    assert!(
        findings()
            .iter()
            .all(|f| !f.locks.iter().any(|l| l.starts_with("stress::"))),
        "{:#?}",
        findings()
    );
}
