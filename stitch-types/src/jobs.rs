//! Replication jobs and what they leave behind: `POST /v4/sources/{id}/sync`, the extraction and
//! load lists, and the page wrapper of those lists.

use core::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{SourceId, StitchClientId};

/// A replication job's name: `<stitch_client_id>.<source_id>.sync.<uuid>`. The extraction list
/// names jobs the same way, and the extraction-logs endpoint takes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobName(String);

impl JobName {
    /// A job name as the API gave it.
    pub fn new(name: impl Into<String>) -> Self {
        JobName(name.into())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for JobName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// What `POST /v4/sources/{id}/sync` answered. Every case is a `200`: the API tells a started
/// job from one it refused by the body, not by the status.
///
/// ```
/// use stitch_types::StartJob;
///
/// let started: StartJob = serde_json::from_str(
///     r#"{"job_name": "116078.120643.sync.c12fb0a7-7e4a-11e9-abdc-0edc2c318fba"}"#,
/// )?;
/// assert!(matches!(started, StartJob::Started { .. }));
/// let running: StartJob = serde_json::from_str(
///     r#"{"error": {"type": "already_running", "message": "Did not create job for client-id: 116078; connection-id: 233312 because one already exists"}}"#,
/// )?;
/// assert!(matches!(running, StartJob::AlreadyRunning { .. }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[must_use = "the job may not have started: check the outcome"]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StartJob {
    /// A job started.
    Started {
        /// Its name, to find it in the extraction list.
        job_name: JobName,
    },
    /// A job of this source is running already; none was started.
    AlreadyRunning {
        /// The API's message.
        message: String,
    },
    /// A `200` with an error of another type.
    Refused {
        /// The error's `type`.
        error_type: String,
        /// The error's `message`.
        message: String,
    },
}

impl<'de> Deserialize<'de> for StartJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct TypedError {
            #[serde(rename = "type", default)]
            error_type: String,
            #[serde(default)]
            message: String,
        }
        #[derive(Deserialize)]
        struct Wire {
            job_name: Option<JobName>,
            error: Option<TypedError>,
        }
        let wire = Wire::deserialize(deserializer)?;
        match (wire.job_name, wire.error) {
            (_, Some(error)) if error.error_type == "already_running" => {
                Ok(StartJob::AlreadyRunning {
                    message: error.message,
                })
            }
            (_, Some(error)) => Ok(StartJob::Refused {
                error_type: error.error_type,
                message: error.message,
            }),
            (Some(job_name), None) => Ok(StartJob::Started { job_name }),
            (None, None) => Err(de::Error::custom(
                "neither `job_name` nor `error`: not an answer of POST /v4/sources/{id}/sync",
            )),
        }
    }
}

/// The last completed extraction of a source (`GET /v4/{stitch_client_id}/extractions`).
///
/// An extraction has three phases, each with an exit status: discovery, tap (reading the
/// source) and target (sending to Stitch). `None` is a phase that is running or never ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Extraction {
    /// The job's name.
    pub job_name: JobName,
    /// The account.
    pub stitch_client_id: StitchClientId,
    /// The source.
    pub source_id: SourceId,
    /// The tap behind the source, `tap-<type>`, under the name every example sends it.
    /// [`tap`](Self::tap) reads this or [`tap_name`](Self::tap_name), whichever came.
    #[serde(default)]
    pub source_type: Option<String>,
    /// The same, under the name the docs give it (`tap_name`). Kept apart from `source_type`
    /// so a server that sends both is read, and written back, as it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tap_name: Option<String>,
    /// When the job started.
    #[serde(default)]
    pub start_time: Option<DateTime<Utc>>,
    /// When the job completed.
    #[serde(default)]
    pub completion_time: Option<DateTime<Utc>>,
    /// Discovery's exit status: `0` passed.
    #[serde(default)]
    pub discovery_exit_status: Option<i64>,
    /// Why discovery failed.
    #[serde(default)]
    pub discovery_description: Option<String>,
    /// The tap's exit status: `0` passed.
    #[serde(default)]
    pub tap_exit_status: Option<i64>,
    /// Why the tap failed.
    #[serde(default)]
    pub tap_description: Option<String>,
    /// The target's exit status: `0` passed.
    #[serde(default)]
    pub target_exit_status: Option<i64>,
    /// Why the target failed.
    #[serde(default)]
    pub target_description: Option<String>,
    /// Fields this version does not model, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// How an [`Extraction`] ended, from its exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractionOutcome {
    /// Every phase exited with `0`.
    Succeeded,
    /// A phase exited with another status.
    Failed {
        /// The first phase that failed.
        phase: ExtractionPhase,
        /// Its exit status.
        exit_status: i64,
    },
    /// No phase reported a status: a job stopped or cut off (its descriptions say
    /// `Terminated`), or one still running.
    Unfinished,
}

/// A phase of an extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractionPhase {
    /// Finding streams and fields.
    Discovery,
    /// Reading from the source.
    Tap,
    /// Sending to Stitch.
    Target,
}

impl Extraction {
    /// The tap behind the source, `tap-<type>`: `source_type`, or `tap_name` when only that came.
    pub fn tap(&self) -> Option<&str> {
        self.source_type.as_deref().or(self.tap_name.as_deref())
    }

    /// How the extraction ended.
    pub fn outcome(&self) -> ExtractionOutcome {
        let phases = [
            (ExtractionPhase::Discovery, self.discovery_exit_status),
            (ExtractionPhase::Tap, self.tap_exit_status),
            (ExtractionPhase::Target, self.target_exit_status),
        ];
        if let Some((phase, exit_status)) = phases.iter().find_map(|(phase, status)| {
            status
                .filter(|status| *status != 0)
                .map(|status| (*phase, status))
        }) {
            return ExtractionOutcome::Failed { phase, exit_status };
        }
        if phases.iter().all(|(_, status)| *status == Some(0)) {
            ExtractionOutcome::Succeeded
        } else {
            ExtractionOutcome::Unfinished
        }
    }

