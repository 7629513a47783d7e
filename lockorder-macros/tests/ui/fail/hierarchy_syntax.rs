mod locks {
    lockorder::hierarchy! {
        pub Semester > UserLicense, TournamentParticipation;
        pub Bank > Account;
    }
}

fn main() {
    // Only the syntax error is reported: the classes are still declared.
    let _ = (locks::Semester, locks::TournamentParticipation, locks::Account);
}
