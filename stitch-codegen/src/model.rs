//! The typed model of a report card that code is generated from.
//!
//! Reading a card ([`crate::read_card`]) checks it and decides, for every settable property, the
//! Rust type that holds its values ([`Shape`]). Expansion ([`crate::expand`]) only prints
//! what this model says, and the derive checks a user's struct against the same model.

use stitch_report_card::{Details, PropertyType, StepType};

/// Whether a card describes a destination or a source type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    /// A destination type (`GET /v4/destination-types/{type}`).
    Destination,
    /// A source type (`GET /v4/source-types/{type}`).
    Source,
}

/// A checked report card, ready for expansion.
#[derive(Debug, Clone)]
pub struct Card {
    /// The card's `type`, e.g. `postgres`.
    pub card_type: String,
    /// Destination or source.
    pub kind: CardKind,
    /// The prefix of every generated name: the type in UpperCamelCase (`Postgres`).
    pub name_prefix: String,
    /// The card's `details`, if it has them.
    pub details: Option<Details>,
    /// Every property of every step, in card order. `read_only` properties are kept so that
    /// sending one can be reported by name; they get no field.
    pub properties: Vec<CardProperty>,
}

impl Card {
    /// The generated properties struct: `{Prefix}Properties`.
    pub fn properties_type_name(&self) -> String {
        format!("{}Properties", self.name_prefix)
    }

    /// The properties a create request may carry, in card order.
    pub fn settable(&self) -> impl Iterator<Item = &CardProperty> {
        self.properties
            .iter()
            .filter(|property| property.is_settable())
    }
}

/// One property of a card.
#[derive(Debug, Clone)]
pub struct CardProperty {
    /// The key sent on the wire.
    pub wire_name: String,
    /// The Rust field name: the wire name where it is a valid identifier, sanitised otherwise.
    pub field_name: String,
    /// The step that declares the property.
    pub step: StepType,
    /// The JSON pointer of the property object in the card (`/steps/0/properties/7`).
    pub pointer: String,
    /// `is_required` from the card.
    pub is_required: bool,
    /// `is_credential` from the card: the value is held in a `Secret`.
    pub is_credential: bool,
    /// Who sets the property.
    pub property_type: PropertyType,
    /// The property's `json_schema` exactly as the card has it, for documentation.
    pub json_schema: Option<serde_json::Value>,
    /// The Rust type that holds the property's values.
    pub shape: Shape,
}

impl CardProperty {
    /// Whether a create request may send the property (everything but `read_only`).
    pub fn is_settable(&self) -> bool {
        self.property_type.is_settable()
    }

    /// Whether the generated struct holds the property as a plain field rather than an
    /// `Option`: the card marks it required and it is `user_provided` (or a newer kind the
    /// user provides). Required `system_provided_by_default` properties have a Stitch default.
    pub fn is_required_field(&self) -> bool {
        self.is_required
            && !matches!(
                self.property_type,
                PropertyType::SystemProvidedByDefault | PropertyType::UserProvidedAdvanced
            )
    }
}

/// The Rust type a property's values are held in, and how they travel on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `{"type": "string"}`, or no schema at all: `String`.
    String,
    /// An unsigned integer.
    Unsigned {
        /// The integer type.
        width: UnsignedWidth,
        /// What the wire carries.
        wire: IntegerWire,
    },
    /// `^(true|false)$` and `^(true|false)`: `bool`, sent as `"true"` / `"false"`.
    Bool {
        /// The card's pattern.
        pattern: String,
    },
    /// A closed set of strings: an alternation of literals, or `enum`.
    Enum(EnumDef),
}

/// How an integer travels.
#[derive(Debug, Clone, PartialEq)]
pub enum IntegerWire {
    /// A string of digits, `^\d+$` or `^\d+`.
    DigitString {
        /// The card's pattern.
        pattern: String,
    },
}

/// The unsigned integer types digit patterns map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsignedWidth {
    /// Ports: no TCP or UDP port exceeds 65535.
    U16,
    /// Any other count or ID.
    U64,
}

impl UnsignedWidth {
    /// The Rust type name.
    pub fn rust_name(self) -> &'static str {
        match self {
            UnsignedWidth::U16 => "u16",
            UnsignedWidth::U64 => "u64",
        }
    }
}

/// A generated Rust enum over a closed set of wire strings.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The enum's name: `{Prefix}{Property}` (`PostgresEncryptionType`).
    pub type_name: String,
    /// Variants in card order.
    pub variants: Vec<EnumVariant>,
    /// Where the set comes from, for docs and error messages.
    pub origin: EnumOrigin,
}

/// One value of a generated enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub ident: String,
    /// The exact string sent on the wire.
    pub wire: String,
}

/// What a generated enum was classified from.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumOrigin {
    /// A pattern that is an alternation of literals.
    Pattern(String),
    /// A JSON schema `enum`.
    Enum,
}
