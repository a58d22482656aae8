//! Drift reports: text grouped by category (coloured on a terminal, `NO_COLOR` honoured, through
//! `anstream`), or JSON.

use anstyle::Style;
use serde::Serialize;

use super::{Category, Change};
use crate::cli::Format;
use crate::failure::Failure;
use crate::style;

/// The changes of one or more cards.
#[derive(Debug)]
pub struct Report {
    /// One entry per card compared.
    pub cards: Vec<CardReport>,
}

/// The changes of one card.
#[derive(Debug)]
pub struct CardReport {
    /// The card's file, in `--live` reports (JSON gives it as `card`).
    pub card: Option<String>,
    /// What was compared with what, for text reports.
    pub heading: String,
    /// The changes, most severe first.
    pub changes: Vec<Change>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<&'a str>,
    category: &'static str,
    property: Option<&'a str>,
    pointer: &'a str,
    message: &'a str,
    breaks_generated_code: bool,
}

impl Report {
    /// Prints the report on standard output. Under `--live` it quotes the API's cards, so the
    /// token is redacted, as in errors.
    pub fn print(&self, format: Format) -> Result<(), Failure> {
        match format {
            Format::Text => {
                crate::output::write(anstream::stdout(), &crate::token::redact(&self.text()))
            }
            Format::Json => {
                let json = self.json();
                let redacted = crate::token::redact(&json);
                crate::output::write(std::io::stdout(), &format!("{redacted}\n"))
            }
        }
    }

    /// `{"changes": [{"category", "property", "pointer", "message", "breaks_generated_code"}]}`,
    /// with `card` too in `--live` reports.
    pub fn json(&self) -> String {
        let changes = self
            .cards
            .iter()
            .flat_map(|card| {
                card.changes.iter().map(|change| JsonChange {
                    card: card.card.as_deref(),
                    category: change.category.as_str(),
                    property: change.property.as_deref(),
                    pointer: &change.pointer,
                    message: &change.message,
                    breaks_generated_code: change.breaks_generated_code,
                })
            })
            .collect();
        serde_json::to_string_pretty(&JsonReport { changes }).unwrap_or_default()
    }

    /// The text report, styled; `anstream` strips the styles where they do not belong.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (index, card) in self.cards.iter().enumerate() {
            if index > 0 {
                text.push('\n');
            }
            text.push_str(&card_text(card));
        }
        text
    }
}

fn category_style(category: Category) -> Style {
    match category {
        Category::Breaking => style::BREAKING,
        Category::Credential => style::CREDENTIAL,
        Category::Additive => style::ADDITIVE,
        Category::Informational => style::INFORMATIONAL,
    }
}

fn card_text(card: &CardReport) -> String {
    let count = |category: Category| {
        card.changes
            .iter()
            .filter(|c| c.category == category)
            .count()
    };
    let mut text = format!("{}: ", card.heading);
    if card.changes.is_empty() {
        text.push_str("no changes\n");
        return text;
    }
    let summary: Vec<String> = Category::ALL
        .iter()
        .map(|&category| format!("{} {}", count(category), category.as_str()))
        .collect();
    text.push_str(&summary.join(", "));
    text.push('\n');
    let dim = style::DIM;
    for category in Category::ALL {
        let changes: Vec<&Change> = card
            .changes
            .iter()
            .filter(|c| c.category == category)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let heading = category_style(category);
        text.push_str(&format!("\n{heading}{}{heading:#}\n", category.as_str()));
        for change in changes {
            let subject = match &change.property {
                Some(property) => format!("`{property}`"),
                None => "card".to_owned(),
            };
            let pointer = if change.pointer.is_empty() {
                "/"
            } else {
                &change.pointer
            };
            text.push_str(&format!(
                "  - {subject} {dim}({pointer}){dim:#}: {}\n",
                change.message
            ));
            if change.breaks_generated_code {
                text.push_str(&format!(
                    "    {dim}breaks code generated from the old card{dim:#}\n"
                ));
            }
        }
    }
    text
}
