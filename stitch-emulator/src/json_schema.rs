//! The JSON Schema subset report cards use (connect-api.md §6), compiled once when a card is
//! loaded and then checked against property values.
//!
//! Compiling first means a pattern is parsed once per process, an unknown keyword or format is
//! reported with its JSON pointer when the emulator starts (instead of silently accepting every
//! value), and a `$ref` that points nowhere is caught before any request arrives.
//!
//! Semantics follow JSON Schema: `pattern` is an ECMA-262 *search* (unanchored unless the
//! pattern anchors itself) run by `regress` with the `u` flag, `pattern`, `format` and
//! `minLength` constrain strings only, and `minLength` counts code points.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::formats::Format;

/// How deep `$ref`s may nest while checking a value: definitions that refer to each other in a
/// cycle would otherwise never end.
const MAX_DEPTH: usize = 32;

/// The compiled `json_schema` of one property.
#[derive(Debug)]
pub(crate) struct PropertySchema {
    root: Node,
    definitions: BTreeMap<String, Node>,
}

/// Why a schema could not be compiled: the JSON pointer inside the schema, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemaError {
    /// Where, relative to the property's `json_schema` (`/anyOf/1/pattern`).
    pub(crate) pointer: String,
    /// What is wrong.
    pub(crate) message: String,
}

/// One way a value fails its schema. Never holds the value itself: it may be a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// Where inside the value: empty for the value itself, `.field` and `[index]` below it.
    pub(crate) path: String,
    /// What the schema wanted.
    pub(crate) reason: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

/// The JSON types a `type` keyword names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

