//! Writes the code `include_report_card!` would generate for three cards to `OUT_DIR`, as the
//! README's build.rs route says: `stitch_codegen::expand_card_file` (the function the macro
//! calls, stitch.lock checks included), then `stitch_codegen::render`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::var("OUT_DIR")?;
    // Paths are relative to this crate's directory, where cargo runs build scripts.
    for (card, generated) in [
        ("schemas/destinations/postgres.json", "postgres.rs"),
        ("cards/pattern-mappings.json", "pattern_mappings.rs"),
        // A card with no properties at all (as the Import API source's): its code too must
        // compile without warnings.
        ("cards/no-properties.json", "no_properties.rs"),
    ] {
        let expansion = stitch_codegen::expand_card_file(Path::new(card), card, None)?;
        if !expansion.problems.is_empty() {
            return Err(expansion.problems.join("\n").into());
        }
        // The card and its stitch.lock, as the macro's include_bytes! tracks them.
        for file in &expansion.tracked {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let code = stitch_codegen::render(&expansion.items)?;
        std::fs::write(Path::new(&out_dir).join(generated), code)?;
    }
    println!("cargo:rerun-if-changed=build.rs");
    Ok(())
}
