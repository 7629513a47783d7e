//! Safe twin of closure-under-lock: the closure that takes B is *defined*
//! while A is held but only *called* after A is dropped.
use std::sync::Mutex;

pub static A: Mutex<Vec<u32>> = Mutex::new(Vec::new());
pub static B: Mutex<Vec<u32>> = Mutex::new(Vec::new());

pub fn a_then_b() {
    let a = A.lock().unwrap();
    let values = a.clone();
    let record = |v: u32| B.lock().unwrap().push(v);
    drop(a);
    for v in values {
        record(v);
    }
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    b.extend(A.lock().unwrap().iter().copied());
}
