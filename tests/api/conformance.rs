//! Every answer the suite receives from `/api/v1` is checked against the committed spec: the
//! status must be one the operation declares, the content type one that status declares, and the
//! body must match the declared schema exactly. A field the spec does not describe, a `null` the
//! spec does not allow, a missing required field or a value of the wrong type or format fails the
//! test that received it. So the spec says what the server sends, and generated clients can
//! parse every answer.
//!
//! The schema checks cover what the spec uses: `$ref`, `type`, `format` (date-time, date, uuid,
//! int32), `enum`, `nullable`, `properties`/`required`/`additionalProperties`, `items`, `allOf`,
//! `anyOf`, `oneOf` with a discriminator, and the length and range limits.

use std::sync::OnceLock;

use serde_json::Value;

struct Operation {
    method: String,
    id: String,
    /// The path template's segments; `None` for a `{parameter}`.
    segments: Vec<Option<String>>,
    responses: Value,
}

struct Spec {
    doc: Value,
    operations: Vec<Operation>,
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/contour.v1.json"))
            .expect("openapi/contour.v1.json is committed");
        let doc: Value = serde_json::from_str(&text).expect("the committed spec is JSON");
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("a path item") {
                let segments = path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|s| if s.starts_with('{') { None } else { Some(s.to_owned()) })
                    .collect();
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    id: op["operationId"].as_str().unwrap_or(path).to_owned(),
                    segments,
                    responses: op["responses"].clone(),
                });
            }
        }
        Spec { doc, operations }
    })
}

/// The operation a request reached: literal segments win over parameters, as in the router.
fn operation<'a>(spec: &'a Spec, method: &str, path: &str) -> Option<&'a Operation> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    spec.operations
        .iter()
        .filter(|op| op.method == method && op.segments.len() == parts.len())
        .filter(|op| op.segments.iter().zip(&parts).all(|(s, p)| s.as_deref().is_none_or(|s| s == *p)))
        .max_by_key(|op| op.segments.iter().filter(|s| s.is_some()).count())
}

/// Checks one answer from the API; panics, failing the test, when it breaks the spec.
pub fn check(method: &str, path: &str, status: u16, content_type: Option<&str>, body: &str) {
    let Some(path) = path.strip_prefix("/api/v1") else { return };
    let spec = spec();
    let Some(op) = operation(spec, method, path) else { return };
    let declared = ["default".to_owned(), format!("{}XX", status / 100), status.to_string()]
        .into_iter()
        .rev()
        .find_map(|key| op.responses.get(&key).cloned());
    let Some(response) = declared else {
        panic!("{} answered {status}, which the spec does not declare for it: {body}", op.id);
    };
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        assert!(body.is_empty(), "{} answered {status} with a body the spec does not declare: {body}", op.id);
        return;
    };
    let essence = |t: &str| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let sent = content_type.map(essence).unwrap_or_default();
    let Some((_, media)) = content.iter().find(|(declared, _)| essence(declared) == sent) else {
        panic!("{} answered {status} as {sent:?}; the spec declares {:?}", op.id, content.keys().collect::<Vec<_>>());
    };
    if !sent.ends_with("json") {
        return;
    }
    let value: Value = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{} answered {status} with JSON that does not parse ({e}): {body}", op.id));
    let mut problems = Vec::new();
    validate(&spec.doc, &media["schema"], &value, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{} answered {status} with a body that breaks the spec:\n  {}\nbody: {body}",
        op.id,
        problems.join("\n  ")
    );
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.strip_prefix("#/components/schemas/").expect("local schema references");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn nullable(doc: &Value, schema: &Value) -> bool {
    let schema = resolve(doc, schema);
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

/// Whether `value` satisfies `schema`, with the reasons it doesn't appended to `problems`.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if value.is_null() {
        if !nullable(doc, schema) {
            problems.push(format!("{at}: null, but the spec does not say it may be"));
        }
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        all_of(doc, all, value, at, problems);
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let fits = any.iter().any(|part| {
            let mut found = Vec::new();
            validate(doc, part, value, at, &mut found);
            found.is_empty()
        });
        if !fits {
            problems.push(format!("{at}: matches none of anyOf"));
        }
    }
    if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
        one_of(doc, schema, one, value, at, problems);
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {options:?}"));
    }
    let Some(ty) = schema.get("type").and_then(Value::as_str) else { return };
    match ty {
        "string" => string(schema, value, at, problems),
        "integer" => integer(schema, value, at, problems),
        "number" => number(schema, value, at, problems),
        "boolean" if !value.is_boolean() => problems.push(format!("{at}: {value} is not a boolean")),
        "boolean" => {}
        "array" => array(doc, schema, value, at, problems),
        "object" => object(doc, schema, value, at, problems),
        other => problems.push(format!("{at}: the spec uses type {other:?}, which this check does not know")),
    }
}

