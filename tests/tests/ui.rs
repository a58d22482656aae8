//! Compile-time claims, checked by compiling: every `ui/fail` case must fail with the committed
//! `.stderr`, every `ui/pass` case must build and run.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
