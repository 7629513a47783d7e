//! Run-time order checking, lockdep-style.
//!
//! On each blocking acquisition the current thread's (or task's) held set is
//! compared with the new lock:
//!
//! * the same lock object already held → [`Rule::DoubleLock`] (a second
//!   `read()` on a fair RwLock, and `read()` then `write()`, included;
//!   `read_recursive()` is exempt);
//! * another instance of the same class → allowed only in ascending
//!   entity-id order, else [`Rule::SameClassNesting`];
//! * another class `H` → the edge `H → new`. Each edge is validated once per
//!   process (a per-thread bit matrix makes the repeat check a couple of
//!   loads): against the declared hierarchy ([`Rule::LockOrderViolation`])
//!   and against the learned graph ([`Rule::LockOrderCycle`] when a chain
//!   `new → … → H` exists, even with no declared order).
//!
//! A `try_lock` never blocks, so it is not checked and adds no edge into the
//! tried lock; once held, edges out of it are learned as usual.
//!
//! Calls of functions with lock contracts (from `lockorder-macros`) are
//! checked against the held set too: `#[requires(C)]` without `C` held is
//! [`Rule::RequiresNotHeld`], `#[excludes(C)]` with `C` held is
//! [`Rule::ExcludesHeld`].
//!
//! Findings are dispatched by the process [`Policy`] and are available as
//! data through [`findings`] / [`take_findings`] and [`set_report_hook`].

use crate::class::Class;
use crate::event::EntityId;
use crate::graph::graph;
use crate::held::{Extra, HeldEntry, dep_type, try_with_state, with_state};
use crate::model::{AccessKind, EdgeEvidence, Finding, Rule, Severity, Site};
use crate::report::{self, Report};
use core::panic::Location;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

/// `false` when the crate was built with the `no-checking` feature.
pub const COMPILED_IN: bool = !cfg!(feature = "no-checking");

static POLICY: AtomicU8 = AtomicU8::new(1);
static RATE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(10);

/// What the runtime does when it finds a problem. One policy per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Record, log, then panic at the offending acquisition (for tests);
    /// the lock is not taken.
    Panic,
    /// Record and log every finding (the default).
    Log,
    /// Record every finding, log at most `per_second` of them per second
    /// (for production).
    LogRateLimited {
        /// Events logged per second at most.
        per_second: u32,
    },
}

/// Sets the process policy.
pub fn set_policy(p: Policy) {
    let code = match p {
        Policy::Panic => 0,
        Policy::Log => 1,
        Policy::LogRateLimited { per_second } => {
            RATE.store(per_second, Ordering::Relaxed);
            2
        }
    };
    POLICY.store(code, Ordering::Relaxed);
}

/// The process policy.
pub fn policy() -> Policy {
    match POLICY.load(Ordering::Relaxed) {
        0 => Policy::Panic,
        2 => Policy::LogRateLimited {
            per_second: RATE.load(Ordering::Relaxed),
        },
        _ => Policy::Log,
    }
}

/// Turns run-time checking on or off for the whole process (on by default).
/// Locks taken while it is off are not tracked. Timing and `lock_released`
/// events are unaffected.
pub fn set_checking(on: bool) {
    crate::switches::set(crate::switches::CHECKING, on);
}

/// `true` when checking is compiled in and switched on.
#[inline]
pub fn checking_enabled() -> bool {
    COMPILED_IN && crate::switches::get() & crate::switches::CHECKING != 0
}

/// A copy of every finding reported so far in this process (at most 10 000).
pub fn findings() -> Vec<Finding> {
    report::collected()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// Takes the findings reported so far, leaving none.
pub fn take_findings() -> Vec<Finding> {
    std::mem::take(
        &mut *report::collected()
            .lock()
            .unwrap_or_else(|e| e.into_inner()),
    )
}

/// Calls `hook` with every finding, before it is logged (and before a panic
/// under [`Policy::Panic`]). Replaces any previous hook. The hook must not
/// take lockorder locks.
pub fn set_report_hook(hook: impl Fn(&Finding) + Send + Sync + 'static) {
    *report::hook().write().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(hook));
}

/// Removes the report hook.
pub fn clear_report_hook() {
    *report::hook().write().unwrap_or_else(|e| e.into_inner()) = None;
}

