//! The `while let` scrutinee guard lives through the loop body in every
//! edition (2024 changed only `if let`), so re-locking the queue in the
//! body deadlocks.
use std::sync::Mutex;

pub struct Queue {
    jobs: Mutex<Vec<u32>>,
}

impl Queue {
    pub fn drain(&self) -> u32 {
        let mut total = 0;
        while let Some(job) = self.jobs.lock().unwrap().pop() {
            total += job;
            if job > 10 {
                self.jobs.lock().unwrap().push(job / 2);
            }
        }
        total
    }
}
