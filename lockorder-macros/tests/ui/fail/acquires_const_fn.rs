lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::acquires(Semester)]
const fn rank() -> u32 {
    0
}

fn main() {
    let _ = rank();
}
