//! What every lock shares: its description, the per-acquisition overrides
//! and the constructor and builder methods. The per-hold state of a guard
//! is in [`super::hold`].

use crate::class::{Class, LockClass};
use crate::event::EntityId;
use crate::scope::DEFAULT_PIPELINE;
use core::panic::Location;

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

/// A lock's description: class, and defaults for its events.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub class: Class,
    pub name: &'static str,
    pub pipeline: &'static str,
    pub entity: EntityId,
    pub caller: Option<&'static str>,
}

impl Meta {
    pub fn of(class: Class) -> Meta {
        Meta {
            class,
            name: class.name(),
            pipeline: DEFAULT_PIPELINE,
            entity: EntityId::Null,
            caller: None,
        }
    }

    #[track_caller]
    pub fn here() -> Meta {
        Meta::of(Class::at(Location::caller()))
    }

    pub fn class_of<C: LockClass>() -> Meta {
        Meta::of(C::class())
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
        pub fn pipeline(mut self, pipeline: &'static str) -> Self {
            self.meta.pipeline = pipeline;
            self
        }

        /// The entity this lock stands for: reported as `entity_id`, and
        /// the key that orders several locks of one class (ascending).
        pub fn entity_id(mut self, id: impl Into<$crate::event::EntityId>) -> Self {
            self.meta.entity = id.into();
            self
        }

        /// Reports this lock's holds as held by `caller` (default: the
        /// `file:line` of each acquisition).
        pub fn caller(mut self, caller: &'static str) -> Self {
            self.meta.caller = Some(caller);
            self
        }
    };
}
pub(crate) use lock_builders;

/// The four constructors every wrapped lock has; `$new` builds the inner lock.
macro_rules! lock_constructors {
    ($new:path) => {
        /// A lock whose class is its creation site (`file:line:col`).
        #[track_caller]
        pub fn new(value: T) -> Self {
            Self {
                meta: Meta::here(),
                inner: $new(value),
            }
        }

        /// A lock of the declared class `C` (from `hierarchy!`).
        pub fn with_class<C: LockClass>(value: T) -> Self {
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
