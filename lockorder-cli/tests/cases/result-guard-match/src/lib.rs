//! A callee returns `Result<MutexGuard, _>`: matched in the caller, the
//! guard is held in the `Ok` arm, where locking again self-deadlocks.
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


    pub fn wait_twice(&self) -> u32 {
        match self.wait() {
            Ok(guard) => {
                let again = self.state.lock().unwrap();
                *guard + *again
            }
            Err(Timeout) => 0,
        }
    }
}
