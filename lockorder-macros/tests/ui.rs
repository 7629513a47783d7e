//! Compile-time behaviour of the macros: what must compile, and the exact
//! error (message and span) a user sees for each mistake.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
