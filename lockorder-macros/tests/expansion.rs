//! What the expanded code does at run time: one `lock_released` per class
//! per call with the right fields, however the body ends; default callers;
//! the `requires`/`excludes` contracts; order violations between annotated
//! functions; async functions across `.await`s on a multi-threaded runtime.

mod support;

use lockorder::{acquires, excludes, requires};
use support::{assert_seed_schema, events, findings_mentioning, init, released_by, released_of};

mod locks {
    lockorder::hierarchy! {
        pub Semester > UserLicense > TournamentParticipation > TournamentBadge;
    }
}
use locks::*;

#[acquires(Semester, UserLicense, pipeline = "reward", entity_id = id,
           caller = "TournamentFinalizer.finalize")]
fn finalize(id: i64) -> i64 {
    id * 2
}

#[test]
fn one_lock_released_per_class_per_call_with_the_seed_fields() {
    init();
    for id in [1, 2, 3] {
        assert_eq!(finalize(id), id * 2);
    }
    let events = released_by("TournamentFinalizer.finalize");
    assert_eq!(events.len(), 6, "{events:#?}");
    for (call, pair) in events.chunks(2).enumerate() {
        // Released in reverse order of acquisition.
        assert_eq!(pair[0]["entity_type"], "UserLicense");
        assert_eq!(pair[1]["entity_type"], "Semester");
        for e in pair {
            assert_seed_schema(e);
            assert_eq!(e["event"], "lock_released");
            assert_eq!(e["pipeline"], "reward");
            assert_eq!(e["entity_id"], call as i64 + 1);
        }
    }
}

#[acquires(TournamentBadge, pipeline = "reward", caller = "early_return")]
fn early_return(skip: bool) -> u8 {
    if skip {
        return 0;
    }
    1
}

#[test]
fn early_return_still_releases_once() {
    init();
    assert_eq!(early_return(true), 0);
    assert_eq!(early_return(false), 1);
    let events = released_by("early_return");
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e["entity_type"] == "TournamentBadge"));
    assert!(lockorder::check::held_classes().is_empty());
}

#[acquires(
    UserLicense,
    pipeline = "skill",
    entity_id = "user-7",
    caller = "question_mark"
)]
fn question_mark(input: &str) -> Result<i64, std::num::ParseIntError> {
    let n: i64 = input.parse()?;
    Ok(n + 1)
}

#[test]
fn question_mark_releases_and_logs_on_the_error_path() {
    init();
    assert!(question_mark("not a number").is_err());
    assert_eq!(question_mark("41"), Ok(42));
    let events = released_by("question_mark");
    assert_eq!(events.len(), 2, "{events:#?}");
    for e in &events {
        assert_seed_schema(e);
        assert_eq!(e["entity_id"], "user-7");
        assert_eq!(e["pipeline"], "skill");
    }
    assert!(lockorder::check::held_classes().is_empty());
}

#[acquires(Semester, TournamentParticipation, caller = "panics")]
fn panics() {
    panic!("boom inside the lock scope");
}

#[test]
fn panic_unwinding_releases_every_scope() {
    init();
    let result = std::panic::catch_unwind(panics);
    assert!(result.is_err());
    let events = released_by("panics");
    assert_eq!(events.len(), 2, "{events:#?}");
    assert_eq!(events[0]["entity_type"], "TournamentParticipation");
    assert_eq!(events[1]["entity_type"], "Semester");
    assert_eq!(events[0]["pipeline"], "default");
    assert_eq!(events[0]["entity_id"], serde_json::Value::Null);
    // Nothing is left held on this thread: a later call is not a double lock.
    assert!(lockorder::check::held_classes().is_empty());
}

// Default callers: `Type::method` for methods, the module path for free fns.
mod callers {
    lockorder::hierarchy! { pub CallerClass; }

    pub struct Finalizer;
    pub struct Generic<T>(pub T);
    pub trait Distribute {
        fn distribute(&self);
    }

    impl Finalizer {
        #[lockorder::acquires(CallerClass)]
        pub fn finalize(&self) {}

        #[lockorder::acquires(CallerClass)]
        pub fn associated() {}
    }

    impl<T> Generic<T> {
        #[lockorder::acquires(CallerClass)]
        pub fn run(&self) {}
    }

    impl Distribute for Finalizer {
        #[lockorder::acquires(CallerClass)]
        fn distribute(&self) {}
    }

    #[lockorder::acquires(CallerClass)]
    pub fn award_badge() {}
}

#[test]
fn default_caller_is_type_method_or_the_fn_path() {
    use callers::Distribute;
    init();
    callers::Finalizer.finalize();
    callers::Finalizer::associated();
    callers::Generic(5u8).run();
    callers::Generic("x").run();
    callers::Finalizer.distribute();
    callers::award_badge();
    let callers: Vec<String> = released_of("CallerClass")
        .iter()
        .map(|e| e["caller"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        callers,
        [
            "Finalizer::finalize",
            "Finalizer::associated",
            "Generic::run",
            "Generic::run",
            "Finalizer::distribute",
            "expansion::callers::award_badge",
        ]
    );
}

mod contracts {
    lockorder::hierarchy! { pub Outer > Inner; }
}

#[requires(contracts::Outer, caller = "needs_outer")]
fn needs_outer() {}

#[acquires(contracts::Outer, caller = "holds_outer")]
fn holds_outer_and_calls() {
    needs_outer();
}

#[test]
fn requires_reports_only_when_the_class_is_not_held() {
    init();
    holds_outer_and_calls();
    assert!(findings_mentioning("needs_outer").is_empty());
    needs_outer();
    let found = findings_mentioning("needs_outer requires Outer");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, lockorder::Rule::RequiresNotHeld);
    assert_one_event(
        "requires_not_held",
        "requires-not-held",
        "needs_outer requires Outer",
    );
}

