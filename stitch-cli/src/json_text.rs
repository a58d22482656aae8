//! Re-indents JSON text without parsing it into a map, so the API's key order, every key (known
//! or not) and every token's spelling (`1.0`, `"\u00e9"`) stay exactly as sent.
//!
//! Why not `serde_json::Value`: this workspace's serde_json has no `preserve_order`, so a
//! `Value` sorts keys. Turning `preserve_order` on for this crate alone is not possible: cargo
//! unifies features, so every crate of a workspace build would get ordered maps and change
//! behaviour (the emulator's responses, for one). A re-indenter over checked text needs neither.

/// The text re-indented with two spaces, `"key": value`, `[]` and `{}` for empty containers,
/// and a final newline, the layout of `serde_json::to_string_pretty`. An error when `text` is
/// not one JSON value.
pub fn reindent(text: &str) -> Result<String, serde_json::Error> {
    // Valid JSON from here on: the scanner below need not handle malformed input.
    serde_json::from_str::<serde::de::IgnoredAny>(text)?;
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut index = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    };
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                let start = index;
                index += 1;
                while bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
                out.extend_from_slice(&bytes[start..=index]);
            }
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                let next = skip_whitespace(bytes, index + 1);
                if bytes[next] == close {
                    out.extend_from_slice(&[byte, close]);
                    index = next;
                } else {
                    out.push(byte);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(byte);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            other => out.push(other),
        }
        index += 1;
    }
    out.push(b'\n');
    // Only whole UTF-8 sequences were copied, from valid text.
    Ok(String::from_utf8(out).unwrap_or_default())
}

fn skip_whitespace(bytes: &[u8], mut index: usize) -> usize {
    while matches!(bytes.get(index), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        index += 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_spelling() {
        let text = r#"{"z":1.0,"a":[],"m":{"é":"\"x\"\\","n":null},"l":[true,{}]}"#;
        assert_eq!(
            reindent(text).unwrap(),
            "{\n  \"z\": 1.0,\n  \"a\": [],\n  \"m\": {\n    \"é\": \"\\\"x\\\"\\\\\",\n    \"n\": null\n  },\n  \"l\": [\n    true,\n    {}\n  ]\n}\n"
        );
    }

    #[test]
    fn matches_serde_json_pretty_printing_where_order_agrees() {
        let value = serde_json::json!({"a": [1, {"b": "c d", "e": []}], "f": {}});
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(reindent(&compact).unwrap(), format!("{pretty}\n"));
        assert_eq!(reindent(&pretty).unwrap(), format!("{pretty}\n"));
    }

    #[test]
    fn the_project_card_is_already_in_this_layout() {
        let text = include_str!("../../schemas/destinations/postgres.json");
        assert_eq!(reindent(text).unwrap(), text);
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(reindent("{\"a\": }").is_err());
        assert!(reindent("{} {}").is_err());
    }
}
