//! Maps a property's `json_schema` to the Rust type that holds its values.
//!
//! The table in DESIGN.md is the contract. The rule behind every row: each value the Rust type
//! can hold serializes to something the schema accepts. Where reading accepts less than the
//! schema does (a `u16` port, the two exact strings of an unanchored boolean pattern), the
//! generated docs say so.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::budget::{CodeBudget, Cost};
use crate::diagnostics::{Problems, pointer_join, quoted, quoted_value};
use crate::model::{
    BoolWire, Constant, EnumDef, EnumOrigin, EnumVariant, Format, IntegerWire, PatternDef, Shape,
    StructDef, StructField, UnionDef, UnionVariant, UnsignedWidth,
};
use crate::naming;
use crate::pattern::{self, PatternClass};

/// Annotations: they constrain nothing, so they are accepted wherever they appear (cards drift,
/// and a new `description` must not break a build).
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "$schema",
    "$id",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// How deep schemas may nest, each object field, array item, `anyOf` branch and `$ref`
/// followed counting one level. serde_json refuses JSON nested deeper than 128, so no schema
/// written out inline nests deeper; a chain of `$ref`s gets the same limit, which keeps the
/// walk's recursion (and a generated value's) far from the end of the compiler's stack.
/// Real cards nest three levels at most.
const MAX_DEPTH: usize = 128;

/// What a schema object is, by the keyword that decides how it maps; with the other keywords
/// that form consumes. A keyword outside that list is reported, never ignored: ignoring one
/// could let the Rust type hold values the schema rejects.
fn form_of(schema: &Map<String, Value>) -> (&'static str, &'static [&'static str]) {
    if schema.contains_key("$ref") {
        return ("`$ref`", &["$ref", "definitions"]);
    }
    if schema.contains_key("anyOf") {
        return ("`anyOf`", &["anyOf", "definitions", "type"]);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => (
            "a string schema",
            &["type", "pattern", "format", "enum", "minLength"],
        ),
        Some("integer") => ("an integer schema", &["type"]),
        Some("boolean") => ("a boolean schema", &["type"]),
        Some("array") => ("an array schema", &["type", "items"]),
        Some("object") => (
            "an object schema",
            &[
                "type",
                "properties",
                "required",
                "additionalProperties",
                "definitions",
            ],
        ),
        _ => ("this schema", &["type"]),
    }
}

/// Where a (sub)schema is, and what a type generated for it is called.
#[derive(Clone)]
pub(crate) struct SchemaContext<'a> {
    /// The property's whole `json_schema`, which `$ref`s resolve against.
    pub root: &'a Value,
    /// The JSON pointer of this (sub)schema in the card.
    pub pointer: String,
    /// The name of a type generated for this schema (`PostgresEncryptionType`).
    pub type_name: String,
    /// The wire name of the field this schema describes (decides the width of ports).
    pub field: String,
    /// The top-level property, for messages.
    pub property: &'a str,
    /// Where in the property the schema is (`staging_area.bucket_name`), for docs.
    pub path: String,
    /// `$ref`s being resolved, to stop cycles.
    pub resolving: Vec<String>,
    /// How deep the schema is (see [`MAX_DEPTH`]).
    pub depth: usize,
    /// What reading the property's schema has decided so far.
    pub walk: &'a PropertyWalk<'a>,
}

/// What reading one property's schema has decided so far, shared by every [`SchemaContext`] in it:
/// each schema of the card is read once, however many `$ref`s reach it.
pub(crate) struct PropertyWalk<'a> {
    /// The card's budget of generated code.
    budget: &'a CodeBudget,
    /// The shape of every schema read, by its JSON pointer in the card (for a `$ref`, the
    /// definition's): the fields that refer to one definition share its generated type, named
    /// where it is first reached, instead of each inlining a copy (which doubles at every
    /// level where two fields share the next definition). A shape that depends on the field it
    /// is read for (an integer is a `u16` for a port) is not kept: it holds no generated type.
    shapes: RefCell<HashMap<String, Shape>>,
    /// The identity (`sha256:…`) of every definition a [`schema_key`] referred to, by `$ref`.
    identities: RefCell<HashMap<String, String>>,
    /// The `$ref`s whose identity is being computed, to stop cycles.
    identifying: RefCell<Vec<String>>,
    /// Set when a key stopped at [`MAX_DEPTH`]: the key is then incomplete, and the card in
    /// error (which [`schema_key`] reports).
    key_cut_short: Cell<bool>,
    /// Whether a schema nested too deep has been reported: once per property is enough, and
    /// the walk and the keys would meet the same one.
    too_deep_reported: Cell<bool>,
}