/// How many events [`Policy::LogRateLimited`] has suppressed.
pub fn suppressed_events() -> u64 {
    report::suppressed()
}

/// Every edge of the learned acquisition graph, with where it was first
/// seen, sorted.
pub fn learned_edges() -> Vec<EdgeEvidence> {
    graph().lock().unwrap_or_else(|e| e.into_inner()).edges()
}

/// The classes the current thread (or task) holds, outermost first.
pub fn held_classes() -> Vec<Class> {
    with_state(|s| {
        s.held
            .iter()
            .filter(|h| h.checked)
            .map(|h| h.class)
            .collect()
    })
    .unwrap_or_default()
}

/// One acquisition to check.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub class: Class,
    /// The class's name, reported as `entity_type` when the hold is timed.
    pub entity_type: &'static str,
    /// The lock object's address; 0 for a scope.
    pub instance: usize,
    pub kind: AccessKind,
    pub tried: bool,
    /// A second `read()` may block behind a queued writer.
    pub fair: bool,
    pub site: &'static Location<'static>,
    /// Reported as `pipeline` when the hold is timed.
    pub pipeline: &'static str,
    pub caller: Option<&'static str>,
    pub entity: &'a EntityId,
    /// Keep an entry even when checking is off, to time the hold.
    pub timed: bool,
}

/// [`acquire`] for a lock guard: the common case (no per-acquisition
/// overrides, no entity id, untimed, every edge validated before, room in
/// the held set) takes only its arguments in registers, makes no call and
/// writes one small entry; anything else builds a [`Request`] and goes the
/// general way.
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn acquire_lock(
    meta: &crate::sync::common::Meta,
    acq: Option<&crate::sync::common::Acquisition>,
    instance: usize,
    kind: AccessKind,
    tried: bool,
    fair: bool,
    timed: bool,
    site: &'static Location<'static>,
) -> u64 {
    if !timed && acq.is_none() && meta.entity == EntityId::Null && checking_enabled() {
        let (class, caller) = (meta.class.get(), meta.caller);
        let pushed = try_with_state(|s| {
            if !tried && !validated(s, class, kind) {
                return None;
            }
            s.push_in_place(|token| {
                HeldEntry::plain(token, instance, site, caller, class, kind, tried)
            })
        });
        if let Some(token) = pushed {
            return token;
        }
    }
    acquire_lock_slow(meta, acq, instance, kind, tried, fair, timed, site)
}

/// [`acquire_lock`] for a blocking acquisition without per-acquisition
/// overrides, untimed: the common case of a checked `lock()`, and of a fair
/// lock (every blocking acquisition of the wrapped locks is). The caller
/// has seen checking switched on.
///
/// It is inlined into the caller's `lock()`: in an executable that makes
/// the thread-local access a single instruction, and the common case a
/// handful of loads and one entry written, with no call. With locks held
/// the edges are validated by [`validated_nested`], out of line. Anything
/// unusual (a keyed lock, a class not interned yet, a full held set,
/// checking off, an edge not validated yet) hands over to the general
/// path.
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(always)]
pub(crate) fn acquire_plain(
    meta: &crate::sync::common::Meta,
    instance: usize,
    kind: AccessKind,
    site: &'static Location<'static>,
) -> u64 {
    if let Some(class) = meta.fast_class() {
        let pushed = try_with_state(|s| {
            if !s.held.is_empty() && !validated_nested(s, class, kind) {
                return None;
            }
            s.push_in_place(|token| {
                HeldEntry::plain(token, instance, site, meta.caller, class, kind, false)
            })
        });
        if let Some(token) = pushed {
            return token;
        }
    }
    acquire_plain_slow(meta, instance, kind, site)
}

/// [`validated`], out of line for [`acquire_plain`] with locks held. It
/// takes only what the check reads, so it needs no registers saved and
/// its caller keeps what the entry needs.
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(never)]
fn validated_nested(s: &crate::held::ThreadState, class: Class, kind: AccessKind) -> bool {
    // One lock held is the common case: no loop, no register to save.
    if let [h] = s.held.as_slice() {
        return h.class != class && s.edges.contains(h.class, class, dep_type(h.kind, kind));
    }
    validated_many(s, class, kind)
}

