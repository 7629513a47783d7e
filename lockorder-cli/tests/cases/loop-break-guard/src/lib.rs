//! A spin loop whose `break` carries the guard out (`let g = loop { … break
//! g … }`) holds it after the loop: the journal is taken under the table,
//! which `replay` takes the other way round. The journal taken inside the
//! loop, after the `break`, is another path (nothing held there). A
//! labelled `break 'outer t` from an inner `for` leaves the outer `loop`:
//! the index is taken under the table, which `reindex` reverses.
use std::sync::Mutex;

pub struct Store {
    table: Mutex<Vec<u8>>,
    journal: Mutex<Vec<u8>>,
    index: Mutex<Vec<u8>>,
}

impl Store {
    pub fn spin_then_log(&self) {
        let table = loop {
            if let Ok(table) = self.table.try_lock() {
                break table;
            }
            self.journal.lock().unwrap().push(0);
        };
        self.journal.lock().unwrap().extend(table.iter());
    }

    pub fn labelled(&self) -> usize {
        let table = 'outer: loop {
            for _ in 0..3 {
                if let Ok(t) = self.table.try_lock() {
                    break 'outer t;
                }
            }
        };
        let n = self.index.lock().unwrap().len();
        n + table.len()
    }

    pub fn replay(&self) {
        let journal = self.journal.lock().unwrap();
        self.table.lock().unwrap().extend(journal.iter());
    }

    pub fn reindex(&self) {
        let index = self.index.lock().unwrap();
        self.table.lock().unwrap().extend(index.iter());
    }
}
