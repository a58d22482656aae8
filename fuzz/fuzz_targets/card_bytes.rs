//! Arbitrary bytes as a card file: read, expanded, rendered, and the rendered code parsed.
//! The check is `checks/card.rs`, which the stable regression test runs on found inputs.
#![no_main]

#[path = "../checks/card.rs"]
mod card;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    card::check_card_bytes(data, card::TIME_BOUND);
});