/// [`validated_nested`] with more than one lock held (a tail call).
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(never)]
fn validated_many(s: &crate::held::ThreadState, class: Class, kind: AccessKind) -> bool {
    validated(s, class, kind)
}

/// [`acquire_plain`]'s general path (as few arguments, so that it is a
/// jump there).
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[cold]
#[inline(never)]
fn acquire_plain_slow(
    meta: &crate::sync::common::Meta,
    instance: usize,
    kind: AccessKind,
    site: &'static Location<'static>,
) -> u64 {
    acquire_lock_slow(meta, None, instance, kind, false, true, false, site)
}

/// `true` when every lock held is of another class than `class` and every
/// edge from it into `class` (taken as `kind`) was validated before.
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(always)]
fn validated(s: &crate::held::ThreadState, class: Class, kind: AccessKind) -> bool {
    // An entry kept only for timing (taken while checking was off) is not
    // skipped here: it sends the acquisition the general way, which skips
    // it, unless its edge happens to be validated already.
    s.held
        .iter()
        .all(|h| h.class != class && s.edges.contains(h.class, class, dep_type(h.kind, kind)))
}

#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn acquire_lock_slow(
    meta: &crate::sync::common::Meta,
    acq: Option<&crate::sync::common::Acquisition>,
    instance: usize,
    kind: AccessKind,
    tried: bool,
    fair: bool,
    timed: bool,
    site: &'static Location<'static>,
) -> u64 {
    let (pipeline, entity, caller) = crate::sync::hold::resolve(meta, acq);
    acquire(&Request {
        class: meta.class_noting_fast(),
        entity_type: meta.class.name(),
        instance,
        kind,
        tried,
        fair,
        site,
        pipeline,
        caller,
        entity,
        timed,
    })
}

/// Checks and records an acquisition; returns its token (0 = not tracked).
/// May panic under [`Policy::Panic`], before anything is recorded.
#[inline(never)]
pub(crate) fn acquire(req: &Request<'_>) -> u64 {
    if !checking_enabled() {
        return if req.timed {
            with_state(|s| push(s, req, false)).unwrap_or(0)
        } else {
            0
        };
    }
    // Fast path: every held lock is another class and every edge into the
    // new one has been validated before.
    let fast = with_state(|s| {
        if !req.tried && !validated(s, req.class, req.kind) {
            return None;
        }
        Some(push(s, req, true))
    });
    match fast {
        None => 0,
        Some(Some(token)) => token,
        Some(None) => acquire_slow(req),
    }
}

#[cold]
#[inline(never)]
fn acquire_slow(req: &Request<'_>) -> u64 {
    let outcome = with_state(|s| {
        let mut reports = Vec::new();
        let crate::held::ThreadState { held, edges, .. } = s;
        for h in held.iter().filter(|h| h.checked) {
            if let Some(r) = check_pair(h, req, held, edges) {
                reports.push(r);
            }
        }
        if reports.is_empty() {
            Ok(push(s, req, true))
        } else {
            Err(reports)
        }
    });
    match outcome {
        None => 0,
        Some(Ok(token)) => token,
        Some(Err(reports)) => {
            for r in reports {
                report::dispatch(r);
            }
            with_state(|s| push(s, req, true)).unwrap_or(0)
        }
    }
}

#[inline(always)]
fn push(s: &mut crate::held::ThreadState, req: &Request<'_>, checked: bool) -> u64 {
    let token = s.token();
    let extra = if req.timed || *req.entity != EntityId::Null {
        Some(extra(req))
    } else {
        None
    };
    s.held.push(HeldEntry::new(
        token,
        req.instance,
        req.site,
        req.caller,
        req.class,
        req.kind,
        req.tried,
        checked,
        extra,
    ));
    token
}

#[cold]
#[inline(never)]
fn extra(req: &Request<'_>) -> Box<Extra> {
    Box::new(Extra {
        entity_type: req.entity_type,
        pipeline: req.pipeline,
        entity: req.entity.clone(),
        start: None,
    })
}

