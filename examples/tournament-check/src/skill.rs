//! Skill pipeline. `recalculate_skill_average` holds the user's licence row
//! and, two calls down, locks the semester row: UserLicense → Semester, the
//! reverse of the declared order and of `TournamentFinalizer::finalize`.

use crate::classes::{Semester, UserLicense};
use crate::db::Db;
use lockorder::LockClass;

/// Recomputes skill averages.
#[derive(Debug)]
pub struct FootballSkillService {
    db: Db,
}

impl FootballSkillService {
    /// A service over `db`.
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Recomputes one user's skill average, weighted by the current
    /// semester.
    #[lockorder::acquires(
        UserLicense,
        pipeline = "skill",
        entity_id = user_id,
        caller = "FootballSkillService.recalculate_skill_average"
    )]
    pub fn recalculate_skill_average(&self, user_id: u64) -> f64 {
        let profile = self.db.skill_profile(user_id);
        let average = profile.iter().sum::<f64>() / profile.len() as f64;
        average * self.semester_weight(user_id)
    }

    fn semester_weight(&self, user_id: u64) -> f64 {
        let semester_id = self.db.current_semester_of(user_id);
        lock_semester_row(&self.db, semester_id)
    }
}

/// Reads the semester's weight under its row lock.
fn lock_semester_row(db: &Db, semester_id: u64) -> f64 {
    let row = lockorder::scope(Semester::class())
        .pipeline("skill")
        .entity_id(semester_id)
        .caller("FootballSkillService.semester_weight")
        .enter();
    let weight = db.semester_weight(semester_id);
    row.commit();
    weight
}
