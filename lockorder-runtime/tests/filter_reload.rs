//! The production set-up: a global subscriber whose filter an operator
//! changes at run time (tracing-subscriber's `reload`). While the filter
//! rules `lockorder` out, locks are untimed (nobody listens); once it lets
//! `lockorder=info` through, every release is reported again; ruled out
//! again, nothing more. A process of its own (one global subscriber).

use lockorder_runtime::Mutex;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, reload};

/// Counts `lockorder` events that get through the filter.
#[derive(Clone, Default)]
struct Count(Arc<AtomicUsize>);

impl<S: Subscriber> Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "lockorder" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[test]
fn reloading_the_filter_turns_lock_released_off_and_on() {
    let count = Count::default();
    let (filter, handle) = reload::Layer::new(EnvFilter::new("warn"));
    tracing_subscriber::registry()
        .with(filter)
        .with(count.clone())
        .try_init()
        .expect("no global subscriber yet");
    let m = Mutex::named("filter_reload::M", 0u32);
    let events = || count.0.load(Ordering::Relaxed);
    let lock_twice = || {
        for _ in 0..2 {
            *m.lock().unwrap() += 1;
        }
    };

    lock_twice();
    assert_eq!(events(), 0, "lockorder events got through a `warn` filter");

    handle
        .reload(EnvFilter::new("warn,lockorder=info"))
        .unwrap();
    lock_twice();
    let timed = if lockorder_runtime::sync::GUARDS_TIMED {
        2
    } else {
        0
    };
    assert_eq!(
        events(),
        timed,
        "releases missed after the filter let them in"
    );

    handle.reload(EnvFilter::new("warn")).unwrap();
    lock_twice();
    assert_eq!(
        events(),
        timed,
        "releases reported after the filter ruled them out"
    );
}
