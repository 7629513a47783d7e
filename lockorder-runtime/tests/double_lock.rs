//! Double locks, read/write variants, same-class nesting and the declared
//! hierarchy, under the panic policy: the offending acquisition panics
//! before it would block, so the tests never deadlock.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{expect_panic, findings_for, fresh, rules};
use lockorder_runtime::check::{Policy, set_policy};
use lockorder_runtime::{Class, LockClass, Mutex, Rule, RwLock, parking_lot, tokio as lt};

fn panics() {
    set_policy(Policy::Panic);
}

#[test]
fn aa_on_a_mutex_is_a_double_lock() {
    panics();
    let p = fresh("dl_aa_");
    let a = Mutex::named(&format!("{p}A"), ());
    let _g = a.lock().unwrap();
    let msg = expect_panic(|| drop(a.lock()));
    assert!(msg.contains("double lock"), "{msg}");
    let f = findings_for(&p);
    assert_eq!(rules(&f), [Rule::DoubleLock]);
    assert_eq!(f[0].edges[0].held_at.file, f[0].edges[0].acquired_at.file);
    assert!(f[0].edges[0].held_at.line < f[0].edges[0].acquired_at.line);
    assert!(f[0].message.contains("waits for itself"));
}

#[test]
fn aa_on_parking_lot_is_a_double_lock() {
    panics();
    let p = fresh("dl_pl_aa_");
    let a = parking_lot::Mutex::named(&format!("{p}A"), ());
    let _g = a.lock();
    expect_panic(|| drop(a.lock()));
    assert_eq!(rules(&findings_for(&p)), [Rule::DoubleLock]);
}

#[test]
fn two_locks_one_class_no_ids_is_same_class_nesting() {
    panics();
    let p = fresh("dl_sc_");
    let a = Mutex::named(&format!("{p}Account"), ());
    let b = Mutex::named(&format!("{p}Account"), ());
    let _g = a.lock().unwrap();
    expect_panic(|| drop(b.lock()));
    assert_eq!(rules(&findings_for(&p)), [Rule::SameClassNesting]);
}

#[test]
fn same_class_in_ascending_entity_order_passes_descending_is_reported() {
    panics();
    let p = fresh("dl_asc_");
    let name = format!("{p}Account");
    let a1 = Mutex::named(&name, ()).entity_id(1);
    let a2 = Mutex::named(&name, ()).entity_id(2);
    let a3 = Mutex::named(&name, ()).entity_id(3);
    {
        let _g1 = a1.lock().unwrap();
        let _g2 = a2.lock().unwrap();
        let _g3 = a3.lock().unwrap();
    }
    assert!(findings_for(&p).is_empty());
    let _g3 = a3.lock().unwrap();
    let msg = expect_panic(|| drop(a2.lock()));
    assert!(msg.contains("ascending entity-id order"), "{msg}");
    let f = findings_for(&p);
    assert_eq!(rules(&f), [Rule::SameClassNesting]);
    assert!(f[0].message.contains("#3") && f[0].message.contains("#2"));
}

/// A lock taken once without an entity id, then given one by the builder,
/// is keyed from then on: held as #3, taking #2 of its class is reported.
#[test]
fn an_entity_id_given_after_first_use_keys_the_lock() {
    panics();
    let p = fresh("dl_rekey_");
    let name = format!("{p}Account");
    let a3 = Mutex::named(&name, ());
    drop(a3.lock().unwrap());
    let a3 = a3.entity_id(3);
    let a2 = Mutex::named(&name, ()).entity_id(2);
    let _g3 = a3.lock().unwrap();
    let msg = expect_panic(|| drop(a2.lock()));
    assert!(msg.contains("ascending entity-id order"), "{msg}");
    let f = findings_for(&p);
    assert_eq!(rules(&f), [Rule::SameClassNesting]);
    assert!(
        f[0].message.contains("#3") && f[0].message.contains("#2"),
        "{}",
        f[0].message
    );
}

#[test]
fn read_read_on_fair_rwlocks_is_reported() {
    panics();
    let p = fresh("dl_rr_");
    let std_l = RwLock::named(&format!("{p}Std"), ());
    let _r = std_l.read().unwrap();
    let msg = expect_panic(|| drop(std_l.read()));
    assert!(msg.contains("recursive read on a fair RwLock"), "{msg}");
    assert!(msg.contains("queues behind the reader"), "{msg}");

    let pl = parking_lot::RwLock::named(&format!("{p}Pl"), ());
    let _r = pl.read();
    expect_panic(|| drop(pl.read()));

    let tk = lt::RwLock::named(&format!("{p}Tokio"), ());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let _r = tk.read().await;
        expect_panic(|| drop(tk.read()));
    });
    assert_eq!(
        rules(&findings_for(&p)),
        [Rule::DoubleLock, Rule::DoubleLock, Rule::DoubleLock]
    );
}

#[test]
fn recursive_read_passes_only_on_a_recursive_rwlock() {
    panics();
    let p = fresh("dl_rrec_");
    let l = parking_lot::RecursiveRwLock::named(&format!("{p}Rec"), ());
    let _a = l.read();
    let _b = l.read();
    assert!(findings_for(&p).is_empty());
    // Upgrading is still a self-deadlock on a recursive lock.
    expect_panic(|| drop(l.write()));
    assert_eq!(rules(&findings_for(&p)), [Rule::DoubleLock]);
}

