//! [`Secret`]: a credential that cannot leak through `Debug`, `Display` or a stray `Serialize`.

use core::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroize;

/// A credential: a property the report card marks `is_credential: true`.
///
/// - `Debug` prints `Secret([redacted])`, never the value.
/// - There is no `Display` and no `Serialize`: the only way to the value is
///   [`expose_secret`](Self::expose_secret), so every read of it is visible in code review.
///   Generated properties types write it into request bodies, and nowhere else.
/// - The value is zeroized when the `Secret` is dropped.
///
/// ```
/// use stitch_types::Secret;
///
/// let password: Secret<String> = "hunter2".into();
/// assert_eq!(format!("{password:?}"), "Secret([redacted])");
/// assert_eq!(password.expose_secret(), "hunter2");
/// ```
#[derive(Clone)]
pub struct Secret<T: Zeroize>(T);

/// Compares in time that does not depend on where two values differ (only on their lengths),
/// so comparing a guess with a credential tells nothing about how much of it was right. Both
/// values are compared in their serialized form, in buffers wiped afterwards.
///
/// ```
/// use stitch_types::Secret;
///
/// assert_eq!(Secret::from("hunter2"), Secret::from("hunter2"));
/// assert_ne!(Secret::from("hunter2"), Secret::from("hunter3"));
/// ```
impl<T: Zeroize + serde::Serialize> PartialEq for Secret<T> {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        match (to_wiped_json(&self.0), to_wiped_json(&other.0)) {
            (Ok(mine), Ok(theirs)) => bool::from(mine.as_slice().ct_eq(theirs.as_slice())),
            // A value that cannot be serialized equals nothing, itself included.
            _ => false,
        }
    }
}

impl<T: Zeroize + serde::Serialize + Eq> Eq for Secret<T> {}

impl<T: Zeroize> Secret<T> {
    /// Wraps a credential.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The credential itself. Call it only to hand the value to something that needs it.
    pub fn expose_secret(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Reads a credential from a configuration file. The deserializer's own buffers are outside this
/// crate's control; the `Secret` zeroizes its copy when dropped. An error never repeats the
/// inner type's message, which may quote the value.
impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret).map_err(|_| {
            <D::Error as serde::de::Error>::custom(format_args!(
                "invalid credential (expected {}; the value is not shown)",
                shown_type_name::<T>()
            ))
        })
    }
}

/// `T`'s name as messages show it: without the module `include_report_card!` keeps a card's
/// items in (`cards::__stitch_card_PostgresProperties::PostgresPassword` is re-exported, and
/// known to its user, as `cards::PostgresPassword`).
fn shown_type_name<T>() -> String {
    core::any::type_name::<T>()
        .split("::")
        .filter(|segment| !segment.starts_with("__stitch_card_"))
        .collect::<Vec<_>>()
        .join("::")
}

/// Serializes `value` to JSON in a buffer of exactly its size that is wiped when dropped: for
/// request bodies and anything else that holds a credential in plain text.
///
/// `serde_json::to_vec` grows its buffer as it writes and frees each smaller copy unwiped; this
/// measures the JSON first and writes it once, so no copy is left behind.
///
/// ```
/// let body = stitch_types::to_wiped_json(&serde_json::json!({"password": "hunter2"}))?;
/// assert_eq!(&body[..], br#"{"password":"hunter2"}"#);
/// assert_eq!(body.capacity(), body.len());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn to_wiped_json<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<zeroize::Zeroizing<Vec<u8>>, serde_json::Error> {
    /// Counts what is written.
    struct Length(usize);
    impl std::io::Write for Length {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut length = Length(0);
    serde_json::to_writer(&mut length, value)?;
    let mut buffer = zeroize::Zeroizing::new(Vec::with_capacity(length.0));
    serde_json::to_writer(&mut *buffer, value)?;
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::from("hunter2");
        let shown = format!("{secret:?} {secret:#?} {:?}", Some(&secret));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn errors_never_quote_the_value() {
        let error = serde_json::from_str::<Secret<u64>>("\"hunter2\"").unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("invalid credential"), "{shown}");
    }

    #[allow(non_snake_case)]
    mod __stitch_card_CardProperties {
        /// Stands for a credential's generated type, which `include_report_card!` defines in
        /// a module of this name.
        #[derive(Debug, serde::Deserialize)]
        pub struct CardApiKey(pub u64);

        impl zeroize::Zeroize for CardApiKey {
            fn zeroize(&mut self) {
                self.0.zeroize();
            }
        }
    }

    #[test]
    fn errors_name_a_generated_type_as_its_user_does() {
        let error =
            serde_json::from_str::<Secret<__stitch_card_CardProperties::CardApiKey>>("\"hunter2\"")
                .unwrap_err()
                .to_string();
        assert!(!error.contains("hunter2"), "{error}");
        assert!(!error.contains("__stitch_card_"), "{error}");
        assert!(error.contains("secret::tests::CardApiKey"), "{error}");
    }

    #[test]
    fn equality_compares_the_values() {
        assert_eq!(Secret::new(5432_u16), Secret::new(5432_u16));
        assert_ne!(Secret::new(5432_u16), Secret::new(5433_u16));
        assert_ne!(Secret::from("a"), Secret::from("ab"));
        let long = "x".repeat(1 << 20);
        assert_eq!(Secret::from(long.as_str()), Secret::from(long.as_str()));
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        let secret: Secret<String> = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(secret.expose_secret(), "hunter2");
    }
}
