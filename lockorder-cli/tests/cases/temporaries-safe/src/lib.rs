//! Safe twin of temporaries: `let v = A.lock().unwrap().x;` drops the A
//! guard at the end of that statement, before B is taken.
use std::sync::Mutex;

pub struct Totals {
    pub x: u64,
}

pub static A: Mutex<Totals> = Mutex::new(Totals { x: 0 });
pub static B: Mutex<Totals> = Mutex::new(Totals { x: 0 });

pub fn sum() -> u64 {
    let v = A.lock().unwrap().x;
    let w = B.lock().unwrap().x;
    v + w
}

pub fn settle() {
    let mut b = B.lock().unwrap();
    b.x = A.lock().unwrap().x;
}
