//! `stitch drift OLD NEW` and `stitch drift --live [DIR]`: every change between two report
//! cards, each sorted into one [`Category`] by one question — would a request valid under the
//! old card be rejected by the new one? — and marked when code generated from the old card
//! stops compiling against the new one.
//!
//! - [`compare`] walks both cards (the checked model `stitch-schema` reads, and their JSON);
//! - [`schema`] decides whether a property's JSON schema got looser or tighter;
//! - [`language`] does the same for string patterns, with the generator's pattern classes;
//! - [`order`] finds key-order changes in the text;
//! - [`report`] prints text or JSON; [`live`] fetches the API's current cards.

mod compare;
mod language;
mod live;
mod order;
mod report;
mod schema;

use std::path::Path;

use stitch_schema::{Card, CardKind, CardSource};

use crate::cli::{DriftArgs, FailOn};
use crate::failure::{Context, Failure, Outcome};

/// What a change means for the requests and code written against the old card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A request valid under the old card may be rejected under the new one.
    Breaking,
    /// `is_credential` flipped: a value that was shown becomes secret, or the reverse.
    Credential,
    /// The new card accepts more, and every old request still passes.
    Additive,
    /// Nothing a request depends on: details, `provided`, order.
    Informational,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 4] = [
        Category::Breaking,
        Category::Credential,
        Category::Additive,
        Category::Informational,
    ];

    /// The category's name in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Breaking => "breaking",
            Category::Credential => "credential",
            Category::Additive => "additive",
            Category::Informational => "informational",
        }
    }
}

/// One change between two cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it means for requests.
    pub category: Category,
    /// The property it concerns (its wire name), if any.
    pub property: Option<String>,
    /// JSON pointer of the changed value: in the new card, or in the old one for what was
    /// removed.
    pub pointer: String,
    /// What changed, and why it falls in its category.
    pub message: String,
    /// Whether code generated from the old card stops compiling against the new one.
    pub breaks_generated_code: bool,
}

/// A card read for comparison: its text, its JSON and its checked model.
#[derive(Debug)]
pub struct Side {
    /// The file (or URL) as shown.
    pub name: String,
    /// The card's text.
    pub text: String,
    /// The card's JSON.
    pub json: serde_json::Value,
    /// The checked model the generator expands.
    pub card: Card,
}

impl Side {
    /// Reads a card's text; an invalid card is a failure listing every problem.
    pub fn read(name: String, text: String, kind: Option<CardKind>) -> Result<Side, Failure> {
        let card = stitch_codegen::read_card(CardSource {
            file: &name,
            text: &text,
            kind,
        })
        .map_err(|diagnostics| Failure::new(diagnostics.to_string()))?;
        let json = serde_json::from_str(&text).unwrap_or_default();
        Ok(Side {
            name,
            text,
            json,
            card,
        })
    }

    /// Reads a card file.
    pub fn read_file(path: &Path, kind: Option<CardKind>) -> Result<Side, Failure> {
        let name = path.display().to_string();
        let text = stitch_codegen::read_card_text(path)
            .context(|| format!("cannot read report card `{name}`"))?;
        Side::read(name, text, kind)
    }
}

/// Every change from `old` to `new`, most severe first, in card order within a category.
pub fn changes(old: &Side, new: &Side) -> Vec<Change> {
    let mut changes = compare::compare(old, new);
    // A stable sort keeps card order within each category.
    changes.sort_by_key(|change| change.category);
    changes
}

/// Whether the changes make the exit status 1.
pub fn fails(changes: &[Change], fail_on: FailOn) -> bool {
    changes.iter().any(|change| match change.category {
        Category::Breaking | Category::Credential => true,
        Category::Additive => matches!(fail_on, FailOn::Additive | FailOn::Informational),
        Category::Informational => fail_on == FailOn::Informational,
    })
}

/// Runs `stitch drift`.
pub fn run(args: &DriftArgs) -> Result<Outcome, Failure> {
    if let Some(dir) = &args.live {
        return live::run(dir, args);
    }
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        return Err(Failure::new(
            "drift takes OLD and NEW card files, or --live [DIR]",
        ));
    };
    let old = Side::read_file(old, None)?;
    let new = Side::read_file(new, Some(old.card.kind))?;
    let changes = changes(&old, &new);
    let report = report::Report {
        cards: vec![report::CardReport {
            card: None,
            heading: format!("{} → {}", old.name, new.name),
            changes,
        }],
    };
    finish(&report, args)
}

/// Prints the report and gives the exit status its changes call for.
pub fn finish(report: &report::Report, args: &DriftArgs) -> Result<Outcome, Failure> {
    report.print(args.format)?;
    let failing = report
        .cards
        .iter()
        .any(|card| fails(&card.changes, args.fail_on));
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
