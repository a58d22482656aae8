//! Connection checks, and waiting until a destination or source is fully configured.

use std::fmt;
use std::time::Duration;

use stitch_types::{
    CheckStatus, ConnectionCheck, ConnectionStep, PropertyType, ReportCard, StepType,
};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::transport::ApiPath;

/// A destination or a source, by ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connection {
    /// A destination.
    Destination(u64),
    /// A source.
    Source(u64),
}

impl fmt::Display for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Connection::Destination(id) => write!(f, "destination {id}"),
            Connection::Source(id) => write!(f, "source {id}"),
        }
    }
}

/// How long [`Client::wait_until_configured`] waits, and how often it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    timeout: Duration,
    poll_interval: Duration,
}

impl Default for WaitOptions {
    /// Ten minutes, looking every five seconds: a connection check takes about a minute.
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(600),
            poll_interval: Duration::from_secs(5),
        }
    }
}

impl WaitOptions {
    /// Waits up to `timeout`, looking every five seconds.
    pub fn new(timeout: Duration) -> Self {
        WaitOptions {
            timeout,
            ..WaitOptions::default()
        }
    }

    /// How long to pause between two looks.
    #[must_use]
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }
}

/// How waiting for a connection ended.
#[must_use = "the connection may not be configured: check the outcome"]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WaitOutcome {
    /// The report card reached `fully_configured`: Stitch can use the connection.
    Configured {
        /// The connection's report card.
        report_card: ReportCard,
    },
    /// Configuration stopped at a step only the user can complete: required properties without
    /// a value, an OAuth exchange, or stream and field selection.
    NeedsStep {
        /// The step, with its properties and their `provided` flags.
        step: ConnectionStep,
        /// Its 1-based position in the report card.
        position: u32,
        /// The step's required properties that have no value yet (empty for
        /// `field_selection`, which selects streams rather than properties).
        missing: Vec<String>,
    },
    /// The connection check failed.
    CheckFailed {
        /// What the check reported, e.g. `FATAL: password authentication failed for user "stitch"`.
        message: String,
        /// The check itself.
        check: ConnectionCheck,
    },
    /// The deadline passed first.
    TimedOut {
        /// How long the client waited.
        waited: Duration,
        /// The step the connection was at when last seen, if it was seen.
        last_step: Option<StepType>,
    },
}

/// What one look at a connection found.
#[derive(Debug)]
enum Progress {
    // Boxed: a finished look happens once, a pending one every poll.
    Done(Box<WaitOutcome>),
    Pending(Option<StepType>),
}

impl Client {
    /// `GET /v4/{destinations,sources}/{id}/last-connection-check`: the connection's last check.
    pub async fn last_connection_check(
        &self,
        connection: Connection,
    ) -> Result<ConnectionCheck, Error> {
        let (collection, id) = match connection {
            Connection::Destination(id) => ("destinations", id),
            Connection::Source(id) => ("sources", id),
        };
        let path = ApiPath::new([
            "v4".to_owned(),
            collection.to_owned(),
            id.to_string(),
            "last-connection-check".to_owned(),
        ]);
        self.get(path).await
    }

    /// Polls the connection until its report card is `fully_configured`, its connection check
    /// fails, it needs a step only the user can take, or `options`' timeout passes.
    ///
    /// Only the check whose job is the connection's current `check_job_name` counts: a failed
    /// check from before the last update does not end the wait. An `Err` is a request that
    /// failed (after the client's retries); the timeout is an `Ok(WaitOutcome::TimedOut)`.
    pub async fn wait_until_configured(
        &self,
        connection: Connection,
        options: &WaitOptions,
    ) -> Result<WaitOutcome, Error> {
        let started = Instant::now();
        let deadline = started + options.timeout;
        let mut last_step = None;
        loop {
            match tokio::time::timeout_at(deadline, self.look(connection)).await {
                Ok(Ok(Progress::Done(outcome))) => return Ok(*outcome),
                Ok(Ok(Progress::Pending(step))) => {
                    tracing::debug!(%connection, step = ?step, "not configured yet");
                    last_step = step.or(last_step);
                }
                Ok(Err(error)) => return Err(error),
                Err(_elapsed) => break,
            }
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            tokio::time::sleep_until((now + options.poll_interval).min(deadline)).await;
        }
        Ok(WaitOutcome::TimedOut {
            waited: started.elapsed(),
            last_step,
        })
    }

    async fn look(&self, connection: Connection) -> Result<Progress, Error> {
        let (report_card, job) = match connection {
            Connection::Destination(id) => {
                let destination = self.destination(id).await?;
                (destination.report_card, destination.check_job_name)
            }
            Connection::Source(id) => {
                let source = self.source(id).await?;
                (source.report_card, source.check_job_name)
            }
        };
        let check = match &job {
            Some(_) if !report_card.is_fully_configured() => {
                match self.last_connection_check(connection).await {
                    Ok(check) => Some(check),
                    // The job may not be visible yet.
                    Err(error) if matches!(error.kind(), ErrorKind::NotFound { .. }) => None,
                    Err(error) => return Err(error),
                }
            }
            _ => None,
        };
        Ok(assess(report_card, job.as_deref(), check))
    }
}

