//! Lending the guard (`&a`) to a callee does not release it: B is taken
//! while A is held.
use std::sync::{Mutex, MutexGuard};

pub static A: Mutex<Vec<u32>> = Mutex::new(Vec::new());
pub static B: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn inspect(guard: &MutexGuard<'_, Vec<u32>>) -> usize {
    guard.len()
}

pub fn a_then_b() {
    let a = A.lock().unwrap();
    let n = inspect(&a);
    B.lock().unwrap().push(n as u32);
}

pub fn b_then_a() {
    let mut b = B.lock().unwrap();
    b.extend(A.lock().unwrap().iter().copied());
}
