//! A guard assigned to a variable declared without a value (`let g;
//! g = …lock()`) lives as long as the variable: still held when the stats
//! lock is taken, which `report` takes first.
use std::sync::Mutex;

pub struct Pool {
    slots: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
}

impl Pool {
    pub fn deferred(&self) {
        let slots;
        slots = self.slots.lock().unwrap();
        *self.stats.lock().unwrap() += slots.len() as u64;
    }

    pub fn report(&self) {
        let stats = self.stats.lock().unwrap();
        self.slots.lock().unwrap().push(*stats as u32);
    }
}
