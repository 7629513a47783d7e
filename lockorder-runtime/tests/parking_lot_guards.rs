//! parking_lot's guard projections: a mapped guard is the same hold (the
//! lock stays held and keeps teaching edges), `try_map` that finds nothing
//! gives the guard back still held, and a downgraded write guard is held
//! as a read from then on (a second read of a fair RwLock is reported, of a
//! recursive one it is not).
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, rules};
use lockorder_runtime::Rule;
use lockorder_runtime::check::held_classes;
use lockorder_runtime::parking_lot::{
    MappedMutexGuard, Mutex, MutexGuard, RecursiveRwLock, RecursiveRwLockWriteGuard, RwLock,
    RwLockReadGuard, RwLockWriteGuard,
};

struct Pair {
    left: u32,
    right: Option<u32>,
}

#[test]
fn a_mapped_mutex_guard_still_holds_the_lock() {
    let p = fresh("pl_map_");
    let a = Mutex::named(
        &format!("{p}A"),
        Pair {
            left: 1,
            right: None,
        },
    );
    let b = Mutex::named(&format!("{p}B"), 0u32);
    {
        let mut left: MappedMutexGuard<'_, u32> = MutexGuard::map(a.lock(), |s| &mut s.left);
        *left += 1;
        assert_eq!(held_classes().len(), 1);
        *b.lock() += *left; // A -> B, learned through the mapped guard
    }
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
    {
        let _b = b.lock();
        let _a = a.lock(); // B -> A closes the cycle
    }
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn try_map_gives_the_guard_back_still_held() {
    let p = fresh("pl_trymap_");
    let a = Mutex::named(
        &format!("{p}A"),
        Pair {
            left: 2,
            right: None,
        },
    );
    let g = match MutexGuard::try_map(a.lock(), |s| s.right.as_mut()) {
        Ok(_) => panic!("right is None"),
        Err(g) => g,
    };
    assert_eq!(g.left, 2);
    assert_eq!(held_classes().len(), 1);
    let mapped = MutexGuard::try_map(g, |s| Some(&mut s.left)).ok().unwrap();
    assert_eq!(*mapped, 2);
    assert_eq!(held_classes().len(), 1);
    drop(mapped);
    assert!(held_classes().is_empty());
    let rw = RwLock::named(
        &format!("{p}RW"),
        Pair {
            left: 3,
            right: Some(4),
        },
    );
    let r = RwLockReadGuard::map(rw.read(), |s| &s.left);
    assert_eq!((*r, held_classes().len()), (3, 1));
    drop(r);
    let mut w = RwLockWriteGuard::try_map(rw.write(), |s| s.right.as_mut())
        .ok()
        .unwrap();
    *w += 1;
    drop(w);
    assert_eq!(rw.read().right, Some(5));
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
}

#[test]
fn a_downgraded_guard_is_held_as_a_read() {
    let p = fresh("pl_down_");
    let fair = RwLock::named(&format!("{p}Fair"), 0u32);
    let r = RwLockWriteGuard::downgrade(fair.write());
    assert_eq!(held_classes().len(), 1);
    // a writer may queue between the two reads: reported
    let again = fair.read();
    assert_eq!(rules(&findings_for(&p)), [Rule::DoubleLock]);
    drop((again, r));
    assert!(held_classes().is_empty());

    let q = fresh("pl_down_rec_");
    let rec = RecursiveRwLock::named(&format!("{q}Rec"), 0u32);
    let r = RecursiveRwLockWriteGuard::downgrade(rec.write());
    // readers go first on a recursive lock: not reported
    let again = rec.read();
    assert_eq!(*again + *r, 0);
    drop((again, r));
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&q), []);
}
