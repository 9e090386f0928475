//! Single sign-on end to end against a real OpenID provider (tests/oidc/provider.mjs).

use chrono::Duration;
use contour::args;
use contour::auth::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, Session, TestApp, TestClinic, idp_issuer};

struct Sso {
    issuer: String,
    client_id: String,
}

/// Registers a client at the provider for this clinic and configures the clinic to use it.
/// `kind` is the registration name: "contour", "short-lived" or "wrong-audience".
async fn set_up(app: &TestApp, c: &TestClinic, owner: &Session, kind: &str) -> Sso {
    let issuer = idp_issuer();
    let redirect = format!("{}/auth/oidc/callback", app.state.config.clinic_url(&c.clinic.slug));
    let reg: Value = reqwest::Client::new()
        .post(format!("{issuer}/reg"))
        .json(&json!({ "client_name": kind, "redirect_uris": [redirect] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client_id = reg["client_id"].as_str().unwrap().to_owned();
    let put = owner
        .put(
            "/api/v1/sso",
            &json!({
                "issuerUrl": issuer, "clientId": client_id, "clientSecret": reg["client_secret"],
                "enabled": true, "buttonLabel": "Sign in with Test ID",
            }),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(put.body["redirectUri"], redirect);
    Sso { issuer, client_id }
}

/// What to meddle with between leaving for the provider and coming back.
#[derive(Default)]
struct Meddle {
    state: Option<&'static str>,
    nonce: bool,
    clock: Option<Duration>,
    replay: bool,
}

/// Signs in at the provider as `login` (see provider.mjs) and returns Contour's answer to the
/// callback, with the browser that made it.
async fn sign_in(app: &TestApp, c: &TestClinic, sso: &Sso, login: &str, meddle: Meddle) -> (Reply, Session) {
    let browser = c.anonymous(app);
    let start = browser.get("/auth/oidc/start?returnTo=/calendar").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.text);
    let mut location = start.headers["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&sso.issuer), "{location}");
    assert!(location.contains("code_challenge_method=S256") && location.contains("nonce="), "{location}");

    let idp =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let clinic_base = browser.client.base.clone();
    let callback = loop {
        if location.starts_with(&clinic_base) {
            break location;
        }
        let url = if location.starts_with('/') { format!("{}{location}", sso.issuer) } else { location.clone() };
        let resp = idp.get(&url).send().await.unwrap();
        if resp.status().is_redirection() {
            location = resp.headers()["location"].to_str().unwrap().to_owned();
            continue;
        }
        let page = resp.text().await.unwrap();
        let prompt = if page.contains(r#"value="login""#) { "login" } else { "consent" };
        let resp =
            idp.post(&url).form(&[("prompt", prompt), ("login", login), ("password", "x")]).send().await.unwrap();
        assert!(resp.status().is_redirection(), "the provider's {prompt} form: {}", resp.status());
        location = resp.headers()["location"].to_str().unwrap().to_owned();
    };

    let mut callback = callback;
    if let Some(state) = meddle.state {
        let mut url: reqwest::Url = callback.parse().unwrap();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.to_string(), if k == "state" { state.to_owned() } else { v.to_string() }))
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        callback = url.to_string();
    }
    if meddle.nonce {
        let mut tx = app.tenant_write(&c.clinic).await;
        tx.execute("update oidc_pending_logins set nonce = 'not-the-nonce-that-was-sent'", args![]).await.unwrap();
        tx.commit().await.unwrap();
    }
    if let Some(by) = meddle.clock {
        app.clock.advance(by);
    }
    let path = callback.strip_prefix(&clinic_base).unwrap().to_owned();
    let state_cookie = browser.client.cookie_header_for("/auth/oidc/callback").await;
    let reply = browser.get(&path).await;
    if meddle.replay {
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "the first use works: {}", reply.text);
        // Someone who copied both the callback address and the browser's state cookie.
        let thief = c.anonymous(app);
        let again =
            thief.client.send(thief.client.http.get(thief.client.url(&path)).header("cookie", state_cookie)).await;
        return (again, thief);
    }
    (reply, browser)
}

async fn last_failure(owner: &Session) -> Value {
    let log = owner.get("/api/v1/audit?action=auth.login_failed&limit=1").await;
    log.body["entries"][0]["details"].clone()
}

#[tokio::test]
async fn staff_sign_in_with_sso_linked_by_verified_email_then_by_subject() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (email, user_id) = c.add_staff(&app, Role::Provider).await;

    let clinic = c.anonymous(&app).get("/api/v1/clinic").await;
    assert_eq!(clinic.body["ssoEnabled"], true);
    assert_eq!(clinic.body["ssoLabel"], "Sign in with Test ID");
    let settings = owner.get("/api/v1/sso").await;
    assert_eq!(settings.body["hasClientSecret"], true);
    assert!(!settings.text.contains("client_secret") && settings.body.get("clientSecret").is_none());

    let (reply, browser) = sign_in(&app, &c, &sso, &format!("subject-1/{email}"), Meddle::default()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.headers["location"], "/calendar");
    let me = browser.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["id"], user_id.to_string());
    let log = owner.get("/api/v1/audit?action=auth.login_succeeded&limit=1").await;
    assert_eq!(log.body["entries"][0]["details"]["method"], "sso");

    // Linked now: the same subject signs in whatever email the provider later reports...
    let (again, _) = sign_in(&app, &c, &sso, "subject-1/renamed@elsewhere.example", Meddle::default()).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text);
    // ...and another subject claiming the same email does not get in.
    let (other, _) = sign_in(&app, &c, &sso, &format!("subject-2/{email}"), Meddle::default()).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(other.text.contains("not a member of this clinic"));
    assert_eq!(last_failure(&owner).await["reason"], "sso_unknown_identity");
}

