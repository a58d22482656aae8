//! Reading a JSON object into fields, key by key, collecting every problem.
//!
//! Generated code (and the run-time checker) walks an object's entries once: it finds each key
//! in the type's [`Keys`], reads the value with the field's reader straight from the input, and
//! records what is wrong in an [`ObjectReader`]. Keys that are not fields are skipped and named
//! at the end. No `serde_json::Value` is built on the way, and no key is copied unless it is a
//! problem. The problems come out in the card's order, whatever the order of the input, with
//! the keys that are not fields last, in alphabetical order.

use core::fmt;
use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::read::{Invalid, NullOr, Parsed, ReadValue, Seed};
use crate::validation::{Problem, PropertiesError, PropertyError};

/// The keys one object type knows: its fields in the card's order (a field's index is its
/// place in [`fields`](Self::fields), then [`constants`](Self::constants)), how to find them,
/// and the keys it refuses by name.
#[derive(Debug)]
pub struct Keys<'k> {
    /// The fields' wire names, in the card's order.
    pub fields: &'k [&'k str],
    /// Fields whose only value is a constant, written by serialization: after `fields`.
    pub constants: &'k [&'k str],
    /// Whether each field, then each constant, must be given.
    pub required: &'k [bool],
    /// Finds a key's index in constant time; built on first use ([`KeyIndex::new`]).
    pub index: KeyIndex,
    /// `read_only` properties: Stitch sets them, a request may not.
    pub read_only: &'k [&'k str],
    /// `user_provided_immutable` properties, refused by an update.
    pub immutable: &'k [&'k str],
    /// Properties of the card that a derived struct holds no field for.
    pub not_held: &'k [&'k str],
}

impl<'k> Keys<'k> {
    /// The wire name of the field (or constant) at `index`.
    pub fn name(&self, index: usize) -> &'k str {
        match self.fields.get(index) {
            Some(name) => name,
            None => self.constants[index - self.fields.len()],
        }
    }

    /// The index of the field (or constant) named `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        let table = self.index.table(self);
        // Open addressing with linear probing; the table is at most half full, so a probe
        // ends at an empty slot.
        let mask = table.len() - 1;
        let mut slot = key_hash(key) & mask;
        loop {
            match table[slot] {
                0 => return None,
                entry => {
                    let index = entry as usize - 1;
                    if self.name(index) == key {
                        return Some(index);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// How [`Keys::find`] finds a key: a hash table of the indices (plus one; 0 is an empty slot),
/// built the first time a key is looked up and kept for the life of the process (for a
/// generated type) or of the `Keys`.
///
/// A binary search over the names took 40% of a read of the guide's properties (a string
/// comparison per step), and grows with the number of fields; a lookup here hashes the key
/// once and compares one name.
pub struct KeyIndex(OnceLock<Box<[u32]>>);

impl KeyIndex {
    /// An index not built yet.
    #[allow(clippy::new_without_default)] // `const`, for a `static` of generated code
    pub const fn new() -> Self {
        KeyIndex(OnceLock::new())
    }

    fn table(&self, keys: &Keys<'_>) -> &[u32] {
        self.0.get_or_init(|| {
            let count = keys.fields.len() + keys.constants.len();
            let size = (count * 2).max(1).next_power_of_two();
            let mask = size - 1;
            let mut table = vec![0_u32; size].into_boxed_slice();
            for index in 0..count {
                let mut slot = key_hash(keys.name(index)) & mask;
                while table[slot] != 0 {
                    slot = (slot + 1) & mask;
                }
                table[slot] = u32::try_from(index + 1).expect("fewer than 4 billion fields");
            }
            table
        })
    }
}

impl fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "KeyIndex(built)"
        } else {
            "KeyIndex(not built)"
        })
    }
}

