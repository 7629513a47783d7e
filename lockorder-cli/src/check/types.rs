//! Reading declared types: which are locks, guards, containers, wrappers.

use super::ir::{LockType, TypeRef};
use std::cell::RefCell;
use std::collections::HashSet;
use syn::{GenericArgument, PathArguments, Type};

thread_local! {
    /// Lock idents imported from async crates in the file being extracted
    /// (`use tokio::sync::RwLock;`). Set per file by extraction, which runs
    /// one file per thread at a time.
    static ASYNC_LOCKS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

const ASYNC_CRATES: &[&str] = &[
    "tokio",
    "async_std",
    "async_lock",
    "futures",
    "futures_util",
];

/// `tokio::sync::RwLock::new` or an imported async `RwLock::new`: an async
/// lock constructor path (the type is the second-to-last segment).
pub fn is_async_lock_path(ty_path: &[String]) -> bool {
    ty_path.iter().any(|s| ASYNC_CRATES.contains(&s.as_str()))
        || (ty_path.len() == 1 && ASYNC_LOCKS.with(|s| s.borrow().contains(&ty_path[0])))
}

/// Records which lock idents a file imports from async crates.
pub fn set_async_imports(items: &[syn::Item]) {
    let mut set = HashSet::new();
    fn walk(tree: &syn::UseTree, asynch: bool, set: &mut HashSet<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let a = asynch || ASYNC_CRATES.contains(&p.ident.to_string().as_str());
                walk(&p.tree, a, set);
            }
            syn::UseTree::Name(n) if asynch => {
                set.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) if asynch => {
                set.insert(r.rename.to_string());
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    walk(t, asynch, set);
                }
            }
            _ => {}
        }
    }
    fn items_of(items: &[syn::Item], set: &mut HashSet<String>) {
        for item in items {
            match item {
                syn::Item::Use(u) => walk(&u.tree, false, set),
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        items_of(inner, set);
                    }
                }
                _ => {}
            }
        }
    }
    items_of(items, &mut set);
    ASYNC_LOCKS.with(|s| *s.borrow_mut() = set);
}

/// Wrappers that are looked through (`Arc<Mutex<T>>` is a Mutex).
const TRANSPARENT: &[&str] = &[
    "Arc",
    "Rc",
    "Box",
    "Pin",
    "Option",
    "CachePadded",
    "ManuallyDrop",
    "LazyLock",
    "LazyCell",
    "Lazy",
    "OnceLock",
    "OnceCell",
    "Weak",
];

/// Containers whose element is the last generic argument.
const CONTAINERS: &[&str] = &[
    "Vec",
    "VecDeque",
    "HashMap",
    "BTreeMap",
    "IndexMap",
    "DashMap",
    "SmallVec",
    "LinkedList",
];

/// The lock flavour of a type ident (`Mutex`, `RwLock`, `FairMutex`, …).
pub fn lock_type_of(ident: &str) -> Option<LockType> {
    if ident.ends_with("RwLock") || ident == "ShardedLock" {
        Some(LockType::RwLock)
    } else if ident.ends_with("Mutex") || matches!(ident, "SpinLock" | "Spinlock" | "ReentrantLock")
    {
        Some(LockType::Mutex)
    } else {
        None
    }
}

/// A lock its holder may take again: `ReentrantMutex` (parking_lot,
/// lock_api), std's `ReentrantLock`, and the reads of parking_lot's
/// `RecursiveRwLock`.
pub fn is_reentrant_lock(ident: &str) -> bool {
    lock_type_of(ident).is_some()
        && (ident.starts_with("Reentrant") || ident.starts_with("Recursive"))
}

/// Reduces a declared type to a [`TypeRef`].
pub fn type_ref(ty: &Type) -> TypeRef {
    let mut guard = false;
    let mut out = peel(ty, &mut guard, 0);
    out.guard = guard;
    out
}

