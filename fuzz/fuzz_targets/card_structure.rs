//! Real cards mutated by the fuzzer's choices (`checks/structure.rs`), then checked as
//! `card_bytes` checks a card (`checks/card.rs`).
#![no_main]

// `check_card_bytes` is the `card_bytes` target's entry; this one starts from text.
#[allow(dead_code)]
#[path = "../checks/card.rs"]
mod card;
#[path = "../checks/structure.rs"]
mod structure;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    card::check_card_text(&structure::mutated_card(data), card::TIME_BOUND);
});
