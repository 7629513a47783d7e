//! AA: one static mutex taken twice while the first guard is alive.
use std::sync::Mutex;

pub static COUNTER: Mutex<u64> = Mutex::new(0);

pub fn bump_twice() -> u64 {
    let mut first = COUNTER.lock().unwrap();
    *first += 1;
    let second = COUNTER.lock().unwrap(); // deadlocks: `first` is still held
    *first + *second
}
