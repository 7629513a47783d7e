//! Cycles through recursive reads (lockdep's rule): a recursive read never
//! waits for readers, so a cycle in which some lock is taken by a
//! recursive read and then held shared while the next lock is taken cannot
//! deadlock and is not reported; every other cycle still is. Runs under
//! the panic policy: a reported acquisition panics before it would block.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{expect_panic, findings_for, fresh, rules};
use lockorder_runtime::check::{Policy, set_policy};
use lockorder_runtime::parking_lot::{RecursiveRwLock, RwLock as FairRwLock};
use lockorder_runtime::{Mutex, Rule};

fn pair(p: &str) -> (RecursiveRwLock<()>, RecursiveRwLock<()>) {
    (
        RecursiveRwLock::named(&format!("{p}A"), ()),
        RecursiveRwLock::named(&format!("{p}B"), ()),
    )
}

#[test]
fn abba_made_only_of_recursive_reads_is_not_reported() {
    set_policy(Policy::Panic);
    let p = fresh("rr_only_");
    let (a, b) = pair(&p);
    {
        let _a = a.read();
        let _b = b.read();
    }
    {
        let _b = b.read();
        let _a = a.read();
    }
    assert!(findings_for(&p).is_empty(), "{:?}", findings_for(&p));
}

#[test]
fn abbcca_made_only_of_recursive_reads_is_not_reported() {
    set_policy(Policy::Panic);
    let p = fresh("rr_only3_");
    let (a, b) = pair(&p);
    let c = RecursiveRwLock::named(&format!("{p}C"), ());
    for (x, y) in [(&a, &b), (&b, &c), (&c, &a)] {
        let _x = x.read();
        let _y = y.read();
    }
    assert!(findings_for(&p).is_empty(), "{:?}", findings_for(&p));
}

#[test]
fn writers_held_while_reading_recursively_are_a_cycle() {
    // Thread 1 writes A and reads B recursively; thread 2 writes B and
    // reads A recursively: each recursive reader waits for a writer.
    set_policy(Policy::Panic);
    let p = fresh("rr_writers_");
    let (a, b) = pair(&p);
    {
        let _a = a.write();
        let _b = b.read();
    }
    let _b = b.write();
    let msg = expect_panic(|| drop(a.read()));
    assert!(msg.contains("circular locking dependency"), "{msg}");
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn a_cycle_with_an_exclusive_link_is_reported() {
    // A read -> B read (recursive), then B written -> A written: thread 2
    // holds B exclusively, which thread 1's recursive read of B waits for.
    set_policy(Policy::Panic);
    let p = fresh("rr_excl_");
    let (a, b) = pair(&p);
    {
        let _a = a.read();
        let _b = b.read();
    }
    let _b = b.write();
    expect_panic(|| drop(a.write()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn fair_reads_in_a_cycle_are_still_reported() {
    // A fair read waits behind a queued writer: not exempt.
    set_policy(Policy::Panic);
    let p = fresh("rr_fair_");
    let a = FairRwLock::named(&format!("{p}A"), ());
    let b = FairRwLock::named(&format!("{p}B"), ());
    {
        let _a = a.read();
        let _b = b.read();
    }
    let _b = b.read();
    expect_panic(|| drop(a.read()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn a_mutex_closing_a_recursive_read_chain_is_reported_when_strong() {
    // M -> A (recursive read), A (read) -> M: thread 2 holds A shared and
    // waits for M; thread 1 holds M and reads A recursively, which does not
    // wait for thread 2's read: no deadlock. With B written in between
    // (A read -> B written), thread 1 ... -> B waits: reported.
    set_policy(Policy::Panic);
    let p = fresh("rr_mutex_");
    let m = Mutex::named(&format!("{p}M"), ());
    let (a, b) = pair(&p);
    {
        let _m = m.lock().unwrap();
        let _a = a.read();
    }
    {
        let _a = a.read();
        let _m = m.lock().unwrap();
    }
    assert!(findings_for(&p).is_empty(), "{:?}", findings_for(&p));
    {
        let _m = m.lock().unwrap();
        let _b = b.write();
    }
    let _b = b.read();
    expect_panic(|| drop(m.lock()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn the_same_pair_is_rechecked_when_taken_more_strongly() {
    // A read -> B recursive read is learned first; A written -> B read
    // recursively later is a new, stronger dependency and closes a cycle
    // with B written -> A read recursively.
    set_policy(Policy::Panic);
    let p = fresh("rr_stronger_");
    let (a, b) = pair(&p);
    {
        let _a = a.read();
        let _b = b.read();
    }
    {
        let _b = b.write();
        let _a = a.read();
    }
    assert!(findings_for(&p).is_empty(), "{:?}", findings_for(&p));
    let _a = a.write();
    expect_panic(|| drop(b.read()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn a_reported_cycle_is_not_reported_again_when_taken_more_strongly() {
    set_policy(Policy::Panic);
    let p = fresh("rr_once_");
    let (a, b) = pair(&p);
    {
        let _a = a.write();
        let _b = b.write();
    }
    {
        let _b = b.read();
        expect_panic(|| drop(a.read()));
    }
    // b written -> a written closes the same cycle: already reported.
    {
        let _b = b.write();
        let _a = a.write();
    }
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}
