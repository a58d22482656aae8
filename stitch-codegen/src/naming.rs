//! Rust names for cards, properties and values, with the wire names kept beside them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be field or variant names as they are (strict and reserved keywords of
/// every edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The UpperCamelCase prefix of every name generated for a card: `platform.hp-postgres` →
/// `PlatformHpPostgres`.
pub fn type_prefix(card_type: &str) -> String {
    let camel = card_type.to_upper_camel_case();
    match camel.chars().next() {
        None => "Card".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("Card{camel}"),
        Some(_) => camel,
    }
}

/// The Rust field name of a property.
///
/// A name that is already a plain snake_case identifier is kept. Otherwise `-`, `.` and other
/// punctuation become `_`, upper case becomes snake_case, a leading digit gets `property_` in
/// front, and a keyword gets `_` behind (`type` → `type_`).
pub fn field_name(wire_name: &str) -> String {
    let plain = wire_name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && wire_name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && wire_name != "_";
    let mut name = if plain {
        wire_name.to_owned()
    } else {
        let punctuation_free: String = wire_name
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let snake = punctuation_free.to_snake_case();
        let ascii: String = snake
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let trimmed = ascii.trim_matches('_').to_owned();
        if trimmed.is_empty() {
            "property".to_owned()
        } else if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            format!("property_{trimmed}")
        } else {
            trimmed
        }
    };
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The UpperCamelCase part a property contributes to a type name: `encryption_type` →
/// `EncryptionType`.
pub fn type_part(wire_name: &str) -> String {
    let camel: String = wire_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_upper_camel_case();
    if camel.is_empty() {
        "Property".to_owned()
    } else {
        camel
    }
}

/// Variant names for the wire values of a closed set, unique within the set.
///
/// `ssh` → `Ssh`, `asia-east1` → `AsiaEast1`, `30` → `V30`.
pub fn variant_names(wire_values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(wire_values.len());
    for wire in wire_values {
        let camel: String = wire
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .to_upper_camel_case();
        let mut name = if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
            format!("V{camel}")
        } else {
            camel
        };
        if name == "Self" {
            name.push('_');
        }
        let base = name.clone();
        let mut counter = 2;
        while names.contains(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_prefixes() {
        assert_eq!(type_prefix("postgres"), "Postgres");
        assert_eq!(type_prefix("platform.hp-postgres"), "PlatformHpPostgres");
        assert_eq!(type_prefix("bigquery_v2"), "BigqueryV2");
        assert_eq!(type_prefix("3plcentral"), "Card3plcentral");
    }

    #[test]
    fn field_names_are_sanitised() {
        assert_eq!(field_name("ssl"), "ssl");
        assert_eq!(field_name("encryption_port"), "encryption_port");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("match"), "match_");
        assert_eq!(field_name("api-key"), "api_key");
        assert_eq!(field_name("report.id"), "report_id");
        assert_eq!(field_name("ApiKey"), "api_key");
        assert_eq!(field_name("3d_secure"), "property_3d_secure");
        assert_eq!(field_name("$$"), "property");
        assert_eq!(field_name("_"), "property");
    }

    #[test]
    fn variants_are_unique() {
        let values: Vec<String> = ["ssh", "none", "EU", "eu", "30", "asia-east1", "self"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(
            variant_names(&values),
            ["Ssh", "None", "Eu", "Eu2", "V30", "AsiaEast1", "Self_"]
        );
    }
}
