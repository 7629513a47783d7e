//! The closure of `Option::map` copies the data out: the guard dies inside
//! it, and the journal is taken with nothing held. `copy_table` takes the
//! table (bound by `let … else`) with nothing held.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Store {
    cache: Option<Mutex<Vec<u8>>>,
    tables: HashMap<u32, Mutex<Vec<u8>>>,
    journal: Mutex<Vec<String>>,
    index: Mutex<Vec<u8>>,
}

impl Store {
    pub fn flush(&self) {
        let len = self.cache.as_ref().map(|c| c.lock().unwrap().len());
        self.journal.lock().unwrap().push(format!("{len:?}"));
    }

    pub fn flush_table(&self, id: u32) {
        if let Some(len) = self.tables.get(&id).map(|t| t.lock().unwrap().len()) {
            self.journal.lock().unwrap().push(format!("{len}"));
        }
    }

    pub fn replay(&self) {
        let _journal = self.journal.lock().unwrap();
        if let Some(c) = &self.cache {
            c.lock().unwrap().clear();
        }
        self.tables[&0].lock().unwrap().clear();
    }
}

impl Store {
    pub fn copy_table(&self, id: u32) {
        let Some(table) = self.tables.get(&id) else {
            return;
        };
        let copy = table.lock().unwrap().clone();
        self.index.lock().unwrap().extend(copy);
    }

    pub fn compact(&self) {
        let first = self.tables[&0].lock().unwrap();
        self.index.lock().unwrap().extend(first.iter());
    }
}
