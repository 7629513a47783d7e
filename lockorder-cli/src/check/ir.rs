//! The per-file intermediate representation produced by extraction.
//!
//! Extraction ([`super::extract`]) turns one parsed file into a [`FileIr`]
//! without looking at any other file: lock receivers and call targets stay
//! symbolic ([`Place`], [`Target`]) and are resolved against the symbols of
//! all files later ([`super::resolve`]). Every value that may be a guard
//! (a lock acquisition, but also any call result, which may come from an
//! accessor returning a guard) is an [`Event`] with a live range
//! `pos..end` in the function's evaluation order.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Pos {
    /// The start of a span.
    pub fn of(span: proc_macro2::Span) -> Pos {
        let lc = span.start();
        Pos {
            line: u32::try_from(lc.line).unwrap_or(u32::MAX),
            column: u32::try_from(lc.column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// What a lock method does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// `lock()`, `write()`: exclusive.
    Exclusive,
    /// `read()`: shared, but queues behind a waiting writer on a fair RwLock.
    Read,
    /// `read_recursive()`: shared and reentrant.
    RecursiveRead,
    /// `lock()` on a reentrant mutex (`ReentrantMutex`): exclusive between
    /// threads, re-entrant within one.
    Reentrant,
}

impl Mode {
    /// This mode on a reentrant lock, taken with `method`: a mutex's lock
    /// is re-entrant, a `RecursiveRwLock`'s read is a recursive read, a
    /// write stays exclusive.
    pub fn on_reentrant(self, method: &str) -> Mode {
        match self {
            Mode::Exclusive if !method.contains("write") => Mode::Reentrant,
            Mode::Read => Mode::RecursiveRead,
            other => other,
        }
    }
}

/// The flavour of a declared lock type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockType {
    /// A mutual-exclusion lock.
    Mutex,
    /// A reader-writer lock.
    RwLock,
}

/// A declared type, reduced to what lock analysis needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypeRef {
    /// The outermost meaningful type ident after peeling `&`, `Arc`, `Rc`,
    /// `Box`, `Pin`, `Option` (`Mutex`, `Bank`, `Vec`, …).
    pub ident: String,
    /// Set when the type is a lock.
    pub lock: Option<LockType>,
    /// Element type of a container (`Vec<T>`, `HashMap<K, T>`, `[T; N]`).
    pub elem: Option<Box<TypeRef>>,
    /// The type mentions a guard (`MutexGuard`, `RwLockReadGuard`, …).
    pub guard: bool,
    /// An async lock (tokio, async-std, futures): acquired by `.await`.
    pub asynch: bool,
}

/// The root of a place expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `self` inside `impl Type`.
    SelfOf(String),
    /// A parameter or local whose type is known.
    Typed {
        /// Its type.
        ty: TypeRef,
    },
    /// A parameter or local of unknown identity: class `fn_name::var`.
    Local {
        /// The class name (`fn_name::var`).
        class: String,
        /// `Some(true)`: declared or constructed as a lock.
        lock_known: Option<bool>,
        /// Known to be an async lock (acquired by `.await`).
        asynch: bool,
        /// Known to be a reentrant lock (`ReentrantMutex`, …).
        reentrant: bool,
    },
    /// A path to a static (or a constant-like path).
    Static {
        /// The path as written (`POOL`, `db::POOL`, `crate::db::POOL`).
        segments: Vec<String>,
        /// The module of the file where it is used (shared, cheap to clone).
        module: std::sync::Arc<[String]>,
    },
    /// The result of calling a method (an accessor returning `&Lock`).
    Accessor {
        /// The receiver (shared with the call event that produced it).
        inner: std::sync::Arc<Place>,
        /// The method name.
        method: String,
    },
}

/// One step from a place to a part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// `.name` (or `.0`).
    Named(String),
    /// `[i]` or `.get(k)`: one element of a container.
    Index,
}

/// A place that may hold a lock: `self.inner.state`, `b.accounts`, `POOL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Where it starts.
    pub base: Base,
    /// The fields followed from the base.
    pub fields: Vec<Field>,
    /// Canonical source text of the instance (`self.accounts`), used to tell
    /// one instance from another of the same class.
    pub text: String,
}

/// What a call calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `foo()`, `Type::method()`, `module::foo()` (`Self` already replaced).
    Path(Vec<String>),
    /// `recv.method()`.
    Method {
        /// The receiver when it is a known place (`self`, a typed local).
        recv: Option<std::sync::Arc<Place>>,
        /// The method name.
        name: String,
    },
}

