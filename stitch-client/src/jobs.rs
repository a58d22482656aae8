//! Replication jobs: start and stop them, and read what they did (extractions, loads, logs).

use std::fmt;

use serde::de::{DeserializeOwned, IgnoredAny};
use stitch_types::{Extraction, JobName, Load, Page, SourceId, StartJob, StitchClientId};
use url::Url;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Method, Request};
use crate::sources::source_path;
use crate::transport::ApiPath;

/// How many records a page of the extraction and load lists holds.
const PAGE_SIZE: u64 = 100;

/// `/v4/sources/{id}/sync`.
fn sync_path(source: SourceId) -> ApiPath {
    let mut path = source_path(source).segments();
    path.push("sync".to_owned());
    ApiPath::new(path)
}

/// The URL of an extraction's logs: where `GET /v4/{stitch_client_id}/extractions/{job_name}`
/// redirects (a pre-signed S3 link in Stitch).
///
/// The link carries its own credential in its query (`x-amz-security-token`), so `Debug` and
/// `Display` show it as `[redacted]`; [`as_url`](Self::as_url) gives the whole URL. Fetch it
/// without the Connect API token: it needs none, and must never receive it.
#[derive(Clone, PartialEq, Eq)]
pub struct ExtractionLogsUrl(Url);

impl ExtractionLogsUrl {
    /// The whole URL, query included.
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// The URL, by value.
    pub fn into_url(self) -> Url {
        self.0
    }
}

impl fmt::Display for ExtractionLogsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.0;
        write!(f, "{}://{}", url.scheme(), url.host_str().unwrap_or(""))?;
        if let Some(port) = url.port() {
            write!(f, ":{port}")?;
        }
        f.write_str(url.path())?;
        if url.query().is_some() {
            f.write_str("?[redacted]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ExtractionLogsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExtractionLogsUrl({self})")
    }
}

impl Client {
    /// `POST /v4/sources/{id}/sync`: starts a replication job now, outside the schedule.
    ///
    /// Only one job of a source runs at a time: when one is running the API answers `200` with
    /// an error body, which is [`StartJob::AlreadyRunning`], not an `Err`. Not retried.
    pub async fn start_replication(&self, source: SourceId) -> Result<StartJob, Error> {
        // The docs send no body.
        self.call(Method::Post, sync_path(source), None::<&()>)
            .await
    }

    /// `DELETE /v4/sources/{id}/sync`: stops the source's running job. Not retried.
    pub async fn stop_replication(&self, source: SourceId) -> Result<(), Error> {
        // The documented response is `{"status": 200}`.
        let IgnoredAny = self
            .call(Method::Delete, sync_path(source), None::<&()>)
            .await?;
        Ok(())
    }

    /// `GET /v4/{stitch_client_id}/extractions`, every page: the last completed extraction of
    /// each source of the account in the past 60 days (the Source's `stitch_client_id`).
    ///
    /// Each page is a request against the account's `jobs` rate limit (30 requests in 10
    /// minutes, shared with [`loads`](Self::loads) and
    /// [`extraction_logs_url`](Self::extraction_logs_url)): poll sparingly.
    pub async fn extractions(&self, account: StitchClientId) -> Result<Vec<Extraction>, Error> {
        self.every_page(account, "extractions").await
    }

    /// `GET /v4/{stitch_client_id}/loads`, every page: the latest load of each stream of the
    /// account in the past 60 days. Same rate limit as [`extractions`](Self::extractions).
    pub async fn loads(&self, account: StitchClientId) -> Result<Vec<Load>, Error> {
        self.every_page(account, "loads").await
    }

