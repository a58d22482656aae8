//! The trait impls every generated enum and pattern newtype has, written once here as macros
//! that generated code calls, rather than spelled out again for every type of every card.
//!
//! A generated type's own API (`as_str`, `from_wire_str`, `new`, `PATTERN`, …) stays in the
//! generated code, where its docs are; what these macros write is the standard traits that follow
//! from it (`Display`, `FromStr`, `Serialize`, …) and the hidden ones the readers use. Rendered
//! code (`stitch render`) then reads as the type and one line naming what it implements, and
//! the macro expands to a fraction of the tokens.
//!
//! The macros are reached through `__private_0_1_0`, like everything else generated code calls;
//! they are not an API of their own.

/// The traits of a generated enum of wire strings: `Display` and `Serialize` (its wire string),
/// `Debug` (`Type::Variant`: a bare `None` would read like `Option::None`), `FromStr` and
/// `TryFrom<&str>` (with the reason a string is not one of the values), a `Deserialize` that
/// names the values, and the readers' `ReadWire` and `CardValue`.
///
/// The enum must have `as_str`, `from_wire_str` and `WIRE_VALUES`.
#[doc(hidden)]
#[macro_export]
macro_rules! __stitch_wire_enum_traits {
    ($name:ident { $($variant:ident),* $(,)? }, schema = $schema:literal $(,)?) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(match self {
                    $(Self::$variant => ::core::concat!(
                        ::core::stringify!($name), "::", ::core::stringify!($variant)
                    ),)*
                })
            }
        }

        impl $crate::__private_0_1_0::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private_0_1_0::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::UnknownValue;

            fn from_str(wire: &str) -> ::core::result::Result<Self, Self::Err> {
                $name::from_wire_str(wire).ok_or_else(|| {
                    $crate::UnknownValue::new(::core::stringify!($name), wire, $name::WIRE_VALUES)
                })
            }
        }

        impl ::core::convert::TryFrom<&str> for $name {
            type Error = $crate::UnknownValue;

            fn try_from(wire: &str) -> ::core::result::Result<Self, Self::Error> {
                ::core::str::FromStr::from_str(wire)
            }
        }

        impl<'de> $crate::__private_0_1_0::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private_0_1_0::serde::Deserializer<'de>,
            {
                let wire: ::std::borrow::Cow<'de, str> =
                    $crate::__private_0_1_0::serde::Deserialize::deserialize(deserializer)?;
                $name::from_wire_str(&wire).ok_or_else(|| {
                    <D::Error as $crate::__private_0_1_0::serde::de::Error>::unknown_variant(
                        &wire,
                        $name::WIRE_VALUES,
                    )
                })
            }
        }

        #[doc(hidden)]
        impl $crate::__private_0_1_0::ReadWire for $name {
            fn read_wire<'de, D>(
                deserializer: D,
            ) -> ::core::result::Result<$crate::__private_0_1_0::Parsed<Self>, D::Error>
            where
                D: $crate::__private_0_1_0::serde::Deserializer<'de>,
            {
                $crate::__private_0_1_0::ReadValue::read(
                    $crate::__private_0_1_0::one_of($name::WIRE_VALUES, $name::from_wire_str),
                    deserializer,
                )
            }
        }

        #[doc(hidden)]
        impl $crate::__private_0_1_0::CardValue for $name {
            const SCHEMA: &'static str = $schema;
        }
    };
}

/// The traits of a generated pattern newtype (`struct Name(String)`, every value matching
/// `pattern`, a `static` `Pattern` in scope): `FromStr` and `TryFrom<String>`/`TryFrom<&str>`
/// (through `new`, which checks), `AsRef<str>`, `Display` and `Serialize` (the value),
/// `Zeroize`, and the readers' `ReadWire` and `CardValue`. `Debug` and `Deserialize` differ for a
/// credential and stay with the type.
#[doc(hidden)]
#[macro_export]
macro_rules! __stitch_pattern_newtype_traits {
    ($name:ident, pattern = $pattern:ident, schema = $schema:literal $(,)?) => {
        impl ::core::str::FromStr for $name {
            type Err = $crate::formats::PatternError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                $name::new(value)
            }
        }

        impl ::core::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::formats::PatternError;

            fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                $name::new(value)
            }
        }

        impl ::core::convert::TryFrom<&str> for $name {
            type Error = $crate::formats::PatternError;

            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                $name::new(value)
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private_0_1_0::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private_0_1_0::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::__private_0_1_0::zeroize::Zeroize for $name {
            fn zeroize(&mut self) {
                $crate::__private_0_1_0::zeroize::Zeroize::zeroize(&mut self.0);
            }
        }

        #[doc(hidden)]
        impl $crate::__private_0_1_0::ReadWire for $name {
            fn read_wire<'de, D>(
                deserializer: D,
            ) -> ::core::result::Result<$crate::__private_0_1_0::Parsed<Self>, D::Error>
            where
                D: $crate::__private_0_1_0::serde::Deserializer<'de>,
            {
                let text = $crate::__private_0_1_0::ReadValue::read(
                    $crate::__private_0_1_0::pattern_string(&$pattern),
                    deserializer,
                )?;
                ::core::result::Result::Ok(text.map($name))
            }
        }

        #[doc(hidden)]
        impl $crate::__private_0_1_0::CardValue for $name {
            const SCHEMA: &'static str = $schema;
        }
    };
}