    /// The description of the first phase that reports one: why it failed or stopped.
    pub fn description(&self) -> Option<&str> {
        [
            &self.discovery_description,
            &self.tap_description,
            &self.target_description,
        ]
        .into_iter()
        .find_map(|description| description.as_deref())
    }
}

/// The latest load of one stream (`GET /v4/{stitch_client_id}/loads`).
///
/// A load names its source by `source_name` (the source's `name`), not by ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Load {
    /// The account.
    pub stitch_client_id: StitchClientId,
    /// The source's `name`: the schema or dataset loaded into.
    pub source_name: String,
    /// The table loaded.
    pub stream_name: String,
    /// When the last batch loaded; `None` while the load is in an error state.
    #[serde(default)]
    pub last_batch_loaded_at: Option<DateTime<Utc>>,
    /// Why the load failed. The docs warn that its structure may change: it is kept as JSON.
    #[serde(default)]
    pub error_state: Option<Value>,
    /// Fields this version does not model, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// One page of a paginated list (extractions, loads): 100 records a page, numbered from 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// This page's records.
    pub data: Vec<T>,
    /// This page's number.
    pub page: u64,
    /// How many records the whole list holds.
    pub total: u64,
    /// Relative links to the next and previous pages.
    #[serde(default)]
    pub links: PageLinks,
    /// Fields this version does not model, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The `links` of a [`Page`]: `{}` when the list fits on one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageLinks {
    /// The next page, e.g. `/v4/116078/extractions?page=3`; `None` on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The previous page; `None` on the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Links this version does not model, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn start_job_reads_each_documented_answer() {
        let other: StartJob = serde_json::from_value(
            json!({"error": {"type": "generic", "message": "Could not create job"}}),
        )
        .unwrap();
        assert_eq!(
            other,
            StartJob::Refused {
                error_type: "generic".into(),
                message: "Could not create job".into()
            }
        );
        let error = serde_json::from_value::<StartJob>(json!({"status": 200})).unwrap_err();
        assert!(error.to_string().contains("neither `job_name`"), "{error}");
    }

    #[test]
    fn extractions_read_the_documented_examples() {
        let failed: Extraction = serde_json::from_value(json!({
            "target_exit_status": 0, "job_name": "116078.244788.sync.2deb271f-b23b-11ea-894c-0ee2efcbf789",
            "tap_exit_status": 1, "source_type": "tap-recurly", "discovery_exit_status": 0,
            "tap_description": "Response returned http error code 401", "start_time": "2020-06-19T14:43:03Z",
            "completion_time": "2020-06-19T14:43:08Z", "stitch_client_id": 116078, "source_id": 244788,
            "target_description": null, "discovery_description": null
        }))
        .unwrap();
        assert_eq!(
            failed.outcome(),
            ExtractionOutcome::Failed {
                phase: ExtractionPhase::Tap,
                exit_status: 1
            }
        );
        assert_eq!(
            failed.description(),
            Some("Response returned http error code 401")
        );
        let terminated: Extraction = serde_json::from_value(json!({
            "target_exit_status": null, "job_name": "116078.123241.sync.43b3c535", "stitch_client_id": 116078,
            "tap_exit_status": null, "tap_name": "tap-toggl", "target_description": "Terminated",
            "discovery_exit_status": null, "discovery_description": "Terminated", "tap_description": "Terminated",
            "source_id": 123241
        }))
        .unwrap();
        assert_eq!(terminated.outcome(), ExtractionOutcome::Unfinished);
        assert_eq!(terminated.tap(), Some("tap-toggl"));
        assert_eq!(terminated.tap_name.as_deref(), Some("tap-toggl"));
        let ok: Extraction = serde_json::from_value(json!({"job_name": "a", "stitch_client_id": 1,
            "source_id": 2, "discovery_exit_status": 0, "tap_exit_status": 0, "target_exit_status": 0}))
        .unwrap();
        assert_eq!(ok.outcome(), ExtractionOutcome::Succeeded);
        let both = json!({"job_name": "a", "stitch_client_id": 1, "source_id": 2,
            "source_type": "tap-one", "tap_name": "tap-two"});
        let read: Extraction = serde_json::from_value(both.clone()).unwrap();
        assert_eq!(read.tap(), Some("tap-one"));
        let written = serde_json::to_value(&read).unwrap();
        assert_eq!(
            (&written["source_type"], &written["tap_name"]),
            (&both["source_type"], &both["tap_name"])
        );
    }

    #[test]
    fn pages_and_loads_read_the_documented_shapes() {
        let page: Page<Load> = serde_json::from_value(json!({
            "data": [{"stitch_client_id": "116078", "source_name": "heroku", "stream_name": "customers",
                      "last_batch_loaded_at": "2020-06-23T01:35:47Z", "error_state": null}],
            "page": 2, "total": 102,
            "links": {"next": "/v4/116078/loads?page=3", "previous": "/v4/116078/loads?page=1"}
        }))
        .unwrap();
        assert_eq!(page.data[0].stitch_client_id, StitchClientId::new(116_078));
        assert_eq!(page.links.next.as_deref(), Some("/v4/116078/loads?page=3"));
        let single: Page<Load> =
            serde_json::from_value(json!({"data": [], "page": 1, "total": 0, "links": {}}))
                .unwrap();
        assert_eq!(single.links, PageLinks::default());
    }
}
