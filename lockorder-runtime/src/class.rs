//! Lock classes and the declared hierarchy.
//!
//! A *class* is a named kind of lock (`Semester`, `Bank::accounts`);
//! instances share its place in the order. The hierarchy is declared once,
//! in Rust, with `lockorder::hierarchy!` (from the `lockorder` facade):
//!
//! ```text
//! lockorder::hierarchy! {
//!     pub Semester > UserLicense > TournamentParticipation > TournamentBadge;
//! }
//! ```
//!
//! The macro emits one unit type per class implementing [`LockClass`]; the
//! compiler checks `#[acquires(..)]` lists against it through the `const fn`
//! [`declared_before`], the runtime registers the declared order on first use
//! of a class ([`LockClass::class`]), and `lockorder check` parses the same
//! invocation from source.

use std::collections::HashMap;
use std::fmt;
use std::sync::{OnceLock, RwLock};

/// A lock class declared in a `hierarchy!` (or by hand).
pub trait LockClass: 'static {
    /// The class name as declared (`"Semester"`).
    const NAME: &'static str;
    /// Position in a topological order of the hierarchy (0 = outermost).
    const RANK: u32;
    /// Every class that must be acquired *before* this one (the transitive
    /// predecessors in the declaration).
    const AFTER: &'static [&'static str];

    /// The run-time handle of this class, registering its declared order on
    /// first use.
    fn class() -> Class {
        Class::declared(Self::NAME, Self::RANK, Self::AFTER)
    }
}

/// `true` when `A` is declared to be acquired before `B`.
///
/// A `const fn`, so generated code can check an `#[acquires(A, B)]` list at
/// compile time: `const _: () = assert!(declared_before::<A, B>());`.
pub const fn declared_before<A: LockClass, B: LockClass>() -> bool {
    let mut i = 0;
    while i < B::AFTER.len() {
        if str_eq(B::AFTER[i], A::NAME) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A run-time handle to an interned lock class: cheap to copy and compare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Class(u32);

/// What the registry knows about one class.
#[derive(Debug, Clone)]
pub struct ClassInfo {
    /// The class name.
    pub name: &'static str,
    /// Declared rank, when the class is in the hierarchy.
    pub rank: Option<u32>,
    /// Classes declared to come before this one (transitive).
    pub after: &'static [&'static str],
}

#[derive(Default)]
struct Registry {
    by_name: HashMap<&'static str, Class>,
    infos: Vec<ClassInfo>,
}

fn registry() -> &'static RwLock<Registry> {
    static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

impl Class {
    /// The class called `name`, with no declared place in the hierarchy
    /// (checked through the learned graph only) unless it was declared.
    pub fn named(name: &str) -> Class {
        Self::intern(name, None)
    }

    /// The class called `name` with a declared rank and predecessors. The
    /// first declaration of a name wins; a later undeclared use of the same
    /// name shares it.
    pub fn declared(name: &'static str, rank: u32, after: &'static [&'static str]) -> Class {
        Self::intern(name, Some((rank, after)))
    }

    fn intern(name: &str, decl: Option<(u32, &'static [&'static str])>) -> Class {
        let reg = registry();
        if let Some(&c) = reg
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .by_name
            .get(name)
        {
            if decl.is_none() || c.info().rank.is_some() {
                return c;
            }
        }
        let mut w = reg.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&c) = w.by_name.get(name) {
            if let Some((rank, after)) = decl {
                let info = &mut w.infos[c.0 as usize];
                if info.rank.is_none() {
                    info.rank = Some(rank);
                    info.after = after;
                }
            }
            return c;
        }
        let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let c = Class(u32::try_from(w.infos.len()).expect("fewer than 2^32 lock classes"));
        w.infos.push(ClassInfo {
            name,
            rank: decl.map(|d| d.0),
            after: decl.map_or(&[], |d| d.1),
        });
        w.by_name.insert(name, c);
        c
    }

    /// The class of a lock created at `loc` without an explicit class: named
    /// `file:line:column`. Cached by location, so creating many locks at one
    /// site is cheap.
    pub fn at(loc: &'static core::panic::Location<'static>) -> Class {
        static BY_SITE: OnceLock<RwLock<HashMap<usize, Class>>> = OnceLock::new();
        let map = BY_SITE.get_or_init(Default::default);
        let key = loc as *const _ as usize;
        if let Some(&c) = map.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return c;
        }
        let c = Class::named(&format!("{}:{}:{}", loc.file(), loc.line(), loc.column()));
        map.write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, c);
        c
    }

    /// The dense index of this class (0, 1, 2 … in order of registration).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The class `index + 1` stands for (a lock's cached class; 0 is "none").
    #[inline(always)]
    pub(crate) fn from_index_plus_one(i: u32) -> Class {
        Class(i - 1)
    }

    /// A copy of what the registry knows about this class.
    pub fn info(self) -> ClassInfo {
        registry().read().unwrap_or_else(|e| e.into_inner()).infos[self.0 as usize].clone()
    }

    /// The class name.
    pub fn name(self) -> &'static str {
        registry().read().unwrap_or_else(|e| e.into_inner()).infos[self.0 as usize].name
    }

    /// `true` when this class is declared to be acquired before `other`.
    pub fn declared_before(self, other: Class) -> bool {
        let name = self.name();
        other.info().after.contains(&name)
    }
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Class({})", self.name())
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Outer;
    impl LockClass for Outer {
        const NAME: &'static str = "test_class::Outer";
        const RANK: u32 = 0;
        const AFTER: &'static [&'static str] = &[];
    }
    struct Inner;
    impl LockClass for Inner {
        const NAME: &'static str = "test_class::Inner";
        const RANK: u32 = 1;
        const AFTER: &'static [&'static str] = &["test_class::Outer"];
    }

    #[test]
    fn const_order_check() {
        const { assert!(declared_before::<Outer, Inner>()) };
        const { assert!(!declared_before::<Inner, Outer>()) };
    }

    #[test]
    fn interning_is_stable_and_declaration_wins() {
        let a = Class::named("test_class::Inner");
        let b = Inner::class();
        assert_eq!(a, b);
        assert_eq!(b.info().rank, Some(1));
        assert!(Outer::class().declared_before(Inner::class()));
        assert!(!Inner::class().declared_before(Outer::class()));
        assert_eq!(Class::named("test_class::other").info().rank, None);
    }
}
