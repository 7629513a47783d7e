//! read -> write upgrade on one parking_lot RwLock: the read guard is still
//! alive when `write()` is called, so the thread waits for itself.
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Cache {
    map: RwLock<HashMap<String, u64>>,
}

impl Cache {
    pub fn get_or_insert(&self, key: &str) -> u64 {
        let map = self.map.read();
        if let Some(v) = map.get(key) {
            return *v;
        }
        let mut w = self.map.write();
        *w.entry(key.to_owned()).or_insert(0)
    }
}
