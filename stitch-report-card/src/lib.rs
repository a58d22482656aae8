//! The report-card model of the Stitch Connect API.
//!
//! A *report card* describes one destination or source type: the connection steps a user goes
//! through (`form`, `oauth`, `discover_schema`, …), the properties each step takes and the JSON
//! schema of each property. `GET /v4/destination-types/{type}` and `GET /v4/source-types/{type}`
//! return one, and every destination and source object embeds its own as `report_card`.
//!
//! The model is shared by the runtime crate (`stitch-types`, which re-exports it) and the code
//! generator (`stitch-codegen`), so the vocabulary of step and property types is defined once.
//!
//! The API grows: values it may add later (a new [`PropertyType`], a new [`StepType`], a new
//! pipeline state) are kept as `Other(String)` rather than rejected, and fields it does not model
//! are kept in each object's `other` map and written back unchanged.
#![forbid(unsafe_code)]

mod closest;
mod open_enum;
pub mod pattern;
pub mod pointer;

pub use closest::closest_name;

use serde::{Deserialize, Serialize};

/// A destination or source report card.
///
/// ```
/// # use stitch_report_card::{ReportCard, StepType};
/// let card: ReportCard = serde_json::from_str(r#"{
///     "type": "postgres", "current_step": 1, "current_step_type": "form",
///     "steps": [{"type": "form", "properties": []}, {"type": "fully_configured", "properties": []}]
/// }"#)?;
/// assert_eq!(card.current_step().map(|s| &s.step_type), Some(&StepType::Form));
/// assert!(!card.is_fully_configured());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportCard {
    /// The API type of the destination or source, e.g. `postgres` or `platform.hubspot`.
    #[serde(rename = "type")]
    pub card_type: String,
    /// The **1-based** position of the current step in [`steps`](Self::steps).
    ///
    /// The docs call it an index, but every captured response counts from 1: a fresh postgres
    /// card shows `1` (form), a configured one `2` (fully_configured). Absent from the stub
    /// entries of `GET /v4/source-types`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step: Option<u32>,
    /// The type of the current step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step_type: Option<StepType>,
    /// The connection steps, in order. Empty for stub entries.
    #[serde(default)]
    pub steps: Vec<ConnectionStep>,
    /// Availability and protocol of the type. Returned by the `*-types` endpoints; the cards
    /// embedded in destination and source objects usually omit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Details>,
    /// The newer type that replaces a deprecated source type (source cards only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_available: Option<UpgradeAvailable>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl ReportCard {
    /// The step [`current_step`](Self::current_step) points at, if it points at one.
    pub fn current_step(&self) -> Option<&ConnectionStep> {
        let position = usize::try_from(self.current_step?).ok()?;
        self.steps.get(position.checked_sub(1)?)
    }

    /// Whether the connection is fully configured: the current step is `fully_configured`.
    ///
    /// `current_step_type` decides when present; otherwise the step that `current_step` points at.
    pub fn is_fully_configured(&self) -> bool {
        match &self.current_step_type {
            Some(step_type) => *step_type == StepType::FullyConfigured,
            None => self
                .current_step()
                .is_some_and(|step| step.step_type == StepType::FullyConfigured),
        }
    }

    /// Every property of every step, with the step it belongs to.
    pub fn properties(&self) -> impl Iterator<Item = (&ConnectionStep, &Property)> {
        self.steps
            .iter()
            .flat_map(|step| step.properties.iter().map(move |property| (step, property)))
    }

    /// The property called `name`, in whichever step declares it.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties()
            .map(|(_, property)| property)
            .find(|property| property.name == name)
    }
}

/// One step of a report card: a form, an OAuth exchange, schema discovery, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionStep {
    /// What kind of step this is.
    #[serde(rename = "type")]
    pub step_type: StepType,
    /// The properties this step takes. Always empty for `fully_configured`.
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One property of a connection step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The key to send in a request's `properties` object.
    pub name: String,
    /// Needed for full configuration (in an `oauth` step: needed for OAuth).
    #[serde(default)]
    pub is_required: bool,
    /// Sensitive: the API never returns its value.
    #[serde(default)]
    pub is_credential: bool,
    /// Deprecated by the API in favour of [`property_type`](Self::property_type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_provided: Option<bool>,
    /// Who sets the property and when. Absent from cards published before 2019.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_type: Option<PropertyType>,
    /// The JSON schema a value must match; `null` when the card gives none.
    #[serde(default)]
    pub json_schema: Option<serde_json::Value>,
    /// Whether a value has been provided.
    #[serde(default)]
    pub provided: bool,
    /// Internal to Stitch; present on source cards only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tap_mutable: Option<bool>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Property {
    /// The property type, with the pre-2019 `system_provided` flag as a fallback.
    pub fn effective_property_type(&self) -> PropertyType {
        match (&self.property_type, self.system_provided) {
            (Some(property_type), _) => property_type.clone(),
            (None, Some(true)) => PropertyType::SystemProvidedByDefault,
            (None, _) => PropertyType::UserProvided,
        }
    }

    /// Whether the user must give this property before its step is complete: `is_required`
    /// and set by the user, as [`PropertyType::is_required_from_user`] decides for the
    /// [`effective_property_type`](Self::effective_property_type).
    ///
    /// ```
    /// # use stitch_report_card::Property;
    /// let property: Property = serde_json::from_str(
    ///     r#"{"name": "host", "is_required": true, "property_type": "user_provided"}"#,
    /// )?;
    /// assert!(property.is_required_from_user());
    /// let client_id: Property = serde_json::from_str(
    ///     r#"{"name": "client_id", "is_required": true, "property_type": "system_provided_by_default"}"#,
    /// )?;
    /// assert!(!client_id.is_required_from_user());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_required_from_user(&self) -> bool {
        self.effective_property_type()
            .is_required_from_user(self.is_required)
    }
}

