lockorder::hierarchy! { pub Semester > UserLicense; }

#[lockorder::acquires(Semester)]
struct Finalizer;

trait Distribute {
    #[lockorder::requires(Semester)]
    fn distribute(&self);
}

fn main() {
    let _ = Finalizer;
}
