//! What destinations and sources have in common: stored property values (credentials kept apart
//! and never shown), the connection check, and where the report card stands.
//!
//! A check is decided when it starts and becomes visible once its delay has passed. Deriving the
//! state from the clock when a request reads it, instead of running a timer task per check,
//! keeps the emulator free of background work and of races between a timer and a request.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use stitch_types::{ReportCard, Secret, StepType};

use crate::catalog::{Card, is_user_step};
use crate::config::CheckFailure;
use crate::random::job_uuid;

/// The stored state of one destination or source.
#[derive(Debug, Default)]
pub(crate) struct Connection {
    /// Non-credential values, as the API returns them.
    values: Map<String, Value>,
    /// Credential values, as JSON text. Never returned, never logged.
    credentials: BTreeMap<String, Secret<String>>,
    /// The last connection check, if one ran.
    check: Option<CheckRun>,
}

/// One connection check job.
#[derive(Debug)]
struct CheckRun {
    name: String,
    started_at: DateTime<Utc>,
    /// When the outcome becomes visible; `None` for a delay too long for the clock (it never
    /// does).
    ready_at: Option<Instant>,
    /// When the check completes, as the API shows it; `None` when it never does.
    completed_at: Option<DateTime<Utc>>,
    /// `None` when the check succeeds; otherwise its error message.
    failure: Option<String>,
}

/// The state of the last connection check, as a reader sees it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckState {
    /// No check has run.
    None,
    /// A check is running.
    Running,
    /// The last check passed.
    Succeeded,
    /// The last check failed.
    Failed,
}

impl Connection {
    /// Stores `properties` over the current values: credentials apart, everything else as sent.
    pub(crate) fn apply(&mut self, card: &Card, properties: Map<String, Value>) {
        for (name, value) in properties {
            let is_credential = card
                .property(&name)
                .is_some_and(|property| property.is_credential);
            if is_credential {
                let text = json_text(&value).into_owned();
                self.credentials.insert(name, Secret::new(text));
            } else {
                self.values.insert(name, value);
            }
        }
    }

    /// The values a response may show: no credential is among them.
    pub(crate) fn public_values(&self) -> &Map<String, Value> {
        &self.values
    }

    /// A stored non-credential value.
    pub(crate) fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Whether storing `value` under `name` would replace a different value.
    pub(crate) fn would_change(&self, name: &str, value: &Value) -> bool {
        match (self.values.get(name), self.credentials.get(name)) {
            (Some(current), _) => current != value,
            (None, Some(secret)) => *secret.expose_secret() != json_text(value),
            (None, None) => false,
        }
    }

    fn is_provided(&self, name: &str) -> bool {
        self.values.contains_key(name) || self.credentials.contains_key(name)
    }

    /// Whether every required property of every step the user fills in has a value.
    pub(crate) fn user_steps_complete(&self, card: &ReportCard) -> bool {
        card.steps
            .iter()
            .filter(|step| is_user_step(&step.step_type))
            .flat_map(|step| &step.properties)
            .all(|property| !property.is_required_from_user() || self.is_provided(&property.name))
    }

    /// Starts a connection check with the current values. Its outcome is decided now, from
    /// `failure`, and shows after `delay`.
    pub(crate) fn start_check(
        &mut self,
        job_prefix: &str,
        delay: Duration,
        failure: Option<&CheckFailure>,
    ) {
        let now = utc_now();
        let failure = failure.and_then(|failure| self.failure_message(failure));
        // The delay is configuration (`--check-delay-ms`), any length: one past what the clocks
        // can hold is a check that never completes, not a panic.
        let ready_at = Instant::now().checked_add(delay);
        let completed_at = chrono::TimeDelta::from_std(delay)
            .ok()
            .and_then(|delay| now.checked_add_signed(delay));
        let run = CheckRun {
            name: format!("{job_prefix}.check.{}", job_uuid()),
            started_at: now,
            ready_at,
            completed_at: ready_at.and(completed_at),
            failure,
        };
        self.check = Some(run);
    }

    /// The message of a check that `failure` makes fail, or `None` when the condition does not hold.
    fn failure_message(&self, failure: &CheckFailure) -> Option<String> {
        let expected = failure.value.expose_secret();
        let holds = match (
            self.credentials.get(&failure.property),
            self.values.get(&failure.property),
        ) {
            (Some(secret), _) => secret.expose_secret() == expected,
            (None, Some(value)) => json_text(value) == expected.as_str(),
            (None, None) => false,
        };
        if !holds {
            return None;
        }
        // The documented example failure; the user name is shown only when it is not a credential.
        Some(
            match (failure.property.as_str(), self.values.get("username")) {
                ("password", Some(Value::String(user))) => {
                    format!("FATAL:  password authentication failed for user \"{user}\"")
                }
                (property, _) => {
                    format!("connection check failed: the server rejected `{property}`")
                }
            },
        )
    }

