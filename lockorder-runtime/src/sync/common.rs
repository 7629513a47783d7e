//! What every lock shares: its description, the per-acquisition overrides
//! and the constructor and builder methods. The per-hold state of a guard
//! is in [`super::hold`].

use crate::class::{Class, LockClass};
use crate::event::EntityId;
use crate::scope::DEFAULT_PIPELINE;
use core::panic::Location;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Per-acquisition overrides of a lock's pipeline, entity id and caller.
///
/// ```
/// use lockorder_runtime::{Acquisition, Mutex};
/// let m = Mutex::named("doc_acq::Ledger", 0);
/// let g = m.lock_with(Acquisition::new().caller("Ledger::post").entity_id(7));
/// # drop(g);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Acquisition {
    pub(crate) pipeline: Option<&'static str>,
    pub(crate) entity: Option<EntityId>,
    pub(crate) caller: Option<&'static str>,
}

impl Acquisition {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports this hold under `pipeline`.
    pub fn pipeline(mut self, pipeline: &'static str) -> Self {
        self.pipeline = Some(pipeline);
        self
    }

    /// Reports this hold for entity `id` (also the key of same-class
    /// ordering).
    pub fn entity_id(mut self, id: impl Into<EntityId>) -> Self {
        self.entity = Some(id.into());
        self
    }

    /// Reports this hold as held by `caller`.
    pub fn caller(mut self, caller: &'static str) -> Self {
        self.caller = Some(caller);
        self
    }
}

/// A lock's class, interned on first use, so that the constructors that
/// need no run-time name can be `const` (a lock in a `static`).
#[derive(Debug, Clone)]
pub(crate) struct LazyClass {
    cell: OnceLock<(Class, &'static str)>,
    source: Source,
}

/// Where a [`LazyClass`] comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// Interned already.
    Interned(Class),
    /// The lock's creation site (`file:line:column`).
    Site(&'static Location<'static>),
    /// A declared class (`LockClass::class`).
    Declared(fn() -> Class),
}

impl LazyClass {
    /// The class of a lock created at `site`.
    const fn site(site: &'static Location<'static>) -> Self {
        LazyClass {
            cell: OnceLock::new(),
            source: Source::Site(site),
        }
    }

    /// The declared class `C`.
    const fn declared<C: LockClass>() -> Self {
        LazyClass {
            cell: OnceLock::new(),
            source: Source::Declared(C::class),
        }
    }

    /// `class`, interned already.
    fn interned(class: Class) -> Self {
        LazyClass {
            cell: OnceLock::from((class, class.name())),
            source: Source::Interned(class),
        }
    }

    /// The class.
    #[inline(always)]
    pub fn get(&self) -> Class {
        self.resolved().0
    }

    /// The class's name.
    #[inline]
    pub fn name(&self) -> &'static str {
        self.resolved().1
    }

    #[inline(always)]
    fn resolved(&self) -> &(Class, &'static str) {
        match self.cell.get() {
            Some(r) => r,
            None => self.resolve(),
        }
    }

    #[cold]
    #[inline(never)]
    fn resolve(&self) -> &(Class, &'static str) {
        self.cell.get_or_init(|| {
            let class = match self.source {
                Source::Interned(c) => c,
                Source::Site(site) => Class::at(site),
                Source::Declared(class) => class(),
            };
            (class, class.name())
        })
    }
}

/// A lock's description: class, and defaults for its events.
#[derive(Debug)]
pub(crate) struct Meta {
    pub class: LazyClass,
    pub pipeline: &'static str,
    pub entity: EntityId,
    pub caller: Option<&'static str>,
    /// The class's index + 1 once the lock has been taken and it may take
    /// the checker's fast path (no entity id); 0 until then, or for good.
    /// The fast path reads this one word instead of asking the class cell
    /// and comparing the entity id.
    fast: AtomicU32,
}

impl Meta {
    const fn with(class: LazyClass) -> Meta {
        Meta {
            class,
            pipeline: DEFAULT_PIPELINE,
            entity: EntityId::Null,
            caller: None,
            fast: AtomicU32::new(0),
        }
    }

