//! The declared order is Semester > UserLicense (Semester outermost).
//! `skill_writeback` holds UserLicense for its body and calls
//! `touch_semester`, which acquires Semester: an edge against the hierarchy.
lockorder::hierarchy! {
    pub Semester > UserLicense;
}

#[lockorder::acquires(UserLicense, pipeline = "skill")]
pub fn skill_writeback(user_id: u64) -> u64 {
    touch_semester(user_id)
}

#[lockorder::acquires(Semester, pipeline = "reward")]
fn touch_semester(user_id: u64) -> u64 {
    user_id + 1
}
