//! parking_lot's condvar with B taken after the wait: in order, and the
//! guard re-taken in place is not a second hold of A.
use parking_lot::{Condvar, Mutex};

pub struct Queue {
    a: Mutex<u32>,
    b: Mutex<u32>,
    ready: Condvar,
}

impl Queue {
    pub fn push(&self) {
        let mut a = self.a.lock();
        *a += *self.b.lock();
        self.ready.notify_one();
    }

    pub fn pop(&self) -> u32 {
        let mut a = self.a.lock();
        self.ready.wait_while(&mut a, |n| *n == 0);
        self.ready.wait_for(&mut a, std::time::Duration::from_millis(1));
        let b = self.b.lock();
        *a + *b
    }
}
