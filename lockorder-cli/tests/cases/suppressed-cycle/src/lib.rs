//! A real ABBA, suppressed with a reason on the function that takes the
//! locks in the unusual order: the finding stays in JSON, marked suppressed.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    *B.lock().unwrap() += *a;
}

#[lockorder::allow(lock-order-cycle, reason = "only called at start-up, before any other thread exists")]
pub fn backward() {
    let b = B.lock().unwrap();
    *A.lock().unwrap() += *b;
}
