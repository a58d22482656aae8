//! Reads a report card's text into the checked [`Card`] model, collecting every problem.

use std::collections::HashMap;

use serde_json::{Map, Value};
use stitch_report_card::{Details, Property, PropertyType, StepType};

use crate::budget::{CodeBudget, Cost, json_text_len};
use crate::diagnostics::{Diagnostic, Diagnostics, Problems, pointer_join, quoted, quoted_value};
use crate::locate::TextIndex;
use crate::model::{Card, CardKind, CardProperty, GeneratedType, Shape};
use crate::naming;
use crate::schema::{self, PropertyWalk, SchemaContext};

/// A card file to read.
#[derive(Debug, Clone, Copy)]
pub struct CardSource<'a> {
    /// The file as the user named it, for messages.
    pub file: &'a str,
    /// The file's contents.
    pub text: &'a str,
    /// Destination or source, when the caller knows; otherwise inferred (see [`read_card`]).
    pub kind: Option<CardKind>,
}

/// Reads and checks a report card.
///
/// Every problem is reported, each with its JSON pointer, property, line and column. When the
/// kind is not
/// given it is inferred: a file under a `destinations` or `sources` directory is that kind;
/// otherwise a card whose properties carry `tap_mutable` or that has `upgrade_available` (keys
/// only source cards have) is a source, and any other card a destination.
pub fn read_card(source: CardSource<'_>) -> Result<Card, Diagnostics> {
    read_card_with_stand_ins(source).into_result()
}

/// What [`read_card_with_stand_ins`] found: a card, a card with problems, or only problems.
#[derive(Debug)]
pub enum ReadOutcome {
    /// The card, read without a problem.
    Clean(Card),
    /// The card, with `String` standing in for properties whose schema had a problem and
    /// without properties whose names clash, and every problem.
    WithProblems(Card, Diagnostics),
    /// Every problem: the card as a whole cannot be read.
    Unreadable(Diagnostics),
}

impl ReadOutcome {
    /// The card, clean or with stand-ins.
    pub fn card(&self) -> Option<&Card> {
        match self {
            ReadOutcome::Clean(card) | ReadOutcome::WithProblems(card, _) => Some(card),
            ReadOutcome::Unreadable(_) => None,
        }
    }

    /// The problems, when there are any.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            ReadOutcome::Clean(_) => None,
            ReadOutcome::WithProblems(_, diagnostics) | ReadOutcome::Unreadable(diagnostics) => {
                Some(diagnostics)
            }
        }
    }

    /// The card when it was read without a problem, else every problem.
    pub fn into_result(self) -> Result<Card, Diagnostics> {
        match self {
            ReadOutcome::Clean(card) => Ok(card),
            ReadOutcome::WithProblems(_, diagnostics) | ReadOutcome::Unreadable(diagnostics) => {
                Err(diagnostics)
            }
        }
    }

    /// The card (clean or with stand-ins) and the problems, apart.
    pub fn into_parts(self) -> (Option<Card>, Option<Diagnostics>) {
        match self {
            ReadOutcome::Clean(card) => (Some(card), None),
            ReadOutcome::WithProblems(card, diagnostics) => (Some(card), Some(diagnostics)),
            ReadOutcome::Unreadable(diagnostics) => (None, Some(diagnostics)),
        }
    }

    /// From what a reader gathered. A reader that gives up on a card records why, so no card
    /// and no problem is a bug of the reader; it is reported as a problem, not lost.
    fn from_parts(card: Option<Card>, diagnostics: Option<Diagnostics>, file: &str) -> ReadOutcome {
        match (card, diagnostics) {
            (Some(card), None) => ReadOutcome::Clean(card),
            (Some(card), Some(diagnostics)) => ReadOutcome::WithProblems(card, diagnostics),
            (None, Some(diagnostics)) => ReadOutcome::Unreadable(diagnostics),
            (None, None) => ReadOutcome::Unreadable(Diagnostics {
                file: file.to_owned(),
                list: vec![Diagnostic {
                    pointer: String::new(),
                    property: None,
                    message: "the card could not be read, and the reader recorded no reason \
                              (a bug of stitch-schema: please report it with the card)"
                        .to_owned(),
                    position: None,
                }],
            }),
        }
    }
}

