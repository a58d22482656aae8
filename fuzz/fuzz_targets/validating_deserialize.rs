//! Bytes read as the guide's postgres properties by the generated validating `Deserialize`, and
//! by the run-time `CardChecker` (`checks/deserialize.rs`).
#![no_main]

#[path = "../checks/deserialize.rs"]
mod deserialize;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    deserialize::check_properties_bytes(data, deserialize::TIME_BOUND);
});
