//! `include_report_card!("path/to/card.json")`: read a card relative to the including crate and
//! expand it.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use stitch_codegen::CardKind;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// `"path"` or `"path", kind = source`.
struct IncludeInput {
    path: LitStr,
    kind: Option<CardKind>,
}

impl Parse for IncludeInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected the path of a report card file, e.g. \
                 include_report_card!(\"schemas/destinations/postgres.json\")",
            )
        })?;
        let mut kind = None;
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "kind" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `kind = source` or `kind = destination` after the path",
                ));
            }
            input.parse::<Token![=]>()?;
            // `kind = source` or `kind = "source"`, as the derive takes it.
            let (word, span) = if input.peek(LitStr) {
                let word: LitStr = input.parse()?;
                (word.value(), word.span())
            } else {
                let word: syn::Ident = input.parse()?;
                (word.to_string(), word.span())
            };
            kind = Some(parse_kind(&word, span)?);
            input.parse::<Option<Token![,]>>()?;
        }
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the card path"));
        }
        Ok(IncludeInput { path, kind })
    }
}

/// `source` or `destination`, spelled as `CardKind::as_str` spells them (`FromStr` also takes
/// the plural directory names, which a macro argument has no reason to).
pub(crate) fn parse_kind(word: &str, span: proc_macro2::Span) -> syn::Result<CardKind> {
    word.parse::<CardKind>()
        .ok()
        .filter(|kind| kind.as_str() == word)
        .ok_or_else(|| syn::Error::new(span, "the kind is `source` or `destination`"))
}

pub(crate) fn include_report_card(input: TokenStream) -> TokenStream {
    let input: IncludeInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    match expand_file(&input.path, input.kind) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

/// A card file, read relative to the including crate's manifest directory.
pub(crate) struct CardFile {
    /// The path as the user wrote it.
    pub(crate) written: String,
    /// The absolute path that was read.
    pub(crate) resolved: PathBuf,
    /// The file's contents.
    pub(crate) text: String,
}

impl CardFile {
    /// Rebuild tracking for the card (see [`rebuild_tracking`]).
    pub(crate) fn rebuild_tracking(&self) -> TokenStream {
        rebuild_tracking(&self.resolved)
    }

    /// The card's `stitch.lock`, checked as `include_report_card!` checks it: rebuild tracking
    /// for the lock file, and the problem when the card's bytes no longer match its entry.
    pub(crate) fn lock_check(&self) -> (TokenStream, Option<String>) {
        let located =
            stitch_codegen::provenance::locate(&self.resolved, &self.written, self.text.as_bytes());
        let tracking = located
            .lock_path
            .as_deref()
            .map(rebuild_tracking)
            .unwrap_or_default();
        (tracking, located.problem)
    }
}

/// `const _: &[u8] = include_bytes!("…");` so cargo rebuilds the including crate when `file`
/// changes (nothing for a path that is not UTF-8, which `include_bytes!` cannot name).
fn rebuild_tracking(file: &Path) -> TokenStream {
    match file.to_str() {
        Some(file) => quote! {
            const _: &[::core::primitive::u8] = ::core::include_bytes!(#file);
        },
        None => TokenStream::new(),
    }
}

/// The path as written and as resolved against the including crate's manifest directory:
/// absolute, and without `..` where the file exists, since messages name it (the fixes they
/// suggest must work from any directory, not only the manifest's).
fn resolve(path: &LitStr) -> syn::Result<(String, PathBuf)> {
    let written = path.value();
    let base = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
        syn::Error::new(
            path.span(),
            "CARGO_MANIFEST_DIR is not set: report card paths are relative to the including \
             crate's manifest directory, so this macro needs to run under cargo",
        )
    })?;
    let joined = Path::new(&base).join(&written);
    let resolved = std::fs::canonicalize(&joined).unwrap_or(joined);
    Ok((written, resolved))
}

/// A card file that cannot be read, spanned on the path literal. `why` names the file.
fn unreadable(path: &LitStr, resolved: &Path, why: &dyn std::fmt::Display) -> syn::Error {
    syn::Error::new(
        path.span(),
        format!(
            "{why}\n\
             note: the path is relative to the directory of the including crate's \
             Cargo.toml; it resolved to `{}`",
            resolved.display()
        ),
    )
}

/// Reads the card named by `path`; the error is spanned on the path literal.
pub(crate) fn read_card_file(path: &LitStr) -> syn::Result<CardFile> {
    let (written, resolved) = resolve(path)?;
    let text = stitch_codegen::read_card_text(&resolved).map_err(|error| {
        let why = format!("cannot read report card `{written}`: {error}");
        unreadable(path, &resolved, &why)
    })?;
    Ok(CardFile {
        written,
        resolved,
        text,
    })
}

