//! Each branch of an `if`/`else` returns a guard of the same lock (the
//! rustls `TicketSwitcher::maybe_roll` shape): only one branch runs, so the
//! two guards never meet. Once revived after the branches, neither may
//! count as held when the other is.
use std::sync::{Mutex, MutexGuard};

pub struct Switcher {
    state: Mutex<u64>,
}

impl Switcher {
    pub fn pick(&self, fresh: bool) -> MutexGuard<'_, u64> {
        if fresh {
            let state = self.state.lock().unwrap();
            state
        } else {
            self.state.lock().unwrap()
        }
    }

    pub fn maybe_roll(&self, now: u64) -> Option<MutexGuard<'_, u64>> {
        if now > 10 {
            let mut state = self.state.lock().ok()?;
            *state = now;
            Some(state)
        } else {
            let mut state = self.state.lock().ok()?;
            *state += 1;
            Some(state)
        }
    }
}
