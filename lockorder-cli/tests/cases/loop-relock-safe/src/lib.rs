//! The same mutex locked every iteration, its guard gone before the next
//! one: kept only as a copy of the data, or dropped from the vector first.
use std::sync::Mutex;

pub struct Journal {
    lines: Mutex<Vec<String>>,
}

impl Journal {
    pub fn copies(&self) -> Vec<Vec<String>> {
        let mut copies = Vec::new();
        for _ in 0..2 {
            copies.push(self.lines.lock().unwrap().clone());
        }
        copies
    }

    pub fn counts(&self) -> Vec<usize> {
        (0..2).map(|_| self.lines.lock().unwrap().len()).collect()
    }
}
