//! The same shapes with the guards gone before the stats lock: `drop` of
//! the vector, and one shard at a time under the stats lock only where
//! `report` also takes stats first.
use std::sync::Mutex;

pub struct Router {
    shards: Vec<Mutex<Vec<u64>>>,
    stats: Mutex<u64>,
}

impl Router {
    pub fn flush(&self) {
        let mut total = 0;
        for shard in self.shards.iter() {
            total += shard.lock().unwrap().len() as u64;
        }
        *self.stats.lock().unwrap() += total;
    }

    pub fn count(&self) -> usize {
        let mut held = Vec::new();
        for shard in &self.shards {
            held.push(shard.lock().unwrap().len());
        }
        drop(held);
        *self.stats.lock().unwrap() as usize
    }

    pub fn report(&self) -> usize {
        let _stats = self.stats.lock().unwrap();
        self.shards[0].lock().unwrap().len()
    }
}