#[test]
fn read_then_write_and_write_then_read_are_reported() {
    panics();
    let p = fresh("dl_rw_");
    let l = RwLock::named(&format!("{p}L"), ());
    {
        let _r = l.read().unwrap();
        let msg = expect_panic(|| drop(l.write()));
        assert!(msg.contains("read -> write upgrade"), "{msg}");
    }
    {
        let _w = l.write().unwrap();
        let msg = expect_panic(|| drop(l.read()));
        assert!(msg.contains("double lock"), "{msg}");
    }
    // Sequential read then write (nothing held) is fine.
    drop(l.read().unwrap());
    drop(l.write().unwrap());
    assert_eq!(
        rules(&findings_for(&p)),
        [Rule::DoubleLock, Rule::DoubleLock]
    );
}

#[test]
fn rwlock_abba_with_reads_is_a_cycle() {
    panics();
    let p = fresh("dl_rwabba_");
    let a = RwLock::named(&format!("{p}A"), ());
    let b = RwLock::named(&format!("{p}B"), ());
    {
        let _a = a.read().unwrap();
        let _b = b.write().unwrap();
    }
    let _b = b.read().unwrap();
    expect_panic(|| drop(a.write()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn try_lock_matrix() {
    panics();
    // 1. No edge into a tried lock: A then try(B), later B then A is fine.
    let p = fresh("dl_try1_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    {
        let _a = a.lock().unwrap();
        let _b = b.try_lock().unwrap();
    }
    {
        let _b = b.lock().unwrap();
        let _a = a.lock().unwrap();
    }
    assert!(findings_for(&p).is_empty());

    // 2. Edges out of a tried lock once held: try(A) then B, later B then A.
    let p = fresh("dl_try2_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    {
        let _a = a.try_lock().unwrap();
        let _b = b.lock().unwrap();
    }
    let _b = b.lock().unwrap();
    expect_panic(|| drop(a.lock()));
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
    drop(_b);

    // 3. try_lock of a lock already held fails without a report.
    let p = fresh("dl_try3_");
    let a = Mutex::named(&format!("{p}A"), ());
    let _g = a.lock().unwrap();
    assert!(a.try_lock().is_err());
    let rw = parking_lot::RwLock::named(&format!("{p}RW"), ());
    let _r = rw.read();
    assert!(rw.try_write().is_none());
    assert!(findings_for(&p).is_empty());
    drop(_g);

    // 4. Both ways tried: A then try(B), B then try(A): nothing.
    let p = fresh("dl_try4_");
    let a = parking_lot::Mutex::named(&format!("{p}A"), ());
    let b = parking_lot::Mutex::named(&format!("{p}B"), ());
    {
        let _a = a.lock();
        let _b = b.try_lock().unwrap();
    }
    {
        let _b = b.lock();
        let _a = a.try_lock().unwrap();
    }
    assert!(findings_for(&p).is_empty());

    // 5. A tried lock in the middle: A, try(B), C learns A→C and B→C.
    let p = fresh("dl_try5_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    let c = Mutex::named(&format!("{p}C"), ());
    {
        let _a = a.lock().unwrap();
        let _b = b.try_lock().unwrap();
        let _c = c.lock().unwrap();
    }
    let _c = c.lock().unwrap();
    expect_panic(|| drop(b.lock()));
    let f = findings_for(&p);
    assert_eq!(rules(&f), [Rule::LockOrderCycle]);
    assert_eq!(f[0].edges[0].from, format!("{p}C"));
    assert_eq!(f[0].edges[0].to, format!("{p}B"));
}

struct Outer;
impl LockClass for Outer {
    const NAME: &'static str = "dl_decl::Outer";
    const RANK: u32 = 0;
    const AFTER: &'static [&'static str] = &[];
}
struct Inner;
impl LockClass for Inner {
    const NAME: &'static str = "dl_decl::Inner";
    const RANK: u32 = 1;
    const AFTER: &'static [&'static str] = &["dl_decl::Outer"];
}

#[test]
fn declared_order_is_enforced_on_first_sight() {
    panics();
    let o = Mutex::with_class::<Outer>(());
    let i = Mutex::with_class::<Inner>(()).caller("Inner::touch");
    {
        let _o = o.lock().unwrap();
        let _i = i.lock().unwrap();
    }
    assert!(findings_for("dl_decl::").is_empty());
    let _i = i.lock().unwrap();
    let msg = expect_panic(|| drop(o.lock()));
    assert!(
        msg.contains("declares dl_decl::Outer before dl_decl::Inner"),
        "{msg}"
    );
    let f = findings_for("dl_decl::");
    assert_eq!(rules(&f), [Rule::LockOrderViolation]);
    assert_eq!(
        f[0].edges[0].held_at.function.as_deref(),
        Some("Inner::touch")
    );
    assert_eq!(Outer::class(), o.class());
    assert_eq!(Class::named("dl_decl::Inner"), i.class());
}