impl<'a> PropertyWalk<'a> {
    /// A walk of one property's schema, charging what it generates to the card's `budget`.
    pub(crate) fn new(budget: &'a CodeBudget) -> Self {
        PropertyWalk {
            budget,
            shapes: RefCell::new(HashMap::new()),
            identities: RefCell::new(HashMap::new()),
            identifying: RefCell::new(Vec::new()),
            key_cut_short: Cell::new(false),
            too_deep_reported: Cell::new(false),
        }
    }
}

impl<'a> SchemaContext<'a> {
    /// The location of a top-level property's schema.
    pub(crate) fn property(
        root: &'a Value,
        pointer: &str,
        name_prefix: &str,
        property: &'a str,
        walk: &'a PropertyWalk<'a>,
    ) -> Self {
        SchemaContext {
            root,
            pointer: pointer.to_owned(),
            type_name: format!("{name_prefix}{}", naming::type_part(property)),
            field: property.to_owned(),
            property,
            path: property.to_owned(),
            resolving: Vec::new(),
            depth: 0,
            walk,
        }
    }

    fn child(&self, pointer_tokens: &[&str], type_suffix: &str, field: Option<&str>) -> Self {
        let path = match (pointer_tokens, field) {
            (["items"], _) => format!("{}[]", self.path),
            (_, Some(field)) => format!("{}.{field}", self.path),
            _ => self.path.clone(),
        };
        let pointer = pointer_tokens
            .iter()
            .fold(self.pointer.clone(), |pointer, token| {
                pointer_join(&pointer, token)
            });
        SchemaContext {
            root: self.root,
            pointer,
            type_name: format!("{}{type_suffix}", self.type_name),
            field: field.map_or_else(|| self.field.clone(), str::to_owned),
            property: self.property,
            path,
            resolving: self.resolving.clone(),
            depth: self.depth + 1,
            walk: self.walk,
        }
    }

    /// Charges what is generated here to the card's budget; `false` (the problem reported
    /// once, here) when the card is over it.
    fn charge(&self, cost: Cost, problems: &mut Problems) -> bool {
        self.walk
            .budget
            .charge(cost, &self.pointer, self.property, problems)
    }

    /// Reports schemas nested deeper than [`MAX_DEPTH`] at `place`, once per property.
    fn too_deep(&self, place: &str, problems: &mut Problems) {
        if !self.walk.too_deep_reported.replace(true) {
            self.problem(
                problems,
                format!(
                    "schemas nest more than {MAX_DEPTH} levels deep {place} (each object field, \
                     array item, `anyOf` branch and `$ref` followed is a level); a `$ref` chain \
                     this long is not supported"
                ),
            );
        }
    }

    fn problem(&self, problems: &mut Problems, message: impl Into<String>) {
        problems.at(&self.pointer, Some(self.property), message);
    }

    fn problem_at(&self, key: &str, problems: &mut Problems, message: impl Into<String>) {
        problems.at(
            &pointer_join(&self.pointer, key),
            Some(self.property),
            message,
        );
    }
}

/// The shape of a top-level property's values; problems are recorded and `String` stands in.
pub(crate) fn property_shape(
    schema: Option<&Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    match schema {
        None | Some(Value::Null) => Shape::String,
        Some(schema) => shape(schema, at, problems),
    }
}

/// The shape of the schema at `at`, read once per schema of the card (see
/// [`PropertyWalk::shapes`]).
fn shape(schema: &Value, at: &SchemaContext<'_>, problems: &mut Problems) -> Shape {
    if let Some(known) = at.walk.shapes.borrow().get(&at.pointer) {
        return known.clone();
    }
    if at.walk.budget.is_spent() {
        // Reported where the budget ran out; the rest of the card is not read further.
        return Shape::String;
    }
    let shape = if at.depth > MAX_DEPTH {
        at.too_deep("here", problems);
        // Kept like any other shape, so a definition reached twice this deep is one problem.
        Shape::String
    } else {
        classify(schema, at, problems)
    };
    if !depends_on_field(&shape) {
        at.walk
            .shapes
            .borrow_mut()
            .insert(at.pointer.clone(), shape.clone());
    }
    shape
}

/// Whether a shape depends on the field it is read for: integers are `u16` for ports (see
/// [`width_for`]), so a digit schema shared by `port` and `count` has two shapes.
fn depends_on_field(shape: &Shape) -> bool {
    match shape {
        Shape::Unsigned { .. } => true,
        Shape::Array(item) => depends_on_field(item),
        _ => false,
    }
}

