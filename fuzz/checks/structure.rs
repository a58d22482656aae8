//! The `card_structure` target's input: a real card, mutated by choices read from the fuzzer's
//! bytes with `arbitrary`. Random bytes are almost never a card (they stop at the JSON parser);
//! these are cards, so every input reaches the model, the classifier and the emitter.
//!
//! Shared with the stable regression test through `#[path]`, so a found input replays the same
//! mutations. The mutations depend on the base cards below and on the choices made here: when
//! either changes, older inputs still run, but may mean a different card.

#![forbid(unsafe_code)]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value, json};

/// The cards mutations start from: the guide's card and the cards written for the tests
/// (awkward names, one property per pattern form, names that shadow generated locals).
const BASE_CARDS: &[&str] = &[
    include_str!("../../schemas/destinations/postgres.json"),
    include_str!("../../tests/cards/awkward-names.json"),
    include_str!("../../tests/cards/pattern-mappings.json"),
    include_str!("../../tests/cards/shadowing-names.json"),
];

/// Patterns the generator maps specially, patterns that backtrack exponentially or need
/// backtracking, and invalid ones.
const PATTERNS: &[&str] = &[
    r"^\d+$",
    r"^\d+",
    r"^(true|false)$",
    r"^(true|false)",
    r"^(ssh|none)$",
    r"^a$|^b$",
    r"^s3$",
    r"^$",
    r"^\d{4}-\d{2}-\d{2}T00:00:00Z$",
    r"^\d+.?\d*$",
    r"^(a+)+$",
    r"^(a|aa)*b$",
    r"(x+x+)+y",
    r"^(a)\1$",
    r"^(?=a)a+$",
    r"^\p{L}+$",
    r"^\uD800$",
    r"a{0,100000}",
    r"^[^\r\n]*$",
    "^a\r?b$",
    r"^(self|Self|SELF)$",
    r"^(|a)$",
    r"^(a|a)$",
    r"[",
    r"(",
    r"\",
];

/// Names that are Rust keywords, clash with generated names or with each other once cased,
/// or hold characters a name or a doc comment must escape.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "match",
    "crate",
    "super",
    "_",
    "__",
    "r#type",
    "1abc",
    "a-b",
    "a.b",
    "A",
    "a",
    "map",
    "value",
    "f",
    "checker",
    "None",
    "Some",
    "Option",
    "String",
    "Result",
    "assert",
    "eq",
    "properties",
    "",
    " ",
    "a\rb",
    "a\nb",
    "*/",
    "\"",
    "\\",
    "ü",
    "²",
    "\u{200b}",
    "ﬁ",
    "ss",
    "SS",
    "ß",
];

const FORMATS: &[&str] = &[
    "date-time",
    "uri",
    "hostname",
    "email",
    "ipv4",
    "ipv6",
    "date",
    "uuid",
    "",
];

const PROPERTY_TYPES: &[&str] = &[
    "user_provided",
    "read_only",
    "user_provided_immutable",
    "system_provided",
    "user_provided_hidden",
    "",
];

/// The most `definitions` one schema gets: enough for a chain whose inlining multiplies far
/// past any budget (issue 12 item 1 measured 24 levels).
const MAX_DEFINITIONS: usize = 24;

/// How deep generated schemas nest: deep enough for objects of arrays of unions, and small
/// enough that one input stays a reasonable size.
const MAX_DEPTH: u32 = 4;

fn base_cards() -> &'static [Value] {
    static PARSED: OnceLock<Vec<Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BASE_CARDS
            .iter()
            .map(|text| serde_json::from_str(text).expect("a base card is JSON"))
            .collect()
    })
}

