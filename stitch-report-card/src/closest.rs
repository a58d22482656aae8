//! "Did you mean": the one rule for suggesting the name a user meant.
//!
//! The macros (a misspelt field of a derived struct), generated types and the run-time checker
//! (a misspelt key of a properties object) all suggest names with this function, so the same
//! typo gets the same suggestion everywhere.

/// How similar (Jaro-Winkler, 0 to 1) a name must be to the unknown one to be suggested.
///
/// At 0.75 a transposition or a dropped letter is caught (`hots` → `host`, `pasword` →
/// `password`), and so is a common abbreviation (`db` → `database`, at 0.775), while names that
/// merely share a first letter or two are not (`hour` is not taken for `host`: 0.73).
const THRESHOLD: f64 = 0.75;

/// The candidate closest to `unknown`, if any is close enough to be the one the user meant.
///
/// ```
/// use stitch_report_card::closest_name;
///
/// assert_eq!(closest_name("hots", ["host", "port"]), Some("host"));
/// assert_eq!(closest_name("zzzz", ["host", "port"]), None);
/// ```
pub fn closest_name<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (candidate, strsim::jaro_winkler(unknown, candidate)))
        .filter(|(_, similarity)| *similarity >= THRESHOLD)
        // The first of equally close candidates wins, so the answer follows card order.
        .fold(
            None,
            |best: Option<(&str, f64)>, (candidate, similarity)| match best {
                Some((_, best_similarity)) if best_similarity >= similarity => best,
                _ => Some((candidate, similarity)),
            },
        )
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        assert_eq!(
            closest_name("pasword", ["password", "port"]),
            Some("password")
        );
        assert_eq!(closest_name("hour", ["host"]), None);
        assert_eq!(closest_name("db", ["database"]), Some("database"));
        assert_eq!(closest_name("anything", std::iter::empty()), None);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        // `host_2` and `host_3` are equally close to `host_1`.
        assert_eq!(closest_name("host_1", ["host_2", "host_3"]), Some("host_2"));
    }
}
