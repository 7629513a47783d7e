//! Safe twin of tokio-abba: both tasks take sessions before stats.
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Shared {
    sessions: Mutex<Vec<u64>>,
    stats: Mutex<u64>,
}

impl Shared {
    pub async fn login(&self, id: u64) {
        let mut sessions = self.sessions.lock().await;
        sessions.push(id);
        *self.stats.lock().await += 1;
    }

    pub async fn report(&self) -> (u64, usize) {
        let sessions = self.sessions.lock().await;
        let stats = self.stats.lock().await;
        (*stats, sessions.len())
    }
}

pub fn start(shared: Arc<Shared>) {
    let first = Arc::clone(&shared);
    tokio::spawn(async move { first.login(7).await });
    tokio::spawn(async move { shared.report().await });
}
