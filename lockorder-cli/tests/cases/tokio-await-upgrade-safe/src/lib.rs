//! Safe twin of tokio-await-upgrade: `self.map.read()` without `.await`
//! only creates a future; it is awaited after the write guard is dropped
//! (the tokio `sync_rwlock` tests do this on purpose).
use tokio::sync::RwLock;

pub struct Store {
    map: RwLock<Vec<u32>>,
}

impl Store {
    pub async fn refresh(&self, v: u32) -> usize {
        let mut w = self.map.write().await;
        w.push(v);
        let pending_read = self.map.read();
        drop(w);
        pending_read.await.len()
    }
}
