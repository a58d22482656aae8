//! The values of a properties object whose card is known at run time, with what is needed to
//! send and show them safely.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A value in the form it is sent: JSON, with objects and arrays kept in the order the
/// generated type writes them (a `serde_json::Map` would sort the keys).
#[derive(Clone, PartialEq)]
// Only the checker builds arrays and objects; unchecked values are plain JSON.
#[cfg_attr(not(feature = "runtime"), allow(dead_code))]
pub(crate) enum WireValue {
    /// A value sent as it is.
    Json(Value),
    /// An array, in order.
    Array(Vec<WireValue>),
    /// An object, keys in the order they are sent.
    Object(Vec<(String, WireValue)>),
}

impl WireValue {
    /// The value as plain JSON (object keys sorted).
    pub(crate) fn to_json(&self) -> Value {
        match self {
            WireValue::Json(value) => value.clone(),
            WireValue::Array(items) => Value::Array(items.iter().map(WireValue::to_json).collect()),
            WireValue::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(name, value)| (name.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }
}

impl Drop for WireValue {
    fn drop(&mut self) {
        // Credentials sit in plain JSON here, partly read ones included; their strings are
        // wiped like a `Secret`'s. (Nested values wipe themselves as they drop.)
        if let WireValue::Json(value) = self {
            crate::wire::scrub(value);
        }
    }
}

impl Serialize for WireValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WireValue::Json(value) => value.serialize(serializer),
            WireValue::Array(items) => serializer.collect_seq(items),
            WireValue::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (name, value) in fields {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

/// Values in the order they are sent, the card's type and its credentials.
#[derive(Clone, PartialEq)]
pub(crate) struct PropertyValues {
    pub(crate) card_type: String,
    /// In wire order: card order for checked values, the map's order for unchecked ones.
    pub(crate) values: Vec<(String, WireValue)>,
    pub(crate) credentials: Vec<String>,
    pub(crate) checked: bool,
}

impl PropertyValues {
    pub(crate) fn is_credential(&self, name: &str) -> bool {
        self.credentials.iter().any(|credential| credential == name)
    }

    pub(crate) fn get(&self, name: &str) -> Option<Value> {
        self.values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.to_json())
    }

    /// The values as a JSON object, every credential `"[redacted]"`.
    pub(crate) fn redacted(&self) -> Value {
        Value::Object(
            self.values
                .iter()
                .map(|(name, value)| {
                    let shown = if self.is_credential(name) {
                        Value::String("[redacted]".to_owned())
                    } else {
                        value.to_json()
                    };
                    (name.clone(), shown)
                })
                .collect(),
        )
    }
}

impl Serialize for PropertyValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (name, value) in &self.values {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
