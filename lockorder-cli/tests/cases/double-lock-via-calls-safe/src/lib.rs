//! Safe twin of double-lock-via-calls: the lookup guard is an `if let`
//! scrutinee temporary with no `else`, dropped before `open_raw` runs.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Factory {
    registry: Mutex<HashMap<u64, String>>,
}

impl Factory {
    pub fn open(&self, id: u64) -> String {
        if let Some(db) = self.registry.lock().unwrap().get(&id) {
            return db.clone();
        }
        self.open_raw(id)
    }

    fn open_raw(&self, id: u64) -> String {
        self.create(id)
    }

    fn create(&self, id: u64) -> String {
        let name = format!("tablet-{id}");
        self.registry.lock().unwrap().insert(id, name.clone());
        name
    }
}

pub struct Other {
    registry: Mutex<Vec<u64>>,
}

impl Other {
    pub fn create(&self, id: u64) -> String {
        self.registry.lock().unwrap().push(id);
        id.to_string()
    }
}
