use contour::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{STAFF_PASSWORD, TestApp};

#[tokio::test]
async fn owners_add_staff_who_must_choose_their_own_password() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let email = format!("new.injector@{}.example", c.clinic.slug);
    let created = owner
        .post(
            "/api/v1/staff",
            &json!({ "email": email, "displayName": "  Nia   Injector ", "role": "provider", "credentials": "RN", "temporaryPassword": "temporary-123" }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["displayName"], "Nia Injector");
    assert_eq!(created.body["mustChangePassword"], true);

    let nia = c.sign_in(&app, &email, "temporary-123").await;
    let me = nia.get("/api/v1/me").await;
    assert_eq!(me.body["user"]["mustChangePassword"], true);
    assert_eq!(me.body["role"], "provider");
    nia.post("/api/v1/me/password", &json!({ "currentPassword": "temporary-123", "newPassword": "nia-chose-this-1" }))
        .await;
    assert_eq!(nia.get("/api/v1/me").await.body["user"]["mustChangePassword"], false);

    let dup = owner
        .post("/api/v1/staff", &json!({ "email": email.to_uppercase(), "displayName": "Again", "role": "billing", "temporaryPassword": "temporary-123" }))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.code(), "already_exists");

    let bad = owner
        .post(
            "/api/v1/staff",
            &json!({ "email": "nope", "displayName": "", "role": "billing", "temporaryPassword": "short" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        bad.body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "displayName", "temporaryPassword"]);
}

#[tokio::test]
async fn role_changes_take_effect_at_once_and_are_audited() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let (email, id) = c.add_staff(&app, Role::FrontDesk).await;
    let desk = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    assert_eq!(desk.get("/api/v1/audit").await.status, StatusCode::FORBIDDEN);
    let r = owner.patch(&format!("/api/v1/staff/{id}"), &json!({ "role": "medical_director" })).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(desk.get("/api/v1/audit").await.status, StatusCode::OK, "the new role applies to the live session");
    let log = owner.get("/api/v1/audit?action=staff.role_changed").await;
    let entry = &log.body["entries"][0];
    assert_eq!(entry["details"], json!({ "from": "front_desk", "to": "medical_director" }));
    assert_eq!(entry["entityId"], id.to_string());
    assert_eq!(entry["actorRole"], "owner");
}

#[tokio::test]
async fn the_last_active_owner_can_be_neither_demoted_nor_deactivated() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let me = owner.user_id.clone().unwrap();
    let demote = owner.patch(&format!("/api/v1/staff/{me}"), &json!({ "role": "provider" })).await;
    assert_eq!(demote.status, StatusCode::CONFLICT);
    assert_eq!(demote.code(), "last_owner");
    assert_eq!(owner.post(&format!("/api/v1/staff/{me}/deactivate"), &json!({})).await.code(), "last_owner");

    // With a second owner, either may step down.
    c.add_staff(&app, Role::Owner).await;
    assert_eq!(
        owner.patch(&format!("/api/v1/staff/{me}"), &json!({ "role": "provider" })).await.status,
        StatusCode::OK
    );
    assert_eq!(owner.get("/api/v1/staff").await.status, StatusCode::FORBIDDEN, "now a provider");
}

#[tokio::test]
async fn a_password_reset_ends_sessions_and_asks_for_a_new_password() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let (email, id) = c.add_staff(&app, Role::Billing).await;
    let billing = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    let r = owner
        .post(&format!("/api/v1/staff/{id}/password-reset"), &json!({ "temporaryPassword": "reset-by-owner-1" }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["mustChangePassword"], true);
    assert_eq!(billing.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let again = c.sign_in(&app, &email, "reset-by-owner-1").await;
    assert_eq!(again.get("/api/v1/me").await.body["user"]["mustChangePassword"], true);
}
