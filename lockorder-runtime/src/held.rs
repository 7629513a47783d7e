//! The held set of the current thread or task, and the per-thread cache of
//! acquisition edges already validated.

use crate::class::Class;
use crate::event::EntityId;
use crate::model::AccessKind;
use core::mem::ManuallyDrop;
use core::panic::Location;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// One lock held by the current thread or task.
///
/// Kept small (56 bytes): what every check reads is inline; what only a
/// timed release or a keyed lock needs (pipeline, entity id, clock) is in
/// [`Extra`], allocated only for such holds.
#[derive(Debug, Clone)]
pub(crate) struct HeldEntry {
    /// Identifies this acquisition for its release.
    pub token: u64,
    /// The lock object's address, or 0 for a scope (identified by class and
    /// entity id).
    pub instance: usize,
    /// Where it was taken.
    pub site: &'static Location<'static>,
    /// The annotated caller, when one was given.
    pub caller: Option<&'static str>,
    /// The lock class.
    pub class: Class,
    /// How it was taken (`Exclusive`, `Read`, `RecursiveRead`).
    pub kind: AccessKind,
    /// Taken with a non-blocking attempt.
    pub tried: bool,
    /// `false` for an entry kept only to time the hold (checking off).
    pub checked: bool,
    /// Always 0: with it, the kind and the two flags fill a word, which
    /// the fast paths write with one store.
    _pad: u8,
    /// The entity id and what a timed release reports; `None` for an
    /// untimed hold of a lock without entity id.
    pub extra: Option<Box<Extra>>,
}

/// The rarely needed part of a [`HeldEntry`].
#[derive(Debug, Clone)]
pub(crate) struct Extra {
    /// The class's name (reported as `entity_type`).
    #[cfg_attr(feature = "no-checking", allow(dead_code))]
    pub entity_type: &'static str,
    /// The pipeline its release is reported under.
    #[cfg_attr(feature = "no-checking", allow(dead_code))]
    pub pipeline: &'static str,
    /// The entity id (row) it stands for.
    pub entity: EntityId,
    /// When the lock was actually acquired, for a timed hold.
    pub start: Option<Instant>,
}

static NULL_ENTITY: EntityId = EntityId::Null;

impl HeldEntry {
    /// An entry.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn new(
        token: u64,
        instance: usize,
        site: &'static Location<'static>,
        caller: Option<&'static str>,
        class: Class,
        kind: AccessKind,
        tried: bool,
        checked: bool,
        extra: Option<Box<Extra>>,
    ) -> Self {
        HeldEntry {
            token,
            instance,
            site,
            caller,
            class,
            kind,
            tried,
            checked,
            _pad: 0,
            extra,
        }
    }

    /// The entry of a checked, untimed hold of a lock without entity id:
    /// what the fast paths write.
    #[inline(always)]
    pub fn plain(
        token: u64,
        instance: usize,
        site: &'static Location<'static>,
        caller: Option<&'static str>,
        class: Class,
        kind: AccessKind,
        tried: bool,
    ) -> Self {
        Self::new(
            token, instance, site, caller, class, kind, tried, true, None,
        )
    }

    /// The entity id the hold stands for (`Null` when none).
    #[inline]
    pub fn entity(&self) -> &EntityId {
        self.extra.as_ref().map_or(&NULL_ENTITY, |x| &x.entity)
    }
}

/// The dependency type of an edge `held → new`, lockdep-style: bit 1 when
/// the held lock is held shared (a reader), bit 0 when the new lock is
/// taken as a recursive read (which never waits for readers).
#[inline(always)]
pub(crate) fn dep_type(held: AccessKind, new: AccessKind) -> u8 {
    // The discriminants carry the two bits (see `AccessKind`).
    (held as u8 & 2) | (new as u8 & 1)
}

/// `true` when the held ("from") side of an edge of type `ty` is shared.
pub(crate) fn from_shared(ty: u8) -> bool {
    ty & 2 != 0
}

/// `true` when the new ("to") side of an edge of type `ty` is a recursive
/// read.
pub(crate) fn to_recursive(ty: u8) -> bool {
    ty & 1 != 0
}

/// A per-thread bit matrix of `(from, to, dependency type)` class edges
/// already validated against the global graph: the graph search runs only
/// for new edges.
#[derive(Debug, Default)]
pub(crate) struct EdgeCache {
    /// Freed by [`Reaper`] (see [`ThreadState`]).
    rows: ManuallyDrop<Vec<Vec<u64>>>,
}

impl EdgeCache {
    const fn new() -> Self {
        EdgeCache {
            rows: ManuallyDrop::new(Vec::new()),
        }
    }

