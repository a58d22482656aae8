//! [`CardChecker`]: a report card compiled once at run time, checking properties objects the way
//! the generated types read them.
//!
//! Every value goes through the readers generated code calls (`crate::wire`), chosen by the
//! shape `stitch-schema` gives the property, the same shape the generator prints a type for. So
//! a check accepts and rejects what the generated type's `from_json_map` does, reports the same
//! problems in the same words, and keeps each value in the form the generated type would send
//! (`5432` for `^\d+$` is sent as `"5432"`, a date-time in UTC with `Z`).

use core::fmt;
use core::fmt::Display;
use core::marker::PhantomData;
use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};
use stitch_schema::model::{
    BoolWire, Constant, Format, IntegerWire, StructDef, UnionDef, UnsignedWidth,
};
use stitch_schema::{Card, CardProperty, CardSource, Diagnostics, Shape};

use super::values::{PropertyValues, WireValue};
use super::{DynamicProperties, DynamicUpdate, Kind};
use crate::ReportCard;
use crate::formats::{self, WireFormat};
use crate::validation::PropertiesError;
use crate::wire::{self, Checker, Invalid, Parsed};

/// A report card compiled for checking properties objects: every pattern compiled once.
///
/// ```
/// use stitch_types::runtime::{CardChecker, ForDestination};
///
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/destinations/postgres.json"))?;
/// let checker = CardChecker::<ForDestination>::from_json("postgres.json", &text)?;
/// let map = serde_json::json!({"hots": "db.example.com", "port": "54x32", "password": "hunter2"});
/// let error = checker.check(map.as_object().unwrap().clone()).unwrap_err();
/// assert!(error.to_string().contains("`hots` is not a property of this report card; did you mean `host`?"));
/// assert!(error.to_string().contains("`port` \"54x32\" does not match the pattern `^\\d+$`"));
/// assert!(!error.to_string().contains("hunter2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CardChecker<K> {
    card: Card,
    /// The general patterns of the card's shapes, by source.
    patterns: HashMap<String, regress::Regex>,
    kind: PhantomData<fn() -> K>,
}

impl<K: Kind> CardChecker<K> {
    /// Compiles a card read from the API (`Client::destination_type`, say).
    ///
    /// A card the generator could not give types is an error with the diagnostics
    /// `include_report_card!` would give (JSON pointer, property and rule; no line and column,
    /// as there is no text).
    pub fn new(card: &ReportCard) -> Result<Self, Diagnostics> {
        let file = format!("the `{}` report card", card.card_type);
        let value = serde_json::to_value(card).unwrap_or(Value::Null);
        Self::from_value(&file, &value)
    }

    /// Compiles the text of a card file; `file` names it in messages.
    pub fn from_json(file: &str, text: &str) -> Result<Self, Diagnostics> {
        let card = stitch_schema::read_card(CardSource {
            file,
            text,
            kind: Some(K::KIND),
        })?;
        Ok(Self::compiled(card))
    }

    /// Compiles a card that is already JSON; `file` names it in messages.
    pub fn from_value(file: &str, card: &Value) -> Result<Self, Diagnostics> {
        let read = stitch_schema::read_card_value(card, file, Some(K::KIND));
        match (read.card, read.diagnostics) {
            (Some(card), None) => Ok(Self::compiled(card)),
            (_, diagnostics) => Err(diagnostics.unwrap_or_else(|| Diagnostics {
                file: file.to_owned(),
                list: Vec::new(),
            })),
        }
    }

    fn compiled(card: Card) -> Self {
        let mut patterns = HashMap::new();
        for property in card.settable() {
            for generated in property.shape.generated_types() {
                if let stitch_schema::model::GeneratedType::Pattern(def) = generated {
                    // Reading the card compiled every pattern already; one that would not
                    // compile here matches nothing, as in generated code.
                    if let Some(regex) = wire::compile_pattern(&def.pattern) {
                        patterns.insert(def.pattern.clone(), regex);
                    }
                }
            }
        }
        CardChecker {
            card,
            patterns,
            kind: PhantomData,
        }
    }

    /// The card's `type`.
    pub fn card_type(&self) -> &str {
        &self.card.card_type
    }

    /// The checked model of the card, as the generator sees it.
    pub fn card(&self) -> &Card {
        &self.card
    }

    /// Checks the properties of a create request, reporting every problem at once, exactly as
    /// the generated `{Type}Properties::from_json_map` does.
    pub fn check(
        &self,
        properties: Map<String, Value>,
    ) -> Result<DynamicProperties<K>, PropertiesError> {
        self.check_create(properties, |property| !property.is_required_field())
    }

    /// Checks properties that may arrive over several requests, as a source's do: like
    /// [`check`](Self::check), but no property is required.
    pub fn check_partial(
        &self,
        properties: Map<String, Value>,
    ) -> Result<DynamicProperties<K>, PropertiesError> {
        self.check_create(properties, |_| true)
    }

