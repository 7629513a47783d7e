//! The moka key-lock shape: an accessor returns `Option<KeyLock>` (no lock
//! type in sight), and `&kl.as_ref().map(|kl| kl.lock())` holds the key's
//! guard for the rest of the block. Taking the key lock again while the
//! first guard is held waits forever.
use std::sync::{Mutex, MutexGuard};

pub struct KeyLock {
    inner: Mutex<()>,
}

impl KeyLock {
    pub fn lock(&self) -> MutexGuard<'_, ()> {
        self.inner.lock().unwrap()
    }
}

pub struct Cache {
    locks: Vec<KeyLock>,
}

impl Cache {
    fn maybe_key_lock(&self, key: usize) -> Option<&KeyLock> {
        self.locks.get(key)
    }

    pub fn insert_twice(&self, key: usize) {
        let kl = self.maybe_key_lock(key);
        let _klg = &kl.as_ref().map(|kl| kl.lock());
        let _again = kl.as_ref().map(|kl| kl.lock());
    }
}
