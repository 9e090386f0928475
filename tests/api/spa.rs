use reqwest::StatusCode;

use crate::helpers::TestApp;

/// The web app is served on clinic hosts for any app path, with a strict content policy; a
/// missing build says so plainly instead of failing.
#[tokio::test]
async fn the_web_app_is_served_on_clinic_hosts() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let built = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frontend/dist/index.html").exists();
    for path in ["/", "/patients", "/patients/0190f0a0-0000-7000-8000-000000000000?tab=medical", "/login"] {
        let reply = c.client.get(path).await;
        if built {
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/html"));
            assert!(reply.text.contains(r#"<div id="root">"#), "{path}");
            let csp = reply.headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
        } else {
            assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
            assert!(reply.text.contains("isn’t built yet"));
        }
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
    // A missing file is a 404, not the app.
    assert_eq!(c.client.get("/assets/nope-123.js").await.status, StatusCode::NOT_FOUND);
    // Not on the platform host, nor on unknown hosts.
    assert_eq!(app.client_for("admin.localhost").get("/patients").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.client_for("nowhere.localhost").get("/").await.status, StatusCode::NOT_FOUND);
}
