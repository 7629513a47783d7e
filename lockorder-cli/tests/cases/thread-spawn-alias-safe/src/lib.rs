//! Safe twin of thread-spawn-alias: the worker takes jobs -> stats like
//! `submit`; and the spawned thread does not hold `start`'s guard, so
//! spawning while holding stats adds no stats -> jobs edge.
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Pool {
    jobs: Arc<Mutex<Vec<u32>>>,
    stats: Arc<Mutex<u64>>,
}

impl Pool {
    pub fn spawn_worker(&self) -> thread::JoinHandle<()> {
        let jobs = Arc::clone(&self.jobs);
        let stats = self.stats.clone();
        let started = self.stats.lock().unwrap();
        let handle = thread::spawn(move || {
            let job = jobs.lock().unwrap().pop();
            if let Some(job) = job {
                *stats.lock().unwrap() += u64::from(job);
            }
        });
        drop(started);
        handle
    }

    pub fn submit(&self, job: u32) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.push(job);
        *self.stats.lock().unwrap() += 1;
    }
}
