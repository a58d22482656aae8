//! Property tests of every pattern, enum, boolean and integer mapping, against the pattern itself
//! evaluated by an ECMA-262 engine (`regress`, Unicode flag, a search as JSON Schema says).
//!
//! `tests/cards/pattern-mappings.json` has one property per pattern form of the captured cards.
//! For each mapping:
//! - **writing**: every value of the Rust type serializes to a string the pattern accepts;
//! - **reading**: a string is accepted only if the pattern accepts it, and every string the
//!   pattern accepts is accepted, except the subset each mapping documents (numbers beyond the
//!   Rust type, trailing characters after an unanchored `^\d+`, strings that merely start with
//!   `true`/`false`, dates that do not exist).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};
use stitch_types::Properties;
use stitch_types::formats::MidnightUtcDate;

mod generated {
    stitch_types::include_report_card!("cards/pattern-mappings.json");
}
use generated::*;

const CARD: &str = include_str!("../cards/pattern-mappings.json");

/// What reading may reject although the pattern accepts it, as the mapping's docs state.
#[derive(Debug, Clone, Copy)]
enum Subset {
    /// Nothing: reading accepts exactly what the pattern accepts.
    Exact,
    /// An unsigned integer: only ASCII digits, and no more than `max`.
    Digits { max: u64 },
    /// `"true"` and `"false"` only.
    TwoBooleans,
    /// Real calendar dates only.
    RealDates,
}

/// Every string-valued property of the card, with its documented subset.
const STRING_PROPERTIES: &[(&str, Subset)] = &[
    ("digits_anchored", Subset::Digits { max: u64::MAX }),
    ("digits_prefix", Subset::Digits { max: u64::MAX }),
    ("port", Subset::Digits { max: 65535 }),
    ("ssh_port", Subset::Digits { max: 65535 }),
    ("bool_anchored", Subset::TwoBooleans),
    ("bool_prefix", Subset::TwoBooleans),
    ("encryption_type", Subset::Exact),
    ("output_file_format", Subset::Exact),
    ("legacy_output_file_format", Subset::Exact),
    ("loading_mode", Subset::Exact),
    ("cloud_storage_location", Subset::Exact),
    ("dataset_location", Subset::Exact),
    ("salesforce_api_type", Subset::Exact),
    ("zuora_api_type", Subset::Exact),
    ("default_replication_method", Subset::Exact),
    ("frequency_in_minutes", Subset::Exact),
    ("start_date", Subset::RealDates),
    ("sentinel_key", Subset::Exact),
    ("jdbc_url", Subset::Exact),
    ("bucket_name", Subset::Exact),
    ("quota_percent", Subset::Exact),
    ("conversion_window", Subset::Exact),
    ("wal2json_message_format", Subset::Exact),
    ("account_id", Subset::Exact),
    ("search_window_size", Subset::Exact),
    ("username", Subset::Exact),
];

fn schema_of(property: &str) -> Value {
    let card: Value = serde_json::from_str(CARD).unwrap();
    card["steps"][0]["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == property)
        .unwrap_or_else(|| panic!("no property {property} in the card"))["json_schema"]
        .clone()
}

/// The property's pattern (for `anyOf: [integer, string]`, the string branch's).
fn pattern_of(property: &str) -> String {
    let schema = schema_of(property);
    let branches = schema["anyOf"].as_array().cloned().unwrap_or_default();
    std::iter::once(&schema)
        .chain(&branches)
        .find_map(|schema| schema["pattern"].as_str())
        .unwrap_or_else(|| panic!("{property} has no pattern"))
        .to_owned()
}

fn ecma(pattern: &str) -> regress::Regex {
    regress::Regex::with_flags(pattern, "u").unwrap()
}

/// Characters that sit next to digits and words in near misses: signs, spaces, dots, letters,
/// and digits that ECMA-262's `\d` does not cover.
const NOISE: &str = "([-+ .:/_a-zA-Z٣５]|\\PC){0,3}";

/// Strings near the pattern: generated from it (anchors dropped; `\d` there is Unicode, so
/// non-ASCII digits come up), the same with text around them, digit runs, and arbitrary text.
fn strings_near(pattern: &str) -> BoxedStrategy<String> {
    let loose = pattern.replace(['^', '$'], "");
    let from_pattern = || proptest::string::string_regex(&loose).unwrap();
    prop_oneof![
        3 => from_pattern(),
        2 => (from_pattern(), NOISE, NOISE, any::<bool>()).prop_map(
            |(core, before, after, prefix)| if prefix {
                format!("{before}{core}")
            } else {
                format!("{core}{after}")
            }
        ),
        1 => "[0-9]{1,25}",
        1 => "[-+ .0-9a-z٣５]{0,8}",
        1 => "(true|false|ssh|none|csv|json|jsonl|EU|US|REST)[a-z]{0,2}",
        1 => "\\PC{0,12}",
    ]
    .boxed()
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    })
}

