//! A subscriber that takes a lockorder lock while tracing asks it about a
//! callsite (`register_callsite`), installed before the process's first
//! lock: the first acquisition registers lockorder's probe callsite, tracing
//! asks the subscriber about it, and the subscriber's own lock comes back
//! into lockorder while the probe is being registered. That must neither
//! hang nor lose the subscriber's events. A process of its own, so that
//! the probe is registered by this test.

use lockorder_runtime::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;
use tracing::Subscriber;
use tracing::metadata::Metadata;
use tracing::subscriber::Interest;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// Counts `lockorder` events, and takes a lockorder lock whenever tracing
/// registers a callsite with it.
struct LockingLayer {
    seen: Mutex<Vec<&'static str>>,
    events: Arc<AtomicUsize>,
}

impl<S: Subscriber> Layer<S> for LockingLayer {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        self.seen.lock().unwrap().push(meta.name());
        Interest::always()
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "lockorder" {
            self.events.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[test]
fn a_subscriber_that_locks_while_asked_about_a_callsite_neither_hangs_nor_misses() {
    let events = Arc::new(AtomicUsize::new(0));
    let layer = LockingLayer {
        seen: Mutex::named("reentrant::seen", Vec::new()),
        events: events.clone(),
    };
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
        .expect("no global subscriber yet");
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let m = Mutex::named("reentrant::M", 0u32);
        for _ in 0..3 {
            *m.lock().unwrap() += 1;
        }
        done.send(()).unwrap();
    });
    // A hang detector, not a timing test: the three locks take microseconds.
    finished
        .recv_timeout(Duration::from_secs(60))
        .expect("the first acquisitions hung while the probe was registered");
    // Guards are timed unless `no-timing`: each release of M is an event
    // (the layer's own lock, taken inside tracing's callbacks, may add
    // some; none may be missing).
    if lockorder_runtime::sync::GUARDS_TIMED {
        assert!(events.load(Ordering::Relaxed) >= 3);
    }
}
