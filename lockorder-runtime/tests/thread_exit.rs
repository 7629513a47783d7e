//! Threads that end: the per-thread state is freed at thread exit by a
//! thread-local of its own, and a lock taken later in the teardown (by
//! another thread-local's destructor, before or after that) still works
//! and is still checked.

use lockorder_runtime::Mutex;
use std::cell::RefCell;

static COUNT: Mutex<u32> = Mutex::new(0);

/// Takes `COUNT` when dropped.
struct LockOnDrop;

impl Drop for LockOnDrop {
    fn drop(&mut self) {
        *COUNT.lock().unwrap() += 1;
    }
}

thread_local! {
    static LATE: RefCell<Option<LockOnDrop>> = const { RefCell::new(None) };
}

#[test]
fn locks_work_in_thread_local_destructors_in_either_order() {
    for i in 0..16 {
        std::thread::spawn(move || {
            // the destructor registered first runs last: half the threads
            // set LATE before their first lock (it then runs after the
            // state was freed), half after
            if i % 2 == 0 {
                LATE.with(|l| *l.borrow_mut() = Some(LockOnDrop));
                *COUNT.lock().unwrap() += 1;
            } else {
                *COUNT.lock().unwrap() += 1;
                LATE.with(|l| *l.borrow_mut() = Some(LockOnDrop));
            }
        })
        .join()
        .expect("no panic at thread exit");
    }
    assert_eq!(*COUNT.lock().unwrap(), 32);
    #[cfg(not(feature = "no-checking"))]
    assert!(lockorder_runtime::check::held_classes().is_empty());
}

/// Many short threads, each holding two locks in one order: nothing is
/// reported, nothing stays held.
#[test]
#[cfg(not(feature = "no-checking"))]
fn short_lived_threads_keep_the_learned_order() {
    let a = std::sync::Arc::new(Mutex::named("thread_exit::A", 0u32));
    let b = std::sync::Arc::new(Mutex::named("thread_exit::B", 0u32));
    let handles: Vec<_> = (0..64)
        .map(|_| {
            let (a, b) = (a.clone(), b.clone());
            std::thread::spawn(move || {
                let _a = a.lock().unwrap();
                *b.lock().unwrap() += 1;
                lockorder_runtime::check::held_classes().len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 1);
    }
    assert_eq!(*b.lock().unwrap(), 64);
    let mine: Vec<_> = lockorder_runtime::check::findings()
        .into_iter()
        .filter(|f| f.locks.iter().any(|l| l.starts_with("thread_exit::")))
        .collect();
    assert_eq!(mine, []);
}
