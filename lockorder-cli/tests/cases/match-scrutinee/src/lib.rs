//! The guard in a `match` scrutinee is a temporary that lives through every
//! arm (in every edition), so the arm's `lock()` is a self-deadlock.
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
        match *self.state.lock().unwrap() {
            Mode::Idle => *self.state.lock().unwrap() = Mode::Busy,
            Mode::Busy => *self.state.lock().unwrap() = Mode::Idle,
        }
    }
}
