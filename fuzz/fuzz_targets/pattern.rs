//! A pattern and a value built from the input (`pattern NUL unit NUL suffix`), compiled and
//! checked as a card's pattern is (`checks/pattern.rs`).
#![no_main]

#[path = "../checks/pattern.rs"]
mod pattern;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    pattern::check_pattern_input(data, pattern::TIME_BOUND);
});
