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
use crate::wire::{self, Invalid, Keys, ObjectReader, Parsed, ReadValue};
use serde::de::{Deserialize as _, Deserializer, MapAccess, Visitor};
use zeroize::Zeroize;

/// A report card compiled for checking properties objects: every pattern compiled once.
///
/// ```
/// use stitch_types::runtime::{CardChecker, ForDestination};
///
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/destinations/postgres.json"))?;
/// let checker = CardChecker::<ForDestination>::from_json("postgres.json", &text)?;
/// let map = serde_json::json!({"hots": "db.example.com", "port": "54x32", "password": "hunter2"});
/// let error = checker.check(map.as_object().unwrap().clone()).unwrap_err();
/// assert!(error.to_string().contains("`hots` is not a property of this report card; did you mean `host`?"));
/// assert!(error.to_string().contains("`port` \"54x32\" does not match the pattern `^\\d+$`"));
/// assert!(!error.to_string().contains("hunter2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct CardChecker<K> {
    card: Card,
    /// The general patterns of the card's shapes, by source.
    patterns: HashMap<String, stitch_report_card::pattern::Pattern>,
    /// What a create request may send, and what it is refused by name.
    create: KnownKeys,
    /// What an update request may send, and what it is refused by name.
    update: KnownKeys,
    kind: PhantomData<fn() -> K>,
}

/// The keys a top-level reader refuses by name rather than as unknown.
#[derive(Debug, Clone)]
struct KnownKeys {
    read_only: Vec<String>,
    immutable: Vec<String>,
}

impl<K: Kind> CardChecker<K> {
    /// Compiles a card read from the API (`Client::destination_type`, say).
    ///
    /// A card the generator could not give types is an error with the diagnostics
    /// `include_report_card!` would give (JSON pointer, property and rule; no line and column,
    /// as there is no text), named by the card's API path (`/v4/destination-types/postgres`).
    /// So is a source card checked as a destination's.
    pub fn new(card: &ReportCard) -> Result<Self, Diagnostics> {
        let name = K::KIND.type_path(&card.card_type);
        let value = serde_json::to_value(card).unwrap_or(Value::Null);
        Self::from_value(&name, &value)
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
        let card = stitch_schema::read_card_value(card, file, Some(K::KIND)).into_result()?;
        Ok(Self::compiled(card))
    }

    fn compiled(card: Card) -> Self {
        let mut patterns = HashMap::new();
        for property in card.settable() {
            for generated in property.shape.generated_types() {
                if let stitch_schema::model::GeneratedType::Pattern(def) = generated {
                    // Reading the card compiled every pattern already; one that would not
                    // compile here matches nothing, as in generated code.
                    if let Some(compiled) = wire::compile_pattern(&def.pattern) {
                        patterns.insert(def.pattern.clone(), compiled);
                    }
                }
            }
        }
        let owned = |names: Vec<&str>| names.into_iter().map(str::to_owned).collect::<Vec<_>>();
        let immutable = card
            .settable()
            .filter(|property| !property.property_type.is_updatable())
            .map(|property| property.wire_name.as_str())
            .collect();
        let create = KnownKeys {
            read_only: owned(card.read_only_names()),
            immutable: Vec::new(),
        };
        let update = KnownKeys {
            read_only: create.read_only.clone(),
            immutable: owned(immutable),
        };
        CardChecker {
            card,
            patterns,
            create,
            update,
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
        let values =
            self.check_top_level(properties, self.card.settable(), optional, &self.create)?;
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
        let values =
            self.check_top_level(properties, self.card.updatable(), |_| true, &self.update)?;
        Ok(DynamicUpdate::checked(values))
    }

    /// Like [`check_update`](Self::check_update), for any JSON value.
    pub fn check_update_value(
        &self,
        properties: Value,
    ) -> Result<DynamicUpdate<K>, PropertiesError> {
        match properties {
            Value::Object(map) => self.check_update(map),
            other => Err(wire::invalid_properties(
                self.card_type().to_owned(),
                Invalid::Value(crate::validation::Problem::WrongType {
                    expected: "an object",
                    found: crate::validation::json_kind(&other),
                }),
            )),
        }
    }

    fn check_top_level<'a>(
        &self,
        map: Map<String, Value>,
        properties: impl Iterator<Item = &'a CardProperty>,
        optional: impl Fn(&CardProperty) -> bool,
        rejected: &KnownKeys,
    ) -> Result<PropertyValues, PropertiesError> {
        let properties: Vec<&CardProperty> = properties.collect();
        let fields: Vec<Field<'_>> = properties
            .iter()
            .map(|property| Field {
                name: &property.wire_name,
                shape: &property.shape,
                required: !optional(property),
                credential: property.is_credential,
            })
            .collect();
        let read_only: Vec<&str> = rejected.read_only.iter().map(String::as_str).collect();
        let immutable: Vec<&str> = rejected.immutable.iter().map(String::as_str).collect();
        let read = self
            .read_fields(&fields, &[], &read_only, &immutable, map)
            .map_err(|invalid| wire::invalid_properties(self.card.card_type.clone(), invalid))?;
        Ok(PropertyValues {
            card_type: self.card.card_type.clone(),
            values: read.into_iter().flatten().collect(),
            credentials: properties
                .iter()
                .filter(|property| property.is_credential)
                .map(|property| property.wire_name.clone())
                .collect(),
            checked: true,
        })
    }

