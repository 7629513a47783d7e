//! Safe twin of spawned-named-closure: a spawned closure that takes the
//! lock its spawner holds is not a re-lock (it runs on another thread and
//! waits for the guard), and the worker keeps one order with `submit`.
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Pool {
    jobs: Arc<Mutex<Vec<u32>>>,
    stats: Arc<Mutex<u64>>,
}

impl Pool {
    pub fn start_gated(&self, rt: &tokio::runtime::Runtime) {
        let gate = self.jobs.lock().unwrap();
        let jobs = Arc::clone(&self.jobs);
        let wait_for_gate = move || {
            let _open = jobs.lock().unwrap();
        };
        thread::spawn(wait_for_gate.clone());
        rt.spawn_blocking(wait_for_gate);
        drop(gate);
    }

    pub fn spawn_workers(&self) {
        let jobs = Arc::clone(&self.jobs);
        let stats = Arc::clone(&self.stats);
        let work = move || {
            let mut jobs = jobs.lock().unwrap();
            if let Some(job) = jobs.pop() {
                *stats.lock().unwrap() += u64::from(job);
            }
        };
        thread::spawn(work);
    }

    pub fn submit(&self, job: u32) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.push(job);
        *self.stats.lock().unwrap() += 1;
    }
}