fn classify(schema: &Value, at: &SchemaContext<'_>, problems: &mut Problems) -> Shape {
    let Value::Object(schema) = schema else {
        at.problem(
            problems,
            format!(
                "a JSON schema must be an object, found {}",
                quoted_value(schema)
            ),
        );
        return Shape::String;
    };
    let (form, consumed) = form_of(schema);
    let mut understood = true;
    for key in schema.keys() {
        if !consumed.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
            at.problem_at(
                key,
                problems,
                format!("the keyword `{}` is not supported in {form}", quoted(key)),
            );
            understood = false;
        }
    }
    if !understood {
        return Shape::String;
    }
    if let Some(reference) = schema.get("$ref") {
        return reference_shape(reference, at, problems);
    }
    if let Some(branches) = schema.get("anyOf") {
        return any_of_shape(schema, branches, at, problems);
    }
    match schema.get("type") {
        Some(Value::String(kind)) => match kind.as_str() {
            "string" => string_shape(schema, at, problems),
            "integer" => Shape::Unsigned {
                width: width_for(&at.field),
                wire: IntegerWire::Integer,
            },
            "boolean" => Shape::Bool {
                wire: BoolWire::Json,
            },
            "array" => array_shape(schema, at, problems),
            "object" => {
                let def = struct_def(schema, at, problems);
                // Charged once the fields are: over the budget, the struct still stands in (the
                // card is reported, and the rest of it is not read).
                at.charge(Cost::generated_type(def.schema.len()), problems);
                Shape::Struct(Arc::new(def))
            }
            other => {
                at.problem_at(
                    "type",
                    problems,
                    format!("the schema type `{}` is not supported", quoted(other)),
                );
                Shape::String
            }
        },
        // `{}` accepts anything; a string is one of the things it accepts.
        None if schema.is_empty() => Shape::String,
        None => {
            at.problem(
                problems,
                "a schema without `type`, `anyOf` or `$ref` is not supported",
            );
            Shape::String
        }
        Some(other) => {
            at.problem_at(
                "type",
                problems,
                format!("`type` must be a string, found {}", quoted_value(other)),
            );
            Shape::String
        }
    }
}

/// The key that identifies the schema a generated type is made from: its canonical JSON
/// (serde_json sorts keys), which `#[derive(Properties)]` compares with a field's property's,
/// so a type made from the same schema, in this card or another, fits.
///
/// A `$ref` is keyed by what it points to, so two schemas that read the same but refer to
/// different definitions get different keys: `{"$ref": "sha256:…"}`, the SHA-256 of the
/// definition's own key. Written out instead, a definition referred to twice would double the
/// key at every level that shares the next (a 30-level card of 5 KB: gigabytes); hashed, each
/// key is the size of its own schema, and still the same for the same definitions, whatever
/// their names. `$ref`s are followed only where the generator reads schemas (`properties`,
/// `items`, `anyOf`): what `examples`, `default` or `enum` hold is data, kept as written.
/// `definitions` are dropped: what matters is what is reached.
fn schema_key(
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> String {
    let keyed = keyed_object(schema, at, at.depth);
    if at.walk.key_cut_short.replace(false) {
        // The walk below may not have gone as deep (the definitions it reached were read
        // before, from higher up), so this is said here: an incomplete key could match a type
        // made from another schema.
        at.too_deep("below here", problems);
    }
    serde_json::to_string(&keyed).unwrap_or_default()
}

/// A schema as its key shows it (see [`schema_key`]); `depth` bounds the recursion as
/// [`MAX_DEPTH`] bounds the walk (past it the walk has reported the card).
fn keyed_schema(schema: &Value, at: &SchemaContext<'_>, depth: usize) -> Value {
    match schema {
        Value::Object(schema) => Value::Object(keyed_object(schema, at, depth)),
        other => other.clone(),
    }
}

fn keyed_object(
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    depth: usize,
) -> Map<String, Value> {
    if let Some(Value::String(reference)) = schema.get("$ref") {
        if let Some(identity) = definition_identity(reference, at, depth) {
            return Map::from_iter([("$ref".to_owned(), Value::String(identity))]);
        }
        // A `$ref` that does not resolve, or that cycles, stays as written: the walk reports it.
    }
    if depth > MAX_DEPTH {
        at.walk.key_cut_short.set(true);
        return schema.clone();
    }
    let nested = |value: &Value| keyed_schema(value, at, depth + 1);
    schema
        .iter()
        .filter(|(key, _)| key.as_str() != "definitions")
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("properties", Value::Object(properties)) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, schema)| (name.clone(), nested(schema)))
                        .collect(),
                ),
                ("items", Value::Object(_)) => nested(value),
                ("anyOf" | "items", Value::Array(branches)) => {
                    Value::Array(branches.iter().map(nested).collect())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect()
}

