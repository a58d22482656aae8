//! The emulator's in-memory accounts, destinations and sources.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use stitch_types::Secret;

use crate::config::{EmulatorConfig, Tier};
use crate::connection::Connection;

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
}

impl Store {
    /// An empty store. IDs start at values of the size real ones have.
    pub(crate) fn new() -> Self {
        Store {
            accounts: Vec::new(),
            next_client_id: 116_078,
            next_destination_id: 337_658,
            next_source_id: 120_000,
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
            .position(|account| account.token.expose_secret() == token)
        {
            return Some(AccountId(index));
        }
        let accepted = config.tokens.is_empty()
            || config
                .tokens
                .iter()
                .any(|known| known.expose_secret() == token);
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
        let shown = format!("{store:?}");
        assert!(!shown.contains("ac_right"), "{shown}");
    }
}