/// A multiply-and-rotate hash over eight bytes at a time (as rustc's FxHash): a key costs
/// one multiplication per eight bytes. Only the names of the type are in the table, so a key
/// crafted to collide costs at most a probe per name of the longest run.
fn key_hash(key: &str) -> usize {
    const SEED: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let bytes = key.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = bytes.len() as u64;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let mut tail = [0; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = mix(hash, u64::from_le_bytes(tail));
    // The table takes the low bits, which a multiplication mixes least: fold the high ones in.
    hash ^= hash >> 32;
    hash ^= hash >> 16;
    // Truncation on 32-bit targets keeps the low bits, the ones the table takes.
    hash as usize
}

/// An object key as the input gives it: borrowed from the input where it can be.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl core::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Which fields an object gave, one bit each: the first 128 inline, so reading an object of
/// a type that small allocates nothing for it.
#[derive(Debug)]
struct Given {
    first: [u64; 2],
    rest: Vec<u64>,
}

impl Given {
    const INLINE: usize = 128;

    fn new(count: usize) -> Self {
        Given {
            first: [0; 2],
            rest: vec![0; count.saturating_sub(Self::INLINE).div_ceil(64)],
        }
    }

    // 128 is a multiple of 64: a bit's place in its word is `index % 64` on either side.
    fn word(&mut self, index: usize) -> &mut u64 {
        match index.checked_sub(Self::INLINE) {
            None => &mut self.first[index / 64],
            Some(beyond) => &mut self.rest[beyond / 64],
        }
    }

    fn set(&mut self, index: usize) {
        *self.word(index) |= 1 << (index % 64);
    }

    fn has(&self, index: usize) -> bool {
        let word = match index.checked_sub(Self::INLINE) {
            None => self.first[index / 64],
            Some(beyond) => self.rest[beyond / 64],
        };
        word & (1 << (index % 64)) != 0
    }
}

/// Reads one object's entries into a type's fields, and collects what they hold wrong.
///
/// A type's reader asks for the entries one at a time with [`next_field`](Self::next_field),
/// which skips (and remembers) keys that are no field, and reads each value with
/// [`read`](Self::read) into the field's slot:
///
/// ```text
/// let mut reader = ObjectReader::new(&KEYS, map);
/// while let Some(field) = reader.next_field()? {
///     match field {
///         0 => reader.read(string(), &mut host)?,
///         1 => reader.read(digit_string("^\\d+$"), &mut port)?,
///         _ => {}
///     }
/// }
/// reader.finish()?; // then build the value from the slots
/// ```
#[derive(Debug)]
pub struct ObjectReader<'k, A> {
    keys: &'k Keys<'k>,
    map: A,
    /// The field whose value is next in `map`.
    current: usize,
    given: Given,
    problems: Vec<(usize, PropertyError)>,
    leftovers: Vec<String>,
}

impl<'k, A> ObjectReader<'k, A> {
    /// A reader of the object `map`, of the type `keys` describes.
    pub fn new(keys: &'k Keys<'k>, map: A) -> Self {
        ObjectReader {
            keys,
            map,
            current: 0,
            given: Given::new(keys.fields.len() + keys.constants.len()),
            problems: Vec::new(),
            leftovers: Vec::new(),
        }
    }

