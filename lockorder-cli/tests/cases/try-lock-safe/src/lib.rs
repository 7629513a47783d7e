//! Safe twin of try-lock: `forward` only *tries* B while holding A, which
//! cannot block, so there is no A -> B edge and no cycle.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn forward() {
    let a = A.lock().unwrap();
    if let Ok(mut b) = B.try_lock() {
        *b += *a;
    }
}

pub fn opportunistic() {
    if let Ok(mut b) = B.try_lock() {
        *b += *A.lock().unwrap();
    }
}
