//! Safe twin of abba: both functions take A before B.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    let mut b = B.lock().unwrap();
    *b += *a;
}

pub fn backward() {
    let mut a = A.lock().unwrap();
    let b = B.lock().unwrap();
    *a += *b;
}
