//! Safe twin of hierarchy-violation: Semester is held while UserLicense is
//! acquired, as declared.
lockorder::hierarchy! {
    pub Semester > UserLicense;
}

#[lockorder::acquires(Semester, pipeline = "reward")]
pub fn finalize(user_id: u64) -> u64 {
    skill_writeback(user_id)
}

#[lockorder::acquires(UserLicense, pipeline = "skill")]
fn skill_writeback(user_id: u64) -> u64 {
    user_id + 1
}