/// Starts the clock of the hold with `token` (the lock is now held).
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(never)]
pub(crate) fn mark_started(token: u64) {
    let _ = with_state(|s| {
        if let Some(h) = s.held.iter_mut().rev().find(|h| h.token == token)
            && let Some(x) = &mut h.extra
        {
            x.start = Some(std::time::Instant::now());
        }
    });
}

/// The entry with `token` is held as `kind` from now on (a downgrade).
#[cfg_attr(
    any(
        feature = "no-checking",
        not(any(feature = "parking_lot", feature = "tokio"))
    ),
    allow(dead_code)
)]
pub(crate) fn set_kind(token: u64, kind: AccessKind) {
    let _ = with_state(|s| {
        if let Some(h) = s.held.iter_mut().rev().find(|h| h.token == token) {
            h.kind = kind;
        }
    });
}

/// The hold with `token` becomes exclusive at `site` (an upgradable read
/// upgraded): the thread waits for the lock's readers while holding every
/// other lock it holds, so each of those is checked against an exclusive
/// acquisition of it there (edges into it, a read of the same lock: a
/// double lock). Reported like an acquisition; nothing is pushed.
#[cfg_attr(
    any(feature = "no-checking", not(feature = "parking_lot")),
    allow(dead_code)
)]
#[cold]
#[inline(never)]
pub(crate) fn upgrade(token: u64, site: &'static Location<'static>) {
    if !checking_enabled() {
        return;
    }
    let reports = with_state(|s| {
        let crate::held::ThreadState { held, edges, .. } = s;
        let i = held.iter().position(|h| h.token == token)?;
        let me = &held[i];
        let pipeline = me
            .extra
            .as_ref()
            .map_or(crate::scope::DEFAULT_PIPELINE, |x| x.pipeline);
        let req = Request {
            class: me.class,
            entity_type: me.class.name(),
            instance: me.instance,
            kind: AccessKind::Exclusive,
            tried: false,
            fair: true,
            site,
            pipeline,
            caller: me.caller,
            entity: me.entity(),
            timed: false,
        };
        let reports: Vec<Report> = held
            .iter()
            .enumerate()
            .filter(|&(j, h)| j != i && h.checked)
            .filter_map(|(_, h)| check_pair(h, &req, held, edges))
            .collect();
        Some(reports)
    })
    .flatten()
    .unwrap_or_default();
    for r in reports {
        report::dispatch(r);
    }
}

/// Removes and returns the entry with `token`.
#[cfg_attr(feature = "no-checking", allow(dead_code))]
#[inline(never)]
pub(crate) fn take(token: u64) -> Option<HeldEntry> {
    with_state(|s| s.take(token)).flatten()
}

/// Records a release. The common case, the innermost hold without a boxed
/// part, only lowers the length; anything else goes the general way.
#[inline(always)]
pub(crate) fn release(token: u64) {
    if token == 0 {
        return;
    }
    let done = try_with_state(|s| {
        let n = s.held.len();
        match s.held.last() {
            Some(last) if last.token == token && last.extra.is_none() => {
                s.held.truncate(n - 1);
                Some(())
            }
            _ => None,
        }
    });
    if done.is_none() {
        release_slow(token);
    }
}

#[cold]
#[inline(never)]
fn release_slow(token: u64) {
    let _ = with_state(|s| s.remove(token));
}

fn check_pair(
    h: &HeldEntry,
    req: &Request<'_>,
    held: &[HeldEntry],
    edges: &mut crate::held::EdgeCache,
) -> Option<Report> {
    let same_instance = if req.instance != 0 {
        h.instance == req.instance
    } else {
        h.instance == 0
            && h.class == req.class
            && h.entity() == req.entity
            && *req.entity != EntityId::Null
    };
    if same_instance {
        if req.instance == 0 {
            // A row locked again in the same transaction: reentrant.
            return None;
        }
        return double_lock(h, req, held);
    }
    if h.class == req.class {
        if ascending(h.entity(), req.entity) {
            return None;
        }
        return Some(same_class(h, req, held));
    }
    let ty = dep_type(h.kind, req.kind);
    if edges.contains(h.class, req.class, ty) {
        return None;
    }
    let r = new_edge(h, req, held, ty);
    edges.insert(h.class, req.class, ty);
    r
}

