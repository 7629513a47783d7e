#[lockorder::allow(deadlock, reason = "not a rule code")]
fn migrate() {}

#[lockorder::allow(reason = "no rule at all")]
fn no_rule() {}

fn main() {
    migrate();
    no_rule();
}