/// Decides from one look whether waiting is over.
fn assess(report_card: ReportCard, job: Option<&str>, check: Option<ConnectionCheck>) -> Progress {
    if report_card.is_fully_configured() {
        return Progress::Done(Box::new(WaitOutcome::Configured { report_card }));
    }
    let check = check.filter(|check| job == Some(check.name.as_str()));
    if let Some(check) = check
        .as_ref()
        .filter(|check| check.status == CheckStatus::Failed)
    {
        let message = check
            .error_message()
            .unwrap_or("the connection check failed without a message")
            .to_owned();
        return Progress::Done(Box::new(WaitOutcome::CheckFailed {
            message,
            check: check.clone(),
        }));
    }
    let Some(step) = report_card.current_step().cloned() else {
        return Progress::Pending(report_card.current_step_type);
    };
    let position = report_card.current_step.unwrap_or_default();
    let check_passed = check.is_some_and(|check| check.status == CheckStatus::Succeeded);
    let needs_user = match &step.step_type {
        StepType::Form => !missing(&step, is_set_by_user).is_empty(),
        // OAuth and profile steps are done in Stitch's UI; once the check passed (or when none
        // runs), nothing else will move the card on.
        StepType::Oauth | StepType::Profile => {
            !missing(&step, is_set_by_user).is_empty() || check_passed || job.is_none()
        }
        StepType::FieldSelection => true,
        // discover_schema runs the check and moves on by itself; unknown steps may too.
        _ => false,
    };
    if !needs_user {
        return Progress::Pending(Some(step.step_type));
    }
    let missing_names = match step.step_type {
        StepType::Form => missing(&step, is_set_by_user),
        _ => missing(&step, |property| {
            property.effective_property_type() != PropertyType::ReadOnly
        }),
    };
    Progress::Done(Box::new(WaitOutcome::NeedsStep {
        step,
        position,
        missing: missing_names,
    }))
}

/// Whether the user sets a property (`user_provided`, `user_provided_immutable`): with
/// `is_required`, DESIGN.md's definition of a property the user must give.
fn is_set_by_user(property: &stitch_types::Property) -> bool {
    matches!(
        property.effective_property_type(),
        PropertyType::UserProvided | PropertyType::UserProvidedImmutable
    )
}

/// The required properties of `step` without a value that `counts` selects.
fn missing(step: &ConnectionStep, counts: impl Fn(&stitch_types::Property) -> bool) -> Vec<String> {
    step.properties
        .iter()
        .filter(|property| property.is_required && !property.provided && counts(property))
        .map(|property| property.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn card(current_step: u32, provided: bool) -> ReportCard {
        let property = |name: &str, property_type: &str| {
            json!({"name": name, "is_required": true, "is_credential": false,
                   "property_type": property_type, "json_schema": null, "provided": provided})
        };
        serde_json::from_value(json!({
            "type": "platform.example",
            "current_step": current_step,
            "steps": [
                {"type": "form", "properties": [property("region", "user_provided"), property("account", "read_only")]},
                {"type": "oauth", "properties": [property("client_id", "system_provided_by_default")]},
                {"type": "discover_schema", "properties": []},
                {"type": "field_selection", "properties": []},
                {"type": "fully_configured", "properties": []}
            ]
        }))
        .unwrap()
    }

    fn check(name: &str, status: &str) -> ConnectionCheck {
        serde_json::from_value(json!({
            "name": name, "status": status, "error": status == "failed",
            "discovery_error_message": if status == "failed" { json!("FATAL: no") } else { json!(null) }
        }))
        .unwrap()
    }

    /// The outcome of a finished look; `None` while pending.
    fn done(progress: Progress) -> Option<WaitOutcome> {
        match progress {
            Progress::Done(outcome) => Some(*outcome),
            Progress::Pending(_) => None,
        }
    }

    #[test]
    fn a_fully_configured_card_ends_the_wait() {
        let outcome = done(assess(card(5, true), Some("job"), None));
        assert!(matches!(outcome, Some(WaitOutcome::Configured { .. })));
    }

    #[test]
    fn only_the_current_jobs_failure_counts() {
        let failed = done(assess(
            card(1, true),
            Some("job-2"),
            Some(check("job-2", "failed")),
        ));
        assert!(
            matches!(failed, Some(WaitOutcome::CheckFailed { ref message, .. }) if message == "FATAL: no")
        );
        let stale = assess(card(1, true), Some("job-2"), Some(check("job-1", "failed")));
        assert!(matches!(stale, Progress::Pending(Some(StepType::Form))));
    }

    #[test]
    fn a_form_with_missing_properties_needs_the_user() {
        let Some(WaitOutcome::NeedsStep {
            step,
            position,
            missing,
        }) = done(assess(card(1, false), None, None))
        else {
            panic!("needs a step")
        };
        assert_eq!(step.step_type, StepType::Form);
        assert_eq!(position, 1);
        assert_eq!(
            missing,
            ["region"],
            "read_only properties are not the user's to give"
        );
    }

    #[test]
    fn oauth_needs_the_user_once_nothing_else_can_move_the_card() {
        let Some(WaitOutcome::NeedsStep { missing, .. }) = done(assess(card(2, false), None, None))
        else {
            panic!("needs oauth")
        };
        assert_eq!(missing, ["client_id"]);
        let running = assess(card(2, false), Some("job"), Some(check("job", "running")));
        assert!(matches!(running, Progress::Pending(Some(StepType::Oauth))));
    }

    #[test]
    fn discovery_is_waited_for_and_field_selection_is_the_users() {
        let discovering = assess(card(3, true), Some("job"), Some(check("job", "running")));
        assert!(matches!(
            discovering,
            Progress::Pending(Some(StepType::DiscoverSchema))
        ));
        let selecting = done(assess(
            card(4, true),
            Some("job"),
            Some(check("job", "succeeded")),
        ));
        assert!(matches!(
            selecting,
            Some(WaitOutcome::NeedsStep { position: 4, ref missing, .. }) if missing.is_empty()
        ));
    }

    #[test]
    fn a_complete_form_waits_for_its_check() {
        let progress = assess(card(1, true), Some("job"), Some(check("job", "running")));
        assert!(matches!(progress, Progress::Pending(Some(StepType::Form))));
    }
}