fn ascending(held: &EntityId, new: &EntityId) -> bool {
    match (held, new) {
        (EntityId::Int(a), EntityId::Int(b)) => a < b,
        (EntityId::Str(a), EntityId::Str(b)) => a < b,
        (EntityId::Float(a), EntityId::Float(b)) => a < b,
        (EntityId::Int(a), EntityId::Float(b)) => (*a as f64) < *b,
        (EntityId::Float(a), EntityId::Int(b)) => *a < (*b as f64),
        _ => false,
    }
}

fn site(loc: &'static Location<'static>, caller: Option<&'static str>) -> Site {
    Site {
        file: loc.file().to_owned(),
        line: loc.line(),
        column: loc.column(),
        function: caller.map(str::to_owned),
    }
}

fn who(loc: &'static Location<'static>, caller: Option<&'static str>) -> String {
    match caller {
        Some(c) => format!("{c} ({}:{})", loc.file(), loc.line()),
        None => format!("{}:{}", loc.file(), loc.line()),
    }
}

fn evidence(h: &HeldEntry, req: &Request<'_>) -> EdgeEvidence {
    let via = match (h.caller, req.caller) {
        (Some(a), Some(b)) if a == b => vec![a.to_owned()],
        (a, b) => vec![
            a.map_or_else(|| h.site.to_string(), str::to_owned),
            b.map_or_else(|| req.site.to_string(), str::to_owned),
        ],
    };
    EdgeEvidence {
        from: h.class.name().to_owned(),
        to: req.class.name().to_owned(),
        held_at: site(h.site, h.caller),
        acquired_at: site(req.site, req.caller),
        via,
    }
}

fn kind_word(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Exclusive => "lock",
        AccessKind::Read => "read",
        AccessKind::RecursiveRead => "read_recursive",
        AccessKind::Try => "try_lock",
    }
}

fn entity_suffix(e: &EntityId) -> String {
    match e {
        EntityId::Null => String::new(),
        e => format!(" #{e}"),
    }
}

fn held_set_text(held: &[HeldEntry]) -> String {
    let mut s = String::new();
    for (i, h) in held.iter().filter(|h| h.checked).enumerate() {
        let _ = writeln!(
            s,
            "  #{i}: {}{} ({}{}) at {}",
            h.class.name(),
            entity_suffix(h.entity()),
            kind_word(h.kind),
            if h.tried { ", tried" } else { "" },
            who(h.site, h.caller)
        );
    }
    s
}

fn finding(rule: Rule, summary: String, locks: Vec<String>, edges: Vec<EdgeEvidence>) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        message: summary,
        locks,
        edges,
        suppressed: None,
    }
}

fn assemble(mut f: Finding, held: &[HeldEntry], chain: String, interleaving: String) -> Report {
    let held_set = held_set_text(held);
    let mut msg = std::mem::take(&mut f.message);
    let _ = write!(msg, "\n\nheld locks:\n{held_set}");
    if !chain.is_empty() {
        let _ = write!(msg, "\nexisting chain:\n{chain}");
    }
    let _ = write!(msg, "\npossible deadlock:\n{interleaving}");
    f.message = msg;
    Report {
        finding: f,
        held_set,
        chain,
        interleaving,
    }
}

/// Two columns: what thread 1 and thread 2 do, step by step.
fn two_threads(steps: &[(u8, String)]) -> String {
    let mut s = format!("  {:<48} {}\n", "Thread 1", "Thread 2");
    for (t, step) in steps {
        if *t == 1 {
            let _ = writeln!(s, "  {step}");
        } else {
            let _ = writeln!(s, "  {:<48} {step}", "");
        }
    }
    s.push_str("  *** DEADLOCK ***\n");
    s
}

