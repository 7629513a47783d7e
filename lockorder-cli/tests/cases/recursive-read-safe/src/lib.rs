//! Safe twin of recursive-read: the nested read is `read_recursive`
//! (parking_lot 0.12; 0.13 moved it to `RecursiveRwLock`), which
//! never waits behind a queued writer.
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
        self.map.read_recursive().len()
    }

    pub fn insert(&self, key: String, value: u64) {
        self.map.write().insert(key, value);
    }
}
