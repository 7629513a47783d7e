//! A condition-variable wait releases the mutex and takes it again on
//! wake-up. `pop` waits on A's condvar with B held, so the wake-up takes A
//! under B, while `push` (the notifier) takes A then B: `pop` holds B and
//! waits for A, `push` holds A and waits for B, and nobody notifies.
use std::sync::{Condvar, Mutex};

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);
pub static READY: Condvar = Condvar::new();

pub fn push() {
    let mut a = A.lock().unwrap();
    *a += *B.lock().unwrap();
    READY.notify_one();
}

pub fn pop() -> u32 {
    let a = A.lock().unwrap();
    let b = B.lock().unwrap();
    let a = READY.wait_while(a, |n| *n == 0).unwrap();
    *a + *b
}