/// The card text `data` describes: a base card, then mutations until the bytes run out.
pub fn mutated_card(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut card = base_cards()[u.choose_index(BASE_CARDS.len()).unwrap_or(0)].clone();
    // Most inputs keep a few neighbouring properties of each step: a run's time goes to parsing
    // the generated code (twice), which grows with the card, and the mutations below touch a
    // few properties at a time anyway.
    if u.ratio(3, 4).unwrap_or(false) {
        let _ = keep_window(&mut u, &mut card);
    }
    // Whatever was applied before the bytes ran out is the card.
    let _ = u.arbitrary_loop(Some(0), Some(16), |u| {
        mutate(u, &mut card)?;
        Ok(std::ops::ControlFlow::Continue(()))
    });
    serde_json::to_string_pretty(&card).expect("a JSON value prints")
}

/// The most properties per step `keep_window` keeps.
const WINDOW: usize = 6;

fn keep_window(u: &mut Unstructured<'_>, card: &mut Value) -> Result<()> {
    let Some(steps) = card.get_mut("steps").and_then(Value::as_array_mut) else {
        return Ok(());
    };
    for step in steps {
        let Some(list) = step.get_mut("properties").and_then(Value::as_array_mut) else {
            continue;
        };
        if list.len() > WINDOW {
            let start = u.choose_index(list.len() - WINDOW + 1)?;
            list.drain(..start);
            list.truncate(WINDOW);
        }
    }
    Ok(())
}

/// Every property object of the card, in step order.
fn properties(card: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(steps) = card.get_mut("steps").and_then(Value::as_array_mut) else {
        return Vec::new();
    };
    steps
        .iter_mut()
        .filter_map(|step| step.get_mut("properties").and_then(Value::as_array_mut))
        .flat_map(|list| list.iter_mut())
        .filter_map(Value::as_object_mut)
        .collect()
}

fn mutate(u: &mut Unstructured<'_>, card: &mut Value) -> Result<()> {
    match u.int_in_range(0..=10)? {
        0 => {
            let name = name(u)?;
            if let Some(property) = pick(u, properties(card))? {
                property.insert("name".into(), name.into());
            }
        }
        1 => flip(u, card, "is_required")?,
        2 => flip(u, card, "is_credential")?,
        3 => {
            let property_type = *u.choose(PROPERTY_TYPES)?;
            if let Some(property) = pick(u, properties(card))? {
                property.insert("property_type".into(), property_type.into());
            }
        }
        4 | 5 => {
            let schema = schema_with_definitions(u)?;
            if let Some(property) = pick(u, properties(card))? {
                property.insert("json_schema".into(), schema);
            }
        }
        6 => {
            let property = new_property(u)?;
            if let Some(list) = first_property_list(card) {
                list.push(property);
            }
        }
        7 => {
            if let Some(list) = first_property_list(card).filter(|list| !list.is_empty()) {
                let index = u.choose_index(list.len())?;
                if u.arbitrary()? {
                    list.remove(index);
                } else {
                    // The same name twice, or a name that clashes once cased.
                    let copy = list[index].clone();
                    list.push(copy);
                }
            }
        }
        8 => {
            let card_type = name(u)?;
            card["type"] = card_type.into();
        }
        9 => {
            // A step of another type, or an empty one: item 4's invalid cards.
            let step_type =
                *u.choose(&["form", "oauth", "discover_schema", "fully_configured", ""])?;
            let with_property = u.arbitrary()?;
            let mut step = json!({"type": step_type});
            if with_property {
                step["properties"] = json!([new_property(u)?]);
            }
            if let Some(steps) = card.get_mut("steps").and_then(Value::as_array_mut) {
                steps.push(step);
            }
        }
        _ => {
            // A keyword of one property's schema set to any small value.
            let keyword = *u.choose(&[
                "type",
                "pattern",
                "enum",
                "format",
                "anyOf",
                "items",
                "properties",
                "required",
                "$ref",
                "definitions",
                "minLength",
                "examples",
                "default",
            ])?;
            let value = small_value(u, 2)?;
            let schema = pick(u, properties(card))?
                .and_then(|property| property.get_mut("json_schema"))
                .and_then(Value::as_object_mut);
            if let Some(schema) = schema {
                schema.insert(keyword.into(), value);
            }
        }
    }
    Ok(())
}

