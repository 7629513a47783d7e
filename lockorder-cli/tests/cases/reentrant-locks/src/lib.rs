//! A reentrant mutex may be re-taken by its holder, but two of them taken
//! in opposite orders still deadlock: A -> B in `ab`, B -> A in `ba`. A
//! `RecursiveRwLock`'s reads nest, but its read→write upgrade still waits
//! for the thread's own read guard.
use parking_lot::{ReentrantMutex, RecursiveRwLock};

pub struct Pair {
    a: ReentrantMutex<u32>,
    b: ReentrantMutex<u32>,
}

impl Pair {
    pub fn ab(&self) -> u32 {
        let a = self.a.lock();
        let b = self.b.lock();
        *a + *b
    }

    pub fn ba(&self) -> u32 {
        let b = self.b.lock();
        let a = self.a.lock();
        *a + *b
    }
}

pub fn upgrade(totals: &RecursiveRwLock<u32>) {
    let seen = totals.read();
    let mut total = totals.write();
    *total += *seen;
}