    /// Reads `fields` and `constants` out of `map` as a generated type's reader does (the same
    /// [`ObjectReader`]): each field's value in card order, `None` for one left out.
    fn read_fields(
        &self,
        fields: &[Field<'_>],
        constants: &[&Constant],
        read_only: &[&str],
        immutable: &[&str],
        map: Map<String, Value>,
    ) -> Parsed<Vec<Option<(String, WireValue)>>> {
        let names: Vec<&str> = fields.iter().map(|field| field.name).collect();
        let constant_names: Vec<&str> = constants
            .iter()
            .map(|constant| constant.wire_name.as_str())
            .collect();
        let required: Vec<bool> = fields
            .iter()
            .map(|field| field.required)
            .chain(constants.iter().map(|constant| constant.required))
            .collect();
        let keys = Keys {
            fields: &names,
            constants: &constant_names,
            required: &required,
            index: wire::KeyIndex::new(),
            read_only,
            immutable,
            not_held: &[],
        };
        let visitor = FieldsVisitor {
            checker: self,
            fields,
            constants,
            keys: &keys,
        };
        Value::Object(map)
            .deserialize_map(visitor)
            .unwrap_or_else(|error| Err(Invalid::Value(unreadable(&error))))
    }

    /// Reads one value of `shape` into what the generated type would send for it, in the
    /// order it would send it.
    fn read(&self, shape: &Shape, value: Value) -> Parsed<WireValue> {
        let json = match shape {
            Shape::String => wire::string().read_value(value).map(Value::String),
            Shape::NonEmptyString => wire::non_empty_string()
                .read_value(value)
                .map(|text| Value::String(text.into_string())),
            Shape::Unsigned { width, wire } => read_unsigned(*width, wire, value),
            Shape::Bool {
                wire: BoolWire::String { pattern },
            } => wire::bool_string(pattern)
                .read_value(value)
                .map(|flag| Value::String(flag.to_string())),
            Shape::Bool {
                wire: BoolWire::Json,
            } => wire::boolean().read_value(value).map(Value::Bool),
            Shape::Enum(def) => {
                let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
                let lookup = |text: &str| wires.iter().find(|wire| **wire == text).copied();
                wire::one_of(&wires, lookup)
                    .read_value(value)
                    .map(|wire| Value::String(wire.to_owned()))
            }
            Shape::Pattern(def) => {
                let compiled = self.patterns.get(&def.pattern);
                let matches = |text: &str| wire::pattern_matches(compiled, text);
                wire::matching_with(&def.pattern, matches)
                    .read_value(value)
                    .map(Value::String)
            }
            Shape::Format(format) => read_format(*format, value),
            Shape::StringOrList => {
                wire::string_or_list()
                    .read_value(value)
                    .map(|either| match either {
                        formats::StringOrList::String(text) => Value::String(text),
                        formats::StringOrList::List(items) => {
                            Value::Array(items.into_iter().map(Value::String).collect())
                        }
                    })
            }
            Shape::Array(item) => {
                return wire::array_of(ShapeReader {
                    checker: self,
                    shape: item,
                    credential: false,
                })
                .read_value(value)
                .map(WireValue::Array);
            }
            Shape::Struct(def) => return self.read_struct(def, value, Vec::new()),
            Shape::Union(def) => return self.read_union(def, value),
        };
        json.map(WireValue::Json)
    }

    /// Reads the fields and constants of `def` as the generated struct's reader does, and
    /// writes them after `written` in the order its `Serialize` does: constants, then fields.
    fn read_struct(
        &self,
        def: &StructDef,
        value: Value,
        mut written: Vec<(String, WireValue)>,
    ) -> Parsed<WireValue> {
        let Value::Object(map) = value else {
            return Err(Invalid::Value(crate::validation::Problem::WrongType {
                expected: "an object",
                found: crate::validation::json_kind(&value),
            }));
        };
        let fields: Vec<Field<'_>> = def
            .fields
            .iter()
            .map(|field| Field {
                name: &field.wire_name,
                shape: &field.shape,
                required: field.required,
                credential: false,
            })
            .collect();
        let constants: Vec<&Constant> = def.constants.iter().collect();
        let read = self.read_fields(&fields, &constants, &[], &[], map)?;
        for constant in &def.constants {
            written.push((
                constant.wire_name.clone(),
                WireValue::Json(Value::String(constant.value.clone())),
            ));
        }
        written.extend(read.into_iter().flatten());
        Ok(WireValue::Object(written))
    }

    fn read_union(&self, def: &UnionDef, value: Value) -> Parsed<WireValue> {
        let tags: Vec<&str> = def
            .variants
            .iter()
            .map(|variant| variant.tag.as_str())
            .collect();
        wire::read_union(value, &def.discriminator, &tags, |index, map| {
            let variant = &def.variants[index];
            let written = vec![(
                def.discriminator.clone(),
                WireValue::Json(Value::String(variant.tag.clone())),
            )];
            match &variant.payload {
                Some(payload) => self.read_struct(payload, Value::Object(map), written),
                None => wire::read_nothing(map).map(|()| WireValue::Object(written)),
            }
        })
    }
}

/// A field of a properties object or nested struct, as the run-time reader sees it.
struct Field<'a> {
    name: &'a str,
    shape: &'a Shape,
    required: bool,
    credential: bool,
}