/// `sha256:` and the SHA-256 (lowercase hex) of the key of the definition `reference` points
/// to; computed once per definition. `None` when it does not resolve or cycles.
fn definition_identity(reference: &str, at: &SchemaContext<'_>, depth: usize) -> Option<String> {
    if let Some(known) = at.walk.identities.borrow().get(reference) {
        return Some(known.clone());
    }
    let target = reference
        .strip_prefix('#')
        .and_then(|pointer| at.root.pointer(pointer))?;
    if depth > MAX_DEPTH {
        at.walk.key_cut_short.set(true);
        return None;
    }
    if at.walk.identifying.borrow().iter().any(|r| r == reference) {
        return None;
    }
    at.walk.identifying.borrow_mut().push(reference.to_owned());
    let key = serde_json::to_string(&keyed_schema(target, at, depth + 1)).unwrap_or_default();
    at.walk.identifying.borrow_mut().pop();
    let digest = Sha256::digest(key.as_bytes());
    let mut identity = String::with_capacity(7 + 2 * digest.len());
    identity.push_str("sha256:");
    for byte in digest {
        identity.push(char::from(HEX[usize::from(byte >> 4)]));
        identity.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    at.walk
        .identities
        .borrow_mut()
        .insert(reference.to_owned(), identity.clone());
    Some(identity)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn string_shape(
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    let pattern = schema.get("pattern");
    let format = schema.get("format");
    let values = schema.get("enum");
    let min_length = schema.get("minLength");
    let constraints = [pattern, format, values, min_length]
        .iter()
        .filter(|c| c.is_some())
        .count();
    if constraints > 1 {
        at.problem(
            problems,
            "a string schema that combines `pattern`, `format`, `enum` or `minLength` is not \
             supported",
        );
        return Shape::String;
    }
    if let Some(values) = values {
        return enum_shape(values, schema, at, problems);
    }
    if let Some(pattern) = pattern {
        return match pattern {
            Value::String(pattern) => pattern_shape(pattern, schema, at, problems),
            other => {
                at.problem_at(
                    "pattern",
                    problems,
                    format!("`pattern` must be a string, found {}", quoted_value(other)),
                );
                Shape::String
            }
        };
    }
    if let Some(format) = format {
        return match format.as_str().and_then(format_of) {
            Some(format) => Shape::Format(format),
            None => {
                at.problem_at(
                    "format",
                    problems,
                    format!("the format {} is not supported", quoted_value(format)),
                );
                Shape::String
            }
        };
    }
    match min_length.map(Value::as_u64) {
        None | Some(Some(0)) => Shape::String,
        Some(Some(1)) => Shape::NonEmptyString,
        Some(_) => {
            at.problem_at(
                "minLength",
                problems,
                "only `minLength` 0 and 1 are supported",
            );
            Shape::String
        }
    }
}

fn format_of(name: &str) -> Option<Format> {
    Some(match name {
        "date-time" => Format::DateTime,
        "uri" => Format::Uri,
        "hostname" => Format::Hostname,
        "ipv4" => Format::Ipv4,
        "ipv6" => Format::Ipv6,
        "email" => Format::Email,
        _ => return None,
    })
}

fn pattern_shape(
    pattern: &str,
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    match pattern::classify(pattern) {
        Ok(PatternClass::Digits) => Shape::Unsigned {
            width: width_for(&at.field),
            wire: IntegerWire::DigitString {
                pattern: pattern.to_owned(),
            },
        },
        Ok(PatternClass::Bool) => Shape::Bool {
            wire: BoolWire::String {
                pattern: pattern.to_owned(),
            },
        },
        Ok(PatternClass::MidnightUtcDate) => Shape::Format(Format::MidnightUtcDate),
        Ok(PatternClass::Literals(literals)) => enum_def(
            at,
            literals,
            EnumOrigin::Pattern(pattern.to_owned()),
            schema,
            problems,
        ),
        Ok(PatternClass::General) => {
            let key = schema_key(schema, at, problems);
            let cost = Cost::generated_wire_type(key.len() + pattern.len());
            if !at.charge(cost, problems) {
                return Shape::String;
            }
            Shape::Pattern(Arc::new(PatternDef {
                path: at.path.clone(),
                type_name: at.type_name.clone(),
                pattern: pattern.to_owned(),
                schema: key,
            }))
        }
        // "is not a valid ECMA-262 regular expression: …" or "cannot be checked in bounded
        // time: …", as `PatternError` says it.
        Err(error) => {
            at.problem_at(
                "pattern",
                problems,
                format!("`{}` {error}", quoted(pattern)),
            );
            Shape::String
        }
    }
}

fn enum_shape(
    values: &Value,
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    let Value::Array(values) = values else {
        at.problem_at("enum", problems, "`enum` must be an array");
        return Shape::String;
    };
    let enum_at = at.child(&["enum"], "", None);
    let mut literals = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        match value {
            Value::String(value) if !literals.contains(value) => literals.push(value.clone()),
            Value::String(value) => enum_at.problem_at(
                &index.to_string(),
                problems,
                format!("`enum` lists \"{}\" twice", quoted(value)),
            ),
            other => enum_at.problem_at(
                &index.to_string(),
                problems,
                format!(
                    "`enum` of a string schema may only hold strings, found {}",
                    quoted_value(other)
                ),
            ),
        }
    }
    if literals.is_empty() {
        at.problem_at("enum", problems, "`enum` is empty");
        return Shape::String;
    }
    enum_def(at, literals, EnumOrigin::Enum, schema, problems)
}

/// A generated enum of `literals`, charged to the card's budget (`String` stands in when the
/// card is over it).
fn enum_def(
    at: &SchemaContext<'_>,
    literals: Vec<String>,
    origin: EnumOrigin,
    schema: &Map<String, Value>,
    problems: &mut Problems,
) -> Shape {
    let key = schema_key(schema, at, problems);
    let wires = literals.iter().map(String::len).sum();
    let cost = Cost::generated_wire_type(key.len()).and(Cost::variants(literals.len(), wires));
    if !at.charge(cost, problems) {
        return Shape::String;
    }
    let idents = naming::variant_names(&literals);
    Shape::Enum(Arc::new(EnumDef {
        path: at.path.clone(),
        type_name: at.type_name.clone(),
        variants: idents
            .into_iter()
            .zip(literals)
            .map(|(ident, wire)| EnumVariant { ident, wire })
            .collect(),
        origin,
        schema: key,
    }))
}

fn array_shape(
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    let Some(items) = schema.get("items") else {
        at.problem(problems, "an array schema needs `items`");
        return Shape::Array(Box::new(Shape::String));
    };
    let item = shape(items, &at.child(&["items"], "Item", None), problems);
    if needs_wire_wrapper(&item) {
        at.problem_at(
            "items",
            problems,
            "array items that travel as strings of digits or booleans are not supported",
        );
        return Shape::Array(Box::new(Shape::String));
    }
    Shape::Array(Box::new(item))
}

/// Whether values of the shape can be zeroized, so a credential of it can be held in a
/// `Secret` (dates, IP addresses and enums cannot).
pub fn can_be_secret(shape: &Shape) -> bool {
    match shape {
        Shape::Format(format) => !matches!(format, Format::Ipv4 | Format::Ipv6),
        Shape::Array(item) => can_be_secret(item),
        Shape::Enum(_) => false,
        _ => true,
    }
}

/// Whether values of the shape serialize through a wrapper rather than their own `Serialize`
/// (numbers and booleans written as strings).
pub fn needs_wire_wrapper(shape: &Shape) -> bool {
    matches!(
        shape,
        Shape::Unsigned {
            wire: IntegerWire::DigitString { .. } | IntegerWire::IntegerOrDigitString { .. },
            ..
        } | Shape::Bool {
            wire: BoolWire::String { .. }
        }
    )
}

fn struct_def(
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> StructDef {
    let required: Vec<&str> = match schema.get("required") {
        None => Vec::new(),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|name| {
                let name = name.as_str();
                if name.is_none() {
                    at.problem_at("required", problems, "`required` must list strings");
                }
                name
            })
            .collect(),
        Some(_) => {
            at.problem_at("required", problems, "`required` must be an array");
            Vec::new()
        }
    };
    let closed = match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => false,
        Some(Value::Bool(false)) => true,
        Some(_) => {
            at.problem_at(
                "additionalProperties",
                problems,
                "only `additionalProperties: false` (or true) is supported",
            );
            false
        }
    };
    let properties = match schema.get("properties") {
        None => BTreeMap::new(),
        Some(Value::Object(properties)) => properties
            .iter()
            .map(|(name, schema)| (name.as_str(), schema))
            .collect(),
        Some(_) => {
            at.problem_at("properties", problems, "`properties` must be an object");
            BTreeMap::new()
        }
    };
    for name in &required {
        if !properties.contains_key(name) {
            at.problem_at(
                "required",
                problems,
                format!("`{}` is required but not among `properties`", quoted(name)),
            );
        }
    }
    let mut fields: Vec<StructField> = Vec::new();
    let mut constants = Vec::new();
    // Lookups by name, so an object of thousands of fields is read in linear time.
    let required_names: std::collections::HashSet<&str> = required.iter().copied().collect();
    let mut field_names: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for (wire_name, field_schema) in properties {
        let field_at = at.child(
            &["properties", wire_name],
            &naming::type_part(wire_name),
            Some(wire_name),
        );
        let is_required = required_names.contains(wire_name);
        if let Some(value) = constant_value(field_schema) {
            constants.push(Constant {
                wire_name: wire_name.to_owned(),
                value,
                required: is_required,
            });
            continue;
        }
        let field_name = naming::field_name(wire_name);
        if let Some(other) = field_names.get(&field_name).map(|&at| &fields[at]) {
            field_at.problem(
                problems,
                format!(
                    "the properties `{}` and `{}` both become the Rust field `{}`",
                    quoted(&other.wire_name),
                    quoted(wire_name),
                    quoted(&field_name)
                ),
            );
            continue;
        }
        // The field's docs quote its schema.
        let cost = Cost::field(crate::budget::json_text_len(field_schema));
        if !field_at.charge(cost, problems) {
            break;
        }
        field_names.insert(field_name.clone(), fields.len());
        fields.push(StructField {
            wire_name: wire_name.to_owned(),
            field_name,
            required: is_required,
            shape: shape(field_schema, &field_at, problems),
            schema: field_schema.clone(),
        });
    }
    let key = schema_key(schema, at, problems);
    StructDef {
        path: at.path.clone(),
        type_name: at.type_name.clone(),
        fields,
        constants,
        closed,
        schema: key,
    }
}

