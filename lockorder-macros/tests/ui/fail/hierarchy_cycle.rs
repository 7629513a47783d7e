lockorder::hierarchy! {
    pub Semester > UserLicense > TournamentParticipation;
    pub TournamentParticipation > TournamentBadge > Semester;
}

fn main() {
    // The classes still exist: no cascade of "cannot find type" errors.
    let _ = (Semester, UserLicense, TournamentParticipation, TournamentBadge);
}
