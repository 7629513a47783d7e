//! The private API used by generated code and the public scope API.
#![cfg(not(feature = "no-checking"))]

use lockorder_runtime::__private;
use lockorder_runtime::check::{self, findings};
use lockorder_runtime::{Class, EntityId, Rule, scope};

fn with_class(prefix: &str) -> impl Fn(&lockorder_runtime::Finding) -> bool + '_ {
    move |f| f.locks.iter().any(|l| l.starts_with(prefix))
}

#[test]
fn private_enter_scope_tracks_and_releases() {
    let a = Class::named("scope_api_1::A");
    {
        let _s = __private::enter_scope(a, "reward", EntityId::Int(1), "f");
        assert_eq!(check::held_classes(), vec![a]);
    }
    assert!(check::held_classes().is_empty());
}

#[test]
fn requires_and_excludes_report_only_when_broken() {
    let a = Class::named("scope_api_2::A");
    __private::check_excludes(a, "g");
    {
        let _s = __private::enter_scope(a, "p", EntityId::Null, "f");
        __private::check_requires(a, "g");
        assert!(!findings().iter().any(with_class("scope_api_2::")));
        __private::check_excludes(a, "g");
    }
    __private::check_requires(a, "h");
    let mine: Vec<_> = findings()
        .into_iter()
        .filter(with_class("scope_api_2::"))
        .collect();
    assert_eq!(mine.len(), 2, "{mine:#?}");
    assert_eq!(mine[0].rule, Rule::ExcludesHeld);
    assert!(mine[0].message.contains("g (called at"));
    assert_eq!(mine[1].rule, Rule::RequiresNotHeld);
    assert!(mine[1].message.contains("h requires scope_api_2::A"));
}

#[test]
fn scope_builder_commit_rollback_and_drop_release() {
    let s = Class::named("scope_api_3::Semester");
    let sc = scope(s)
        .pipeline("reward")
        .entity_id(42)
        .caller("TournamentFinalizer.finalize")
        .enter();
    assert_eq!(sc.entity_id(), &EntityId::Int(42));
    assert_eq!(sc.pipeline(), "reward");
    assert_eq!(check::held_classes(), vec![s]);
    sc.commit();
    assert!(check::held_classes().is_empty());
    scope(s).enter().rollback();
    assert!(check::held_classes().is_empty());
    drop(scope(s).entity_id(1).enter());
    assert!(check::held_classes().is_empty());
}

#[test]
fn same_row_twice_is_reentrant_but_descending_rows_are_reported() {
    let s = Class::named("scope_api_4::Row");
    {
        let _a = scope(s).entity_id(5).enter();
        let _b = scope(s).entity_id(5).enter();
        let _c = scope(s).entity_id(7).enter();
    }
    assert!(!findings().iter().any(with_class("scope_api_4::")));
    {
        let _a = scope(s).entity_id(7).enter();
        let _b = scope(s).entity_id(5).enter();
    }
    let mine: Vec<_> = findings()
        .into_iter()
        .filter(with_class("scope_api_4::"))
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].rule, Rule::SameClassNesting);
}

#[tokio::test]
async fn in_task_wraps_a_future() {
    let a = Class::named("scope_api_5::A");
    let out = __private::in_task(async move {
        let _s = __private::enter_scope(a, "p", EntityId::Null, "f");
        tokio::task::yield_now().await;
        check::held_classes()
    })
    .await;
    assert_eq!(out, vec![a]);
    assert!(check::held_classes().is_empty());
}
