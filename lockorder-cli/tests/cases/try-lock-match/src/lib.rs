//! `match m.try_lock()`: in the `Ok` arm the guard is held, so a blocking
//! `lock()` there waits for this thread's own lock.
use std::sync::{Mutex, TryLockError};

pub struct Table {
    rehash_lock: Mutex<u32>,
}

impl Table {
    pub fn rehash(&self) -> u32 {
        match self.rehash_lock.try_lock() {
            Ok(mut lk) => {
                *lk += 1;
                let again = self.rehash_lock.lock().unwrap();
                *lk + *again
            }
            Err(TryLockError::WouldBlock) => 0,
            Err(TryLockError::Poisoned(e)) => panic!("{e:?}"),
        }
    }
}
