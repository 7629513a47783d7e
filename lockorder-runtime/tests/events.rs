//! `lock_released` and violation events, compared field for field with the
//! seed schema through the ready JSON layer; in-process statistics.

mod common;

use common::fresh;
use lockorder_runtime::{Class, JsonLayer, Mutex, RwLock, scope, stats};
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Buf(Arc<StdMutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buf {
    type Writer = Buf;
    fn make_writer(&'a self) -> Buf {
        self.clone()
    }
}

impl Buf {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// Runs `f` with the JSON layer as this thread's subscriber.
fn capture(f: impl FnOnce()) -> Vec<String> {
    let buf = Buf::default();
    let sub = tracing_subscriber::registry().with(JsonLayer::new(buf.clone()));
    tracing::subscriber::with_default(sub, f);
    buf.lines()
}

const SEED_KEYS: [&str; 7] = [
    "event",
    "pipeline",
    "entity_type",
    "entity_id",
    "caller",
    "lock_released_at",
    "duration_ms",
];

fn keys_in_order(line: &str) -> Vec<String> {
    // serde_json's Map is sorted; read the key order from the text itself.
    let v: Value = serde_json::from_str(line).unwrap();
    let mut keys: Vec<(usize, String)> = v
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (line.find(&format!("\"{k}\":")).unwrap(), k.clone()))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

fn assert_timestamp(ts: &str) {
    assert_eq!(ts.len(), 24, "{ts}");
    assert!(ts.ends_with('Z'), "{ts}");
    assert_eq!(&ts[19..20], ".", "{ts}");
    let parsed =
        time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339).unwrap();
    let age = time::OffsetDateTime::now_utc() - parsed;
    assert!(age.whole_seconds().abs() < 60, "{ts} is not now");
}

#[test]
fn scope_release_is_the_seed_line_field_for_field() {
    let lines = capture(|| {
        let s = scope(Class::named("UserLicense"))
            .pipeline("skill")
            .caller("distribute_rewards_for_user.skill_writeback")
            .enter();
        std::thread::sleep(Duration::from_millis(20));
        s.commit();
    });
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(keys_in_order(line), SEED_KEYS);
    let v: Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["event"], "lock_released");
    assert_eq!(v["pipeline"], "skill");
    assert_eq!(v["entity_type"], "UserLicense");
    assert_eq!(v["entity_id"], Value::Null);
    assert_eq!(v["caller"], "distribute_rewards_for_user.skill_writeback");
    assert_timestamp(v["lock_released_at"].as_str().unwrap());
    let ms = v["duration_ms"].as_f64().unwrap();
    assert!(v["duration_ms"].is_f64());
    assert!((20.0..5000.0).contains(&ms), "{ms}");
    // Exactly the seed's types, so it parses as the shared record.
    let rec: lockorder_runtime::LockReleased = serde_json::from_str(line).unwrap();
    assert_eq!(serde_json::to_string(&rec).unwrap(), *line);
}

#[test]
#[cfg(not(feature = "no-timing"))]
fn entity_ids_are_numbers_or_strings_and_caller_defaults_to_the_site() {
    let p = fresh("ev_ids_");
    let (lines, line_no) = capture_with_line(&p);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let v: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v[0]["entity_id"], 42);
    assert_eq!(v[0]["pipeline"], "reward");
    assert_eq!(v[0]["entity_type"], format!("{p}Semester"));
    assert_eq!(v[0]["caller"], "TournamentFinalizer.finalize");
    assert_eq!(v[1]["entity_id"], "abc");
    assert_eq!(v[1]["pipeline"], "default");
    assert_eq!(
        v[1]["caller"],
        format!("{}:{}", file!().replace('\\', "/"), line_no)
    );
    assert_eq!(v[2]["entity_id"], 7);
    assert_eq!(v[2]["caller"], "Ledger::post");
    assert_eq!(v[2]["pipeline"], "audit");
    for l in &lines {
        assert_eq!(keys_in_order(l), SEED_KEYS);
    }
}

#[cfg(not(feature = "no-timing"))]
fn capture_with_line(p: &str) -> (Vec<String>, u32) {
    let mut line_no = 0;
    let lines = capture(|| {
        scope(Class::named(&format!("{p}Semester")))
            .pipeline("reward")
            .entity_id(42)
            .caller("TournamentFinalizer.finalize")
            .enter()
            .rollback();
        let m = Mutex::named(&format!("{p}Ledger"), 0).entity_id("abc");
        line_no = line!() + 1;
        drop(m.lock().unwrap());
        let m = Mutex::named(&format!("{p}Ledger2"), 0);
        drop(
            m.lock_with(
                lockorder_runtime::Acquisition::new()
                    .caller("Ledger::post")
                    .pipeline("audit")
                    .entity_id(7),
            ),
        );
    });
    (lines, line_no)
}

