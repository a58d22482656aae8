//! The run-time checker agrees with the generated types: for every card under `$STITCH_CORPUS`
//! and every card of the repository, properties objects made from the card's own schemas, valid
//! ones and ones broken one property at a time, are read both by the generated type's
//! `from_json_map` and by `runtime::CardChecker`. The two must give the same body, byte for
//! byte, or the same error, word for word (so the same accept or reject, and the same
//! properties named).
//!
//! The objects are made from the raw JSON schemas (`samples`), not from the model both engines
//! share, and the mistakes are generic: wrong JSON types, strings a pattern or format rejects,
//! empty strings, a missing property, unknown and misspelt keys, `read_only` and immutable keys,
//! and the same inside nested objects, arrays and `anyOf` branches.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use stitch_corpus_tests::samples::{sample, sample_properties};
use stitch_corpus_tests::{CARDS, CardKind, CorpusCard, Outcome, REPO_CARDS, outcome};
use stitch_types::runtime::{CardChecker, ForDestination, ForSource};

/// Values of the wrong JSON type, or that no string schema takes.
fn wrong_values() -> Vec<Value> {
    vec![
        json!(12345),
        json!(-1),
        json!(1.5),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!(""),
        json!(30),
    ]
}

/// Strings that some pattern, format or enum rejects, and some that a reader normalizes.
const STRINGS: &[&str] = &[
    "54x32",
    "５４３２",
    "0030",
    "65536",
    "99999999999999999999999",
    "yes",
    "TRUE",
    "trueish",
    " ",
    "not a valid value ☃",
    "https://example.com/a b",
    "HTTPS://Example.com/x?q=1",
    "Bob <bob@example.com>",
    "bob@example.com",
    "db.example.com.",
    "-db.example.com",
    "10.0.0.256",
    "010.0.0.1",
    "0:0:0:0:0:0:0:1",
    "2021-02-30T00:00:00Z",
    "2024-01-31T13:30:00+01:00",
    "2024-01-31T00:00:00Z",
    "0000-01-01T00:00:00+01:00",
];

/// A properties object to read, and what it tests.
struct Case {
    what: String,
    properties: Value,
}

/// The schema `schema` is, with a `$ref` resolved against `root`.
fn resolved<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => root
            .pointer(reference.trim_start_matches('#'))
            .map_or(schema, |target| resolved(target, root)),
        None => schema,
    }
}

/// Variants of `value` (valid for `schema`): wrong values in its place, and, `depth` levels
/// down, the same mistakes inside objects, arrays and `anyOf` branches.
fn variants(value: &Value, schema: &Value, root: &Value, depth: usize) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = wrong_values()
        .into_iter()
        .chain(STRINGS.iter().map(|text| json!(text)))
        .map(|wrong| (format!("= {wrong}"), wrong))
        .collect();
    if depth == 0 {
        return out;
    }
    let schema = resolved(schema, root);
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        for (index, branch) in branches.iter().enumerate() {
            let branch_value = sample(branch, root);
            out.push((format!("branch {index}"), branch_value.clone()));
            for (what, variant) in variants(&branch_value, branch, root, depth - 1) {
                out.push((format!("branch {index} {what}"), variant));
            }
        }
    }
    match value {
        Value::Object(fields) => {
            let properties = schema.get("properties");
            for (key, field) in fields {
                let mut without = fields.clone();
                without.remove(key);
                out.push((format!(".{key} removed"), Value::Object(without)));
                let field_schema = properties.and_then(|p| p.get(key)).unwrap_or(&Value::Null);
                for (what, variant) in variants(field, field_schema, root, depth - 1) {
                    let mut changed = fields.clone();
                    changed.insert(key.clone(), variant);
                    out.push((format!(".{key} {what}"), Value::Object(changed)));
                }
                let mut typo = fields.clone();
                typo.insert(misspelt(key), json!("x"));
                out.push((format!(".{key} misspelt"), Value::Object(typo)));
            }
            let mut unknown = fields.clone();
            unknown.insert("unknown_field".into(), json!("x"));
            out.push(("unknown field".into(), Value::Object(unknown)));
        }
        Value::Array(items) => {
            out.push(("[] empty".into(), json!([])));
            if let Some(first) = items.first() {
                out.push(("[1] wrong".into(), json!([first, 12345])));
                let items_schema = schema.get("items").unwrap_or(&Value::Null);
                for (what, variant) in variants(first, items_schema, root, depth - 1) {
                    out.push((format!("[0] {what}"), json!([variant])));
                }
            }
        }
        _ => {}
    }
    out
}

/// A likely typo of `name`: its last character dropped, or doubled for one-letter names.
fn misspelt(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 1 {
        chars.pop();
    } else {
        chars.extend(chars.clone());
    }
    chars.into_iter().collect()
}

