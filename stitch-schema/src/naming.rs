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

/// The text with everything but ASCII letters and digits turned into word breaks, so every name
/// made from it is a valid Rust identifier.
fn ascii_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The UpperCamelCase prefix of every name generated for a card: `platform.hp-postgres` →
/// `PlatformHpPostgres`.
pub fn type_prefix(card_type: &str) -> String {
    let camel = ascii_words(card_type).to_upper_camel_case();
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
    let camel = ascii_words(wire_name).to_upper_camel_case();
    if camel.is_empty() {
        "Property".to_owned()
    } else {
        camel
    }
}

/// Variant names for the wire values of a closed set, unique within the set.
///
/// `ssh` → `Ssh`, `asia-east1` → `AsiaEast1`, `30` → `V30`, `self` → `SelfValue`; a name
/// taken already gets a number (`Eu2`).
pub fn variant_names(wire_values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(wire_values.len());
    for wire in wire_values {
        let camel = ascii_words(wire).to_upper_camel_case();
        let mut name = if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
            format!("V{camel}")
        } else {
            camel
        };
        if name == "Self" {
            name.push_str("Value");
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

/// The checked-literal macro of a pattern newtype: its name in snake case
/// (`S3SentinelKey` → `s3_sentinel_key!`).
pub fn literal_macro_name(type_name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(type_name)
}

/// The macros of the standard prelude. A generated literal macro of the same name would shadow
/// it in the module that includes the card (`assert_eq!` becoming a pattern check), so such a
/// name is a clash like any other.
pub const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "is_x86_feature_detected",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "try",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

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

    /// Whether `name` is an identifier `proc_macro2::Ident::new` takes and that is no keyword.
    fn usable(name: &str) -> bool {
        name.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name != "_"
            && !KEYWORDS.contains(&name)
            && syn::parse_str::<syn::Ident>(name).is_ok()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]
        #[test]
        fn every_name_is_a_usable_identifier(text in "\\PC{0,12}", other in "\\PC{0,6}") {
            proptest::prop_assert!(usable(&field_name(&text)), "{:?}", field_name(&text));
            proptest::prop_assert!(usable(&type_prefix(&text)), "{:?}", type_prefix(&text));
            // A type part always follows a prefix.
            let nested = format!("Prefix{}", type_part(&text));
            proptest::prop_assert!(usable(&nested), "{:?}", nested);
            let variants = variant_names(&[text.clone(), other, text.to_uppercase()]);
            for variant in &variants {
                proptest::prop_assert!(usable(variant), "{:?}", variant);
            }
            let mut unique = variants.clone();
            unique.sort();
            unique.dedup();
            proptest::prop_assert_eq!(unique.len(), variants.len());
        }
    }

    #[test]
    fn variants_are_unique() {
        let values: Vec<String> = ["ssh", "none", "EU", "eu", "30", "asia-east1", "self"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(
            variant_names(&values),
            ["Ssh", "None", "Eu", "Eu2", "V30", "AsiaEast1", "SelfValue"]
        );
    }
}
