//! The report cards of destination and source types.

use stitch_types::ReportCard;

use crate::client::Client;
use crate::error::Error;
use crate::transport::ApiPath;

impl Client {
    /// `GET /v4/destination-types`: the report card of every destination type.
    pub async fn destination_types(&self) -> Result<Vec<ReportCard>, Error> {
        self.get(ApiPath::new(["v4", "destination-types"])).await
    }

    /// `GET /v4/destination-types/{destination_type}`: one destination type's report card,
    /// e.g. for `postgres`.
    pub async fn destination_type(&self, destination_type: &str) -> Result<ReportCard, Error> {
        self.get(ApiPath::new(["v4", "destination-types", destination_type]))
            .await
    }

    /// `GET /v4/source-types`: the report card of every source type. Legacy types come as
    /// stubs without steps.
    pub async fn source_types(&self) -> Result<Vec<ReportCard>, Error> {
        self.get(ApiPath::new(["v4", "source-types"])).await
    }

    /// `GET /v4/source-types/{source_type}`: one source type's report card, e.g. for
    /// `platform.hubspot`.
    pub async fn source_type(&self, source_type: &str) -> Result<ReportCard, Error> {
        self.get(ApiPath::new(["v4", "source-types", source_type]))
            .await
    }
}
