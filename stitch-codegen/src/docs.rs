//! The documentation generated items carry: what each type is for, and for each field its step,
//! whether it is required or a credential, its property type and the schema it came from.

use stitch_report_card::pattern::Pattern;
use stitch_report_card::{PropertyType, StepType};

use crate::provenance::Provenance;

use crate::model::{
    BoolWire, Card, CardProperty, EnumDef, EnumOrigin, Format, IntegerWire, PatternDef, Shape,
    StructDef, StructField, UnionDef, UnsignedWidth,
};

/// Doc paragraphs of the properties struct.
pub(crate) fn card_doc(
    card: &Card,
    file: Option<&str>,
    provenance: Option<&Provenance>,
) -> Vec<String> {
    let mut lines = vec![format!(
        "Properties of the `{}` {} type, generated from its Stitch report card.",
        card.card_type,
        card.kind.as_str()
    )];
    if let Some(details) = card_details(card) {
        lines.push(details);
    }
    let required: Vec<String> = card
        .settable()
        .filter(|property| property.is_required_field())
        .map(|property| format!("`{}`", property.wire_name))
        .collect();
    let first_optional = card
        .settable()
        .find(|property| !property.is_required_field())
        .map(|property| property.field_name.as_str());
    lines.push(match (required.is_empty(), first_optional) {
        (true, _) => {
            "No property is required: `Default` gives one with every property `None`.".to_owned()
        }
        (false, None) => format!("Required: {}.", required.join(", ")),
        (false, Some(optional)) => format!(
            "Required: {}. To give only these, or these and a few optional ones, start from \
             [`{}`]: `{} {{ {optional}: Some(…), ..{} {{ … }}.into() }}`.",
            required.join(", "),
            card.required_type_name(),
            card.properties_type_name(),
            card.required_type_name(),
        ),
    });
    let read_only: Vec<String> = card
        .read_only_names()
        .into_iter()
        .map(|name| format!("`{name}`"))
        .collect();
    if !read_only.is_empty() {
        lines.push(format!(
            "Set by Stitch and never sent, so not fields here: {}.",
            read_only.join(", ")
        ));
    }
    lines.push(usual_facts(card));
    lines.push(
        "Serializes to the `properties` object of a create request (numbers and booleans as the \
         strings the API expects); deserializing checks every value against the card and \
         reports every problem at once. `Debug` never shows a credential."
            .to_owned(),
    );
    if let Some(file) = file {
        lines.push(format!("Generated from `{file}`."));
    }
    if let Some(provenance) = provenance {
        lines.push(provenance_doc(provenance));
    }
    lines
}

/// The card's hash and, when its lock entry says so, where and when it was captured.
fn provenance_doc(provenance: &Provenance) -> String {
    let mut line = format!("Card SHA-256 `{}`", provenance.sha256);
    match (&provenance.captured_from, &provenance.captured_at) {
        (Some(url), Some(at)) => line.push_str(&format!("; captured from <{url}> at {at}")),
        (Some(url), None) => line.push_str(&format!("; captured from <{url}>")),
        (None, Some(at)) => line.push_str(&format!("; captured at {at}")),
        (None, None) => {}
    }
    match &provenance.lock_file {
        Some(lock) => line.push_str(&format!(" (recorded in `{lock}`).")),
        None => line.push_str(" (no `stitch.lock` records where it came from)."),
    }
    line
}

/// Doc paragraphs of the update struct.
pub(crate) fn update_doc(card: &Card, origin: &str) -> Vec<String> {
    let immutable: Vec<String> = card
        .settable()
        .filter(|property| !property.property_type.is_updatable())
        .map(|property| format!("`{}`", property.wire_name))
        .collect();
    let mut lines = vec![
        format!(
            "New values for properties of an existing `{}` {}: the `properties` of an update \
             request.",
            card.card_type,
            card.kind.as_str()
        ),
        "Every field is optional and `None` is left out of the request, so the stored value is \
         kept; that includes credentials, which need not be sent again. Start from \
         `Default::default()` and set what changes."
            .to_owned(),
    ];
    if !immutable.is_empty() {
        lines.push(format!(
            "Set at creation and never updatable, so not fields here: {}.",
            immutable.join(", ")
        ));
    }
    // What each field holds (its step and property type among it) is said on the
    // properties struct, which every field's doc links to.
    lines.push(origin.to_owned());
    lines
}

