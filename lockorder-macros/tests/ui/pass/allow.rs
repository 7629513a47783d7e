//! `#[lockorder::allow]` accepts every rule code on any item and leaves the
//! item unchanged.

#[lockorder::allow(lock-order-violation, reason = "reviewed: both callers hold the migration lock")]
fn bare_kebab() -> u8 {
    1
}

#[lockorder::allow(lock-order-cycle, reason = "one rule per attribute")]
#[lockorder::allow(double-lock, reason = "repeat the attribute for another")]
#[lockorder::allow(same-class-nesting, reason = "rows are locked by ascending id")]
#[lockorder::allow(unused-allow, reason = "kept for the next refactor")]
#[lockorder::allow(requires-not-held, reason = "the caller holds it through a raw lock")]
#[lockorder::allow(excludes-held, reason = "re-entered only on the recovery path")]
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
