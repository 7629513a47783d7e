//! The production set-up: a global subscriber whose filter an operator
//! changes at run time (tracing-subscriber's `reload`). While the filter
//! rules `lockorder` out, locks are untimed (nobody listens); once it lets
//! `lockorder=info` through, every release is reported again; ruled out
//! again, nothing more. A process of its own (one global subscriber).

mod common;

use common::CountEvents;
use lockorder_runtime::Mutex;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, reload};

#[test]
fn reloading_the_filter_turns_lock_released_off_and_on() {
    let count = CountEvents::default();
    let (filter, handle) = reload::Layer::new(EnvFilter::new("warn"));
    tracing_subscriber::registry()
        .with(filter)
        .with(count.clone())
        .try_init()
        .expect("no global subscriber yet");
    let m = Mutex::named("filter_reload::M", 0u32);
    let events = || count.get();
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
