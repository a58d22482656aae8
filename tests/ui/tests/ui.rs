//! Compile-time claims, checked by compiling: every `fail` case must fail with the committed
//! `.stderr`, every `pass` case must build and run.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("fail/*.rs");
    cases.pass("pass/*.rs");
}
