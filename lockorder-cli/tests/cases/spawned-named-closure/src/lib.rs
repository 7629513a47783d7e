//! A closure bound to a name and then spawned (by function or method,
//! directly or as a clone) runs as its own task: the worker takes
//! stats -> jobs, `submit` takes jobs -> stats.
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Pool {
    jobs: Arc<Mutex<Vec<u32>>>,
    stats: Arc<Mutex<u64>>,
}

impl Pool {
    pub fn spawn_workers(&self, rt: &tokio::runtime::Runtime) {
        let jobs = Arc::clone(&self.jobs);
        let stats = Arc::clone(&self.stats);
        let work = move || {
            let mut stats = stats.lock().unwrap();
            if let Some(job) = jobs.lock().unwrap().pop() {
                *stats += u64::from(job);
            }
        };
        rt.spawn_blocking(work.clone());
        thread::spawn(work);
    }

    pub fn submit(&self, job: u32) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.push(job);
        *self.stats.lock().unwrap() += 1;
    }
}