fn pick<'a>(
    u: &mut Unstructured<'_>,
    mut list: Vec<&'a mut Map<String, Value>>,
) -> Result<Option<&'a mut Map<String, Value>>> {
    if list.is_empty() {
        return Ok(None);
    }
    let index = u.choose_index(list.len())?;
    Ok(Some(list.swap_remove(index)))
}

fn flip(u: &mut Unstructured<'_>, card: &mut Value, key: &str) -> Result<()> {
    if let Some(property) = pick(u, properties(card))? {
        let now = property.get(key).and_then(Value::as_bool).unwrap_or(false);
        property.insert(key.into(), (!now).into());
    }
    Ok(())
}

fn first_property_list(card: &mut Value) -> Option<&mut Vec<Value>> {
    card.get_mut("steps")?
        .as_array_mut()?
        .first_mut()?
        .get_mut("properties")?
        .as_array_mut()
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(3, 4)? {
        (*u.choose(NAMES)?).to_owned()
    } else {
        u.arbitrary::<&str>()?.to_owned()
    })
}

fn new_property(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(json!({
        "name": name(u)?,
        "is_required": u.arbitrary::<bool>()?,
        "is_credential": u.arbitrary::<bool>()?,
        "system_provided": false,
        "property_type": *u.choose(PROPERTY_TYPES)?,
        "json_schema": schema_with_definitions(u)?,
        "provided": false,
    }))
}

/// A property's schema, sometimes with `definitions` that the schema and each other refer to
/// (item 1 of issue 12: references chained through shared fields grow exponentially).
fn schema_with_definitions(u: &mut Unstructured<'_>) -> Result<Value> {
    // Rarely: while item 1 is open, a chain is found within seconds and each costs a timeout
    // or an out-of-memory run, which would leave no time for anything else.
    if u.ratio(1, 64)? {
        return chain(u);
    }
    let count = if u.ratio(1, 3)? {
        u.int_in_range(1..=MAX_DEFINITIONS)?
    } else {
        0
    };
    let names: Vec<String> = (0..count).map(|index| format!("d{index}")).collect();
    let mut top = schema(u, 0, &names)?;
    if count > 0 {
        let mut definitions = Map::new();
        for (index, name) in names.iter().enumerate() {
            // Mostly references to later definitions only: chains and diamonds without cycles,
            // which are what multiplies when references are inlined. Sometimes any, cycles too.
            let reachable = if u.ratio(3, 4)? {
                &names[index + 1..]
            } else {
                &names[..]
            };
            definitions.insert(name.clone(), schema(u, 1, reachable)?);
        }
        match &mut top {
            Value::Object(map) => {
                map.insert("definitions".into(), Value::Object(definitions));
            }
            _ => top = json!({"$ref": "#/definitions/d0", "definitions": definitions}),
        }
    }
    Ok(top)
}

/// Item 1's shape, which random references rarely reach: definitions `d0`…`dN`, each an
/// object whose fields (or whose `examples`) all refer to the next, so that inlining copies the
/// last one `fields ^ N` times.
fn chain(u: &mut Unstructured<'_>) -> Result<Value> {
    let levels = u.int_in_range(1..=MAX_DEFINITIONS)?;
    let fields = u.int_in_range(1..=3)?;
    let through_examples = u.ratio(1, 4)?;
    let mut definitions = Map::new();
    for level in 0..levels {
        let next = json!({"$ref": format!("#/definitions/d{}", level + 1)});
        let mut properties = Map::new();
        for field in 0..fields {
            let value = if through_examples {
                json!({"type": "string", "examples": [next.clone()]})
            } else {
                next.clone()
            };
            properties.insert(format!("f{field}"), value);
        }
        definitions.insert(
            format!("d{level}"),
            json!({"type": "object", "properties": properties}),
        );
    }
    definitions.insert(format!("d{levels}"), schema(u, MAX_DEPTH, &[])?);
    Ok(json!({"$ref": "#/definitions/d0", "definitions": definitions}))
}