fn expand_file(path: &LitStr, kind: Option<CardKind>) -> syn::Result<TokenStream> {
    let (written, resolved) = resolve(path)?;
    let expansion = stitch_codegen::expand_card_file(&resolved, &written, kind)
        // The error names the card file already.
        .map_err(|error| unreadable(path, &resolved, &error))?;
    // The card's types are expanded beside its errors (with stand-ins for the broken
    // properties), so code that uses the card's other properties adds no errors of its own.
    let errors = expansion
        .problems
        .iter()
        .map(|problem| syn::Error::new(path.span(), problem).to_compile_error());
    let items = in_own_module(expansion.items);
    // The card and its lock file: cargo rebuilds the crate when either changes.
    let tracking = expansion.tracked.iter().map(|file| rebuild_tracking(file));
    Ok(quote! { #(#errors)* #items #(#tracking)* })
}

/// The card's items in a module of their own, each name re-exported by a `use` of its own.
///
/// Two cards whose types have the same name, included in one module, then collide on those
/// `use`s only: one short error per name ("the name `PostgresProperties` is defined multiple
/// times"), pointing at both `include_report_card!`s, where items defined side by side gave
/// one per item, trait impl and associated item (65 for postgres twice). The module is named
/// after the properties type, so two cards with the same properties type (the same card
/// twice, or two captures of one type) also collide on it, and that error comes first. Each
/// name gets its own `use` rather than a glob: rustc names an item by the path it is
/// re-exported under, and a glob would make messages about the user's own code say
/// `__stitch_card_…::PostgresProperties`.
///
/// The module is `#[macro_use]`: the literal macros defined in it stay in textual scope after
/// it, as they were when they were defined in the including module itself, so modules declared
/// after the include (`mod sub;`) use them by name; their `pub(crate) use` gives them a path too.
/// `stitch render` and the build.rs route print the items unwrapped: pasted code is the user's
/// own, where a clash is plain to see.
fn in_own_module(items: TokenStream) -> TokenStream {
    let names = defined_names(&items);
    let Some((properties, _)) = names.first() else {
        // Nothing was generated (a card that cannot be read): nothing to wrap.
        return items;
    };
    let module = quote::format_ident!("__stitch_card_{}", properties);
    let reexports = names.iter().map(|(name, is_macro)| {
        // A `macro_rules!` macro cannot be re-exported beyond the crate.
        let visibility = if *is_macro {
            quote!(pub(crate))
        } else {
            quote!(pub)
        };
        quote! {
            #[allow(unused_imports)]
            #visibility use #module::#name;
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case)]
        #[macro_use]
        mod #module {
            #items
        }
        #(#reexports)*
    }
}

/// The names the top level of an expansion defines: its types and its literal macros, in
/// order (the properties type first), each with whether it is a macro. Read from the tokens,
/// so that it cannot disagree with what was generated.
fn defined_names(items: &TokenStream) -> Vec<(proc_macro2::Ident, bool)> {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = items.clone().into_iter().collect();
    let mut names = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let TokenTree::Ident(keyword) = token else {
            continue;
        };
        // `struct Name`, `enum Name`, `macro_rules! name`.
        let is_macro = keyword == "macro_rules";
        let name_at = if is_macro {
            index + 2
        } else if keyword == "struct" || keyword == "enum" {
            index + 1
        } else {
            continue;
        };
        if let Some(TokenTree::Ident(name)) = tokens.get(name_at) {
            names.push((name.clone(), is_macro));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `stitch render` prints the macro's own expansion: the macro's token stream (made here by
    /// the function the proc macro calls, on proc-macro2's fallback), without its rebuild
    /// tracking, rendered, is the expected file that the CLI's test compares the binary's output
    /// with.
    #[test]
    fn stitch_render_prints_this_macros_expansion() {
        // CARGO_MANIFEST_DIR is this crate's directory, a sibling of stitch-cli: the card path
        // reads the same from both.
        let expanded = include_report_card(quote!("../schemas/destinations/postgres.json"));
        let file: syn::File = syn::parse2(expanded).unwrap();
        let (tracking, wrapped): (Vec<syn::Item>, Vec<syn::Item>) =
            file.items.into_iter().partition(|item| {
                matches!(item, syn::Item::Const(constant)
                    if quote!(#constant).to_string().contains("include_bytes"))
            });
        assert_eq!(tracking.len(), 2, "the card and its lock file are tracked");
        // The card's module, then one re-export per name it defines.
        let [syn::Item::Mod(module), reexports @ ..] = &wrapped[..] else {
            panic!("the expansion starts with the card's module");
        };
        assert_eq!(module.ident, "__stitch_card_PostgresProperties");
        let reexported: Vec<String> = reexports
            .iter()
            .map(|item| match item {
                syn::Item::Use(reexport) => quote!(#reexport).to_string(),
                other => panic!("not a re-export: {}", quote!(#other)),
            })
            .collect();
        assert_eq!(reexported.len(), 4, "{reexported:#?}");
        for name in [
            "PostgresProperties",
            "PostgresRequired",
            "PostgresUpdate",
            "PostgresEncryptionType",
        ] {
            assert!(
                reexported
                    .iter()
                    .any(|reexport| reexport.ends_with(&format!(
                        "pub use __stitch_card_PostgresProperties :: {name} ;"
                    ))),
                "{name} is not re-exported: {reexported:#?}"
            );
        }
        let (_, items) = module.content.as_ref().expect("the module has its items");
        let rendered = stitch_codegen::render(&quote!(#(#items)*)).unwrap();
        let expected = include_str!("../../stitch-cli/tests/expected/render-postgres.rs");
        let (header, expected) = expected.split_once('\n').unwrap();
        assert!(
            header.starts_with("// @generated by `stitch render`"),
            "{header}"
        );
        assert!(
            rendered == expected,
            "the macro's expansion differs from `stitch render`"
        );
    }
}
