//! Finds where things are in a card's text: the line and column of a JSON pointer, and the keys
//! an object repeats.
//!
//! `serde_json::Value` forgets positions, and keeps the last of two equal keys without a word.
//! So the text (which already parsed) is walked once more, by a small scanner, into a
//! [`TextIndex`]: the offset of every value by its pointer, and every repeated key. One pass
//! serves every diagnostic of a card, however many there are, and the run-time checker reports
//! the same positions as the macro without either paying for a parser crate.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, pointer_join};

/// Deeper than serde_json reads (128): the walk gives up rather than recurse without bound.
const MAX_DEPTH: usize = 256;

/// Where every value of a JSON text starts, by JSON pointer, and the keys its objects repeat.
#[derive(Debug, Default)]
pub struct TextIndex {
    offsets: HashMap<String, usize>,
    repeated: Vec<RepeatedKey>,
}

/// A key that appears a second time in one object: the reader keeps only one of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedKey {
    /// The member's pointer (`/steps/0/properties/3/is_credential`).
    pub pointer: String,
    /// Byte offset of the second occurrence's key.
    pub offset: usize,
    /// Byte offset of the first occurrence's key.
    pub first: usize,
}

impl TextIndex {
    /// Walks `text` once. A text the scanner cannot walk (it is not JSON) gives what was found
    /// up to there.
    pub fn of(text: &str) -> TextIndex {
        let mut index = TextIndex::default();
        let mut scanner = Scanner { text, at: 0 };
        scanner.skip_space();
        let mut pointer = String::new();
        let _ = index.walk(&mut scanner, &mut pointer, 0);
        index
    }

    /// The keys objects repeat, in the order of the text.
    pub fn repeated_keys(&self) -> &[RepeatedKey] {
        &self.repeated
    }

    /// The byte offset where the value at `pointer` starts, or, for a missing key or index,
    /// where the deepest existing parent starts.
    pub fn offset_of(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer;
        loop {
            if let Some(offset) = self.offsets.get(pointer) {
                return Some(*offset);
            }
            let cut = pointer.rfind('/')?;
            pointer = &pointer[..cut];
        }
    }

    fn walk(
        &mut self,
        scanner: &mut Scanner<'_>,
        pointer: &mut String,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        scanner.skip_space();
        self.offsets.insert(pointer.clone(), scanner.at);
        let base = pointer.len();
        match scanner.peek()? {
            b'{' => {
                scanner.at += 1;
                let mut seen: HashMap<String, usize> = HashMap::new();
                loop {
                    scanner.skip_space();
                    match scanner.peek()? {
                        b'}' => {
                            scanner.at += 1;
                            return Some(());
                        }
                        b',' => scanner.at += 1,
                        _ => {
                            let key_at = scanner.at;
                            let key = scanner.string()?;
                            scanner.expect(b':')?;
                            pointer.truncate(base);
                            pointer.push_str(&pointer_join("", &key));
                            if let Some(first) = seen.insert(key, key_at) {
                                self.repeated.push(RepeatedKey {
                                    pointer: pointer.clone(),
                                    offset: key_at,
                                    first,
                                });
                            }
                            self.walk(scanner, pointer, depth + 1)?;
                            pointer.truncate(base);
                        }
                    }
                }
            }
            b'[' => {
                scanner.at += 1;
                let mut index = 0usize;
                loop {
                    scanner.skip_space();
                    match scanner.peek()? {
                        b']' => {
                            scanner.at += 1;
                            return Some(());
                        }
                        b',' => scanner.at += 1,
                        _ => {
                            pointer.truncate(base);
                            pointer.push_str(&pointer_join("", index));
                            self.walk(scanner, pointer, depth + 1)?;
                            pointer.truncate(base);
                            index += 1;
                        }
                    }
                }
            }
            _ => scanner.skip_value(),
        }
    }
}

/// Fills in [`Diagnostic::position`] for every diagnostic whose pointer resolves in `text`: the
/// value the pointer names, or, for a missing key, the deepest object or array that exists.
/// One walk of the text and one sweep for lines and columns, however many diagnostics.
pub fn add_positions(text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics
        .iter()
        .all(|diagnostic| diagnostic.position.is_some())
    {
        return;
    }
    add_positions_from(&TextIndex::of(text), text, diagnostics);
}

