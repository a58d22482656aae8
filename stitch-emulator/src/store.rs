//! The emulator's in-memory accounts, destinations and sources.

use std::collections::BTreeMap;

use std::time::Instant;

use chrono::{DateTime, Utc};
use stitch_types::{ReportCard, Secret};
use subtle::ConstantTimeEq;

use crate::config::{EmulatorConfig, Tier};
use crate::connection::Connection;
use crate::import_tokens::ImportTokens;
use crate::jobs::Jobs;
use crate::streams::SourceStreams;

/// Whether a token a request sent is `known`, in time that does not depend on where they
/// differ: a client timing refusals cannot learn a token byte by byte. (Their lengths may
/// show; a token's length is no secret.)
fn same_token(known: &str, sent: &str) -> bool {
    known.as_bytes().ct_eq(sent.as_bytes()).into()
}

/// Identifies an authenticated account: its position in [`Store::accounts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AccountId(usize);

/// Everything the emulator holds.
#[derive(Debug)]
pub(crate) struct Store {
    accounts: Vec<Account>,
    next_client_id: u64,
    next_destination_id: u64,
    next_source_id: u64,
    next_token_id: u64,
    /// The pre-signed links to extraction logs handed out so far.
    log_links: Vec<LogLink>,
}

/// A link to one job's log, as a `302` from `GET /v4/{stitch_client_id}/extractions/{job_name}`
/// gives it: whoever has the token may download the log, without the API token.
#[derive(Debug)]
struct LogLink {
    job_name: String,
    token: Secret<String>,
}

/// One Stitch client account, reached through one bearer token.
#[derive(Debug)]
pub(crate) struct Account {
    token: Secret<String>,
    /// The `stitch_client_id` of everything the account owns.
    pub(crate) client_id: u64,
    /// The account's plan.
    pub(crate) tier: Tier,
    /// Live destinations by ID (deleted ones are removed).
    pub(crate) destinations: BTreeMap<u64, DestinationRecord>,
    /// Sources by ID, deleted ones included: the API keeps listing them.
    pub(crate) sources: BTreeMap<u64, SourceRecord>,
}

/// A stored destination.
#[derive(Debug)]
pub(crate) struct DestinationRecord {
    pub(crate) id: u64,
    pub(crate) card_type: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) connection: Connection,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
}

/// A stored source.
#[derive(Debug)]
pub(crate) struct SourceRecord {
    pub(crate) id: u64,
    pub(crate) card_type: String,
    pub(crate) name: String,
    pub(crate) display_name: String,
    pub(crate) destination_id: Option<u64>,
    pub(crate) connection: Connection,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) paused_at: Option<DateTime<Utc>>,
    pub(crate) deleted_at: Option<DateTime<Utc>>,
    /// The streams discovery found, once a check that passes has started.
    pub(crate) streams: Option<SourceStreams>,
    /// Replication jobs.
    pub(crate) jobs: Jobs,
    /// Import API access tokens.
    pub(crate) import_tokens: ImportTokens,
}

impl SourceRecord {
    /// The streams, once discovery has finished at `now`.
    pub(crate) fn discovered_streams(&self, now: Instant) -> Option<&SourceStreams> {
        self.streams
            .as_ref()
            .filter(|streams| streams.is_visible(now))
    }

    /// The source's report card at `now`: the `field_selection` step is done once a selected
    /// stream replicates a field (§2, §5.4), and undone when none does any more.
    pub(crate) fn report_card(&self, card: &ReportCard, now: Instant) -> ReportCard {
        let fields_selected = self
            .discovered_streams(now)
            .is_some_and(SourceStreams::replicates_anything);
        self.connection.report_card(card, now, fields_selected)
    }
}

impl Store {
    /// An empty store. IDs start at values of the size real ones have.
    pub(crate) fn new() -> Self {
        Store {
            accounts: Vec::new(),
            next_client_id: 116_078,
            next_destination_id: 337_658,
            next_source_id: 120_000,
            next_token_id: 828_700_000,
            log_links: Vec::new(),
        }
    }

    /// The account `token` opens, creating it on first use when the configuration accepts
    /// any token. `None` for a token the configuration does not accept.
    pub(crate) fn authenticate(
        &mut self,
        token: &str,
        config: &EmulatorConfig,
    ) -> Option<AccountId> {
        if token.is_empty() {
            return None;
        }
        if let Some(index) = self
            .accounts
            .iter()
            .position(|account| same_token(account.token.expose_secret(), token))
        {
            return Some(AccountId(index));
        }
        let accepted = config.tokens.is_empty()
            || config
                .tokens
                .iter()
                .any(|known| same_token(known.expose_secret(), token));
        if !accepted {
            return None;
        }
        let client_id = self.next_client_id;
        self.next_client_id += 1;
        self.accounts.push(Account {
            token: Secret::new(token.to_owned()),
            client_id,
            tier: config.tier,
            destinations: BTreeMap::new(),
            sources: BTreeMap::new(),
        });
        Some(AccountId(self.accounts.len() - 1))
    }

    /// The account behind an ID handed out by [`authenticate`](Self::authenticate).
    pub(crate) fn account(&mut self, id: AccountId) -> &mut Account {
        &mut self.accounts[id.0]
    }

    /// A fresh destination ID, unique across accounts.
    pub(crate) fn new_destination_id(&mut self) -> u64 {
        self.next_destination_id += 1;
        self.next_destination_id
    }

    /// A fresh source ID, unique across accounts.
    pub(crate) fn new_source_id(&mut self) -> u64 {
        self.next_source_id += 1;
        self.next_source_id
    }

    /// A fresh Import API token ID, unique across sources: IDs grow, so the larger is the newer.
    pub(crate) fn new_token_id(&mut self) -> u64 {
        self.next_token_id += 1;
        self.next_token_id
    }

    /// Remembers a log link for `job_name` with `token`.
    pub(crate) fn add_log_link(&mut self, job_name: String, token: Secret<String>) {
        self.log_links.push(LogLink { job_name, token });
    }

    /// The source that ran `job_name`, when `token` is a link handed out for that job.
    pub(crate) fn log_link_source(&self, job_name: &str, token: &str) -> Option<&SourceRecord> {
        self.log_links
            .iter()
            .any(|link| link.job_name == job_name && same_token(link.token.expose_secret(), token))
            .then(|| {
                self.accounts
                    .iter()
                    .flat_map(|account| account.sources.values())
                    .find(|source| source.jobs.has(job_name))
            })
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_mode_gives_each_token_its_own_account() {
        let config = EmulatorConfig::new("schemas");
        let mut store = Store::new();
        let a = store.authenticate("ac_a", &config).unwrap();
        let b = store.authenticate("ac_b", &config).unwrap();
        assert_ne!(a, b);
        assert_eq!(store.authenticate("ac_a", &config), Some(a));
        assert_eq!(store.authenticate("", &config), None);
        let client_a = store.account(a).client_id;
        assert_ne!(client_a, store.account(b).client_id);
    }

    #[test]
    fn configured_tokens_are_the_only_ones_accepted() {
        let config = EmulatorConfig::new("schemas").accept_token("ac_right");
        let mut store = Store::new();
        assert!(store.authenticate("ac_right", &config).is_some());
        assert_eq!(store.authenticate("ac_wrong", &config), None);
        // Compared whole, whatever the lengths.
        assert_eq!(store.authenticate("ac_righ", &config), None);
        assert_eq!(store.authenticate("ac_rightt", &config), None);
        let shown = format!("{store:?}");
        assert!(!shown.contains("ac_right"), "{shown}");
    }
}
