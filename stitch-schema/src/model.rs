//! The typed model of a report card that code is generated from.
//!
//! Reading a card ([`crate::read_card`]) checks it and decides, for every settable property, the
//! Rust type that holds its values ([`Shape`]). The generator's expansion only prints what this
//! model says, the derive checks a user's struct against it, and the run-time checker of
//! `stitch-types` checks values by it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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
///
/// The types generated from a schema are shared (`Arc`): every field whose schema is a `$ref`
/// to one definition holds the same [`StructDef`] (or enum, newtype, union), so a card whose
/// definitions refer to one another many times is a model, and code, of its own size.
/// [`Shape::generated_types`] lists each once.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    Enum(Arc<EnumDef>),
    /// Any other pattern: a generated newtype checked with ECMA-262 semantics
    /// (`stitch_report_card::pattern`: linear time, or a bounded backtracking check).
    Pattern(Arc<PatternDef>),
    /// A `format`, or a pattern that is exactly a format.
    Format(Format),
    /// `anyOf: [string, array of strings]`: `stitch_types::formats::StringOrList`.
    StringOrList,
    /// `{"type": "array", "items": …}`: `Vec<item>`.
    Array(Box<Shape>),
    /// An object with `properties`: a generated struct.
    Struct(Arc<StructDef>),
    /// `anyOf` of `$ref` objects told apart by a constant field: a generated enum of structs.
    Union(Arc<UnionDef>),
}

/// How an integer travels.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The key of the schema the type was generated from: its canonical JSON
    /// (`serde_json::to_string`, keys sorted), each `$ref` in it standing for the SHA-256 of
    /// its definition's key; the derive compares it with a field's property.
    pub schema: String,
    /// The enum's name: `{Prefix}{Property}` (`PostgresEncryptionType`).
    pub type_name: String,
    /// Variants in card order.
    pub variants: Vec<EnumVariant>,
    /// Where the set comes from, for docs and error messages.
    pub origin: EnumOrigin,
}

/// One value of a generated enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub ident: String,
    /// The exact string sent on the wire.
    pub wire: String,
}

/// What a generated enum was classified from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumOrigin {
    /// A pattern that is an alternation of literals.
    Pattern(String),
    /// A JSON schema `enum`.
    Enum,
}

/// A generated newtype over `String` whose values match a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The key of the schema the type was generated from: its canonical JSON
    /// (`serde_json::to_string`, keys sorted), each `$ref` in it standing for the SHA-256 of
    /// its definition's key; the derive compares it with a field's property.
    pub schema: String,
    /// The newtype's name: `{Prefix}{Property}`.
    pub type_name: String,
    /// The pattern, verbatim from the card.
    pub pattern: String,
}

/// A generated struct for a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The key of the schema the type was generated from: its canonical JSON
    /// (`serde_json::to_string`, keys sorted), each `$ref` in it standing for the SHA-256 of
    /// its definition's key; the derive compares it with a field's property.
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    /// The key on the wire.
    pub wire_name: String,
    /// The one value it takes.
    pub value: String,
    /// Listed in the schema's `required`.
    pub required: bool,
}

/// A generated enum of structs, one variant per `anyOf` branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionDef {
    /// Where the values sit in the properties (`staging_area.bucket_name`, `reports[]`).
    pub path: String,
    /// The key of the schema the type was generated from: its canonical JSON
    /// (`serde_json::to_string`, keys sorted), each `$ref` in it standing for the SHA-256 of
    /// its definition's key; the derive compares it with a field's property.
    pub schema: String,
    /// The enum's name.
    pub type_name: String,
    /// The field whose constant value tells the branches apart (`ssh`).
    pub discriminator: String,
    /// One variant per branch, in `anyOf` order.
    pub variants: Vec<UnionVariant>,
}