#[test]
#[cfg(not(feature = "no-timing"))]
fn no_event_and_no_clock_without_a_subscriber() {
    // Without any subscriber the release is silent; with one, it is there.
    let m = RwLock::named(&fresh("ev_quiet_"), 0);
    drop(m.read().unwrap());
    let lines = capture(|| drop(m.write().unwrap()));
    assert_eq!(lines.len(), 1);
}

#[test]
#[cfg(not(feature = "no-checking"))]
fn violations_are_events_with_both_sites_held_set_chain_and_interleaving() {
    let p = fresh("ev_viol_");
    let a = Mutex::named(&format!("{p}A"), ()).caller("Bank::audit");
    let b = Mutex::named(&format!("{p}B"), ()).caller("Bank::transfer");
    {
        let _a = a.lock().unwrap();
        let _b = b.lock().unwrap();
    }
    let lines = capture(|| {
        let _b = b.lock().unwrap();
        let _a = a.lock().unwrap();
    });
    let v: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let viol: Vec<&Value> = v
        .iter()
        .filter(|e| e["event"] == "lock_order_violation")
        .collect();
    assert_eq!(viol.len(), 1, "{lines:#?}");
    let e = viol[0];
    assert_eq!(e["rule"], "lock-order-cycle");
    assert_eq!(e["held_caller"], "Bank::transfer");
    assert_eq!(e["acquired_caller"], "Bank::audit");
    for k in ["held_at", "acquired_at"] {
        assert!(e[k].as_str().unwrap().contains("events.rs:"), "{k}: {e}");
    }
    assert!(e["held_set"].as_str().unwrap().contains(&format!("{p}B")));
    assert!(
        e["chain"]
            .as_str()
            .unwrap()
            .contains(&format!("{p}A -> {p}B"))
    );
    let il = e["interleaving"].as_str().unwrap();
    assert!(il.contains("Thread 1") && il.contains("Thread 2") && il.contains("DEADLOCK"));
    // Both releases are still reported (guards are not timed under
    // `no-timing`).
    assert_eq!(
        v.iter().filter(|e| e["event"] == "lock_released").count(),
        if lockorder_runtime::sync::GUARDS_TIMED {
            2
        } else {
            0
        }
    );
}

/// `#[requires]` / `#[excludes]` contracts broken: their own rule codes and
/// event names; kept contracts: no event.
#[test]
#[cfg(not(feature = "no-checking"))]
fn contract_violations_have_their_own_events() {
    use lockorder_runtime::__private::{check_excludes, check_requires, enter_scope};
    let p = fresh("ev_contract_");
    let c = Class::named(&format!("{p}C"));
    let lines = capture(|| {
        check_excludes(c, "free_fn");
        {
            let _s = enter_scope(c, "p", lockorder_runtime::EntityId::Null, "holder");
            check_requires(c, "needs_c");
            check_excludes(c, "takes_c");
        }
        check_requires(c, "needs_c_again");
    });
    let errors: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["event"] != "lock_released")
        .collect();
    assert_eq!(errors.len(), 2, "{lines:#?}");
    assert_eq!(errors[0]["event"], "excludes_held");
    assert_eq!(errors[0]["rule"], "excludes-held");
    assert_eq!(errors[0]["held_caller"], "holder");
    assert_eq!(errors[0]["acquired_caller"], "takes_c");
    assert_eq!(errors[1]["event"], "requires_not_held");
    assert_eq!(errors[1]["rule"], "requires-not-held");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("needs_c_again requires {p}C"))
    );
}

#[test]
fn hold_time_statistics_per_pipeline_entity_and_caller() {
    stats::enable();
    let p = fresh("ev_stats_");
    let class = Class::named(&format!("{p}Semester"));
    for ms in [1u64, 2, 3, 4, 30] {
        let s = scope(class).pipeline("reward").caller("finalize").enter();
        std::thread::sleep(Duration::from_millis(ms));
        drop(s);
    }
    let other = scope(class).pipeline("reward").caller("other").enter();
    drop(other);
    let mine: Vec<_> = stats::snapshot()
        .into_iter()
        .filter(|s| s.entity_type.starts_with(&p))
        .collect();
    assert_eq!(mine.len(), 2, "{mine:#?}");
    let s = &mine[0];
    assert_eq!(
        (s.pipeline.as_str(), s.caller.as_str()),
        ("reward", "finalize")
    );
    assert_eq!(s.count, 5);
    // Nearest rank over 5 samples: P50 = 3rd, P95 = P99 = 5th (the max).
    assert!(s.p50_ms >= 3.0 && s.p50_ms < 30.0, "{s:?}");
    assert_eq!(s.p95_ms, s.max_ms);
    assert_eq!(s.p99_ms, s.max_ms);
    assert!(s.max_ms >= 30.0);
    assert_eq!(mine[1].caller, "other");
    assert_eq!(mine[1].count, 1);
}

