//! The tournament service from the performance-audit plan, reduced to its
//! lock structure: four pipelines (enrollment, booking, reward, skill) take
//! row locks (`SELECT … FOR UPDATE`) on `Semester`, `UserLicense`,
//! `TournamentParticipation` and `TournamentBadge`.
//!
//! The declared order is `Semester → UserLicense → TournamentParticipation →
//! TournamentBadge` ([`classes`]). Every pipeline keeps it except the skill
//! pipeline's `FootballSkillService::recalculate_skill_average`, which holds
//! `UserLicense` and, two calls further down, locks the `Semester` row: the
//! deadlock the plan's §4.3 sprint is about. `lockorder check
//! examples/tournament-check` reports it twice:
//!
//! * `lock-order-violation`: `UserLicense → Semester` breaks the hierarchy;
//! * `lock-order-cycle`: `TournamentFinalizer::finalize` takes `Semester →
//!   UserLicense` (through `distribute_rewards_for_user`), so two requests
//!   can wait on each other.
//!
//! The crate is plain Rust against the `lockorder` API: row locks are
//! `#[lockorder::acquires]` functions or explicit [`lockorder::scope`]s; the
//! database itself is a stand-in ([`db::Db`]).

pub mod booking;
pub mod classes;
pub mod db;
pub mod enrollment;
pub mod reward;
pub mod skill;
