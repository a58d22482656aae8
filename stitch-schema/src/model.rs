//! The typed model of a report card that code is generated from.
//!
//! Reading a card ([`crate::read_card`]) checks it and decides, for every settable property, the
//! Rust type that holds its values ([`Shape`]). The generator's expansion only prints what this
//! model says, the derive checks a user's struct against it, and the run-time checker of
//! `stitch-types` checks values by it.

pub use stitch_report_card::CardKind;
use stitch_report_card::{Details, PropertyType, StepType};

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
    /// Every property of every step the user fills in, in card order. `read_only` properties
    /// are kept so that sending one can be reported by name; they get no field.
    pub properties: Vec<CardProperty>,
}

impl Card {
    /// The generated properties struct: `{Prefix}Properties`.
    pub fn properties_type_name(&self) -> String {
        format!("{}Properties", self.name_prefix)
    }

    /// The generated update struct: `{Prefix}Update`.
    pub fn update_type_name(&self) -> String {
        format!("{}Update", self.name_prefix)
    }

    /// The generated struct of the required properties alone: `{Prefix}Required`, which
    /// becomes a `{Prefix}Properties` with every optional property `None`.
    pub fn required_type_name(&self) -> String {
        format!("{}Required", self.name_prefix)
    }

    /// The properties a create request may carry, in card order.
    pub fn settable(&self) -> impl Iterator<Item = &CardProperty> {
        self.properties
            .iter()
            .filter(|property| property.is_settable())
    }

    /// The wire names of the `read_only` properties: never sent, reported by name when read.
    pub fn read_only_names(&self) -> Vec<&str> {
        self.properties
            .iter()
            .filter(|property| !property.is_settable())
            .map(|property| property.wire_name.as_str())
            .collect()
    }

    /// The properties an update request may carry, in card order.
    pub fn updatable(&self) -> impl Iterator<Item = &CardProperty> {
        self.properties
            .iter()
            .filter(|property| property.property_type.is_updatable())
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
    /// `Option`: the card marks it required and the user provides it (`user_provided`,
    /// `user_provided_immutable`), as [`PropertyType::is_required_from_user`] decides.
    pub fn is_required_field(&self) -> bool {
        self.property_type.is_required_from_user(self.is_required)
    }
}

/// The Rust type a value is held in, and how it travels on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `{"type": "string"}`, or no schema at all: `String`.
    String,
    /// `{"type": "string", "minLength": 1}`: `stitch_types::formats::NonEmptyString`.
    NonEmptyString,
    /// An unsigned integer.
    Unsigned {
        /// The integer type.
        width: UnsignedWidth,
        /// What the wire carries.
        wire: IntegerWire,
    },
    /// A boolean.
    Bool {
        /// What the wire carries.
        wire: BoolWire,
    },
    /// A closed set of strings: an alternation of literals, or `enum`.
    Enum(EnumDef),
    /// Any other pattern: a generated newtype checked with ECMA-262 semantics
    /// (`stitch_report_card::pattern`: linear time, or a bounded backtracking check).
    Pattern(PatternDef),
    /// A `format`, or a pattern that is exactly a format.
    Format(Format),
    /// `anyOf: [string, array of strings]`: `stitch_types::formats::StringOrList`.
    StringOrList,
    /// `{"type": "array", "items": …}`: `Vec<item>`.
    Array(Box<Shape>),
    /// An object with `properties`: a generated struct.
    Struct(StructDef),
    /// `anyOf` of `$ref` objects told apart by a constant field: a generated enum of structs.
    Union(UnionDef),
}

/// How an integer travels.
#[derive(Debug, Clone, PartialEq)]
pub enum IntegerWire {
    /// A string of digits, `^\d+$` or `^\d+`.
    DigitString {
        /// The card's pattern.
        pattern: String,
    },
    /// `anyOf: [integer, string of digits]`: sent as a string of digits (the sources API takes
    /// "a map of string properties" and answers with strings), read from either.
    IntegerOrDigitString {
        /// The pattern of the string branch.
        pattern: String,
    },
    /// `{"type": "integer"}`: a JSON integer.
    Integer,
}

/// How a boolean travels.
#[derive(Debug, Clone, PartialEq)]
pub enum BoolWire {
    /// `^(true|false)$` or `^(true|false)`: the strings `"true"` and `"false"`.
    String {
        /// The card's pattern.
        pattern: String,
    },
    /// `{"type": "boolean"}`: a JSON boolean.
    Json,
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

/// String formats and the runtime types that check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `date-time`: `stitch_types::formats::DateTime`, sent as RFC 3339 with `Z`.
    DateTime,
    /// `^\d{4}-\d{2}-\d{2}T00:00:00Z$`: a calendar date sent as midnight UTC.
    MidnightUtcDate,
    /// `uri`: `stitch_types::formats::Uri`.
    Uri,
    /// `hostname`: `stitch_types::formats::Hostname`.
    Hostname,
    /// `ipv4`: `std::net::Ipv4Addr`.
    Ipv4,
    /// `ipv6`: `std::net::Ipv6Addr`.
    Ipv6,
    /// `email`: `stitch_types::formats::Email`.
    Email,
    /// `anyOf: [hostname, ipv4]`: `stitch_types::formats::HostOrIpv4`.
    HostOrIpv4,
    /// `anyOf: [ipv4, ipv6, hostname]`: `stitch_types::formats::HostOrIp`.
    HostOrIp,
}

