//! Generated code against what a user would write by hand, in the same run:
//!
//! - `serialize/*`: the guide's create body (and `platform.mysql`'s) from generated types, from
//!   a `#[derive(Serialize)]` struct of `String`s, and from `serde_json::json!`;
//! - `read/*`: the validating read of a properties object into generated types, against an
//!   unchecked `#[derive(Deserialize)]` struct of `String`s;
//! - `read_per_property/*`: the validating read of synthetic cards of 100 and 1,000 properties.
//!
//! `cargo run -p stitch-benches --bin ratios` prints the ratios (BENCHMARKS.md).

mod common;

use std::hint::black_box;

use common::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn serialize(c: &mut Criterion) {
    let mut group = c.benchmark_group("serialize");
    let (typed, strings) = guide_create_bodies();
    assert_eq!(
        serde_json::to_string(&typed).unwrap(),
        serde_json::to_string(&strings).unwrap(),
        "both write the same body"
    );
    group.bench_function("postgres/generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap())
    });
    group.bench_function("postgres/strings", |b| {
        b.iter(|| serde_json::to_vec(black_box(&strings)).unwrap())
    });
    let held = guide_properties();
    group.bench_function("postgres/json_macro", |b| {
        b.iter(|| {
            let properties = black_box(&held);
            let body = serde_json::json!({
                "type": "postgres",
                "name": NAME,
                "description": DESCRIPTION,
                "properties": {
                    "database": properties.database,
                    "encryption_type": properties.encryption_type.as_str(),
                    "host": properties.host,
                    "password": properties.password.expose_secret(),
                    "port": properties.port.to_string(),
                    "ssl": properties.ssl.to_string(),
                    "username": properties.username,
                }
            });
            serde_json::to_vec(&body).unwrap()
        })
    });
    #[cfg(stitch_corpus)]
    {
        use common::mysql::*;
        let typed: PlatformMysqlProperties = serde_json::from_str(MYSQL_SAMPLE).unwrap();
        let strings: MysqlStrings = serde_json::from_str(MYSQL_SAMPLE).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            serde_json::to_value(&strings).unwrap(),
            "both write the same properties"
        );
        group.bench_function("mysql/generated", |b| {
            b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap())
        });
        group.bench_function("mysql/strings", |b| {
            b.iter(|| serde_json::to_vec(black_box(&strings)).unwrap())
        });
    }
    group.finish();
}

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    group.bench_function("postgres/generated", |b| {
        b.iter(|| serde_json::from_str::<PostgresProperties>(black_box(GUIDE_PROPERTIES)).unwrap())
    });
    group.bench_function("postgres/strings", |b| {
        b.iter(|| serde_json::from_str::<PostgresStrings>(black_box(GUIDE_PROPERTIES)).unwrap())
    });
    #[cfg(stitch_corpus)]
    {
        use common::mysql::*;
        group.bench_function("mysql/generated", |b| {
            b.iter(|| {
                serde_json::from_str::<PlatformMysqlProperties>(black_box(MYSQL_SAMPLE)).unwrap()
            })
        });
        group.bench_function("mysql/strings", |b| {
            b.iter(|| serde_json::from_str::<MysqlStrings>(black_box(MYSQL_SAMPLE)).unwrap())
        });
    }
    group.finish();
}

fn read_per_property(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_per_property");
    group.throughput(Throughput::Elements(100));
    group.bench_function("100", |b| {
        b.iter(|| {
            serde_json::from_str::<synthetic_100::Synthetic100Properties>(black_box(
                synthetic_100::SAMPLE,
            ))
            .unwrap()
        })
    });
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("1000", |b| {
        b.iter(|| {
            serde_json::from_str::<synthetic_1000::Synthetic1000Properties>(black_box(
                synthetic_1000::SAMPLE,
            ))
            .unwrap()
        })
    });
    group.finish();
}

// criterion's macro writes an undocumented `pub fn`.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, serialize, read, read_per_property);
}
use group::benches;
criterion_main!(benches);
