//! Source request bodies and the source object the API returns.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::properties::{PropertiesBody, ShownProperties, redacted_body};
use crate::{DestinationId, ReportCard, SourceId, SourceProperties, SourceUpdate, StitchClientId};

/// The body of `POST /v4/sources`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateSource<P> {
    display_name: String,
    properties: Option<P>,
    /// The card type of a body without properties; otherwise the properties name it.
    card_type: Option<Cow<'static, str>>,
    destination_id: Option<DestinationId>,
}

impl<P: SourceProperties> CreateSource<P> {
    /// A source shown as `display_name`, configured with `properties`.
    ///
    /// Stitch derives the source's `name` (its schema name in the destination) from the display
    /// name: it must be unique in the account.
    pub fn new(display_name: impl Into<String>, properties: P) -> Self {
        CreateSource {
            display_name: display_name.into(),
            properties: Some(properties),
            card_type: None,
            destination_id: None,
        }
    }

    /// A source of `P`'s type created without properties (the API makes them optional): the
    /// form is then filled in by updates, e.g. once an OAuth exchange has produced its tokens.
    ///
    /// ```
    /// # // Any card will do for the body's shape: the crate ships only the guide's, read here
    /// # // as a source's.
    /// # stitch_types::include_report_card!("schemas/destinations/postgres.json", kind = source);
    /// let body = stitch_types::CreateSource::<PostgresProperties>::without_properties("Later");
    /// assert_eq!(
    ///     serde_json::to_value(&body)?,
    ///     serde_json::json!({"type": "postgres", "display_name": "Later"})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn without_properties(display_name: impl Into<String>) -> Self
    where
        P: crate::Properties,
    {
        CreateSource {
            display_name: display_name.into(),
            properties: None,
            card_type: Some(Cow::Borrowed(P::CARD_TYPE)),
            destination_id: None,
        }
    }

    /// The card type the body sends as `type`.
    pub fn card_type(&self) -> &str {
        match (&self.properties, &self.card_type) {
            (Some(properties), _) => properties.card_type(),
            (None, Some(card_type)) => card_type,
            (None, None) => "",
        }
    }

    /// The destination the source replicates into.
    #[must_use]
    pub fn destination_id(mut self, destination_id: DestinationId) -> Self {
        self.destination_id = Some(destination_id);
        self
    }

    /// The properties this body sends, if any.
    pub fn properties(&self) -> Option<&P> {
        self.properties.as_ref()
    }

    /// The body as JSON with every credential replaced by `"[redacted]"`: the form to show or
    /// log. Send the `Serialize` form, never this one.
    pub fn to_redacted_json(&self) -> Result<Value, serde_json::Error> {
        match &self.properties {
            Some(properties) => redacted_body(self, properties),
            None => serde_json::to_value(self),
        }
    }
}

impl<P: SourceProperties> Serialize for CreateSource<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len =
            2 + usize::from(self.properties.is_some()) + usize::from(self.destination_id.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("type", self.card_type())?;
        map.serialize_entry("display_name", &self.display_name)?;
        if let Some(properties) = &self.properties {
            map.serialize_entry("properties", properties)?;
        }
        if let Some(destination_id) = self.destination_id {
            map.serialize_entry("destination_id", &destination_id)?;
        }
        map.end()
    }
}

impl CreateSource<crate::runtime::DynamicProperties<crate::runtime::ForSource>> {
    /// A source of the type `card_type`, known only at run time, created without properties
    /// (see [`without_properties`](Self::without_properties)).
    pub fn without_properties_of_type(
        display_name: impl Into<String>,
        card_type: impl Into<String>,
    ) -> Self {
        CreateSource {
            display_name: display_name.into(),
            properties: None,
            card_type: Some(Cow::Owned(card_type.into())),
            destination_id: None,
        }
    }
}

/// Properties of an [`UpdateSource`] that changes no property (a rename, a pause, an unpause).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoProperties;

impl Serialize for NoProperties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// `NoProperties` fits every source type: it changes no property, so an update that carries it
/// (a rename, a pause) is a [`SourceUpdate`] of any card. Its card type is empty: it names none.
impl PropertiesBody for NoProperties {
    fn card_type(&self) -> &str {
        ""
    }

    fn is_credential(&self, _: &str) -> bool {
        false
    }
}

impl SourceUpdate for NoProperties {}

/// The pause state an update sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pause {
    /// `{"paused_at": "<timestamp>"}`: any timestamp pauses at once.
    At(DateTime<Utc>),
    /// `{"paused_at": null}`.
    Unpause,
}

