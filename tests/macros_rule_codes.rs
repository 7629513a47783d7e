//! `#[lockorder::allow]` validates rule codes from a list inside the
//! proc-macro crate (which cannot depend on the runtime). This keeps that
//! list equal to the runtime's `Rule::ALL`, code for code, in order.

#[test]
fn allow_accepts_exactly_the_runtime_rule_codes() {
    let macro_codes: [&str; 7] = lockorder::__rule_codes!();
    let runtime_codes: Vec<&str> = lockorder::Rule::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(macro_codes.to_vec(), runtime_codes);
}

// Every code compiles as a suppression (a rename on either side breaks this
// file, not just the assertion above).
#[lockorder::allow(lock-order-violation, reason = "test")]
#[lockorder::allow(lock-order-cycle, reason = "test")]
#[lockorder::allow(double-lock, reason = "test")]
#[lockorder::allow(same-class-nesting, reason = "test")]
#[lockorder::allow(unused-allow, reason = "test")]
#[lockorder::allow(requires-not-held, reason = "test")]
#[lockorder::allow(excludes-held, reason = "test")]
#[test]
fn every_code_is_accepted() {}
