lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::acquires(Semester, UserLicense, Semester, pipeline = "reward", pipeline = "skill")]
fn finalize() {}

fn main() {
    finalize();
}