/// Exactly one error event named `event`, with rule `code`, whose message
/// contains `needle`.
fn assert_one_event(event: &str, code: &str, needle: &str) {
    let found: Vec<_> = events()
        .into_iter()
        .filter(|e| e["message"].as_str().is_some_and(|m| m.contains(needle)))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["event"], event);
    assert_eq!(found[0]["rule"], code);
}

#[excludes(contracts::Inner)]
#[acquires(contracts::Inner, caller = "takes_inner")]
fn takes_inner() {}

#[lockorder::allow(same-class-nesting, reason = "deliberate: this test checks the #[excludes] report")]
#[acquires(contracts::Inner, caller = "holds_inner")]
fn holds_inner_and_calls() {
    takes_inner();
}

#[test]
fn excludes_reports_only_when_the_class_is_held() {
    init();
    // Checked before the function's own scope is entered, although
    // `#[excludes]` is written first.
    takes_inner();
    assert!(findings_mentioning("takes_inner").is_empty());
    holds_inner_and_calls();
    let found = findings_mentioning("takes_inner (called at");
    assert!(!found.is_empty(), "{:#?}", lockorder::check::findings());
    assert_eq!(found[0].rule, lockorder::Rule::ExcludesHeld);
    assert_one_event("excludes_held", "excludes-held", "takes_inner (called at");
}

mod order {
    lockorder::hierarchy! { pub Ledger > Entry; }
}

#[lockorder::allow(lock-order-violation, reason = "deliberate: this test checks the run-time report of the inverted order")]
#[lockorder::allow(lock-order-cycle, reason = "deliberate: each direction runs once, under a flag")]
#[lockorder::allow(same-class-nesting, reason = "the flags stop the mutual recursion after one step")]
#[acquires(order::Entry, caller = "post_entry")]
fn post_entry(then_ledger: bool) {
    if then_ledger {
        // Against the declared order: Ledger must come before Entry.
        close_ledger(false);
    }
}

#[lockorder::allow(same-class-nesting, reason = "the flags stop the mutual recursion after one step")]
#[acquires(order::Ledger, caller = "close_ledger")]
fn close_ledger(then_entry: bool) {
    if then_entry {
        post_entry(false);
    }
}

#[test]
fn out_of_order_nested_call_is_a_violation_at_run_time() {
    init();
    close_ledger(true); // Ledger > Entry: fine
    assert!(
        findings_mentioning("Ledger").is_empty(),
        "{:#?}",
        lockorder::check::findings()
    );
    post_entry(true); // Entry, then Ledger: wrong
    let found: Vec<_> = lockorder::check::findings()
        .into_iter()
        .filter(|f| f.locks.iter().any(|l| l == "Ledger"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, lockorder::Rule::LockOrderViolation);
    let edge = &found[0].edges[0];
    assert_eq!(edge.held_at.function.as_deref(), Some("post_entry"));
    assert_eq!(edge.acquired_at.function.as_deref(), Some("close_ledger"));
    // Both sites point into this file, at the annotation.
    assert!(edge.acquired_at.file.ends_with("expansion.rs"), "{edge:?}");
}

#[track_caller]
#[acquires(TournamentBadge, caller = "tracked")]
fn tracked() -> u32 {
    std::panic::Location::caller().line()
}

#[test]
fn track_caller_still_reports_the_call_site() {
    init();
    let line = line!() + 1;
    let reported = tracked();
    assert_eq!(reported, line);
    assert_eq!(released_by("tracked").len(), 1);
}

/// Doc comments, `#[must_use]` and visibility survive the expansion (this
/// file denies nothing, so check them through behaviour: a `pub(crate)`
/// generic function with a where-clause is callable with both types).
#[must_use]
#[acquires(UserLicense, entity_id = key.clone(), caller = "generic_where")]
pub(crate) fn generic_where<K, V>(key: K, value: V) -> Option<V>
where
    K: Clone + Into<lockorder::EntityId>,
    V: Default + PartialEq,
{
    if value == V::default() {
        return None;
    }
    Some(value)
}

#[test]
fn generic_functions_log_each_instantiation_with_its_entity_id() {
    init();
    assert_eq!(generic_where("user-1", 5u8), Some(5));
    assert_eq!(generic_where(9u32, String::new()), None);
    let ids: Vec<serde_json::Value> = released_by("generic_where")
        .iter()
        .map(|e| e["entity_id"].clone())
        .collect();
    assert_eq!(ids, [serde_json::json!("user-1"), serde_json::json!(9)]);
}

#[acquires(Semester, pipeline = "reward", entity_id = semester_id, caller = "per_class_ids")]
#[acquires(UserLicense, pipeline = "skill", entity_id = user_id, caller = "per_class_ids")]
fn per_class_ids(semester_id: i64, user_id: &str) {}

#[test]
fn one_acquires_per_class_gives_each_its_own_entity_id_and_pipeline() {
    init();
    per_class_ids(2026, "user-9");
    let events = released_by("per_class_ids");
    let got: Vec<(String, String, serde_json::Value)> = events
        .iter()
        .map(|e| {
            (
                e["entity_type"].as_str().unwrap().to_owned(),
                e["pipeline"].as_str().unwrap().to_owned(),
                e["entity_id"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "UserLicense".into(),
                "skill".into(),
                serde_json::json!("user-9")
            ),
            ("Semester".into(), "reward".into(), serde_json::json!(2026)),
        ]
    );
}