/// The one value a schema allows, if it allows exactly one string: `^s3$`, or an `enum` of one.
fn constant_value(schema: &Value) -> Option<String> {
    let schema = schema.as_object()?;
    if schema.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    // Any other constraint would have to hold for the constant too; leave such a field to the
    // general mapping, which reports what it cannot honour.
    let only_type_and_value = schema.keys().all(|key| {
        matches!(key.as_str(), "type" | "pattern" | "enum") || ANNOTATIONS.contains(&key.as_str())
    }) && !(schema.contains_key("pattern")
        && schema.contains_key("enum"));
    if !only_type_and_value {
        return None;
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Ok(PatternClass::Literals(literals)) = pattern::classify(pattern) {
            if let [only] = literals.as_slice() {
                return Some(only.clone());
            }
        }
    }
    match schema
        .get("enum")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([Value::String(only)]) => Some(only.clone()),
        _ => None,
    }
}

fn reference_shape(reference: &Value, at: &SchemaContext<'_>, problems: &mut Problems) -> Shape {
    match resolve(reference, at, problems) {
        Some((target, target_at)) => shape(target, &target_at, problems),
        None => Shape::String,
    }
}

/// Resolves a local `$ref` (`#/definitions/name`) against the property's own schema.
fn resolve<'a>(
    reference: &Value,
    at: &SchemaContext<'a>,
    problems: &mut Problems,
) -> Option<(&'a Value, SchemaContext<'a>)> {
    let Some(reference) = reference.as_str() else {
        at.problem_at("$ref", problems, "`$ref` must be a string");
        return None;
    };
    let Some(pointer) = reference.strip_prefix('#') else {
        at.problem_at(
            "$ref",
            problems,
            format!(
                "only local references (`#/…`) are supported, found `{}`",
                quoted(reference)
            ),
        );
        return None;
    };
    if at.resolving.iter().any(|seen| seen == reference) {
        at.problem_at(
            "$ref",
            problems,
            format!(
                "`{}` refers to itself; recursive schemas are not supported",
                quoted(reference)
            ),
        );
        return None;
    }
    let Some(target) = at.root.pointer(pointer) else {
        at.problem_at(
            "$ref",
            problems,
            format!(
                "`{}` does not resolve within the property's schema",
                quoted(reference)
            ),
        );
        return None;
    };
    // Positions stay with the target, so problems inside it point at the definition.
    let schema_pointer = at
        .pointer
        .split("/json_schema")
        .next()
        .map(|property| format!("{property}/json_schema{pointer}"))
        .unwrap_or_default();
    let mut target_at = at.clone();
    target_at.pointer = schema_pointer;
    target_at.resolving.push(reference.to_owned());
    target_at.depth += 1;
    Some((target, target_at))
}

