//! Destinations: create, update, read, list, delete.

use serde::de::IgnoredAny;
use stitch_types::{
    CreateDestination, Destination, DestinationId, DestinationProperties, DestinationUpdate,
    UpdateDestination,
};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Method, Request};
use crate::transport::ApiPath;

impl Client {
    /// `POST /v4/destinations`: creates a destination from typed properties.
    ///
    /// Stitch starts a connection check at once; [`wait_until_configured`](Client::wait_until_configured)
    /// waits for its outcome. Not retried after a timeout: the destination may exist already.
    pub async fn create_destination<P: DestinationProperties>(
        &self,
        body: &CreateDestination<P>,
    ) -> Result<Destination, Error> {
        self.call(
            Method::Post,
            ApiPath::new(["v4", "destinations"]),
            Some(body),
        )
        .await
    }

    /// `PUT /v4/destinations/{id}`: sends new property values (a card's update type, every
    /// field optional). Stitch runs a new connection check.
    pub async fn update_destination<U: DestinationUpdate>(
        &self,
        id: DestinationId,
        body: &UpdateDestination<U>,
    ) -> Result<Destination, Error> {
        let path = ApiPath::new(["v4".to_owned(), "destinations".to_owned(), id.to_string()]);
        self.call(Method::Put, path, Some(body)).await
    }

    /// `GET /v4/destinations`: the account's destinations.
    pub async fn destinations(&self) -> Result<Vec<Destination>, Error> {
        self.get(ApiPath::new(["v4", "destinations"])).await
    }

    /// One destination, read with `GET /v4/destinations?destination_id={id}`: the API documents
    /// no `GET` of a single destination, and the filter keeps the answer to that one however many
    /// the account has. [`ErrorKind::NotListed`] when the account has none with this ID.
    pub async fn destination(&self, id: DestinationId) -> Result<Destination, Error> {
        let path = ApiPath::new(["v4", "destinations"]).query("destination_id", id.to_string());
        let request = Request::new(Method::Get, path.encoded());
        let destinations: Vec<Destination> = self.get(path).await?;
        destinations
            .into_iter()
            // The filter is the server's; the ID is checked here as well.
            .find(|destination| destination.id == id)
            .ok_or_else(|| Error::new(request, 1, ErrorKind::NotListed { id }))
    }

    /// `DELETE /v4/destinations/{id}`. Replication pauses until a new destination exists and
    /// passes its connection check. Not retried: a second delete is an error.
    pub async fn delete_destination(&self, id: DestinationId) -> Result<(), Error> {
        let path = ApiPath::new(["v4".to_owned(), "destinations".to_owned(), id.to_string()]);
        // The documented response is `{}`.
        let IgnoredAny = self.call(Method::Delete, path, None::<&()>).await?;
        Ok(())
    }
}