fn accepted(property: &str, text: &str) -> bool {
    PatternMappingsProperties::from_json_value(json!({ property: text })).is_ok()
}

fn documented_exception(subset: Subset, text: &str) -> bool {
    match subset {
        Subset::Exact => false,
        Subset::Digits { max } => {
            !text.bytes().all(|b| b.is_ascii_digit())
                || text.parse::<u64>().map_or(true, |n| n > max)
        }
        Subset::TwoBooleans => text != "true" && text != "false",
        Subset::RealDates => text.parse::<MidnightUtcDate>().is_err(),
    }
}

#[test]
fn reading_accepts_what_the_pattern_accepts() {
    for &(property, subset) in STRING_PROPERTIES {
        let pattern = pattern_of(property);
        let regex = ecma(&pattern);
        runner()
            .run(&strings_near(&pattern), |text| {
                let matches = regex.find(&text).is_some();
                let accepted = accepted(property, &text);
                if accepted && !matches {
                    return Err(TestCaseError::fail(format!(
                        "{property}: accepted {text:?}, which `{pattern}` rejects"
                    )));
                }
                if matches && !accepted && !documented_exception(subset, &text) {
                    return Err(TestCaseError::fail(format!(
                        "{property}: rejected {text:?}, which `{pattern}` accepts"
                    )));
                }
                Ok(())
            })
            .unwrap_or_else(|error| panic!("{error}"));
    }
}

/// Serializes an update that sets one field and returns that field's wire value.
fn written(update: &PatternMappingsUpdate, property: &str) -> Value {
    let body = serde_json::to_value(update).unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    body[property].clone()
}

fn assert_written_matches(property: &str, value: &Value) -> Result<(), TestCaseError> {
    let pattern = pattern_of(property);
    let text = value
        .as_str()
        .ok_or_else(|| TestCaseError::fail(format!("{property}: wrote a non-string {value}")))?;
    if ecma(&pattern).find(text).is_none() {
        return Err(TestCaseError::fail(format!(
            "{property}: wrote {text:?}, which `{pattern}` rejects"
        )));
    }
    // And what was written reads back.
    if !accepted(property, text) {
        return Err(TestCaseError::fail(format!(
            "{property}: wrote {text:?}, which reading rejects"
        )));
    }
    Ok(())
}

#[test]
fn every_integer_writes_a_string_the_pattern_accepts() {
    runner()
        .run(&(any::<u64>(), any::<u16>()), |(wide, port)| {
            let cases = [
                (
                    "digits_anchored",
                    PatternMappingsUpdate {
                        digits_anchored: Some(wide),
                        ..Default::default()
                    },
                ),
                (
                    "digits_prefix",
                    PatternMappingsUpdate {
                        digits_prefix: Some(wide),
                        ..Default::default()
                    },
                ),
                (
                    "port",
                    PatternMappingsUpdate {
                        port: Some(port),
                        ..Default::default()
                    },
                ),
                (
                    "ssh_port",
                    PatternMappingsUpdate {
                        ssh_port: Some(port),
                        ..Default::default()
                    },
                ),
            ];
            for (property, update) in cases {
                assert_written_matches(property, &written(&update, property))?;
            }
            // `anyOf: [integer, digits]`: the string branch, which the pattern accepts.
            for (property, update) in [
                (
                    "int_or_digits_prefix",
                    PatternMappingsUpdate {
                        int_or_digits_prefix: Some(wide),
                        ..Default::default()
                    },
                ),
                (
                    "int_or_digits_anchored",
                    PatternMappingsUpdate {
                        int_or_digits_anchored: Some(wide),
                        ..Default::default()
                    },
                ),
            ] {
                assert_written_matches(property, &written(&update, property))?;
            }
            // `integer`: a JSON integer.
            let update = PatternMappingsUpdate {
                integer: Some(wide),
                ..Default::default()
            };
            prop_assert_eq!(written(&update, "integer").as_u64(), Some(wide));
            Ok(())
        })
        .unwrap();
}