/// A schema from the constructs cards use.
fn schema(u: &mut Unstructured<'_>, depth: u32, definitions: &[String]) -> Result<Value> {
    let leaf = depth >= MAX_DEPTH;
    let choice = if leaf {
        u.int_in_range(0..=4)?
    } else {
        u.int_in_range(0..=10)?
    };
    // With definitions around, half of all schemas refer to one.
    let choice = if !definitions.is_empty() && u.arbitrary()? {
        4
    } else {
        choice
    };
    let mut schema = match choice {
        0 => {
            let mut schema = json!({"type": "string"});
            match u.int_in_range(0..=4)? {
                0 => schema["pattern"] = pattern(u)?.into(),
                1 => schema["format"] = (*u.choose(FORMATS)?).into(),
                2 => schema["minLength"] = u.int_in_range(0..=2u8)?.into(),
                3 => schema["enum"] = enum_values(u)?,
                _ => {}
            }
            schema
        }
        1 => json!({"type": *u.choose(&["integer", "number", "boolean", "null"])?}),
        2 => json!({"pattern": pattern(u)?}),
        3 => Value::Null,
        4 => match definitions {
            [] => json!({"type": "string"}),
            _ => json!({"$ref": format!("#/definitions/{}", u.choose(definitions)?)}),
        },
        5 | 6 => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let key = name(u)?;
                if u.arbitrary()? {
                    required.push(Value::String(key.clone()));
                }
                properties.insert(key, schema(u, depth + 1, definitions)?);
            }
            let mut schema = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                schema["required"] = Value::Array(required);
            }
            if u.arbitrary()? {
                schema["additionalProperties"] = u.arbitrary::<bool>()?.into();
            }
            schema
        }
        7 => json!({"type": "array", "items": schema(u, depth + 1, definitions)?}),
        _ => {
            let keyword = *u.choose(&["anyOf", "oneOf"])?;
            let mut options = Vec::new();
            for _ in 0..u.int_in_range(1..=4)? {
                options.push(schema(u, depth + 1, definitions)?);
            }
            json!({ keyword: options })
        }
    };
    // Annotations, which may hold `$ref`s that must never be followed.
    match &mut schema {
        Value::Object(map) if u.ratio(1, 6)? => {
            let keyword = *u.choose(&["examples", "default", "description", "title"])?;
            let value = match definitions {
                [_, ..] if u.arbitrary()? => {
                    json!([{"$ref": format!("#/definitions/{}", u.choose(definitions)?)}])
                }
                _ => small_value(u, 1)?,
            };
            map.insert(keyword.into(), value);
        }
        _ => {}
    }
    Ok(schema)
}

fn pattern(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(4, 5)? {
        (*u.choose(PATTERNS)?).to_owned()
    } else {
        u.arbitrary::<&str>()?.to_owned()
    })
}

fn enum_values(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut values = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        values.push(if u.ratio(1, 5)? {
            small_value(u, 0)?
        } else {
            Value::String(name(u)?)
        });
    }
    Ok(Value::Array(values))
}

/// Any JSON value, small.
fn small_value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let choice = if depth == 0 {
        u.int_in_range(0..=4)?
    } else {
        u.int_in_range(0..=6)?
    };
    Ok(match choice {
        0 => Value::Null,
        1 => u.arbitrary::<bool>()?.into(),
        2 => u.arbitrary::<i64>()?.into(),
        3 => Value::String(name(u)?),
        4 => Value::String(pattern(u)?),
        5 => {
            let mut list = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                list.push(small_value(u, depth - 1)?);
            }
            Value::Array(list)
        }
        _ => {
            let mut map = Map::new();
            for _ in 0..u.int_in_range(0..=3)? {
                map.insert(name(u)?, small_value(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}
