//! Booking pipeline: a participation row, then the badge row (declared
//! order).

use crate::classes::{TournamentBadge, TournamentParticipation};
use crate::db::Db;

/// Books a user into a tournament and pre-creates the entry badge.
#[lockorder::acquires(
    TournamentParticipation,
    TournamentBadge,
    pipeline = "booking",
    entity_id = user_id,
    caller = "book_tournament"
)]
pub fn book_tournament(db: &Db, tournament_id: u64, user_id: u64) -> bool {
    db.write("participations", tournament_id) && db.write("badges", user_id)
}
