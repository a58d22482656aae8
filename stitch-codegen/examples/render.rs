//! Prints the code generated for a report card: `cargo run -p stitch-codegen --example render -- CARD.json`.
//! (`stitch render CARD.json` does the same.)

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        return Err("usage: render CARD.json".into());
    };
    let expansion = stitch_codegen::expand_card_file(path.as_ref(), &path, None)?;
    if !expansion.problems.is_empty() {
        return Err(expansion.problems.join("\n").into());
    }
    print!("{}", stitch_codegen::render(&expansion.items)?);
    Ok(())
}
