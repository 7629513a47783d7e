//! Safe twin of local-lock: the first guard is scoped before the second
//! lock.
use std::sync::Mutex;

pub fn merge(m: &Mutex<Vec<u32>>, extra: &[u32]) -> usize {
    {
        let mut items = m.lock().unwrap();
        items.extend_from_slice(extra);
    }
    let len = m.lock().unwrap().len();
    len
}
