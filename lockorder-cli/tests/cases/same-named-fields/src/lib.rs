//! Two types with fields of the same names are four classes, not two:
//! Left::data -> Left::log and Right::log -> Right::data form no cycle.
//! (A name-only analyzer sees data -> log and log -> data: a false alarm.)
use std::sync::Mutex;

pub struct Left {
    data: Mutex<Vec<u8>>,
    log: Mutex<Vec<String>>,
}

impl Left {
    pub fn write(&self, byte: u8) {
        let mut data = self.data.lock().unwrap();
        data.push(byte);
        self.log.lock().unwrap().push(format!("left {byte}"));
    }
}

pub struct Right {
    data: Mutex<Vec<u8>>,
    log: Mutex<Vec<String>>,
}

impl Right {
    pub fn flush(&self) {
        let mut log = self.log.lock().unwrap();
        let n = self.data.lock().unwrap().len();
        log.push(format!("right flushed {n}"));
    }
}
