//! `a.slot` and `b.slot` are two instances of one class (`Cell::slot`):
//! nesting them is only safe with an order between instances, so it is
//! reported as same-class nesting, not as a definite double lock.
use std::sync::Mutex;

pub struct Cell {
    pub id: u64,
    slot: Mutex<u64>,
}

pub fn swap(a: &Cell, b: &Cell) {
    let mut x = a.slot.lock().unwrap();
    let mut y = b.slot.lock().unwrap();
    std::mem::swap(&mut *x, &mut *y);
}