/// Like [`read_card`], but keeps what could be read when there are problems, so a macro can
/// expand the card beside its errors and code that uses the card's other properties compiles
/// without errors of its own.
pub fn read_card_with_stand_ins(source: CardSource<'_>) -> ReadOutcome {
    let root: Value = match serde_json::from_str(source.text) {
        Ok(root) => root,
        Err(error) => {
            return ReadOutcome::Unreadable(Diagnostics {
                file: source.file.to_owned(),
                list: vec![Diagnostic {
                    pointer: String::new(),
                    property: None,
                    message: format!("the card is not valid JSON: {}", json_error_text(&error)),
                    position: Some((error.line(), error.column())),
                }],
            });
        }
    };
    let (card, mut diagnostics) = read_card_value(&root, source.file, source.kind).into_parts();
    let index = TextIndex::of(source.text);
    let repeated = repeated_keys(&index, source.text);
    if !repeated.is_empty() {
        let diagnostics = diagnostics.get_or_insert_with(|| Diagnostics {
            file: source.file.to_owned(),
            list: Vec::new(),
        });
        diagnostics.list.extend(repeated);
    }
    if let Some(diagnostics) = &mut diagnostics {
        crate::locate::add_positions_from(&index, source.text, &mut diagnostics.list);
    }
    ReadOutcome::from_parts(card, diagnostics, source.file)
}

/// Why a card without `steps` cannot be read: a stub of a legacy type names its upgrade, and a
/// connection object (what `GET /v4/destinations/{id}` returns) is not a card at all.
fn missing_steps(root: &Map<String, Value>) -> String {
    let upgrade = root
        .get("upgrade_available")
        .and_then(|upgrade| upgrade.get("type"))
        .and_then(Value::as_str);
    let card_type = root.get("type").and_then(Value::as_str).unwrap_or("?");
    if let Some(upgrade) = upgrade {
        format!(
            "the card has no `steps`: `{card_type}` is a stub of a legacy type, which cannot be \
             created; its upgrade is `{upgrade}`: capture that type's card instead"
        )
    } else if root.contains_key("properties") || root.contains_key("id") {
        "the file has no `steps`, and its `id`/`properties` say it is a destination or source \
         object, not a report card: capture the card of its type (`stitch capture`)"
            .to_owned()
    } else {
        "the card has no `steps`: a report card lists its connection steps, `form` first".to_owned()
    }
}

/// A key repeated in one object is an error at the second: JSON readers keep one of the two
/// values without a word (serde_json the last), so `"is_credential": true` followed by
/// `"is_credential": false` would silently make a credential plain.
fn repeated_keys(index: &TextIndex, text: &str) -> Vec<Diagnostic> {
    let repeated = index.repeated_keys();
    let firsts: Vec<usize> = repeated.iter().map(|key| key.first).collect();
    let seconds: Vec<usize> = repeated.iter().map(|key| key.offset).collect();
    let first_positions = crate::locate::lines_and_columns(text, &firsts);
    let positions = crate::locate::lines_and_columns(text, &seconds);
    repeated
        .iter()
        .zip(first_positions.into_iter().zip(positions))
        .map(|(key, ((line, column), position))| {
            let name = crate::diagnostics::pointer_last_token(&key.pointer);
            Diagnostic {
                pointer: key.pointer.clone(),
                property: None,
                message: format!(
                    "the key `{name}` appears a second time in this object (the first is at \
                     {line}:{column}); a reader keeps one of the values and drops the other, so \
                     remove one"
                ),
                position: Some(position),
            }
        })
        .collect()
}

