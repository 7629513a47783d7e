//! tokio RwLock: `read().await` while this task holds the write guard
//! waits for itself.
use tokio::sync::RwLock;

pub struct Store {
    map: RwLock<Vec<u32>>,
}

impl Store {
    pub async fn refresh(&self, v: u32) -> usize {
        let mut w = self.map.write().await;
        w.push(v);
        let n = self.map.read().await.len();
        n + w.len()
    }
}
