//! The documentation generated items carry: what each type is for, and for each field its step,
//! whether it is required or a credential, its property type and the schema it came from.

use stitch_report_card::PropertyType;

use crate::model::{Card, CardKind, CardProperty, EnumDef, EnumOrigin, IntegerWire, Shape};

/// Doc paragraphs of the properties struct.
pub(crate) fn card_doc(card: &Card, file: Option<&str>) -> Vec<String> {
    let kind = match card.kind {
        CardKind::Destination => "destination",
        CardKind::Source => "source",
    };
    let mut lines = vec![format!(
        "Properties of the `{}` {kind} type, generated from its Stitch report card.",
        card.card_type
    )];
    if let Some(details) = &card.details {
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
                " (the captured account's plan could not create it)"
            }
        ));
        lines.push(format!("Card details: {}.", facts.join(", ")));
    }
    let required: Vec<String> = card
        .settable()
        .filter(|property| property.is_required_field())
        .map(|property| format!("`{}`", property.wire_name))
        .collect();
    lines.push(if required.is_empty() {
        "No property is required.".to_owned()
    } else {
        format!("Required: {}.", required.join(", "))
    });
    lines.push(
        "Serializes to the `properties` object of a create request (numbers and booleans as the \
         strings the API expects); deserializing checks every value against the card and \
         reports every problem at once. `Debug` never shows a credential."
            .to_owned(),
    );
    if let Some(file) = file {
        lines.push(format!("Generated from `{file}`."));
    }
    lines
}

/// Doc paragraphs of one field.
pub(crate) fn field_doc(property: &CardProperty) -> Vec<String> {
    let mut lines = Vec::new();
    let requirement = if property.is_required_field() {
        "**Required.**".to_owned()
    } else if property.is_required {
        "Optional here: the card marks it required, but Stitch provides a default.".to_owned()
    } else {
        "Optional: left out of the request when `None`.".to_owned()
    };
    lines.push(format!(
        "`{}`: {requirement} Step `{}`; property type `{}` ({}).",
        property.wire_name,
        property.step,
        property.property_type,
        property_type_meaning(&property.property_type)
    ));
    if property.is_credential {
        lines.push(
            "Credential: held in a `Secret`, never shown by `Debug` and never returned by the \
             API."
                .to_owned(),
        );
    }
    let schema = match &property.json_schema {
        Some(schema) => format!("`{schema}`"),
        None => "`null` (the card gives no schema)".to_owned(),
    };
    lines.push(format!(
        "JSON schema: {schema}. {}",
        shape_meaning(&property.shape)
    ));
    lines
}

/// Doc paragraphs of a generated enum.
pub(crate) fn enum_doc(def: &EnumDef, property: &CardProperty, card: &Card) -> Vec<String> {
    let source = match &def.origin {
        EnumOrigin::Pattern(pattern) => format!("the pattern `{pattern}`"),
        EnumOrigin::Enum => "the schema's `enum`".to_owned(),
    };
    vec![format!(
        "Values of the `{}` property of `{}`, from {source}. Each variant is sent as the \
         string its docs show.",
        property.wire_name, card.card_type
    )]
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

fn shape_meaning(shape: &Shape) -> String {
    match shape {
        Shape::String => "Held as a `String`; the API rejects an empty one.".to_owned(),
        Shape::Unsigned { width, wire } => {
            let IntegerWire::DigitString { pattern } = wire;
            let mut text = format!(
                "Held as `{}` and sent as a string of ASCII digits (`\"5432\"`), which `{pattern}` \
                 accepts.",
                width.rust_name()
            );
            if !pattern.ends_with('$') {
                text.push_str(
                    " The pattern has no `$`, so the API would also take trailing characters \
                     (`\"5432abc\"`); reading accepts digits only.",
                );
            }
            text.push_str(&format!(
                " Reading rejects values above `{}::MAX`{}.",
                width.rust_name(),
                if matches!(width, crate::model::UnsignedWidth::U16) {
                    ", which no port exceeds"
                } else {
                    ""
                }
            ));
            text
        }
        Shape::Bool { pattern } => {
            let mut text =
                format!("Held as `bool` and sent as `\"true\"` or `\"false\"`, per `{pattern}`.");
            if !pattern.ends_with('$') {
                text.push_str(
                    " The pattern has no `$`, so the API would also take strings that merely \
                     start with `true` or `false`; reading accepts the two exact strings only.",
                );
            }
            text
        }
        Shape::Enum(def) => format!("Held as [`{}`].", def.type_name),
    }
}
