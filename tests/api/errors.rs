use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_response_carries_a_request_id_and_errors_are_problems() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;

    let ok = c.client.get("/api/v1/clinic").await;
    assert_eq!(ok.status, StatusCode::OK);
    let first_id = ok.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(first_id.len(), 32);

    let missing = c.client.get("/api/v1/no-such-thing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");
    assert_eq!(missing.headers["content-type"], "application/problem+json");
    assert!(missing.body["fields"].is_array());
    assert_ne!(missing.headers["x-request-id"].to_str().unwrap(), first_id, "ids are per request");

    let wrong_method = c.client.send(c.client.http.delete(c.client.url("/api/v1/clinic"))).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.code(), "method_not_allowed");
    assert!(wrong_method.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn browsers_get_a_plain_page_for_unknown_hosts() {
    let app = TestApp::spawn().await;
    let client = app.client_for("nowhere.localhost");
    let reply = client.send(client.http.get(client.url("/")).header("accept", "text/html")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.text.contains("isn’t available"));
    assert!(reply.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn health_and_readiness_answer_on_any_host() {
    let app = TestApp::spawn().await;
    for host in ["localhost", "nowhere.localhost", "admin.localhost"] {
        let client = app.client_for(host);
        let health = client.get("/healthz").await;
        assert_eq!(health.status, StatusCode::OK, "{host}");
        assert_eq!(health.body["status"], "ok");
        let ready = client.get("/readyz").await;
        assert_eq!(ready.status, StatusCode::OK, "{host}");
        assert_eq!(ready.body["status"], "ready");
    }
}
