//! tokio's owned guards: checked at acquisition, timed wherever they are
//! released, and in no held set once acquired (non-owner holds).
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, releases, rules, run, runtime};
use lockorder_runtime::check::{held_classes, learned_edges};
use lockorder_runtime::{Rule, spawn, stats, tokio as lt};
use std::sync::Arc;

/// An owned guard moved into another task and dropped there: the task
/// that took it holds nothing afterwards (a lock it takes next is not
/// ordered after the owned one), and the release is timed where it
/// happens.
#[test]
fn an_owned_guard_released_by_another_task_leaves_no_stale_hold() {
    let p = fresh("own_move_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), 0u32));
    let b = Arc::new(lt::Mutex::named(&format!("{p}B"), ()));
    stats::enable();
    let (held_after, held_by_taker) = run({
        let (a, b) = (a.clone(), b.clone());
        async move {
            let mut g = a.lock_owned().await;
            *g += 1;
            let held_by_taker = lockorder_runtime::check::held_classes().len();
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let releaser = spawn(async move {
                assert_eq!(*g, 1);
                drop(g);
                let _ = tx.send(());
            });
            rx.await.unwrap();
            releaser.await.unwrap();
            // A is released; B taken now is not "under" A.
            let _b = b.lock().await;
            (held_classes().len(), held_by_taker)
        }
    });
    assert_eq!(
        held_by_taker, 0,
        "an owned guard stayed in the taker's held set"
    );
    assert_eq!(held_after, 1);
    assert!(
        !learned_edges().iter().any(|e| e.from.starts_with(&p)),
        "an edge learned from an owned guard"
    );
    assert_eq!(
        releases(&format!("{p}A")),
        // Guards are not timed under `no-timing`.
        u64::from(!cfg!(feature = "no-timing")),
        "the owned hold was timed wrongly"
    );
    assert!(findings_for(&p).is_empty());
}

/// Taking an owned guard is checked against the locks the task holds: B
/// then A after A then B is a cycle, reported at the owned acquisition.
#[test]
fn an_owned_acquisition_against_the_learned_order_is_a_cycle() {
    let p = fresh("own_cycle_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), ()));
    let b = Arc::new(lt::Mutex::named(&format!("{p}B"), ()));
    run({
        let (a, b) = (a.clone(), b.clone());
        async move {
            {
                let _a = a.lock().await;
                let _b = b.lock().await;
            }
            let _b = b.lock().await;
            let _a = a.clone().lock_owned().await;
        }
    });
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

/// Owned read and write guards: a write taken while the task reads the
/// same lock is a double lock, checked at the owned acquisition; in order,
/// owned acquisitions report nothing.
#[test]
fn owned_rwlock_guards_are_checked_at_acquisition() {
    let p = fresh("own_rw_");
    let l = Arc::new(lt::RwLock::named(&format!("{p}L"), 5u32));
    let m = Arc::new(lt::RwLock::named(&format!("{p}M"), 0u32));
    run({
        let (l, m) = (l.clone(), m.clone());
        async move {
            let r = l.clone().read_owned().await;
            let mut w = m.clone().write_owned().await;
            *w = *r;
            drop((r, w));
            assert_eq!(*m.clone().read_owned().await, 5);
        }
    });
    assert!(findings_for(&p).is_empty());
    // A read guard held by the task, then an owned write of the same lock:
    // it would wait for itself.
    let q = fresh("own_rw_self_");
    let n = Arc::new(lt::RwLock::named(&format!("{q}N"), ()));
    let n2 = n.clone();
    let outcome = run(async move {
        let _r = n2.read().await;
        let pending = n2.clone().write_owned();
        tokio::time::timeout(std::time::Duration::from_millis(50), pending)
            .await
            .is_err()
    });
    assert!(outcome, "the write should have waited for the read");
    assert_eq!(rules(&findings_for(&q)), [Rule::DoubleLock]);
}

/// The `try_` forms: a held lock is refused, a free one is taken, and a
/// tried acquisition adds no edge into the lock.
#[test]
fn try_owned_acquisitions_take_free_locks_and_refuse_held_ones() {
    let p = fresh("own_try_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), ()));
    let l = Arc::new(lt::RwLock::named(&format!("{p}L"), ()));
    let g = a.clone().try_lock_owned().expect("free");
    assert!(a.clone().try_lock_owned().is_err());
    assert!(Arc::ptr_eq(g.mutex(), &a));
    let r = l.clone().try_read_owned().expect("free");
    assert!(l.clone().try_write_owned().is_err());
    assert!(l.clone().try_read_owned().is_ok());
    drop((g, r));
    let w = l.clone().try_write_owned().expect("free again");
    assert!(Arc::ptr_eq(w.rwlock(), &l));
    assert!(held_classes().is_empty());
    // Downgraded, it lets other readers in, not writers, and stays one
    // hold.
    let r = w.downgrade();
    assert!(l.clone().try_read_owned().is_ok());
    assert!(l.clone().try_write_owned().is_err());
    assert!(Arc::ptr_eq(r.rwlock(), &l));
    drop(r);
    assert!(l.clone().try_write_owned().is_ok());
    assert!(findings_for(&p).is_empty());
    assert!(!learned_edges().iter().any(|e| e.to.starts_with(&p)));
}

/// A pending owned acquisition that holds the last `Arc` of its lock can
/// be cancelled: the wait is dropped before the lock is freed (run it under
/// valgrind to see a use after free if that order breaks).
#[test]
fn a_cancelled_owned_acquisition_holding_the_last_arc_frees_cleanly() {
    let p = fresh("own_cancel_");
    let rt = runtime();
    rt.block_on(async {
        let b = Arc::new(lt::Mutex::named(&format!("{p}B"), vec![7u8; 64]));
        // Keep the lock taken with no `Arc` behind the taker: forget a
        // borrowed guard.
        std::mem::forget(b.lock().await);
        let waiting = b.clone().lock_owned();
        drop(b); // `waiting` has the last `Arc`
        // Polled once (it waits behind the forgotten guard), then dropped.
        let cancelled = tokio::time::timeout(std::time::Duration::from_millis(20), waiting).await;
        assert!(cancelled.is_err());
        // Never polled at all, with the last `Arc`.
        let c = Arc::new(lt::Mutex::named(&format!("{p}C"), 0u8));
        drop(c.lock_owned());
    });
}
