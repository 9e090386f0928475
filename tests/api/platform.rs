use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{OWNER_PASSWORD, Session, TestApp};

const ADMIN_PASSWORD: &str = "platform-admin-pw";

async fn admin(app: &TestApp) -> Session {
    let email = format!("ops-{}@contour.example", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    contour::platform::admins::create(app.state.dbs(), &email, "Ops Person", ADMIN_PASSWORD, app.now()).await.unwrap();
    let client = app.client_for("admin.localhost");
    let reply =
        client.post("/api/v1/platform/auth/login", &json!({ "email": email, "password": ADMIN_PASSWORD })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    Session { client, csrf: reply.body["csrfToken"].as_str().map(str::to_owned), bearer: None, user_id: None }
}

#[tokio::test]
async fn platform_admins_provision_suspend_and_resume_clinics() {
    let app = TestApp::spawn().await;
    let ops = admin(&app).await;
    let slug = format!("p{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let body = json!({
        "slug": slug, "name": "Luma Skin Studio", "timezone": "America/Chicago",
        "ownerEmail": format!("owner@{slug}.example"), "ownerName": "Lu Owner", "ownerPassword": OWNER_PASSWORD,
    });
    let created = ops.post("/api/v1/platform/clinics", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["url"], format!("http://{slug}.localhost:{}", app.addr.port()));
    assert_eq!(created.body["status"], "active");
    assert_eq!(ops.post("/api/v1/platform/clinics", &body).await.code(), "already_exists");
    let invalid = ops
        .post("/api/v1/platform/clinics", &json!({ "slug": "Bad Slug", "name": "", "timezone": "Mars/Olympus", "ownerEmail": "x", "ownerName": "y", "ownerPassword": "z" }))
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.body["fields"].as_array().unwrap().len(), 5);

    let listed = ops.get("/api/v1/platform/clinics").await;
    assert!(listed.body.as_array().unwrap().iter().any(|c| c["slug"] == slug.as_str()));

    // The owner signs in on the new clinic's host.
    let clinic_client = app.client_for(&app.clinic_host(&slug));
    let login = clinic_client
        .post("/api/v1/auth/login", &json!({ "email": format!("owner@{slug}.example"), "password": OWNER_PASSWORD }))
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(clinic_client.get("/api/v1/me").await.status, StatusCode::OK);

    let suspended = ops.post(&format!("/api/v1/platform/clinics/{slug}/suspend"), &json!({})).await;
    assert_eq!(suspended.status, StatusCode::OK);
    assert_eq!(suspended.body["status"], "suspended");
    let gone = clinic_client.get("/api/v1/me").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let page = clinic_client.send(clinic_client.http.get(clinic_client.url("/")).header("accept", "text/html")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text.contains("isn’t available"));

    let resumed = ops.post(&format!("/api/v1/platform/clinics/{slug}/resume"), &json!({})).await;
    assert_eq!(resumed.body["status"], "active");
    assert_eq!(clinic_client.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "suspension ended the session");
    assert_eq!(ops.post("/api/v1/platform/clinics/nosuch/suspend", &json!({})).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_platform_api_lives_on_the_platform_host_only() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    assert_eq!(owner.get("/api/v1/platform/clinics").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        c.anonymous(&app)
            .post("/api/v1/platform/auth/login", &json!({ "email": "a@b.c", "password": "x" }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let staff_cookie = owner.client.cookie_header().await;
    let platform = app.client_for("admin.localhost");
    let r =
        platform.send(platform.http.get(platform.url("/api/v1/platform/clinics")).header("cookie", staff_cookie)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        platform.get("/api/v1/me").await.status,
        StatusCode::NOT_FOUND,
        "clinic operations are not on the platform host"
    );
}

#[tokio::test]
async fn platform_sign_in_failures_read_the_same_and_writes_need_csrf() {
    let app = TestApp::spawn().await;
    let ops = admin(&app).await;
    let client = app.client_for("admin.localhost");
    let wrong = client
        .post("/api/v1/platform/auth/login", &json!({ "email": "nobody@contour.example", "password": ADMIN_PASSWORD }))
        .await;
    assert_eq!(wrong.code(), "invalid_credentials");
    let no_csrf = Session { csrf: None, ..ops.clone() };
    assert_eq!(no_csrf.post("/api/v1/platform/clinics/x/suspend", &json!({})).await.code(), "csrf_failed");
    assert_eq!(ops.post("/api/v1/platform/auth/logout", &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(ops.get("/api/v1/platform/me").await.status, StatusCode::UNAUTHORIZED);
}
