//! A card's kind comes from its directory (`destinations/`, `sources/`), from keys only source
//! cards have, or, when neither tells, from `kind = …` given to the macro.

use stitch_types::{DestinationProperties, SourceProperties};

fn source<P: SourceProperties>() {}
fn destination<P: DestinationProperties>() {}

mod inferred {
    // Outside a `sources/` directory and without source-only keys: a destination by default.
    stitch_types::include_report_card!("cards/awkward-names.json");
}

mod told {
    stitch_types::include_report_card!("cards/awkward-names.json", kind = source);
}

#[derive(stitch_types::Properties)]
#[stitch(report_card = "cards/pattern-mappings.json", kind = "source")]
struct AsSource {
    port: Option<u16>,
}

#[test]
fn the_kind_can_be_given() {
    destination::<inferred::Card3rdPartyAwkwardNamesProperties>();
    source::<told::Card3rdPartyAwkwardNamesProperties>();
    source::<AsSource>();
}
