//! Safe twin of lazy-statics: `reload` takes CONFIG before SESSIONS, so the
//! order CONFIG -> REGISTRY -> SESSIONS holds everywhere.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

pub static CONFIG: LazyLock<Mutex<HashMap<String, String>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

lazy_static::lazy_static! {
    pub static ref REGISTRY: Mutex<Vec<String>> = Mutex::new(Vec::new());
}

pub static SESSIONS: OnceLock<Mutex<Vec<u64>>> = OnceLock::new();

fn sessions() -> &'static Mutex<Vec<u64>> {
    SESSIONS.get_or_init(|| Mutex::new(Vec::new()))
}

pub fn register(name: &str) {
    let config = CONFIG.lock().unwrap();
    if config.contains_key(name) {
        REGISTRY.lock().unwrap().push(name.to_owned());
    }
}

pub fn open_session(id: u64) {
    let registry = REGISTRY.lock().unwrap();
    if !registry.is_empty() {
        sessions().lock().unwrap().push(id);
    }
}

pub fn reload() {
    let mut config = CONFIG.lock().unwrap();
    let sessions = sessions().lock().unwrap();
    config.insert("sessions".into(), sessions.len().to_string());
}
