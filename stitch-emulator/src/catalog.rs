//! The report cards the emulator serves, read from `DIR/destinations/*.json` and
//! `DIR/sources/*.json`, with every property's schema compiled.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
pub use stitch_types::CardKind;
use stitch_types::runtime::{CardChecker, Diagnostics, ForDestination, ForSource};
use stitch_types::{ReportCard, StepType};

/// One loaded report card.
#[derive(Debug)]
pub(crate) struct Card {
    /// The file's text, served by the `*-types` endpoints unchanged.
    pub(crate) text: String,
    /// The JSON of the file, embedded in `InvalidProperties` errors.
    pub(crate) raw: Value,
    /// The parsed card.
    pub(crate) card: ReportCard,
    /// The card compiled for checking properties: the rules generated types follow.
    pub(crate) checker: KindChecker,
}

/// A card's checker, of the card's kind.
#[derive(Debug)]
pub(crate) enum KindChecker {
    /// A destination card.
    Destination(CardChecker<ForDestination>),
    /// A source card.
    Source(CardChecker<ForSource>),
    /// A stub of a legacy type (`upgrade_available`, no steps), as `GET /v4/source-types`
    /// lists them: served, but it has no properties to check, and the generator (hence
    /// `CardChecker`) refuses it.
    Stub,
}

impl Card {
    /// The property called `name`, in whichever step declares it.
    pub(crate) fn property(&self, name: &str) -> Option<&stitch_types::Property> {
        self.card.property(name)
    }

    /// Whether the card has a step of `step_type`.
    pub(crate) fn has_step(&self, step_type: &StepType) -> bool {
        self.card
            .steps
            .iter()
            .any(|step| step.step_type == *step_type)
    }

    /// Whether the pricing tier and pipeline state let accounts create this type.
    pub(crate) fn is_accessible(&self) -> bool {
        self.card
            .details
            .as_ref()
            .is_none_or(|details| details.access)
    }
}

/// The steps whose properties the user fills in.
pub(crate) fn is_user_step(step_type: &StepType) -> bool {
    step_type.takes_user_properties()
}

/// All loaded cards, by kind and type.
#[derive(Debug, Default)]
pub struct Catalog {
    // Shared so a check on the blocking pool can hold its card without borrowing the catalog.
    cards: HashMap<CardKind, BTreeMap<String, Arc<Card>>>,
}

/// One problem found while loading cards: which file, where in it, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDiagnostic {
    /// The file (or directory) concerned.
    pub file: PathBuf,
    /// The JSON pointer of the offending value, empty for the file as a whole.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CardDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{} at {}: {}",
                self.file.display(),
                self.pointer,
                self.message
            )
        }
    }
}

/// Every problem found while loading the schema directories.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CatalogError {
    problems: Vec<CardDiagnostic>,
}

impl CatalogError {
    /// An error of `problems`, or `None` when there are none.
    pub(crate) fn of(problems: Vec<CardDiagnostic>) -> Option<Self> {
        (!problems.is_empty()).then_some(CatalogError { problems })
    }

    /// This error with `more` problems after its own.
    pub(crate) fn and(mut self, more: Vec<CardDiagnostic>) -> Self {
        self.problems.extend(more);
        self
    }

