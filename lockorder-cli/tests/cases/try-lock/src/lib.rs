//! try_lock never blocks, but once it succeeds the guard is held like any
//! other: `opportunistic` holds B (try-locked) and blocks on A, while
//! `forward` holds A and blocks on B.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    *B.lock().unwrap() += *a;
}

pub fn opportunistic() {
    if let Ok(mut b) = B.try_lock() {
        *b += *A.lock().unwrap();
    }
}
