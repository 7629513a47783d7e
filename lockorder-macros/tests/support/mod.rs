//! A process-wide capture of lockorder's JSON lines (through the runtime's
//! `JsonLayer`), shared by the tests of one test binary. Tests run in
//! parallel, so each one uses its own class names or callers and filters
//! the capture by them.

#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::sync::{Mutex, Once};
use tracing_subscriber::prelude::*;

static LINES: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LINES.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once for the whole test binary.
pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        tracing_subscriber::registry()
            .with(lockorder::JsonLayer::new(|| Capture))
            .init();
    });
}

/// Every captured event so far, parsed.
pub fn events() -> Vec<Value> {
    let bytes = LINES.lock().unwrap().clone();
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// The `lock_released` events whose caller is `caller`, in release order.
pub fn released_by(caller: &str) -> Vec<Value> {
    events()
        .into_iter()
        .filter(|e| e["event"] == "lock_released" && e["caller"] == caller)
        .collect()
}

/// The `lock_released` events of one class, in release order.
pub fn released_of(entity_type: &str) -> Vec<Value> {
    events()
        .into_iter()
        .filter(|e| e["event"] == "lock_released" && e["entity_type"] == entity_type)
        .collect()
}

/// Findings reported so far whose message mentions `needle`.
pub fn findings_mentioning(needle: &str) -> Vec<lockorder::Finding> {
    lockorder::check::findings()
        .into_iter()
        .filter(|f| f.message.contains(needle))
        .collect()
}

/// Asserts `event` is a seed-schema `lock_released` line: exactly the seven
/// fields, in the seed's order, with the right types.
pub fn assert_seed_schema(event: &Value) {
    let keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = vec![
        "caller",
        "duration_ms",
        "entity_id",
        "entity_type",
        "event",
        "lock_released_at",
        "pipeline",
    ];
    sorted.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, sorted, "fields of {event}");
    assert!(
        event["duration_ms"].is_f64(),
        "duration_ms is a float: {event}"
    );
    assert!(event["duration_ms"].as_f64().unwrap() >= 0.0);
    let at = event["lock_released_at"].as_str().unwrap();
    assert_eq!(at.len(), "2026-02-24T10:15:32.456Z".len(), "{at}");
    assert!(at.ends_with('Z') && at.as_bytes()[19] == b'.', "{at}");
}