    /// The index of the field (or constant, after the fields) of the next entry; `None` at the
    /// end of the object. An entry whose key is no field is skipped, to be named by
    /// [`finish`](Self::finish).
    pub fn next_field<'de>(&mut self) -> Result<Option<usize>, A::Error>
    where
        A: MapAccess<'de>,
    {
        while let Some(key) = self.map.next_key::<Key<'de>>()? {
            match self.keys.find(&key) {
                Some(index) => {
                    self.current = index;
                    return Ok(Some(index));
                }
                None => self.leftover(&key)?,
            }
        }
        Ok(None)
    }

    /// Reads the value of the field [`next_field`](Self::next_field) returned with `reader`
    /// into `slot`, which stays `None` when the value has a problem (recorded). `null` is the
    /// value of an optional field that is not given; for a required one it is a problem.
    ///
    /// Never inlined, and the slot is written through a reference: a type's reader calls it
    /// once per field, and a value returned to each of a card's slots costs the optimizer
    /// time that grows faster than the card (a 600-property card: 106 s of release build,
    /// against 30 s).
    #[inline(never)]
    pub fn read<'de, T, R>(&mut self, reader: R, slot: &mut Option<T>) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        R: ReadValue<T>,
    {
        let index = self.current;
        *slot = if self.keys.required[index] {
            let parsed = self.map.next_value_seed(Seed(reader, PhantomData))?;
            self.accept(index, parsed)
        } else {
            match self
                .map
                .next_value_seed(Seed(NullOr(reader), PhantomData))?
            {
                Ok(None) => None,
                other => self.accept(index, other).flatten(),
            }
        };
        Ok(())
    }

    /// Reads the value of the constant [`next_field`](Self::next_field) returned: `value`, or a
    /// problem (`null` included).
    pub fn read_constant<'de>(&mut self, value: &str) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
    {
        let index = self.current;
        let parsed = self
            .map
            .next_value_seed(Seed(super::read::constant(value), PhantomData))?;
        self.accept(index, parsed);
        Ok(())
    }

    /// Records the value of the field at `index`: given, and right or with a problem.
    fn accept<T>(&mut self, index: usize, parsed: Parsed<T>) -> Option<T> {
        self.given.set(index);
        match parsed {
            Ok(value) => Some(value),
            Err(invalid) => {
                let name = self.keys.name(index);
                self.problems
                    .extend(invalid.at(name).into_iter().map(|problem| (index, problem)));
                None
            }
        }
    }

    /// Skips the value of a key that is not a field, to name it at the end. The value is wiped:
    /// a misspelt key may hold a credential.
    fn leftover<'de>(&mut self, key: &str) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
    {
        let mut value: Value = self.map.next_value()?;
        super::scrub(&mut value);
        self.leftovers.push(key.to_owned());
        Ok(())
    }

    /// Every problem of the object, in the card's order (keys that are not fields last,
    /// alphabetically); `Ok` when every field read was right and every required one given.
    ///
    /// The caller then builds its value from the slots; a required slot is `Some` after `Ok`
    /// (a type that builds with `let … else` can answer [`missing`] where it is not). Building
    /// is left to the caller, out of a closure, because a struct literal of fallible operands
    /// (`Type { a: a?, b: b? }`) gives the optimizer one cleanup path per operand, each
    /// dropping every other field: quadratic, and a 600-property card took ten minutes to
    /// compile in release.
    pub fn finish(self) -> Result<(), Invalid> {
        let ObjectReader {
            keys,
            given,
            mut problems,
            mut leftovers,
            ..
        } = self;
        for (index, required) in keys.required.iter().enumerate() {
            if *required && !given.has(index) {
                problems.push((
                    index,
                    PropertyError::new(keys.name(index), Problem::Missing),
                ));
            }
        }
        problems.sort_by_key(|(index, _)| *index);
        let mut problems: Vec<PropertyError> =
            problems.into_iter().map(|(_, problem)| problem).collect();
        leftovers.sort_unstable();
        problems.extend(leftovers.into_iter().map(|key| {
            let problem = leftover_problem(keys, &key);
            PropertyError::new(key, problem)
        }));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Invalid::Inside(problems))
        }
    }
}

/// The answer of a type's reader for a required field found empty after
/// [`ObjectReader::finish`] said every required field was given: it cannot happen, and is a
/// "missing" problem rather than a panic if it does.
pub fn missing<T, E>() -> Result<Parsed<T>, E> {
    Ok(Err(Invalid::Value(Problem::Missing)))
}

/// Why a key that is not a field is refused: one the card names otherwise, or an unknown one
/// with the closest field suggested.
fn leftover_problem(keys: &Keys<'_>, key: &str) -> Problem {
    let listed = |names: &[&str]| names.contains(&key);
    if listed(keys.read_only) {
        Problem::ReadOnly
    } else if listed(keys.immutable) {
        Problem::Immutable
    } else if listed(keys.not_held) {
        Problem::NotHeld
    } else {
        Problem::Unknown {
            suggestion: stitch_report_card::closest_name(key, keys.fields.iter().copied())
                .map(str::to_owned),
        }
    }
}

/// A type read from a JSON object with an [`ObjectReader`]: generated properties, update and
/// nested struct types, and structs that derive `Properties`.
pub trait ReadObject: Sized {
    /// Reads the object's entries from `map`.
    fn read_object<'de, A: MapAccess<'de>>(map: A) -> Result<Parsed<Self>, A::Error>;
}

