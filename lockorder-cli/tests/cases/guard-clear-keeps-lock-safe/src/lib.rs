//! The guard is dropped after `queue.clear()`, before the log is taken.
use std::sync::Mutex;

pub struct Worker {
    queue: Mutex<Vec<u32>>,
    log: Mutex<Vec<String>>,
}

impl Worker {
    pub fn flush(&self) {
        let mut queue = self.queue.lock().unwrap();
        queue.clear();
        drop(queue);
        self.log.lock().unwrap().push("flushed".into());
    }

    pub fn replay(&self) {
        let log = self.log.lock().unwrap();
        self.queue.lock().unwrap().push(log.len() as u32);
    }
}
