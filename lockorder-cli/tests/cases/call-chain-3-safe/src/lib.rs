//! Safe twin of call-chain-3: `recalculate` takes SEMESTER before LICENSE,
//! the same order as the three-call chain under `finalize`.
use std::sync::Mutex;

pub static SEMESTER: Mutex<u32> = Mutex::new(0);
pub static LICENSE: Mutex<u32> = Mutex::new(0);

pub fn finalize(users: &[u32]) {
    let mut semester = SEMESTER.lock().unwrap();
    *semester += 1;
    distribute(users);
}

fn distribute(users: &[u32]) {
    for &user in users {
        reward_user(user);
    }
}

fn reward_user(user: u32) {
    if user != 0 {
        writeback(user);
    }
}

fn writeback(user: u32) {
    *LICENSE.lock().unwrap() += user;
}

pub fn recalculate() -> u32 {
    let semester = SEMESTER.lock().unwrap();
    let license = LICENSE.lock().unwrap();
    *license + *semester
}
