//! A closure that takes B is called while A is held: A -> B.
use std::sync::Mutex;

pub static A: Mutex<Vec<u32>> = Mutex::new(Vec::new());
pub static B: Mutex<Vec<u32>> = Mutex::new(Vec::new());

pub fn a_then_b() {
    let record = |v: u32| B.lock().unwrap().push(v);
    let a = A.lock().unwrap();
    for &v in a.iter() {
        record(v);
    }
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    b.extend(A.lock().unwrap().iter().copied());
}
