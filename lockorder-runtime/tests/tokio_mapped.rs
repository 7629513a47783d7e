//! tokio's guard projections: a mapped guard (borrowed or owned) is the
//! same hold as the guard it came from — the lock stays held, edges are
//! learned through a borrowed one, one release is timed — `try_map` that
//! finds nothing gives the guard back still held, and a downgraded write
//! guard is held as a read from then on.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, releases, rules, run};
use lockorder_runtime::check::held_classes;
use lockorder_runtime::tokio::{
    self as lt, MappedMutexGuard, MutexGuard, OwnedMutexGuard, OwnedRwLockReadGuard,
    OwnedRwLockWriteGuard, RwLockReadGuard, RwLockWriteGuard,
};
use lockorder_runtime::{Rule, spawn, stats};
use std::sync::Arc;

#[derive(Debug, Default)]
struct Pair {
    left: u32,
    right: Option<u32>,
}

/// A mapped mutex guard keeps the lock and the hold: B taken under it is
/// ordered after A (B then A later closes a cycle), and it releases A.
#[test]
fn a_mapped_mutex_guard_is_the_same_hold() {
    let p = fresh("tk_map_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), Pair::default()));
    let b = Arc::new(lt::Mutex::named(&format!("{p}B"), 0u32));
    let (during, after, refused) = run({
        let (a, b) = (a.clone(), b.clone());
        async move {
            let mut left = MutexGuard::map(a.lock().await, |s| &mut s.left);
            *left += 1;
            let mut left = MappedMutexGuard::map(left, |l| l); // a map of a map
            *b.lock().await += *left; // A -> B, through the mapped guard
            let during = held_classes().len();
            let refused = a.try_lock().is_err();
            *left += 1;
            drop(left);
            (during, held_classes().len(), refused)
        }
    });
    assert_eq!((during, after), (1, 0));
    assert!(refused, "the mapped guard let the lock go");
    assert_eq!(findings_for(&p), []);
    run({
        let (a, b) = (a.clone(), b.clone());
        async move {
            let _b = b.lock().await;
            let _a = a.lock().await; // B -> A closes the cycle
        }
    });
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

/// `try_map` that finds nothing gives the guard back, still held; one that
/// finds the part maps it.
#[test]
fn try_map_gives_the_guard_back_still_held() {
    let p = fresh("tk_trymap_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), Pair::default()));
    let rw = Arc::new(lt::RwLock::named(&format!("{p}Rw"), Pair::default()));
    let (held, left, right) = run({
        let (a, rw) = (a.clone(), rw.clone());
        async move {
            let g = match MutexGuard::try_map(a.lock().await, |s| s.right.as_mut()) {
                Ok(_) => panic!("no right part yet"),
                Err(g) => g,
            };
            let held = held_classes().len();
            drop(g);
            let mut w = RwLockWriteGuard::into_mapped(rw.write().await);
            w.right = Some(4);
            let mut right =
                lockorder_runtime::tokio::RwLockMappedWriteGuard::try_map(w, |s| s.right.as_mut())
                    .expect("the right part is there");
            *right += 1;
            drop(right);
            let left = RwLockReadGuard::map(rw.read().await, |s| &s.left);
            let l = *left;
            drop(left);
            let r = RwLockReadGuard::try_map(rw.read().await, |s| s.right.as_ref())
                .ok()
                .map(|r| *r);
            (held, l, r)
        }
    });
    assert_eq!((held, left, right), (1, 0, Some(5)));
    assert!(a.try_lock().is_ok() && rw.try_write().is_ok());
    assert_eq!(findings_for(&p), []);
}

/// A downgraded write guard is held as a read: a second read of the same
/// (fair) lock is then a recursive read, not a re-lock of a write.
#[test]
fn a_downgraded_guard_is_held_as_a_read() {
    let p = fresh("tk_down_");
    let rw = Arc::new(lt::RwLock::named(&format!("{p}Rw"), Pair::default()));
    let q = fresh("tk_down_map_");
    let rw2 = Arc::new(lt::RwLock::named(&format!("{q}Rw"), Pair::default()));
    run({
        let (rw, rw2) = (rw.clone(), rw2.clone());
        async move {
            let r = RwLockWriteGuard::downgrade(rw.write().await);
            let again = rw.try_read().expect("readers share");
            drop((again, r));
            let r = RwLockWriteGuard::downgrade_map(rw2.write().await, |s| &s.left);
            let again = rw2.try_read().expect("readers share");
            drop((again, r));
            // A blocking second read under the downgraded guard is what a
            // queued writer can block: reported, as a read.
            let r = RwLockWriteGuard::downgrade(rw.write().await);
            let again = rw.read().await;
            drop((again, r));
        }
    });
    let fs = findings_for(&p);
    assert_eq!(rules(&fs), [Rule::DoubleLock]);
    assert!(
        fs[0].message.starts_with("recursive read on a fair RwLock"),
        "{}",
        fs[0].message
    );
    assert_eq!(findings_for(&q), []);
    assert!(rw.try_write().is_ok() && rw2.try_write().is_ok());
}

/// Owned guards mapped, moved to another task and dropped there: the lock
/// stays held until then, the taker holds nothing, and the one hold is
/// timed once.
#[test]
fn mapped_owned_guards_keep_the_lock_until_released_anywhere() {
    let p = fresh("tk_owned_map_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), Pair::default()));
    let rw = Arc::new(lt::RwLock::named(&format!("{p}Rw"), Pair::default()));
    stats::enable();
    let (taker_held, refused) = run({
        let (a, rw) = (a.clone(), rw.clone());
        async move {
            let mut left = OwnedMutexGuard::map(a.clone().lock_owned().await, |s| &mut s.left);
            *left += 1;
            let mut left = lockorder_runtime::tokio::OwnedMappedMutexGuard::map(left, |l| l);
            *left += 1;
            let w = OwnedRwLockWriteGuard::map(rw.clone().write_owned().await, |s| &mut s.left);
            let taker_held = held_classes().len();
            let refused = a.try_lock().is_err() && rw.try_read().is_err();
            spawn(async move {
                assert_eq!((*left, *w), (2, 0));
                drop((left, w));
            })
            .await
            .unwrap();
            (taker_held, refused)
        }
    });
    assert_eq!(taker_held, 0);
    assert!(refused, "a mapped owned guard let its lock go");
    let timed = u64::from(!cfg!(feature = "no-timing"));
    assert_eq!(releases(&format!("{p}A")), timed);
    assert_eq!(releases(&format!("{p}Rw")), timed);
    assert_eq!(a.try_lock().map(|g| g.left).ok(), Some(2));

    // Owned reads mapped, a write downgraded to a part, a whole write
    // as a mapped guard.
    let (read_left, down_left) = run({
        let rw = rw.clone();
        async move {
            let r = OwnedRwLockReadGuard::map(rw.clone().read_owned().await, |s| &s.left);
            let r = OwnedRwLockReadGuard::try_map(r, |l| Some(l)).ok().unwrap();
            let read_left = *r;
            drop(r);
            let mut w = OwnedRwLockWriteGuard::into_mapped(rw.clone().write_owned().await);
            w.left = 7;
            drop(w);
            let d =
                OwnedRwLockWriteGuard::downgrade_map(rw.clone().write_owned().await, |s| &s.left);
            let shared = rw.try_read().is_ok();
            let down_left = (*d, shared);
            drop(d);
            (read_left, down_left)
        }
    });
    assert_eq!((read_left, down_left), (0, (7, true)));
    assert!(rw.try_write().is_ok());
    assert_eq!(findings_for(&p), []);
}
