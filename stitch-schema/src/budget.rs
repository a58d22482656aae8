//! How much code one card may generate.
//!
//! Reading a card charges, as it goes, what the generator will print for it: each top-level
//! property, each generated type and each of their fields and variants, and the schema text
//! their docs and keys quote. Once the total passes [`MAX_GENERATED_BYTES`], the card is one
//! error at the schema where it did, and the rest is not read: a proc macro that prints
//! hundreds of megabytes takes minutes and gigabytes before the compiler even starts on them.
//!
//! Sharing a `$ref`'d definition keeps hostile cards of shared definitions small; what this
//! still stops is a card that writes a lot out many times over (a large definition behind
//! thousands of `anyOf`s, each of which makes a union of its own), or sheer size.

use std::cell::Cell;

use serde_json::Value;

use crate::diagnostics::Problems;

/// The most code one card may generate: 64 MiB, as charged below (counted from below: the
/// tokens really generated are 1.7 to 3 times as many).
///
/// Why this number: the synthetic card of 10,000 properties that must expand and compile
/// (issue 12, item 3) charges at most 16 MiB (28 MB of tokens), so four times as many pass; the
/// largest corpus card charges 28 KiB. Past 64 MiB (over 100 MB of tokens) rustc would spend
/// many minutes and gigabytes on one macro call, which no report card warrants. The cards
/// this stops are far beyond it either way: before definitions were shared, a 3 KB card of
/// 22 shared levels spent minutes building gigabytes of keys.
pub const MAX_GENERATED_BYTES: usize = 64 * 1024 * 1024;

// Lower bounds of what the generator prints, in bytes of tokens (`TokenStream::to_string`),
// measured on this version's generator with cards that differ by one part; the test
// `charges_stay_below_the_generated_code` of stitch-codegen checks the sum against real cards.

/// A top-level property: its field in the properties, required and update structs, and its
/// writing and reading in each.
const PROPERTY_BYTES: usize = 1_000;
/// A generated struct or union: its declaration and impls (`Serialize`, reading, `Debug`,
/// `Zeroize`, `CardValue`).
const TYPE_BYTES: usize = 2_000;
/// A generated enum or pattern newtype: its declaration and own API; its standard traits are
/// one call of a `stitch-types` macro. (rustc expands that call back into the impls, so what it
/// compiles is more than this; the bound is on what the generator prints.)
const WIRE_TYPE_BYTES: usize = 1_000;
/// The struct of a union's variant: its declaration, `Debug` and `Zeroize`.
const PAYLOAD_BYTES: usize = 1_000;
/// A field of a generated struct: its declaration, writing and reading.
const FIELD_BYTES: usize = 400;
/// A variant of a generated enum or union, besides its wire string.
const VARIANT_BYTES: usize = 100;

/// What one part of a card costs in generated code, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cost(usize);

impl Cost {
    /// A generated struct or union whose schema key (printed as its `CardValue::SCHEMA`) is
    /// `key` bytes.
    pub(crate) fn generated_type(key: usize) -> Self {
        Cost(TYPE_BYTES.saturating_add(key))
    }

    /// A generated enum or pattern newtype whose schema key is `key` bytes.
    pub(crate) fn generated_wire_type(key: usize) -> Self {
        Cost(WIRE_TYPE_BYTES.saturating_add(key))
    }

    /// `count` variants of an enum or union whose wire strings are `wires` bytes in all; each
    /// is printed a few times (the variant's docs, writing, reading, the table of values).
    pub(crate) fn variants(count: usize, wires: usize) -> Self {
        Cost(
            count
                .saturating_mul(VARIANT_BYTES)
                .saturating_add(wires.saturating_mul(3)),
        )
    }

    /// The struct of a union's variant, besides its fields (it has no impls of its own).
    pub(crate) fn payload() -> Self {
        Cost(PAYLOAD_BYTES)
    }

    /// A field of a generated struct whose docs quote `docs` bytes of its schema.
    pub(crate) fn field(docs: usize) -> Self {
        Cost(FIELD_BYTES.saturating_add(docs))
    }

    /// A top-level property whose docs quote `docs` bytes of its schema, in the properties
    /// and update structs.
    pub(crate) fn property(docs: usize) -> Self {
        Cost(PROPERTY_BYTES.saturating_add(docs.saturating_mul(2)))
    }

    /// Both costs.
    pub(crate) fn and(self, other: Cost) -> Self {
        Cost(self.0.saturating_add(other.0))
    }
}

/// What a card has charged so far; one per card, shared by every property's walk.
#[derive(Debug, Default)]
pub(crate) struct CodeBudget {
    spent: Cell<usize>,
    reported: Cell<bool>,
}

impl CodeBudget {
    /// What the card has charged so far, in bytes.
    pub(crate) fn spent(&self) -> usize {
        self.spent.get()
    }

    /// Whether the card has passed [`MAX_GENERATED_BYTES`]: nothing more is read.
    pub(crate) fn is_spent(&self) -> bool {
        self.spent.get() > MAX_GENERATED_BYTES
    }

    /// Charges `cost` for what is generated at `pointer` in `property`; `false` when that
    /// takes the card past [`MAX_GENERATED_BYTES`], reported there (the first time only).
    pub(crate) fn charge(
        &self,
        cost: Cost,
        pointer: &str,
        property: &str,
        problems: &mut Problems,
    ) -> bool {
        let spent = self.spent.get().saturating_add(cost.0);
        self.spent.set(spent);
        if spent <= MAX_GENERATED_BYTES {
            return true;
        }
        if !self.reported.replace(true) {
            problems.at(
                pointer,
                Some(property),
                format!(
                    "the card would generate more than {} MiB of code by this schema (its types, \
                     fields and the schema text their docs quote, counted from below), too much \
                     to compile in reasonable time; is a large schema written out many times \
                     over (the same `anyOf` in many fields, say) where one definition shared \
                     through `$ref` would do?",
                    MAX_GENERATED_BYTES / (1024 * 1024)
                ),
            );
        }
        false
    }
}

/// The length of `value` written as compact JSON, counted from below (escapes are not
/// counted): what docs that quote a schema print of it.
pub(crate) fn json_text_len(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(_) => 1,
        Value::String(text) => text.len() + 2,
        Value::Array(items) => items
            .iter()
            .map(|item| json_text_len(item) + 1)
            .fold(2, usize::saturating_add),
        Value::Object(entries) => entries
            .iter()
            .map(|(key, value)| key.len() + 4 + json_text_len(value))
            .fold(2, usize::saturating_add),
    }
}
