//! Recursive read of a fair (writer-preferring) parking_lot RwLock: `total`
//! holds a read guard while `len` takes a second one. A writer queued in
//! between blocks the second read forever.
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Cache {
    map: RwLock<HashMap<String, u64>>,
}

impl Cache {
    pub fn total(&self) -> (u64, usize) {
        let map = self.map.read();
        let sum = map.values().sum();
        (sum, self.len())
    }

    pub fn len(&self) -> usize {
        self.map.read().len()
    }

    pub fn insert(&self, key: String, value: u64) {
        self.map.write().insert(key, value);
    }
}
