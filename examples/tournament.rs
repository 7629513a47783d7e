//! The performance-audit plan's tournament service, reduced to its row
//! locks and instrumented with lockorder.
//!
//! ```sh
//! cargo run --example tournament                 # the five call sites, in declared order
//! cargo run --example tournament -- --with-bug   # plus the UserLicense → Semester inversion
//! ```
//!
//! The hierarchy is the plan's `Semester → UserLicense →
//! TournamentParticipation` (plus `TournamentBadge`), declared once below.
//! The five instrumented call sites of the plan's §2 are `#[acquires]`
//! functions with the plan's `pipeline` and `caller` names. Every release
//! is printed on stdout as the plan's flat JSON `lock_released` line (pipe
//! it into `lockorder report --log-file -`); the in-process hold-time
//! statistics (count, P50/P95/P99, max per pipeline, entity type and
//! caller) follow on stderr.
//!
//! Hold times are simulated with short sleeps: `get_skill_profile` inside
//! the UserLicense lock is the slow part, as the plan expects (§3.1).

use lockorder::acquires;
use std::thread::sleep;
use std::time::Duration;
use tracing_subscriber::prelude::*;

lockorder::hierarchy! {
    /// A semester row (`SELECT … FROM semesters … FOR UPDATE`).
    pub Semester > UserLicense > TournamentParticipation > TournamentBadge;
}

/// Stand-in for the database: each query takes a little time.
struct Db;

impl Db {
    fn query(&self, ms: u64) {
        sleep(Duration::from_micros(ms * 1000));
    }

    /// The O(N×M) `get_skill_profile` (RESIDUAL-S04): one query per opponent.
    fn get_skill_profile(&self, user_id: u64) -> Vec<f64> {
        let opponents = 2 + user_id % 4;
        (0..opponents)
            .map(|i| {
                self.query(1);
                (user_id + i) as f64
            })
            .collect()
    }
}

struct TournamentFinalizer {
    db: Db,
}

impl TournamentFinalizer {
    /// Call site 1: holds the semester row through the whole reward
    /// distribution (§3.2).
    #[acquires(Semester, pipeline = "reward", entity_id = semester_id,
               caller = "TournamentFinalizer.finalize")]
    fn finalize(&self, semester_id: u64, players: &[u64]) -> usize {
        self.db.query(2);
        players
            .iter()
            .filter(|&&user| distribute_rewards_for_user(&self.db, user))
            .count()
    }
}

fn distribute_rewards_for_user(db: &Db, user_id: u64) -> bool {
    // In declared order: UserLicense, then TournamentParticipation, then
    // TournamentBadge; each released before the next is taken.
    skill_writeback(db, user_id);
    let first_time = idempotency_guard(db, user_id);
    if first_time {
        award_badge_duplicate_check(db, user_id);
    }
    first_time
}

/// Call site 3: the skill write-back, with `get_skill_profile` inside the
/// lock (§3.1).
#[acquires(UserLicense, pipeline = "skill", entity_id = user_id,
           caller = "distribute_rewards_for_user.skill_writeback")]
fn skill_writeback(db: &Db, user_id: u64) {
    let profile = db.get_skill_profile(user_id);
    db.query(1);
    drop(profile);
}

/// Call site 2: the reward idempotency guard.
#[acquires(TournamentParticipation, pipeline = "reward", entity_id = user_id,
           caller = "distribute_rewards_for_user.idempotency_guard")]
fn idempotency_guard(db: &Db, user_id: u64) -> bool {
    db.query(1);
    user_id % 5 != 0
}

/// Call site 5: the duplicate-badge check.
#[acquires(TournamentBadge, pipeline = "reward", entity_id = user_id,
           caller = "award_badge.duplicate_check")]
fn award_badge_duplicate_check(db: &Db, user_id: u64) {
    db.query(1);
}

struct FootballSkillService {
    db: Db,
}

impl FootballSkillService {
    /// Call site 4: recomputes a user's skill average under the licence lock.
    #[acquires(UserLicense, pipeline = "skill", entity_id = user_id,
               caller = "FootballSkillService.recalculate_skill_average")]
    fn recalculate_skill_average(&self, user_id: u64, with_bug: bool) -> f64 {
        let profile = self.db.get_skill_profile(user_id);
        if with_bug {
            // The §4.3 deadlock: the semester weight is read FOR UPDATE
            // while the licence is held, against the declared order.
            semester_weight(&self.db, 2026);
        }
        profile.iter().sum::<f64>() / profile.len() as f64
    }
}

// Reached only with --with-bug, to show the run-time report; the static
// check reports it as suppressed (remove these two lines to see it as an error).
#[lockorder::allow(lock-order-violation, reason = "deliberate: the section 4.3 inversion, shown at run time with --with-bug")]
#[lockorder::allow(lock-order-cycle, reason = "deliberate: the inversion closes a cycle with TournamentFinalizer.finalize")]
#[acquires(Semester, pipeline = "skill", entity_id = semester_id,
           caller = "FootballSkillService.semester_weight")]
fn semester_weight(db: &Db, semester_id: u64) -> f64 {
    db.query(1);
    1.0
}

fn main() {
    let with_bug = std::env::args().any(|a| a == "--with-bug");
    // The plan's flat JSON lines on stdout; everything else on stderr.
    tracing_subscriber::registry()
        .with(lockorder::JsonLayer::new(std::io::stdout))
        .init();
    lockorder::stats::enable();

    let finalizer = TournamentFinalizer { db: Db };
    let skills = FootballSkillService { db: Db };
    let players: Vec<u64> = (1..=8).collect();
    for semester in [2026, 2027] {
        finalizer.finalize(semester, &players);
    }
    for &user in &players {
        skills.recalculate_skill_average(user, with_bug && user == 3);
    }

    eprintln!();
    eprintln!(
        "{:<10} {:<24} {:<48} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "pipeline", "entity_type", "caller", "count", "p50_ms", "p95_ms", "p99_ms", "max_ms"
    );
    for s in lockorder::stats::snapshot() {
        eprintln!(
            "{:<10} {:<24} {:<48} {:>5} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            s.pipeline, s.entity_type, s.caller, s.count, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms
        );
    }
    let findings = lockorder::check::findings();
    eprintln!();
    if findings.is_empty() {
        eprintln!("lock order: no findings (run with --with-bug for the §4.3 inversion)");
    } else {
        for f in &findings {
            eprintln!("{}: {}", f.rule.code(), f.message);
        }
        std::process::exit(1);
    }
}
