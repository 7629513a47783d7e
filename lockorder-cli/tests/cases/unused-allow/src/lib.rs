//! An allow that matches no finding (both functions take A before B) is
//! itself reported, so stale suppressions do not pile up.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    *B.lock().unwrap() += *a;
}

#[lockorder::allow(lock-order-cycle, reason = "was needed before the order was fixed")]
pub fn backward() {
    let a = A.lock().unwrap();
    *B.lock().unwrap() += *a;
}
