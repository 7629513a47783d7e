//! A guard temporary LENT to a callee (`&self.waiters.lock()…`) stays held
//! by the caller for the whole call, so the callee's `lock()` self-deadlocks.
use std::sync::{Mutex, MutexGuard};

pub struct Semaphore {
    waiters: Mutex<Vec<usize>>,
}

impl Semaphore {
    pub fn release(&self, added: usize) {
        self.add_permits(added, &self.waiters.lock().unwrap());
    }

    fn add_permits(&self, added: usize, waiters: &MutexGuard<'_, Vec<usize>>) {
        if waiters.is_empty() {
            self.waiters.lock().unwrap().push(added);
        }
    }
}
