//! Lock identity follows `Arc` clones (`let jobs = Arc::clone(&self.jobs)`)
//! into a spawned thread: the worker takes stats -> jobs, `submit` takes
//! jobs -> stats.
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
        thread::spawn(move || {
            let mut stats = stats.lock().unwrap();
            if let Some(job) = jobs.lock().unwrap().pop() {
                *stats += u64::from(job);
            }
        })
    }

    pub fn submit(&self, job: u32) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.push(job);
        *self.stats.lock().unwrap() += 1;
    }
}
