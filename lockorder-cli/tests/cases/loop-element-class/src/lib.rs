//! A loop variable over `&self.shards` is one shard: its lock is
//! `Router::shards[]`, the class `self.shards[0]` has. So is the second
//! name of `(i, shard)` over `self.shards.iter().enumerate()`, and the
//! value of `(key, route)` over a map. Each function keeps every guard it
//! takes in the loop while it takes one more lock, which another function
//! takes before an element: three cycles.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Router {
    shards: Vec<Mutex<Vec<u64>>>,
    routes: HashMap<u32, Mutex<String>>,
    stats: Mutex<u64>,
    audit: Mutex<u64>,
    log: Mutex<Vec<String>>,
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

    pub fn flush_numbered(&self) {
        let mut held = Vec::new();
        for (i, shard) in self.shards.iter().enumerate() {
            held.push((i, shard.lock().unwrap()));
        }
        *self.audit.lock().unwrap() += held.len() as u64;
    }

    pub fn audit_first(&self) -> usize {
        let _audit = self.audit.lock().unwrap();
        self.shards[0].lock().unwrap().len()
    }

    pub fn dump_routes(&self) {
        let mut held = HashMap::new();
        for (key, route) in &self.routes {
            held.insert(*key, route.lock().unwrap());
        }
        self.log.lock().unwrap().push(format!("{}", held.len()));
    }

    pub fn log_first(&self) -> Option<usize> {
        let _log = self.log.lock().unwrap();
        self.routes.get(&1).map(|r| r.lock().unwrap().len())
    }
}
