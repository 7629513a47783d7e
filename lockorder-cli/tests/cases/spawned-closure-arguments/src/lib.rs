//! Robustness: spawned closures as call arguments on the right of an
//! assignment, inside `if let` blocks (the shape of async-std's
//! `Stderr::poll_write`, which once crashed the analyzer). No locks, no
//! finding, and above all no panic.
use std::thread::{self, JoinHandle};

pub enum State {
    Idle(Option<u32>),
    Busy(JoinHandle<State>),
}

fn spawn_blocking<F: FnOnce() -> State + Send + 'static>(f: F) -> JoinHandle<State> {
    thread::spawn(f)
}

pub fn poll(inner: &mut Option<u32>) -> State {
    let mut state = State::Idle(None);
    if let Some(op) = inner.take() {
        state = State::Busy(spawn_blocking(move || State::Idle(Some(op))));
    }
    if let Some(op) = inner.take() {
        state = State::Busy(spawn_blocking(move || State::Idle(Some(op + 1))));
    }
    state
}
