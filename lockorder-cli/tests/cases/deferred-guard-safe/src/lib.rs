//! The same variable, its guard dropped before the stats lock. And the
//! lazy lock of tokio's batch semaphore: `lock` holds a guard on some
//! paths only, and the code tests `lock.is_none()` before locking again;
//! a path-insensitive reading would see the waiters locked twice, so an
//! `Option` assigned a guard later (`lock = Some(…)`) is not followed.
use std::sync::Mutex;

pub struct Pool {
    slots: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
    waiters: Mutex<Vec<u32>>,
}

impl Pool {
    pub fn deferred(&self) {
        let slots;
        slots = self.slots.lock().unwrap();
        let n = slots.len() as u64;
        drop(slots);
        *self.stats.lock().unwrap() += n;
    }

    pub fn report(&self) {
        let stats = self.stats.lock().unwrap();
        self.slots.lock().unwrap().push(*stats as u32);
    }

    pub fn acquire(&self, needed: usize) -> usize {
        let mut lock = None;
        let mut tries = 0;
        loop {
            if needed > tries && lock.is_none() {
                lock = Some(self.waiters.lock().unwrap());
            }
            tries += 1;
            if tries >= needed {
                if lock.is_none() {
                    break self.waiters.lock().unwrap().len();
                }
                break lock.map_or(0, |w| w.len());
            }
        }
    }
}
