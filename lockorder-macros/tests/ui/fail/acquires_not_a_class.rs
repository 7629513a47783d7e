struct NotAClass;

#[lockorder::acquires(NotAClass)]
fn f() {}

fn main() {
    f();
}
