lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::acquires(UserLicense)]
#[lockorder::acquires(Semester)]
fn finalize() {}

fn main() {
    finalize();
}
