//! Every committed snapshot (`tests/snapshots/*.rs`, see `snapshots.rs`) compiles as a module;
//! the derive's (`derive_postgres.rs`) beside `postgres`'s, whose enum its struct holds.
//! They are formatted by prettyplease, not rustfmt, hence `rustfmt::skip`.

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/awkward_names.rs"]
mod awkward_names;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/pattern_mappings.rs"]
mod pattern_mappings;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/shadowing_names.rs"]
mod shadowing_names;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/shared_definitions.rs"]
mod shared_definitions;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/bigquery_v2.rs"]
mod bigquery_v2;
// The derive picks an impl for a field's type by autoref (`(&Generated(&field)).write_…`):
// the borrow clippy calls needless is what makes the choice. In a user's crate the code comes
// from a macro, which clippy does not lint.
#[allow(dead_code, clippy::needless_borrow)]
#[rustfmt::skip]
#[path = "../snapshots/derive_postgres.rs"]
mod derive_postgres;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/databricks_delta.rs"]
mod databricks_delta;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/platform_google_analytics.rs"]
mod platform_google_analytics;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/platform_hp_mysql.rs"]
mod platform_hp_mysql;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../snapshots/postgres.rs"]
mod postgres;

#[test]
fn snapshots_compile_and_name_their_types() {
    use stitch_types::Properties;
    assert_eq!(postgres::PostgresProperties::CARD_TYPE, "postgres");
    assert_eq!(
        databricks_delta::DatabricksDeltaProperties::CARD_TYPE,
        "databricks_delta"
    );
    assert_eq!(bigquery_v2::BigqueryV2Properties::CARD_TYPE, "bigquery_v2");
    assert_eq!(
        platform_hp_mysql::PlatformHpMysqlProperties::CARD_TYPE,
        "platform.hp-mysql"
    );
    assert_eq!(
        platform_google_analytics::PlatformGoogleAnalyticsProperties::CARD_TYPE,
        "platform.google-analytics"
    );
    assert_eq!(
        awkward_names::Card3rdPartyAwkwardNamesProperties::CARD_TYPE,
        "3rd-party.awkward names"
    );
    assert_eq!(
        pattern_mappings::PatternMappingsProperties::CARD_TYPE,
        "pattern-mappings"
    );
    assert_eq!(shadowing_names::ShadowingProperties::CARD_TYPE, "shadowing");
    assert_eq!(derive_postgres::Warehouse::CARD_TYPE, "postgres");
    assert_eq!(
        shared_definitions::SharedDefinitionsProperties::CARD_TYPE,
        "shared-definitions"
    );
}