/// Reads a [`ReadObject`] type from any value; anything but an object is of the wrong type.
#[derive(Debug)]
pub struct ObjectOf<T> {
    expected: &'static str,
    read: PhantomData<fn() -> T>,
}

impl<T> Clone for ObjectOf<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ObjectOf<T> {}

/// The reader of [`ObjectOf`].
pub const fn object_of<T: ReadObject>() -> ObjectOf<T> {
    ObjectOf {
        expected: "an object",
        read: PhantomData,
    }
}

/// The reader of a create request's properties, which name what they are when they are not an
/// object (as `Properties::from_json_value` does).
const fn properties_object<T: ReadObject>() -> ObjectOf<T> {
    ObjectOf {
        expected: "an object of properties",
        read: PhantomData,
    }
}

impl<T: ReadObject> ReadValue<T> for ObjectOf<T> {
    fn expected(self) -> &'static str {
        self.expected
    }

    fn object<'de, A: MapAccess<'de>>(self, map: A) -> Result<Parsed<T>, A::Error> {
        T::read_object(map)
    }
}

/// The error of a properties object: its problems, under the card's type.
pub(crate) fn invalid_properties(
    card_type: impl Into<Cow<'static, str>>,
    invalid: Invalid,
) -> PropertiesError {
    let problems = match invalid {
        Invalid::Value(problem) => vec![PropertyError::new("", problem)],
        Invalid::Inside(problems) => problems,
    };
    PropertiesError::new(card_type, problems)
}

/// `Deserialize` of a create request's properties type: every problem at once, as one error.
pub fn deserialize_properties<'de, T, D>(
    deserializer: D,
    card_type: &'static str,
) -> Result<T, D::Error>
where
    T: ReadObject,
    D: Deserializer<'de>,
{
    properties_object::<T>()
        .read(deserializer)?
        .map_err(|invalid| de::Error::custom(invalid_properties(card_type, invalid)))
}

/// `Deserialize` of an update type: every problem at once, as one error.
pub fn deserialize_update<'de, T, D>(
    deserializer: D,
    card_type: &'static str,
) -> Result<T, D::Error>
where
    T: ReadObject,
    D: Deserializer<'de>,
{
    object_of::<T>()
        .read(deserializer)?
        .map_err(|invalid| de::Error::custom(invalid_properties(card_type, invalid)))
}

/// `from_json_map` of a properties or update type.
pub fn properties_from_map<T: ReadObject>(
    map: Map<String, Value>,
    card_type: &'static str,
) -> Result<T, PropertiesError> {
    update_from_value(Value::Object(map), card_type)
}

/// `from_json_value` of an update type (a create request's is `Properties::from_json_value`).
pub fn update_from_value<T: ReadObject>(
    value: Value,
    card_type: &'static str,
) -> Result<T, PropertiesError> {
    object_of::<T>()
        .read_value(value)
        .map_err(|invalid| invalid_properties(card_type, invalid))
}

/// `Deserialize` of a generated value type (nested struct, union, newtype, enum): its problems
/// as one message, without the offending values when the type holds a credential.
pub fn deserialize_wire<'de, T, D>(deserializer: D, credential: bool) -> Result<T, D::Error>
where
    T: super::ReadWire,
    D: Deserializer<'de>,
{
    T::read_wire(deserializer)?.map_err(|invalid| {
        let invalid = if credential {
            invalid.redacted()
        } else {
            invalid
        };
        de::Error::custom(invalid.into_message())
    })
}

/// Reads a union (an `anyOf` of objects told apart by the constant field `discriminator`):
/// the branch whose tag the field holds, read by `branch` from the other fields.
pub fn read_union<T>(
    value: Value,
    discriminator: &str,
    tags: &[&str],
    branch: impl FnOnce(usize, Map<String, Value>) -> Parsed<T>,
) -> Parsed<T> {
    let Value::Object(mut map) = value else {
        return Err(Invalid::Value(Problem::WrongType {
            expected: "an object",
            found: crate::validation::json_kind(&value),
        }));
    };
    let problem = match map.remove(discriminator) {
        None => Problem::Missing,
        Some(Value::String(tag)) => match tags.iter().position(|known| *known == tag) {
            Some(index) => return branch(index, map),
            None => Problem::NotAllowed {
                value: Some(crate::validation::show_value(&Value::String(tag))),
                allowed: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            },
        },
        Some(other) => Problem::WrongType {
            expected: "a string",
            found: crate::validation::json_kind(&other),
        },
    };
    Err(Invalid::Inside(vec![PropertyError::new(
        discriminator,
        problem,
    )]))
}

