//! Connection checks, and waiting until a destination or source is fully configured.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use stitch_types::{
    CheckStatus, ConnectionCheck, ConnectionStep, DestinationId, Property, PropertyType,
    ReportCard, SourceId, StepType,
};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::transport::ApiPath;

/// A destination or a source, by ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connection {
    /// A destination.
    Destination(DestinationId),
    /// A source.
    Source(SourceId),
}

impl From<DestinationId> for Connection {
    fn from(id: DestinationId) -> Self {
        Connection::Destination(id)
    }
}

impl From<SourceId> for Connection {
    fn from(id: SourceId) -> Self {
        Connection::Source(id)
    }
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
    /// The shortest pause between two looks: a shorter one would turn waiting into a busy loop
    /// of requests.
    pub const MIN_POLL_INTERVAL: Duration = Duration::from_millis(10);

    /// Waits up to `timeout`, looking every five seconds. A timeout too long for the clock
    /// (`Duration::MAX`) waits without a deadline.
    pub fn new(timeout: Duration) -> Self {
        WaitOptions {
            timeout,
            ..WaitOptions::default()
        }
    }

    /// The same options with `elapsed` taken off the timeout: for a wait that continues one
    /// that already took that long.
    pub(crate) fn remaining_after(&self, elapsed: Duration) -> WaitOptions {
        WaitOptions {
            timeout: self.timeout.saturating_sub(elapsed),
            poll_interval: self.poll_interval,
        }
    }

    /// How long to pause between two looks; at least [`MIN_POLL_INTERVAL`](Self::MIN_POLL_INTERVAL).
    #[must_use]
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval.max(Self::MIN_POLL_INTERVAL);
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
            Connection::Destination(id) => ("destinations", id.get()),
            Connection::Source(id) => ("sources", id.get()),
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
    /// Only a check of the connection's current state counts: the check whose job is the
    /// connection's `check_job_name`, or, when the connection names none, a last check that
    /// started at or after the connection's `updated_at` (the start of the wait when that is
    /// unknown). A failed check from before the last update does not end the wait, and a
    /// `fully_configured` card whose current check is still running or has failed is not
    /// configured yet. An `Err` is a request that failed (after the client's retries); the
    /// timeout is an `Ok(WaitOutcome::TimedOut)`.
    pub async fn wait_until_configured(
        &self,
        connection: Connection,
        options: &WaitOptions,
    ) -> Result<WaitOutcome, Error> {
        let started = Instant::now();
        let started_at = DateTime::<Utc>::from(std::time::SystemTime::now());
        // `None`: the timeout is beyond what the clock can represent, so there is no deadline.
        let deadline = started.checked_add(options.timeout);
        let mut last_step = None;
        loop {
            let look = self.look(connection, started_at);
            let looked = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline, look).await.ok(),
                None => Some(look.await),
            };
            match looked {
                Some(Ok(Progress::Done(outcome))) => return Ok(*outcome),
                Some(Ok(Progress::Pending(step))) => {
                    tracing::debug!(%connection, step = ?step, "not configured yet");
                    last_step = step.or(last_step);
                }
                Some(Err(error)) => return Err(error),
                None => break,
            }
            let pause = match deadline {
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    options.poll_interval.min(left)
                }
                None => options.poll_interval,
            };
            // `sleep` (unlike `Instant + Duration`) saturates on a pause too long for the clock.
            tokio::time::sleep(pause).await;
        }
        Ok(WaitOutcome::TimedOut {
            waited: started.elapsed(),
            last_step,
        })
    }

    async fn look(
        &self,
        connection: Connection,
        wait_started_at: DateTime<Utc>,
    ) -> Result<Progress, Error> {
        let (report_card, job, updated_at) = match connection {
            Connection::Destination(id) => {
                let destination = self.destination(id).await?;
                (
                    destination.report_card,
                    destination.check_job_name,
                    destination.updated_at,
                )
            }
            Connection::Source(id) => {
                let source = self.source(id).await?;
                (source.report_card, source.check_job_name, source.updated_at)
            }
        };
        // Read even when the card is fully configured: a check started by a later update may
        // be running or have failed.
        let check = match self.last_connection_check(connection).await {
            Ok(check) => Some(check),
            // No check has run yet, or its job is not visible yet.
            Err(error) if matches!(error.kind(), ErrorKind::NotFound { .. }) => None,
            Err(error) => return Err(error),
        };
        let current = CurrentCheck {
            job: job.as_deref(),
            since: updated_at.unwrap_or(wait_started_at),
        };
        Ok(assess(report_card, current, check))
    }
}

