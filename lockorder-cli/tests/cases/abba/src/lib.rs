//! ABBA between two statics in two functions.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    let mut b = B.lock().unwrap();
    *b += *a;
}

pub fn backward() {
    let b = B.lock().unwrap();
    let mut a = A.lock().unwrap();
    *a += *b;
}
