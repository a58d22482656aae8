//! Replication jobs of one source (§8), and what they leave behind: the Extraction object (§9)
//! and a Load per replicated stream (§10).
//!
//! As with connection checks, a job's state is derived from the clock when a request reads
//! it: a job runs for the configured duration from its start and then has succeeded, unless
//! it was stopped. No task runs in the background.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::connection::utc_now;

/// The replication jobs of one source the lists can still show: the last one, and the last
/// one that succeeded (its loads stay listed after a later job is stopped).
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    runs: Vec<JobRun>,
}

/// One replication job.
#[derive(Debug)]
struct JobRun {
    name: String,
    started_at: DateTime<Utc>,
    /// When it completes; `None` for a duration too long for the clock (it never does).
    ends_at: Option<Instant>,
    /// The completion time the API shows; `None` when it never completes.
    completes_at: Option<DateTime<Utc>>,
    /// When `DELETE …/sync` stopped it.
    stopped_at: Option<DateTime<Utc>>,
    /// The streams it replicates: those selected when it started.
    streams: Vec<String>,
}

/// Where a job stands at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobState {
    Running,
    Succeeded(DateTime<Utc>),
    Terminated(DateTime<Utc>),
}

impl JobRun {
    fn state(&self, now: Instant) -> JobState {
        if let Some(stopped_at) = self.stopped_at {
            return JobState::Terminated(stopped_at);
        }
        match (self.ends_at, self.completes_at) {
            (Some(ends_at), Some(completes_at)) if now >= ends_at => {
                JobState::Succeeded(completes_at)
            }
            _ => JobState::Running,
        }
    }
}

/// What the extraction list says of a source's last completed job.
pub(crate) struct ExtractionOf<'a> {
    /// The account.
    pub(crate) client_id: u64,
    /// The source.
    pub(crate) source_id: u64,
    /// The source's type, e.g. `platform.hubspot`.
    pub(crate) source_type: &'a str,
}

impl Jobs {
    /// Whether a job is running at `now`.
    pub(crate) fn is_running(&self, now: Instant) -> bool {
        self.runs
            .last()
            .is_some_and(|run| run.state(now) == JobState::Running)
    }

    /// Starts a job named `name` replicating `streams`, completing after `duration`. The
    /// caller has made sure none is running.
    pub(crate) fn start(&mut self, name: String, duration: Duration, streams: Vec<String>) {
        let now = Instant::now();
        let last_succeeded = self.last_succeeded_index(now);
        let last = self.runs.len().checked_sub(1);
        let mut index = 0;
        self.runs.retain(|_| {
            let keep = Some(index) == last || Some(index) == last_succeeded;
            index += 1;
            keep
        });
        let started_at = utc_now();
        // The duration is configuration (`--job-duration-ms`), any length: one past what the
        // clocks hold is a job that never completes, not a panic.
        let ends_at = now.checked_add(duration);
        let completes_at = chrono::TimeDelta::from_std(duration)
            .ok()
            .and_then(|duration| started_at.checked_add_signed(duration));
        self.runs.push(JobRun {
            name,
            started_at,
            ends_at,
            completes_at: ends_at.and(completes_at),
            stopped_at: None,
            streams,
        });
    }

    /// Stops the running job; `false` when none runs.
    pub(crate) fn stop(&mut self, now: Instant) -> bool {
        match self.runs.last_mut() {
            Some(run) if run.state(now) == JobState::Running => {
                run.stopped_at = Some(utc_now());
                true
            }
            _ => false,
        }
    }

    fn last_succeeded_index(&self, now: Instant) -> Option<usize> {
        self.runs
            .iter()
            .rposition(|run| matches!(run.state(now), JobState::Succeeded(_)))
    }

    /// The Extraction object of the last completed job (succeeded or stopped), if any.
    pub(crate) fn extraction_json(&self, of: &ExtractionOf<'_>, now: Instant) -> Option<Value> {
        let (run, state) = self
            .runs
            .iter()
            .rev()
            .map(|run| (run, run.state(now)))
            .find(|(_, state)| *state != JobState::Running)?;
        // A stopped job has no exit statuses and "Terminated" as every description, as the
        // docs' toggl examples show (§9.1; §14 silent 7).
        let (completion_time, exit, description) = match state {
            JobState::Succeeded(at) => (at, json!(0), Value::Null),
            JobState::Terminated(at) => (at, Value::Null, json!("Terminated")),
            JobState::Running => return None,
        };
        Some(json!({
            "job_name": run.name,
            "stitch_client_id": of.client_id,
            "source_id": of.source_id,
            // §14.6: documented `tap_name`, but every example sends `source_type`.
            "source_type": tap_name(of.source_type),
            "start_time": run.started_at,
            "completion_time": completion_time,
            "discovery_exit_status": exit,
            "discovery_description": description,
            "tap_exit_status": exit,
            "tap_description": description,
            "target_exit_status": exit,
            "target_description": description,
        }))
    }