/// How to tell whether a connection check belongs to the connection's current state.
#[derive(Debug, Clone, Copy)]
struct CurrentCheck<'a> {
    /// The connection's `check_job_name`: when present, only that job counts.
    job: Option<&'a str>,
    /// Without a job name, a check counts when it started at or after this time.
    since: DateTime<Utc>,
}

impl CurrentCheck<'_> {
    fn counts(&self, check: &ConnectionCheck) -> bool {
        match self.job {
            Some(job) => check.name == job,
            None => check.start_time.is_some_and(|start| start >= self.since),
        }
    }
}

/// Decides from one look whether waiting is over.
fn assess(
    report_card: ReportCard,
    current: CurrentCheck<'_>,
    check: Option<ConnectionCheck>,
) -> Progress {
    let check = check.filter(|check| current.counts(check));
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
    let check_running = check
        .as_ref()
        .is_some_and(|check| check.status == CheckStatus::Running);
    if report_card.is_fully_configured() {
        // A card configured by an earlier check says nothing yet about the current one.
        if check_running {
            return Progress::Pending(Some(StepType::FullyConfigured));
        }
        return Progress::Done(Box::new(WaitOutcome::Configured { report_card }));
    }
    let Some(step) = report_card.current_step().cloned() else {
        return Progress::Pending(report_card.current_step_type);
    };
    let position = report_card.current_step.unwrap_or_default();
    let check_passed = check.is_some_and(|check| check.status == CheckStatus::Succeeded);
    let needs_user = match &step.step_type {
        StepType::Form => !missing(&step, Property::is_required_from_user).is_empty(),
        // OAuth and profile steps are done in Stitch's UI; once the check passed (or when none
        // runs), nothing else will move the card on.
        StepType::Oauth | StepType::Profile => {
            !missing(&step, Property::is_required_from_user).is_empty()
                || check_passed
                || current.job.is_none()
        }
        StepType::FieldSelection => true,
        // discover_schema runs the check and moves on by itself; unknown steps may too.
        _ => false,
    };
    if !needs_user {
        return Progress::Pending(Some(step.step_type));
    }
    let missing_names = match step.step_type {
        StepType::Form => missing(&step, Property::is_required_from_user),
        // What the user is asked for in Stitch's UI: every required property Stitch does not
        // set itself, `system_provided_by_default` OAuth values included.
        _ => missing(&step, |property| {
            property.is_required && property.effective_property_type() != PropertyType::ReadOnly
        }),
    };
    Progress::Done(Box::new(WaitOutcome::NeedsStep {
        step,
        position,
        missing: missing_names,
    }))
}

