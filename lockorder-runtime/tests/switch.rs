//! The run-time on/off switch (its own binary: the switch is process-wide).
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh};
use lockorder_runtime::Mutex;
use lockorder_runtime::check::{Policy, set_policy};
use std::sync::Mutex as StdMutex;

/// These tests flip the process-wide switches: run them one at a time.
static SERIAL: StdMutex<()> = StdMutex::new(());

#[test]
fn checking_can_be_switched_off_at_run_time() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    set_policy(Policy::Panic);
    let p = fresh("dl_off_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    {
        let _a = a.lock().unwrap();
        let _b = b.lock().unwrap();
    }
    lockorder_runtime::set_checking(false);
    {
        let _b = b.lock().unwrap();
        let _a = a.lock().unwrap();
    }
    lockorder_runtime::set_checking(true);
    assert!(findings_for(&p).is_empty());
}

#[test]
fn locks_taken_while_off_are_not_tracked_when_switched_back_on() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let p = fresh("sw_track_");
    let a = Mutex::named(&format!("{p}A"), ());
    lockorder_runtime::set_checking(false);
    let g = a.lock().unwrap();
    lockorder_runtime::set_checking(true);
    assert!(lockorder_runtime::check::held_classes().is_empty());
    drop(g);
    let _g = a.lock().unwrap();
    assert_eq!(lockorder_runtime::check::held_classes(), vec![a.class()]);
}

/// A lock timed while checking was off stays out of the order: taking
/// another lock under it once checking is back on learns no edge from it,
/// so the opposite order later is no cycle.
#[test]
fn a_lock_timed_while_off_adds_no_edge_when_switched_back_on() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let p = fresh("sw_timed_");
    let a = Mutex::named(&format!("{p}A"), ());
    let b = Mutex::named(&format!("{p}B"), ());
    lockorder_runtime::stats::enable();
    lockorder_runtime::set_checking(false);
    let ga = a.lock().unwrap();
    lockorder_runtime::set_checking(true);
    lockorder_runtime::stats::disable();
    drop(b.lock().unwrap());
    drop(b.lock().unwrap());
    drop(ga);
    assert!(
        !lockorder_runtime::check::learned_edges()
            .iter()
            .any(|e| e.from.starts_with(&p)),
        "an edge from a lock taken while checking was off"
    );
    let _gb = b.lock().unwrap();
    let _ga = a.lock().unwrap();
    assert!(findings_for(&p).is_empty());
}