impl Format {
    /// Every format, for tables and checks.
    pub const ALL: [Format; 9] = [
        Format::DateTime,
        Format::MidnightUtcDate,
        Format::Uri,
        Format::Hostname,
        Format::Ipv4,
        Format::Ipv6,
        Format::Email,
        Format::HostOrIpv4,
        Format::HostOrIp,
    ];

    /// The Rust type's name, as users write it (`Uri`, `Ipv4Addr`).
    pub fn type_name(self) -> &'static str {
        match self {
            Format::DateTime => "DateTime",
            Format::MidnightUtcDate => "MidnightUtcDate",
            Format::Uri => "Uri",
            Format::Hostname => "Hostname",
            Format::Ipv4 => "Ipv4Addr",
            Format::Ipv6 => "Ipv6Addr",
            Format::Email => "Email",
            Format::HostOrIpv4 => "HostOrIpv4",
            Format::HostOrIp => "HostOrIp",
        }
    }

    /// The module the type lives in: `std::net` for addresses, `stitch_types::formats` else.
    pub fn module(self) -> &'static str {
        match self {
            Format::Ipv4 | Format::Ipv6 => "std::net",
            _ => "stitch_types::formats",
        }
    }
}

/// A generated Rust enum over a closed set of wire strings.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The canonical JSON (`serde_json::to_string`, keys sorted) of the schema the type was
    /// generated from; the derive compares it with a field's property.
    pub schema: String,
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

/// A generated newtype over `String` whose values match a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The canonical JSON (`serde_json::to_string`, keys sorted) of the schema the type was
    /// generated from; the derive compares it with a field's property.
    pub schema: String,
    /// The newtype's name: `{Prefix}{Property}`.
    pub type_name: String,
    /// The pattern, verbatim from the card.
    pub pattern: String,
}

/// A generated struct for a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The canonical JSON (`serde_json::to_string`, keys sorted) of the schema the type was
    /// generated from; the derive compares it with a field's property.
    pub schema: String,
    /// The struct's name.
    pub type_name: String,
    /// The object's properties that the user sets, in schema order.
    pub fields: Vec<StructField>,
    /// Properties with exactly one allowed value (`^s3$`): written by serialization, checked
    /// when read, never written by the user.
    pub constants: Vec<Constant>,
    /// Whether the schema says `additionalProperties: false`. Unknown keys are rejected either
    /// way (a typo is the likelier cause); the docs say which.
    pub closed: bool,
}

/// One field of a generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructField {
    /// The key on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub field_name: String,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// The field's type.
    pub shape: Shape,
    /// The field's schema as the card has it, for docs.
    pub schema: serde_json::Value,
}

/// A property whose only allowed value is fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    /// The key on the wire.
    pub wire_name: String,
    /// The one value it takes.
    pub value: String,
    /// Listed in the schema's `required`.
    pub required: bool,
}

/// A generated enum of structs, one variant per `anyOf` branch.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The canonical JSON (`serde_json::to_string`, keys sorted) of the schema the type was
    /// generated from; the derive compares it with a field's property.
    pub schema: String,
    /// The enum's name.
    pub type_name: String,
    /// The field whose constant value tells the branches apart (`ssh`).
    pub discriminator: String,
    /// One variant per branch, in `anyOf` order.
    pub variants: Vec<UnionVariant>,
}

/// One branch of a [`UnionDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name, from the definition's name (`SshEncryption`).
    pub ident: String,
    /// The definition the branch refers to (`ssh_encryption`).
    pub definition: String,
    /// The discriminator's value in this branch.
    pub tag: String,
    /// The branch's other fields; `None` when the discriminator is its only field.
    pub payload: Option<StructDef>,
}

impl Shape {
    /// Every type generated for this shape, nested ones included, outermost first.
    pub fn generated_types(&self) -> Vec<GeneratedType<'_>> {
        let mut types = Vec::new();
        self.collect_generated(&mut types);
        types
    }

    fn collect_generated<'a>(&'a self, types: &mut Vec<GeneratedType<'a>>) {
        match self {
            Shape::Enum(def) => types.push(GeneratedType::Enum(def)),
            Shape::Pattern(def) => types.push(GeneratedType::Pattern(def)),
            Shape::Array(item) => item.collect_generated(types),
            Shape::Struct(def) => {
                types.push(GeneratedType::Struct(def));
                for field in &def.fields {
                    field.shape.collect_generated(types);
                }
            }
            Shape::Union(def) => {
                types.push(GeneratedType::Union(def));
                for variant in &def.variants {
                    if let Some(payload) = &variant.payload {
                        for field in &payload.fields {
                            field.shape.collect_generated(types);
                        }
                    }
                }
            }
            Shape::String
            | Shape::NonEmptyString
            | Shape::Unsigned { .. }
            | Shape::Bool { .. }
            | Shape::Format(_)
            | Shape::StringOrList => {}
        }
    }
}

/// A type the generator emits besides the properties and update structs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeneratedType<'a> {
    /// A closed set of strings.
    Enum(&'a EnumDef),
    /// A pattern-checked newtype.
    Pattern(&'a PatternDef),
    /// A nested object.
    Struct(&'a StructDef),
    /// An enum of objects; its payload structs are emitted with it.
    Union(&'a UnionDef),
}

impl GeneratedType<'_> {
    /// The generated type's name (for a union, the enum's).
    pub fn type_name(&self) -> &str {
        match self {
            GeneratedType::Enum(def) => &def.type_name,
            GeneratedType::Pattern(def) => &def.type_name,
            GeneratedType::Struct(def) => &def.type_name,
            GeneratedType::Union(def) => &def.type_name,
        }
    }
}