fn any_of_shape(
    schema: &Map<String, Value>,
    branches: &Value,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    let Some(branches) = branches.as_array().filter(|branches| !branches.is_empty()) else {
        at.problem_at("anyOf", problems, "`anyOf` must be a non-empty array");
        return Shape::String;
    };
    let parent_type = schema.get("type").and_then(Value::as_str);
    let parent_type_fits =
        |allowed: &[&str]| parent_type.is_none_or(|kind| allowed.contains(&kind));
    let mismatch = |what: &str, problems: &mut Problems| {
        at.problem_at(
            "type",
            problems,
            format!("`type` beside an `anyOf` of {what} must agree with every branch"),
        );
        Shape::String
    };
    if let Some(formats) = format_branches(parent_type, branches) {
        return match formats.as_slice() {
            [Format::Hostname, Format::Ipv4] | [Format::Ipv4, Format::Hostname] => {
                Shape::Format(Format::HostOrIpv4)
            }
            [_, _, _]
                if [Format::Hostname, Format::Ipv4, Format::Ipv6]
                    .iter()
                    .all(|format| formats.contains(format)) =>
            {
                Shape::Format(Format::HostOrIp)
            }
            [only] => Shape::Format(*only),
            _ => {
                at.problem_at(
                    "anyOf",
                    problems,
                    "this combination of formats is not supported (hostname|ipv4 and \
                     hostname|ipv4|ipv6 are)",
                );
                Shape::String
            }
        };
    }
    if let Some(pattern) = integer_or_digits(branches) {
        if parent_type.is_some() {
            return mismatch("an integer and a string", problems);
        }
        return Shape::Unsigned {
            width: width_for(&at.field),
            wire: IntegerWire::IntegerOrDigitString { pattern },
        };
    }
    if is_string_or_list(branches) {
        if parent_type.is_some() {
            return mismatch("a string and an array", problems);
        }
        return Shape::StringOrList;
    }
    if branches.iter().all(|branch| branch.get("$ref").is_some()) {
        if !parent_type_fits(&["object"]) {
            return mismatch("objects", problems);
        }
        return reference_branches(branches, schema, at, problems);
    }
    at.problem_at(
        "anyOf",
        problems,
        "this form of `anyOf` is not supported: formats of a string, integer or digit string, \
         string or array of strings, and `$ref`s to objects told apart by a constant field are",
    );
    Shape::String
}