fn double_lock(h: &HeldEntry, req: &Request<'_>, held: &[HeldEntry]) -> Option<Report> {
    use AccessKind::*;
    let name = req.class.name();
    let what = match (h.kind, req.kind) {
        (Read | RecursiveRead, RecursiveRead) => return None,
        (Read | RecursiveRead, Read) if !req.fair => return None,
        (Read | RecursiveRead, Read) => "recursive read on a fair RwLock",
        (Read | RecursiveRead, _) => "read -> write upgrade",
        (Exclusive | Try, _) => "double lock",
    };
    let summary = format!(
        "{what}: {name} acquired ({}) at {} while this thread already holds it ({}) since {}",
        kind_word(req.kind),
        who(req.site, req.caller),
        kind_word(h.kind),
        who(h.site, h.caller)
    );
    let interleaving = if matches!(h.kind, Read | RecursiveRead) && req.kind == Read {
        two_threads(&[
            (1, format!("read({name})  at {}", who(h.site, h.caller))),
            (2, format!("write({name})  <- queues behind the reader")),
            (
                1,
                format!(
                    "read({name})  at {}  <- waits behind the queued writer",
                    who(req.site, req.caller)
                ),
            ),
        ])
    } else {
        format!(
            "  Thread 1\n  {}({name})  at {}\n  {}({name})  at {}  <- waits for itself\n  *** DEADLOCK ***\n",
            kind_word(h.kind),
            who(h.site, h.caller),
            kind_word(req.kind),
            who(req.site, req.caller)
        )
    };
    let f = finding(
        Rule::DoubleLock,
        summary,
        vec![name.to_owned()],
        vec![evidence(h, req)],
    );
    Some(assemble(f, held, String::new(), interleaving))
}

fn same_class(h: &HeldEntry, req: &Request<'_>, held: &[HeldEntry]) -> Report {
    let name = req.class.name();
    let summary = format!(
        "same-class nesting: {name}{} acquired at {} while holding {name}{} (taken at {}); instances of one class must be taken in ascending entity-id order",
        entity_suffix(req.entity),
        who(req.site, req.caller),
        entity_suffix(h.entity()),
        who(h.site, h.caller)
    );
    let a = format!("{name}{}", entity_suffix(h.entity()));
    let b = format!("{name}{}", entity_suffix(req.entity));
    let interleaving = two_threads(&[
        (1, format!("lock({a})  at {}", who(h.site, h.caller))),
        (2, format!("lock({b})")),
        (
            1,
            format!("lock({b})  at {}  <- blocks", who(req.site, req.caller)),
        ),
        (2, format!("lock({a})  <- blocks")),
    ]);
    let f = finding(
        Rule::SameClassNesting,
        summary,
        vec![name.to_owned()],
        vec![evidence(h, req)],
    );
    assemble(f, held, String::new(), interleaving)
}

/// Validates a new edge against the declared order and the learned graph.
///
/// `ty` is the edge's dependency type ([`dep_type`]): a cycle in which some
/// lock is taken as a recursive read and then held shared while the next
/// lock is taken cannot deadlock (lockdep's "strong path" rule), so only
/// cycles without such a link are reported.
fn new_edge(h: &HeldEntry, req: &Request<'_>, held: &[HeldEntry], ty: u8) -> Option<Report> {
    let mut g = graph().lock().unwrap_or_else(|e| e.into_inner());
    if g.is_known(h.class, req.class, ty) {
        return None;
    }
    let (hn, nn) = (h.class.name(), req.class.name());
    let ev = evidence(h, req);
    if req.class.declared_before(h.class) {
        // The declared order does not depend on how the locks are taken:
        // report the pair once.
        g.mark_known_and_stronger(h.class, req.class, 3);
        drop(g);
        let summary = format!(
            "lock order violation: {nn} acquired at {} while holding {hn} (taken at {}), but the hierarchy declares {nn} before {hn}",
            who(req.site, req.caller),
            who(h.site, h.caller)
        );
        let interleaving = two_threads(&[
            (1, format!("lock({hn})  at {}", who(h.site, h.caller))),
            (2, format!("lock({nn})  (declared order)")),
            (
                1,
                format!("lock({nn})  at {}  <- blocks", who(req.site, req.caller)),
            ),
            (2, format!("lock({hn})  (declared order)  <- blocks")),
        ]);
        let f = finding(
            Rule::LockOrderViolation,
            summary,
            vec![hn.to_owned(), nn.to_owned()],
            vec![ev],
        );
        return Some(assemble(f, held, String::new(), interleaving));
    }
    if let Some(chain) = g.path(req.class, h.class, ty) {
        g.mark_known_and_stronger(h.class, req.class, ty);
        drop(g);
        let mut locks = vec![hn.to_owned()];
        locks.extend(chain.iter().map(|e| e.from.clone()));
        let cycle = format!("{} -> {hn}", locks.join(" -> "));
        let summary = format!(
            "possible circular locking dependency: {nn} acquired at {} while holding {hn} (taken at {}) closes the cycle {cycle}",
            who(req.site, req.caller),
            who(h.site, h.caller)
        );
        let mut chain_text = String::new();
        for e in &chain {
            let _ = writeln!(
                chain_text,
                "  {} -> {}: {} held at {}, {} acquired at {}",
                e.from, e.to, e.from, e.held_at, e.to, e.acquired_at
            );
        }
        let first = &chain[0];
        let last = &chain[chain.len() - 1];
        let thread2_second = if chain.len() == 1 {
            format!("lock({hn})  at {}  <- blocks", last.acquired_at)
        } else {
            format!(
                "… then, via {}, lock({hn})  at {}  <- blocks",
                locks[1..].join(" -> "),
                last.acquired_at
            )
        };
        let interleaving = two_threads(&[
            (1, format!("lock({hn})  at {}", who(h.site, h.caller))),
            (2, format!("lock({nn})  at {}", first.held_at)),
            (
                1,
                format!("lock({nn})  at {}  <- blocks", who(req.site, req.caller)),
            ),
            (2, thread2_second),
        ]);
        let mut edges = vec![ev];
        edges.extend(chain);
        let f = finding(Rule::LockOrderCycle, summary, locks, edges);
        return Some(assemble(f, held, chain_text, interleaving));
    }
    g.add(h.class, req.class, ty, ev);
    None
}

