//! The registry mutex is held in `open` while `open_raw` -> `create` takes it
//! again (std Mutex: self-deadlock). `Other` has methods of the same names
//! that lock a different mutex; they must not be confused.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Factory {
    registry: Mutex<HashMap<u64, String>>,
}

impl Factory {
    pub fn open(&self, id: u64) -> String {
        let reg = self.registry.lock().unwrap();
        if let Some(db) = reg.get(&id) {
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