/// The body of `PUT /v4/sources/{source_id}`: only what is set is sent.
///
/// ```
/// use stitch_types::UpdateSource;
///
/// let pause = serde_json::to_value(UpdateSource::pause_at("2024-01-01T00:00:00Z".parse()?))?;
/// assert_eq!(pause, serde_json::json!({"paused_at": "2024-01-01T00:00:00Z"}));
/// let unpause = serde_json::to_value(UpdateSource::unpause())?;
/// assert_eq!(unpause, serde_json::json!({"paused_at": null}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateSource<U = NoProperties> {
    display_name: Option<String>,
    properties: Option<U>,
    destination_id: Option<DestinationId>,
    pause: Option<Pause>,
}

impl UpdateSource<NoProperties> {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        UpdateSource {
            display_name: None,
            properties: None,
            destination_id: None,
            pause: None,
        }
    }

    /// Pauses the source now.
    pub fn pause() -> Self {
        Self::pause_at(DateTime::<Utc>::from(std::time::SystemTime::now()))
    }

    /// Pauses the source; the API pauses at once whatever the timestamp.
    pub fn pause_at(at: DateTime<Utc>) -> Self {
        UpdateSource {
            pause: Some(Pause::At(at)),
            ..Self::new()
        }
    }

    /// Unpauses the source.
    pub fn unpause() -> Self {
        UpdateSource {
            pause: Some(Pause::Unpause),
            ..Self::new()
        }
    }
}

impl Default for UpdateSource<NoProperties> {
    fn default() -> Self {
        Self::new()
    }
}

impl<U> UpdateSource<U> {
    /// Sends new property values: a card's update type (`PlatformHubspotUpdate`).
    pub fn properties<V: SourceUpdate>(self, properties: V) -> UpdateSource<V> {
        UpdateSource {
            display_name: self.display_name,
            properties: Some(properties),
            destination_id: self.destination_id,
            pause: self.pause,
        }
    }

    /// Changes the display name (the derived `name` never changes).
    #[must_use]
    pub fn display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// Moves the source to another destination.
    #[must_use]
    pub fn destination_id(mut self, destination_id: DestinationId) -> Self {
        self.destination_id = Some(destination_id);
        self
    }

    /// The properties this body sends, if any.
    pub fn properties_ref(&self) -> Option<&U> {
        self.properties.as_ref()
    }
}

impl<U: SourceUpdate> UpdateSource<U> {
    /// The body as JSON with every credential replaced by `"[redacted]"`: the form to show or
    /// log. Send the `Serialize` form, never this one.
    pub fn to_redacted_json(&self) -> Result<Value, serde_json::Error> {
        match &self.properties {
            Some(properties) => redacted_body(self, properties),
            None => serde_json::to_value(self),
        }
    }
}

impl<U: Serialize> Serialize for UpdateSource<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(display_name) = &self.display_name {
            map.serialize_entry("display_name", display_name)?;
        }
        if let Some(properties) = &self.properties {
            map.serialize_entry("properties", properties)?;
        }
        if let Some(destination_id) = self.destination_id {
            map.serialize_entry("destination_id", &destination_id)?;
        }
        match self.pause {
            Some(Pause::At(at)) => map.serialize_entry("paused_at", &at)?,
            Some(Pause::Unpause) => map.serialize_entry("paused_at", &Option::<()>::None)?,
            None => {}
        }
        map.end()
    }
}

/// A source object, as the `/v4/sources` endpoints return it.
///
/// `Debug` redacts any property the embedded report card marks as a credential (the API never
/// returns them; a property the card does not list is shown as sent).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Source {
    /// The source's ID.
    pub id: SourceId,
    /// The source type, e.g. `platform.hubspot`.
    #[serde(rename = "type")]
    pub source_type: String,
    /// The name derived from the display name: the schema name in the destination.
    pub name: String,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Current non-credential property values, as the API returns them.
    #[serde(default)]
    pub properties: Map<String, Value>,
    /// The source's report card, with the current configuration step.
    pub report_card: ReportCard,
    /// When replication runs next; `None` while the source is paused or deleted.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// The name of the last connection check job.
    #[serde(default)]
    pub check_job_name: Option<String>,
    /// The Stitch account the source belongs to.
    pub stitch_client_id: StitchClientId,
    /// When the source was created.
    pub created_at: DateTime<Utc>,
    /// When the source was last changed.
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
    /// When the source was deleted, if it was.
    #[serde(default)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the source was paused, if it is.
    #[serde(default)]
    pub paused_at: Option<DateTime<Utc>>,
    /// When Stitch paused the source, if it did.
    #[serde(default)]
    pub system_paused_at: Option<DateTime<Utc>>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl core::fmt::Debug for Source {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Source")
            .field("id", &self.id)
            .field("source_type", &self.source_type)
            .field("name", &self.name)
            .field("display_name", &self.display_name)
            .field(
                "properties",
                &ShownProperties {
                    properties: &self.properties,
                    card: &self.report_card,
                },
            )
            .field("report_card", &self.report_card)
            .field("schedule", &self.schedule)
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

impl Source {
    /// Whether the report card's current step is `fully_configured`.
    pub fn is_fully_configured(&self) -> bool {
        self.report_card.is_fully_configured()
    }

    /// Whether the source is paused.
    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }
}

