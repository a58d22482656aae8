//! Streams: list them, read a stream's schema, select streams and fields.

use serde::de::IgnoredAny;
use stitch_types::{
    DiscoveredStream, SourceId, Stream, StreamId, StreamSchema, UpdateStreamMetadata,
};

use crate::client::Client;
use crate::error::{Error, Method};
use crate::sources::source_path;
use crate::transport::ApiPath;

/// `/v4/sources/{id}/streams` and the paths below it.
fn streams_path(source: SourceId, rest: Option<String>) -> ApiPath {
    let mut path = source_path(source).segments();
    path.push("streams".to_owned());
    path.extend(rest);
    ApiPath::new(path)
}

impl Client {
    /// `GET /v4/sources/{id}/streams`: the streams discovery found, with their stream-level
    /// metadata. Not paginated: every stream comes in one response.
    pub async fn streams(&self, source: SourceId) -> Result<Vec<Stream>, Error> {
        self.get(streams_path(source, None)).await
    }

    /// `GET /v4/sources/{id}/streams/{stream_id}`: a stream's JSON Schema and the metadata of
    /// the stream and each of its fields.
    ///
    /// A bad stream ID and a bad source ID give the same `400` (`invalid stream-id: …`).
    pub async fn stream_schema(
        &self,
        source: SourceId,
        stream: StreamId,
    ) -> Result<StreamSchema, Error> {
        self.get(streams_path(source, Some(stream.to_string())))
            .await
    }

    /// Every stream of the source with its schema: [`streams`](Self::streams), then
    /// [`stream_schema`](Self::stream_schema) of each, one after the other. What
    /// [`FieldSelection`](stitch_types::FieldSelection) checks a selection against.
    pub async fn discovered_streams(
        &self,
        source: SourceId,
    ) -> Result<Vec<DiscoveredStream>, Error> {
        let streams = self.streams(source).await?;
        let mut discovered = Vec::with_capacity(streams.len());
        for stream in streams {
            let schema = self.stream_schema(source, stream.stream_id).await?;
            discovered.push(DiscoveredStream::new(stream, schema));
        }
        Ok(discovered)
    }

    /// `PUT /v4/sources/{id}/streams/metadata`: selects streams and fields and sets their
    /// replication method and key. Streams and fields the body leaves out keep their values.
    ///
    /// Once one stream and one of its fields are selected, the source moves on to
    /// `fully_configured`. The API's refusals (`{"invalid_fields": …}`) are
    /// [`ApiError::InvalidFields`](crate::ApiError::InvalidFields). Not retried.
    pub async fn update_stream_metadata(
        &self,
        source: SourceId,
        body: &UpdateStreamMetadata,
    ) -> Result<(), Error> {
        let path = streams_path(source, Some("metadata".to_owned()));
        // The documented response is `{"status": 200}`.
        let IgnoredAny = self.call(Method::Put, path, Some(body)).await?;
        Ok(())
    }
}
