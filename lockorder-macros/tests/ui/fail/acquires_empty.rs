#[lockorder::acquires(pipeline = "reward")]
fn finalize() {}

fn main() {
    finalize();
}
