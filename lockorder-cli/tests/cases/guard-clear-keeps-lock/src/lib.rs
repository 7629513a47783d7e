//! `queue.clear()` on a guard empties the data, not the lock: the guard is
//! still held when the log is taken (only a local collection *of guards*
//! releases them when cleared).
use std::sync::Mutex;

pub struct Worker {
    queue: Mutex<Vec<u32>>,
    log: Mutex<Vec<String>>,
}

impl Worker {
    pub fn flush(&self) {
        let mut queue = self.queue.lock().unwrap();
        queue.clear();
        self.log.lock().unwrap().push("flushed".into());
    }

    pub fn replay(&self) {
        let log = self.log.lock().unwrap();
        self.queue.lock().unwrap().push(log.len() as u32);
    }
}