/// `#[requires(C)]`: reports [`Rule::RequiresNotHeld`] when `class` is not
/// held.
pub(crate) fn requires(class: Class, caller: &'static str, loc: &'static Location<'static>) {
    if !checking_enabled() {
        return;
    }
    let Some((held_it, held)) = with_state(|s| {
        (
            s.held.iter().any(|h| h.checked && h.class == class),
            s.held
                .iter()
                .filter(|h| h.checked)
                .cloned()
                .collect::<Vec<_>>(),
        )
    }) else {
        return;
    };
    if held_it {
        return;
    }
    let name = class.name();
    let summary = format!(
        "{caller} requires {name} to be held, but it is not (called at {}:{})",
        loc.file(),
        loc.line()
    );
    let f = finding(
        Rule::RequiresNotHeld,
        summary,
        vec![name.to_owned()],
        vec![],
    );
    report::dispatch(assemble(
        f,
        &held,
        String::new(),
        format!("  {caller} touches data guarded by {name} without holding it\n"),
    ));
}

/// `#[excludes(C)]`: reports [`Rule::ExcludesHeld`] when `class` is held.
pub(crate) fn excludes(class: Class, caller: &'static str, loc: &'static Location<'static>) {
    if !checking_enabled() {
        return;
    }
    let Some((found, held)) = with_state(|s| {
        (
            s.held
                .iter()
                .find(|h| h.checked && h.class == class)
                .cloned(),
            s.held
                .iter()
                .filter(|h| h.checked)
                .cloned()
                .collect::<Vec<_>>(),
        )
    }) else {
        return;
    };
    let Some(h) = found else {
        return;
    };
    let entity = EntityId::Null;
    let req = Request {
        class,
        entity_type: class.name(),
        instance: h.instance,
        kind: AccessKind::Exclusive,
        tried: false,
        fair: true,
        site: loc,
        pipeline: crate::scope::DEFAULT_PIPELINE,
        caller: Some(caller),
        entity: &entity,
        timed: false,
    };
    let name = class.name();
    let summary = format!(
        "{caller} (called at {}:{}) acquires {name}, which this thread already holds since {}",
        loc.file(),
        loc.line(),
        who(h.site, h.caller)
    );
    let f = finding(
        Rule::ExcludesHeld,
        summary,
        vec![name.to_owned()],
        vec![evidence(&h, &req)],
    );
    let interleaving = format!(
        "  Thread 1\n  lock({name})  at {}\n  call {caller}  -> lock({name})  <- waits for itself\n  *** DEADLOCK ***\n",
        who(h.site, h.caller)
    );
    report::dispatch(assemble(f, &held, String::new(), interleaving));
}
