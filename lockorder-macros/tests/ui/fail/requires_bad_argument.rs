lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::requires(Semester, pipeline = "reward")]
fn recompute() {}

fn main() {
    recompute();
}
