//! Import API access tokens of a source: generate, list, revoke.

use stitch_types::{ImportApiToken, ImportTokenId, ImportTokenInfo, Source, SourceId};

use crate::client::Client;
use crate::error::{Error, Method};
use crate::sources::source_path;
use crate::transport::ApiPath;

/// `/v4/sources/{id}/tokens[/{token_id}]`.
fn tokens_path(source: SourceId, token: Option<ImportTokenId>) -> ApiPath {
    let mut path = source_path(source).segments();
    path.push("tokens".to_owned());
    path.extend(token.map(|token| token.to_string()));
    ApiPath::new(path)
}

impl Client {
    /// `POST /v4/sources/{id}/tokens`: a new Import API token for pushing data into this source.
    ///
    /// The API shows the token only this once; it is a [`Secret`](stitch_types::Secret), never
    /// logged or shown. A source has at most two active tokens: revoke one before generating a
    /// third. Not retried (a retry could create a second token).
    pub async fn generate_import_token(&self, source: SourceId) -> Result<ImportApiToken, Error> {
        self.call(Method::Post, tokens_path(source, None), None::<&()>)
            .await
    }

    /// `GET /v4/sources/{id}/tokens`: the source's active tokens, by ID (the tokens themselves
    /// are never shown again).
    pub async fn import_tokens(&self, source: SourceId) -> Result<Vec<ImportTokenInfo>, Error> {
        self.get(tokens_path(source, None)).await
    }

    /// `DELETE /v4/sources/{id}/tokens/{token_id}`: revokes a token; returns the source. Not
    /// retried.
    pub async fn revoke_import_token(
        &self,
        source: SourceId,
        token: ImportTokenId,
    ) -> Result<Source, Error> {
        self.call(
            Method::Delete,
            tokens_path(source, Some(token)),
            None::<&()>,
        )
        .await
    }
}