/// One branch of a [`UnionDef`].
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The type generated for this shape itself (an array's items are another shape), if it
    /// has one.
    pub fn generated(&self) -> Option<GeneratedType<'_>> {
        match self {
            Shape::Enum(def) => Some(GeneratedType::Enum(def)),
            Shape::Pattern(def) => Some(GeneratedType::Pattern(def)),
            Shape::Struct(def) => Some(GeneratedType::Struct(def)),
            Shape::Union(def) => Some(GeneratedType::Union(def)),
            Shape::String
            | Shape::NonEmptyString
            | Shape::Unsigned { .. }
            | Shape::Bool { .. }
            | Shape::Format(_)
            | Shape::StringOrList
            | Shape::Array(_) => None,
        }
    }

    /// The name of the type generated for this shape itself, if it has one.
    pub fn generated_type_name(&self) -> Option<&str> {
        self.generated().map(|generated| generated.type_name())
    }

    /// The key of the schema the type generated for this shape was made from, if it has one.
    pub fn generated_schema_key(&self) -> Option<&str> {
        self.generated().map(|generated| generated.schema_key())
    }

    /// Every type generated for this shape, nested ones included, outermost first; a type that
    /// several fields share (a `$ref`'d definition) once, where it is first reached.
    pub fn generated_types(&self) -> Vec<GeneratedType<'_>> {
        let mut types = Vec::new();
        self.collect_generated(&mut types, &mut HashSet::new());
        types
    }

    /// `seen` holds the address of every shared definition listed: types are shared by
    /// reference, so identity is the address (two types of one name are a clash the reader
    /// reports, not one type).
    fn collect_generated<'a>(
        &'a self,
        types: &mut Vec<GeneratedType<'a>>,
        seen: &mut HashSet<*const ()>,
    ) {
        match self {
            Shape::Enum(def) => {
                if seen.insert(Arc::as_ptr(def).cast()) {
                    types.push(GeneratedType::Enum(def));
                }
            }
            Shape::Pattern(def) => {
                if seen.insert(Arc::as_ptr(def).cast()) {
                    types.push(GeneratedType::Pattern(def));
                }
            }
            Shape::Array(item) => item.collect_generated(types, seen),
            Shape::Struct(def) => {
                if seen.insert(Arc::as_ptr(def).cast()) {
                    types.push(GeneratedType::Struct(def));
                    for field in &def.fields {
                        field.shape.collect_generated(types, seen);
                    }
                }
            }
            Shape::Union(def) => {
                if seen.insert(Arc::as_ptr(def).cast()) {
                    types.push(GeneratedType::Union(def));
                    for variant in &def.variants {
                        if let Some(payload) = &variant.payload {
                            for field in &payload.fields {
                                field.shape.collect_generated(types, seen);
                            }
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

/// The structs and unions of one property that its fields hold in a `Box`: those that more
/// than one field holds by value.
///
/// Shared by value, a definition that refers to the next one twice would double the size of
/// the value at every level (2^30 copies of the last for 30 levels: a type of gigabytes that
/// overflows any stack). Boxed where it is shared, each type is held by value in one place at
/// most, so a value is the size of the schema. Types held once, every type of the captured
/// cards, stay by value. An item of an array is on the heap already and does not count.
#[derive(Debug, Clone, Default)]
pub struct BoxedTypes {
    boxed: HashSet<*const ()>,
}

impl BoxedTypes {
    /// The types of `shape` (a property's) that more than one field holds by value.
    pub fn of(shape: &Shape) -> Self {
        let mut holders: HashMap<*const (), usize> = HashMap::new();
        for generated in shape.generated_types() {
            let fields = match generated {
                GeneratedType::Struct(def) => def.fields.iter().collect::<Vec<_>>(),
                GeneratedType::Union(def) => def
                    .variants
                    .iter()
                    .filter_map(|variant| variant.payload.as_ref())
                    .flat_map(|payload| &payload.fields)
                    .collect(),
                GeneratedType::Enum(_) | GeneratedType::Pattern(_) => Vec::new(),
            };
            for field in fields {
                if let Some(address) = aggregate_address(&field.shape) {
                    *holders.entry(address).or_default() += 1;
                }
            }
        }
        BoxedTypes {
            boxed: holders
                .into_iter()
                .filter(|&(_, count)| count > 1)
                .map(|(address, _)| address)
                .collect(),
        }
    }

    /// Whether a field of `shape` holds its value in a `Box`.
    pub fn is_boxed(&self, shape: &Shape) -> bool {
        aggregate_address(shape).is_some_and(|address| self.boxed.contains(&address))
    }
}

/// The address of a struct or union shape's shared definition: what a field holds by value
/// that can be large (enums and pattern newtypes are a word or a `String`).
fn aggregate_address(shape: &Shape) -> Option<*const ()> {
    match shape {
        Shape::Struct(def) => Some(Arc::as_ptr(def).cast()),
        Shape::Union(def) => Some(Arc::as_ptr(def).cast()),
        _ => None,
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

impl<'a> GeneratedType<'a> {
    /// The generated type's name (for a union, the enum's).
    pub fn type_name(&self) -> &'a str {
        match self {
            GeneratedType::Enum(def) => &def.type_name,
            GeneratedType::Pattern(def) => &def.type_name,
            GeneratedType::Struct(def) => &def.type_name,
            GeneratedType::Union(def) => &def.type_name,
        }
    }

    /// The key of the schema the type was made from (its `CardValue::SCHEMA`).
    pub fn schema_key(&self) -> &'a str {
        match self {
            GeneratedType::Enum(def) => &def.schema,
            GeneratedType::Pattern(def) => &def.schema,
            GeneratedType::Struct(def) => &def.schema,
            GeneratedType::Union(def) => &def.schema,
        }
    }
}
