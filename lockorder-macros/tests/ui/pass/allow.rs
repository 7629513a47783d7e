//! `#[lockorder::allow]` accepts every rule code, in every spelling, on
//! any item, and leaves the item unchanged.

#[lockorder::allow(lock-order-violation, reason = "reviewed: both callers hold the migration lock")]
fn bare_kebab() -> u8 {
    1
}

#[lockorder::allow("lock-order-cycle", reason = "quoted")]
#[lockorder::allow(double_lock, reason = "snake_case")]
#[lockorder::allow(same-class-nesting, unused-allow, reason = "several rules at once")]
struct Item;

#[lockorder::allow(lock-order-cycle, reason = "on an impl")]
impl Item {
    #[lockorder::allow(double-lock, reason = "on a method")]
    fn method(&self) -> u8 {
        2
    }
}

#[lockorder::allow(lock-order-cycle, reason = "on a module")]
mod m {
    pub fn f() -> u8 {
        3
    }
}

fn main() {
    assert_eq!(bare_kebab() + Item.method() + m::f(), 6);
}
