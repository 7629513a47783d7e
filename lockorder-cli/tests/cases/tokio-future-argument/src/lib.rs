//! A tokio lock future passed as an argument (`Box::pin(lock.read())`, or
//! tokio-test's `spawn(lock.read())` in tokio's own `sync_rwlock` tests) is
//! not an acquisition until it is awaited, here after the write guard is
//! gone. No finding.
use tokio::sync::RwLock;

pub async fn downgrade(lock: &RwLock<u32>) -> u32 {
    let mut write_guard = lock.write().await;
    *write_guard += 1;
    let pending_read = Box::pin(lock.read());
    drop(write_guard);
    *pending_read.await
}

/// The same with a local lock: its type comes from `RwLock::new` (tokio's,
/// by the `use`), exactly as in tokio's `downgrade_map` test.
pub async fn downgrade_local() -> u32 {
    let lock = RwLock::new(0);
    let write_guard = lock.write().await;
    let pending_read = Box::pin(lock.read());
    drop(write_guard);
    *pending_read.await
}
