//! `#[acquires]` on `async fn`: the scope is held across `.await`s, belongs
//! to the task (not the worker thread it happens to run on), and is
//! released and logged once per call.

mod support;

use lockorder::acquires;
use std::time::Duration;
use support::{findings_mentioning, init, released_by};

mod locks {
    lockorder::hierarchy! { pub Tournament > Badge; }
}
use locks::*;

#[acquires(Tournament, pipeline = "reward", entity_id = id, caller = "award_async")]
async fn award(id: u32) -> Result<Vec<String>, String> {
    let mut seen = Vec::new();
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(2)).await;
        tokio::task::yield_now().await;
        // Still held after every await, wherever the task now runs.
        seen.push(
            lockorder::check::held_classes()
                .iter()
                .map(|c| c.name().to_owned())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    if id == 0 {
        return Err("id 0".to_owned());
    }
    Ok(seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn async_scope_is_held_across_awaits_and_belongs_to_the_task() {
    init();
    let tasks: Vec<_> = (1..=32u32).map(|id| tokio::spawn(award(id))).collect();
    for t in tasks {
        let seen = t.await.unwrap().unwrap();
        assert_eq!(
            seen, ["Tournament"; 4],
            "the task holds exactly its own scope"
        );
    }
    assert!(award(0).await.is_err(), "`return Err` inside an async body");
    let events = released_by("award_async");
    assert_eq!(events.len(), 33, "one lock_released per call");
    let mut ids: Vec<i64> = events
        .iter()
        .map(|e| e["entity_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..=32).collect::<Vec<i64>>());
    for e in &events {
        assert!(
            e["duration_ms"].as_f64().unwrap() >= 8.0,
            "held across the sleeps: {e}"
        );
    }
    // 32 tasks held the same class concurrently on 4 threads: had the
    // scopes leaked into the threads' held sets, these would be double
    // locks.
    assert!(
        findings_mentioning("award_async").is_empty(),
        "{:#?}",
        lockorder::check::findings()
    );
    // The test's own task holds nothing afterwards.
    assert!(lockorder::check::held_classes().is_empty());
}

#[lockorder::allow(lock-order-violation, reason = "deliberate: this test checks the run-time report of the inverted order")]
#[acquires(Badge, caller = "badge_then_tournament")]
async fn badge_then_tournament() {
    tokio::task::yield_now().await;
    tournament_inner().await;
}

#[acquires(Tournament, caller = "tournament_inner")]
async fn tournament_inner() {
    tokio::task::yield_now().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_order_nested_async_call_is_a_violation() {
    init();
    badge_then_tournament().await;
    let found: Vec<_> = lockorder::check::findings()
        .into_iter()
        .filter(|f| f.message.contains("tournament_inner"))
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", lockorder::check::findings());
    assert_eq!(found[0].rule, lockorder::Rule::LockOrderViolation);
}

#[lockorder::requires(Tournament, caller = "needs_tournament_async")]
async fn needs_tournament() {
    tokio::task::yield_now().await;
}

#[acquires(Tournament, caller = "holds_tournament_async")]
async fn holds_tournament_and_awaits() {
    tokio::task::yield_now().await;
    needs_tournament().await;
}

#[lockorder::requires(Tournament, caller = "requires_and_acquires_async")]
#[acquires(Badge, caller = "requires_and_acquires_async")]
async fn requires_and_acquires() {
    tokio::task::yield_now().await;
}

#[acquires(Tournament, caller = "outer_for_both")]
async fn outer_for_both() {
    requires_and_acquires().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_requires_sees_what_the_calling_task_holds() {
    init();
    // Awaited inside a task that holds Tournament (across its own await):
    // the contract holds, with or without an `#[acquires]` of its own.
    tokio::spawn(holds_tournament_and_awaits()).await.unwrap();
    tokio::spawn(outer_for_both()).await.unwrap();
    assert!(
        findings_mentioning("needs_tournament_async").is_empty()
            && findings_mentioning("requires_and_acquires_async").is_empty(),
        "{:#?}",
        lockorder::check::findings()
    );
    // Awaited by a task that holds nothing: reported.
    tokio::spawn(needs_tournament()).await.unwrap();
    let found = findings_mentioning("needs_tournament_async requires Tournament");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, lockorder::Rule::RequiresNotHeld);
}
