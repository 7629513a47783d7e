//! A mutex with no field or static identity (a parameter) is named
//! `function::variable`: here `merge::m`, locked twice.
use std::sync::Mutex;

pub fn merge(m: &Mutex<Vec<u32>>, extra: &[u32]) -> usize {
    let mut items = m.lock().unwrap();
    items.extend_from_slice(extra);
    let len = m.lock().unwrap().len();
    len + items.len()
}
