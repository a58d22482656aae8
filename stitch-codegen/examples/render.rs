//! Prints the code generated for a report card: `cargo run -p stitch-codegen --example render -- CARD.json`.

use stitch_codegen::{CardSource, ExpandOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        return Err("usage: render CARD.json".into());
    };
    let text = std::fs::read_to_string(&path)?;
    let card = stitch_codegen::read_card(CardSource {
        file: &path,
        text: &text,
        kind: None,
    })?;
    let tokens = stitch_codegen::expand(&card, ExpandOptions { file: Some(&path) });
    print!("{}", stitch_codegen::render(&tokens)?);
    Ok(())
}
