//! parking_lot's guard projections: a mapped guard is the same hold (the
//! lock stays held and keeps teaching edges), `try_map` that finds nothing
//! gives the guard back still held, and a downgraded write guard is held
//! as a read from then on (a second read of a fair RwLock is reported, of a
//! recursive one it is not). An upgradable read is held as a read and its
//! upgrade is checked, where it waits, against the other locks held.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, rules};
use lockorder_runtime::Rule;
use lockorder_runtime::check::held_classes;
use lockorder_runtime::parking_lot::{
    MappedMutexGuard, Mutex, MutexGuard, RecursiveRwLock, RecursiveRwLockWriteGuard, RwLock,
    RwLockReadGuard, RwLockUpgradableReadGuard, RwLockWriteGuard,
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

/// Readers of X take Y; a thread holding an upgradable read of X takes Y
/// and then upgrades: it waits for X's readers while holding Y, and a
/// reader waits for Y — the cycle is reported at the upgrade.
#[test]
fn an_upgrade_with_a_lock_taken_since_is_checked_where_it_waits() {
    let p = fresh("pl_upgrade_");
    let x = RwLock::named(&format!("{p}X"), 0u32);
    let y = Mutex::named(&format!("{p}Y"), 0u32);
    {
        let r = x.read();
        *y.lock() += *r;
    }
    let u = x.upgradable_read();
    let gy = y.lock(); // X -> Y, as the readers do
    assert_eq!(findings_for(&p), []);
    let line = line!() + 1;
    let mut w = RwLockUpgradableReadGuard::upgrade(u);
    *w += 1;
    let fs = findings_for(&p);
    assert_eq!(rules(&fs), [Rule::LockOrderCycle], "{fs:#?}");
    let edge = fs[0]
        .edges
        .iter()
        .find(|e| e.from == format!("{p}Y"))
        .expect("the edge Y -> X of the upgrade");
    assert_eq!(edge.acquired_at.line, line);
    drop((gy, w));
    assert!(held_classes().is_empty());
}

/// Upgrading with nothing taken since is in order, and the hold is one
/// hold throughout (upgradable, write, back to upgradable, read).
#[test]
fn upgrades_and_downgrades_in_order_report_nothing() {
    let p = fresh("pl_upgrade_ok_");
    let x = RwLock::named(&format!("{p}X"), 0u32);
    let y = Mutex::named(&format!("{p}Y"), 0u32);
    let u = x.upgradable_read();
    let mut w = RwLockUpgradableReadGuard::upgrade(u);
    *w += 1;
    *y.lock() += *w; // X -> Y
    let u = RwLockWriteGuard::downgrade_to_upgradable(w);
    assert_eq!(held_classes().len(), 1);
    let w = match RwLockUpgradableReadGuard::try_upgrade(u) {
        Ok(w) => w,
        Err(_) => panic!("no reader: the upgrade succeeds"),
    };
    let r = RwLockUpgradableReadGuard::downgrade(RwLockWriteGuard::downgrade_to_upgradable(w));
    assert_eq!((*r, held_classes().len()), (1, 1));
    drop(r);
    assert!(x.try_upgradable_read().is_some());
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
}

/// An upgradable read excludes writers, so a read of the same fair lock
/// taken under it can wait behind a queued writer that waits for it.
#[test]
fn a_read_under_an_upgradable_read_of_the_same_fair_lock_is_reported() {
    let p = fresh("pl_upgrade_read_");
    let x = RwLock::named(&format!("{p}X"), 0u32);
    let u = x.upgradable_read();
    let r = x.read();
    assert_eq!(rules(&findings_for(&p)), [Rule::DoubleLock]);
    drop((r, u));
}

/// A lock held from before the upgradable read: on a fair lock the
/// upgradable read itself can wait behind a queued writer that waits for a
/// reader that wants that lock, so the cycle is reported where the
/// upgradable read is taken — once: the upgrade's wait adds the same edge.
#[test]
fn an_upgradable_read_under_a_lock_readers_want_is_a_cycle_once() {
    let p = fresh("pl_upgrade_before_");
    let x = RwLock::named(&format!("{p}X"), 0u32);
    let a = Mutex::named(&format!("{p}A"), 0u32);
    {
        let r = x.read();
        *a.lock() += *r; // readers of X take A
    }
    let ga = a.lock();
    let line = line!() + 1;
    let u = x.upgradable_read();
    let fs = findings_for(&p);
    assert_eq!(rules(&fs), [Rule::LockOrderCycle]);
    assert!(
        fs[0].edges.iter().any(|e| e.acquired_at.line == line),
        "{fs:#?}"
    );
    let w = RwLockUpgradableReadGuard::upgrade(u);
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
    drop((w, ga));
}

/// Two upgradable readers of one lock exclude each other: a thread that
/// holds X's upgradable read and takes A, and one that holds A and wants
/// X's upgradable read, deadlock — even on a recursive lock, where plain
/// readers pass an upgradable reader. The cycle is reported.
#[test]
fn upgradable_reads_against_a_lock_taken_under_one_are_a_cycle() {
    let p = fresh("pl_upgrade_abba_");
    let x = RecursiveRwLock::named(&format!("{p}X"), 0u32);
    let a = Mutex::named(&format!("{p}A"), 0u32);
    {
        let u = x.upgradable_read();
        *a.lock() += *u; // X (upgradable) -> A
    }
    assert_eq!(findings_for(&p), []);
    let ga = a.lock();
    let u = x.upgradable_read(); // A -> X (upgradable): waits for the other
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
    drop((u, ga));
}

/// The same order with a plain read of the recursive lock under A is no
/// deadlock: a recursive read passes an upgradable reader (and any queued
/// writer), so nothing is reported.
#[test]
fn a_recursive_read_against_a_lock_taken_under_an_upgradable_read_is_no_cycle() {
    let p = fresh("pl_upgrade_rec_read_");
    let x = RecursiveRwLock::named(&format!("{p}X"), 0u32);
    let a = Mutex::named(&format!("{p}A"), 0u32);
    {
        let u = x.upgradable_read();
        *a.lock() += *u; // X (upgradable) -> A
    }
    let ga = a.lock();
    let r = x.read(); // A -> X (recursive read): passes the upgradable reader
    assert_eq!(findings_for(&p), []);
    drop((r, ga));
}
