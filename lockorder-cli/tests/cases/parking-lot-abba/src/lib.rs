//! ABBA on parking_lot mutexes (`lock()` returns the guard directly).
use parking_lot::Mutex;

pub struct Pool {
    idle: Mutex<Vec<u32>>,
    busy: Mutex<Vec<u32>>,
}

impl Pool {
    pub fn acquire(&self) -> Option<u32> {
        let mut idle = self.idle.lock();
        let conn = idle.pop()?;
        self.busy.lock().push(conn);
        Some(conn)
    }

    pub fn release(&self, conn: u32) {
        let mut busy = self.busy.lock();
        busy.retain(|&c| c != conn);
        self.idle.lock().push(conn);
    }
}