    /// The streams the last successful job loaded, and when it completed.
    pub(crate) fn last_loads(&self, now: Instant) -> Option<(&[String], DateTime<Utc>)> {
        let run = &self.runs[self.last_succeeded_index(now)?];
        match run.state(now) {
            JobState::Succeeded(at) => Some((&run.streams, at)),
            _ => None,
        }
    }

    /// Whether this source has a job called `name` the emulator still knows.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.runs.iter().any(|run| run.name == name)
    }

    /// The log file of job `name`: a few lines in the style of Stitch's, with the line per
    /// stream that mage's client scans for. Emulator's choice (§14 silent 10: the format is
    /// undocumented).
    pub(crate) fn log_text(&self, name: &str, now: Instant) -> Option<String> {
        let run = self.runs.iter().find(|run| run.name == name)?;
        let mut log = format!(
            "{} INFO main - Starting extraction job {name}\n",
            run.started_at
        );
        match run.state(now) {
            JobState::Running => {
                log.push_str(&format!("{} INFO main - Extraction running\n", utc_now()));
            }
            JobState::Succeeded(at) => {
                for stream in &run.streams {
                    log.push_str(&format!(
                        "{at} INFO com.stitchdata.target-stitch-avro.flush-pipeline - send-stream-record-count-impl stream: {stream} count: 0\n"
                    ));
                }
                log.push_str(&format!(
                    "{at} INFO main - Extraction completed: exit status 0\n"
                ));
            }
            JobState::Terminated(at) => {
                log.push_str(&format!("{at} INFO main - Terminated\n"));
            }
        }
        Some(log)
    }
}

/// The tap behind a source type, as the extraction list names it: `platform.recurly` is
/// `tap-recurly`.
fn tap_name(source_type: &str) -> String {
    format!(
        "tap-{}",
        source_type.strip_prefix("platform.").unwrap_or(source_type)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const OF: ExtractionOf<'static> = ExtractionOf {
        client_id: 1,
        source_id: 2,
        source_type: "platform.recurly",
    };

    #[test]
    fn a_job_runs_for_its_duration_then_succeeds() {
        let mut jobs = Jobs::default();
        jobs.start(
            "1.2.sync.a".into(),
            Duration::from_secs(60),
            vec!["s".into()],
        );
        let now = Instant::now();
        assert!(jobs.is_running(now));
        assert_eq!(jobs.extraction_json(&OF, now), None);
        let later = now + Duration::from_secs(61);
        assert!(!jobs.is_running(later));
        let extraction = jobs.extraction_json(&OF, later).unwrap();
        assert_eq!(extraction["tap_exit_status"], 0);
        assert_eq!(extraction["source_type"], "tap-recurly");
        assert_eq!(jobs.last_loads(later).unwrap().0, ["s"]);
    }

    #[test]
    fn a_stopped_job_is_terminated_and_the_last_success_keeps_its_loads() {
        let mut jobs = Jobs::default();
        jobs.start("a".into(), Duration::ZERO, vec!["s".into()]);
        for name in ["b", "c", "d"] {
            jobs.start(name.into(), Duration::from_secs(60), Vec::new());
            assert!(jobs.stop(Instant::now()));
        }
        let now = Instant::now();
        assert!(!jobs.stop(now), "nothing runs");
        let extraction = jobs.extraction_json(&OF, now).unwrap();
        assert_eq!(extraction["job_name"], "d");
        assert_eq!(extraction["discovery_description"], "Terminated");
        assert_eq!(extraction["target_exit_status"], Value::Null);
        assert!(jobs.has("a") && !jobs.has("b"), "b was superseded by c");
        assert_eq!(jobs.last_loads(now).unwrap().0, ["s"]);
    }

    #[test]
    fn a_job_too_long_for_the_clock_never_completes() {
        let mut jobs = Jobs::default();
        jobs.start("a".into(), Duration::MAX, Vec::new());
        assert!(jobs.is_running(Instant::now() + Duration::from_secs(3600)));
    }
}
