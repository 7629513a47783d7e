//! Lock scopes for locks the process does not own, first of all database
//! row locks (`SELECT … FOR UPDATE`).
//!
//! ```
//! use lockorder_runtime::{Class, scope};
//!
//! let semester = Class::named("doc_scope::Semester");
//! let s = scope(semester)
//!     .pipeline("reward")
//!     .entity_id(42)
//!     .caller("TournamentFinalizer.finalize")
//!     .enter();
//! // … SELECT … FOR UPDATE; work; COMMIT …
//! s.commit(); // or s.rollback(), or just drop it
//! ```
//!
//! A scope is order-checked like a guard (declared order, learned graph,
//! same-class nesting by entity id) and, when it ends, measured and
//! reported as `lock_released`. Entering the same row (class and non-null
//! entity id) again while it is held is allowed: a transaction may lock a
//! row it already holds.

use crate::check::{self, Request};
use crate::class::Class;
use crate::event::EntityId;
use crate::model::AccessKind;
use crate::timing::{self, Desc};
use core::panic::Location;
use std::time::Instant;

/// The pipeline reported when none is set.
pub const DEFAULT_PIPELINE: &str = "default";

/// Starts describing a scope on `class`; finish with [`ScopeBuilder::enter`].
pub fn scope(class: Class) -> ScopeBuilder {
    ScopeBuilder {
        class,
        pipeline: DEFAULT_PIPELINE,
        entity: EntityId::Null,
        caller: None,
    }
}

/// A scope being described.
#[derive(Debug, Clone)]
#[must_use = "call .enter() to enter the scope"]
pub struct ScopeBuilder {
    class: Class,
    pipeline: &'static str,
    entity: EntityId,
    caller: Option<&'static str>,
}

impl ScopeBuilder {
    /// The pipeline (`reward`, `skill`, …); `"default"` when not set.
    pub fn pipeline(mut self, pipeline: &'static str) -> Self {
        self.pipeline = pipeline;
        self
    }

    /// The locked row's id; null when not set.
    pub fn entity_id(mut self, id: impl Into<EntityId>) -> Self {
        self.entity = id.into();
        self
    }

    /// Who holds it (`TournamentFinalizer.finalize`); the `file:line` of
    /// [`enter`](Self::enter) when not set.
    pub fn caller(mut self, caller: &'static str) -> Self {
        self.caller = Some(caller);
        self
    }

    /// Enters the scope: checks it against the locks held and starts the
    /// clock.
    #[track_caller]
    pub fn enter(self) -> LockScope {
        enter(
            self.class,
            self.pipeline,
            self.entity,
            self.caller,
            Location::caller(),
        )
    }
}

pub(crate) fn enter(
    class: Class,
    pipeline: &'static str,
    entity: EntityId,
    caller: Option<&'static str>,
    site: &'static Location<'static>,
) -> LockScope {
    let token = check::acquire(&Request {
        class,
        entity_type: class.name(),
        instance: 0,
        kind: AccessKind::Exclusive,
        tried: false,
        fair: true,
        site,
        pipeline,
        caller,
        entity: &entity,
        timed: false,
    });
    LockScope {
        class,
        entity_type: class.name(),
        pipeline,
        entity,
        caller,
        site,
        token,
        start: timing::start(),
        ended: false,
    }
}

/// A held lock scope. Ends on [`commit`](Self::commit),
/// [`rollback`](Self::rollback) or drop, and is then reported as
/// `lock_released`.
#[derive(Debug)]
#[must_use = "a scope ends when dropped"]
pub struct LockScope {
    class: Class,
    entity_type: &'static str,
    pipeline: &'static str,
    entity: EntityId,
    caller: Option<&'static str>,
    site: &'static Location<'static>,
    token: u64,
    start: Option<Instant>,
    ended: bool,
}

impl LockScope {
    /// The scope's class.
    pub fn class(&self) -> Class {
        self.class
    }

    /// The scope's pipeline.
    pub fn pipeline(&self) -> &'static str {
        self.pipeline
    }

    /// The locked row's id.
    pub fn entity_id(&self) -> &EntityId {
        &self.entity
    }

    /// Ends the scope after the transaction committed.
    pub fn commit(mut self) {
        self.end();
    }

    /// Ends the scope after the transaction rolled back.
    pub fn rollback(mut self) {
        self.end();
    }

    fn end(&mut self) {
        if std::mem::replace(&mut self.ended, true) {
            return;
        }
        check::release(self.token);
        timing::finish(
            self.start,
            &Desc {
                entity_type: self.entity_type,
                pipeline: self.pipeline,
                entity: &self.entity,
                caller: self.caller,
                site: self.site,
            },
        );
    }
}

impl Drop for LockScope {
    fn drop(&mut self) {
        self.end();
    }
}
