//! Safe twin of scoped-blocks: A's guard ends with its block before B is
//! taken.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);

pub fn a_then_b() -> u32 {
    let a_value = {
        let a = A.lock().unwrap();
        *a
    };
    let b = B.lock().unwrap();
    a_value + *b
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    {
        let a = A.lock().unwrap();
        *b += *a;
    }
}
