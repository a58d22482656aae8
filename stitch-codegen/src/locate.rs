//! Finds the line and column of a JSON pointer in a card's text.
//!
//! `serde_json::Value` forgets positions, and the card is read as a `Value`. Positions are only
//! needed when there is something to report, so the text is parsed a second time, with a parser
//! that keeps ranges, only then.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostics::Diagnostic;

/// Fills in [`Diagnostic::position`] for every diagnostic whose pointer resolves in `text`.
pub(crate) fn add_positions(text: &str, diagnostics: &mut [Diagnostic]) {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict) else {
        return;
    };
    let Some(root) = parsed.value else {
        return;
    };
    for diagnostic in diagnostics.iter_mut() {
        if let Some(offset) = resolve(&root, &diagnostic.pointer) {
            diagnostic.position = Some(line_and_column(text, offset));
        }
    }
}

/// 1-based line and column of the value at `pointer` in `text`, if the text parses.
pub(crate) fn position_of(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let mut diagnostics = [Diagnostic {
        pointer: pointer.to_owned(),
        property: None,
        message: String::new(),
        position: None,
    }];
    add_positions(text, &mut diagnostics);
    let [diagnostic] = diagnostics;
    diagnostic.position
}

/// The byte offset where the value at `pointer` starts, or the deepest existing parent's.
fn resolve(root: &Value<'_>, pointer: &str) -> Option<usize> {
    let mut node = root;
    if pointer.is_empty() {
        return Some(node.start());
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Value::Object(object) => object
                .properties
                .iter()
                .find(|property| property.name.as_str() == token)
                .map(|property| &property.value),
            Value::Array(array) => token
                .parse::<usize>()
                .ok()
                .and_then(|index| array.elements.get(index)),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            // A missing key is reported at the object that lacks it.
            None => break,
        }
    }
    Some(node.start())
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
        let mut diagnostics = [Diagnostic {
            pointer: pointer.to_owned(),
            property: None,
            message: String::new(),
            position: None,
        }];
        add_positions(text, &mut diagnostics);
        diagnostics[0].position
    }

    #[test]
    fn pointers_resolve_to_lines_and_columns() {
        let text = "{\n  \"steps\": [\n    {\"a/b\": 1, \"x\": [true,\n  \"y\"]}\n  ]\n}";
        assert_eq!(position(text, ""), Some((1, 1)));
        assert_eq!(position(text, "/steps"), Some((2, 12)));
        assert_eq!(position(text, "/steps/0/a~1b"), Some((3, 13)));
        assert_eq!(position(text, "/steps/0/x/1"), Some((4, 3)));
        // Missing keys point at the object that lacks them.
        assert_eq!(position(text, "/steps/0/missing"), Some((3, 5)));
    }
}
