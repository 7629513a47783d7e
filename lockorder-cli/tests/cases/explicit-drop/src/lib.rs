//! `drop(a)` comes too late: B is taken while A is still held.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn a_then_b() -> u32 {
    let a = A.lock().unwrap();
    let value = *a;
    let b = B.lock().unwrap();
    drop(a);
    value + *b
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    *b += *A.lock().unwrap();
}