/// Objects composed with `allOf` are one object: exactly the union of the parts' properties.
fn all_of(doc: &Value, parts: &[Value], value: &Value, at: &str, problems: &mut Vec<String>) {
    let resolved: Vec<&Value> = parts.iter().map(|p| resolve(doc, p)).collect();
    if !resolved.iter().all(|p| p.get("properties").is_some()) {
        for part in parts {
            validate(doc, part, value, at, problems);
        }
        return;
    }
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for part in resolved {
        properties.extend(part["properties"].as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
        required.extend(part.get("required").and_then(Value::as_array).into_iter().flatten().cloned());
    }
    let merged = serde_json::json!({ "type": "object", "properties": properties, "required": required });
    validate(doc, &merged, value, at, problems);
}

fn one_of(doc: &Value, schema: &Value, options: &[Value], value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(property) = schema["discriminator"]["propertyName"].as_str() {
        let Some(tag) = value.get(property).and_then(Value::as_str) else {
            problems.push(format!("{at}: no {property:?} to tell which oneOf it is"));
            return;
        };
        match schema["discriminator"]["mapping"].get(tag) {
            Some(target) => validate(doc, &serde_json::json!({ "$ref": target }), value, at, problems),
            None => problems.push(format!("{at}: {property} {tag:?} is not in the discriminator's mapping")),
        }
        return;
    }
    let fits = options
        .iter()
        .filter(|part| {
            let mut found = Vec::new();
            validate(doc, part, value, at, &mut found);
            found.is_empty()
        })
        .count();
    if fits != 1 {
        problems.push(format!("{at}: matches {fits} of oneOf, not exactly one"));
    }
}

fn string(schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(text) = value.as_str() else {
        problems.push(format!("{at}: {value} is not a string"));
        return;
    };
    let chars = text.chars().count() as u64;
    if schema["maxLength"].as_u64().is_some_and(|max| chars > max) {
        problems.push(format!("{at}: longer than maxLength"));
    }
    if schema["minLength"].as_u64().is_some_and(|min| chars < min) {
        problems.push(format!("{at}: shorter than minLength"));
    }
    let fits = match schema["format"].as_str() {
        Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Some("uuid") => uuid::Uuid::parse_str(text).is_ok(),
        _ => true,
    };
    if !fits {
        problems.push(format!("{at}: {text:?} is not a {}", schema["format"]));
    }
}

fn integer(schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(n) = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from)) else {
        problems.push(format!("{at}: {value} is not an integer"));
        return;
    };
    if schema["format"] == "int32" && i32::try_from(n).is_err() {
        problems.push(format!("{at}: {n} does not fit int32"));
    }
    range(schema, n as f64, at, problems);
}

fn number(schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    match value.as_f64() {
        Some(n) => range(schema, n, at, problems),
        None => problems.push(format!("{at}: {value} is not a number")),
    }
}

fn range(schema: &Value, n: f64, at: &str, problems: &mut Vec<String>) {
    if schema["maximum"].as_f64().is_some_and(|max| n > max) {
        problems.push(format!("{at}: {n} is above the maximum"));
    }
    if schema["minimum"].as_f64().is_some_and(|min| n < min) {
        problems.push(format!("{at}: {n} is below the minimum"));
    }
}

fn array(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(items) = value.as_array() else {
        problems.push(format!("{at}: {value} is not an array"));
        return;
    };
    if schema["maxItems"].as_u64().is_some_and(|max| items.len() as u64 > max) {
        problems.push(format!("{at}: more items than maxItems"));
    }
    if let Some(item) = schema.get("items") {
        for (i, v) in items.iter().enumerate() {
            validate(doc, item, v, &format!("{at}[{i}]"), problems);
        }
    }
}

fn object(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(fields) = value.as_object() else {
        problems.push(format!("{at}: {value} is not an object"));
        return;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if !fields.contains_key(name) {
            problems.push(format!("{at}.{name}: required, but missing"));
        }
    }
    for (name, v) in fields {
        let here = format!("{at}.{name}");
        match (properties.and_then(|p| p.get(name)), schema.get("additionalProperties")) {
            (Some(property), _) => validate(doc, property, v, &here, problems),
            (None, Some(Value::Bool(false))) => problems.push(format!("{here}: not described by the spec")),
            (None, Some(Value::Bool(true))) => {}
            (None, Some(extra)) => validate(doc, extra, v, &here, problems),
            // An object the spec lists properties for is exactly those properties.
            (None, None) if properties.is_some() => problems.push(format!("{here}: not described by the spec")),
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(schema: Value, value: Value) -> Vec<String> {
        let doc = json!({ "components": { "schemas": {
            "Kind": { "type": "string", "enum": ["a", "b"] },
            "Thing": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string", "format": "uuid" },
                "at": { "type": "string", "format": "date-time" },
                "kind": { "$ref": "#/components/schemas/Kind" },
                "note": { "type": "string", "nullable": true },
            } },
        } } });
        let mut found = Vec::new();
        validate(&doc, &schema, &value, "$", &mut found);
        found
    }

    #[test]
    fn the_check_catches_what_generated_clients_would_choke_on() {
        let thing = json!({ "$ref": "#/components/schemas/Thing" });
        let id = "0190b2a4-8c1e-7d3a-9f00-000000000001";
        assert!(problems(thing.clone(), json!({ "id": id, "note": null, "kind": "a" })).is_empty());
        assert_eq!(problems(thing.clone(), json!({ "id": id, "at": null })).len(), 1, "null where not nullable");
        assert_eq!(problems(thing.clone(), json!({ "id": id, "extra": 1 })).len(), 1, "an undescribed field");
        assert_eq!(problems(thing.clone(), json!({ "note": "x" })).len(), 1, "a missing required field");
        assert_eq!(problems(thing.clone(), json!({ "id": "not-a-uuid" })).len(), 1, "a bad format");
        assert_eq!(problems(thing.clone(), json!({ "id": id, "kind": "c" })).len(), 1, "outside the enum");
        assert_eq!(problems(thing, json!({ "id": id, "at": "yesterday" })).len(), 1, "not a date-time");
        assert_eq!(problems(json!({ "type": "integer", "format": "int32" }), json!(1_u64 << 40)).len(), 1);
    }
}
