//! Safe twin of result-guard-match (async-std `Condvar::wait_timeout`): the
//! `Err` arm holds no guard (the callee dropped it), so locking there is fine.
use std::sync::{Mutex, MutexGuard};

#[derive(Debug)]
pub struct Timeout;

pub struct Cond {
    state: Mutex<u32>,
}

impl Cond {
    fn wait(&self) -> Result<MutexGuard<'_, u32>, Timeout> {
        let guard = self.state.lock().unwrap();
        if *guard > 0 { Ok(guard) } else { Err(Timeout) }
    }


    pub fn wait_or_reset(&self) -> u32 {
        match self.wait() {
            Ok(guard) => *guard,
            Err(Timeout) => {
                *self.state.lock().unwrap() = 1;
                0
            }
        }
    }
}
