//! Finds the line and column of a JSON pointer in a card's text.
//!
//! `serde_json::Value` forgets positions, and the card is read as a `Value`. Positions are only
//! needed when there is something to report, so then the text (which already parsed) is
//! scanned once more, just far enough to reach each pointer. A small scanner rather than a
//! second JSON parser with ranges: the run-time checker reports the same positions as the
//! macro, and neither pays for a parser crate.

use crate::diagnostics::Diagnostic;

/// Fills in [`Diagnostic::position`] for every diagnostic whose pointer resolves in `text`: the
/// value the pointer names, or, for a missing key, the deepest object or array that exists.
pub fn add_positions(text: &str, diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics.iter_mut() {
        if diagnostic.position.is_none() {
            diagnostic.position = position_of(text, &diagnostic.pointer);
        }
    }
}

/// 1-based line and column of the value at `pointer` in `text` (as [`add_positions`] finds it),
/// if the text is JSON.
pub fn position_of(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let offset = resolve(text, pointer)?;
    Some(line_and_column(text, offset))
}

/// The byte offset where the value at `pointer` starts, or the deepest existing parent's.
fn resolve(text: &str, pointer: &str) -> Option<usize> {
    let mut scanner = Scanner { text, at: 0 };
    scanner.skip_space();
    let mut node = scanner.at;
    if pointer.is_empty() {
        return Some(node);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        scanner.at = node;
        match scanner.child(&token) {
            Some(child) => node = child,
            // A missing key is reported at the object that lacks it.
            None => break,
        }
    }
    Some(node)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
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

    /// The start of the member `token` of the object, or of the element of the array, that
    /// starts here.
    fn child(&mut self, token: &str) -> Option<usize> {
        match self.peek()? {
            b'{' => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key = self.string()?;
                    self.expect(b':')?;
                    self.skip_space();
                    if key == token {
                        return Some(self.at);
                    }
                    self.skip_value()?;
                    self.skip_space();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                }
            }
            b'[' => {
                let index: usize = token.parse().ok()?;
                self.at += 1;
                for position in 0.. {
                    self.skip_space();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if position == index {
                        return Some(self.at);
                    }
                    self.skip_value()?;
                    self.skip_space();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                }
                None
            }
            _ => None,
        }
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
    fn text_cut_short_gives_the_deepest_value_found() {
        assert_eq!(position("{\"a\": ", "/a/b"), Some((1, 7)));
        assert_eq!(position("[1, 2", "/5"), Some((1, 1)));
        assert_eq!(position("", "/a"), Some((1, 1)));
        assert_eq!(line_and_column("a\nbé\nc", 5), (2, 3));
    }
}
