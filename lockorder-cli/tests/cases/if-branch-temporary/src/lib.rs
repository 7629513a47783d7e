//! Edition 2021: the temporary guard in the `if` block's tail expression
//! lives to the end of the `let` statement, so the closure passed to
//! `or_else` runs while the queue is still locked.
use std::collections::VecDeque;
use std::sync::Mutex;

pub struct Scheduler {
    queue: Mutex<VecDeque<u32>>,
}

impl Scheduler {
    pub fn next_task(&self, remote_first: bool) -> Option<u32> {
        let task = if remote_first {
            self.queue
                .lock()
                .unwrap()
                .pop_front()
                .or_else(|| self.queue.lock().unwrap().pop_back())
        } else {
            None
        };
        task
    }
}
