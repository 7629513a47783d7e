//! A stand-in for the database: the queries the pipelines run inside their
//! row locks. It holds no locks of its own; the row locks are the
//! `lockorder` scopes around these calls.

/// Query results the pipelines need (fixed values: only the lock structure
/// matters here).
#[derive(Debug, Default, Clone, Copy)]
pub struct Db;

impl Db {
    /// The players of a tournament.
    pub fn participants(&self, tournament_id: u64) -> Vec<u64> {
        (0..8).map(|i| tournament_id * 100 + i).collect()
    }

    /// The semester a user is enrolled in.
    pub fn current_semester_of(&self, user_id: u64) -> u64 {
        2026 + user_id % 2
    }

    /// A user's skill ratings (the O(N×M) `get_skill_profile`).
    pub fn skill_profile(&self, user_id: u64) -> Vec<f64> {
        (1..=4).map(|i| (user_id % 7 + i) as f64).collect()
    }

    /// How much the current semester weighs in a skill average.
    pub fn semester_weight(&self, semester_id: u64) -> f64 {
        if semester_id % 2 == 0 { 1.0 } else { 0.9 }
    }

    /// Writes a row (stand-in for an UPDATE).
    pub fn write(&self, table: &str, id: u64) -> bool {
        !table.is_empty() && id != u64::MAX
    }
}
