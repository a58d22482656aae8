//! An ECMA-262 pattern (Unicode flag, no other flag) rewritten in the `regex` crate's syntax,
//! when the two mean the same thing.
//!
//! Only the question "does the value contain a match?" is asked of a pattern, and for that
//! question a regular expression without backreferences or lookaround means the same under a
//! backtracking engine as under an automaton: greedy or lazy, and whichever alternative is
//! tried first, a match exists or it does not. (ECMA's rule that a repetition may not match the
//! empty string once its minimum is met only prunes paths that advance nothing.) What differs
//! between the dialects is the meaning of single characters and classes, so every one of them
//! is written out here: nothing is left to a Unicode table of the `regex` crate, whose version
//! could differ from the one ECMA-262 and `regress` use.
//!
//! The translator only reads patterns `regress` has already accepted, and refuses anything it
//! does not know with certainty; a refused pattern keeps the backtracking engine.

use super::NeedsBacktracking;

/// ECMA-262 `\s`: WhiteSpace (tab, vertical tab, form feed, space, no-break space, the byte
/// order mark and the `Zs` category) and LineTerminator (LF, CR, U+2028, U+2029), as the
/// inside of a class.
const SPACE: &str = r"\x{9}-\x{D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// ECMA-262 `\d`: ASCII digits only (`"５"` is not a digit).
const DIGIT: &str = "0-9";
/// ECMA-262 `\w` without the `i` flag: ASCII letters, digits and `_`.
const WORD: &str = "0-9A-Za-z_";
/// ECMA-262 `.` without the `s` flag: any code point but a LineTerminator.
const DOT: &str = r"[^\x{A}\x{D}\x{2028}\x{2029}]";
/// ECMA-262 `\b` and `\B`: boundaries between ASCII word characters and the rest. `regex`
/// checks an ASCII boundary only at code-point boundaries when every other part of the
/// pattern reads whole code points, as here.
const WORD_BOUNDARY: &str = r"(?-u:\b)";
const NOT_WORD_BOUNDARY: &str = r"(?-u:\B)";
/// `[^]`: any code point. `[]`: none.
const ANY: &str = r"[\x{0}-\x{10FFFF}]";
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";

/// Groups nested deeper than this are left to `regress`, which has a limit of its own; the
/// recursion here stays shallow whatever the card holds.
const MAX_DEPTH: usize = 200;

/// The pattern in the `regex` crate's syntax, or why it keeps the backtracking engine.
pub(super) fn translate(pattern: &str) -> Result<String, NeedsBacktracking> {
    let mut translator = Translator {
        chars: pattern.chars().collect(),
        at: 0,
        out: String::with_capacity(pattern.len() * 2),
    };
    translator.disjunction(0)?;
    if translator.at == translator.chars.len() {
        Ok(translator.out)
    } else {
        // A `)` without its `(`: regress refuses it; never guess.
        Err(NeedsBacktracking::Unrecognised)
    }
}

