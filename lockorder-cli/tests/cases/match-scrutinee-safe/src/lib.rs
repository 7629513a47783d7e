//! Safe twin of match-scrutinee: the mode is copied out in its own `let`
//! statement, whose temporary guard is gone before the `match`.
use std::sync::Mutex;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Idle,
    Busy,
}

pub struct Machine {
    state: Mutex<Mode>,
}

impl Machine {
    pub fn toggle(&self) {
        let mode = *self.state.lock().unwrap();
        match mode {
            Mode::Idle => *self.state.lock().unwrap() = Mode::Busy,
            Mode::Busy => *self.state.lock().unwrap() = Mode::Idle,
        }
    }
}
