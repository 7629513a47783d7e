//! The lock hierarchy of the service, outermost first, declared once: the
//! compiler checks `#[acquires]` lists against it, the runtime checks every
//! scope, and `lockorder check` reads it from this file.

lockorder::hierarchy! {
    /// A semester row (`SELECT … FROM semesters … FOR UPDATE`).
    pub Semester >
    /// A user's licence row, carrying the football skill profile.
    UserLicense >
    /// A user's participation in one tournament (the reward idempotency guard).
    TournamentParticipation >
    /// A badge row (duplicate-award check).
    TournamentBadge;
}
