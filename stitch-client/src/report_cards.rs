//! The report cards of destination and source types.

use stitch_types::ReportCard;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Method, Request};
use crate::transport::ApiPath;

impl Client {
    /// `GET /v4/destination-types`: the report card of every destination type.
    pub async fn destination_types(&self) -> Result<Vec<ReportCard>, Error> {
        self.get(ApiPath::new(["v4", "destination-types"])).await
    }

    /// `GET /v4/destination-types/{destination_type}`: one destination type's report card,
    /// e.g. for `postgres`. An empty, `.` or `..` type is an [`ErrorKind::InvalidArgument`].
    pub async fn destination_type(&self, destination_type: &str) -> Result<ReportCard, Error> {
        self.report_card("destination-types", destination_type)
            .await
    }

    /// `GET /v4/source-types`: the report card of every source type. Legacy types come as
    /// stubs without steps.
    pub async fn source_types(&self) -> Result<Vec<ReportCard>, Error> {
        self.get(ApiPath::new(["v4", "source-types"])).await
    }

    /// `GET /v4/source-types/{source_type}`: one source type's report card, e.g. for
    /// `platform.hubspot`. An empty, `.` or `..` type is an [`ErrorKind::InvalidArgument`].
    pub async fn source_type(&self, source_type: &str) -> Result<ReportCard, Error> {
        self.report_card("source-types", source_type).await
    }
}

/// The report card text, verbatim: the typed [`ReportCard`] forgets the API's key order and any
/// field it does not model, and a captured card file should hold exactly what the API sent.
impl Client {
    /// `GET /v4/destination-types/{destination_type}`, the body exactly as the API sent it
    /// (checked to be JSON).
    pub async fn destination_type_json(&self, destination_type: &str) -> Result<String, Error> {
        self.report_card_text("destination-types", destination_type)
            .await
    }

    /// `GET /v4/source-types/{source_type}`, the body exactly as the API sent it (checked to
    /// be JSON).
    pub async fn source_type_json(&self, source_type: &str) -> Result<String, Error> {
        self.report_card_text("source-types", source_type).await
    }

    async fn report_card_text(&self, collection: &str, card_type: &str) -> Result<String, Error> {
        if let Some(error) = unsafe_type(collection, card_type) {
            return Err(error);
        }
        self.get_text(ApiPath::new(["v4", collection, card_type]))
            .await
    }
}

/// A type name that URL normalisation would drop is refused unsent:
/// `GET /v4/destination-types/..` would otherwise silently fetch the whole list, and the one
/// card asked for would fail to decode far from the cause.
fn unsafe_type(collection: &str, card_type: &str) -> Option<Error> {
    if !ApiPath::is_unsafe_segment(card_type) {
        return None;
    }
    let shown = format!("/v4/{collection}/{card_type}");
    let kind = ErrorKind::InvalidArgument {
        detail: format!("`{card_type}` is not a type name: it would change the request's path"),
    };
    Some(Error::new(Request::new(Method::Get, shown), 0, kind))
}

impl Client {
    /// `GET /v4/{collection}/{card_type}`, refusing a type name that URL normalisation would
    /// drop: `GET /v4/destination-types/..` would otherwise silently fetch the whole list, and
    /// the one card asked for would fail to decode far from the cause.
    async fn report_card(&self, collection: &str, card_type: &str) -> Result<ReportCard, Error> {
        if let Some(error) = unsafe_type(collection, card_type) {
            return Err(error);
        }
        self.get(ApiPath::new(["v4", collection, card_type])).await
    }
}
