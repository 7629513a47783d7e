//! Dispatching run-time findings: collected for the API, handed to the
//! report hook, emitted as `tracing` events, and panicking under
//! [`Policy::Panic`](crate::check::Policy::Panic).

use crate::check::{Policy, policy};
use crate::event::{DOUBLE_LOCK, EXCLUDES_HELD, LOCK_ORDER_VIOLATION, REQUIRES_NOT_HELD, TARGET};
use crate::model::{Finding, Rule};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// A finding plus the text blocks the event carries as separate fields.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub finding: Finding,
    pub held_set: String,
    pub chain: String,
    pub interleaving: String,
}

/// At most this many findings are kept for [`crate::check::findings`].
const MAX_COLLECTED: usize = 10_000;

type Hook = Box<dyn Fn(&Finding) + Send + Sync>;

pub(crate) fn collected() -> &'static Mutex<Vec<Finding>> {
    static FINDINGS: OnceLock<Mutex<Vec<Finding>>> = OnceLock::new();
    FINDINGS.get_or_init(Default::default)
}

pub(crate) fn hook() -> &'static RwLock<Option<Hook>> {
    static HOOK: OnceLock<RwLock<Option<Hook>>> = OnceLock::new();
    HOOK.get_or_init(Default::default)
}

static WINDOW: AtomicU64 = AtomicU64::new(0);
static IN_WINDOW: AtomicU64 = AtomicU64::new(0);
static SUPPRESSED: AtomicU64 = AtomicU64::new(0);

/// Number of events the rate limit has suppressed so far.
pub(crate) fn suppressed() -> u64 {
    SUPPRESSED.load(Ordering::Relaxed)
}

fn allow_log(per_second: u32) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if WINDOW.swap(now, Ordering::Relaxed) != now {
        IN_WINDOW.store(0, Ordering::Relaxed);
    }
    if IN_WINDOW.fetch_add(1, Ordering::Relaxed) < u64::from(per_second) {
        true
    } else {
        SUPPRESSED.fetch_add(1, Ordering::Relaxed);
        false
    }
}

/// Dispatches one report according to the process policy.
pub(crate) fn dispatch(r: Report) {
    {
        let mut all = collected().lock().unwrap_or_else(|e| e.into_inner());
        if all.len() < MAX_COLLECTED {
            all.push(r.finding.clone());
        }
    }
    if let Some(h) = hook().read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        h(&r.finding);
    }
    let policy = policy();
    let log = match policy {
        Policy::LogRateLimited { per_second } => allow_log(per_second),
        Policy::Panic | Policy::Log => true,
    };
    if log {
        emit(&r);
    }
    if policy == Policy::Panic {
        panic!("lockorder: {}: {}", r.finding.rule, r.finding.message);
    }
}

fn emit(r: &Report) {
    let f = &r.finding;
    let first = f.edges.first();
    let held_at = first.map(|e| e.held_at.to_string()).unwrap_or_default();
    let acquired_at = first.map(|e| e.acquired_at.to_string()).unwrap_or_default();
    let held_caller = first
        .and_then(|e| e.held_at.function.clone())
        .unwrap_or_default();
    let acquired_caller = first
        .and_then(|e| e.acquired_at.function.clone())
        .unwrap_or_default();
    let locks = f.locks.join(" -> ");
    let event = match f.rule {
        Rule::DoubleLock => DOUBLE_LOCK,
        Rule::RequiresNotHeld => REQUIRES_NOT_HELD,
        Rule::ExcludesHeld => EXCLUDES_HELD,
        Rule::LockOrderViolation
        | Rule::LockOrderCycle
        | Rule::SameClassNesting
        | Rule::UnusedAllow => LOCK_ORDER_VIOLATION,
    };
    tracing::error!(
        target: TARGET,
        event,
        rule = f.rule.code(),
        locks = %locks,
        held_at = %held_at,
        held_caller = %held_caller,
        acquired_at = %acquired_at,
        acquired_caller = %acquired_caller,
        held_set = %r.held_set,
        chain = %r.chain,
        interleaving = %r.interleaving,
        "{}",
        f.message
    );
}
