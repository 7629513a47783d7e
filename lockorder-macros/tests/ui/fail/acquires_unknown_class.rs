lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::acquires(Semester, UserLicence)]
fn skill_writeback() {}

fn main() {
    skill_writeback();
}