/// When a source replicates.
///
/// A schedule `type` this version does not know is kept as [`Schedule::Other`], so one source
/// with a new kind of schedule does not make a whole list unreadable; fields a known type gains
/// later are kept in its `other` map.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Schedule {
    /// Every `interval` `unit`s.
    Interval {
        /// The unit of `interval`, e.g. `minute`.
        unit: String,
        /// How many units between runs.
        interval: f64,
        /// When the next run starts.
        next_fire_time: Option<DateTime<Utc>>,
        /// Fields this version does not model, as sent.
        other: Map<String, Value>,
    },
    /// On a Quartz cron expression.
    Cron {
        /// The expression, e.g. `0 0 12 ? * MON-FRI *`.
        cron_expression: String,
        /// When the next run starts.
        next_fire_time: Option<DateTime<Utc>>,
        /// Fields this version does not model, as sent.
        other: Map<String, Value>,
    },
    /// A schedule of a type this version does not know.
    Other {
        /// Its `type`.
        schedule_type: String,
        /// Its other fields, as sent.
        fields: Map<String, Value>,
    },
}

impl Schedule {
    /// When the next run starts, when the schedule says.
    pub fn next_fire_time(&self) -> Option<DateTime<Utc>> {
        match self {
            Schedule::Interval { next_fire_time, .. } | Schedule::Cron { next_fire_time, .. } => {
                *next_fire_time
            }
            Schedule::Other { fields, .. } => fields
                .get("next_fire_time")
                .and_then(Value::as_str)
                .and_then(|text| text.parse().ok()),
        }
    }
}

/// The wire form of the two known schedule types.
#[derive(Serialize, Deserialize)]
struct IntervalWire {
    unit: String,
    interval: f64,
    #[serde(default)]
    next_fire_time: Option<DateTime<Utc>>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct CronWire {
    cron_expression: String,
    #[serde(default)]
    next_fire_time: Option<DateTime<Utc>>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut fields = Map::deserialize(deserializer)?;
        let schedule_type = match fields.remove("type") {
            Some(Value::String(schedule_type)) => schedule_type,
            Some(other) => {
                return Err(D::Error::custom(format_args!(
                    "a schedule's `type` is not a string: {other}"
                )));
            }
            None => return Err(D::Error::missing_field("type")),
        };
        Ok(match schedule_type.as_str() {
            "interval" => {
                let wire: IntervalWire =
                    serde_json::from_value(Value::Object(fields)).map_err(D::Error::custom)?;
                Schedule::Interval {
                    unit: wire.unit,
                    interval: wire.interval,
                    next_fire_time: wire.next_fire_time,
                    other: wire.other,
                }
            }
            "cron" => {
                let wire: CronWire =
                    serde_json::from_value(Value::Object(fields)).map_err(D::Error::custom)?;
                Schedule::Cron {
                    cron_expression: wire.cron_expression,
                    next_fire_time: wire.next_fire_time,
                    other: wire.other,
                }
            }
            _ => Schedule::Other {
                schedule_type,
                fields,
            },
        })
    }
}

impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let (schedule_type, body) = match self {
            Schedule::Interval {
                unit,
                interval,
                next_fire_time,
                other,
            } => (
                "interval",
                serde_json::to_value(IntervalWire {
                    unit: unit.clone(),
                    interval: *interval,
                    next_fire_time: *next_fire_time,
                    other: other.clone(),
                }),
            ),
            Schedule::Cron {
                cron_expression,
                next_fire_time,
                other,
            } => (
                "cron",
                serde_json::to_value(CronWire {
                    cron_expression: cron_expression.clone(),
                    next_fire_time: *next_fire_time,
                    other: other.clone(),
                }),
            ),
            Schedule::Other {
                schedule_type,
                fields,
            } => (schedule_type.as_str(), Ok(Value::Object(fields.clone()))),
        };
        let Value::Object(fields) = body.map_err(S::Error::custom)? else {
            return Err(S::Error::custom("a schedule serializes to an object"));
        };
        let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
        map.serialize_entry("type", schedule_type)?;
        for (key, value) in &fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
