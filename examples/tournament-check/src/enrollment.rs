//! Enrollment pipeline: Semester, then the user's licence (declared order).

use crate::classes::{Semester, UserLicense};
use crate::db::Db;
use lockorder::LockClass;

/// Enrols a user in a semester: locks the semester row (capacity check),
/// then the user's licence.
pub fn enroll(db: &Db, semester_id: u64, user_id: u64) -> bool {
    let semester = lockorder::scope(Semester::class())
        .pipeline("enrollment")
        .entity_id(semester_id)
        .caller("enroll.capacity_check")
        .enter();
    let licence = lockorder::scope(UserLicense::class())
        .pipeline("enrollment")
        .entity_id(user_id)
        .caller("enroll.licence_update")
        .enter();
    let ok = db.write("enrollments", user_id);
    licence.commit();
    semester.commit();
    ok
}
