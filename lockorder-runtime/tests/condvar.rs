//! Condition variables (std and parking_lot): a wait releases the mutex and
//! every wake-up takes it again, so the hold before the wait is reported
//! on its own and the re-acquisition is checked against the locks still
//! held. Waiting with another lock held, against the order in which the
//! notifier takes the two, is the lost-wake-up deadlock the check must
//! report; plain waits must report nothing and leave the held set exact.
//! Poisoning passes through the wrappers and can be cleared.

mod common;

#[cfg(not(feature = "no-checking"))]
use common::{findings_for, fresh, rules};
use lockorder_runtime::{Condvar, Mutex, parking_lot as pl};
#[cfg(not(feature = "no-checking"))]
use lockorder_runtime::{Rule, check::held_classes};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SHORT: Duration = Duration::from_millis(5);

#[test]
fn std_wait_while_returns_once_notified() {
    let pair = Arc::new((Mutex::named("cv_std_notify::Ready", 0u32), Condvar::new()));
    let other = Arc::clone(&pair);
    let t = std::thread::spawn(move || {
        let (m, cv) = &*other;
        for _ in 0..3 {
            *m.lock().unwrap() += 1;
            cv.notify_all();
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    let (m, cv) = &*pair;
    let g = cv.wait_while(m.lock().unwrap(), |n| *n < 3).unwrap();
    assert_eq!(*g, 3);
    drop(g);
    t.join().unwrap();
}

#[test]
fn std_timed_waits_time_out_and_report_it() {
    let (m, cv) = (Mutex::named("cv_std_timeout::M", false), Condvar::new());
    let start = Instant::now();
    let (g, r) = cv.wait_timeout(m.lock().unwrap(), SHORT).unwrap();
    assert!(r.timed_out());
    let (g, r) = cv.wait_timeout_while(g, SHORT, |ready| !*ready).unwrap();
    assert!(r.timed_out());
    assert!(start.elapsed() >= 2 * SHORT);
    // A condition already met returns at once, not timed out.
    let (g, r) = cv
        .wait_timeout_while(g, Duration::from_secs(60), |ready| *ready)
        .unwrap();
    assert!(!r.timed_out());
    drop(g);
}

#[test]
fn std_wait_on_a_poisoned_mutex_returns_the_guard_in_the_error() {
    let m = Arc::new(Mutex::named("cv_std_poison::M", 1u32));
    let m2 = Arc::clone(&m);
    let _ = std::thread::spawn(move || {
        let _g = m2.lock().unwrap();
        panic!("poison it");
    })
    .join();
    let cv = Condvar::new();
    let g = m.lock().unwrap_err().into_inner();
    let (g, r) = cv.wait_timeout(g, SHORT).unwrap_err().into_inner();
    assert!(r.timed_out());
    assert_eq!(*g, 1);
    drop(g);
    assert!(m.is_poisoned());
    m.clear_poison();
    assert!(!m.is_poisoned());
    assert_eq!(*m.lock().unwrap(), 1);
    #[cfg(not(feature = "no-checking"))]
    assert!(held_classes().is_empty(), "{:?}", held_classes());
}

#[test]
fn parking_lot_waits_notify_and_time_out() {
    let (m, cv) = (
        pl::Mutex::named("cv_pl_notify::Queue", 0u32),
        pl::Condvar::new(),
    );
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(2));
            *m.lock() += 1;
            cv.notify_one();
        });
        let mut g = m.lock();
        cv.wait_while(&mut g, |n| *n == 0);
        assert_eq!(*g, 1);
    });
    let mut g = m.lock();
    assert!(cv.wait_for(&mut g, SHORT).timed_out());
    assert!(cv.wait_while_for(&mut g, |n| *n == 1, SHORT).timed_out());
    assert!(!cv.wait_while_for(&mut g, |n| *n == 0, SHORT).timed_out());
    assert!(cv.wait_until(&mut g, Instant::now() + SHORT).timed_out());
    assert!(!cv.notify_one(), "nobody waits");
}

