// IDs are typed: a source's ID cannot go where a destination's is expected, as it could when
// both were `u64`.

use stitch_types::runtime::{DynamicProperties, ForSource};
use stitch_types::{CreateSource, Source};

fn replicate_into_itself(source: &Source, properties: DynamicProperties<ForSource>) {
    let _body = CreateSource::new("Copy", properties).destination_id(source.id);
}

fn main() {}
