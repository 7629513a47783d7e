#[lockorder::allow(deadlock, reason = "not a rule code")]
fn migrate() {}

#[lockorder::allow(reason = "no rule at all")]
fn no_rule() {}

#[lockorder::allow("lock-order-cycle", reason = "quoted: the CLI reads the bare code")]
fn quoted() {}

#[lockorder::allow(double_lock, reason = "snake_case: the CLI reads the bare code")]
fn snake() {}

#[lockorder::allow(double-lock, lock-order-cycle, reason = "two rules")]
fn two() {}

fn main() {
    migrate();
    no_rule();
    quoted();
    snake();
    two();
}