/// The properties of a card's user steps by `property_type`.
fn names_of(card: &Value, property_type: &str) -> Vec<String> {
    card["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|step| step["properties"].as_array().into_iter().flatten())
        .filter(|property| property["property_type"].as_str() == Some(property_type))
        .filter_map(|property| property["name"].as_str().map(str::to_owned))
        .collect()
}

/// Every case for one valid object: the object itself, one mistake per property, and keys a
/// request may not send.
fn cases(card: &Value, valid: &Map<String, Value>, refused: &[String]) -> Vec<Case> {
    let schemas: Map<String, Value> = card["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|step| step["properties"].as_array().into_iter().flatten())
        .filter_map(|p| Some((p["name"].as_str()?.to_owned(), p["json_schema"].clone())))
        .collect();
    let mut cases = vec![
        Case {
            what: "valid".into(),
            properties: Value::Object(valid.clone()),
        },
        Case {
            what: "empty".into(),
            properties: json!({}),
        },
    ];
    for (name, value) in valid {
        let schema = schemas.get(name).unwrap_or(&Value::Null);
        let mut without = valid.clone();
        without.remove(name);
        cases.push(Case {
            what: format!("`{name}` removed"),
            properties: Value::Object(without),
        });
        for (what, variant) in variants(value, schema, schema, 2) {
            let mut changed = valid.clone();
            changed.insert(name.clone(), variant);
            cases.push(Case {
                what: format!("`{name}` {what}"),
                properties: Value::Object(changed),
            });
        }
        let mut typo = valid.clone();
        typo.insert(misspelt(name), json!("db.example.com"));
        cases.push(Case {
            what: format!("`{name}` misspelt"),
            properties: Value::Object(typo),
        });
    }
    for name in refused {
        let mut with = valid.clone();
        with.insert(name.clone(), json!("1"));
        cases.push(Case {
            what: format!("`{name}` sent"),
            properties: Value::Object(with),
        });
    }
    let mut unknown = valid.clone();
    unknown.insert("completely_unknown_key".into(), json!("x"));
    cases.push(Case {
        what: "unknown key".into(),
        properties: Value::Object(unknown),
    });
    cases
}

/// The run-time checker of a card, of the card's kind.
enum Checker {
    Destination(CardChecker<ForDestination>),
    Source(CardChecker<ForSource>),
}

/// How a checker is made: from the file's text, or from the `ReportCard` a client returns.
#[derive(Clone, Copy)]
enum Made {
    FromText,
    FromReportCard,
}

impl Checker {
    fn new(card: &CorpusCard, text: &str, made: Made) -> Checker {
        let refused = |error: stitch_types::runtime::Diagnostics| -> ! {
            panic!(
                "{}: the run-time checker refuses the card: {error}",
                card.file
            )
        };
        let report_card: stitch_types::ReportCard = serde_json::from_str(text).unwrap();
        let checked = |kind: CardKind| match (kind, made) {
            (CardKind::Destination, Made::FromText) => {
                CardChecker::from_json(card.file, text).map(Checker::Destination)
            }
            (CardKind::Destination, Made::FromReportCard) => {
                CardChecker::new(&report_card).map(Checker::Destination)
            }
            (CardKind::Source, Made::FromText) => {
                CardChecker::from_json(card.file, text).map(Checker::Source)
            }
            (CardKind::Source, Made::FromReportCard) => {
                CardChecker::new(&report_card).map(Checker::Source)
            }
        };
        checked(card.kind).unwrap_or_else(|error| refused(error))
    }

    fn create(&self, properties: Map<String, Value>) -> Outcome {
        match self {
            Checker::Destination(checker) => outcome(checker.check(properties)),
            Checker::Source(checker) => outcome(checker.check(properties)),
        }
    }

    fn update(&self, properties: Map<String, Value>) -> Outcome {
        match self {
            Checker::Destination(checker) => outcome(checker.check_update(properties)),
            Checker::Source(checker) => outcome(checker.check_update(properties)),
        }
    }

    fn create_value(&self, properties: Value) -> Outcome {
        match self {
            Checker::Destination(checker) => outcome(checker.check_value(properties)),
            Checker::Source(checker) => outcome(checker.check_value(properties)),
        }
    }

    fn update_value(&self, properties: Value) -> Outcome {
        match self {
            Checker::Destination(checker) => outcome(checker.check_update_value(properties)),
            Checker::Source(checker) => outcome(checker.check_update_value(properties)),
        }
    }
}

#[derive(Default)]
struct Tally {
    cards: usize,
    objects: usize,
    accepted: usize,
    disagreements: Vec<String>,
}

impl Tally {
    fn compare(&mut self, card: &str, what: &str, generated: Outcome, runtime: Outcome) {
        self.objects += 1;
        if generated.is_ok() {
            self.accepted += 1;
        }
        if generated != runtime {
            self.disagreements.push(format!(
                "{card}, {what}:\n    generated: {generated:?}\n    run time:  {runtime:?}"
            ));
        }
    }

    fn run(&mut self, card: &CorpusCard, made: Made) {
        let text = std::fs::read_to_string(card.path).unwrap();
        let raw: Value = serde_json::from_str(&text).unwrap();
        let checker = Checker::new(card, &text, made);
        self.cards += 1;
        let (create, update) = sample_properties(&raw);
        let read_only = names_of(&raw, "read_only");
        for case in cases(&raw, &create, &read_only) {
            let Value::Object(map) = case.properties else {
                unreachable!()
            };
            let what = format!("create, {}", case.what);
            let generated = (card.read_create)(map.clone());
            self.compare(card.file, &what, generated, checker.create(map));
        }
        let mut refused_in_update = read_only;
        refused_in_update.extend(names_of(&raw, "user_provided_immutable"));
        for case in cases(&raw, &update, &refused_in_update) {
            let Value::Object(map) = case.properties else {
                unreachable!()
            };
            let what = format!("update, {}", case.what);
            let generated = (card.read_update)(map.clone());
            self.compare(card.file, &what, generated, checker.update(map));
        }
        for not_an_object in [json!(null), json!(5), json!("x"), json!([{}]), json!(true)] {
            let what = format!("not an object: {not_an_object}");
            let generated = (card.read_create_value)(not_an_object.clone());
            let runtime = checker.create_value(not_an_object.clone());
            self.compare(card.file, &format!("create, {what}"), generated, runtime);
            let generated = (card.read_update_value)(not_an_object.clone());
            let runtime = checker.update_value(not_an_object);
            self.compare(card.file, &format!("update, {what}"), generated, runtime);
        }
    }

    fn report(&self, label: &str) {
        eprintln!(
            "{label}: {} cards, {} objects ({} accepted), {} disagreements",
            self.cards,
            self.objects,
            self.accepted,
            self.disagreements.len()
        );
        assert!(
            self.disagreements.is_empty(),
            "{} disagreements, the first ones:\n{}",
            self.disagreements.len(),
            self.disagreements[..self.disagreements.len().min(20)].join("\n")
        );
    }
}

#[test]
fn the_checker_agrees_with_the_generated_types_on_the_repository_cards() {
    let mut tally = Tally::default();
    for card in REPO_CARDS {
        tally.run(card, Made::FromText);
    }
    tally.report("repository cards");
    assert!(tally.cards >= 8, "only {} repository cards", tally.cards);
    assert!(tally.accepted > 0 && tally.accepted < tally.objects);
}

#[test]
fn the_checker_agrees_with_the_generated_types_on_every_corpus_card() {
    let under_ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
    let Some(corpus) = std::env::var_os("STITCH_CORPUS").map(PathBuf::from) else {
        assert!(!under_ci, "CI=true but STITCH_CORPUS is not set");
        // Straight to stderr: `eprintln!` is captured, and a passing test's output hidden.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"note: STITCH_CORPUS is not set: the differential test of the corpus is skipped \
              (set STITCH_CORPUS=../shared/report-cards to run it)\n",
        );
        return;
    };
    for (made, label) in [
        (Made::FromText, "corpus card files"),
        (
            Made::FromReportCard,
            "corpus cards read as a client's ReportCard",
        ),
    ] {
        let mut tally = Tally::default();
        for card in CARDS {
            tally.run(card, made);
        }
        tally.report(&format!("{label} ({})", corpus.display()));
        assert!(tally.cards >= 197, "only {} corpus cards", tally.cards);
    }
}

/// A card the generator refuses is refused at run time with the same diagnostics: pointer,
/// property, rule, line and column.
#[test]
fn an_invalid_card_gets_the_macros_diagnostics() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/cards");
    let mut compared = 0;
    for name in [
        "colliding-names",
        "malformed",
        "one-bad-pattern",
        "wrong_shape",
    ] {
        let file = format!("{name}.json");
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        let source = stitch_codegen::CardSource {
            file: &file,
            text: &text,
            kind: Some(CardKind::Destination),
        };
        let from_macro = stitch_codegen::read_card(source).unwrap_err();
        let at_run_time = CardChecker::<ForDestination>::from_json(&file, &text).unwrap_err();
        assert!(!from_macro.list.is_empty(), "{file}");
        assert_eq!(at_run_time, from_macro, "{file}");
        assert!(
            from_macro.list.iter().all(|d| d.position.is_some()),
            "{file}"
        );
        compared += 1;
    }
    assert_eq!(compared, 4);
    let one_bad = std::fs::read_to_string(root.join("one-bad-pattern.json")).unwrap();
    let shown = CardChecker::<ForDestination>::from_json("one-bad-pattern.json", &one_bad)
        .unwrap_err()
        .to_string();
    assert!(shown.contains("/json_schema/pattern"), "{shown}");
    assert!(shown.contains("(property `"), "{shown}");
}