/// The last paragraph of every generated type but the properties struct: where it comes from,
/// said briefly; the card's details and provenance are said once, on the properties struct.
pub(crate) fn origin(card: &Card) -> String {
    format!(
        "Generated from the report card of the `{}` {} type, as [`{}`] is (whose docs give \
         the card's details and hash).",
        card.card_type,
        card.kind.as_str(),
        card.properties_type_name()
    )
}

fn card_details(card: &Card) -> Option<String> {
    let details = card.details.as_ref()?;
    let mut facts = Vec::new();
    if let Some(state) = &details.pipeline_state {
        facts.push(format!("pipeline state `{state}`"));
    }
    if let Some(protocol) = &details.protocol {
        facts.push(format!("protocol `{protocol}`"));
    }
    if let Some(tier) = &details.pricing_tier {
        facts.push(format!("pricing tier `{tier}`"));
    }
    facts.push(format!(
        "access `{}`{}",
        details.access,
        if details.access {
            ""
        } else {
            " (the plan the card was captured with could not create it)"
        }
    ));
    Some(format!("Card details: {}.", facts.join(", ")))
}

/// The step most settable properties of the card are on (the first such in card order on a
/// tie): said once in the struct's doc, and on a field only when its step is another.
pub(crate) fn usual_step(card: &Card) -> Option<&StepType> {
    // A card has a handful of steps: one pass, counting into a short list.
    let mut counts: Vec<(&StepType, usize)> = Vec::new();
    for property in card.settable() {
        match counts.iter_mut().find(|(step, _)| **step == property.step) {
            Some((_, count)) => *count += 1,
            None => counts.push((&property.step, 1)),
        }
    }
    let most = counts.iter().map(|(_, count)| *count).max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map(|(step, _)| step)
}

/// What the fields' docs leave out because it holds for most of them: said once, in the
/// struct's doc.
fn usual_facts(card: &Card) -> String {
    let step = usual_step(card).map_or(String::new(), |step| {
        format!(" on the card's `{step}` step and")
    });
    format!(
        "A property is{step} one you provide (property type `user_provided`) unless its doc \
         says otherwise."
    )
}

/// Doc paragraphs of one top-level field. The step and the property type are said only where
/// they differ from what the struct's doc says of most fields ([`usual_facts`]).
pub(crate) fn field_doc(property: &CardProperty, usual_step: Option<&StepType>) -> Vec<String> {
    let mut lines = Vec::new();
    let requirement = if property.is_required_field() {
        "**Required.**".to_owned()
    } else if property.is_required {
        "Optional here: the card marks it required, but Stitch provides a default.".to_owned()
    } else {
        "Optional: left out of the request when `None`.".to_owned()
    };
    let mut first = format!("`{}`: {requirement}", property.wire_name);
    if usual_step != Some(&property.step) {
        first.push_str(&format!(" Step `{}`.", property.step));
    }
    if property.property_type != PropertyType::UserProvided {
        first.push_str(&format!(
            " Property type `{}`: {}.",
            property.property_type,
            property_type_meaning(&property.property_type)
        ));
    }
    if property.is_credential {
        lines.push(
            "Credential: held in a `Secret`, never shown by `Debug` and never returned by the \
             API."
                .to_owned(),
        );
    }
    let schema = match &property.json_schema {
        Some(schema) => quoted_schema(&schema.to_string(), &property.shape),
        None => "`null` (the card gives no schema)".to_owned(),
    };
    // What the field is and how it holds the value: one paragraph, the first.
    lines.insert(
        0,
        format!(
            "{first} JSON schema: {schema}. {}",
            shape_meaning(&property.shape)
        ),
    );
    lines
}

/// Doc paragraphs of a field of a nested struct.
pub(crate) fn struct_field_doc(field: &StructField, boxed: bool) -> Vec<String> {
    let requirement = if field.required {
        "Required."
    } else {
        "Optional: left out when `None`."
    };
    let mut meaning = shape_meaning(&field.shape);
    if boxed {
        meaning.push_str(
            " In a `Box`, as in every field that holds it: other fields share the definition, \
             and held by value in each, a value would double in size at every level that does.",
        );
    }
    vec![
        format!("`{}`: {requirement}", field.wire_name),
        format!(
            "JSON schema: {}. {meaning}",
            quoted_schema(&field.schema.to_string(), &field.shape)
        ),
    ]
}