#[tokio::test]
async fn an_unknown_or_unverified_identity_is_told_it_is_not_a_member() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (reply, browser) = sign_in(&app, &c, &sso, "stranger/stranger@elsewhere.example", Meddle::default()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text.contains("not a member of this clinic"), "{}", reply.text);
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let (email, _) = c.add_staff(&app, Role::FrontDesk).await;
    let (unverified, _) = sign_in(&app, &c, &sso, &format!("sub-x/!{email}"), Meddle::default()).await;
    assert_eq!(unverified.status, StatusCode::FORBIDDEN, "an unverified email never links");
    let staff_count: i64 = {
        let mut tx = app.tenant_write(&c.clinic).await;
        tx.fetch_scalar("select count(*) from staff_users", args![]).await.unwrap()
    };
    assert_eq!(staff_count, 2, "no account is created silently");
}

#[tokio::test]
async fn a_deactivated_user_cannot_sign_in_with_sso() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (email, id) = c.add_staff(&app, Role::Billing).await;
    let (first, _) = sign_in(&app, &c, &sso, &format!("sub-b/{email}"), Meddle::default()).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    owner.post(&format!("/api/v1/staff/{id}/deactivate"), &json!({})).await;
    let (reply, _) = sign_in(&app, &c, &sso, &format!("sub-b/{email}"), Meddle::default()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text.contains("deactivated"));
    assert_eq!(last_failure(&owner).await["reason"], "sso_deactivated");
}

#[tokio::test]
async fn a_wrong_state_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let (reply, browser) =
        sign_in(&app, &c, &sso, &format!("s/{email}"), Meddle { state: Some("forged-state"), ..Meddle::default() })
            .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(last_failure(&owner).await["reason"], "sso_state_mismatch");
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let (reply, _) = sign_in(&app, &c, &sso, &format!("s/{email}"), Meddle { nonce: true, ..Meddle::default() }).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(last_failure(&owner).await["reason"], "sso_invalid_nonce");
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "wrong-audience").await;
    assert!(sso.client_id.starts_with("wrong-audience"));
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let (reply, _) = sign_in(&app, &c, &sso, &format!("s/{email}"), Meddle::default()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(last_failure(&owner).await["reason"], "sso_invalid_audience");
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "short-lived").await;
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let (reply, _) = sign_in(
        &app,
        &c,
        &sso,
        &format!("s/{email}"),
        Meddle { clock: Some(Duration::minutes(3)), ..Meddle::default() },
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(last_failure(&owner).await["reason"], "sso_token_expired");
}

#[tokio::test]
async fn a_callback_works_once() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let sso = set_up(&app, &c, &owner, "contour").await;
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let (reply, _) = sign_in(&app, &c, &sso, &format!("s/{email}"), Meddle { replay: true, ..Meddle::default() }).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("expired"));
}

#[tokio::test]
async fn sso_settings_are_for_owners_and_keep_the_secret() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let no_secret = owner
        .put("/api/v1/sso", &json!({ "issuerUrl": "https://id.example", "clientId": "abc", "enabled": true }))
        .await;
    assert_eq!(no_secret.code(), "validation_failed");
    assert_eq!(no_secret.body["fields"][0]["field"], "clientSecret");
    let bad = owner
        .put("/api/v1/sso", &json!({ "issuerUrl": "not a url", "clientId": "", "clientSecret": "s", "enabled": true }))
        .await;
    assert_eq!(bad.body["fields"].as_array().unwrap().len(), 2);
    let first = owner.put("/api/v1/sso", &json!({ "issuerUrl": "https://id.example/", "clientId": "abc", "clientSecret": "s3cret", "enabled": false })).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["issuerUrl"], "https://id.example/", "issuers are kept exactly as given");
    let kept = owner
        .put("/api/v1/sso", &json!({ "issuerUrl": "https://id.example", "clientId": "abc2", "enabled": true }))
        .await;
    assert_eq!(kept.body["hasClientSecret"], true);
    let mut tx = app.tenant_write(&c.clinic).await;
    let sealed: String = tx.fetch_scalar("select client_secret_sealed from oidc_settings", args![]).await.unwrap();
    assert_eq!(contour::sealed::unseal(&sealed).unwrap().expose(), "s3cret");
    drop(tx);
    let desk = c.as_role(&app, Role::FrontDesk).await;
    assert_eq!(desk.get("/api/v1/sso").await.status, StatusCode::FORBIDDEN);
    assert_eq!(owner.delete("/api/v1/sso").await.status, StatusCode::NO_CONTENT);
    assert_eq!(owner.get("/api/v1/sso").await.body["configured"], false);
    let start = c.anonymous(&app).get("/auth/oidc/start").await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    assert!(start.text.contains("isn’t set up"));
}
