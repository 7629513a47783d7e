//! Safe twin of macro-calls: the macros run their calls before the
//! guards are taken.
use std::sync::Mutex;

pub static A: Mutex<Vec<u32>> = Mutex::new(Vec::new());
pub static B: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn b_len() -> usize {
    B.lock().unwrap().len()
}

fn a_len() -> usize {
    A.lock().unwrap().len()
}

pub fn push_a(v: u32) {
    assert!(b_len() < 100, "B overflowed");
    let mut a = A.lock().unwrap();
    a.push(v);
}

pub fn describe_b() -> String {
    let a = format!("a={}", a_len());
    let b = B.lock().unwrap();
    format!("b={} {a}", b.len())
}
