//! Support for `#[derive(Properties)]`: the compile-time check that a field's type was
//! generated from the property's schema, and the autoref-chosen writers and readers that keep
//! a wrong type down to that one error.
//!
//! Nothing here is a stable API: generated code reaches it through `stitch_types::__private`.

use serde::Serialize;

use crate::wire::{Nested, ReadWire, Rejecting};

/// A type generated from a report card (enum, pattern newtype, struct or union), with the
/// canonical JSON of the schema it was generated from. `#[derive(Properties)]` checks, when the
/// crate compiles, that a field's type was generated from the same schema as its property.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a type generated from a report card",
    label = "this property needs the type `include_report_card!` generates for it",
    note = "include the card with `stitch_types::include_report_card!` and use the enum, \
            newtype or struct it generates for this property"
)]
pub trait CardValue {
    /// `serde_json::to_string` of the schema (keys sorted), with each `$ref` as
    /// `{"$ref": "sha256:…"}`, the SHA-256 of its definition's own key.
    const SCHEMA: &'static str;
}

/// A field of a `#[derive(Properties)]` struct whose type must be generated from a card.
///
/// The derive checks such a type with one `CardValue` assertion. Writing and reading the field
/// go through these traits, chosen by autoref: a generated type takes [`GeneratedField`]; any
/// other type falls back to [`GeneratedFieldFallback`], which compiles (and is never run,
/// since the assertion failed), so a wrong type is reported once instead of once per impl.
pub struct Generated<'a, T>(pub &'a T);

/// The parser of a generated field type, chosen like [`Generated`].
pub struct ParseAs<T>(core::marker::PhantomData<T>);

impl<T> ParseAs<T> {
    /// The parser chooser of `T`.
    pub const fn new() -> Self {
        ParseAs(core::marker::PhantomData)
    }
}

impl<T> Default for ParseAs<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Writing and showing a field whose type was generated from a card.
pub trait GeneratedField<'a> {
    /// The field's value type.
    type Value;
    /// Writes the field as `key` into `map`.
    fn write_generated<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error>;
    /// The value, for `Debug`.
    fn debug_generated(&self) -> &'a dyn core::fmt::Debug;
}

impl<'a, T: CardValue + Serialize + core::fmt::Debug> GeneratedField<'a> for Generated<'a, T> {
    type Value = T;
    fn write_generated<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error> {
        map.serialize_entry(key, self.0)
    }
    fn debug_generated(&self) -> &'a dyn core::fmt::Debug {
        self.0
    }
}

/// The stand-in of [`GeneratedField`] for types that were not generated from a card.
pub trait GeneratedFieldFallback<'a> {
    /// Fails: the type was not generated from a card.
    fn write_generated<M: serde::ser::SerializeMap>(
        &self,
        _map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error> {
        Err(serde::ser::Error::custom(format_args!(
            "`{key}` does not hold a type generated from a report card"
        )))
    }
    /// A placeholder.
    fn debug_generated(&self) -> &'a dyn core::fmt::Debug {
        &"(not a type generated from a report card)"
    }
}

impl<'a, T> GeneratedFieldFallback<'a> for &Generated<'a, T> {}

/// The reader of a field whose type was generated from a card.
pub trait GeneratedParse<T> {
    /// The type's own reader.
    fn parser(&self) -> Nested<T>;
}

impl<T: CardValue + ReadWire> GeneratedParse<T> for ParseAs<T> {
    fn parser(&self) -> Nested<T> {
        crate::wire::nested()
    }
}

/// The stand-in of [`GeneratedParse`] for types that were not generated from a card.
pub trait GeneratedParseFallback<T> {
    /// A reader that finds every value of the wrong type.
    fn parser(&self) -> Rejecting<T> {
        crate::wire::rejecting()
    }
}

impl<T> GeneratedParseFallback<T> for &ParseAs<T> {}

/// Compiles only for an unsigned integer type: the derive's check of a field that holds digits.
pub const fn unsigned_field<T: crate::wire::Unsigned>() {}

/// String equality in a `const` context, for the derive's compile-time checks.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}
