//! The same queue with B taken only after the wait: the wake-up takes A
//! with nothing else held, then B under A as `push` does. Re-taking A in
//! the wait loop is no double lock: the old guard is released first.
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
    let mut a = A.lock().unwrap();
    while *a == 0 {
        a = READY.wait(a).unwrap();
    }
    let (a, _timeout) = READY
        .wait_timeout(a, std::time::Duration::from_millis(1))
        .unwrap();
    let b = B.lock().unwrap();
    *a + *b
}