/// Takes `a` then `b` (the order the notifier uses), then waits on `a`'s
/// condition variable with `b` still held: the wake-up re-takes `a` with
/// `b` held, the edge `b → a` closes the cycle `a → b → a`.
#[test]
#[cfg(not(feature = "no-checking"))]
fn std_waiting_with_another_lock_held_against_the_order_is_a_cycle() {
    let p = fresh("cv_std_cycle_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    let cv = Condvar::new();
    let ga = a.lock().unwrap();
    let gb = b.lock().unwrap();
    let wait_line = line!() + 1;
    let (ga, _) = cv.wait_timeout(ga, SHORT).unwrap();
    let fs = findings_for(&p);
    assert_eq!(rules(&fs), [Rule::LockOrderCycle], "{fs:#?}");
    let edge = fs[0]
        .edges
        .iter()
        .find(|e| e.from == format!("{p}B"))
        .expect("the new edge B -> A");
    assert_eq!(edge.to, format!("{p}A"));
    assert_eq!(edge.acquired_at.line, wait_line, "reported at the wait");
    drop((gb, ga));
    assert!(held_classes().is_empty());
}

/// The same wait with `b` taken after the wake-up is in order: nothing to
/// report, however often it waits.
#[test]
#[cfg(not(feature = "no-checking"))]
fn std_waits_in_order_report_nothing_and_keep_the_held_set_exact() {
    let p = fresh("cv_std_ok_");
    let a = Mutex::named(&format!("{p}A"), 0u32);
    let b = Mutex::named(&format!("{p}B"), ());
    let cv = Condvar::new();
    let mut ga = a.lock().unwrap();
    for _ in 0..3 {
        ga = cv.wait_timeout(ga, Duration::from_millis(1)).unwrap().0;
        assert_eq!(held_classes().len(), 1, "{:?}", held_classes());
    }
    ga = cv.wait_timeout_while(ga, SHORT, |n| *n == 0).unwrap().0;
    let gb = b.lock().unwrap();
    drop((gb, ga));
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
}

#[test]
#[cfg(not(feature = "no-checking"))]
fn parking_lot_waiting_with_another_lock_held_against_the_order_is_a_cycle() {
    let p = fresh("cv_pl_cycle_");
    let a = pl::Mutex::named(&format!("{p}A"), ());
    let b = pl::Mutex::named(&format!("{p}B"), ());
    let cv = pl::Condvar::new();
    let mut ga = a.lock();
    let gb = b.lock();
    let wait_line = line!() + 1;
    cv.wait_for(&mut ga, SHORT);
    let fs = findings_for(&p);
    assert_eq!(rules(&fs), [Rule::LockOrderCycle], "{fs:#?}");
    let edge = fs[0]
        .edges
        .iter()
        .find(|e| e.from == format!("{p}B"))
        .expect("the new edge B -> A");
    assert_eq!(edge.acquired_at.line, wait_line, "reported at the wait");
    drop((gb, ga));
    assert!(held_classes().is_empty());
}

#[test]
#[cfg(not(feature = "no-checking"))]
fn parking_lot_waits_in_order_report_nothing() {
    let p = fresh("cv_pl_ok_");
    let a = pl::Mutex::named(&format!("{p}A"), ());
    let b = pl::Mutex::named(&format!("{p}B"), ());
    let cv = pl::Condvar::new();
    let mut ga = a.lock();
    cv.wait_for(&mut ga, Duration::from_millis(1));
    cv.wait_until(&mut ga, Instant::now() + Duration::from_millis(1));
    assert_eq!(held_classes().len(), 1, "{:?}", held_classes());
    let gb = b.lock();
    drop((gb, ga));
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
}

#[test]
fn a_poisoned_rwlock_can_be_cleared() {
    let l = Arc::new(lockorder_runtime::RwLock::named("cv_rw_poison::L", 0u32));
    let l2 = Arc::clone(&l);
    let _ = std::thread::spawn(move || {
        let _w = l2.write().unwrap();
        panic!("poison it");
    })
    .join();
    assert!(l.is_poisoned());
    assert!(l.read().is_err());
    l.clear_poison();
    assert!(!l.is_poisoned());
    assert_eq!(*l.read().unwrap(), 0);
}
