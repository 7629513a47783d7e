//! The same `if let … else` in both editions: the scrutinee's read guard
//! is a temporary. Up to edition 2021 it lives through the `else` branch,
//! so the `write()` there waits for the thread's own read lock; edition 2024
//! drops it before `else`.
use std::collections::HashMap;
use std::sync::RwLock;

pub struct Store {
    cache: RwLock<HashMap<u64, String>>,
}

impl Store {
    pub fn get(&self, key: u64) -> String {
        if let Some(v) = self.cache.read().unwrap().get(&key).cloned() {
            v
        } else {
            let v = format!("loaded-{key}");
            self.cache.write().unwrap().insert(key, v.clone());
            v
        }
    }
}
