//! Canonical JSON for hashing (RFC 8785 style): object keys sorted by their UTF-16 code units,
//! no insignificant whitespace, and no floating-point numbers, so the same record always gives
//! the same bytes on any machine and either database.

use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("canonical JSON has no floating-point numbers (found {0})")]
pub struct FloatInRecord(pub String);

pub fn to_canonical_json(value: &Value) -> Result<String, FloatInRecord> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Ok(out)
}

/// Hex SHA-256 of the canonical form.
pub fn canonical_sha256(value: &Value) -> Result<String, FloatInRecord> {
    Ok(hex::encode(Sha256::digest(to_canonical_json(value)?.as_bytes())))
}

fn write_value(value: &Value, out: &mut String) -> Result<(), FloatInRecord> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_f64() {
                return Err(FloatInRecord(n.to_string()));
            }
            out.push_str(&n.to_string());
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(&map[key], out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_whitespace_dropped() {
        let v = json!({"b": 1, "a": {"z": [true, null], "y": "x\ny"}, "€": 0, "A": -3});
        assert_eq!(to_canonical_json(&v).unwrap(), r#"{"A":-3,"a":{"y":"x\ny","z":[true,null]},"b":1,"€":0}"#);
    }

    #[test]
    fn same_content_same_hash_whatever_the_order() {
        let a: Value = serde_json::from_str(r#"{"x":1,"y":[1,2]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{ "y": [1, 2], "x": 1 }"#).unwrap();
        assert_eq!(canonical_sha256(&a).unwrap(), canonical_sha256(&b).unwrap());
    }

    #[test]
    fn floats_are_refused() {
        assert!(to_canonical_json(&json!({"dose": 0.5})).is_err());
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(to_canonical_json(&json!("a\u{1}b")).unwrap(), r#""a\u0001b""#);
    }
}
