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
//! does not know with certainty.
//!
//! It writes one of two dialects. [`Dialect::Linear`] is the `regex` crate's, for its engines
//! of linear time, and refuses backreferences, lookaround and `\B`. [`Dialect::Backtracking`]
//! is `fancy-regex`'s, whose backtracking search stops after a number of steps, for the
//! patterns that need one; there a backreference `\N` becomes `(?(N)\N|)`, since in ECMA-262 a
//! reference to a group that did not take part matches the empty string where `fancy-regex`
//! would fail, and a reference is refused where ECMA-262's other rules about captures differ
//! from Perl's: a group inside a repetition (ECMA clears its capture at every iteration) or
//! inside a lookaround, and a reference inside the group it refers to or inside a lookbehind
//! (ECMA matches lookbehinds backwards).

use super::NeedsBacktracking;

/// Which engine the rewrite is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// The `regex` crate: no backreference, lookaround or `\B`.
    Linear,
    /// `fancy-regex`, with its step bound.
    Backtracking,
}

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
/// `\B` has no rewrite for the `regex` crate: `(?-u:\B)` also holds between two bytes of one
/// UTF-8 character, and to skip such a match the crate searches again from the next byte,
/// which takes quadratic time on a long value with non-ASCII characters. For `fancy-regex`,
/// both assertions are written with lookaround over ASCII word characters.
const BACKTRACKING_WORD_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";
const BACKTRACKING_NOT_WORD_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";
/// `[^]`: any code point. `[]`: none.
const ANY: &str = r"[\x{0}-\x{10FFFF}]";
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";

/// Groups nested deeper than this are left to `regress`, which has a limit of its own; the
/// recursion here stays shallow whatever the card holds.
const MAX_DEPTH: usize = 200;

/// The most times, nested counts multiplied, the backtracking dialect may repeat one part of
/// a pattern for each character of the value (`(?:(?:x){100}){100}` is 10,000). Its engine's
/// step bound counts backtracks, and a counted repetition of a part that never backtracks (a
/// lookahead, say) costs none: `(?:(?:(?=a)){1000}){1000}){1000}` would run 10^9 iterations on
/// one character without meeting it. The linear engine has its own bound, the size of its
/// program.
const MAX_REPETITIONS: u64 = 10_000;

/// The pattern in `dialect`'s syntax, or why it cannot be written there.
pub(super) fn translate(pattern: &str, dialect: Dialect) -> Result<String, NeedsBacktracking> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut translator = Translator {
        capture_names: capture_names(&chars),
        chars,
        at: 0,
        out: String::with_capacity(pattern.len() * 2),
        dialect,
        groups: Vec::new(),
        captures: 0,
        open: Vec::new(),
        references: Vec::new(),
    };
    translator.disjunction(0)?;
    if translator.at != translator.chars.len() {
        // A `)` without its `(`: regress refuses it; never guess.
        return Err(NeedsBacktracking::Unrecognised);
    }
    translator.check_references()?;
    Ok(translator.out)
}

/// The name of each capturing group, in the order ECMA-262 numbers them (`None`: unnamed), so
/// that `\k<name>` can refer to a group written after it.
fn capture_names(chars: &[char]) -> Vec<Option<String>> {
    let mut names = Vec::new();
    let mut at = 0;
    let mut in_class = false;
    while at < chars.len() {
        match chars[at] {
            '\\' => at += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => match (chars.get(at + 1), chars.get(at + 2), chars.get(at + 3)) {
                (Some('?'), Some('<'), Some(next)) if !matches!(next, '=' | '!') => {
                    let name: String = chars[at + 3..].iter().take_while(|&&c| c != '>').collect();
                    names.push(Some(name));
                }
                (Some('?'), ..) => {}
                _ => names.push(None),
            },
            _ => {}
        }
        at += 1;
    }
    names
}

