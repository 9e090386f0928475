use reqwest::StatusCode;

use crate::helpers::TestApp;

/// The committed spec is what the code generates; regenerate it with `scripts/openapi`.
#[test]
fn committed_spec_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/contour.v1.json"))
        .expect("openapi/contour.v1.json is committed");
    let generated = contour::app::openapi_json();
    assert!(committed == generated, "openapi/contour.v1.json is stale: run scripts/openapi and commit the result");
}

#[test]
fn operation_ids_are_domain_dot_verb() {
    let spec: serde_json::Value = serde_json::from_str(&contour::app::openapi_json()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            let (domain, verb) = id.split_once('.').unwrap_or_else(|| panic!("{id} is not domain.verb"));
            assert!(!domain.is_empty() && !verb.is_empty() && !verb.contains('.'), "{id}");
            assert!(seen.insert(id.to_owned()), "{id} is used twice");
        }
    }
}

#[tokio::test]
async fn the_spec_and_the_reference_are_served() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let spec = c.client.get("/openapi.json").await;
    assert_eq!(spec.status, StatusCode::OK);
    assert_eq!(spec.body["info"]["title"], "Contour API");
    let docs = c.client.get("/api/docs/").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.text.to_lowercase().contains("swagger"));
}
