//! Owns the cache; evicting returns connections to the pool.
use crate::db::POOL;
use std::sync::Mutex;

pub static ENTRIES: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// cache::ENTRIES -> POOL: the reverse of `db::checkout`.
pub fn evict() {
    let mut entries = ENTRIES.lock().unwrap();
    if let Some(conn) = entries.pop() {
        POOL.lock().unwrap().push(conn);
    }
}
