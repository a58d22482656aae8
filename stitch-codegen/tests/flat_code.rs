//! Generated code stays flat as cards grow (issue 12, item 3): rustc overflows its stack on
//! expressions nested a level per property (a `len = N + usize::from(…) + …` sum, a derived
//! `PartialEq`'s `a == a && b == b && …`), so no expression of a card's code may nest deeper
//! as the card grows. `tests/tests/large_card.rs` (ignored: minutes) builds a 10,000-property
//! card for real.

use serde_json::json;
use stitch_codegen::{CardKind, CardSource, ExpandOptions};
use syn::visit::Visit;

/// A destination card of `count` string properties, every third required.
fn card(count: usize) -> String {
    let properties: Vec<_> = (0..count)
        .map(|index| {
            json!({"name": format!("property_{index}"), "is_required": index % 3 == 0,
                "is_credential": false, "property_type": "user_provided",
                "json_schema": {"type": "string"}})
        })
        .collect();
    json!({"type": format!("synthetic_{count}"),
        "steps": [{"type": "form", "properties": properties}]})
    .to_string()
}

/// The deepest nesting of expressions in the code generated for a card of `count` properties.
fn deepest_expression(count: usize) -> usize {
    let text = card(count);
    let read = stitch_codegen::read_card(CardSource {
        file: "card.json",
        text: &text,
        kind: Some(CardKind::Destination),
    })
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let rendered = stitch_codegen::render(&stitch_codegen::expand(&read, ExpandOptions::default()))
        .expect("the generated code parses");
    let file = syn::parse_file(&rendered).expect("the rendered code parses back");
    let mut depth = Depth::default();
    depth.visit_file(&file);
    depth.deepest
}

#[derive(Default)]
struct Depth {
    current: usize,
    deepest: usize,
}

impl<'ast> Visit<'ast> for Depth {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        self.current += 1;
        self.deepest = self.deepest.max(self.current);
        syn::visit::visit_expr(self, expr);
        self.current -= 1;
    }
}

#[test]
fn expressions_nest_no_deeper_for_a_larger_card() {
    // 300 is past the size where `PartialEq` stops being derived; derives are attributes, so
    // the check is on what the generator writes itself, the impls included.
    let small = deepest_expression(10);
    let large = deepest_expression(600);
    assert_eq!(
        small, large,
        "the deepest expression of a 600-property card's code nests {large} levels, against \
         {small} for 10 properties"
    );
}

#[test]
fn a_large_struct_compares_field_by_field_instead_of_deriving_partial_eq() {
    let text = card(300);
    let read = stitch_codegen::read_card(CardSource {
        file: "card.json",
        text: &text,
        kind: Some(CardKind::Destination),
    })
    .unwrap();
    let rendered =
        stitch_codegen::render(&stitch_codegen::expand(&read, ExpandOptions::default())).unwrap();
    assert!(
        rendered.contains("impl ::core::cmp::PartialEq for Synthetic300Properties"),
        "a written-out PartialEq"
    );
    assert!(
        !rendered.contains("::core::cmp::PartialEq,\n"),
        "no derived PartialEq"
    );
}
