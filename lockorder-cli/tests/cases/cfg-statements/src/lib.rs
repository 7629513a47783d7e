//! Statements under mutually exclusive `#[cfg]`s are alternatives, not a
//! sequence (the futures-util `Shared::record_waker` pattern), and a
//! `#[cfg(test)]` statement is test code, excluded like `#[cfg(test)]`
//! modules. No finding.
use std::sync::Mutex;

pub struct Notifier {
    wakers: Mutex<Vec<u64>>,
}

impl Notifier {
    pub fn record(&self, key: u64) -> usize {
        #[cfg(feature = "std")]
        let mut wakers = self.wakers.lock().unwrap();
        #[cfg(not(feature = "std"))]
        let mut wakers = self.wakers.lock().unwrap();
        wakers.push(key);
        wakers.len()
    }

    pub fn self_test(&self) {
        #[cfg(test)]
        {
            // Deliberate deadlock, compiled only into the crate's own tests.
            let _held = self.wakers.lock().unwrap();
            let _again = self.wakers.lock().unwrap();
        }
    }
}
