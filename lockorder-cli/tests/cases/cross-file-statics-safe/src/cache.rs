//! Owns the cache; evicting returns connections to the pool, taking the
//! pool first like `db::checkout` does.
use crate::db::POOL;
use std::sync::Mutex;

pub static ENTRIES: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// POOL -> cache::ENTRIES, the same order as `db::checkout`.
pub fn evict() {
    let mut pool = POOL.lock().unwrap();
    let mut entries = ENTRIES.lock().unwrap();
    if let Some(conn) = entries.pop() {
        pool.push(conn);
    }
}
