//! Two temporary guards in ONE statement are alive together (A -> B);
//! `settle` holds B and takes A.
use std::sync::Mutex;

pub struct Totals {
    pub x: u64,
}

pub static A: Mutex<Totals> = Mutex::new(Totals { x: 0 });
pub static B: Mutex<Totals> = Mutex::new(Totals { x: 0 });

pub fn sum() -> u64 {
    A.lock().unwrap().x + B.lock().unwrap().x
}

pub fn settle() {
    let mut b = B.lock().unwrap();
    b.x = A.lock().unwrap().x;
}
