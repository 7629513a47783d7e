//! Safe twin of tracing-fields: the field values are computed after the
//! guards are dropped.
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
    A.lock().unwrap().push(v);
    tracing::info!(target: "queue", queued = %b_len(), "pushed {v}");
}

pub fn trim_b() {
    B.lock().unwrap().truncate(10);
    tracing::debug!(others = ?a_len(), "trimmed");
}
