//! Safe twin of explicit-drop: `drop(a)` (and `std::mem::drop`) release A
//! before B is taken.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn a_then_b() -> u32 {
    let a = A.lock().unwrap();
    let value = *a;
    drop(a);
    let b = B.lock().unwrap();
    value + *b
}

pub fn a_then_b_again() -> u32 {
    let a = A.lock().unwrap();
    let value = *a;
    std::mem::drop(a);
    let b = B.lock().unwrap();
    value + *b
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    *b += *A.lock().unwrap();
}