/// Reads and checks a card that is already JSON: a [`ReportCard`](stitch_report_card::ReportCard)
/// from the API turned into a `Value`, say. `file` names it in messages; `kind` is inferred as
/// [`read_card`] says when `None`.
pub fn read_card_value(root: &Value, file: &str, kind: Option<CardKind>) -> ReadOutcome {
    let mut problems = Problems::new();
    let source = CardSource {
        file,
        text: "",
        kind,
    };
    let card = read_root(root, &source, &CodeBudget::default(), &mut problems);
    let diagnostics = problems.finish(file);
    ReadOutcome::from_parts(card, diagnostics, file)
}

/// serde_json's message without its trailing " at line L column C" (the position is kept apart).
fn json_error_text(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// What reading a card charges to its budget of generated code, in bytes: the estimate
/// [`MAX_GENERATED_BYTES`](crate::budget::MAX_GENERATED_BYTES) bounds. For the test that checks
/// the estimate stays below the code really generated.
#[doc(hidden)]
pub fn charged_bytes(root: &Value) -> usize {
    let budget = CodeBudget::default();
    let source = CardSource {
        file: "",
        text: "",
        kind: None,
    };
    let mut problems = Problems::new();
    read_root(root, &source, &budget, &mut problems);
    problems.discard();
    budget.spent()
}

/// `budget` is the card's: one for the whole card, whose code is compiled as one.
fn read_root(
    root: &Value,
    source: &CardSource<'_>,
    budget: &CodeBudget,
    problems: &mut Problems,
) -> Option<Card> {
    let Value::Object(root) = root else {
        problems.at(
            "",
            None,
            "a report card must be a JSON object with `type` and `steps`",
        );
        return None;
    };
    let card_type = match root.get("type") {
        Some(Value::String(card_type)) if !card_type.trim().is_empty() => Some(card_type.clone()),
        Some(other) => {
            problems.at(
                "/type",
                None,
                format!(
                    "`type` must be a non-empty string, found {}",
                    quoted_value(other)
                ),
            );
            None
        }
        None => {
            problems.at("", None, "the card has no `type`");
            None
        }
    };
    let details = match root.get("details") {
        None | Some(Value::Null) => None,
        Some(details) => match serde_json::from_value::<Details>(details.clone()) {
            Ok(details) => Some(details),
            Err(error) => {
                problems.at("/details", None, format!("`details` {error}"));
                None
            }
        },
    };
    let name_prefix = naming::type_prefix(card_type.as_deref().unwrap_or_default());
    let properties = read_steps(root, &name_prefix, budget, problems);
    let properties = check_names(properties, &name_prefix, problems);
    let from_content = kind_from_content(root);
    let kind = source
        .kind
        .or_else(|| kind_from_path(source.file))
        .unwrap_or(from_content);
    // Only a source card carries evidence of its kind; one read as a destination's would
    // give types that send a source's properties in a destination's body.
    if kind == CardKind::Destination && from_content == CardKind::Source {
        problems.at(
            "",
            None,
            "this is a source card (its properties carry `tap_mutable`, or it has \
             `upgrade_available`), but it is read as a destination card",
        );
    }
    if budget.is_spent() {
        // Reported where it ran out. Even with `String` standing in for every type, the
        // stand-in of a card this large would be megabytes of code beside the error.
        return None;
    }
    Some(Card {
        card_type: card_type?,
        kind,
        name_prefix,
        details,
        properties,
    })
}

fn read_steps(
    root: &Map<String, Value>,
    name_prefix: &str,
    budget: &CodeBudget,
    problems: &mut Problems,
) -> Vec<CardProperty> {
    let steps = match root.get("steps") {
        None => {
            problems.at("", None, missing_steps(root));
            return Vec::new();
        }
        Some(Value::Array(steps)) if steps.is_empty() => {
            problems.at(
                "/steps",
                None,
                "`steps` is empty: a report card lists its connection steps, `form` first, \
                 so there is nothing to generate from",
            );
            return Vec::new();
        }
        Some(Value::Array(steps)) => steps,
        Some(other) => {
            problems.at(
                "/steps",
                None,
                format!("`steps` must be an array, found {}", quoted_value(other)),
            );
            return Vec::new();
        }
    };
    let mut properties = Vec::new();
    for (step_index, step) in steps.iter().enumerate() {
        let step_pointer = pointer_join("/steps", step_index);
        let Value::Object(step) = step else {
            problems.at(&step_pointer, None, "a step must be an object");
            continue;
        };
        let step_type: StepType = match step.get("type") {
            Some(Value::String(step_type)) => {
                let Ok(step_type) = step_type.parse();
                step_type
            }
            _ => {
                problems.at(&step_pointer, None, "a step needs a string `type`");
                continue;
            }
        };
        let listed = match step.get("properties") {
            None => continue,
            Some(Value::Array(listed)) => listed,
            Some(_) => {
                problems.at(
                    &pointer_join(&step_pointer, "properties"),
                    None,
                    "`properties` must be an array",
                );
                continue;
            }
        };
        // Only steps the user fills in carry settable properties; the API documents none on
        // the others. An unknown step type cannot be assumed settable, and dropping its
        // properties would generate a type that cannot set them: an error says so.
        if !step_type.takes_user_properties() {
            let unknown = match &step_type {
                StepType::Other(unknown) if !listed.is_empty() => Some(unknown),
                _ => None,
            };
            if let Some(unknown) = unknown {
                problems.at(
                    &pointer_join(&step_pointer, "type"),
                    None,
                    format!(
                        "the step type `{unknown}` is not one the generator knows (form, oauth, \
                         profile, discover_schema, field_selection, fully_configured), and it \
                         lists {} properties that could not be set",
                        listed.len()
                    ),
                );
            }
            continue;
        }
        let properties_pointer = pointer_join(&step_pointer, "properties");
        for (index, property) in listed.iter().enumerate() {
            let pointer = pointer_join(&properties_pointer, index);
            if let Some(property) = read_property(
                property,
                &step_type,
                &pointer,
                name_prefix,
                budget,
                problems,
            ) {
                properties.push(property);
            }
        }
    }
    properties
}

fn read_property(
    value: &Value,
    step: &StepType,
    pointer: &str,
    name_prefix: &str,
    budget: &CodeBudget,
    problems: &mut Problems,
) -> Option<CardProperty> {
    let name = value.get("name").and_then(Value::as_str);
    if !property_fields_well_typed(value, pointer, name, problems) {
        return stand_in_property(value, step, pointer, name?);
    }
    let property: Property = match serde_json::from_value(value.clone()) {
        Ok(property) => property,
        Err(error) => {
            problems.at(pointer, name, format!("not a valid property: {error}"));
            return None;
        }
    };
    if property.name.is_empty() {
        problems.at(
            &pointer_join(pointer, "name"),
            None,
            "a property name must not be empty",
        );
        return None;
    }
    let property_type = property.effective_property_type();
    let schema_pointer = pointer_join(pointer, "json_schema");
    let root = property.json_schema.clone().unwrap_or(Value::Null);
    // The property's docs quote its schema.
    let cost = Cost::property(json_text_len(&root));
    // `read_only` properties never reach a request, so their schema does not need a type;
    // past the card's budget of code (reported once, where it ran out) `String` stands in.
    let shape = if property_type.is_settable()
        && budget.charge(cost, &schema_pointer, &property.name, problems)
    {
        let walk = PropertyWalk::new(budget);
        let at =
            SchemaContext::property(&root, &schema_pointer, name_prefix, &property.name, &walk);
        let shape = schema::property_shape(property.json_schema.as_ref(), &at, problems);
        if property.is_credential && !schema::can_be_secret(&shape) {
            problems.at(
                &schema_pointer,
                Some(&property.name),
                "a credential of this schema is not supported: its Rust type cannot be \
                 zeroized",
            );
            // The stand-in, as for any broken schema: a `Secret<String>` compiles, so the
            // card's error is the only one.
            Shape::String
        } else {
            shape
        }
    } else {
        Shape::String
    };
    Some(CardProperty {
        field_name: naming::field_name(&property.name),
        wire_name: property.name,
        step: step.clone(),
        pointer: pointer.to_owned(),
        is_required: property.is_required,
        is_credential: property.is_credential,
        property_type,
        json_schema: property.json_schema,
        shape,
    })
}

/// A property whose fields have the wrong JSON types (already reported) but whose name is
/// known: it keeps its field, held as a `String`, so code that uses it adds no errors to the
/// card's own. What is readable is kept; a required-ness that is not a boolean counts as
/// required, the likelier reading of a value like `"yes"`.
fn stand_in_property(
    value: &Value,
    step: &StepType,
    pointer: &str,
    name: &str,
) -> Option<CardProperty> {
    if name.is_empty() {
        return None;
    }
    let flag =
        |key: &str, otherwise: bool| value.get(key).and_then(Value::as_bool).unwrap_or(otherwise);
    let property_type = match value.get("property_type").and_then(Value::as_str) {
        Some(text) => {
            let Ok(property_type) = text.parse::<PropertyType>();
            property_type
        }
        None => PropertyType::UserProvided,
    };
    Some(CardProperty {
        field_name: naming::field_name(name),
        wire_name: name.to_owned(),
        step: step.clone(),
        pointer: pointer.to_owned(),
        is_required: flag("is_required", true),
        is_credential: flag("is_credential", false),
        property_type,
        json_schema: value.get("json_schema").cloned(),
        shape: Shape::String,
    })
}

/// Checks the JSON type of each field of a property object, so a problem is reported at the
/// field (`/steps/0/properties/3/is_required`) rather than at the property.
fn property_fields_well_typed(
    value: &Value,
    pointer: &str,
    name: Option<&str>,
    problems: &mut Problems,
) -> bool {
    let Value::Object(fields) = value else {
        problems.at(
            pointer,
            None,
            format!(
                "a property must be an object, found {}",
                quoted_value(value)
            ),
        );
        return false;
    };
    let mut well_typed = true;
    if !fields.contains_key("name") {
        problems.at(pointer, None, "the property has no `name`");
        well_typed = false;
    }
    for (field, value) in fields {
        let expected = match field.as_str() {
            "name" | "property_type" => "a string",
            "is_required" | "is_credential" | "system_provided" | "provided" | "tap_mutable" => {
                "a boolean"
            }
            _ => continue,
        };
        let fits = match expected {
            "a string" => value.is_string(),
            _ => value.is_boolean(),
        };
        if !fits {
            problems.at(
                &pointer_join(pointer, field),
                name,
                format!(
                    "`{field}` must be {expected}, found {}",
                    quoted_value(value)
                ),
            );
            well_typed = false;
        }
    }
    well_typed
}

/// Two properties with one wire name, one field name or one generated type name are errors
/// that name both: silently merging them would send one property's value as the other's.
fn check_names(
    properties: Vec<CardProperty>,
    name_prefix: &str,
    problems: &mut Problems,
) -> Vec<CardProperty> {
    let mut kept: Vec<CardProperty> = Vec::with_capacity(properties.len());
    let mut type_names: HashMap<String, String> = HashMap::new();
    type_names.insert(
        format!("{name_prefix}Properties"),
        "the properties struct".to_owned(),
    );
    type_names.insert(
        format!("{name_prefix}Update"),
        "the update struct".to_owned(),
    );
    type_names.insert(
        format!("{name_prefix}Required"),
        "the struct of required properties".to_owned(),
    );
    for std_macro in naming::STD_MACROS {
        type_names.insert(
            format!("macro {std_macro}"),
            format!("the standard library's `{std_macro}!`, which it would shadow"),
        );
    }
    // Index into `kept` by wire name and by field name: one lookup each, not a scan of every
    // property kept so far (cards of thousands of properties stay linear).
    let mut by_wire_name: HashMap<String, usize> = HashMap::new();
    let mut by_field_name: HashMap<String, usize> = HashMap::new();
    for property in properties {
        if let Some(first) = by_wire_name.get(&property.wire_name).map(|&at| &kept[at]) {
            problems.at(
                &property.pointer,
                Some(&property.wire_name),
                format!(
                    "the property `{}` is declared twice: at {} and at {}",
                    quoted(&property.wire_name),
                    first.pointer,
                    property.pointer
                ),
            );
            continue;
        }
        if !property.is_settable() {
            by_wire_name.insert(property.wire_name.clone(), kept.len());
            kept.push(property);
            continue;
        }
        if let Some(first) = by_field_name.get(&property.field_name).map(|&at| &kept[at]) {
            problems.at(
                &property.pointer,
                Some(&property.wire_name),
                format!(
                    "the properties `{}` ({}) and `{}` ({}) both become the Rust field `{}`, \
                     which would send one property's value under the other's name",
                    quoted(&first.wire_name),
                    first.pointer,
                    quoted(&property.wire_name),
                    property.pointer,
                    quoted(&property.field_name)
                ),
            );
            continue;
        }
        // Whatever follows, the property is kept (as a stand-in if its types clash).
        by_wire_name.insert(property.wire_name.clone(), kept.len());
        by_field_name.insert(property.field_name.clone(), kept.len());
        let mut clash = false;
        for name in generated_names(&property.shape) {
            let owner = format!("a type generated for property `{}`", property.wire_name);
            if let Some(first) = type_names.get(&name) {
                problems.at(
                    &property.pointer,
                    Some(&property.wire_name),
                    format!(
                        "the generated type `{name}` of property `{}` has the same name as {first}",
                        property.wire_name
                    ),
                );
                clash = true;
            } else {
                type_names.insert(name, owner);
            }
        }
        if clash {
            // The property keeps its field, with a `String` standing in for the types it would
            // have had, so code that uses it adds no errors to this one.
            kept.push(CardProperty {
                shape: Shape::String,
                ..property
            });
        } else {
            kept.push(property);
        }
    }
    kept
}

/// The names of every type generated for a shape, union payload structs included, and of the
/// literal macros of pattern newtypes (`macro s3_sentinel_key`), which share a namespace too.
fn generated_names(shape: &Shape) -> Vec<String> {
    let mut names = Vec::new();
    for generated in shape.generated_types() {
        names.push(generated.type_name().to_owned());
        if let GeneratedType::Pattern(pattern) = generated {
            names.push(format!(
                "macro {}",
                naming::literal_macro_name(&pattern.type_name)
            ));
        }
        if let GeneratedType::Union(union) = generated {
            names.extend(
                union
                    .variants
                    .iter()
                    .filter_map(|variant| variant.payload.as_ref())
                    .map(|payload| payload.type_name.clone()),
            );
        }
    }
    names
}

fn kind_from_path(file: &str) -> Option<CardKind> {
    let path = std::path::Path::new(file);
    let parent = path.parent()?.file_name()?.to_str()?;
    CardKind::ALL
        .into_iter()
        .find(|kind| kind.directory() == parent)
}

fn kind_from_content(root: &Map<String, Value>) -> CardKind {
    let has_tap_mutable = root
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|step| step.get("properties")?.as_array())
        .flatten()
        .any(|property| property.get("tap_mutable").is_some());
    if has_tap_mutable || root.contains_key("upgrade_available") {
        CardKind::Source
    } else {
        CardKind::Destination
    }
}