/// `no-timing`: guards are never timed, whoever listens (a subscriber, the
/// statistics), on every kind of lock; scopes still are.
#[test]
#[cfg(feature = "no-timing")]
fn no_timing_guards_emit_nothing_scopes_still_do() {
    const { assert!(!lockorder_runtime::sync::GUARDS_TIMED) };
    stats::enable();
    let p = fresh("ev_untimed_");
    let lines = capture(|| {
        let m = Mutex::named(&format!("{p}M"), 0);
        drop(m.lock().unwrap());
        drop(m.try_lock().unwrap());
        let rw = RwLock::named(&format!("{p}RW"), 0);
        drop(rw.read().unwrap());
        drop(rw.write().unwrap());
        let pm = lockorder_runtime::parking_lot::Mutex::named(&format!("{p}PM"), 0);
        drop(pm.lock());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let tm = lockorder_runtime::tokio::Mutex::named(&format!("{p}TM"), 0);
        rt.block_on(async { drop(tm.lock().await) });
        scope(Class::named(&format!("{p}Row")))
            .caller("row")
            .enter()
            .commit();
    });
    let released: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["event"] == "lock_released")
        .collect();
    assert_eq!(released.len(), 1, "{lines:#?}");
    assert_eq!(released[0]["entity_type"], format!("{p}Row"));
    let mine: Vec<_> = stats::snapshot()
        .into_iter()
        .filter(|s| s.entity_type.starts_with(&p))
        .collect();
    assert_eq!(mine.len(), 1, "{mine:#?}");
    assert_eq!(mine[0].entity_type, format!("{p}Row"));
}

/// A condition-variable wait ends the hold before it (reported then, not
/// stretched over the wait) and the wake-up starts the next one, with the
/// same per-acquisition overrides; without overrides the re-acquisition's
/// caller is the wait's site.
#[test]
#[cfg(not(feature = "no-timing"))]
fn a_condvar_wait_ends_the_hold_and_the_wake_up_starts_the_next() {
    use lockorder_runtime::{Acquisition, Condvar};
    let p = fresh("ev_cv_");
    let m = Mutex::named(&format!("{p}Queue"), ());
    let cv = Condvar::new();
    let (mut lock_line, mut wait_line) = (0, 0);
    let lines = capture(|| {
        let acq = Acquisition::new()
            .caller("Queue::pop")
            .pipeline("jobs")
            .entity_id(9);
        let g = m.lock_with(acq).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let (g, timeout) = cv.wait_timeout(g, Duration::from_millis(200)).unwrap();
        assert!(timeout.timed_out());
        drop(g);
        lock_line = line!() + 1;
        let g = m.lock().unwrap();
        wait_line = line!() + 1;
        drop(cv.wait_timeout(g, Duration::from_millis(1)).unwrap());
    });
    let v: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 4, "{lines:?}");
    for e in &v[..2] {
        assert_eq!(e["caller"], "Queue::pop");
        assert_eq!(e["pipeline"], "jobs");
        assert_eq!(e["entity_id"], 9);
        assert_eq!(e["entity_type"], format!("{p}Queue"));
    }
    let before = v[0]["duration_ms"].as_f64().unwrap();
    assert!(
        (20.0..200.0).contains(&before),
        "the wait is not a hold: {before}"
    );
    let after = v[1]["duration_ms"].as_f64().unwrap();
    assert!(after < 200.0, "timed from the wake-up: {after}");
    let file = file!().replace('\\', "/");
    assert_eq!(v[2]["caller"], format!("{file}:{lock_line}"));
    assert_eq!(v[3]["caller"], format!("{file}:{wait_line}"));
    assert_eq!(v[3]["pipeline"], "default");
    for l in &lines {
        assert_eq!(keys_in_order(l), SEED_KEYS);
    }
}

/// A lock in a `static`, its pipeline and caller set by the `const`
/// builders.
#[cfg(not(feature = "no-timing"))]
static AUDITED: Mutex<u32> = Mutex::new(0).pipeline("audit").caller("Ledger::post");

#[test]
#[cfg(not(feature = "no-timing"))]
fn a_static_locks_const_builders_reach_its_events() {
    let lines = capture(|| *AUDITED.lock().unwrap() += 1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let v: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(v["pipeline"], "audit");
    assert_eq!(v["caller"], "Ledger::post");
    assert_eq!(v["entity_type"], AUDITED.class().to_string());
    assert_eq!(keys_in_order(&lines[0]), SEED_KEYS);
}
