//! Safe twin of try-lock-match (the moka / tokio-util pattern): the
//! blocking `lock()` is in the `Err(WouldBlock)` arm, where the failed
//! try_lock holds nothing.
use std::sync::{Mutex, TryLockError};

pub struct Table {
    rehash_lock: Mutex<u32>,
}

impl Table {
    pub fn rehash(&self) -> Option<u32> {
        let lock = match self.rehash_lock.try_lock() {
            Ok(lk) => lk,
            Err(TryLockError::WouldBlock) => {
                // Wait until the rehash in progress is done, then retry later.
                std::mem::drop(self.rehash_lock.lock());
                return None;
            }
            Err(TryLockError::Poisoned(e)) => panic!("{e:?}"),
        };
        Some(*lock)
    }
}