    #[inline]
    pub fn contains(&self, from: Class, to: Class, ty: u8) -> bool {
        let (f, t) = (from.index(), to.index() * 4 + usize::from(ty));
        match self.rows.get(f).and_then(|r| r.get(t / 64)) {
            Some(w) => w & (1u64 << (t % 64)) != 0,
            None => false,
        }
    }

    pub fn insert(&mut self, from: Class, to: Class, ty: u8) {
        let (f, t) = (from.index(), to.index() * 4 + usize::from(ty));
        if self.rows.len() <= f {
            self.rows.resize_with(f + 1, Vec::new);
        }
        let row = &mut self.rows[f];
        if row.len() <= t / 64 {
            row.resize(t / 64 + 1, 0);
        }
        row[t / 64] |= 1u64 << (t % 64);
    }
}

/// Everything lockorder keeps per thread.
///
/// It has no destructor (its vectors are `ManuallyDrop`), so the
/// thread-local that holds it needs no "registered / torn down" check on
/// every access: the fast paths reach it with a plain thread-local load.
/// A separate thread-local [`Reaper`], registered when the thread first
/// records a lock, frees the vectors when the thread exits.
#[derive(Debug)]
pub(crate) struct ThreadState {
    /// The held set of the thread, or of the task being polled on it.
    pub held: ManuallyDrop<Vec<HeldEntry>>,
    /// Validated edges.
    pub edges: EdgeCache,
    /// Nesting depth of `InTask` polls on this thread.
    pub task_depth: u32,
    /// The last token handed out: the thread's number from bit 40 up and a
    /// counter below it; 0 until [`set_up`](Self::set_up).
    last_token: u64,
}

static NEXT_THREAD: AtomicU64 = AtomicU64::new(1);

impl ThreadState {
    const fn new() -> Self {
        ThreadState {
            held: ManuallyDrop::new(Vec::new()),
            edges: EdgeCache::new(),
            task_depth: 0,
            last_token: 0,
        }
    }

    /// A token unique in the process (thread prefix + counter), never 0,
    /// with bit 63 clear.
    #[inline]
    pub fn token(&mut self) -> u64 {
        self.set_up();
        self.last_token += 1;
        self.last_token
    }

    /// Draws the thread's token prefix and makes room in the held set, the
    /// first time. Whenever the held set has room, the prefix is drawn:
    /// [`push_in_place`](Self::push_in_place) relies on it.
    #[inline]
    fn set_up(&mut self) {
        if self.last_token == 0 {
            self.last_token = NEXT_THREAD.fetch_add(1, Ordering::Relaxed) << 40;
            self.held.reserve(16);
            // free the vectors at thread exit (ignored during teardown)
            let _ = REAPER.try_with(|_| {});
        }
    }

    /// Pushes the entry `make` builds with its token, when the set has
    /// room without growing (and so its token prefix is drawn: see
    /// [`set_up`](Self::set_up)); `None` otherwise. The fast paths' way to
    /// stay free of calls (a growing push may allocate).
    #[inline(always)]
    pub fn push_in_place(&mut self, make: impl FnOnce(u64) -> HeldEntry) -> Option<u64> {
        let len = self.held.len();
        if len == self.held.capacity() {
            return None;
        }
        debug_assert_ne!(self.last_token, 0, "a held set with room and no prefix");
        self.last_token += 1;
        let token = self.last_token;
        let entry = make(token);
        // SAFETY: `len < capacity` (checked above), so the slot at `len` is
        // allocated and unused; it is written before the length covers it.
        unsafe {
            self.held.as_mut_ptr().add(len).write(entry);
            self.held.set_len(len + 1);
        }
        Some(token)
    }

    /// Removes the entry with `token`; `false` when it is not in this set.
    #[inline]
    pub fn remove(&mut self, token: u64) -> bool {
        let n = self.held.len();
        match self.held.last() {
            // Drop the innermost entry in place (no move out of the set).
            Some(last) if last.token == token => {
                self.held.truncate(n - 1);
                true
            }
            _ => self.take(token).is_some(),
        }
    }

    /// Removes and returns the entry with `token`.
    #[inline]
    pub fn take(&mut self, token: u64) -> Option<HeldEntry> {
        match self.held.last() {
            Some(last) if last.token == token => self.held.pop(),
            None => None,
            Some(_) => {
                let i = self.held.iter().rposition(|h| h.token == token)?;
                Some(self.held.remove(i))
            }
        }
    }
}

thread_local! {
    static STATE: RefCell<ThreadState> = const { RefCell::new(ThreadState::new()) };
    static REAPER: Reaper = const { Reaper };
}