/// The properties of `step` without a value that `counts` selects.
fn missing(step: &ConnectionStep, counts: impl Fn(&Property) -> bool) -> Vec<String> {
    step.properties
        .iter()
        .filter(|property| !property.provided && counts(property))
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

    fn at(time: &str) -> DateTime<Utc> {
        time.parse().unwrap()
    }

    fn check_at(name: &str, status: &str, start: &str) -> ConnectionCheck {
        serde_json::from_value(json!({
            "name": name, "status": status, "error": status == "failed", "start_time": start,
            "discovery_error_message": if status == "failed" { json!("FATAL: no") } else { json!(null) }
        }))
        .unwrap()
    }

    fn check(name: &str, status: &str) -> ConnectionCheck {
        check_at(name, status, "2024-05-01T12:00:00Z")
    }

    /// The current check is the job `name`.
    fn job(name: &str) -> CurrentCheck<'_> {
        CurrentCheck {
            job: Some(name),
            since: at("2024-05-01T12:00:00Z"),
        }
    }

    /// No job name: checks since `since` count.
    fn since(since: &str) -> CurrentCheck<'static> {
        CurrentCheck {
            job: None,
            since: at(since),
        }
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
        let outcome = done(assess(card(5, true), job("job"), None));
        assert!(matches!(outcome, Some(WaitOutcome::Configured { .. })));
        let passed = done(assess(
            card(5, true),
            job("job"),
            Some(check("job", "succeeded")),
        ));
        assert!(matches!(passed, Some(WaitOutcome::Configured { .. })));
    }

    #[test]
    fn a_fully_configured_card_waits_for_its_current_check() {
        let failed = done(assess(
            card(5, true),
            job("job-2"),
            Some(check("job-2", "failed")),
        ));
        assert!(
            matches!(failed, Some(WaitOutcome::CheckFailed { ref message, .. }) if message == "FATAL: no"),
            "{failed:?}"
        );
        let running = assess(card(5, true), job("job-2"), Some(check("job-2", "running")));
        assert!(
            matches!(running, Progress::Pending(Some(StepType::FullyConfigured))),
            "{running:?}"
        );
        let stale = done(assess(
            card(5, true),
            job("job-2"),
            Some(check("job-1", "failed")),
        ));
        assert!(matches!(stale, Some(WaitOutcome::Configured { .. })));
    }

    #[test]
    fn only_the_current_jobs_failure_counts() {
        let failed = done(assess(
            card(1, true),
            job("job-2"),
            Some(check("job-2", "failed")),
        ));
        assert!(
            matches!(failed, Some(WaitOutcome::CheckFailed { ref message, .. }) if message == "FATAL: no")
        );
        let stale = assess(card(1, true), job("job-2"), Some(check("job-1", "failed")));
        assert!(matches!(stale, Progress::Pending(Some(StepType::Form))));
    }

    #[test]
    fn without_a_job_name_a_check_since_the_last_update_counts() {
        let fresh = check_at("job-1", "failed", "2024-05-01T12:00:00Z");
        let outcome = done(assess(
            card(1, true),
            since("2024-05-01T12:00:00Z"),
            Some(fresh.clone()),
        ));
        assert!(
            matches!(outcome, Some(WaitOutcome::CheckFailed { .. })),
            "started at the update: {outcome:?}"
        );
        let stale = assess(card(1, true), since("2024-05-01T12:00:01Z"), Some(fresh));
        assert!(
            matches!(stale, Progress::Pending(Some(StepType::Form))),
            "{stale:?}"
        );
        let mut undated = check("job-1", "failed");
        undated.start_time = None;
        let undated = assess(card(1, true), since("2024-05-01T00:00:00Z"), Some(undated));
        assert!(
            matches!(undated, Progress::Pending(_)),
            "a check of unknown age does not count: {undated:?}"
        );
    }

    #[test]
    fn a_form_with_missing_properties_needs_the_user() {
        let Some(WaitOutcome::NeedsStep {
            step,
            position,
            missing,
        }) = done(assess(card(1, false), since("2024-05-01T12:00:00Z"), None))
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
        let Some(WaitOutcome::NeedsStep { missing, .. }) =
            done(assess(card(2, false), since("2024-05-01T12:00:00Z"), None))
        else {
            panic!("needs oauth")
        };
        assert_eq!(missing, ["client_id"]);
        let running = assess(card(2, false), job("job"), Some(check("job", "running")));
        assert!(matches!(running, Progress::Pending(Some(StepType::Oauth))));
    }

    #[test]
    fn discovery_is_waited_for_and_field_selection_is_the_users() {
        let discovering = assess(card(3, true), job("job"), Some(check("job", "running")));
        assert!(matches!(
            discovering,
            Progress::Pending(Some(StepType::DiscoverSchema))
        ));
        let selecting = done(assess(
            card(4, true),
            job("job"),
            Some(check("job", "succeeded")),
        ));
        assert!(matches!(
            selecting,
            Some(WaitOutcome::NeedsStep { position: 4, ref missing, .. }) if missing.is_empty()
        ));
    }

    #[test]
    fn a_complete_form_waits_for_its_check() {
        let progress = assess(card(1, true), job("job"), Some(check("job", "running")));
        assert!(matches!(progress, Progress::Pending(Some(StepType::Form))));
    }

    #[test]
    fn the_poll_interval_has_a_floor() {
        let options = WaitOptions::new(Duration::MAX).poll_interval(Duration::ZERO);
        assert_eq!(options.poll_interval, WaitOptions::MIN_POLL_INTERVAL);
        let options = WaitOptions::default().poll_interval(Duration::from_secs(2));
        assert_eq!(options.poll_interval, Duration::from_secs(2));
    }
}
