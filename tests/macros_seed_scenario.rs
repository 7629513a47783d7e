//! End to end through the facade: the seed's five instrumented call sites
//! as `#[acquires]` functions, logged with the runtime's JSON layer. Every
//! line is the seed's flat `lock_released` object, field for field; the
//! in-process statistics agree with the log; the §4.3 inversion
//! (UserLicense held, then Semester) is reported with both call sites.

use lockorder::{LockReleased, acquires};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use tracing_subscriber::prelude::*;

lockorder::hierarchy! {
    pub Semester > UserLicense > TournamentParticipation > TournamentBadge;
}

struct TournamentFinalizer;

impl TournamentFinalizer {
    #[acquires(Semester, pipeline = "reward", entity_id = semester_id,
               caller = "TournamentFinalizer.finalize")]
    fn finalize(&self, semester_id: u64, players: &[u64]) -> usize {
        players
            .iter()
            .filter(|&&u| distribute_rewards_for_user(u))
            .count()
    }
}

fn distribute_rewards_for_user(user_id: u64) -> bool {
    skill_writeback(user_id);
    let first = idempotency_guard(user_id);
    if first {
        award_badge_duplicate_check(user_id);
    }
    first
}

#[acquires(UserLicense, pipeline = "skill", entity_id = user_id,
           caller = "distribute_rewards_for_user.skill_writeback")]
fn skill_writeback(user_id: u64) {}

#[acquires(TournamentParticipation, pipeline = "reward", entity_id = user_id,
           caller = "distribute_rewards_for_user.idempotency_guard")]
fn idempotency_guard(user_id: u64) -> bool {
    user_id % 4 != 0
}

#[acquires(TournamentBadge, pipeline = "reward", entity_id = user_id,
           caller = "award_badge.duplicate_check")]
fn award_badge_duplicate_check(user_id: u64) {}

struct FootballSkillService;

impl FootballSkillService {
    #[acquires(UserLicense, pipeline = "skill", entity_id = user_id,
               caller = "FootballSkillService.recalculate_skill_average")]
    fn recalculate_skill_average(&self, user_id: u64, with_bug: bool) {
        if with_bug {
            semester_weight(2026);
        }
    }
}

#[lockorder::allow(lock-order-violation, reason = "deliberate: the seed's section 4.3 inversion, reported at run time by this test")]
#[lockorder::allow(lock-order-cycle, reason = "deliberate: the inversion closes a cycle with TournamentFinalizer.finalize")]
#[acquires(Semester, pipeline = "skill", entity_id = semester_id,
           caller = "FootballSkillService.semester_weight")]
fn semester_weight(semester_id: u64) {}

static OUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
struct Capture;
impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        OUT.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lines() -> Vec<String> {
    String::from_utf8(OUT.lock().unwrap().clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

// One test: the subscriber, the statistics and the findings are process-wide.
#[test]
fn seed_call_sites_log_flat_lines_stats_agree_and_the_inversion_is_reported() {
    tracing_subscriber::registry()
        .with(lockorder::JsonLayer::new(|| Capture))
        .init();
    lockorder::stats::enable();

    let players: Vec<u64> = (1..=8).collect();
    for semester in [2026, 2027] {
        assert_eq!(TournamentFinalizer.finalize(semester, &players), 6);
    }
    for &u in &players {
        FootballSkillService.recalculate_skill_average(u, false);
    }
    assert!(
        lockorder::check::findings().is_empty(),
        "{:#?}",
        lockorder::check::findings()
    );

    // Every line is exactly the seed's object: parsing it and writing it
    // back gives the same bytes (same fields, same order, same types).
    let released: Vec<LockReleased> = lines()
        .iter()
        .map(|l| {
            let r: LockReleased = serde_json::from_str(l).unwrap();
            assert_eq!(&serde_json::to_string(&r).unwrap(), l);
            assert!(
                l.starts_with(r#"{"event":"lock_released","pipeline":""#),
                "{l}"
            );
            r
        })
        .collect();
    let mut per_caller: BTreeMap<(&str, &str, &str), u64> = BTreeMap::new();
    for r in &released {
        *per_caller
            .entry((&r.pipeline, &r.entity_type, &r.caller))
            .or_default() += 1;
    }
    let expected: BTreeMap<(&str, &str, &str), u64> = [
        (("reward", "Semester", "TournamentFinalizer.finalize"), 2),
        (
            ("reward", "TournamentBadge", "award_badge.duplicate_check"),
            12,
        ),
        (
            (
                "reward",
                "TournamentParticipation",
                "distribute_rewards_for_user.idempotency_guard",
            ),
            16,
        ),
        (
            (
                "skill",
                "UserLicense",
                "FootballSkillService.recalculate_skill_average",
            ),
            8,
        ),
        (
            (
                "skill",
                "UserLicense",
                "distribute_rewards_for_user.skill_writeback",
            ),
            16,
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(per_caller, expected);
    // The Semester scope of a finalize call is released after every scope
    // taken inside it, and carries the semester id.
    let semesters: Vec<&LockReleased> = released
        .iter()
        .filter(|r| r.entity_type == "Semester")
        .collect();
    assert_eq!(semesters[0].entity_id, lockorder::EntityId::Int(2026));
    assert_eq!(semesters[1].entity_id, lockorder::EntityId::Int(2027));

    // The in-process statistics count exactly what was logged.
    let stats: BTreeMap<(String, String, String), u64> = lockorder::stats::snapshot()
        .into_iter()
        .map(|s| ((s.pipeline, s.entity_type, s.caller), s.count))
        .collect();
    let logged: BTreeMap<(String, String, String), u64> = expected
        .iter()
        .map(|(&(p, e, c), &n)| ((p.to_owned(), e.to_owned(), c.to_owned()), n))
        .collect();
    assert_eq!(stats, logged);

    // The §4.3 inversion: UserLicense held, Semester taken.
    FootballSkillService.recalculate_skill_average(3, true);
    let findings = lockorder::check::findings();
    if cfg!(feature = "no-checking") {
        // Compiled out: nothing is checked, the lines above are all there is.
        assert!(findings.is_empty(), "{findings:#?}");
        return;
    }
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.rule, lockorder::Rule::LockOrderViolation);
    assert_eq!(f.locks, ["UserLicense", "Semester"]);
    let edge = &f.edges[0];
    assert_eq!(
        edge.held_at.function.as_deref(),
        Some("FootballSkillService.recalculate_skill_average")
    );
    assert_eq!(
        edge.acquired_at.function.as_deref(),
        Some("FootballSkillService.semester_weight")
    );
    assert!(edge.held_at.file.ends_with("macros_seed_scenario.rs"));
    // …and logged as a flat `lock_order_violation` line naming both callers.
    let violation: serde_json::Value = lines()
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["event"] == "lock_order_violation")
        .expect("a lock_order_violation line");
    assert_eq!(
        violation["held_caller"],
        "FootballSkillService.recalculate_skill_average"
    );
    assert_eq!(
        violation["acquired_caller"],
        "FootballSkillService.semester_weight"
    );
}
