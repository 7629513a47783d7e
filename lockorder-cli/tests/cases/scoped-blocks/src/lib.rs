//! Guards declared in a block live to the end of that block: here B is
//! taken inside the block that still holds A.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn a_then_b() -> u32 {
    let snapshot = {
        let a = A.lock().unwrap();
        let b = B.lock().unwrap();
        *a + *b
    };
    snapshot
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    {
        let a = A.lock().unwrap();
        *b += *a;
    }
}
