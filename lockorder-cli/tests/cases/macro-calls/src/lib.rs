//! Calls inside `assert!` and `format!` run while the surrounding guard is
//! held: A -> B through `assert!`, B -> A through `format!`.
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
    assert!(b_len() < 100, "B overflowed");
    a.push(v);
}

pub fn describe_b() -> String {
    let b = B.lock().unwrap();
    format!("b={} a={}", b.len(), a_len())
}