/// `anyOf` branches that each carry only a `format` (the type given beside `anyOf`, or in each
/// branch as `"type": "string"`).
fn format_branches(parent_type: Option<&str>, branches: &[Value]) -> Option<Vec<Format>> {
    branches
        .iter()
        .map(|branch| {
            let branch = branch.as_object()?;
            let format = branch.get("format")?.as_str().and_then(format_of)?;
            let type_ok = match branch.get("type") {
                None => parent_type == Some("string"),
                Some(kind) => kind == "string",
            };
            let only_format = branch.keys().all(|key| key == "format" || key == "type");
            (type_ok && only_format).then_some(format)
        })
        .collect()
}

/// `[{"type":"integer"}, {"type":"string","pattern": digits}]`, in either order.
fn integer_or_digits(branches: &[Value]) -> Option<String> {
    let [first, second] = branches else {
        return None;
    };
    let (integer, string) = if first.get("type")? == "integer" {
        (first, second)
    } else {
        (second, first)
    };
    let integer_only = integer.as_object()?.len() == 1 && integer.get("type")? == "integer";
    let string = string.as_object()?;
    let pattern = string.get("pattern")?.as_str()?;
    let string_only = string.len() == 2 && string.get("type")? == "string";
    let digits = pattern::classify(pattern).ok()? == PatternClass::Digits;
    (integer_only && string_only && digits).then(|| pattern.to_owned())
}

/// `[{"type":"string"}, {"type":"array","items":{"type":"string"}}]`, in either order.
fn is_string_or_list(branches: &[Value]) -> bool {
    let string = serde_json::json!({"type": "string"});
    let list = serde_json::json!({"type": "array", "items": {"type": "string"}});
    matches!(branches, [a, b] if (*a == string && *b == list) || (*a == list && *b == string))
}

