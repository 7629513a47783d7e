//! A loop variable over `&self.shards` (or `self.shards.iter()`) is one
//! shard: its lock is `Router::shards[]`, the class `self.shards[i]` has.
//! The guards of all shards are kept while the stats lock is taken, and
//! `report` takes a shard under the stats lock: a cycle.
use std::sync::Mutex;

pub struct Router {
    shards: Vec<Mutex<Vec<u64>>>,
    stats: Mutex<u64>,
}

impl Router {
    pub fn flush(&self) {
        let mut held = Vec::new();
        for shard in &self.shards {
            held.push(shard.lock().unwrap());
        }
        *self.stats.lock().unwrap() += held.len() as u64;
    }

    pub fn report(&self) -> usize {
        let _stats = self.stats.lock().unwrap();
        self.shards[0].lock().unwrap().len()
    }
}
