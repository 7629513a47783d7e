//! parking_lot's condvar takes the guard by `&mut` and re-takes its lock
//! in place: waiting on A's condvar with B held takes A under B.
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
        let b = self.b.lock();
        self.ready.wait_for(&mut a, std::time::Duration::from_millis(10));
        *a + *b
    }
}
