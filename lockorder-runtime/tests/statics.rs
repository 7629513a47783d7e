//! Locks in `static`s: the std and parking_lot constructors that need no
//! run-time name (`new`, `with_class`) and the builders `pipeline` and
//! `caller` are `const fn`, tokio's locks have `const_new` as tokio does.
//! The class is interned on first use and behaves as a run-time one.

use lockorder_runtime::{Class, LockClass, Mutex, RwLock, parking_lot as pl, tokio as tk};

struct Registry;
impl LockClass for Registry {
    const NAME: &'static str = "statics::Registry";
    const RANK: u32 = 0;
    const AFTER: &'static [&'static str] = &[];
}

struct Sessions;
impl LockClass for Sessions {
    const NAME: &'static str = "statics::Sessions";
    const RANK: u32 = 1;
    const AFTER: &'static [&'static str] = &["statics::Registry"];
}

static SITE: Mutex<u32> = Mutex::new(0);
const SITE_LINE: u32 = line!() - 1;
static REGISTRY: Mutex<Vec<u32>> = Mutex::with_class::<Registry>(Vec::new());
static SESSIONS: RwLock<u32> = RwLock::with_class::<Sessions>(0)
    .pipeline("sessions")
    .caller("Sessions::touch");
static PL: pl::Mutex<u32> = pl::Mutex::new(1);
static PL_RW: pl::RwLock<u32> = pl::RwLock::with_class::<Sessions>(2);
static TK: tk::Mutex<u32> = tk::Mutex::const_new(3);
static TK_RW: tk::RwLock<u32> = tk::RwLock::const_new(4);

#[test]
fn a_static_lock_created_with_new_is_of_its_sites_class() {
    *SITE.lock().unwrap() += 1;
    let name = SITE.class().to_string();
    assert!(
        name.starts_with(&format!("{}:{SITE_LINE}:", file!().replace('\\', "/")))
            || name.starts_with(&format!("{}:{SITE_LINE}:", file!())),
        "{name}"
    );
    // the same class as a lock made at run time at no other site
    assert_ne!(SITE.class(), PL.class());
    assert_eq!(*PL.lock(), 1);
}

#[test]
fn a_static_lock_of_a_declared_class_has_its_rank() {
    REGISTRY.lock().unwrap().push(1);
    assert_eq!(REGISTRY.class(), Registry::class());
    assert_eq!(SESSIONS.class(), Class::named("statics::Sessions"));
    assert_eq!(SESSIONS.class().info().rank, Some(1));
    assert_eq!(PL_RW.class(), SESSIONS.class());
    assert!(REGISTRY.class().declared_before(SESSIONS.class()));
    assert_eq!(*SESSIONS.read().unwrap(), 0);
    assert_eq!(*PL_RW.read(), 2);
}

#[tokio::test]
async fn tokio_static_locks_work() {
    *TK.lock().await += 1;
    assert_eq!(*TK.lock().await, 4);
    assert_eq!(*TK_RW.read().await, 4);
    assert_ne!(TK.class(), TK_RW.class());
}

/// Statics are checked like any lock: taking them against the declared
/// order is reported (checking compiled in).
#[test]
#[cfg(not(feature = "no-checking"))]
fn static_locks_are_checked_against_the_declared_order() {
    use lockorder_runtime::Rule;
    let before = lockorder_runtime::check::findings().len();
    {
        let _s = SESSIONS.write().unwrap();
        let _r = REGISTRY.lock().unwrap();
    }
    let new: Vec<Rule> = lockorder_runtime::check::findings()[before..]
        .iter()
        .filter(|f| f.locks.iter().any(|l| l == "statics::Registry"))
        .map(|f| f.rule)
        .collect();
    assert_eq!(new, [Rule::LockOrderViolation]);
}
