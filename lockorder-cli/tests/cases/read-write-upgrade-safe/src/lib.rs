//! Safe twin of read-write-upgrade: the read guard is dropped before the
//! write is taken.
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
        drop(map);
        let mut w = self.map.write();
        *w.entry(key.to_owned()).or_insert(0)
    }
}
