//! Safe twin of while-let-scrutinee: the job is popped in its own `let`
//! statement, whose temporary guard is gone before the body runs.
use std::sync::Mutex;

pub struct Queue {
    jobs: Mutex<Vec<u32>>,
}

impl Queue {
    pub fn drain(&self) -> u32 {
        let mut total = 0;
        loop {
            let next = self.jobs.lock().unwrap().pop();
            let Some(job) = next else { break };
            total += job;
            if job > 10 {
                self.jobs.lock().unwrap().push(job / 2);
            }
        }
        total
    }
}