    fn check_create(
        &self,
        properties: Map<String, Value>,
        optional: impl Fn(&CardProperty) -> bool,
    ) -> Result<DynamicProperties<K>, PropertiesError> {
        let known: Vec<&str> = self.card.settable().map(|p| p.wire_name.as_str()).collect();
        let read_only = self.card.read_only_names();
        let rejected = Rejected {
            known: &known,
            read_only: &read_only,
            immutable: &[],
        };
        let values = self.check_top_level(properties, self.card.settable(), optional, rejected)?;
        Ok(DynamicProperties::checked(values))
    }

    /// Like [`check`](Self::check), for any JSON value.
    pub fn check_value(&self, properties: Value) -> Result<DynamicProperties<K>, PropertiesError> {
        match properties {
            Value::Object(map) => self.check(map),
            other => Err(crate::properties::not_an_object(
                self.card_type().to_owned(),
                &other,
            )),
        }
    }

    /// Checks the properties of an update request, as the generated `{Type}Update::from_json_map`
    /// does: every property optional, `read_only` and `user_provided_immutable` ones refused.
    pub fn check_update(
        &self,
        properties: Map<String, Value>,
    ) -> Result<DynamicUpdate<K>, PropertiesError> {
        let known: Vec<&str> = self
            .card
            .updatable()
            .map(|p| p.wire_name.as_str())
            .collect();
        let read_only = self.card.read_only_names();
        let immutable: Vec<&str> = self
            .card
            .settable()
            .filter(|property| !property.property_type.is_updatable())
            .map(|property| property.wire_name.as_str())
            .collect();
        let values = self.check_top_level(
            properties,
            self.card.updatable(),
            |_| true,
            Rejected {
                known: &known,
                read_only: &read_only,
                immutable: &immutable,
            },
        )?;
        Ok(DynamicUpdate::checked(values))
    }

    /// Like [`check_update`](Self::check_update), for any JSON value.
    pub fn check_update_value(
        &self,
        properties: Value,
    ) -> Result<DynamicUpdate<K>, PropertiesError> {
        match wire::object(properties) {
            Ok(map) => self.check_update(map),
            Err(invalid) => Err(wire::invalid_properties(
                self.card_type().to_owned(),
                invalid,
            )),
        }
    }

    fn check_top_level<'a>(
        &self,
        mut map: Map<String, Value>,
        properties: impl Iterator<Item = &'a CardProperty>,
        optional: impl Fn(&CardProperty) -> bool,
        rejected: Rejected<'_>,
    ) -> Result<PropertyValues, PropertiesError> {
        let mut checker = Checker::new();
        let mut values = Vec::new();
        let mut credentials = Vec::new();
        let mut complete = true;
        for property in properties {
            let name = property.wire_name.as_str();
            if property.is_credential {
                credentials.push(name.to_owned());
            }
            let parse = |value| {
                let read = self.read(&property.shape, value);
                if property.is_credential {
                    read.map_err(Invalid::redacted)
                } else {
                    read
                }
            };
            let read = if optional(property) {
                checker.optional(&mut map, name, parse)
            } else {
                checker.required(&mut map, name, parse).map(Some)
            };
            match read {
                Some(Some(value)) => values.push((name.to_owned(), value)),
                Some(None) => {}
                None => complete = false,
            }
        }
        checker.reject_remaining(
            map,
            rejected.known,
            rejected.read_only,
            rejected.immutable,
            &[],
        );
        let values = PropertyValues {
            card_type: self.card.card_type.clone(),
            values,
            credentials,
            checked: true,
        };
        if complete && checker.is_clean() {
            Ok(values)
        } else {
            Err(checker.into_error(self.card.card_type.clone()))
        }
    }

    /// Reads one value of `shape` into what the generated type would send for it, in the
    /// order it would send it.
    fn read(&self, shape: &Shape, value: Value) -> Parsed<WireValue> {
        let json = match shape {
            Shape::String => wire::string(value).map(Value::String),
            Shape::NonEmptyString => {
                wire::non_empty_string(value).map(|text| Value::String(text.into_string()))
            }
            Shape::Unsigned { width, wire } => read_unsigned(*width, wire, value),
            Shape::Bool {
                wire: BoolWire::String { pattern },
            } => wire::bool_string_of(value, pattern).map(|flag| Value::String(flag.to_string())),
            Shape::Bool {
                wire: BoolWire::Json,
            } => wire::boolean(value).map(Value::Bool),
            Shape::Enum(def) => {
                let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
                wire::one_of_values(value, &wires, |text| {
                    wires
                        .iter()
                        .find(|wire| **wire == text)
                        .map(|wire| Value::String((*wire).to_owned()))
                })
            }
            Shape::Pattern(def) => {
                let regex = self.patterns.get(&def.pattern);
                wire::matching_string(value, &def.pattern, |text| {
                    regex.is_some_and(|regex| wire::pattern_matches(regex, text))
                })
                .map(Value::String)
            }
            Shape::Format(format) => read_format(*format, value),
            Shape::StringOrList => wire::string_or_list(value).map(|either| match either {
                formats::StringOrList::String(text) => Value::String(text),
                formats::StringOrList::List(items) => {
                    Value::Array(items.into_iter().map(Value::String).collect())
                }
            }),
            Shape::Array(item) => {
                return wire::array(value, |element| self.read(item, element))
                    .map(WireValue::Array);
            }
            Shape::Struct(def) => {
                let map = wire::object(value)?;
                let mut checker = Checker::new();
                let built = self.read_struct(def, map, &mut checker, Vec::new());
                return built.ok_or_else(|| checker.into_invalid());
            }
            Shape::Union(def) => return self.read_union(def, value),
        };
        json.map(WireValue::Json)
    }

    /// Reads the fields and constants of `def` out of `map` as the generated struct's reader
    /// does, and writes them after `written` in the order its `Serialize` does: constants,
    /// then fields.
    fn read_struct(
        &self,
        def: &StructDef,
        mut map: Map<String, Value>,
        checker: &mut Checker,
        mut written: Vec<(String, WireValue)>,
    ) -> Option<WireValue> {
        let mut fields = Vec::with_capacity(def.fields.len());
        let mut complete = true;
        for field in &def.fields {
            let parse = |value| self.read(&field.shape, value);
            let read = if field.required {
                checker
                    .required(&mut map, &field.wire_name, parse)
                    .map(Some)
            } else {
                checker.optional(&mut map, &field.wire_name, parse)
            };
            match read {
                Some(value) => fields.push((field.wire_name.as_str(), value)),
                None => complete = false,
            }
        }
        for Constant {
            wire_name,
            value,
            required,
        } in &def.constants
        {
            checker.constant(&mut map, wire_name, &[value.as_str()], *required);
        }
        let known: Vec<&str> = def
            .fields
            .iter()
            .map(|field| field.wire_name.as_str())
            .collect();
        checker.reject_remaining(map, &known, &[], &[], &[]);
        if !(complete && checker.is_clean()) {
            return None;
        }
        for constant in &def.constants {
            written.push((
                constant.wire_name.clone(),
                WireValue::Json(Value::String(constant.value.clone())),
            ));
        }
        for (name, value) in fields {
            if let Some(value) = value {
                written.push((name.to_owned(), value));
            }
        }
        Some(WireValue::Object(written))
    }

    fn read_union(&self, def: &UnionDef, value: Value) -> Parsed<WireValue> {
        let mut map = wire::object(value)?;
        let mut checker = Checker::new();
        let tags: Vec<&str> = def
            .variants
            .iter()
            .map(|variant| variant.tag.as_str())
            .collect();
        let built = checker
            .discriminator(&mut map, &def.discriminator, &tags)
            .and_then(|index| {
                let variant = &def.variants[index];
                let written = vec![(
                    def.discriminator.clone(),
                    WireValue::Json(Value::String(variant.tag.clone())),
                )];
                match &variant.payload {
                    Some(payload) => self.read_struct(payload, map, &mut checker, written),
                    None => {
                        checker.reject_remaining(map, &[], &[], &[], &[]);
                        checker.is_clean().then_some(WireValue::Object(written))
                    }
                }
            });
        built.ok_or_else(|| checker.into_invalid())
    }
}

