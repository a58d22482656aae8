//! Maps a property's `json_schema` to the Rust type that holds its values.
//!
//! The table in DESIGN.md is the contract: plain strings and missing schemas become `String`,
//! digit patterns unsigned integers, `^(true|false)$` a `bool`, alternations of literals an enum.

use serde_json::{Map, Value};

use crate::diagnostics::{Problems, pointer_join};
use crate::model::{EnumDef, EnumOrigin, EnumVariant, IntegerWire, Shape, UnsignedWidth};
use crate::naming;
use crate::pattern::{self, PatternClass};

/// What the mapping needs to know about the property a schema belongs to.
pub(crate) struct SchemaContext<'a> {
    /// The card's name prefix, for generated type names.
    pub name_prefix: &'a str,
    /// The property's wire name.
    pub property: &'a str,
    /// JSON pointer of the schema.
    pub pointer: &'a str,
}

/// The shape of a property's values; problems are recorded and `String` stands in.
pub(crate) fn shape_of(
    schema: Option<&Value>,
    context: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    match schema {
        None | Some(Value::Null) => Shape::String,
        Some(Value::Object(schema)) => object_shape(schema, context, problems),
        Some(_) => {
            problems.at(
                context.pointer,
                Some(context.property),
                "`json_schema` must be an object or null",
            );
            Shape::String
        }
    }
}

fn object_shape(
    schema: &Map<String, Value>,
    context: &SchemaContext<'_>,
    problems: &mut Problems,
) -> Shape {
    const UNDERSTOOD: &[&str] = &["type", "pattern", "enum"];
    let mut understood = true;
    for key in schema.keys() {
        if !UNDERSTOOD.contains(&key.as_str()) {
            problems.at(
                &pointer_join(context.pointer, key),
                Some(context.property),
                format!("the JSON schema keyword `{key}` is not supported"),
            );
            understood = false;
        }
    }
    match schema.get("type") {
        Some(Value::String(kind)) if kind == "string" => {}
        other => {
            let found = other.map_or_else(|| "no `type`".to_owned(), |v| format!("type {v}"));
            problems.at(
                &pointer_join(context.pointer, "type"),
                Some(context.property),
                format!("only string schemas are supported here, found {found}"),
            );
            return Shape::String;
        }
    }
    if !understood {
        return Shape::String;
    }
    if let Some(values) = schema.get("enum") {
        return enum_shape(values, context, problems);
    }
    match schema.get("pattern") {
        None => Shape::String,
        Some(Value::String(pattern)) => pattern_shape(pattern, context, problems),
        Some(other) => {
            problems.at(
                &pointer_join(context.pointer, "pattern"),
                Some(context.property),
                format!("`pattern` must be a string, found {other}"),
            );
            Shape::String
        }
    }
}

fn pattern_shape(pattern: &str, context: &SchemaContext<'_>, problems: &mut Problems) -> Shape {
    match pattern::classify(pattern) {
        Ok(PatternClass::Digits) => Shape::Unsigned {
            width: width_for(context.property),
            wire: IntegerWire::DigitString {
                pattern: pattern.to_owned(),
            },
        },
        Ok(PatternClass::Bool) => Shape::Bool {
            pattern: pattern.to_owned(),
        },
        Ok(PatternClass::Literals(literals)) => Shape::Enum(enum_def(
            context,
            literals,
            EnumOrigin::Pattern(pattern.to_owned()),
        )),
        Ok(PatternClass::General) => {
            problems.at(
                &pointer_join(context.pointer, "pattern"),
                Some(context.property),
                format!("the pattern `{pattern}` is not supported yet"),
            );
            Shape::String
        }
        Err(error) => {
            problems.at(
                &pointer_join(context.pointer, "pattern"),
                Some(context.property),
                format!("`{pattern}` is not a valid ECMA-262 regular expression: {error}"),
            );
            Shape::String
        }
    }
}

fn enum_shape(values: &Value, context: &SchemaContext<'_>, problems: &mut Problems) -> Shape {
    let pointer = pointer_join(context.pointer, "enum");
    let Value::Array(values) = values else {
        problems.at(&pointer, Some(context.property), "`enum` must be an array");
        return Shape::String;
    };
    let mut literals = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        match value {
            Value::String(value) if !literals.contains(value) => literals.push(value.clone()),
            Value::String(value) => problems.at(
                &pointer_join(&pointer, index),
                Some(context.property),
                format!("`enum` lists \"{value}\" twice"),
            ),
            other => problems.at(
                &pointer_join(&pointer, index),
                Some(context.property),
                format!("`enum` of a string schema may only hold strings, found {other}"),
            ),
        }
    }
    if literals.is_empty() {
        problems.at(&pointer, Some(context.property), "`enum` is empty");
        return Shape::String;
    }
    Shape::Enum(enum_def(context, literals, EnumOrigin::Enum))
}

fn enum_def(context: &SchemaContext<'_>, literals: Vec<String>, origin: EnumOrigin) -> EnumDef {
    let idents = naming::variant_names(&literals);
    EnumDef {
        type_name: format!(
            "{}{}",
            context.name_prefix,
            naming::type_part(context.property)
        ),
        variants: idents
            .into_iter()
            .zip(literals)
            .map(|(ident, wire)| EnumVariant { ident, wire })
            .collect(),
        origin,
    }
}

/// `u16` for ports, whose values never exceed 65535; `u64` for other counts and IDs.
///
/// The pattern `^\d+$` accepts larger numbers; for a port they can only fail the connection
/// check, so the narrower type is the useful one. The docs of such a field say so.
fn width_for(property: &str) -> UnsignedWidth {
    if property == "port" || property.ends_with("_port") {
        UnsignedWidth::U16
    } else {
        UnsignedWidth::U64
    }
}