fn peel(ty: &Type, guard: &mut bool, depth: u32) -> TypeRef {
    if depth > 8 {
        return TypeRef::default();
    }
    match ty {
        Type::Reference(r) => peel(&r.elem, guard, depth + 1),
        Type::Paren(p) => peel(&p.elem, guard, depth + 1),
        Type::Group(g) => peel(&g.elem, guard, depth + 1),
        Type::Array(a) => container("[]", peel(&a.elem, guard, depth + 1)),
        Type::Slice(s) => container("[]", peel(&s.elem, guard, depth + 1)),
        Type::ImplTrait(it) => {
            let text = quote::quote!(#it).to_string();
            if text.contains("Guard") || text.contains("Deref") {
                *guard = true;
            }
            TypeRef::default()
        }
        Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return TypeRef::default();
            };
            let ident = last.ident.to_string();
            let args: Vec<&Type> = match &last.arguments {
                PathArguments::AngleBracketed(a) => super::extract::each(&a.args)
                    .filter_map(|g| match g {
                        GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if ident.ends_with("Guard") {
                *guard = true;
            }
            if let Some(lock) = lock_type_of(&ident) {
                let asynch = super::extract::each(&p.path.segments)
                    .any(|s| ASYNC_CRATES.contains(&s.ident.to_string().as_str()))
                    || (p.path.segments.len() == 1
                        && ASYNC_LOCKS.with(|s| s.borrow().contains(&ident)));
                return TypeRef {
                    ident,
                    lock: Some(lock),
                    elem: None,
                    guard: false,
                    asynch,
                };
            }
            if TRANSPARENT.contains(&ident.as_str()) {
                if let Some(first) = args.first() {
                    return peel(first, guard, depth + 1);
                }
            }
            if ident == "Result" {
                if let Some(first) = args.first() {
                    return peel(first, guard, depth + 1);
                }
            }
            if CONTAINERS.contains(&ident.as_str()) {
                if let Some(last) = args.last() {
                    return container(&ident, peel(last, guard, depth + 1));
                }
            }
            TypeRef {
                ident,
                ..TypeRef::default()
            }
        }
        _ => TypeRef::default(),
    }
}

fn container(ident: &str, elem: TypeRef) -> TypeRef {
    TypeRef {
        ident: ident.to_owned(),
        lock: None,
        elem: Some(Box::new(elem)),
        guard: false,
        asynch: false,
    }
}

/// Idents of common types that certainly are not locks.
pub fn is_known_non_lock(ident: &str) -> bool {
    matches!(
        ident,
        "" | "String"
            | "str"
            | "Vec"
            | "VecDeque"
            | "HashMap"
            | "HashSet"
            | "BTreeMap"
            | "BTreeSet"
            | "[]"
            | "File"
            | "PathBuf"
            | "Path"
            | "Cell"
            | "RefCell"
            | "AtomicBool"
            | "AtomicUsize"
            | "AtomicU64"
            | "AtomicU32"
            | "AtomicI64"
            | "Sender"
            | "Receiver"
            | "TcpStream"
            | "BufReader"
            | "BufWriter"
            | "Stdout"
            | "Stderr"
            | "Stdin"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "isize"
            | "bool"
            | "f32"
            | "f64"
            | "char"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(src: &str) -> TypeRef {
        type_ref(&syn::parse_str::<Type>(src).unwrap())
    }

    #[test]
    fn peels_wrappers_to_the_lock() {
        let t = tr("Arc<parking_lot::RwLock<Vec<u8>>>");
        assert_eq!(t.ident, "RwLock");
        assert_eq!(t.lock, Some(LockType::RwLock));
        assert_eq!(tr("&'a Mutex<u8>").lock, Some(LockType::Mutex));
        assert_eq!(tr("LazyLock<Mutex<u8>>").lock, Some(LockType::Mutex));
    }

    #[test]
    fn non_locks_and_containers() {
        let t = tr("Arc<Inner>");
        assert_eq!(t.ident, "Inner");
        assert_eq!(t.lock, None);
        let v = tr("Vec<Mutex<Account>>");
        assert_eq!(v.ident, "Vec");
        assert_eq!(v.elem.unwrap().lock, Some(LockType::Mutex));
        assert!(tr("RwLockReadGuard<'_, S>").guard);
        assert!(!tr("Option<u32>").guard);
    }
}