impl<K: Kind> fmt::Debug for CardChecker<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardChecker")
            .field("kind", &K::KIND)
            .field("card_type", &self.card.card_type)
            .field("properties", &self.card.properties.len())
            .finish()
    }
}

/// The keys a top-level reader refuses by name rather than as unknown.
struct Rejected<'a> {
    known: &'a [&'a str],
    read_only: &'a [&'a str],
    immutable: &'a [&'a str],
}

fn read_unsigned(width: UnsignedWidth, wire: &IntegerWire, value: Value) -> Parsed<Value> {
    fn read_as<T: wire::Unsigned>(wire: &IntegerWire, value: Value) -> Parsed<Value> {
        match wire {
            IntegerWire::DigitString { pattern } => wire::digit_string_of::<T>(value, pattern)
                .map(|number| Value::String(number.into().to_string())),
            IntegerWire::IntegerOrDigitString { pattern } => {
                wire::integer_or_digits::<T>(value, pattern)
                    .map(|number| Value::String(number.into().to_string()))
            }
            IntegerWire::Integer => {
                wire::integer::<T>(value).map(|number| Value::from(number.into()))
            }
        }
    }
    match width {
        UnsignedWidth::U16 => read_as::<u16>(wire, value),
        UnsignedWidth::U64 => read_as::<u64>(wire, value),
    }
}

fn read_format(format: Format, value: Value) -> Parsed<Value> {
    fn via<T: WireFormat + Display>(value: Value) -> Parsed<Value> {
        wire::formatted::<T>(value).map(|parsed| Value::String(parsed.to_string()))
    }
    match format {
        Format::DateTime => via::<formats::DateTime>(value),
        Format::MidnightUtcDate => via::<formats::MidnightUtcDate>(value),
        Format::Uri => via::<formats::Uri>(value),
        Format::Hostname => via::<formats::Hostname>(value),
        Format::Ipv4 => via::<Ipv4Addr>(value),
        Format::Ipv6 => via::<Ipv6Addr>(value),
        Format::Email => via::<formats::Email>(value),
        Format::HostOrIpv4 => via::<formats::HostOrIpv4>(value),
        Format::HostOrIp => via::<formats::HostOrIp>(value),
    }
}
