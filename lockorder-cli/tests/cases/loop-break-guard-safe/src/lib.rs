//! The guard the `break` carries out is dropped before the journal is
//! taken, and the journal inside the loop, after the `break`, is on the
//! path that did not get the table: nothing is held there.
use std::sync::Mutex;

pub struct Store {
    table: Mutex<Vec<u8>>,
    journal: Mutex<Vec<u8>>,
}

impl Store {
    pub fn spin_then_log(&self) {
        let table = loop {
            if let Ok(table) = self.table.try_lock() {
                break table;
            }
            self.journal.lock().unwrap().push(0);
        };
        let copy = table.clone();
        drop(table);
        self.journal.lock().unwrap().extend(copy);
    }

    pub fn replay(&self) {
        let journal = self.journal.lock().unwrap();
        self.table.lock().unwrap().extend(journal.iter());
    }
}
