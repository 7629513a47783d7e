//! `Option::map` runs its closure once, on the value: the guard the closure
//! returns is the result's, held by the `let` (and by an `if let`'s block).
//! `flush` holds the cache's guard, then the journal's; `replay` the other
//! way round.
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
        let cache = self.cache.as_ref().map(|c| c.lock().unwrap());
        self.journal.lock().unwrap().push(format!("{}", cache.is_some()));
    }

    pub fn flush_table(&self, id: u32) {
        if let Some(table) = self.tables.get(&id).map(|t| t.lock().unwrap()) {
            self.journal.lock().unwrap().push(format!("{}", table.len()));
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
    /// `let … else`: the table's lock is `Store::tables[]`, taken under the
    /// index; `compact` takes them the other way round.
    pub fn copy_table(&self, id: u32) {
        let index = self.index.lock().unwrap();
        let Some(table) = self.tables.get(&id) else {
            return;
        };
        table.lock().unwrap().extend(index.iter());
    }

    pub fn compact(&self) {
        let first = self.tables[&0].lock().unwrap();
        self.index.lock().unwrap().extend(first.iter());
    }
}
