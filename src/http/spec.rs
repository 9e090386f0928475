//! The OpenAPI document as clients need it. poem-openapi writes a `$ref` that carries its own
//! description, default or `nullable` as a two-part `allOf`: the reference, then an inline schema
//! repeating the keywords it has already copied onto the outer schema. Client generators read
//! that second part as a type of its own: `openapi-python-client` drops any schema whose enum is
//! referenced that way (and every operation using it) and copies referenced objects into new
//! classes. A one-part `allOf` says the same thing and generates cleanly, so the second part
//! goes. Dates are written as the standard `date` format rather than poem's `naive-date`.
//!
//! Responses never carry `null`: a field with no value is left out, and the spec marks it
//! optional (every response object is declared with `skip_serializing_if_is_none`).

use serde_json::Value;

/// The spec text poem-openapi produced, rewritten as described above.
pub fn normalize(spec: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(spec) else {
        return spec.to_owned();
    };
    rewrite(&mut doc);
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| spec.to_owned())
}

fn rewrite(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(parts)) = map.get_mut("allOf")
                && parts.len() == 2
                && parts[0].get("$ref").is_some()
                && parts[1].as_object().is_some_and(|extra| {
                    !["$ref", "properties", "allOf", "anyOf", "oneOf", "items"].iter().any(|k| extra.contains_key(*k))
                })
            {
                parts.truncate(1);
            }
            if map.get("format").and_then(Value::as_str) == Some("naive-date") {
                map.insert("format".into(), Value::String("date".into()));
            }
            map.values_mut().for_each(rewrite);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_described_or_nullable_reference_is_one_part_all_of() {
        let spec = json!({ "components": { "schemas": { "EntryIn": { "properties": {
            "doseUnit": {
                "allOf": [{ "$ref": "#/components/schemas/DoseUnit" }, { "description": "The unit.", "nullable": true }],
                "description": "The unit.",
                "nullable": true,
            },
            "day": { "type": "string", "format": "naive-date" },
            "both": { "allOf": [{ "$ref": "#/components/schemas/A" }, { "$ref": "#/components/schemas/B" }] },
        } } } } });
        let out: Value = serde_json::from_str(&normalize(&spec.to_string())).unwrap();
        let props = &out["components"]["schemas"]["EntryIn"]["properties"];
        assert_eq!(
            props["doseUnit"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/DoseUnit" }], "description": "The unit.", "nullable": true })
        );
        assert_eq!(props["day"]["format"], "date");
        assert_eq!(props["both"]["allOf"].as_array().unwrap().len(), 2, "a real composition stays");
    }
}
