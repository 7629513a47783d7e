//! Under `Policy::Panic` (for test suites) an out-of-order `#[acquires]`
//! call panics at the offending acquisition: the inner scope is never
//! entered, and the outer one is still released and logged while the
//! panic unwinds. Needs the checks (not built under `no-checking`).
#![cfg(not(feature = "no-checking"))]

use lockorder::{Policy, acquires};
use std::sync::Mutex;
use tracing_subscriber::prelude::*;

lockorder::hierarchy! { pub Account > Entry; }

#[lockorder::allow(lock-order-violation, reason = "deliberate: this test checks the panic policy on the inverted order")]
#[acquires(Entry, caller = "post")]
fn post() {
    audit();
}

#[acquires(Account, caller = "audit")]
fn audit() {}

static OUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
struct Capture;
impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        OUT.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn wrong_order_panics_at_the_acquisition_and_unwinds_cleanly() {
    tracing_subscriber::registry()
        .with(lockorder::JsonLayer::new(|| Capture))
        .init();
    lockorder::set_policy(Policy::Panic);
    let err = std::panic::catch_unwind(post).expect_err("Policy::Panic panics");
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(msg.contains("Account") && msg.contains("Entry"), "{msg}");

    let out = String::from_utf8(OUT.lock().unwrap().clone()).unwrap();
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let released: Vec<&str> = events
        .iter()
        .filter(|e| e["event"] == "lock_released")
        .map(|e| e["caller"].as_str().unwrap())
        .collect();
    assert_eq!(released, ["post"], "audit's scope was never entered");
    assert!(events.iter().any(|e| e["event"] == "lock_order_violation"));
    assert!(lockorder::check::held_classes().is_empty());
}
