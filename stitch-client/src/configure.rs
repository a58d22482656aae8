//! Taking a source from created to `fully_configured`: through the connection check and
//! discovery, then stream and field selection.

use std::time::Duration;

use stitch_types::{
    ConnectionCheck, ConnectionStep, DiscoveredStream, ReportCard, SelectionErrors, SourceId,
    StepType, UpdateStreamMetadata,
};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;
use crate::wait::{Connection, WaitOptions, WaitOutcome};

/// How [`Client::configure_source`] ended.
#[must_use = "the source may not be configured: check the outcome"]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConfigureOutcome {
    /// The source is `fully_configured`: Stitch replicates it on its schedule.
    Configured {
        /// The source's report card.
        report_card: ReportCard,
        /// The selection sent, when the source had a `field_selection` step to complete (a
        /// source without one, or one configured already, needs none).
        selection: Option<UpdateStreamMetadata>,
    },
    /// The connection check (which runs discovery) failed: the source stays at
    /// `discover_schema` until its properties are updated and a new check passes.
    CheckFailed {
        /// What the check reported.
        message: String,
        /// The check itself.
        check: ConnectionCheck,
    },
    /// Configuration stopped at a step only the user can take: required form properties
    /// without a value, an OAuth exchange, or a `field_selection` the selection sent did not
    /// complete (it replicates nothing).
    NeedsStep {
        /// The step.
        step: ConnectionStep,
        /// Its 1-based position in the report card.
        position: u32,
        /// The step's required properties without a value.
        missing: Vec<String>,
    },
    /// Discovery found no stream to select.
    NoStreams,
    /// The selection does not fit the discovered streams; nothing was sent.
    SelectionRejected {
        /// Every problem, each naming its stream and field.
        errors: SelectionErrors,
        /// The streams discovery found, to choose again from.
        streams: Vec<DiscoveredStream>,
    },
    /// The deadline passed first.
    TimedOut {
        /// How long the client waited.
        waited: Duration,
        /// The step the source was at when last seen, if it was seen.
        last_step: Option<StepType>,
    },
}

impl Client {
    /// Takes a created source to `fully_configured`, within `options`' timeout:
    ///
    /// 1. waits through `discover_schema` (the connection check, which discovers streams),
    ///    ending with [`CheckFailed`](ConfigureOutcome::CheckFailed) when the check fails;
    /// 2. at `field_selection`, reads the discovered streams and their schemas and asks
    ///    `select` for a selection, usually a
    ///    [`FieldSelection`](stitch_types::FieldSelection) built from them. Its errors end the
    ///    call with [`SelectionRejected`](ConfigureOutcome::SelectionRejected) before anything
    ///    is sent;
    /// 3. sends the selection and waits for `fully_configured`.
    ///
    /// A source already `fully_configured`, or whose card has no `field_selection` step, ends
    /// as [`Configured`](ConfigureOutcome::Configured) without calling `select`. An `Err` is a
    /// request that failed, a selection the API refused included.
    ///
    /// ```no_run
    /// # async fn run(client: stitch_client::Client, source: stitch_types::SourceId)
    /// # -> Result<(), stitch_client::Error> {
    /// use std::time::Duration;
    /// use stitch_client::{ConfigureOutcome, WaitOptions};
    /// use stitch_types::{FieldSelection, StreamChoice};
    ///
    /// let outcome = client
    ///     .configure_source(source, &WaitOptions::new(Duration::from_secs(600)), |streams| {
    ///         FieldSelection::new(streams)
    ///             .select(StreamChoice::stream("accounts").all_fields())
    ///             .build()
    ///     })
    ///     .await?;
    /// match outcome {
    ///     ConfigureOutcome::Configured { .. } => println!("replicating"),
    ///     ConfigureOutcome::SelectionRejected { errors, .. } => eprintln!("{errors}"),
    ///     other => eprintln!("not configured: {other:?}"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn configure_source<F>(
        &self,
        source: SourceId,
        options: &WaitOptions,
        select: F,
    ) -> Result<ConfigureOutcome, Error>
    where
        F: FnOnce(&[DiscoveredStream]) -> Result<UpdateStreamMetadata, SelectionErrors>,
    {
        let started = Instant::now();
        let connection = Connection::Source(source);
        let first = self.wait_until_configured(connection, options).await?;
        let WaitOutcome::NeedsStep { step, .. } = &first else {
            return Ok(ConfigureOutcome::from_wait(first, None));
        };
        if step.step_type != StepType::FieldSelection {
            return Ok(ConfigureOutcome::from_wait(first, None));
        }
        let streams = self.discovered_streams(source).await?;
        if streams.is_empty() {
            return Ok(ConfigureOutcome::NoStreams);
        }
        let selection = match select(&streams) {
            Ok(selection) => selection,
            Err(errors) => return Ok(ConfigureOutcome::SelectionRejected { errors, streams }),
        };
        self.update_stream_metadata(source, &selection).await?;
        let left = options.remaining_after(started.elapsed());
        let second = self.wait_until_configured(connection, &left).await?;
        Ok(match ConfigureOutcome::from_wait(second, Some(selection)) {
            // The waited time counts from the start of the whole configuration.
            ConfigureOutcome::TimedOut { last_step, .. } => ConfigureOutcome::TimedOut {
                waited: started.elapsed(),
                last_step,
            },
            other => other,
        })
    }
}

impl ConfigureOutcome {
    fn from_wait(outcome: WaitOutcome, selection: Option<UpdateStreamMetadata>) -> Self {
        match outcome {
            WaitOutcome::Configured { report_card } => ConfigureOutcome::Configured {
                report_card,
                selection,
            },
            WaitOutcome::NeedsStep {
                step,
                position,
                missing,
            } => ConfigureOutcome::NeedsStep {
                step,
                position,
                missing,
            },
            WaitOutcome::CheckFailed { message, check } => {
                ConfigureOutcome::CheckFailed { message, check }
            }
            WaitOutcome::TimedOut { waited, last_step } => {
                ConfigureOutcome::TimedOut { waited, last_step }
            }
        }
    }
}
