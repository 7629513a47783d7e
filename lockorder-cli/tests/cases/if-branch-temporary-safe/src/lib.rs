//! Safe twin of if-branch-temporary (the tokio `LocalSet::next_task`
//! pattern): the `if` and `else` blocks each lock the queue, but only one of
//! them runs, so the `if` block's tail temporary never meets the `else`
//! block's lock.
use std::collections::VecDeque;
use std::sync::Mutex;

pub struct Scheduler {
    queue: Mutex<VecDeque<u32>>,
}

impl Scheduler {
    pub fn next_task(&self, remote_first: bool) -> Option<u32> {
        let task = if remote_first {
            self.queue.lock().unwrap().pop_front()
        } else {
            self.queue.lock().unwrap().pop_back()
        };
        task
    }
}
