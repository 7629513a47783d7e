//! Safe twin of parking-lot-abba: `release` takes idle before busy too.
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
        let mut idle = self.idle.lock();
        let mut busy = self.busy.lock();
        busy.retain(|&c| c != conn);
        idle.push(conn);
    }
}