/// [`add_positions`] with the index of `text` at hand.
pub fn add_positions_from(index: &TextIndex, text: &str, diagnostics: &mut [Diagnostic]) {
    let wanted: Vec<(usize, usize)> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, diagnostic)| diagnostic.position.is_none())
        .filter_map(|(at, diagnostic)| Some((at, index.offset_of(&diagnostic.pointer)?)))
        .collect();
    let offsets: Vec<usize> = wanted.iter().map(|(_, offset)| *offset).collect();
    for ((at, _), position) in wanted.iter().zip(lines_and_columns(text, &offsets)) {
        diagnostics[*at].position = Some(position);
    }
}

/// 1-based line and column of the value at `pointer` in `text` (as [`add_positions`] finds it),
/// if the text is JSON.
pub fn position_of(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let offset = TextIndex::of(text).offset_of(pointer)?;
    Some(line_and_column(text, offset))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    lines_and_columns(text, &[offset])[0]
}

/// 1-based lines and columns (in characters) of byte offsets, in their order, from one sweep of
/// the text: recounting from the start for each would make many diagnostics quadratic.
pub fn lines_and_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&at| offsets[at]);
    let mut found = vec![(1, 1); offsets.len()];
    let (mut line, mut column, mut byte) = (1, 1, 0);
    let mut chars = text.char_indices().peekable();
    for at in order {
        let target = offsets[at].min(text.len());
        while byte < target {
            let Some((start, character)) = chars.next() else {
                break;
            };
            let next = start + character.len_utf8();
            if next > target {
                // Inside a character: it is counted where it starts.
                byte = target;
                break;
            }
            byte = next;
            if character == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        found[at] = (line, column);
    }
    found
}

/// A cursor over JSON text. Every method gives up (`None`) on text that is not JSON.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Reads a string (at `"`), escapes decoded.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.skip_string()?;
        serde_json::from_str(&self.text[start..self.at]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        (self.peek()? == b'"').then_some(())?;
        self.at += 1;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'"' => self.skip_string(),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                loop {
                    self.skip_space();
                    match self.peek()? {
                        byte if byte == close => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' | b':' => self.at += 1,
                        _ => self.skip_value()?,
                    }
                }
            }
            // Numbers, `true`, `false`, `null`.
            _ => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(&byte))
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
        position_of(text, pointer)
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
        assert_eq!(position(text, "/steps/7"), Some((2, 12)));
    }

    #[test]
    fn keys_with_escapes_and_values_of_every_kind_are_skipped() {
        let text = r#"{"a\"b": {"n": -1.5e3, "t": [true, false, null, {"x": "}]"}]}, "é\u00e9": "k", "z": 0}"#;
        let column_of = |needle: &str| text[..text.find(needle).unwrap()].chars().count() + 1;
        assert_eq!(position(text, "/z"), Some((1, column_of("0}"))));
        assert_eq!(position(text, "/éé"), Some((1, column_of("\"k\""))));
        assert!(position(text, "/a\"b/t/3/x").is_some());
    }

    #[test]
    fn repeated_keys_are_found_with_both_places() {
        let text =
            "{\"a\": {\"x\": 1, \"y\": 2, \"x\": 3}, \"b/c\": [{\"k\": 0, \"k\": 1}], \"a\": 4}";
        let index = TextIndex::of(text);
        let found: Vec<(&str, usize, usize)> = index
            .repeated_keys()
            .iter()
            .map(|repeated| (repeated.pointer.as_str(), repeated.offset, repeated.first))
            .collect();
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).unwrap().0;
        assert_eq!(
            found,
            [
                ("/a/x", at("\"x\"", 1), at("\"x\"", 0)),
                ("/b~1c/0/k", at("\"k\"", 1), at("\"k\"", 0)),
                ("/a", at("\"a\"", 1), at("\"a\"", 0)),
            ]
        );
        // The index holds the values serde_json keeps: the last of repeated keys.
        assert_eq!(index.offset_of("/a"), Some(at("4", 0)));
    }

    #[test]
    fn many_positions_come_from_one_sweep_in_any_order() {
        let text = "ab\ncé\n\nd";
        let offsets = [text.find('d').unwrap(), 0, text.find('é').unwrap(), 3];
        assert_eq!(
            lines_and_columns(text, &offsets),
            [(4, 1), (1, 1), (2, 2), (2, 1)]
        );
    }

    #[test]
    fn a_walk_too_deep_gives_up_without_overflowing() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(position(&text, "/0/0"), Some((1, 3)));
    }

    #[test]
    fn text_cut_short_gives_the_deepest_value_found() {
        assert_eq!(position("{\"a\": ", "/a/b"), Some((1, 7)));
        assert_eq!(position("[1, 2", "/5"), Some((1, 1)));
        assert_eq!(position("", "/a"), Some((1, 1)));
        assert_eq!(line_and_column("a\nbé\nc", 5), (2, 3));
    }
}