/// Reads one value of a shape known only at run time, as a [`ReadValue`], so that objects and
/// arrays of such values are read by the generated types' own readers.
struct ShapeReader<'a, K> {
    checker: &'a CardChecker<K>,
    shape: &'a Shape,
    credential: bool,
}

// By hand: a derive would ask `K: Copy` of the kind marker.
impl<K> Clone for ShapeReader<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for ShapeReader<'_, K> {}

impl<K: Kind> ReadValue<WireValue> for ShapeReader<'_, K> {
    fn expected(self) -> &'static str {
        "a value of the property's schema"
    }

    fn read<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Parsed<WireValue>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let read = self.checker.read(self.shape, value);
        Ok(if self.credential {
            read.map_err(Invalid::redacted)
        } else {
            read
        })
    }
}

/// Walks an object's entries with an [`ObjectReader`], as generated code does.
struct FieldsVisitor<'a, K> {
    checker: &'a CardChecker<K>,
    fields: &'a [Field<'a>],
    constants: &'a [&'a Constant],
    keys: &'a Keys<'a>,
}

impl<'de, K: Kind> Visitor<'de> for FieldsVisitor<'_, K> {
    type Value = Parsed<Vec<Option<(String, WireValue)>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut reader = ObjectReader::new(self.keys, map);
        let mut values: Vec<Option<WireValue>> = self.fields.iter().map(|_| None).collect();
        while let Some(index) = reader.next_field()? {
            match self.fields.get(index) {
                Some(field) => {
                    let shape_reader = ShapeReader {
                        checker: self.checker,
                        shape: field.shape,
                        credential: field.credential,
                    };
                    // `null` is an optional field not given: `keys` says which are required.
                    reader.read(shape_reader, &mut values[index])?;
                }
                None => {
                    let constant = self.constants[index - self.fields.len()];
                    reader.read_constant(&constant.value)?;
                }
            }
        }
        let fields = self.fields;
        Ok(reader.finish().map(|()| {
            values
                .into_iter()
                .zip(fields)
                .map(|(value, field)| value.map(|value| (field.name.to_owned(), value)))
                .collect()
        }))
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

fn read_unsigned(width: UnsignedWidth, wire: &IntegerWire, value: Value) -> Parsed<Value> {
    fn read_as<T: wire::Unsigned>(wire: &IntegerWire, value: Value) -> Parsed<Value> {
        match wire {
            IntegerWire::DigitString { pattern } => wire::digit_string::<T>(pattern)
                .read_value(value)
                .map(|number| Value::String(number.into().to_string())),
            IntegerWire::IntegerOrDigitString { pattern } => {
                wire::integer_or_digit_string::<T>(pattern)
                    .read_value(value)
                    .map(|number| Value::String(number.into().to_string()))
            }
            IntegerWire::Integer => wire::integer::<T>()
                .read_value(value)
                .map(|number| Value::from(number.into())),
        }
    }
    match width {
        UnsignedWidth::U16 => read_as::<u16>(wire, value),
        UnsignedWidth::U64 => read_as::<u64>(wire, value),
    }
}

fn read_format(format: Format, value: Value) -> Parsed<Value> {
    /// The wire text of a format that may hold a credential; the parsed copy is wiped.
    fn via<T: WireFormat + Display + Zeroize>(value: Value) -> Parsed<Value> {
        wire::formatted::<T>().read_value(value).map(|mut parsed| {
            let text = parsed.to_string();
            parsed.zeroize();
            Value::String(text)
        })
    }
    /// Addresses, which no credential is (the generator refuses such a card).
    fn address<T: WireFormat + Display>(value: Value) -> Parsed<Value> {
        wire::formatted::<T>()
            .read_value(value)
            .map(|parsed| Value::String(parsed.to_string()))
    }
    match format {
        Format::DateTime => via::<formats::DateTime>(value),
        Format::MidnightUtcDate => via::<formats::MidnightUtcDate>(value),
        Format::Uri => via::<formats::Uri>(value),
        Format::Hostname => via::<formats::Hostname>(value),
        Format::Ipv4 => address::<Ipv4Addr>(value),
        Format::Ipv6 => address::<Ipv6Addr>(value),
        Format::Email => via::<formats::Email>(value),
        Format::HostOrIpv4 => via::<formats::HostOrIpv4>(value),
        Format::HostOrIp => via::<formats::HostOrIp>(value),
    }
}

