//! Reward pipeline: `TournamentFinalizer::finalize` holds the Semester row
//! through the whole reward distribution (seed §3.2), which takes
//! UserLicense, TournamentParticipation and TournamentBadge per player:
//! all in declared order.

use crate::classes::{Semester, TournamentBadge, TournamentParticipation, UserLicense};
use crate::db::Db;

/// Finalizes tournaments.
#[derive(Debug)]
pub struct TournamentFinalizer {
    db: Db,
}

impl TournamentFinalizer {
    /// A finalizer over `db`.
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Marks the tournament complete and distributes rewards, holding the
    /// semester row throughout.
    #[lockorder::acquires(
        Semester,
        pipeline = "reward",
        entity_id = semester_id,
        caller = "TournamentFinalizer.finalize"
    )]
    pub fn finalize(&self, semester_id: u64, tournament_id: u64) -> usize {
        self.db.write("tournaments", tournament_id);
        distribute_rewards_for_tournament(&self.db, tournament_id)
    }
}

/// Distributes rewards to every participant.
pub fn distribute_rewards_for_tournament(db: &Db, tournament_id: u64) -> usize {
    db.participants(tournament_id)
        .into_iter()
        .filter(|&user_id| distribute_rewards_for_user(db, tournament_id, user_id))
        .count()
}

/// One player's rewards: the skill write-back (UserLicense), guarded by the
/// idempotency check (TournamentParticipation), then the badge.
pub fn distribute_rewards_for_user(db: &Db, tournament_id: u64, user_id: u64) -> bool {
    skill_writeback(db, tournament_id, user_id)
}

#[lockorder::acquires(
    UserLicense,
    pipeline = "skill",
    entity_id = user_id,
    caller = "distribute_rewards_for_user.skill_writeback"
)]
fn skill_writeback(db: &Db, tournament_id: u64, user_id: u64) -> bool {
    let _profile = db.skill_profile(user_id);
    idempotency_guard(db, tournament_id, user_id) && award_badge(db, user_id)
}

#[lockorder::acquires(
    TournamentParticipation,
    pipeline = "reward",
    entity_id = user_id,
    caller = "distribute_rewards_for_user.idempotency_guard"
)]
fn idempotency_guard(db: &Db, tournament_id: u64, user_id: u64) -> bool {
    db.write("participations", tournament_id * 1_000 + user_id)
}

#[lockorder::acquires(
    TournamentBadge,
    pipeline = "reward",
    entity_id = user_id,
    caller = "award_badge.duplicate_check"
)]
fn award_badge(db: &Db, user_id: u64) -> bool {
    db.write("badges", user_id)
}
