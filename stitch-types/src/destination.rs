//! Destination request bodies and the destination object the API returns.

use chrono::{DateTime, Utc};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use core::fmt;

use crate::properties::{ShownProperties, redacted_body};
use crate::{DestinationId, DestinationProperties, DestinationUpdate, ReportCard, StitchClientId};

/// The body of `POST /v4/destinations`.
///
/// ```
/// # stitch_types::include_report_card!("schemas/destinations/postgres.json");
/// # let props = PostgresProperties {
/// #     database: "analytics".into(), encryption_type: PostgresEncryptionType::None,
/// #     host: "db.example.com".into(), password: "hunter2".into(), port: 5432, ssl: false,
/// #     username: "stitch".into(), encryption_host: None, encryption_port: None,
/// #     encryption_username: None, sslrootcert: None,
/// # };
/// use stitch_types::CreateDestination;
///
/// let body = CreateDestination::new("Staging", props).description("Postgres for staging");
/// let json = serde_json::to_value(&body)?;
/// assert_eq!(json["type"], "postgres");
/// assert_eq!(json["properties"]["port"], "5432");
/// assert!(json.get("ignore_unmapped_sources").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreateDestination<P> {
    name: String,
    description: Option<String>,
    properties: P,
    ignore_unmapped_sources: Option<bool>,
}

impl<P: DestinationProperties> CreateDestination<P> {
    /// A destination called `name`, configured with `properties`.
    pub fn new(name: impl Into<String>, properties: P) -> Self {
        CreateDestination {
            name: name.into(),
            description: None,
            properties,
            ignore_unmapped_sources: None,
        }
    }

    /// Sets the description shown in Stitch.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `false` maps every source without a destination to this one, `true` maps none. When not
    /// set, the field is left out and the API behaves as for `false`.
    #[must_use]
    pub fn ignore_unmapped_sources(mut self, ignore: bool) -> Self {
        self.ignore_unmapped_sources = Some(ignore);
        self
    }

    /// The properties this body sends.
    pub fn properties(&self) -> &P {
        &self.properties
    }

    /// The body as JSON with every credential replaced by `"[redacted]"`: the form to show or
    /// log. Send the `Serialize` form, never this one.
    pub fn to_redacted_json(&self) -> Result<Value, serde_json::Error> {
        redacted_body(self, &self.properties)
    }
}

impl<P: DestinationProperties> Serialize for CreateDestination<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 3
            + usize::from(self.description.is_some())
            + usize::from(self.ignore_unmapped_sources.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("type", self.properties.card_type())?;
        map.serialize_entry("name", &self.name)?;
        if let Some(description) = &self.description {
            map.serialize_entry("description", description)?;
        }
        map.serialize_entry("properties", &self.properties)?;
        if let Some(ignore) = self.ignore_unmapped_sources {
            map.serialize_entry("ignore_unmapped_sources", &ignore)?;
        }
        map.end()
    }
}

/// The body of `PUT /v4/destinations/{destination_id}`: new property values.
///
/// `U` is a card's update type (`PostgresUpdate`): every field optional, `read_only` and
/// `user_provided_immutable` properties absent. A credential left out keeps its stored value.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateDestination<U> {
    properties: U,
}

impl<U: DestinationUpdate> UpdateDestination<U> {
    /// An update that sends `properties`.
    pub fn new(properties: U) -> Self {
        UpdateDestination { properties }
    }

    /// The properties this body sends.
    pub fn properties(&self) -> &U {
        &self.properties
    }

    /// The body as JSON with every credential replaced by `"[redacted]"`: the form to show or
    /// log. Send the `Serialize` form, never this one.
    pub fn to_redacted_json(&self) -> Result<Value, serde_json::Error> {
        redacted_body(self, &self.properties)
    }
}

impl<U: DestinationUpdate> Serialize for UpdateDestination<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("properties", &self.properties)?;
        map.end()
    }
}

/// A destination object, as `POST`, `PUT` and `GET /v4/destinations` return it.
///
/// Fields the API adds later are kept in [`other`](Self::other). The API never returns
/// credentials, so [`properties`](Self::properties) should hold none; `Debug` redacts any
/// that the embedded report card marks as a credential all the same (a property the card does
/// not list is shown as sent).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Destination {
    /// The destination's ID.
    pub id: DestinationId,
    /// The destination type, e.g. `postgres`.
    #[serde(rename = "type")]
    pub destination_type: String,
    /// The name given at creation.
    pub name: String,
    /// The description, if one was given.
    #[serde(default)]
    pub description: Option<String>,
    /// The display name, if any.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Current non-credential property values, as the API returns them (mostly strings).
    #[serde(default)]
    pub properties: Map<String, Value>,
    /// The destination's report card, with the current configuration step.
    pub report_card: ReportCard,
    /// The name of the last connection check job.
    #[serde(default)]
    pub check_job_name: Option<String>,
    /// The Stitch account the destination belongs to.
    pub stitch_client_id: StitchClientId,
    /// When the destination was created.
    pub created_at: DateTime<Utc>,
    /// When the destination was last changed.
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
    /// When the destination was deleted, if it was.
    #[serde(default)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the destination was paused, if it is.
    #[serde(default)]
    pub paused_at: Option<DateTime<Utc>>,
    /// When Stitch paused the destination, if it did.
    #[serde(default)]
    pub system_paused_at: Option<DateTime<Utc>>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl fmt::Debug for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Destination")
            .field("id", &self.id)
            .field("destination_type", &self.destination_type)
            .field("name", &self.name)
            .field("description", &self.description)
            .field("display_name", &self.display_name)
            .field(
                "properties",
                &ShownProperties {
                    properties: &self.properties,
                    card: &self.report_card,
                },
            )
            .field("report_card", &self.report_card)
            .field("check_job_name", &self.check_job_name)
            .field("stitch_client_id", &self.stitch_client_id)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("deleted_at", &self.deleted_at)
            .field("paused_at", &self.paused_at)
            .field("system_paused_at", &self.system_paused_at)
            .field("other", &self.other)
            .finish()
    }
}

impl Destination {
    /// Whether the report card's current step is `fully_configured`: the connection check
    /// passed and Stitch can load data into the destination.
    pub fn is_fully_configured(&self) -> bool {
        self.report_card.is_fully_configured()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_a_credential_a_server_returned_anyway() {
        let destination: Destination = serde_json::from_value(serde_json::json!({
            "id": 1, "type": "postgres", "name": "Staging", "stitch_client_id": 116078,
            "created_at": "2024-01-01T00:00:00Z",
            "properties": {"host": "db.example.com", "password": "leaked-password-41c", "unlisted": "shown"},
            "report_card": {"type": "postgres", "steps": [{"type": "form", "properties": [
                {"name": "host", "is_credential": false},
                {"name": "password", "is_credential": true}]}]}
        }))
        .unwrap();
        let shown = format!("{destination:?} {destination:#?}");
        assert!(!shown.contains("leaked-password-41c"), "{shown}");
        assert!(shown.contains(r#""password": "[redacted]""#), "{shown}");
        assert!(
            shown.contains("db.example.com") && shown.contains("shown"),
            "{shown}"
        );
    }
}