/// What a group is, for the rules about backreferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    Capture(usize),
    NonCapturing,
    Lookahead,
    Lookbehind,
}

struct Group {
    kind: GroupKind,
    /// The group around it.
    parent: Option<usize>,
    /// Followed by a quantifier that can repeat it.
    repeated: bool,
}

/// A backreference to capture `target`, with the groups open where it stands.
struct Reference {
    target: usize,
    inside: Vec<usize>,
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
    dialect: Dialect,
    capture_names: Vec<Option<String>>,
    /// Every group read so far, by the order of its `(`.
    groups: Vec<Group>,
    /// The capturing groups among them, which ECMA-262 numbers from 1.
    captures: usize,
    /// The groups open where the reader stands, innermost last.
    open: Vec<usize>,
    references: Vec<Reference>,
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

    /// Alternatives; returns the most times any part of them is repeated (see
    /// [`MAX_REPETITIONS`]).
    fn disjunction(&mut self, depth: usize) -> Result<u64, NeedsBacktracking> {
        if depth > MAX_DEPTH {
            return Err(NeedsBacktracking::TooLarge);
        }
        let mut repetitions = 1;
        loop {
            while !matches!(self.peek(), None | Some('|' | ')')) {
                repetitions = repetitions.max(self.term(depth)?);
            }
            if self.eat("|") {
                self.out.push('|');
            } else {
                return Ok(repetitions);
            }
        }
    }

    /// One term; returns the most times a part of it is repeated.
    fn term(&mut self, depth: usize) -> Result<u64, NeedsBacktracking> {
        let mut group = None;
        let mut inner = 1;
        match self.next()? {
            '^' => return self.assertion("^"),
            '$' => return self.assertion("$"),
            '\\' if self.eat("b") => {
                return self.assertion(match self.dialect {
                    Dialect::Linear => WORD_BOUNDARY,
                    Dialect::Backtracking => BACKTRACKING_WORD_BOUNDARY,
                });
            }
            '\\' if self.eat("B") => {
                return match self.dialect {
                    Dialect::Linear => Err(NeedsBacktracking::NotWordBoundary),
                    Dialect::Backtracking => self.assertion(BACKTRACKING_NOT_WORD_BOUNDARY),
                };
            }
            '\\' => self.atom_escape()?,
            '(' => {
                let (index, repetitions) = self.group(depth)?;
                group = Some(index);
                inner = repetitions;
            }
            '[' => self.class()?,
            '.' => self.out.push_str(DOT),
            // Nothing to repeat, or a lone bracket or brace: errors with the Unicode flag.
            '*' | '+' | '?' | '{' | '}' | ']' => return Err(NeedsBacktracking::Unrecognised),
            c => push_char(&mut self.out, c),
        }
        let (repeats, count) = self.quantifier()?;
        if let Some(group) = group {
            self.groups[group].repeated = repeats;
        }
        let repetitions = inner.saturating_mul(count);
        if self.dialect == Dialect::Backtracking && repetitions > MAX_REPETITIONS {
            return Err(NeedsBacktracking::TooLarge);
        }
        Ok(repetitions)
    }

    /// An assertion takes no quantifier with the Unicode flag.
    fn assertion(&mut self, written: &str) -> Result<u64, NeedsBacktracking> {
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.out.push_str(written);
        Ok(1)
    }