/// A class atom: one code point, or a class escape's set.
enum ClassAtom {
    Char(char),
    /// A set written for the inside of a `regex` class: `0-9`, or `[^0-9]` nested.
    Set(String),
}

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn next(&mut self) -> Result<char, NeedsBacktracking> {
        let c = self.peek().ok_or(NeedsBacktracking::Unrecognised)?;
        self.at += 1;
        Ok(c)
    }

    fn eat(&mut self, expected: &str) -> bool {
        let matches = expected
            .chars()
            .enumerate()
            .all(|(offset, c)| self.peek_at(offset) == Some(c));
        if matches {
            self.at += expected.chars().count();
        }
        matches
    }

    fn disjunction(&mut self, depth: usize) -> Result<(), NeedsBacktracking> {
        if depth > MAX_DEPTH {
            return Err(NeedsBacktracking::TooLarge);
        }
        loop {
            while !matches!(self.peek(), None | Some('|' | ')')) {
                self.term(depth)?;
            }
            if self.eat("|") {
                self.out.push('|');
            } else {
                return Ok(());
            }
        }
    }

    fn term(&mut self, depth: usize) -> Result<(), NeedsBacktracking> {
        match self.next()? {
            '^' => return self.assertion("^"),
            '$' => return self.assertion("$"),
            '\\' if self.eat("b") => return self.assertion(WORD_BOUNDARY),
            '\\' if self.eat("B") => return self.assertion(NOT_WORD_BOUNDARY),
            '\\' => self.atom_escape()?,
            '(' => self.group(depth)?,
            '[' => self.class()?,
            '.' => self.out.push_str(DOT),
            // Nothing to repeat, or a lone bracket or brace: errors with the Unicode flag.
            '*' | '+' | '?' | '{' | '}' | ']' => return Err(NeedsBacktracking::Unrecognised),
            c => push_char(&mut self.out, c),
        }
        self.quantifier()
    }

    /// An assertion takes no quantifier with the Unicode flag.
    fn assertion(&mut self, written: &str) -> Result<(), NeedsBacktracking> {
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.out.push_str(written);
        Ok(())
    }

    fn group(&mut self, depth: usize) -> Result<(), NeedsBacktracking> {
        if self.eat("?=") || self.eat("?!") || self.eat("?<=") || self.eat("?<!") {
            return Err(NeedsBacktracking::Lookaround);
        }
        if self.eat("?<") {
            // A named group. Captures mean nothing to a yes-or-no search (backreferences are
            // refused), so every group becomes a non-capturing one.
            while self.next()? != '>' {}
        } else if self.eat("?") && !self.eat(":") {
            // Modifiers such as `(?i:…)`.
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.out.push_str("(?:");
        self.disjunction(depth + 1)?;
        if !self.eat(")") {
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.out.push(')');
        Ok(())
    }

    fn quantifier(&mut self) -> Result<(), NeedsBacktracking> {
        match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.at += 1;
                self.out.push(c);
            }
            Some('{') => {
                self.at += 1;
                let min = self.count()?;
                let max = if self.eat(",") {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.count()?)
                    }
                } else {
                    Some(min)
                };
                if !self.eat("}") || max.is_some_and(|max| max < min) {
                    return Err(NeedsBacktracking::Unrecognised);
                }
                match max {
                    Some(max) => self.out.push_str(&format!("{{{min},{max}}}")),
                    None => self.out.push_str(&format!("{{{min},}}")),
                }
            }
            _ => return Ok(()),
        }
        // Lazy or greedy, a match exists or it does not; `regex` reads both anyway.
        if self.eat("?") {
            self.out.push('?');
        }
        Ok(())
    }

    /// A repetition count. One that does not fit `regex`'s `u32` cannot be written there.
    fn count(&mut self) -> Result<u32, NeedsBacktracking> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == start {
            return Err(NeedsBacktracking::Unrecognised);
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().map_err(|_| NeedsBacktracking::TooLarge)
    }

    /// After a `\` outside a class (`\b` and `\B` are assertions, read before).
    fn atom_escape(&mut self) -> Result<(), NeedsBacktracking> {
        match self.peek() {
            Some('1'..='9' | 'k') => Err(NeedsBacktracking::Backreference),
            Some('p' | 'P') => Err(NeedsBacktracking::PropertyEscape),
            _ => match self.class_escape(false)? {
                ClassAtom::Char(c) => {
                    push_char(&mut self.out, c);
                    Ok(())
                }
                ClassAtom::Set(set) => {
                    if set.starts_with('[') {
                        self.out.push_str(&set);
                    } else {
                        self.out.push('[');
                        self.out.push_str(&set);
                        self.out.push(']');
                    }
                    Ok(())
                }
            },
        }
    }

    /// A class escape (`\d`, `\s`, `\w` and their negations) or a character escape, after its
    /// `\`. `in_class` allows `\-` and reads `\b` as U+0008.
    fn class_escape(&mut self, in_class: bool) -> Result<ClassAtom, NeedsBacktracking> {
        let negated = |set: &str| format!("[^{set}]");
        let atom = match self.next()? {
            'd' => ClassAtom::Set(DIGIT.to_owned()),
            'D' => ClassAtom::Set(negated(DIGIT)),
            'w' => ClassAtom::Set(WORD.to_owned()),
            'W' => ClassAtom::Set(negated(WORD)),
            's' => ClassAtom::Set(SPACE.to_owned()),
            'S' => ClassAtom::Set(negated(SPACE)),
            'p' | 'P' => return Err(NeedsBacktracking::PropertyEscape),
            'b' if in_class => ClassAtom::Char('\u{8}'),
            '-' if in_class => ClassAtom::Char('-'),
            'f' => ClassAtom::Char('\u{C}'),
            'n' => ClassAtom::Char('\n'),
            'r' => ClassAtom::Char('\r'),
            't' => ClassAtom::Char('\t'),
            'v' => ClassAtom::Char('\u{B}'),
            'c' => match self.next()? {
                letter if letter.is_ascii_alphabetic() => {
                    ClassAtom::Char(char::from(letter as u8 % 32))
                }
                _ => return Err(NeedsBacktracking::Unrecognised),
            },
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => ClassAtom::Char('\0'),
            'x' => {
                let value = self.hex_digits(2)?;
                ClassAtom::Char(code_point(value)?)
            }
            'u' => ClassAtom::Char(self.unicode_escape()?),
            // Identity escapes the Unicode flag allows: syntax characters and `/`.
            c if "^$\\.*+?()[]{}|/".contains(c) => ClassAtom::Char(c),
            _ => return Err(NeedsBacktracking::Unrecognised),
        };
        Ok(atom)
    }

    /// After `\u`: `{…}`, `XXXX`, or a surrogate pair written `\uD83D\uDE00`.
    fn unicode_escape(&mut self) -> Result<char, NeedsBacktracking> {
        if self.eat("{") {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.at += 1;
            }
            let digits: String = self.chars[start..self.at].iter().collect();
            if digits.is_empty() || !self.eat("}") {
                return Err(NeedsBacktracking::Unrecognised);
            }
            let value =
                u32::from_str_radix(&digits, 16).map_err(|_| NeedsBacktracking::Unrecognised)?;
            return code_point(value);
        }
        let value = self.hex_digits(4)?;
        if (0xD800..0xDC00).contains(&value)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let before = self.at;
            self.at += 2;
            match self.hex_digits(4) {
                Ok(low @ 0xDC00..0xE000) => {
                    return code_point(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00));
                }
                _ => self.at = before,
            }
        }
        code_point(value)
    }

    fn hex_digits(&mut self, count: usize) -> Result<u32, NeedsBacktracking> {
        let mut value = 0;
        for _ in 0..count {
            let digit = self
                .next()?
                .to_digit(16)
                .ok_or(NeedsBacktracking::Unrecognised)?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// After `[`: `[^…]`, `[…]`, ranges, class escapes; `[]` matches nothing and `[^]` any
    /// code point.
    fn class(&mut self) -> Result<(), NeedsBacktracking> {
        let negated = self.eat("^");
        let mut inside = String::new();
        loop {
            match self.peek() {
                None => return Err(NeedsBacktracking::Unrecognised),
                Some(']') => {
                    self.at += 1;
                    break;
                }
                Some(_) => {}
            }
            let first = self.class_atom()?;
            // `-` is a range only between two atoms: `[a-]` and `[-a]` hold a `-`.
            if self.peek() == Some('-') && !matches!(self.peek_at(1), None | Some(']')) {
                self.at += 1;
                let last = self.class_atom()?;
                match (first, last) {
                    (ClassAtom::Char(low), ClassAtom::Char(high)) if low <= high => {
                        push_char(&mut inside, low);
                        inside.push('-');
                        push_char(&mut inside, high);
                    }
                    // `[\d-z]` and `[z-a]` are errors with the Unicode flag.
                    _ => return Err(NeedsBacktracking::Unrecognised),
                }
            } else {
                match first {
                    ClassAtom::Char(c) => push_char(&mut inside, c),
                    ClassAtom::Set(set) => inside.push_str(&set),
                }
            }
        }
        match (negated, inside.is_empty()) {
            (false, true) => self.out.push_str(NOTHING),
            (true, true) => self.out.push_str(ANY),
            (false, false) => {
                self.out.push('[');
                self.out.push_str(&inside);
                self.out.push(']');
            }
            (true, false) => {
                self.out.push_str("[^");
                self.out.push_str(&inside);
                self.out.push(']');
            }
        }
        Ok(())
    }

    fn class_atom(&mut self) -> Result<ClassAtom, NeedsBacktracking> {
        match self.next()? {
            '\\' => match self.peek() {
                Some('1'..='9' | 'k') => Err(NeedsBacktracking::Unrecognised),
                _ => self.class_escape(true),
            },
            c => Ok(ClassAtom::Char(c)),
        }
    }
}

/// A code point the pattern names. A lone surrogate cannot be in a Rust string, and `regex`
/// cannot write one.
fn code_point(value: u32) -> Result<char, NeedsBacktracking> {
    match value {
        0xD800..=0xDFFF => Err(NeedsBacktracking::LoneSurrogate),
        _ => char::from_u32(value).ok_or(NeedsBacktracking::Unrecognised),
    }
}

/// One literal code point. Anything but an ASCII letter, digit or `_` is written `\x{…}`, which
/// `regex` reads as that code point wherever it stands: `-`, `[`, `&` and `~` mean something
/// inside its classes, and `#` and spaces under flags it could be given.
fn push_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == '_' {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(pattern: &str) -> String {
        translate(pattern).unwrap_or_else(|why| panic!("{pattern:?}: {why:?}"))
    }

    #[test]
    fn classes_are_written_out() {
        assert_eq!(ok(r"^\d+$"), "^[0-9]+$");
        assert_eq!(ok(r"\W"), "[^0-9A-Za-z_]");
        assert_eq!(ok("a.b"), format!("a{DOT}b"));
        assert_eq!(ok(r"[^\s]"), format!("[^{SPACE}]"));
        assert_eq!(ok(r"[\D_]"), "[[^0-9]_]");
        assert_eq!(ok("[]"), NOTHING);
        assert_eq!(ok("[^]"), ANY);
        assert_eq!(ok("[a-]"), r"[a\x{2D}]");
        assert_eq!(ok("[-a]"), r"[\x{2D}a]");
        assert_eq!(ok("[[&&]"), r"[\x{5B}\x{26}\x{26}]");
    }

    #[test]
    fn escapes_become_code_points() {
        assert_eq!(ok(r"\x41\u0042\u{43}\cJ\0\/"), r"ABC\x{A}\x{0}\x{2F}");
        assert_eq!(ok(r"\uD83D\uDE00"), r"\x{1F600}");
        assert_eq!(ok(r"[\b\-]"), r"[\x{8}\x{2D}]");
        assert_eq!(ok(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
    }

    #[test]
    fn groups_and_quantifiers() {
        assert_eq!(ok("^(a+)+$"), "^(?:a+)+$");
        assert_eq!(
            ok(r"(?<year>\d{4})-(?:x){2,}?"),
            r"(?:[0-9]{4,4})\x{2D}(?:x){2,}?"
        );
        assert_eq!(ok("a|"), "a|");
        assert_eq!(ok(""), "");
    }

    #[test]
    fn what_needs_backtracking_is_named() {
        use NeedsBacktracking::*;
        for (pattern, why) in [
            (r"(a)\1", Backreference),
            (r"\k<n>(?<n>a)", Backreference),
            ("(?=a)", Lookaround),
            ("(?<!a)b", Lookaround),
            (r"\p{L}", PropertyEscape),
            (r"[\P{L}]", PropertyEscape),
            (r"\uD800", LoneSurrogate),
            (r"[\u{DFFF}]", LoneSurrogate),
            ("a{99999999999}", TooLarge),
            ("(?i:a)", Unrecognised),
        ] {
            assert_eq!(translate(pattern), Err(why), "{pattern}");
        }
        let deep = format!("{}{}", "(".repeat(MAX_DEPTH + 2), ")".repeat(MAX_DEPTH + 2));
        assert_eq!(translate(&deep), Err(TooLarge));
    }
}
