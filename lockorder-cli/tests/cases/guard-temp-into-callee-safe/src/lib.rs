//! Safe twin of guard-temp-into-callee (the tokio `Semaphore::release`
//! pattern): the guard temporary is passed BY VALUE, so it is moved into
//! the callee, which drops it before locking again.
use std::sync::{Mutex, MutexGuard};

pub struct Semaphore {
    waiters: Mutex<Vec<usize>>,
}

impl Semaphore {
    pub fn release(&self, added: usize) {
        self.add_permits(added, self.waiters.lock().unwrap());
    }

    fn add_permits(&self, added: usize, waiters: MutexGuard<'_, Vec<usize>>) {
        let empty = waiters.is_empty();
        drop(waiters);
        if empty {
            self.waiters.lock().unwrap().push(added);
        }
    }
}
