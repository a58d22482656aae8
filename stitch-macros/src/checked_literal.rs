//! `checked_literal!(Type, "pattern", "literal")`: the macro behind the literal macros that
//! `include_report_card!` generates for pattern newtypes (`s3_sentinel_key!("…")`).
//!
//! The literal is checked against the pattern with ECMA-262 semantics while the crate compiles,
//! by the engine the type uses at run time (linear time, or a bound on the literal's length for
//! a pattern that needs backtracking); a literal that does not match is an error on the literal
//! itself. The message does not repeat
//! the value: it may be a credential, and the span already shows it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Lit, LitStr, Path, Token};

struct Input {
    type_path: Path,
    pattern: LitStr,
    literal: Lit,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let type_path = input.parse()?;
        input.parse::<Token![,]>()?;
        let pattern = input.parse()?;
        input.parse::<Token![,]>()?;
        let literal = input.parse()?;
        Ok(Input {
            type_path,
            pattern,
            literal,
        })
    }
}

pub(crate) fn checked_literal(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let Lit::Str(value) = &input.literal else {
        return syn::Error::new_spanned(&input.literal, "expected a string literal")
            .to_compile_error();
    };
    let pattern = input.pattern.value();
    let type_path = &input.type_path;
    let type_name = type_path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default();
    match stitch_codegen::pattern_matches(&pattern, &value.value()) {
        // The assertion ties the pattern checked here to the type's own: a literal macro with a
        // forged pattern does not compile.
        Ok(Ok(true)) => {
            let private = stitch_codegen::private_module();
            quote! {{
            const _: () = ::core::assert!(
                #private::str_eq(#type_path::PATTERN, #pattern),
                "the literal was checked against another pattern than the type's"
            );
            #type_path::__from_checked_literal(#value)
            }}
        }
        Ok(Ok(false)) => syn::Error::new(
            value.span(),
            format!(
                "this literal does not match the pattern `{pattern}` of `{type_name}`\n\
                 note: the pattern is an ECMA-262 search: it anchors only where it has `^` or `$`"
            ),
        )
        .to_compile_error(),
        Ok(Err(refused)) => syn::Error::new(
            value.span(),
            format!(
                "this literal is not checked against the pattern `{pattern}` of `{type_name}`: \
                 {refused}"
            ),
        )
        .to_compile_error(),
        Err(error) => {
            syn::Error::new(input.pattern.span(), format!("`{pattern}` {error}")).to_compile_error()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, literal: &str) -> String {
        checked_literal(quote!(Checked, #pattern, #literal)).to_string()
    }

    /// `^(a+)+$` with 29 `a` and a `!` took `regress` minutes; the linear engine answers at once
    /// (timed by `stitch-codegen/tests/pattern_speed.rs`).
    #[test]
    fn a_hostile_pattern_rejects_a_literal_without_backtracking() {
        let literal = format!("{}!", "a".repeat(29));
        let output = check("^(a+)+$", &literal);
        assert!(
            output.contains("this literal does not match the pattern `^(a+)+$` of `Checked`"),
            "{output}"
        );
        assert!(check("^(a+)+$", &"a".repeat(30)).contains("__from_checked_literal"));
    }

    #[test]
    fn a_long_literal_of_a_backtracking_pattern_is_refused_with_the_reason() {
        // Far over the bound of a pattern that needs backtracking.
        let literal = "a".repeat(100_000);
        let output = check(r"^(a)\1", &literal);
        assert!(
            output.contains("this literal is not checked against the pattern")
                && output.contains("a backreference, which needs a backtracking engine"),
            "{output}"
        );
    }
}
