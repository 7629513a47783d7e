//! The loop locks the same mutex every iteration and keeps the guard: the
//! second iteration waits for the first iteration's guard, forever.
use std::sync::Mutex;

pub struct Journal {
    lines: Mutex<Vec<String>>,
}

impl Journal {
    pub fn hold_twice(&self) -> usize {
        let mut held = Vec::new();
        for _ in 0..2 {
            held.push(self.lines.lock().unwrap());
        }
        held.len()
    }
}
