//! Four-lock cycle A -> B -> C -> D -> A.
use std::sync::Mutex;

pub static A: Mutex<u32> = Mutex::new(0);
pub static B: Mutex<u32> = Mutex::new(0);
pub static C: Mutex<u32> = Mutex::new(0);
pub static D: Mutex<u32> = Mutex::new(0);

pub fn ab() {
    let _a = A.lock().unwrap();
    let _b = B.lock().unwrap();
}

pub fn bc() {
    let _b = B.lock().unwrap();
    let _c = C.lock().unwrap();
}

pub fn cd() {
    let _c = C.lock().unwrap();
    let _d = D.lock().unwrap();
}

pub fn da() {
    let _d = D.lock().unwrap();
    let _a = A.lock().unwrap();
}