#[test]
fn integers_read_from_numbers_and_digit_strings() {
    runner()
        .run(&(any::<i64>(), strings_near("^\\d+")), |(number, text)| {
            for property in ["int_or_digits_prefix", "int_or_digits_anchored", "integer"] {
                let read = PatternMappingsProperties::from_json_value(json!({ property: number }));
                // Negative numbers are the documented subset of `integer`.
                prop_assert_eq!(read.is_ok(), number >= 0, "{} {}", property, number);
            }
            for property in ["int_or_digits_prefix", "int_or_digits_anchored"] {
                let pattern = pattern_of(property);
                let matches = ecma(&pattern).find(&text).is_some();
                let accepted = accepted(property, &text);
                prop_assert!(!accepted || matches, "{} accepted {:?}", property, text);
                prop_assert!(
                    !matches
                        || accepted
                        || documented_exception(Subset::Digits { max: u64::MAX }, &text),
                    "{} rejected {:?}",
                    property,
                    text
                );
            }
            // The plain integer schema takes no strings.
            prop_assert!(!accepted("integer", &text));
            Ok(())
        })
        .unwrap();
}

#[test]
fn both_booleans_write_strings_the_pattern_accepts() {
    for flag in [true, false] {
        for (property, update) in [
            (
                "bool_anchored",
                PatternMappingsUpdate {
                    bool_anchored: Some(flag),
                    ..Default::default()
                },
            ),
            (
                "bool_prefix",
                PatternMappingsUpdate {
                    bool_prefix: Some(flag),
                    ..Default::default()
                },
            ),
        ] {
            assert_written_matches(property, &written(&update, property)).unwrap();
        }
    }
}

#[test]
fn every_enum_value_writes_a_string_the_pattern_accepts() {
    fn each<T: Copy>(all: &[T], property: &str, set: impl Fn(T) -> PatternMappingsUpdate) {
        assert!(!all.is_empty());
        for value in all {
            assert_written_matches(property, &written(&set(*value), property)).unwrap();
        }
    }
    each(PatternMappingsEncryptionType::ALL, "encryption_type", |v| {
        PatternMappingsUpdate {
            encryption_type: Some(v),
            ..Default::default()
        }
    });
    each(
        PatternMappingsOutputFileFormat::ALL,
        "output_file_format",
        |v| PatternMappingsUpdate {
            output_file_format: Some(v),
            ..Default::default()
        },
    );
    each(
        PatternMappingsLegacyOutputFileFormat::ALL,
        "legacy_output_file_format",
        |v| PatternMappingsUpdate {
            legacy_output_file_format: Some(v),
            ..Default::default()
        },
    );
    each(PatternMappingsLoadingMode::ALL, "loading_mode", |v| {
        PatternMappingsUpdate {
            loading_mode: Some(v),
            ..Default::default()
        }
    });
    each(
        PatternMappingsCloudStorageLocation::ALL,
        "cloud_storage_location",
        |v| PatternMappingsUpdate {
            cloud_storage_location: Some(v),
            ..Default::default()
        },
    );
    each(
        PatternMappingsDatasetLocation::ALL,
        "dataset_location",
        |v| PatternMappingsUpdate {
            dataset_location: Some(v),
            ..Default::default()
        },
    );
    each(
        PatternMappingsSalesforceApiType::ALL,
        "salesforce_api_type",
        |v| PatternMappingsUpdate {
            salesforce_api_type: Some(v),
            ..Default::default()
        },
    );
    each(PatternMappingsZuoraApiType::ALL, "zuora_api_type", |v| {
        PatternMappingsUpdate {
            zuora_api_type: Some(v),
            ..Default::default()
        }
    });
    each(
        PatternMappingsDefaultReplicationMethod::ALL,
        "default_replication_method",
        |v| PatternMappingsUpdate {
            default_replication_method: Some(v),
            ..Default::default()
        },
    );
    each(
        PatternMappingsFrequencyInMinutes::ALL,
        "frequency_in_minutes",
        |v| PatternMappingsUpdate {
            frequency_in_minutes: Some(v),
            ..Default::default()
        },
    );
    assert_eq!(PatternMappingsCloudStorageLocation::ALL.len(), 17);

    // `enum`: every value is one of the schema's.
    let schema = schema_of("api_catalog");
    for value in PatternMappingsApiCatalog::ALL {
        let update = PatternMappingsUpdate {
            api_catalog: Some(*value),
            ..Default::default()
        };
        let written = written(&update, "api_catalog");
        assert!(
            schema["enum"].as_array().unwrap().contains(&written),
            "{written}"
        );
    }
    for text in ["Advertisers", "Agencies", "Partners"] {
        assert!(accepted("api_catalog", text));
    }
    for text in ["advertisers", "Advertiser", "", "Partners "] {
        assert!(!accepted("api_catalog", text), "{text}");
    }
}