/// Whether a card describes a destination or a source type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CardKind {
    /// A destination type (`GET /v4/destination-types/{type}`).
    Destination,
    /// A source type (`GET /v4/source-types/{type}`).
    Source,
}

impl CardKind {
    /// Both kinds, destinations first.
    pub const ALL: [CardKind; 2] = [CardKind::Destination, CardKind::Source];

    /// `destination` or `source`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Destination => "destination",
            CardKind::Source => "source",
        }
    }

    /// The directory captured cards of this kind live in: `destinations` or `sources`.
    pub fn directory(self) -> &'static str {
        match self {
            CardKind::Destination => "destinations",
            CardKind::Source => "sources",
        }
    }

    /// The API path of one card of this kind: `/v4/destination-types/{type}`.
    pub fn type_path(self, card_type: &str) -> String {
        format!("{}/{card_type}", self.types_path())
    }

    /// The API path that lists the cards of this kind: `/v4/destination-types`.
    pub fn types_path(self) -> &'static str {
        match self {
            CardKind::Destination => "/v4/destination-types",
            CardKind::Source => "/v4/source-types",
        }
    }
}

impl core::fmt::Display for CardKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for CardKind {
    type Err = UnknownCardKind;
    fn from_str(text: &str) -> Result<Self, UnknownCardKind> {
        match text {
            "destination" | "destinations" => Ok(CardKind::Destination),
            "source" | "sources" => Ok(CardKind::Source),
            _ => Err(UnknownCardKind),
        }
    }
}

/// A card kind that is neither `destination` nor `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCardKind;

impl core::fmt::Display for UnknownCardKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a card kind is `destination` or `source`")
    }
}

impl std::error::Error for UnknownCardKind {}

/// Availability and protocol details of a destination or source type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Details {
    /// The plan the type needs, e.g. `standard` or `enterprise`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_tier: Option<String>,
    /// How mature the integration is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_state: Option<PipelineState>,
    /// The protocol behind the type; may differ from the type (panoply → `redshift`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Whether the account's plan may create this type.
    #[serde(default)]
    pub access: bool,
    /// Sources only: replication interval in minutes used when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_scheduling_interval: Option<u32>,
    /// Sources only: how far back the first replication goes, e.g. `-1 year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_start_date: Option<String>,
    /// Sources only: the tap image version, e.g. `1.latest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_version: Option<String>,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The newer type that replaces a deprecated source type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpgradeAvailable {
    /// The replacement type, e.g. `platform.hp-mysql`.
    #[serde(rename = "type")]
    pub upgrade_type: String,
    /// Fields this version of the crate does not model, kept as the API sent them.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

crate::open_enum! {
    /// The kind of a connection step.
    pub enum StepType {
        /// The first step: the user fills in properties.
        Form = "form",
        /// An OAuth exchange; its properties may be sent together with the form's.
        Oauth = "oauth",
        /// A profile choice (documented, never seen in a captured card).
        Profile = "profile",
        /// Stitch runs the connection check and discovers streams.
        DiscoverSchema = "discover_schema",
        /// The user selects streams and fields.
        FieldSelection = "field_selection",
        /// Configuration is complete.
        FullyConfigured = "fully_configured",
    }
}

crate::open_enum! {
    /// Who sets a property, and when.
    pub enum PropertyType {
        /// Set inside Stitch; sending it in a request is an error.
        ReadOnly = "read_only",
        /// Stitch provides a default (mostly OAuth client fields); the user may override it.
        SystemProvidedByDefault = "system_provided_by_default",
        /// The user sets it.
        UserProvided = "user_provided",
        /// The user sets it at creation; it cannot change afterwards.
        UserProvidedImmutable = "user_provided_immutable",
        /// Optional tuning; a wrong value can break the connection.
        UserProvidedAdvanced = "user_provided_advanced",
    }
}