    /// The name of the last check job.
    pub(crate) fn check_job_name(&self) -> Option<&str> {
        self.check.as_ref().map(|run| run.name.as_str())
    }

    /// The state of the last check at `now`.
    pub(crate) fn check_state(&self, now: Instant) -> CheckState {
        match &self.check {
            None => CheckState::None,
            Some(run) if run.ready_at.is_none_or(|ready_at| now < ready_at) => CheckState::Running,
            Some(CheckRun { failure: None, .. }) => CheckState::Succeeded,
            Some(_) => CheckState::Failed,
        }
    }

    /// The connection check object of `GET …/last-connection-check`, if a check ran.
    pub(crate) fn check_json(&self, now: Instant) -> Option<Value> {
        let run = self.check.as_ref()?;
        let state = self.check_state(now);
        let (status, completion_time, error, exit) = match state {
            CheckState::Running | CheckState::None => ("running", Value::Null, false, Value::Null),
            CheckState::Succeeded => ("succeeded", json!(run.completed_at), false, json!(0)),
            CheckState::Failed => ("failed", json!(run.completed_at), true, json!(1)),
        };
        let message = match state {
            CheckState::Failed => json!(run.failure),
            _ => Value::Null,
        };
        Some(json!({
            "name": run.name,
            "mode": "check",
            "status": status,
            "start_time": run.started_at,
            "completion_time": completion_time,
            "error": error,
            "check_exit_status": exit,
            "discovery_exit_status": exit,
            "discovery_error_message": message,
            "tap_exit_status": Value::Null,
            "tap_error_message": Value::Null,
            "target_exit_status": Value::Null,
            "target_error_message": Value::Null,
        }))
    }

    /// When the last check's success shows, if it is one that passes: a source discovers its
    /// streams then.
    pub(crate) fn passing_check_ready_at(&self) -> Option<Instant> {
        self.check
            .as_ref()
            .filter(|run| run.failure.is_none())
            .and_then(|run| run.ready_at)
    }

    /// The position (0-based) of the step the connection is at.
    ///
    /// Steps the user fills in are done when their required properties have values; a
    /// `discover_schema` step, and `fully_configured` itself, wait for a passing check;
    /// `field_selection` waits until `fields_selected` (a selected stream replicates a field).
    fn current_step(
        &self,
        card: &ReportCard,
        now: Instant,
        fields_selected: bool,
    ) -> Option<usize> {
        let check_passed = self.check_state(now) == CheckState::Succeeded;
        let mut last_user_step = None;
        for (index, step) in card.steps.iter().enumerate() {
            match &step.step_type {
                user_step if is_user_step(user_step) => {
                    let complete = step.properties.iter().all(|property| {
                        !property.is_required_from_user() || self.is_provided(&property.name)
                    });
                    if !complete {
                        return Some(index);
                    }
                    last_user_step = Some(index);
                }
                StepType::DiscoverSchema if check_passed => {}
                StepType::FieldSelection if check_passed && fields_selected => {}
                StepType::FullyConfigured if !check_passed => {
                    return Some(last_user_step.unwrap_or(index));
                }
                _ => return Some(index),
            }
        }
        card.steps.len().checked_sub(1)
    }

    /// The connection's report card now: the type's card with the current step set, each
    /// property's `provided` flag filled in, and no `details` (embedded cards have none).
    /// `fields_selected` tells whether the `field_selection` step is done; destinations have none.
    pub(crate) fn report_card(
        &self,
        card: &ReportCard,
        now: Instant,
        fields_selected: bool,
    ) -> ReportCard {
        let mut card = card.clone();
        card.details = None;
        card.upgrade_available = None;
        if let Some(index) = self.current_step(&card, now, fields_selected) {
            card.current_step = u32::try_from(index + 1).ok();
            card.current_step_type = Some(card.steps[index].step_type.clone());
        }
        for step in &mut card.steps {
            for property in &mut step.properties {
                property.provided = self.is_provided(&property.name);
            }
        }
        card
    }
}

/// A value as text: a string as itself, anything else as JSON. Credentials are stored and
/// compared this way.
fn json_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => Cow::Borrowed(text),
        other => Cow::Owned(other.to_string()),
    }
}

/// The current time. chrono's `clock` feature is left off (it pulls in time-zone lookup the
/// emulator never needs); the system clock converts directly.
pub(crate) fn utc_now() -> DateTime<Utc> {
    DateTime::from(std::time::SystemTime::now())
}