impl JsonType {
    fn from_name(name: &str) -> Option<JsonType> {
        Some(match name {
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "boolean" => JsonType::Boolean,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            "null" => JsonType::Null,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }

    fn matches(self, value: &Value) -> bool {
        match (self, value) {
            (JsonType::String, Value::String(_))
            | (JsonType::Number, Value::Number(_))
            | (JsonType::Boolean, Value::Bool(_))
            | (JsonType::Array, Value::Array(_))
            | (JsonType::Object, Value::Object(_))
            | (JsonType::Null, Value::Null) => true,
            // JSON Schema: an integer is any number with a zero fractional part, `5.0` included.
            (JsonType::Integer, Value::Number(number)) => {
                number.is_i64()
                    || number.is_u64()
                    || number.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        }
    }
}

/// The JSON type of a value, for messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A compiled pattern, kept with its source for messages.
struct Pattern {
    source: String,
    regex: regress::Regex,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// One compiled schema object. Absent keywords constrain nothing.
#[derive(Debug, Default)]
struct Node {
    types: Vec<JsonType>,
    pattern: Option<Pattern>,
    format: Option<Format>,
    any_of: Vec<Node>,
    allowed: Option<Vec<Value>>,
    min_length: Option<u64>,
    items: Option<Box<Node>>,
    properties: BTreeMap<String, Node>,
    required: Vec<String>,
    /// `additionalProperties: false`. Every card that uses the keyword sets it to `false`.
    closed: bool,
    /// The name of the definition a `$ref` points at.
    reference: Option<String>,
}

impl PropertySchema {
    /// Compiles a property's `json_schema` value, reporting every problem found.
    pub(crate) fn compile(schema: &Value) -> Result<PropertySchema, Vec<SchemaError>> {
        let mut problems = Vec::new();
        let mut definitions = BTreeMap::new();
        if let Some(Value::Object(defs)) = schema.get("definitions") {
            for (name, definition) in defs {
                let pointer = format!("/definitions/{}", escape_pointer(name));
                definitions.insert(
                    name.clone(),
                    compile_node(definition, &pointer, &mut problems),
                );
            }
        } else if let Some(other) = schema.get("definitions") {
            problems.push(SchemaError {
                pointer: "/definitions".into(),
                message: format!("`definitions` must be an object, found {}", kind_of(other)),
            });
        }
        let root = compile_node(schema, "", &mut problems);
        let compiled = PropertySchema { root, definitions };
        compiled.check_references(&mut problems);
        if problems.is_empty() {
            Ok(compiled)
        } else {
            Err(problems)
        }
    }

    fn check_references(&self, problems: &mut Vec<SchemaError>) {
        let mut stack: Vec<(&Node, String)> = vec![(&self.root, String::new())];
        stack.extend(
            self.definitions
                .iter()
                .map(|(name, node)| (node, format!("/definitions/{}", escape_pointer(name)))),
        );
        while let Some((node, pointer)) = stack.pop() {
            if let Some(name) = &node.reference
                && !self.definitions.contains_key(name)
            {
                problems.push(SchemaError {
                    pointer: format!("{pointer}/$ref"),
                    message: format!(
                        "`$ref` points at `#/definitions/{name}`, which is not defined"
                    ),
                });
            }
            stack.extend(
                node.any_of
                    .iter()
                    .enumerate()
                    .map(|(i, branch)| (branch, format!("{pointer}/anyOf/{i}"))),
            );
            stack.extend(node.properties.iter().map(|(name, child)| {
                (
                    child,
                    format!("{pointer}/properties/{}", escape_pointer(name)),
                )
            }));
            if let Some(items) = &node.items {
                stack.push((items, format!("{pointer}/items")));
            }
        }
    }

    /// Every way `value` fails the schema; empty when it matches.
    pub(crate) fn check(&self, value: &Value) -> Vec<Violation> {
        let mut violations = Vec::new();
        self.check_node(&self.root, value, "", 0, &mut violations);
        violations
    }

    fn check_node(
        &self,
        node: &Node,
        value: &Value,
        path: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let mut violation = |reason: String| {
            out.push(Violation {
                path: path.to_owned(),
                reason,
            })
        };
        if depth > MAX_DEPTH {
            violation("the schema's `$ref`s nest too deeply to check".into());
            return;
        }
        if let Some(name) = &node.reference {
            // `check_references` ran at compile time, so the definition exists.
            if let Some(definition) = self.definitions.get(name) {
                self.check_node(definition, value, path, depth + 1, out);
            }
            return;
        }
        if !node.types.is_empty() && !node.types.iter().any(|t| t.matches(value)) {
            let expected: Vec<&str> = node.types.iter().map(|t| t.name()).collect();
            violation(format!(
                "expected {}, found {}",
                expected.join(" or "),
                kind_of(value)
            ));
            return;
        }
        if let Some(allowed) = &node.allowed
            && !allowed.contains(value)
        {
            violation(format!("not one of the {} allowed values", allowed.len()));
        }
        match value {
            Value::String(text) => {
                if let Some(min) = node.min_length
                    && (text.chars().count() as u64) < min
                {
                    violation(format!("shorter than the minimum length {min}"));
                }
                if let Some(pattern) = &node.pattern
                    && pattern.regex.find(text).is_none()
                {
                    violation(format!("does not match the pattern `{}`", pattern.source));
                }
                if let Some(format) = node.format
                    && !format.accepts(text)
                {
                    violation(format!("is not a valid `{}`", format.name()));
                }
            }
            Value::Array(elements) => {
                if let Some(items) = &node.items {
                    for (index, element) in elements.iter().enumerate() {
                        self.check_node(
                            items,
                            element,
                            &format!("{path}[{index}]"),
                            depth + 1,
                            out,
                        );
                    }
                }
            }
            Value::Object(fields) => self.check_object(node, fields, path, depth, out),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
        if !node.any_of.is_empty() {
            let matches_one = node.any_of.iter().any(|branch| {
                let mut branch_violations = Vec::new();
                self.check_node(branch, value, path, depth + 1, &mut branch_violations);
                branch_violations.is_empty()
            });
            if !matches_one {
                out.push(Violation {
                    path: path.to_owned(),
                    reason: format!(
                        "matches none of the {} alternatives of `anyOf`",
                        node.any_of.len()
                    ),
                });
            }
        }
    }

    fn check_object(
        &self,
        node: &Node,
        fields: &Map<String, Value>,
        path: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        for name in &node.required {
            if !fields.contains_key(name) {
                out.push(Violation {
                    path: path.to_owned(),
                    reason: format!("the required field `{name}` is missing"),
                });
            }
        }
        for (name, field) in fields {
            let field_path = format!("{path}.{name}");
            match node.properties.get(name) {
                Some(schema) => self.check_node(schema, field, &field_path, depth + 1, out),
                None if node.closed => out.push(Violation {
                    path: field_path,
                    reason: "is not a field of this object".into(),
                }),
                None => {}
            }
        }
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn compile_node(schema: &Value, pointer: &str, problems: &mut Vec<SchemaError>) -> Node {
    let mut problem = |at: &str, message: String| {
        problems.push(SchemaError {
            pointer: format!("{pointer}/{at}"),
            message,
        })
    };
    let Value::Object(keywords) = schema else {
        problems.push(SchemaError {
            pointer: pointer.to_owned(),
            message: format!("a schema must be an object, found {}", kind_of(schema)),
        });
        return Node::default();
    };
    let mut node = Node::default();
    let mut children: Vec<(&str, &Value)> = Vec::new();
    for (keyword, value) in keywords {
        match (keyword.as_str(), value) {
            ("type", Value::String(name)) => match JsonType::from_name(name) {
                Some(json_type) => node.types.push(json_type),
                None => problem("type", format!("unknown type `{name}`")),
            },
            ("type", Value::Array(names)) => {
                for name in names {
                    match name.as_str().and_then(JsonType::from_name) {
                        Some(json_type) => node.types.push(json_type),
                        None => problem("type", format!("unknown type {name}")),
                    }
                }
            }
            ("pattern", Value::String(source)) => match regress::Regex::with_flags(source, "u") {
                Ok(regex) => {
                    node.pattern = Some(Pattern {
                        source: source.clone(),
                        regex,
                    })
                }
                Err(error) => problem(
                    "pattern",
                    format!("`{source}` is not an ECMA-262 regular expression: {error}"),
                ),
            },
            ("format", Value::String(name)) => match Format::from_name(name) {
                Some(format) => node.format = Some(format),
                None => problem("format", format!("unsupported format `{name}`")),
            },
            ("anyOf", Value::Array(branches)) if !branches.is_empty() => {
                children.push(("anyOf", value))
            }
            ("enum", Value::Array(values)) => node.allowed = Some(values.clone()),
            ("minLength", Value::Number(number)) if number.is_u64() => {
                node.min_length = number.as_u64()
            }
            ("items", Value::Object(_)) => children.push(("items", value)),
            ("properties", Value::Object(_)) => children.push(("properties", value)),
            ("required", Value::Array(names)) if names.iter().all(Value::is_string) => {
                node.required = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
            }
            ("additionalProperties", Value::Bool(allowed)) => node.closed = !allowed,
            ("$ref", Value::String(target)) => match target.strip_prefix("#/definitions/") {
                Some(name) if !name.is_empty() && !name.contains('/') => {
                    node.reference = Some(name.to_owned())
                }
                _ => problem(
                    "$ref",
                    format!(
                        "only local references `#/definitions/<name>` are supported, found `{target}`"
                    ),
                ),
            },
            // Compiled by `PropertySchema::compile`; only meaningful at the root.
            ("definitions", _) if pointer.is_empty() => {}
            (
                "type"
                | "pattern"
                | "format"
                | "anyOf"
                | "enum"
                | "minLength"
                | "items"
                | "properties"
                | "required"
                | "additionalProperties"
                | "$ref"
                | "definitions",
                _,
            ) => problem(
                &escape_pointer(keyword),
                format!(
                    "`{keyword}` has a value of an unsupported shape ({})",
                    kind_of(value)
                ),
            ),
            _ => problem(
                &escape_pointer(keyword),
                format!("unsupported keyword `{keyword}`"),
            ),
        }
    }
    for (keyword, value) in children {
        match (keyword, value) {
            ("anyOf", Value::Array(branches)) => {
                node.any_of = branches
                    .iter()
                    .enumerate()
                    .map(|(i, branch)| {
                        compile_node(branch, &format!("{pointer}/anyOf/{i}"), problems)
                    })
                    .collect();
            }
            ("items", _) => {
                node.items = Some(Box::new(compile_node(
                    value,
                    &format!("{pointer}/items"),
                    problems,
                )))
            }
            ("properties", Value::Object(fields)) => {
                node.properties = fields
                    .iter()
                    .map(|(name, field)| {
                        let at = format!("{pointer}/properties/{}", escape_pointer(name));
                        (name.clone(), compile_node(field, &at, problems))
                    })
                    .collect();
            }
            _ => {}
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema(value: Value) -> PropertySchema {
        PropertySchema::compile(&value).expect("the schema compiles")
    }

    fn accepts(schema: &PropertySchema, value: Value) -> bool {
        schema.check(&value).is_empty()
    }

    #[test]
    fn patterns_are_unanchored_ecma_262_searches() {
        let prefix = schema(json!({"type": "string", "pattern": "^\\d+"}));
        assert!(accepts(&prefix, json!("5432")));
        assert!(
            accepts(&prefix, json!("5432abc")),
            "no `$`: a prefix is enough"
        );
        assert!(!accepts(&prefix, json!("x5432")));
        assert!(!accepts(&prefix, json!("５４３２")), "\\d is ASCII only");

        let odd = schema(json!({"type": "string", "pattern": "^1|2$"}));
        assert!(accepts(&odd, json!("1x")), "starts with 1");
        assert!(accepts(&odd, json!("x2")), "ends with 2");
        assert!(!accepts(&odd, json!("3")));

        let dot = schema(json!({"type": "string", "pattern": "^\\d+.?\\d*$"}));
        assert!(
            accepts(&dot, json!("1x5")),
            "the unescaped dot is any character"
        );
    }

    #[test]
    fn type_mismatches_name_both_types_and_never_the_value() {
        let port = schema(json!({"type": "string", "pattern": "^\\d+$"}));
        let violations = port.check(&json!(5432));
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].reason, "expected string, found number");
        let violations = port.check(&json!("hunter2"));
        assert_eq!(
            violations[0].to_string(),
            "does not match the pattern `^\\d+$`"
        );
        assert!(!violations[0].to_string().contains("hunter2"));
    }

    #[test]
    fn integer_or_digit_string_any_of() {
        let port = schema(
            json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^\\d+$"}]}),
        );
        assert!(accepts(&port, json!(5432)));
        assert!(accepts(&port, json!(5432.0)));
        assert!(accepts(&port, json!("5432")));
        assert!(!accepts(&port, json!(54.5)));
        assert!(!accepts(&port, json!("54x")));
        assert!(!accepts(&port, json!(true)));
    }

    #[test]
    fn formats_inherit_the_sibling_type() {
        let host = schema(
            json!({"type": "string", "anyOf": [{"format": "hostname"}, {"format": "ipv4"}]}),
        );
        assert!(accepts(&host, json!("db.example.com")));
        assert!(accepts(&host, json!("10.0.0.1")));
        assert!(!accepts(&host, json!("not a host!")));
        assert!(!accepts(&host, json!(10)));
    }

    #[test]
    fn string_or_array_of_strings() {
        let filter = schema(
            json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        );
        assert!(accepts(&filter, json!("db1")));
        assert!(accepts(&filter, json!(["db1", "db2"])));
        assert!(!accepts(&filter, json!(["db1", 2])));
    }

    #[test]
    fn references_to_definitions_with_constant_fields() {
        let ssh = schema(json!({
            "anyOf": [{"$ref": "#/definitions/ssh_encryption"}, {"$ref": "#/definitions/no_encryption"}],
            "definitions": {
                "ssh_encryption": {
                    "type": "object",
                    "properties": {
                        "ssh": {"type": "string", "pattern": "^true$"},
                        "ssh_host": {"type": "string", "minLength": 1},
                        "ssh_port": {"type": "string", "pattern": "^\\d+$"},
                        "ssh_user": {"type": "string", "minLength": 1}
                    },
                    "required": ["ssh", "ssh_host", "ssh_port", "ssh_user"]
                },
                "no_encryption": {
                    "type": "object",
                    "properties": {"ssh": {"type": "string", "pattern": "^false$"}},
                    "required": ["ssh"],
                    "additionalProperties": false
                }
            }
        }));
        assert!(accepts(&ssh, json!({"ssh": "false"})));
        assert!(accepts(
            &ssh,
            json!({"ssh": "true", "ssh_host": "h", "ssh_port": "22", "ssh_user": "u"})
        ));
        assert!(
            !accepts(&ssh, json!({"ssh": "false", "ssh_host": "h"})),
            "closed object"
        );
        assert!(!accepts(
            &ssh,
            json!({"ssh": "true", "ssh_host": "", "ssh_port": "22", "ssh_user": "u"})
        ));
        assert!(!accepts(&ssh, json!({"ssh": "true"})), "required fields");
    }

    #[test]
    fn arrays_of_closed_objects_report_the_element() {
        let reports = schema(json!({
            "type": "array",
            "items": {
                "type": "object", "additionalProperties": false,
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                "required": ["name", "id"]
            }
        }));
        assert!(accepts(&reports, json!([{"id": "1", "name": "a"}])));
        let violations =
            reports.check(&json!([{"id": "1", "name": "a"}, {"id": 2, "name": "b", "x": "y"}]));
        let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "[1].id: expected string, found number",
                "[1].x: is not a field of this object"
            ]
        );
    }

    #[test]
    fn enums_and_min_length() {
        let catalog =
            schema(json!({"type": "string", "enum": ["Advertisers", "Agencies", "Partners"]}));
        assert!(accepts(&catalog, json!("Agencies")));
        assert!(!accepts(&catalog, json!("agencies")));
        let user = schema(json!({"type": "string", "minLength": 1}));
        assert!(!accepts(&user, json!("")));
        assert!(accepts(&user, json!("é")));
    }

    #[test]
    fn unsupported_constructs_are_reported_with_their_pointer() {
        let errors = PropertySchema::compile(&json!({
            "type": "string",
            "oneOf": [],
            "format": "phone",
            "pattern": "(",
            "anyOf": [{"$ref": "#/definitions/missing"}]
        }))
        .unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert!(pointers.contains(&"/oneOf"), "{errors:?}");
        assert!(pointers.contains(&"/format"), "{errors:?}");
        assert!(pointers.contains(&"/pattern"), "{errors:?}");
        assert!(pointers.contains(&"/anyOf/0/$ref"), "{errors:?}");
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn cyclic_references_stop() {
        let cyclic = schema(json!({
            "$ref": "#/definitions/a",
            "definitions": {"a": {"$ref": "#/definitions/a"}}
        }));
        let violations = cyclic.check(&json!("x"));
        assert_eq!(violations.len(), 1);
        assert!(violations[0].reason.contains("nest too deeply"));
    }
}