#[test]
fn every_date_writes_a_string_the_pattern_accepts() {
    runner()
        .run(
            &(0..=9999i32, 1..=12u32, 1..=31u32),
            |(year, month, day)| {
                if let Some(date) = MidnightUtcDate::from_ymd(year, month, day) {
                    let update = PatternMappingsUpdate {
                        start_date: Some(date),
                        ..Default::default()
                    };
                    assert_written_matches("start_date", &written(&update, "start_date"))?;
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn every_newtype_value_writes_a_string_the_pattern_accepts() {
    macro_rules! newtype {
        ($property:literal, $field:ident, $type:ty) => {{
            let pattern = pattern_of($property);
            let made = std::cell::Cell::new(0);
            runner()
                .run(&strings_near(&pattern), |text| {
                    match <$type>::new(text.clone()) {
                        Ok(value) => {
                            made.set(made.get() + 1);
                            let update = PatternMappingsUpdate {
                                $field: Some(value),
                                ..Default::default()
                            };
                            assert_written_matches($property, &written(&update, $property))?;
                        }
                        // The constructor rejects only what the pattern rejects.
                        Err(_) => prop_assert!(ecma(&pattern).find(&text).is_none(), "{:?}", text),
                    }
                    Ok(())
                })
                .unwrap();
            assert!(made.get() > 0, "no value of {} was made", $property);
        }};
    }
    newtype!("sentinel_key", sentinel_key, PatternMappingsSentinelKey);
    newtype!("jdbc_url", jdbc_url, PatternMappingsJdbcUrl);
    newtype!("bucket_name", bucket_name, PatternMappingsBucketName);
    newtype!("quota_percent", quota_percent, PatternMappingsQuotaPercent);
    newtype!(
        "conversion_window",
        conversion_window,
        PatternMappingsConversionWindow
    );
    newtype!(
        "wal2json_message_format",
        wal2json_message_format,
        PatternMappingsWal2jsonMessageFormat
    );
    newtype!("account_id", account_id, PatternMappingsAccountId);
    newtype!(
        "search_window_size",
        search_window_size,
        PatternMappingsSearchWindowSize
    );
    newtype!("username", username, PatternMappingsUsername);
}

#[test]
fn known_edge_cases() {
    // ECMA-262 `\d` is ASCII: full-width and Arabic-Indic digits are not digits.
    for text in ["５４３２", "٥٤٣٢"] {
        assert!(!accepted("digits_anchored", text), "{text}");
        assert!(!accepted("account_id", text), "{text}");
    }
    // `^1|2$`: starts with 1 or ends with 2.
    assert!(accepted("wal2json_message_format", "1abc"));
    assert!(accepted("wal2json_message_format", "abc2"));
    assert!(!accepted("wal2json_message_format", "21"));
    // `^\d+`: the API takes "5432abc"; reading takes digits only (documented).
    assert!(ecma("^\\d+").find("5432abc").is_some());
    assert!(!accepted("digits_prefix", "5432abc"));
    // `^(true|false)`: the API takes "trueish"; reading takes the two strings (documented).
    assert!(!accepted("bool_prefix", "trueish"));
    // Ports above 65535 are rejected though the pattern takes them (documented).
    assert!(!accepted("port", "65536"));
    assert!(accepted("port", "65535"));
}