/// The keys of an object with no field: a union branch without one.
static NO_KEYS: Keys<'static> = Keys {
    fields: &[],
    constants: &[],
    required: &[],
    index: KeyIndex::new(),
    read_only: &[],
    immutable: &[],
    not_held: &[],
};

/// Reads an object that may hold nothing (every key is unknown).
pub fn read_nothing(map: Map<String, Value>) -> Parsed<()> {
    struct Nothing;
    impl ReadObject for Nothing {
        fn read_object<'de, A: MapAccess<'de>>(map: A) -> Result<Parsed<Self>, A::Error> {
            let mut reader = ObjectReader::new(&NO_KEYS, map);
            // Every key is a leftover: `next_field` skips them all.
            while reader.next_field()?.is_some() {}
            Ok(reader.finish().map(|()| Nothing))
        }
    }
    object_of::<Nothing>()
        .read_value(Value::Object(map))
        .map(|Nothing| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    static KEYS: Keys<'static> = Keys {
        fields: &["port", "host"],
        constants: &["kind"],
        required: &[true, true, false],
        index: KeyIndex::new(),
        read_only: &["external_id"],
        immutable: &[],
        not_held: &[],
    };

    #[derive(Debug, PartialEq)]
    struct Pair {
        host: String,
        port: u16,
    }

    impl ReadObject for Pair {
        fn read_object<'de, A: MapAccess<'de>>(map: A) -> Result<Parsed<Self>, A::Error> {
            let mut reader = ObjectReader::new(&KEYS, map);
            let (mut port, mut host) = (None, None);
            while let Some(field) = reader.next_field()? {
                match field {
                    0 => reader.read(crate::wire::digit_string("^\\d+$"), &mut port)?,
                    1 => reader.read(crate::wire::string(), &mut host)?,
                    2 => reader.read_constant("pair")?,
                    _ => {}
                }
            }
            if let Err(invalid) = reader.finish() {
                return Ok(Err(invalid));
            }
            let (Some(host), Some(port)) = (host, port) else {
                return missing();
            };
            Ok(Ok(Pair { host, port }))
        }
    }

    fn problems(json: &str) -> Vec<String> {
        let parsed: Parsed<Pair> = object_of::<Pair>()
            .read(&mut serde_json::Deserializer::from_str(json))
            .unwrap();
        match parsed {
            Ok(_) => Vec::new(),
            Err(invalid) => invalid.at("").iter().map(ToString::to_string).collect(),
        }
    }

    static NOTED_KEYS: Keys<'static> = Keys {
        fields: &["port", "note"],
        constants: &["kind"],
        required: &[true, false, false],
        index: KeyIndex::new(),
        read_only: &[],
        immutable: &[],
        not_held: &[],
    };

    /// A required field, an optional one and an optional constant: what `null` means to each.
    #[derive(Debug, PartialEq)]
    struct Noted {
        port: u16,
        note: Option<String>,
    }

    impl ReadObject for Noted {
        fn read_object<'de, A: MapAccess<'de>>(map: A) -> Result<Parsed<Self>, A::Error> {
            let mut reader = ObjectReader::new(&NOTED_KEYS, map);
            let (mut port, mut note) = (None, None);
            while let Some(field) = reader.next_field()? {
                match field {
                    0 => reader.read(crate::wire::digit_string("^\\d+$"), &mut port)?,
                    1 => reader.read(crate::wire::string(), &mut note)?,
                    2 => reader.read_constant("noted")?,
                    _ => {}
                }
            }
            if let Err(invalid) = reader.finish() {
                return Ok(Err(invalid));
            }
            let Some(port) = port else {
                return missing();
            };
            Ok(Ok(Noted { port, note }))
        }
    }

    #[test]
    fn null_is_not_given_for_an_optional_field_and_a_problem_otherwise() {
        let read = |json: serde_json::Value| -> Result<Noted, Vec<String>> {
            object_of::<Noted>()
                .read_value(json)
                .map_err(|invalid| invalid.at("").iter().map(ToString::to_string).collect())
        };
        assert_eq!(
            read(serde_json::json!({"port": "1", "note": null})),
            Ok(Noted {
                port: 1,
                note: None
            })
        );
        let port_null = read(serde_json::json!({"port": null, "note": "n"})).unwrap_err();
        assert_eq!(port_null.len(), 1, "{port_null:?}");
        assert!(port_null[0].starts_with("`.port`"), "{port_null:?}");
        // Not "missing": a required field given `null` is given, of the wrong type.
        assert!(!port_null[0].contains("missing"), "{port_null:?}");
        assert!(port_null[0].contains("null"), "{port_null:?}");
        let kind_null = read(serde_json::json!({"port": "1", "kind": null})).unwrap_err();
        assert_eq!(kind_null.len(), 1, "{kind_null:?}");
        assert!(kind_null[0].starts_with("`.kind`"), "{kind_null:?}");
        assert_eq!(
            read(serde_json::json!({"port": "2", "kind": "noted", "note": "n"})),
            Ok(Noted {
                port: 2,
                note: Some("n".into())
            })
        );
    }

    #[test]
    fn keys_are_found_by_name() {
        assert_eq!(KEYS.find("host"), Some(1));
        assert_eq!(KEYS.find("kind"), Some(2));
        assert_eq!(KEYS.find("hots"), None);
        assert_eq!(KEYS.find("port"), Some(0));
        assert_eq!(KEYS.find(""), None);
        assert_eq!(NO_KEYS.find("port"), None);
    }

    #[test]
    fn given_fields_are_kept_apart_inline_and_beyond() {
        let mut given = Given::new(300);
        for index in [0, 63, 64, 127, 128, 191, 192, 299] {
            assert!(!given.has(index));
            given.set(index);
            assert!(given.has(index), "{index}");
        }
        let set = (0..300).filter(|&index| given.has(index)).count();
        assert_eq!(set, 8);
    }

    #[test]
    fn every_name_of_a_large_type_is_found_and_no_other() {
        let names: Vec<String> = (0..10_000).map(|n| format!("property_{n}")).collect();
        let fields: Vec<&str> = names.iter().map(String::as_str).collect();
        let required = vec![false; fields.len()];
        let keys = Keys {
            fields: &fields,
            constants: &["kind"],
            required: &required,
            index: KeyIndex::new(),
            read_only: &[],
            immutable: &[],
            not_held: &[],
        };
        for (index, name) in fields.iter().enumerate() {
            assert_eq!(keys.find(name), Some(index), "{name}");
        }
        assert_eq!(keys.find("kind"), Some(10_000));
        assert_eq!(keys.find("property_10000"), None);
        assert_eq!(keys.find("property_"), None);
    }

    #[test]
    fn problems_come_in_card_order_whatever_the_input_order() {
        assert_eq!(
            problems(r#"{"zz": 1, "hots": "x", "kind": "other", "port": "x", "external_id": 5}"#),
            [
                "`.port` \"x\" does not match the pattern `^\\d+$` (ASCII digits only, such as \"5432\")",
                "`.host` is required but missing",
                "`.kind` \"other\" is not one of \"pair\"",
                "`.external_id` is read-only: Stitch sets it, and a request that sends it is rejected",
                "`.hots` is not a property of this report card; did you mean `host`?",
                "`.zz` is not a property of this report card",
            ]
            .map(str::to_owned)
            .to_vec(),
        );
        assert!(problems(r#"{"host": "h", "port": "1"}"#).is_empty());
        let read = object_of::<Pair>().read_value(serde_json::json!({"port": "1", "host": "h"}));
        assert_eq!(
            read.ok(),
            Some(Pair {
                host: "h".into(),
                port: 1
            })
        );
    }
}
