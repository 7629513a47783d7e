lockorder::hierarchy! {
    pub Semester > UserLicense, TournamentParticipation;
}

fn main() {}
