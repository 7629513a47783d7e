//! Safe twin of aa-double-lock: two statements, each guard a temporary
//! dropped at the end of its own statement.
use std::sync::Mutex;

pub static COUNTER: Mutex<u64> = Mutex::new(0);

pub fn bump_twice() -> u64 {
    *COUNTER.lock().unwrap() += 1;
    *COUNTER.lock().unwrap() += 1;
    *COUNTER.lock().unwrap()
}