/// Schemas longer than this are not quoted in the doc of a field whose value is held in a
/// generated type: that type's docs say the same, part by part (a nested object's schema
/// quoted whole made doc lines of 600 characters and more).
const QUOTED_SCHEMA_MAX_CHARS: usize = 120;

/// A field's schema as its doc quotes it: whole, in backticks, unless it is long and the
/// field's type is generated from it.
fn quoted_schema(schema: &str, shape: &Shape) -> String {
    match shape.generated_type_name() {
        Some(type_name) if schema.chars().count() > QUOTED_SCHEMA_MAX_CHARS => format!(
            "too long to quote ({} characters); the docs of [`{type_name}`] follow it part by part",
            schema.chars().count()
        ),
        _ => format!("`{schema}`"),
    }
}

/// Doc paragraphs of a generated enum.
pub(crate) fn enum_doc(def: &EnumDef, property: &str, card: &Card, origin: &str) -> Vec<String> {
    let source = match &def.origin {
        EnumOrigin::Pattern(pattern) => format!("the pattern `{pattern}`"),
        EnumOrigin::Enum => "the schema's `enum`".to_owned(),
    };
    vec![
        format!(
            "Values of `{property}` in `{}` properties, from {source}. Each variant is sent as \
             the string its docs show.",
            card.card_type
        ),
        origin.to_owned(),
    ]
}

/// Doc paragraphs of a generated pattern newtype.
pub(crate) fn pattern_doc(
    def: &PatternDef,
    property: &str,
    card: &Card,
    origin: &str,
) -> Vec<String> {
    vec![
        format!(
            "A value of `{property}` in `{}` properties: a string that matches `{}`.",
            card.card_type, def.pattern
        ),
        format!(
            "The pattern is checked with ECMA-262 semantics, as JSON Schema says (a search: it \
             anchors only where it has `^` or `$`). {} The constructors reject any other \
             string, so every value is one the API accepts.",
            engine_doc(&def.pattern)
        ),
        origin.to_owned(),
    ]
}

/// Which engine checks a pattern newtype's values, and the bound if there is one.
fn engine_doc(pattern: &str) -> String {
    match Pattern::new(pattern) {
        Ok(compiled) => compiled.engine().describe(),
        // Reading the card reported the pattern; the stand-in type matches nothing.
        Err(_) => "The pattern does not compile, so no value matches it.".to_owned(),
    }
}

/// Doc paragraphs of a generated nested struct.
pub(crate) fn struct_doc(
    def: &StructDef,
    property: &str,
    card: &Card,
    origin: &str,
) -> Vec<String> {
    let mut lines = vec![format!(
        "An object in `{property}` of `{}` properties.",
        card.card_type
    )];
    for constant in &def.constants {
        lines.push(format!(
            "`{}` is always `\"{}\"`: serialization writes it, so it is not a field.",
            constant.wire_name, constant.value
        ));
    }
    lines.push(if def.closed {
        "Unknown keys are rejected (`additionalProperties: false`).".to_owned()
    } else {
        "Unknown keys are rejected when reading, though the schema would allow them: a typo is \
         the likelier cause."
            .to_owned()
    });
    lines.push(origin.to_owned());
    lines
}

/// Doc paragraphs of a generated union.
pub(crate) fn union_doc(def: &UnionDef, property: &str, card: &Card, origin: &str) -> Vec<String> {
    let tags: Vec<String> = def
        .variants
        .iter()
        .map(|variant| format!("`{}` → `\"{}\"`", variant.ident, variant.tag))
        .collect();
    vec![
        format!(
            "A value of `{property}` in `{}` properties: one of the schema's `anyOf` branches.",
            card.card_type
        ),
        format!(
            "The branches are told apart by `{}`, which serialization writes from the variant \
             ({}); it is never a field.",
            def.discriminator,
            tags.join(", ")
        ),
        origin.to_owned(),
    ]
}

fn property_type_meaning(property_type: &PropertyType) -> &'static str {
    match property_type {
        PropertyType::ReadOnly => "set by Stitch, never sent",
        PropertyType::SystemProvidedByDefault => "Stitch provides a default; you may override it",
        PropertyType::UserProvided => "you provide it",
        PropertyType::UserProvidedImmutable => "set at creation, cannot be updated",
        PropertyType::UserProvidedAdvanced => {
            "optional tuning; a wrong value can break the connection"
        }
        _ => "a property type this version does not know",
    }
}

