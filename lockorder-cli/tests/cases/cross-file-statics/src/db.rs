//! Owns the connection pool.
use std::sync::Mutex;

pub static POOL: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Takes a connection, then records it in the cache: POOL -> cache::ENTRIES.
pub fn checkout() -> Option<u32> {
    let mut pool = POOL.lock().unwrap();
    let conn = pool.pop()?;
    crate::cache::ENTRIES.lock().unwrap().push(conn);
    Some(conn)
}
