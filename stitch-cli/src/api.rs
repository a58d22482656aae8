//! The Connect API client the commands share, and the runtime it runs on.

use std::future::Future;

use stitch_client::Client;
use stitch_schema::CardKind;

use crate::cli::ApiArgs;
use crate::failure::Failure;

/// A client of the API at `--base-url`, with the token read as [`crate::token::read`] says.
pub fn client(args: &ApiArgs) -> Result<Client, Failure> {
    let token = crate::token::read(args.token_file.as_deref())?;
    Client::builder(token)
        .base_url(args.base_url.clone())
        .build()
        .map_err(|error| Failure::new(format!("cannot use --base-url: {error}")))
}

/// Runs `future` to completion on a single-threaded runtime: the commands make one request
/// at a time.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::new(format!("cannot start the async runtime: {error}")))?;
    Ok(runtime.block_on(future))
}

/// The URL of one card: `{base}/v4/destination-types/{type}`.
pub fn card_url(client: &Client, kind: CardKind, card_type: &str) -> String {
    let base = client.base_url().as_str().trim_end_matches('/');
    format!("{base}{}", kind.type_path(card_type))
}

/// `GET` one card's text, verbatim.
pub async fn fetch_card_text(
    client: &Client,
    kind: CardKind,
    card_type: &str,
) -> Result<String, stitch_client::Error> {
    match kind {
        CardKind::Destination => client.destination_type_json(card_type).await,
        CardKind::Source => client.source_type_json(card_type).await,
    }
}
