//! With nobody listening, lockorder learns from tracing's interest in a
//! probe callsite that guards need no timing, and stops asking. A
//! subscriber that comes later, for one thread or for the process, must
//! still get every `lock_released` from then on: tracing re-tells the
//! probe its interest before the new subscriber is in place. One test, so
//! that the steps run in this order in a process of their own (a global
//! default cannot be undone).

mod common;

use common::CountEvents as Count;
use lockorder_runtime::{Class, Mutex, scope};
use tracing_subscriber::prelude::*;

/// One guard and one scope, taken and released.
fn lock_and_scope(m: &Mutex<u32>) {
    *m.lock().unwrap() += 1;
    drop(scope(Class::named("late::Row")).entity_id(7).enter());
}

#[test]
fn a_subscriber_installed_after_locks_were_taken_unheard_gets_every_release() {
    // Guards are timed unless `no-timing`; scopes always are.
    let per_round = if lockorder_runtime::sync::GUARDS_TIMED {
        2
    } else {
        1
    };
    let m = Mutex::named("late::M", 0u32);

    // Nobody listens: tracing rules every subscriber out.
    for _ in 0..3 {
        lock_and_scope(&m);
    }

    // A subscriber for this thread only.
    let scoped = Count::default();
    tracing::subscriber::with_default(tracing_subscriber::registry().with(scoped.clone()), || {
        lock_and_scope(&m);
        lock_and_scope(&m);
    });
    assert_eq!(scoped.get(), 2 * per_round);
    lock_and_scope(&m); // its scope is over: nothing more for it
    assert_eq!(scoped.get(), 2 * per_round);

    // A subscriber for the whole process, heard on this thread and on a
    // thread that has never taken a lock.
    let global = Count::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(global.clone()))
        .expect("no global subscriber yet");
    lock_and_scope(&m);
    std::thread::scope(|s| {
        s.spawn(|| lock_and_scope(&m));
    });
    assert_eq!(global.get(), 2 * per_round);
    assert_eq!(*m.lock().unwrap(), 8);
}