/// What happened at one point of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// A lock method on a place (may turn out to be a user method).
    Acquire {
        /// The receiver (boxed: acquisitions are rare, and the event stays
        /// small for the far more common calls).
        place: Box<Place>,
        /// The method name (`lock`, `read`, …).
        method: String,
        /// Its mode.
        mode: Mode,
        /// `try_*`: never blocks.
        try_: bool,
        /// Directly awaited (`.lock().await`): on an async lock, only an
        /// awaited call acquires; without `.await` it makes a future.
        awaited: bool,
    },
    /// A declared class acquired (`#[acquires]`, a lock scope) or required
    /// to be held (`#[requires]`: `summary` false).
    Declared {
        /// The declared class.
        class: String,
        /// Counts as an acquisition of this function (false for
        /// `#[requires]`: the caller holds it).
        summary: bool,
    },
    /// A call.
    Call {
        /// The callee.
        target: Target,
        /// Number of arguments (without the receiver).
        nargs: usize,
    },
}

/// One event with its live range (for values that may be guards).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Where.
    pub site: Pos,
    /// The first event position at which the (possible) guard is no longer
    /// alive; `u32::MAX` until known.
    pub end: u32,
    /// Non-zero for the guards of alternative branches revived after an
    /// `if`/`match`: guards of one group never hold each other.
    pub alt: u32,
    /// A guard dropped on some paths only, held again where those paths
    /// rejoin the others (`if c { drop(g) }`): it is held from here on but
    /// not acquired here (no edge into it, not in summaries).
    pub resumed: bool,
    /// The next iteration's acquisition of a loop that keeps each
    /// iteration's guard (pushed into a collection declared outside the
    /// loop), taken while the earlier ones are held.
    pub repeat: Repeat,
}

/// How an acquisition repeats in a loop that keeps its guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Repeat {
    /// Not a repetition.
    #[default]
    No,
    /// The next iteration takes the same lock again (`self.a`, a static, a
    /// local declared outside the loop).
    SameLock,
    /// The next iteration takes another instance (an element of what the
    /// loop iterates, a lock reached from a loop variable).
    NextInstance,
}

/// What a function returns, when it matters for lock analysis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Returns {
    /// Nothing lock-related.
    #[default]
    Nothing,
    /// A guard created by this event (an accessor returning a guard).
    Guard(u32),
    /// A reference to a lock (an accessor returning `&RwLock<…>`).
    Lock(Place),
}

/// One function (or method, or spawned task body).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FnIr {
    /// Display name: `Type::method` or `function`.
    pub name: String,
    /// The plain name (`method`).
    pub ident: String,
    /// The `impl` type, for methods.
    pub self_ty: Option<String>,
    /// The trait, for trait impls and trait default methods.
    pub trait_name: Option<String>,
    /// Takes `self`.
    pub has_self: bool,
    /// Number of parameters besides `self`.
    pub arity: usize,
    /// The module path within the crate (shared by the file's functions).
    pub module: std::sync::Arc<[String]>,
    /// Events in evaluation order.
    pub events: Vec<Event>,
    /// What it returns.
    pub returns: Returns,
    /// A spawned task body (never called from its parent).
    pub spawned: bool,
    /// Lines of the whole item (for suppressions).
    pub lines: (u32, u32),
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructDef {
    /// The type ident.
    pub name: String,
    /// Named fields (tuple fields as `0`, `1`, …).
    pub fields: Vec<(String, TypeRef)>,
}

/// A static (also `lazy_static!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticDef {
    /// The module path within the crate.
    pub module: Vec<String>,
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
}

/// A `#[lockorder::allow(rule, reason = "…")]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// The rule code as written.
    pub rule: String,
    /// The reason (empty when missing).
    pub reason: String,
    /// Where the attribute is.
    pub site: Pos,
    /// The lines of the item it covers.
    pub lines: (u32, u32),
    /// The enclosing function, if any.
    pub function: Option<String>,
}

/// Everything extracted from one file.
#[derive(Debug, Clone, Default)]
pub struct FileIr {
    /// Functions, methods and spawned task bodies.
    pub functions: Vec<FnIr>,
    /// Structs.
    pub structs: Vec<StructDef>,
    /// `type X = …;`.
    pub aliases: Vec<(String, TypeRef)>,
    /// Statics.
    pub statics: Vec<StaticDef>,
    /// `hierarchy! { A > B > C; }` chains.
    pub hierarchies: Vec<Vec<String>>,
    /// Suppressions.
    pub allows: Vec<Allow>,
}