    /// `GET /v4/{stitch_client_id}/extractions/{job_name}`: where the job's logs are. The API
    /// answers `302 Found`; the client returns the `Location` and does not follow it, so the
    /// access token never reaches the log store.
    pub async fn extraction_logs_url(
        &self,
        account: StitchClientId,
        job: &JobName,
    ) -> Result<ExtractionLogsUrl, Error> {
        if ApiPath::is_unsafe_segment(job.as_str()) {
            return Err(Error::new(
                Request::new(Method::Get, format!("/v4/{account}/extractions/…")),
                0,
                ErrorKind::InvalidArgument {
                    detail: format!("`{job}` is not a job name"),
                },
            ));
        }
        let path = ApiPath::new([account.to_string(), "extractions".into(), job.to_string()]);
        let path = ApiPath::new(std::iter::once("v4".to_owned()).chain(path.segments()));
        let request = Request::new(Method::Get, path.encoded());
        let location = self.get_location(path).await?;
        // Stitch sends an absolute S3 URL; a relative one is taken relative to the base URL.
        self.base_url()
            .join(&location)
            .map(ExtractionLogsUrl)
            .map_err(|error| {
                let detail = format!("the Location header is not a URL: {error}");
                Error::new(
                    request,
                    1,
                    ErrorKind::Decode {
                        status: 302,
                        detail,
                    },
                )
            })
    }

    /// Reads a paginated list of the account, following `links.next` until it is missing.
    ///
    /// A `next` link is followed only as a page number of the same list: a link elsewhere, a
    /// page that does not move forward, or more pages than `total` needs is an error rather
    /// than an endless loop.
    async fn every_page<T: DeserializeOwned>(
        &self,
        account: StitchClientId,
        list: &'static str,
    ) -> Result<Vec<T>, Error> {
        let list_path = || ApiPath::new(["v4".to_owned(), account.to_string(), list.to_owned()]);
        let expected = list_path().encoded();
        let mut records = Vec::new();
        let mut page_number: u64 = 1;
        loop {
            // The first page is asked for without `page`, as the docs do.
            let path = match page_number {
                1 => list_path(),
                n => list_path().query("page", n.to_string()),
            };
            let request = Request::new(Method::Get, path.encoded());
            let page: Page<T> = self.get(path).await?;
            records.extend(page.data);
            let Some(next) = page.links.next else {
                return Ok(records);
            };
            let bad_link = |why: &str| {
                let detail = format!("links.next `{next}` {why}");
                Error::new(
                    request.clone(),
                    1,
                    ErrorKind::Decode {
                        status: 200,
                        detail,
                    },
                )
            };
            let next_number = next_page_number(&next, &expected)
                .ok_or_else(|| bad_link(&format!("is not a page of {expected}")))?;
            // One page more than `total` needs allows for records added while reading.
            let most_pages = page.total.div_ceil(PAGE_SIZE) + 1;
            if next_number <= page_number || next_number > most_pages {
                return Err(bad_link(&format!(
                    "does not follow page {page_number} of {} records",
                    page.total
                )));
            }
            page_number = next_number;
        }
    }
}

/// The page number a relative `links.next` (`/v4/116078/extractions?page=3`) asks for, when it
/// is a page of the list at `expected_path`.
fn next_page_number(link: &str, expected_path: &str) -> Option<u64> {
    let origin = Url::parse("http://links.invalid/").expect("a valid constant URL");
    let url = origin.join(link).ok()?;
    if url.origin() != origin.origin() || url.path() != expected_path {
        return None;
    }
    url.query_pairs()
        .find(|(key, _)| key == "page")
        .and_then(|(_, page)| page.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_pages_of_the_same_list_only() {
        let expected = "/v4/116078/extractions";
        assert_eq!(
            next_page_number("/v4/116078/extractions?page=3", expected),
            Some(3)
        );
        for elsewhere in [
            "https://evil.example/v4/116078/extractions?page=3",
            "//evil.example/v4/116078/extractions?page=3",
            "/v4/116079/extractions?page=3",
            "/v4/116078/loads?page=3",
            "/v4/116078/extractions",
            "/v4/116078/extractions?page=three",
        ] {
            assert_eq!(next_page_number(elsewhere, expected), None, "{elsewhere}");
        }
    }

    #[test]
    fn a_logs_url_hides_its_query() {
        let url = Url::parse(
            "https://logs.s3.amazonaws.com/116078.1.sync.x?x-amz-security-token=s3-secret-41",
        )
        .unwrap();
        let logs = ExtractionLogsUrl(url);
        let shown = format!("{logs} {logs:?}");
        assert!(!shown.contains("s3-secret-41"), "{shown}");
        assert!(
            shown.contains("https://logs.s3.amazonaws.com/116078.1.sync.x?[redacted]"),
            "{shown}"
        );
        assert!(logs.as_url().as_str().contains("s3-secret-41"));
    }
}