    /// After `(`; returns the group's index in `groups`, and the most times a part of it is
    /// repeated.
    fn group(&mut self, depth: usize) -> Result<(usize, u64), NeedsBacktracking> {
        let lookaround = [
            ("?=", GroupKind::Lookahead),
            ("?!", GroupKind::Lookahead),
            ("?<=", GroupKind::Lookbehind),
            ("?<!", GroupKind::Lookbehind),
        ]
        .into_iter()
        .find(|(opening, _)| self.eat(opening));
        let kind = if let Some((opening, kind)) = lookaround {
            if self.dialect == Dialect::Linear {
                return Err(NeedsBacktracking::Lookaround);
            }
            self.out.push('(');
            self.out.push_str(opening);
            kind
        } else if self.eat("?:") {
            self.out.push_str("(?:");
            GroupKind::NonCapturing
        } else if self.peek() == Some('?') && self.peek_at(1) != Some('<') {
            // Modifiers such as `(?i:…)`.
            return Err(NeedsBacktracking::Unrecognised);
        } else {
            if self.eat("?<") {
                // A named group: `\k<name>` is rewritten by number, so the name goes.
                while self.next()? != '>' {}
            }
            self.captures += 1;
            let number = self.captures;
            // A yes-or-no search needs no captures, and the linear engine has no references.
            self.out.push_str(match self.dialect {
                Dialect::Linear => "(?:",
                Dialect::Backtracking => "(",
            });
            GroupKind::Capture(number)
        };
        let index = self.groups.len();
        self.groups.push(Group {
            kind,
            parent: self.open.last().copied(),
            repeated: false,
        });
        self.open.push(index);
        let repetitions = self.disjunction(depth + 1)?;
        self.open.pop();
        if !self.eat(")") {
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.out.push(')');
        Ok((index, repetitions))
    }

    /// A quantifier, if one follows: whether it lets its atom match more than once, and how
    /// many times it repeats it whatever the value (its count; an unbounded repetition of a
    /// part that matches nothing ends at once, and one that consumes is bounded by the value).
    fn quantifier(&mut self) -> Result<(bool, u64), NeedsBacktracking> {
        let repeats = match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.at += 1;
                self.out.push(c);
                (c != '?', 1)
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
                let count = u64::from(max.unwrap_or(min)).max(1);
                (max.is_none_or(|max| max > 1), count)
            }
            _ => return Ok((false, 1)),
        };
        // Lazy or greedy, a match exists or it does not; both engines read both anyway.
        if self.eat("?") {
            self.out.push('?');
        }
        Ok(repeats)
    }

    /// After `\` and before the digits or `k<name>` of a backreference.
    fn backreference(&mut self) -> Result<(), NeedsBacktracking> {
        if self.dialect == Dialect::Linear {
            return Err(NeedsBacktracking::Backreference);
        }
        let target = if self.eat("k<") {
            let mut name = String::new();
            loop {
                match self.next()? {
                    '>' => break,
                    c => name.push(c),
                }
            }
            let mut numbered = self
                .capture_names
                .iter()
                .enumerate()
                .filter(|(_, candidate)| candidate.as_deref() == Some(name.as_str()));
            let (index, _) = numbered.next().ok_or(NeedsBacktracking::Unrecognised)?;
            // ECMA-262 lets alternatives share a name, and `\k<name>` means whichever group
            // took part; a number names one.
            if numbered.next().is_some() {
                return Err(NeedsBacktracking::CaptureSemantics);
            }
            1 + index
        } else {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
            }
            let digits: String = self.chars[start..self.at].iter().collect();
            digits
                .parse()
                .map_err(|_| NeedsBacktracking::Unrecognised)?
        };
        if target == 0 || target > self.capture_names.len() {
            return Err(NeedsBacktracking::Unrecognised);
        }
        self.references.push(Reference {
            target,
            inside: self.open.clone(),
        });
        self.out.push_str(&format!("(?({target})\\{target}|)"));
        Ok(())
    }

    /// Refuses the references whose meaning differs between ECMA-262 and `fancy-regex` (see
    /// the module's documentation).
    fn check_references(&self) -> Result<(), NeedsBacktracking> {
        let differs = NeedsBacktracking::CaptureSemantics;
        for reference in &self.references {
            let target = self
                .groups
                .iter()
                .position(|group| group.kind == GroupKind::Capture(reference.target))
                .ok_or(NeedsBacktracking::Unrecognised)?;
            let mut around = Some(target);
            while let Some(group) = around {
                let group = &self.groups[group];
                if group.repeated
                    || matches!(group.kind, GroupKind::Lookahead | GroupKind::Lookbehind)
                {
                    return Err(differs);
                }
                around = group.parent;
            }
            let in_lookbehind = reference
                .inside
                .iter()
                .any(|&group| self.groups[group].kind == GroupKind::Lookbehind);
            if in_lookbehind || reference.inside.contains(&target) {
                return Err(differs);
            }
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
            Some('1'..='9' | 'k') => self.backreference(),
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
        translate(pattern, Dialect::Linear).unwrap_or_else(|why| panic!("{pattern:?}: {why:?}"))
    }

    fn backtracking(pattern: &str) -> Result<String, NeedsBacktracking> {
        translate(pattern, Dialect::Backtracking)
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
        assert_eq!(ok(r"\bx"), r"(?-u:\b)x");
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
            (r"a\Bb", NotWordBoundary),
            (r"\p{L}", PropertyEscape),
            (r"[\P{L}]", PropertyEscape),
            (r"\uD800", LoneSurrogate),
            (r"[\u{DFFF}]", LoneSurrogate),
            ("a{99999999999}", TooLarge),
            ("(?i:a)", Unrecognised),
        ] {
            assert_eq!(translate(pattern, Dialect::Linear), Err(why), "{pattern}");
        }
        let deep = format!("{}{}", "(".repeat(MAX_DEPTH + 2), ")".repeat(MAX_DEPTH + 2));
        assert_eq!(translate(&deep, Dialect::Linear), Err(TooLarge));
    }

    /// Counted repetitions of parts that never backtrack would escape the engine's step bound.
    #[test]
    fn nested_counts_are_bounded_in_the_backtracking_dialect() {
        assert!(backtracking(r"(?:(?:(?=a)){100}){100}").is_ok());
        for pattern in [
            r"(?:(?:(?=a)){100}){101}",
            r"^(?:(?:(?:(?=a)(?=a)){1000}){1000}){1000}",
            r"(?:(?=a)){4294967295}",
            r"(?:(?:(?:x)*){200})?(?:(?:y{2,}){1000}z){11}(?=a)",
        ] {
            assert_eq!(
                backtracking(pattern),
                Err(NeedsBacktracking::TooLarge),
                "{pattern}"
            );
        }
        // The linear engine has the size of its program for a bound.
        assert!(ok(r"(?:x{1000}){100}").len() < 40);
    }

    #[test]
    fn the_backtracking_dialect_keeps_captures_and_guards_references() {
        assert_eq!(backtracking(r"(a)\1").unwrap(), r"(a)(?(1)\1|)");
        // By name, before the group: numbered, as ECMA-262 numbers groups.
        assert_eq!(
            backtracking(r"(x)\k<n>(?<n>a)").unwrap(),
            r"(x)(?(2)\2|)(a)"
        );
        assert_eq!(backtracking("(?<!a)b").unwrap(), "(?<!a)b");
        assert_eq!(
            backtracking(r"a\B").unwrap(),
            format!("a{BACKTRACKING_NOT_WORD_BOUNDARY}")
        );
        // `?` repeats nothing: the capture is never cleared between iterations.
        assert!(backtracking(r"(?:(a)|b)?\1").is_ok());
        for pattern in [
            r"(?:(a)|b)+\1",             // cleared at each iteration in ECMA-262
            r"(a){2}\1",                 // the same
            r"((a)\2)*",                 // the same, from inside
            r"(a\1)",                    // inside the group it refers to
            r"(?=(a))\1",                // a capture inside a lookaround
            r"(a)(?<=\1b)",              // matched backwards in ECMA-262
            r"(?:(?<n>a)|(?<n>b))\k<n>", // one name, two groups: whichever took part
        ] {
            assert_eq!(
                backtracking(pattern),
                Err(NeedsBacktracking::CaptureSemantics),
                "{pattern}"
            );
        }
    }
}
