//! Safe twin of reentrant-locks: reentrant mutexes re-taken by their
//! holder (field, parameter, local, shared local, static), nested
//! `RecursiveRwLock` reads, and one order for the pair.
use parking_lot::{ReentrantMutex, RecursiveRwLock};
use std::sync::Arc;

pub static LOG: ReentrantMutex<()> = ReentrantMutex::new(());

pub struct Pair {
    a: ReentrantMutex<u32>,
    b: ReentrantMutex<u32>,
}

impl Pair {
    pub fn ab(&self) -> u32 {
        let a = self.a.lock();
        let b = self.b.lock();
        *a + *b + self.a_again()
    }

    fn a_again(&self) -> u32 {
        *self.a.lock()
    }

    pub fn a_twice(&self) -> u32 {
        let first = self.a.lock();
        let second = self.a.lock();
        *first + *second
    }
}

pub fn param(m: &ReentrantMutex<u32>) -> u32 {
    let x = m.lock();
    let y = m.lock();
    *x + *y
}

pub fn local() -> u32 {
    let m = ReentrantMutex::new(1);
    let x = m.lock();
    let y = m.lock();
    *x + *y
}

pub fn shared() -> u32 {
    let m = Arc::new(ReentrantMutex::new(1));
    let x = m.lock();
    let y = m.lock();
    *x + *y
}

pub fn logging() {
    let _outer = LOG.lock();
    let _inner = LOG.lock();
}

pub fn reads(totals: &RecursiveRwLock<u32>) -> u32 {
    let first = totals.read();
    let second = totals.read();
    *first + *second
}