    /// The problems, in the order the files were read.
    pub fn problems(&self) -> &[CardDiagnostic] {
        &self.problems
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "{count} problem{} in the report cards or stream catalogs",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl Catalog {
    /// Reads every card of every directory, reporting all problems rather than the first.
    ///
    /// Each directory must have a `destinations/` or a `sources/` sub-directory (or both). A type
    /// defined twice, in one directory or across several, is a problem.
    pub fn load(directories: &[PathBuf]) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog::default();
        let mut problems = Vec::new();
        for directory in directories {
            let mut found_any = false;
            for kind in [CardKind::Destination, CardKind::Source] {
                let sub = directory.join(kind.directory());
                if !sub.is_dir() {
                    continue;
                }
                found_any = true;
                catalog.load_directory(kind, &sub, &mut problems);
            }
            if !found_any {
                problems.push(CardDiagnostic {
                    file: directory.clone(),
                    pointer: String::new(),
                    message:
                        "has neither a `destinations` nor a `sources` directory of report cards"
                            .into(),
                });
            }
        }
        match CatalogError::of(problems) {
            None => Ok(catalog),
            Some(error) => Err(error),
        }
    }

    fn load_directory(
        &mut self,
        kind: CardKind,
        directory: &Path,
        problems: &mut Vec<CardDiagnostic>,
    ) {
        for file in json_files(directory, problems) {
            if let Some(card) = load_card(kind, &file, problems) {
                let cards = self.cards.entry(kind).or_default();
                match cards.entry(card.card.card_type.clone()) {
                    Entry::Occupied(existing) => problems.push(file_problem(
                        &file,
                        format!(
                            "the {} type `{}` is already defined by another file",
                            kind.directory(),
                            existing.key()
                        ),
                    )),
                    Entry::Vacant(slot) => {
                        slot.insert(Arc::new(card));
                    }
                }
            }
        }
    }

    /// The card of `card_type`, if loaded.
    pub(crate) fn card(&self, kind: CardKind, card_type: &str) -> Option<&Arc<Card>> {
        self.cards.get(&kind)?.get(card_type)
    }

    /// Every card of a kind, ordered by type.
    pub(crate) fn cards(&self, kind: CardKind) -> impl Iterator<Item = &Card> {
        self.cards
            .get(&kind)
            .into_iter()
            .flat_map(BTreeMap::values)
            .map(Arc::as_ref)
    }

    /// The types loaded for a kind, ordered.
    pub fn types(&self, kind: CardKind) -> Vec<&str> {
        self.cards(kind)
            .map(|card| card.card.card_type.as_str())
            .collect()
    }
}

/// A problem of a whole file.
pub(crate) fn file_problem(file: &Path, message: String) -> CardDiagnostic {
    CardDiagnostic {
        file: file.to_owned(),
        pointer: String::new(),
        message,
    }
}

/// The `*.json` files of `directory`, sorted; none, and a problem, when it cannot be read.
/// Report cards and stream catalogs are read this way.
pub(crate) fn json_files(directory: &Path, problems: &mut Vec<CardDiagnostic>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(directory) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(file_problem(
                directory,
                format!("cannot read the directory: {error}"),
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// A file's text and its JSON, or a problem saying why there are none.
pub(crate) fn read_json(
    file: &Path,
    problems: &mut Vec<CardDiagnostic>,
) -> Option<(String, Value)> {
    let text = match stitch_types::runtime::schema::card_file::read_text(file) {
        Ok(text) => text,
        Err(error) => {
            problems.push(file_problem(file, format!("cannot read the file: {error}")));
            return None;
        }
    };
    match serde_json::from_str(&text) {
        Ok(json) => Some((text, json)),
        Err(error) => {
            problems.push(file_problem(file, format!("is not valid JSON: {error}")));
            None
        }
    }
}

fn load_card(kind: CardKind, file: &Path, problems: &mut Vec<CardDiagnostic>) -> Option<Card> {
    let (text, raw) = read_json(file, problems)?;
    let card: ReportCard = match serde_json::from_value(raw.clone()) {
        Ok(card) => card,
        Err(error) => {
            problems.push(file_problem(file, format!("is not a report card: {error}")));
            return None;
        }
    };
    // The card is checked as the generator checks it: a card the generated types could not
    // describe is refused when the emulator starts, with the macro's diagnostics, instead of
    // waving values through a schema nobody understood.
    let name = file.display().to_string();
    if card.steps.is_empty() && card.upgrade_available.is_some() {
        return Some(Card {
            text,
            raw,
            card,
            checker: KindChecker::Stub,
        });
    }
    let checker = match kind {
        CardKind::Destination => CardChecker::from_value(&name, &raw).map(KindChecker::Destination),
        CardKind::Source => CardChecker::from_value(&name, &raw).map(KindChecker::Source),
    };
    match checker {
        Ok(checker) => Some(Card {
            text,
            raw,
            card,
            checker,
        }),
        Err(diagnostics) => {
            problems.extend(card_problems(file, diagnostics));
            None
        }
    }
}

fn card_problems(file: &Path, diagnostics: Diagnostics) -> impl Iterator<Item = CardDiagnostic> {
    diagnostics
        .list
        .into_iter()
        .map(move |diagnostic| CardDiagnostic {
            file: file.to_owned(),
            pointer: diagnostic.pointer,
            message: match diagnostic.property {
                Some(property) => format!("property `{property}`: {}", diagnostic.message),
                None => diagnostic.message,
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "stitch-emulator-catalog-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("destinations")).unwrap();
        dir
    }

    #[test]
    fn the_project_schemas_load() {
        let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let catalog = Catalog::load(&[schemas]).unwrap();
        assert_eq!(catalog.types(CardKind::Destination), ["postgres"]);
        let card = catalog.card(CardKind::Destination, "postgres").unwrap();
        assert!(card.property("port").unwrap().is_required);
        assert!(matches!(card.checker, KindChecker::Destination(_)));
    }

    #[test]
    fn every_problem_is_reported_with_file_and_pointer() {
        let dir = temp_dir("problems");
        std::fs::write(dir.join("destinations/broken.json"), "{ not json").unwrap();
        std::fs::write(
            dir.join("destinations/odd.json"),
            r#"{"type": "odd", "steps": [{"type": "form", "properties": [
                {"name": "a", "json_schema": {"type": "string", "pattern": "("}},
                {"name": "b", "json_schema": {"type": "string", "maxLength": 3}}
            ]}]}"#,
        )
        .unwrap();
        let error = Catalog::load(std::slice::from_ref(&dir)).unwrap_err();
        let shown = error.to_string();
        assert_eq!(error.problems().len(), 3, "{shown}");
        assert!(shown.contains("broken.json: is not valid JSON"), "{shown}");
        assert!(
            shown.contains("odd.json at /steps/0/properties/0/json_schema/pattern"),
            "{shown}"
        );
        assert!(
            shown.contains(
                "/steps/0/properties/1/json_schema/maxLength: property `b`: the keyword `maxLength` is not supported"
            ),
            "{shown}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_type_defined_twice_and_an_empty_directory_are_problems() {
        let dir = temp_dir("twice");
        let card = r#"{"type": "same", "steps": [{"type": "form", "properties": []}]}"#;
        std::fs::write(dir.join("destinations/a.json"), card).unwrap();
        std::fs::write(dir.join("destinations/b.json"), card).unwrap();
        let empty = dir.join("destinations");
        let error = Catalog::load(&[dir.clone(), empty]).unwrap_err();
        let shown = error.to_string();
        assert!(
            shown.contains("b.json: the destinations type `same` is already defined"),
            "{shown}"
        );
        assert!(
            shown.contains("has neither a `destinations` nor a `sources` directory"),
            "{shown}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