/// Frees the thread's held set and edge cache when the thread exits. A
/// lock taken later in the teardown (by another thread-local's destructor)
/// still works; what it allocates then is not freed.
struct Reaper;

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = STATE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                drop(core::mem::take(&mut *s.held));
                drop(core::mem::take(&mut *s.edges.rows));
            }
        });
    }
}

/// [`with_state`] for the fast paths, where `f` itself may decline.
///
/// It reads the state's borrow flag instead of setting and clearing it:
/// two stores fewer per call, and every store before a lock's atomic
/// instruction is one the processor must drain first. `f` must only read
/// and write the state it is given: it must not call anything that could
/// reach the state again (a report, a hook, `tracing`), which every fast
/// path's closure obeys (they check bits and write an entry).
#[inline(always)]
pub(crate) fn try_with_state<R>(f: impl FnOnce(&mut ThreadState) -> Option<R>) -> Option<R> {
    STATE
        .try_with(|s| {
            // SAFETY: the state is only ever borrowed mutably (`with_state`
            // and this), so when `try_borrow_unguarded` succeeds no borrow
            // is live; `f` cannot reach the state again (see above), so the
            // exclusive reference stays the only one until it returns.
            unsafe {
                s.try_borrow_unguarded().ok()?;
                f(&mut *s.as_ptr())
            }
        })
        .ok()
        .flatten()
}

/// Runs `f` on this thread's state; `None` during thread teardown or when
/// the state is already borrowed (a report hook taking a lock).
#[inline]
pub(crate) fn with_state<R>(f: impl FnOnce(&mut ThreadState) -> R) -> Option<R> {
    STATE
        .try_with(|s| Some(f(&mut *s.try_borrow_mut().ok()?)))
        .ok()
        .flatten()
}

/// Swaps `held` with the thread's held set (used around each poll of a task).
pub(crate) fn swap_held(held: &mut Vec<HeldEntry>, entering: bool) {
    let _ = with_state(|s| {
        // The task's set may have room already: draw this thread's prefix
        // before it can be pushed to in place.
        s.set_up();
        std::mem::swap(&mut *s.held, held);
        if entering {
            s.task_depth += 1;
        } else {
            s.task_depth = s.task_depth.saturating_sub(1);
        }
    });
}

/// `true` while an `InTask` future is being polled on this thread.
pub(crate) fn in_task_context() -> bool {
    with_state(|s| s.task_depth > 0).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::HeldEntry;

    /// The dependency type is read off the kinds' discriminants: held
    /// shared is bit 1, taken as a recursive read is bit 0.
    #[test]
    fn dependency_types_of_every_pair_of_kinds() {
        use super::dep_type;
        use crate::model::AccessKind::{Exclusive, Read, RecursiveRead, Try};
        for (held, shared) in [(Exclusive, 0), (Read, 2), (RecursiveRead, 2), (Try, 0)] {
            for (new, recursive) in [(Exclusive, 0), (Read, 0), (RecursiveRead, 1), (Try, 0)] {
                assert_eq!(
                    dep_type(held, new),
                    shared | recursive,
                    "{held:?} then {new:?}"
                );
            }
        }
    }

    /// Every acquisition writes one entry: what a check reads is inline,
    /// the rest is boxed (seven words on 64-bit targets).
    #[test]
    fn an_entry_is_seven_words() {
        assert_eq!(size_of::<HeldEntry>(), 7 * size_of::<usize>());
    }

    /// The edge matrix keeps every edge as its rows grow longer and more
    /// numerous, and reports no edge it was not given.
    #[test]
    fn edge_cache_keeps_every_edge_as_it_grows() {
        use super::EdgeCache;
        use crate::class::Class;
        use std::collections::HashSet;
        let classes: Vec<Class> = (0..70)
            .map(|i| Class::named(&format!("held_test::edge_cache::{i}")))
            .collect();
        let mut cache = EdgeCache::new();
        let mut model = HashSet::new();
        // A fixed pseudo-random order, so rows and columns grow both ways.
        let mut x = 7u64;
        for _ in 0..600 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (f, t, ty) = ((x >> 33) % 70, (x >> 45) % 70, ((x >> 20) % 4) as u8);
            let (f, t) = (classes[f as usize], classes[t as usize]);
            cache.insert(f, t, ty);
            model.insert((f, t, ty));
        }
        for &f in &classes {
            for &t in &classes {
                for ty in 0..4 {
                    assert_eq!(
                        cache.contains(f, t, ty),
                        model.contains(&(f, t, ty)),
                        "{f:?} -> {t:?} type {ty}"
                    );
                }
            }
        }
    }
}
