lockorder::hierarchy! { pub Semester > UserLicense > TournamentParticipation; }

#[lockorder::acquires(Semester, TournamentParticipation, UserLicense)]
fn finalize() {}

fn main() {
    finalize();
}
