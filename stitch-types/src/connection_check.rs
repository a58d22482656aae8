//! The connection check object of `GET /v4/{destinations,sources}/{id}/last-connection-check`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

stitch_report_card::open_enum! {
    /// The state of a connection check job.
    pub enum CheckStatus {
        /// Still running.
        Running = "running",
        /// Passed.
        Succeeded = "succeeded",
        /// Failed: see the error messages of the check.
        Failed = "failed",
    }
}

/// The last connection check of a destination or source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConnectionCheck {
    /// The job name: `<stitch_client_id>.<connection_id>.check.<uuid>`.
    pub name: String,
    /// Always `check`.
    #[serde(default)]
    pub mode: Option<String>,
    /// Running, succeeded or failed.
    pub status: CheckStatus,
    /// When the check started.
    #[serde(default)]
    pub start_time: Option<DateTime<Utc>>,
    /// When the check finished, if it has.
    #[serde(default)]
    pub completion_time: Option<DateTime<Utc>>,
    /// Whether any step exited with an error.
    #[serde(default)]
    pub error: bool,
    /// `None` while running, `0` when the check passed, `1` when it failed.
    #[serde(default)]
    pub check_exit_status: Option<i64>,
    /// Exit status of discovery.
    #[serde(default)]
    pub discovery_exit_status: Option<i64>,
    /// What discovery reported when it failed.
    #[serde(default)]
    pub discovery_error_message: Option<String>,
    /// Exit status of the tap.
    #[serde(default)]
    pub tap_exit_status: Option<i64>,
    /// What the tap reported when it failed.
    #[serde(default)]
    pub tap_error_message: Option<String>,
    /// Exit status of the target.
    #[serde(default)]
    pub target_exit_status: Option<i64>,
    /// What the target reported when it failed.
    #[serde(default)]
    pub target_error_message: Option<String>,
    /// Fields this version of the crate does not model.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl ConnectionCheck {
    /// The first error message the check reports, if it failed.
    pub fn error_message(&self) -> Option<&str> {
        [
            &self.discovery_error_message,
            &self.tap_error_message,
            &self.target_error_message,
        ]
        .into_iter()
        .find_map(|message| message.as_deref())
    }
}