    /// The class, when this lock may take the fast path (see `fast`).
    #[inline(always)]
    pub fn fast_class(&self) -> Option<Class> {
        match self.fast.load(Ordering::Relaxed) {
            0 => None,
            i => Some(Class::from_index_plus_one(i)),
        }
    }

    /// The class, resolving it if need be; notes whether the lock may take
    /// the fast path from now on.
    pub fn class_noting_fast(&self) -> Class {
        let class = self.class.get();
        // Written once, not on every slow acquisition (timed holds take
        // this path each time; the lock's cache line is shared).
        if self.entity == EntityId::Null
            && let Ok(i) = u32::try_from(class.index() + 1)
            && self.fast.load(Ordering::Relaxed) != i
        {
            self.fast.store(i, Ordering::Relaxed);
        }
        class
    }

    /// Sets the entity id (a builder's, before the lock is shared): a
    /// keyed lock never takes the fast path.
    pub fn set_entity(&mut self, id: EntityId) {
        self.entity = id;
        *self.fast.get_mut() = 0;
    }

    pub fn of(class: Class) -> Meta {
        Meta::with(LazyClass::interned(class))
    }

    #[track_caller]
    pub const fn here() -> Meta {
        Meta::with(LazyClass::site(Location::caller()))
    }

    pub const fn class_of<C: LockClass>() -> Meta {
        Meta::with(LazyClass::declared::<C>())
    }

    pub fn named(name: &str) -> Meta {
        Meta::of(Class::named(name))
    }
}

/// Builder methods shared by every lock type: `pipeline`, `entity_id`,
/// `caller`, and `class`.
macro_rules! lock_builders {
    () => {
        /// Reports this lock's holds under `pipeline` (`"default"` when not
        /// set).
        pub const fn pipeline(mut self, pipeline: &'static str) -> Self {
            self.meta.pipeline = pipeline;
            self
        }

        /// The entity this lock stands for: reported as `entity_id`, and
        /// the key that orders several locks of one class (ascending).
        pub fn entity_id(mut self, id: impl Into<$crate::event::EntityId>) -> Self {
            self.meta.set_entity(id.into());
            self
        }

        /// Reports this lock's holds as held by `caller` (default: the
        /// `file:line` of each acquisition).
        pub const fn caller(mut self, caller: &'static str) -> Self {
            self.meta.caller = Some(caller);
            self
        }
    };
}
pub(crate) use lock_builders;

/// The four constructors every wrapped lock has; `$new` builds the inner
/// lock. With `const $new`, `new` and `with_class` are `const fn` (for
/// `static` locks); with `$new, const $const_new` (tokio, whose `new` is
/// not `const`) there is a `const_new` besides, as tokio has.
macro_rules! lock_constructors {
    (const $new:path) => {
        $crate::sync::common::lock_constructors!(@all [const] $new);
    };
    ($new:path, const $const_new:path) => {
        $crate::sync::common::lock_constructors!(@all [] $new);

        /// [`new`](Self::new) as a `const fn`, for a `static`: the class is
        /// its creation site.
        #[track_caller]
        pub const fn const_new(value: T) -> Self {
            Self {
                meta: Meta::here(),
                inner: $const_new(value),
            }
        }
    };
    (@all [$($const:tt)?] $new:path) => {
        /// A lock whose class is its creation site (`file:line:col`).
        #[track_caller]
        pub $($const)? fn new(value: T) -> Self {
            Self {
                meta: Meta::here(),
                inner: $new(value),
            }
        }

        /// A lock of the declared class `C` (from `hierarchy!`).
        pub $($const)? fn with_class<C: LockClass>(value: T) -> Self {
            Self {
                meta: Meta::class_of::<C>(),
                inner: $new(value),
            }
        }

        /// A lock of the class called `name` (`"Bank::accounts"`).
        pub fn named(name: &str, value: T) -> Self {
            Self {
                meta: Meta::named(name),
                inner: $new(value),
            }
        }

        /// A lock of `class`.
        pub fn in_class(class: Class, value: T) -> Self {
            Self {
                meta: Meta::of(class),
                inner: $new(value),
            }
        }
    };
}
pub(crate) use lock_constructors;
