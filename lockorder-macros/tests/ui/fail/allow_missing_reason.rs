#[lockorder::allow(lock-order-cycle)]
fn migrate() {}

#[lockorder::allow(double-lock, reason = "  ")]
fn empty_reason() {}

fn main() {
    migrate();
    empty_reason();
}