/// `anyOf` of `$ref`s: one branch is that object; several must be told apart by a field whose
/// value is constant in each branch (databricks `ssh_config`: `ssh` is `^true$` or `^false$`).
fn reference_branches(
    branches: &[Value],
    schema: &Map<String, Value>,
    at: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    let mut resolved = Vec::with_capacity(branches.len());
    let mut targets = Vec::with_capacity(branches.len());
    for (index, branch) in branches.iter().enumerate() {
        let branch_at = at.child(&["anyOf", &index.to_string()], "", None);
        let reference = branch.get("$ref").unwrap_or(&Value::Null);
        let Some((target, target_at)) = resolve(reference, &branch_at, problems) else {
            return Shape::String;
        };
        let Some(object) = target
            .as_object()
            .filter(|object| object.get("type").and_then(Value::as_str) == Some("object"))
        else {
            target_at.problem(problems, "an `anyOf` branch must refer to an object schema");
            return Shape::String;
        };
        let name = reference.as_str().unwrap_or_default();
        let definition = name.rsplit('/').next().unwrap_or(name).to_owned();
        resolved.push((definition, object, target_at));
        targets.push(target);
    }
    if let ([(_, _, target_at)], [target]) = (resolved.as_slice(), targets.as_slice()) {
        // The definition's own struct, shared with every other `$ref` to it (named here when
        // this is the first).
        let mut single_at = target_at.clone();
        single_at.type_name = at.type_name.clone();
        return shape(target, &single_at, problems);
    }
    let Some(discriminator) = find_discriminator(&resolved) else {
        at.problem_at(
            "anyOf",
            problems,
            "the `anyOf` branches cannot be told apart: no field is required in every branch \
             with a different constant value in each",
        );
        return Shape::String;
    };
    let definitions: Vec<String> = resolved.iter().map(|(name, _, _)| name.clone()).collect();
    let idents = naming::variant_names(&definitions);
    let mut variants = Vec::with_capacity(resolved.len());
    for ((definition, object, target_at), ident) in resolved.iter().zip(idents) {
        let mut payload_at = target_at.clone();
        payload_at.type_name = format!("{}{ident}", at.type_name);
        let mut payload = struct_def(object, &payload_at, problems);
        payload_at.charge(Cost::payload(), problems);
        let tag_index = payload
            .constants
            .iter()
            .position(|constant| constant.wire_name == discriminator);
        let tag = tag_index
            .map(|index| payload.constants.remove(index).value)
            .unwrap_or_default();
        let has_payload = !payload.fields.is_empty() || !payload.constants.is_empty();
        variants.push(UnionVariant {
            ident,
            definition: definition.clone(),
            tag,
            payload: has_payload.then_some(payload),
        });
    }
    let key = schema_key(schema, at, problems);
    let wires = variants.iter().map(|variant| variant.tag.len()).sum();
    let cost = Cost::generated_type(key.len()).and(Cost::variants(variants.len(), wires));
    if !at.charge(cost, problems) {
        return Shape::String;
    }
    Shape::Union(Arc::new(UnionDef {
        path: at.path.clone(),
        type_name: at.type_name.clone(),
        discriminator,
        variants,
        schema: key,
    }))
}

/// The first property (by name) that every branch requires with its own constant value.
fn find_discriminator(
    branches: &[(String, &Map<String, Value>, SchemaContext<'_>)],
) -> Option<String> {
    let first = branches.first()?.1;
    let candidates = first.get("properties")?.as_object()?.keys();
    candidates
        .filter(|key| {
            let mut seen: Vec<String> = Vec::new();
            branches.iter().all(|(_, object, _)| {
                let required = object
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|required| required.iter().any(|name| name == key.as_str()));
                let value = object
                    .get("properties")
                    .and_then(|properties| properties.get(key.as_str()))
                    .and_then(constant_value);
                match value {
                    Some(value) if required && !seen.contains(&value) => {
                        seen.push(value);
                        true
                    }
                    _ => false,
                }
            })
        })
        .min()
        .cloned()
}

/// `u16` for ports, whose values never exceed 65535; `u64` for other counts and IDs.
///
/// The digit pattern accepts larger numbers; for a port they can only fail the connection
/// check, so the narrower type is the useful one. The docs of such a field say so.
fn width_for(field: &str) -> UnsignedWidth {
    if field == "port" || field.ends_with("_port") {
        UnsignedWidth::U16
    } else {
        UnsignedWidth::U64
    }
}
