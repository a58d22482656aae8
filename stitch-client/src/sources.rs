//! Sources: create, update, pause, unpause, read, list, delete.

use stitch_types::{CreateSource, Source, SourceId, SourceProperties, SourceUpdate, UpdateSource};

use crate::client::Client;
use crate::error::{Error, Method};
use crate::transport::ApiPath;

pub(crate) fn source_path(id: SourceId) -> ApiPath {
    ApiPath::new(["v4".to_owned(), "sources".to_owned(), id.to_string()])
}

impl Client {
    /// `POST /v4/sources`: creates a source, which starts its configuration.
    pub async fn create_source<P: SourceProperties>(
        &self,
        body: &CreateSource<P>,
    ) -> Result<Source, Error> {
        self.call(Method::Post, ApiPath::new(["v4", "sources"]), Some(body))
            .await
    }

    /// `PUT /v4/sources/{id}`: changes the display name, properties (a source card's update
    /// type), destination or pause state; only what the update sets is sent.
    pub async fn update_source<U: SourceUpdate>(
        &self,
        id: SourceId,
        body: &UpdateSource<U>,
    ) -> Result<Source, Error> {
        self.call(Method::Put, source_path(id), Some(body)).await
    }

    /// Pauses a source now: no automatic replication until it is unpaused.
    pub async fn pause_source(&self, id: SourceId) -> Result<Source, Error> {
        self.update_source(id, &UpdateSource::pause()).await
    }

    /// Unpauses a source.
    pub async fn unpause_source(&self, id: SourceId) -> Result<Source, Error> {
        self.update_source(id, &UpdateSource::unpause()).await
    }

    /// `GET /v4/sources/{id}`: one source, active, paused or deleted.
    pub async fn source(&self, id: SourceId) -> Result<Source, Error> {
        self.get(source_path(id)).await
    }

    /// `GET /v4/sources`: the account's sources, deleted ones included.
    pub async fn sources(&self) -> Result<Vec<Source>, Error> {
        self.get(ApiPath::new(["v4", "sources"])).await
    }

    /// `DELETE /v4/sources/{id}`: returns the source with `deleted_at` set. Not retried.
    pub async fn delete_source(&self, id: SourceId) -> Result<Source, Error> {
        self.call(Method::Delete, source_path(id), None::<&()>)
            .await
    }
}
