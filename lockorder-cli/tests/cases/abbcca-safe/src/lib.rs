//! Safe twin of abbcca: A -> B, B -> C and A -> C form a DAG.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);
pub static C: Mutex<u32> = Mutex::new(0);

pub fn a_then_b() {
    let _a = A.lock().unwrap();
    let _b = B.lock().unwrap();
}

pub fn b_then_c() {
    let _b = B.lock().unwrap();
    let _c = C.lock().unwrap();
}

pub fn a_then_c() {
    let _a = A.lock().unwrap();
    let _c = C.lock().unwrap();
}
