//! Calls in `tracing` field values (`name = %value`, `name = ?value`, after
//! a `target:` key) run while the surrounding guard is held: A -> B through
//! `info!`, B -> A through `debug!`.
use std::sync::Mutex;

pub static A: Mutex<Vec<u32>> = Mutex::new(Vec::new());
pub static B: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn b_len() -> usize {
    B.lock().unwrap().len()
}

fn a_len() -> usize {
    A.lock().unwrap().len()
}

pub fn push_a(v: u32) {
    let mut a = A.lock().unwrap();
    a.push(v);
    tracing::info!(target: "queue", queued = %b_len(), "pushed {v}");
}

pub fn trim_b() {
    let mut b = B.lock().unwrap();
    b.truncate(10);
    tracing::debug!(others = ?a_len(), "trimmed");
}