crate::open_enum! {
    /// How mature an integration is.
    pub enum PipelineState {
        /// Not available.
        Alpha = "alpha",
        /// Available, in beta.
        Beta = "beta",
        /// Generally available.
        Released = "released",
        /// Replaced by a newer type; never accessible.
        Deprecated = "deprecated",
    }
}

impl PropertyType {
    /// Whether a property of this type that the card marks `is_required` must be given by the
    /// user: only `user_provided` and `user_provided_immutable` ones.
    ///
    /// This is the one definition of required-ness: generated types hold such a property in a
    /// plain field (the others in an `Option`), and the run-time checker and the emulator
    /// report it missing. A required `system_provided_by_default` property has a value from
    /// Stitch (its own OAuth app, say), a `read_only` one is Stitch's to set, and a required
    /// `user_provided_advanced` one or one of a type this version does not know is not forced
    /// on anyone.
    pub fn is_required_from_user(&self, is_required: bool) -> bool {
        is_required
            && matches!(
                self,
                PropertyType::UserProvided | PropertyType::UserProvidedImmutable
            )
    }

    /// Whether a user may send this property in a create request.
    pub fn is_settable(&self) -> bool {
        !matches!(self, PropertyType::ReadOnly)
    }

    /// Whether a user may send this property in an update request.
    pub fn is_updatable(&self) -> bool {
        !matches!(
            self,
            PropertyType::ReadOnly | PropertyType::UserProvidedImmutable
        )
    }
}

impl StepType {
    /// Whether the user fills in this step's properties (`form`, `oauth`, `profile`).
    pub fn takes_user_properties(&self) -> bool {
        matches!(self, StepType::Form | StepType::Oauth | StepType::Profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_from_user_follows_the_effective_property_type() {
        let property =
            |json: serde_json::Value| -> Property { serde_json::from_value(json).unwrap() };
        let cases = [
            (
                serde_json::json!({"name": "a", "is_required": true, "property_type": "user_provided"}),
                true,
            ),
            (
                serde_json::json!({"name": "a", "is_required": true, "property_type": "user_provided_immutable"}),
                true,
            ),
            (
                serde_json::json!({"name": "a", "is_required": false, "property_type": "user_provided"}),
                false,
            ),
            (
                serde_json::json!({"name": "a", "is_required": true, "property_type": "user_provided_advanced"}),
                false,
            ),
            (
                serde_json::json!({"name": "a", "is_required": true, "property_type": "read_only"}),
                false,
            ),
            (
                serde_json::json!({"name": "a", "is_required": true, "property_type": "something_new"}),
                false,
            ),
            // Pre-2019 cards: `system_provided` decides.
            (
                serde_json::json!({"name": "a", "is_required": true, "system_provided": false}),
                true,
            ),
            (
                serde_json::json!({"name": "a", "is_required": true, "system_provided": true}),
                false,
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(
                property(json.clone()).is_required_from_user(),
                expected,
                "{json}"
            );
        }
    }

    #[test]
    fn unknown_step_and_property_types_are_kept() {
        let card: ReportCard = serde_json::from_value(serde_json::json!({
            "type": "x", "current_step": 1, "current_step_type": "teleport",
            "steps": [{"type": "teleport", "properties": [
                {"name": "a", "is_required": true, "is_credential": false,
                 "property_type": "quantum", "json_schema": null, "provided": false}
            ]}],
        }))
        .unwrap();
        assert_eq!(card.steps[0].step_type, StepType::Other("teleport".into()));
        let property = &card.steps[0].properties[0];
        assert_eq!(
            property.property_type,
            Some(PropertyType::Other("quantum".into()))
        );
        assert_eq!(property.json_schema, None);
        let back = serde_json::to_value(&card).unwrap();
        assert_eq!(back["steps"][0]["type"], "teleport");
        assert_eq!(
            back["steps"][0]["properties"][0]["property_type"],
            "quantum"
        );
        assert!(back["steps"][0]["properties"][0]["json_schema"].is_null());
    }

    #[test]
    fn fully_configured_follows_the_current_step() {
        let mut card: ReportCard = serde_json::from_value(serde_json::json!({
            "type": "x", "current_step": 2,
            "steps": [{"type": "form", "properties": []}, {"type": "fully_configured", "properties": []}],
        }))
        .unwrap();
        assert!(card.is_fully_configured());
        card.current_step = Some(1);
        assert!(!card.is_fully_configured());
        card.current_step = Some(0);
        assert!(!card.is_fully_configured());
        card.current_step_type = Some(StepType::FullyConfigured);
        assert!(card.is_fully_configured());
    }

    #[test]
    fn legacy_system_provided_flag_stands_in_for_property_type() {
        let property: Property = serde_json::from_value(serde_json::json!({
            "name": "client_id", "is_required": false, "is_credential": true,
            "system_provided": true, "json_schema": null, "provided": false
        }))
        .unwrap();
        assert_eq!(
            property.effective_property_type(),
            PropertyType::SystemProvidedByDefault
        );
    }
}