/// A `Value` always deserializes: the problem that stands for an error that cannot happen.
fn unreadable(error: &serde_json::Error) -> crate::validation::Problem {
    let _ = error;
    crate::validation::Problem::WrongType {
        expected: "an object",
        found: "value that cannot be read",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::runtime::{ForDestination, ForSource};

    /// A source card: `token` a credential, `region` immutable, `account_id` read-only.
    const SOURCE: &str = r#"{"type": "platform.tiny", "steps": [{"type": "form", "properties": [
        {"name": "account_id", "is_required": false, "is_credential": false,
         "property_type": "read_only", "json_schema": null, "tap_mutable": false},
        {"name": "token", "is_required": true, "is_credential": true,
         "property_type": "user_provided", "json_schema": {"type": "string", "pattern": "^tk_"}},
        {"name": "region", "is_required": true, "is_credential": false,
         "property_type": "user_provided_immutable",
         "json_schema": {"type": "string", "pattern": "^(us|eu)$"}}
    ]}]}"#;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn problems(error: PropertiesError) -> Vec<String> {
        error.problems().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn partial_properties_need_no_required_one_but_are_still_checked() {
        let checker = CardChecker::<ForSource>::from_json("tiny.json", SOURCE).unwrap();
        assert!(checker.check_partial(map(json!({"region": "eu"}))).is_ok());
        let missing = checker.check(map(json!({"region": "eu"}))).unwrap_err();
        assert_eq!(problems(missing), ["`token` is required but missing"]);
        let error = checker
            .check_partial(map(
                json!({"region": "mars", "account_id": "1", "tokn": "tk_x"}),
            ))
            .unwrap_err();
        assert_eq!(
            problems(error),
            [
                "`region` \"mars\" is not one of \"us\", \"eu\"",
                "`account_id` is read-only: Stitch sets it, and a request that sends it is rejected",
                "`tokn` is not a property of this report card; did you mean `token`?",
            ]
        );
    }

    #[test]
    fn updates_refuse_immutable_and_read_only_properties() {
        let checker = CardChecker::<ForSource>::from_json("tiny.json", SOURCE).unwrap();
        let error = checker
            .check_update(map(json!({"region": "us", "account_id": "1"})))
            .unwrap_err();
        assert_eq!(
            problems(error),
            [
                "`account_id` is read-only: Stitch sets it, and a request that sends it is rejected",
                "`region` is set when the connection is created and cannot be updated",
            ]
        );
        let update = checker
            .check_update(map(json!({"token": "tk_new"})))
            .unwrap();
        assert!(!format!("{update:?}").contains("tk_new"));
    }

    #[test]
    fn a_credential_that_fails_its_pattern_is_not_quoted() {
        let checker = CardChecker::<ForSource>::from_json("tiny.json", SOURCE).unwrap();
        let error = checker
            .check(map(json!({"token": "secret-8c1", "region": "eu"})))
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret-8c1"), "{shown}");
        assert!(shown.contains("`token` (value not shown) does not match the pattern `^tk_`"));
    }

    #[test]
    fn a_source_card_is_not_a_destination_card() {
        let error = CardChecker::<ForDestination>::from_json("tiny.json", SOURCE).unwrap_err();
        assert!(
            error.to_string().contains("this is a source card"),
            "{error}"
        );
        let card: ReportCard = serde_json::from_str(SOURCE).unwrap();
        let error = CardChecker::<ForDestination>::new(&card).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid report card `/v4/destination-types/platform.tiny`"),
            "{error}"
        );
        assert_eq!(
            CardChecker::<ForSource>::new(&card).unwrap().card_type(),
            "platform.tiny"
        );
    }

    #[test]
    fn non_objects_are_refused_as_generated_types_refuse_them() {
        let checker = CardChecker::<ForSource>::from_json("tiny.json", SOURCE).unwrap();
        let create = checker.check_value(json!([1])).unwrap_err();
        assert_eq!(
            problems(create),
            ["`` must be an object of properties, found a JSON array"]
        );
        let update = checker.check_update_value(json!("x")).unwrap_err();
        assert_eq!(
            problems(update),
            ["`` must be an object, found a JSON string"]
        );
    }
}