/// How the Rust type holds and sends the schema's values, and what reading accepts.
pub(crate) fn shape_meaning(shape: &Shape) -> String {
    match shape {
        Shape::String => "Held as a `String`; the API rejects an empty one.".to_owned(),
        Shape::NonEmptyString => "Held as a `NonEmptyString` (`minLength` 1).".to_owned(),
        Shape::Unsigned { width, wire } => unsigned_meaning(*width, wire),
        Shape::Bool {
            wire: BoolWire::String { pattern },
        } => {
            let mut text =
                format!("Held as `bool` and sent as `\"true\"` or `\"false\"`, per `{pattern}`.");
            if !stitch_schema::pattern::is_end_anchored(pattern) {
                text.push_str(
                    " The pattern has no `$`, so the API would also take strings that merely \
                     start with `true` or `false`; reading accepts the two exact strings only.",
                );
            }
            text
        }
        Shape::Bool {
            wire: BoolWire::Json,
        } => "Held as `bool`, sent as a JSON boolean.".to_owned(),
        Shape::Enum(def) => format!("Held as [`{}`].", def.type_name),
        Shape::Pattern(def) => format!(
            "Held as [`{}`], a string checked against the pattern with ECMA-262 semantics.",
            def.type_name
        ),
        Shape::Format(format) => format_meaning(*format),
        Shape::StringOrList => {
            "Held as a `StringOrList`: one string, or a list of strings, sent as given.".to_owned()
        }
        Shape::Array(item) => format!("A list; each item: {}", shape_meaning(item)),
        Shape::Struct(def) => format!("Held as [`{}`].", def.type_name),
        Shape::Union(def) => format!("Held as [`{}`].", def.type_name),
    }
}

fn unsigned_meaning(width: UnsignedWidth, wire: &IntegerWire) -> String {
    let rust = width.rust_name();
    let mut text = match wire {
        IntegerWire::DigitString { pattern } => {
            let mut text = format!(
                "Held as `{rust}` and sent as a string of ASCII digits (`\"5432\"`), which \
                 `{pattern}` accepts."
            );
            if !stitch_schema::pattern::is_end_anchored(pattern) {
                text.push_str(
                    " The pattern has no `$`, so the API would also take trailing characters \
                     (`\"5432abc\"`); reading accepts digits only.",
                );
            }
            text
        }
        IntegerWire::IntegerOrDigitString { pattern } => format!(
            "Held as `{rust}` and sent as a string of ASCII digits (`{pattern}`), as the sources \
             API answers; reading also takes a JSON integer."
        ),
        IntegerWire::Integer => format!(
            "Held as `{rust}` and sent as a JSON integer; reading rejects negative numbers, \
             which the schema would allow."
        ),
    };
    text.push_str(&format!(
        " Reading rejects values above `{rust}::MAX`{}.",
        if width == UnsignedWidth::U16 {
            ", which no port exceeds"
        } else {
            ""
        }
    ));
    text
}

fn format_meaning(format: Format) -> String {
    match format {
        Format::DateTime => "Held as `DateTime` (UTC, four-digit years) and sent as RFC 3339 with \
                             `Z`; reading takes any RFC 3339 date-time and converts it to UTC."
            .to_owned(),
        Format::MidnightUtcDate => "Held as `MidnightUtcDate`, a calendar date sent as \
                                    `YYYY-MM-DDT00:00:00Z`; reading rejects dates that do not \
                                    exist, which the pattern alone would take."
            .to_owned(),
        Format::Ipv4 => "Held as `std::net::Ipv4Addr`.".to_owned(),
        Format::Ipv6 => "Held as `std::net::Ipv6Addr`.".to_owned(),
        other => format!(
            "Held as `{}`, which checks the format and keeps the text as written.",
            other.type_name()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_name_the_engine_and_the_bound() {
        assert!(engine_doc(r"^\d+.?\d*$").contains("time linear in its length"));
        let bounded = engine_doc(r"^(a)\1$");
        assert!(
            bounded.contains("a backreference") && bounded.contains("longer than 1000 characters"),
            "{bounded}"
        );
    }
}
