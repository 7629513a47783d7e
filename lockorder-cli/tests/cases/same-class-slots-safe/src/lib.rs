//! Safe twin of same-class-slots: the two instances are never held at the
//! same time.
use std::sync::Mutex;

pub struct Cell {
    pub id: u64,
    slot: Mutex<u64>,
}

pub fn swap(a: &Cell, b: &Cell) {
    let x = *a.slot.lock().unwrap();
    let y = std::mem::replace(&mut *b.slot.lock().unwrap(), x);
    *a.slot.lock().unwrap() = y;
}
