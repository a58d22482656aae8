//! The page wrapper of the extraction and load lists (§12.1): 100 records a page, pages
//! numbered from 1, `links` with relative `next` and `previous` URLs.

use serde_json::{Map, Value, json};

use super::body::query_pairs;
use super::failure::Failure;

/// Records per page.
pub(crate) const PAGE_SIZE: usize = 100;

/// The page a query asks for: `?page=N`, 1 without one.
///
/// Emulator's choice (docs silent): a `page` that is not a whole number from 1 up is a `400`
/// naming it.
pub(crate) fn requested_page(query: Option<&str>) -> Result<usize, Failure> {
    let pairs = query_pairs(query);
    let Some((_, raw)) = pairs.iter().find(|(key, _)| key == "page") else {
        return Ok(1);
    };
    raw.parse::<usize>()
        .ok()
        .filter(|page| *page >= 1)
        .ok_or_else(|| Failure::bad_request(format!("invalid page: {raw}")))
}

/// Page `page` of `records`: `{"data", "page", "total", "links"}`, links relative to `path`
/// (e.g. `/v4/116078/extractions`).
///
/// `links` is `{}` when everything fits on one page; otherwise there is no `previous` on the
/// first page and no `next` on the last. Emulator's choice (docs silent): a page past the end
/// has no `data`, and its `previous` is the last page.
pub(crate) fn page_of(records: Vec<Value>, page: usize, path: &str) -> Value {
    let total = records.len();
    let pages = total.div_ceil(PAGE_SIZE);
    let data: Vec<Value> = records
        .into_iter()
        .skip((page - 1).saturating_mul(PAGE_SIZE))
        .take(PAGE_SIZE)
        .collect();
    let mut links = Map::new();
    if pages > 1 {
        if page > 1 {
            let previous = (page - 1).min(pages);
            links.insert("previous".into(), json!(format!("{path}?page={previous}")));
        }
        if page < pages {
            links.insert("next".into(), json!(format!("{path}?page={}", page + 1)));
        }
    }
    json!({"data": data, "page": page, "total": total, "links": links})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(count: usize) -> Vec<Value> {
        (0..count).map(|n| json!(n)).collect()
    }

    #[test]
    fn links_follow_the_documented_sequence() {
        let path = "/v4/116078/extractions";
        assert_eq!(page_of(records(2), 1, path)["links"], json!({}));
        assert_eq!(
            page_of(records(237), 2, path)["links"],
            json!({"next": "/v4/116078/extractions?page=3", "previous": "/v4/116078/extractions?page=1"})
        );
        let last = page_of(records(237), 3, path);
        assert_eq!(
            last["links"],
            json!({"previous": "/v4/116078/extractions?page=2"})
        );
        assert_eq!(last["data"].as_array().unwrap().len(), 37);
        let past = page_of(records(237), 9, path);
        assert_eq!(past["data"], json!([]));
        assert_eq!(
            past["links"],
            json!({"previous": "/v4/116078/extractions?page=3"})
        );
        assert_eq!(past["total"], 237);
    }

    #[test]
    fn pages_are_whole_numbers_from_one() {
        assert_eq!(requested_page(None).unwrap(), 1);
        assert_eq!(requested_page(Some("page=3")).unwrap(), 3);
        for bad in ["page=0", "page=x", "page=-1", "page="] {
            assert!(requested_page(Some(bad)).is_err(), "{bad}");
        }
    }
}
