//! Import API access tokens of one source (§11): generated, listed by ID, revoked.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use stitch_types::Secret;

use crate::connection::utc_now;
use crate::random::unguessable_token;

/// How many active tokens a source may have: "revoke one before generating a third".
pub(crate) const MAX_ACTIVE_TOKENS: usize = 2;

/// The active tokens of one source.
#[derive(Debug, Default)]
pub(crate) struct ImportTokens {
    active: Vec<ImportToken>,
}

/// One active token. The token itself is a [`Secret`]: it is shown once, in the response that
/// creates it, and never in a log or `Debug`.
#[derive(Debug)]
struct ImportToken {
    id: u64,
    access_token: Secret<String>,
    created_at: DateTime<Utc>,
}

/// A source already has [`MAX_ACTIVE_TOKENS`] tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenLimit;

impl ImportTokens {
    /// Generates a token with ID `id`: the body `{"id": …, "access_token": …}`.
    pub(crate) fn generate(&mut self, id: u64) -> Result<Value, TokenLimit> {
        if self.active.len() >= MAX_ACTIVE_TOKENS {
            return Err(TokenLimit);
        }
        let token = ImportToken {
            id,
            access_token: Secret::new(unguessable_token()),
            created_at: utc_now(),
        };
        let body = json!({"id": token.id, "access_token": token.access_token.expose_secret()});
        self.active.push(token);
        Ok(body)
    }

    /// The active tokens in the guide's form (§14.8: the endpoint page's bare list of IDs is
    /// older than the 2021-08-19 changelog): `[{"token_id": …, "created_at": …}]`, newest
    /// first as in the guide's example.
    pub(crate) fn list_json(&self) -> Value {
        let tokens = self
            .active
            .iter()
            .rev()
            .map(|token| json!({"token_id": token.id, "created_at": token.created_at}));
        Value::Array(tokens.collect())
    }

    /// Revokes token `id`; `false` when the source has no such active token.
    pub(crate) fn revoke(&mut self, id: u64) -> bool {
        let before = self.active.len();
        self.active.retain(|token| token.id != id);
        self.active.len() < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_tokens_at_most_and_none_in_debug() {
        let mut tokens = ImportTokens::default();
        let first = tokens.generate(1).unwrap();
        tokens.generate(2).unwrap();
        assert_eq!(tokens.generate(3), Err(TokenLimit));
        let secret = first["access_token"].as_str().unwrap();
        assert!(!format!("{tokens:?}").contains(secret));
        assert_eq!(tokens.list_json()[0]["token_id"], 2);
        assert!(tokens.revoke(1));
        assert!(!tokens.revoke(1));
        assert!(tokens.generate(3).is_ok());
    }
}
