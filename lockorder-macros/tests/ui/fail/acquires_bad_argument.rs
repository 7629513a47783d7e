lockorder::hierarchy! { pub Semester > UserLicense; }

// Every mistake is reported in one compile.
#[lockorder::acquires(Semester, pipline = "reward", caller = finalize, 42)]
fn finalize() {}

fn main() {
    // The function still exists: no cascade of "cannot find function".
    finalize();
}
