use chrono::Duration;
use contour::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{OWNER_PASSWORD, STAFF_PASSWORD, Session, TestApp};

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_me_describes_the_user() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let client = c.anonymous(&app).client;
    let reply = client
        .post("/api/v1/auth/login", &json!({ "email": c.owner_email().to_uppercase(), "password": OWNER_PASSWORD }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("contour_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("Domain"), "the cookie must be host-only: {cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests");
    assert_eq!(reply.body["role"], "owner");
    assert_eq!(reply.body["clinic"]["slug"], c.clinic.slug.as_str());
    assert!(reply.body["permissions"].as_array().unwrap().iter().any(|p| p == "staff:write"));

    let me = client.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["email"], c.owner_email());
    assert_eq!(me.body["csrfToken"], reply.body["csrfToken"]);
    assert_eq!(me.body["clinic"]["timezone"], "America/Los_Angeles");
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(|c| c.public_scheme = "https".into()).await;
    let c = app.create_clinic().await;
    let reply = c
        .anonymous(&app)
        .client
        .post("/api/v1/auth/login", &json!({ "email": c.owner_email(), "password": OWNER_PASSWORD }))
        .await;
    assert!(reply.headers["set-cookie"].to_str().unwrap().contains("; Secure"));
}

#[tokio::test]
async fn every_failed_sign_in_reads_the_same() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let (deactivated, id) = c.add_staff(&app, Role::Provider).await;
    let owner = c.owner(&app).await;
    assert_eq!(owner.post(&format!("/api/v1/staff/{id}/deactivate"), &json!({})).await.status, StatusCode::OK);

    let anon = c.anonymous(&app);
    let mut bodies = Vec::new();
    for (email, password) in [
        (c.owner_email(), "wrong-password-1".to_owned()),
        ("nobody@example.com".to_owned(), OWNER_PASSWORD.to_owned()),
        (deactivated, STAFF_PASSWORD.to_owned()),
    ] {
        let reply = anon.post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.code(), "invalid_credentials");
        assert!(!reply.headers.contains_key("set-cookie"));
        bodies.push(reply.text);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");

    let audit = owner.get("/api/v1/audit?action=auth.login_failed").await;
    let reasons: Vec<&str> =
        audit.body["entries"].as_array().unwrap().iter().map(|e| e["details"]["reason"].as_str().unwrap()).collect();
    for reason in ["wrong_password", "unknown_account", "deactivated"] {
        assert!(reasons.contains(&reason), "{reason} not audited: {reasons:?}");
    }
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account_then_released() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let anon = c.anonymous(&app);
    for _ in 0..5 {
        let r =
            anon.post("/api/v1/auth/login", &json!({ "email": c.owner_email(), "password": "not-the-password" })).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while the account is throttled.
    let r = anon.post("/api/v1/auth/login", &json!({ "email": c.owner_email(), "password": OWNER_PASSWORD })).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "too_many_requests");
    let wait: i64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "{wait}");

    // Another account from elsewhere is unaffected.
    let (email, _) = c.add_staff(&app, Role::FrontDesk).await;
    c.sign_in(&app, &email, STAFF_PASSWORD).await;

    app.clock.advance(Duration::minutes(16));
    let r = anon.post("/api/v1/auth/login", &json!({ "email": c.owner_email(), "password": OWNER_PASSWORD })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn repeated_failures_from_one_address_are_throttled() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let anon = c.anonymous(&app);
    for i in 0..30 {
        let r = anon
            .post(
                "/api/v1/auth/login",
                &json!({ "email": format!("guess{i}@example.com"), "password": "whatever-123" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = anon.post("/api/v1/auth/login", &json!({ "email": c.owner_email(), "password": OWNER_PASSWORD })).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    let stolen_cookie = cookie_of(&s).await;
    let out = s.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(s.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay(&app, &c, &stolen_cookie).await, StatusCode::UNAUTHORIZED);
}

/// The session cookie a signed-in client holds, as a `Cookie` header value.
async fn cookie_of(s: &Session) -> String {
    let cookie = s.client.cookie_header().await;
    assert!(cookie.contains("contour_session="), "{cookie}");
    cookie
}

async fn replay(app: &TestApp, c: &crate::helpers::TestClinic, cookie: &str) -> StatusCode {
    let fresh = app.client_for(&app.clinic_host(&c.clinic.slug));
    fresh.send(fresh.http.get(fresh.url("/api/v1/me")).header("cookie", cookie)).await.status
}

#[tokio::test]
async fn a_password_change_ends_every_other_session() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let (email, _) = c.add_staff(&app, Role::Provider).await;
    let laptop = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    let ipad = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    let old = cookie_of(&laptop).await;

    let weak =
        laptop.post("/api/v1/me/password", &json!({ "currentPassword": STAFF_PASSWORD, "newPassword": "short" })).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.body["fields"][0]["field"], "newPassword");
    let wrong = laptop
        .post(
            "/api/v1/me/password",
            &json!({ "currentPassword": "nope-nope-nope", "newPassword": "a-much-better-one" }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["fields"][0]["field"], "currentPassword");

    let changed = laptop
        .post("/api/v1/me/password", &json!({ "currentPassword": STAFF_PASSWORD, "newPassword": "a-much-better-one" }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(ipad.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "other sessions end");
    assert_eq!(replay(&app, &c, &old).await, StatusCode::UNAUTHORIZED, "the old cookie is dead too");
    // This browser carries on with the fresh session it was handed.
    assert_eq!(laptop.get("/api/v1/me").await.status, StatusCode::OK);
    c.sign_in(&app, &email, "a-much-better-one").await;
}

#[tokio::test]
async fn deactivation_ends_sessions_at_once_and_reactivation_allows_sign_in() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let (email, id) = c.add_staff(&app, Role::FrontDesk).await;
    let desk = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    let owner = c.owner(&app).await;
    let r = owner.post(&format!("/api/v1/staff/{id}/deactivate"), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["active"], false);
    assert_eq!(desk.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(owner.post(&format!("/api/v1/staff/{id}/reactivate"), &json!({})).await.status, StatusCode::OK);
    c.sign_in(&app, &email, STAFF_PASSWORD).await;
}

#[tokio::test]
async fn sessions_end_after_the_idle_timeout() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(s.get("/api/v1/me").await.status, StatusCode::OK, "use resets the idle clock");
    app.clock.advance(Duration::minutes(29));
    assert_eq!(s.get("/api/v1/me").await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(31));
    let r = s.get("/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.code(), "unauthenticated");
}

#[tokio::test]
async fn a_screen_refreshing_itself_does_not_keep_an_idle_session_alive() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    let poll = || {
        let req = s.client.http.get(s.client.url("/api/v1/me")).header("x-contour-unattended", "1");
        s.client.send(req)
    };
    for _ in 0..5 {
        app.clock.advance(Duration::minutes(5));
        assert_eq!(poll().await.status, StatusCode::OK, "still signed in while within the timeout");
    }
    app.clock.advance(Duration::minutes(6));
    assert_eq!(poll().await.status, StatusCode::UNAUTHORIZED, "31 minutes without anyone using it");
}

#[tokio::test]
async fn sessions_end_after_the_absolute_timeout_even_when_busy() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    for _ in 0..(12 * 3 - 1) {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(s.get("/api/v1/me").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(20));
    assert_eq!(s.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn timeouts_are_configurable() {
    let app = TestApp::spawn_with(|c| c.session_idle_timeout = std::time::Duration::from_secs(5 * 60)).await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    app.clock.advance(Duration::minutes(6));
    assert_eq!(s.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    let without = Session { csrf: None, ..s.clone() };
    let r = without.post("/api/v1/api-tokens", &json!({ "name": "x", "role": "read_only" })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.code(), "csrf_failed");
    let wrong = Session { csrf: Some("not-the-token".into()), ..s.clone() };
    assert_eq!(
        wrong.post("/api/v1/api-tokens", &json!({ "name": "x", "role": "read_only" })).await.code(),
        "csrf_failed"
    );
    // Reads need none.
    assert_eq!(without.get("/api/v1/me").await.status, StatusCode::OK);
    assert_eq!(
        s.post("/api/v1/api-tokens", &json!({ "name": "x", "role": "read_only" })).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn api_tokens_work_by_role_until_revoked() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let created = owner.post("/api/v1/api-tokens", &json!({ "name": "Reporting sync", "role": "read_only" })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ctr_") && secret.len() > 40);
    let id = created.body["token"]["id"].as_str().unwrap().to_owned();

    let listed = owner.get("/api/v1/api-tokens").await;
    assert!(!listed.text.contains(&secret), "the secret is shown once only");
    assert!(listed.body[0]["lastUsedAt"].is_null());

    let bot = Session {
        client: app.client_for(&app.clinic_host(&c.clinic.slug)),
        csrf: None,
        bearer: Some(secret.clone()),
        user_id: None,
    };
    let me = bot.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["role"], "read_only");
    assert_eq!(me.body["apiToken"]["name"], "Reporting sync");
    assert!(me.body["user"].is_null());
    // Its role is enforced: read-only may not manage staff; and writes need no CSRF token.
    assert_eq!(bot.get("/api/v1/staff").await.status, StatusCode::FORBIDDEN);
    assert!(!owner.get("/api/v1/api-tokens").await.body[0]["lastUsedAt"].is_null());

    let owner_token = owner.post("/api/v1/api-tokens", &json!({ "name": "Admin bot", "role": "owner" })).await;
    let admin_bot = Session { bearer: owner_token.body["secret"].as_str().map(str::to_owned), ..bot.clone() };
    let made = admin_bot.post("/api/v1/api-tokens", &json!({ "name": "made by a bot", "role": "billing" })).await;
    assert_eq!(made.status, StatusCode::CREATED, "bearer writes need no CSRF token: {}", made.text);

    assert_eq!(owner.delete(&format!("/api/v1/api-tokens/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(bot.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let garbage = Session { bearer: Some("ctr_not-a-real-token".into()), ..bot.clone() };
    assert_eq!(garbage.get("/api/v1/me").await.code(), "unauthenticated");
}

#[tokio::test]
async fn expired_api_tokens_stop_working() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let expires = app.now() + Duration::hours(1);
    let created =
        owner.post("/api/v1/api-tokens", &json!({ "name": "Short", "role": "billing", "expiresAt": expires })).await;
    let bot = Session { csrf: None, bearer: created.body["secret"].as_str().map(str::to_owned), ..c.anonymous(&app) };
    assert_eq!(bot.get("/api/v1/me").await.status, StatusCode::OK);
    app.clock.advance(Duration::hours(2));
    assert_eq!(bot.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cookies_and_tokens_of_one_clinic_are_refused_by_another() {
    let app = TestApp::spawn().await;
    let a = app.create_clinic().await;
    let b = app.create_clinic().await;
    let owner_a = a.owner(&app).await;
    let cookie = cookie_of(&owner_a).await;
    assert_eq!(replay(&app, &b, &cookie).await, StatusCode::UNAUTHORIZED);
    let token = owner_a.post("/api/v1/api-tokens", &json!({ "name": "A's", "role": "owner" })).await.body["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let on_b = Session { bearer: Some(token), ..b.anonymous(&app) };
    assert_eq!(on_b.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(on_b.get("/api/v1/staff").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_record_of_one_clinic_is_not_found_on_another_clinics_host() {
    let app = TestApp::spawn().await;
    let a = app.create_clinic().await;
    let b = app.create_clinic().await;
    let (_, a_user) = a.add_staff(&app, Role::Provider).await;
    let owner_a = a.owner(&app).await;
    let owner_b = b.owner(&app).await;
    assert_eq!(owner_a.get(&format!("/api/v1/staff/{a_user}")).await.status, StatusCode::OK);
    let r = owner_b.get(&format!("/api/v1/staff/{a_user}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
    assert_eq!(
        owner_b.post(&format!("/api/v1/staff/{a_user}/deactivate"), &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_input_is_a_problem_not_a_crash() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let client = c.anonymous(&app).client;
    let broken = client
        .send(
            client
                .http
                .post(client.url("/api/v1/auth/login"))
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.code(), "invalid_body");
    assert!(broken.headers.contains_key("x-request-id"));
    let missing = client.post("/api/v1/auth/login", &json!({ "email": "a@b.example" })).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.code(), "invalid_body");
    assert!(missing.body["message"].as_str().unwrap().contains("LoginIn"), "{}", missing.text);
    let wrong_type = client.send(client.http.post(client.url("/api/v1/auth/login")).body("email=x")).await;
    assert_eq!(wrong_type.code(), "unsupported_media_type");
    let empty = client.post("/api/v1/auth/login", &json!({ "email": " ", "password": "" })).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.body["fields"].as_array().unwrap().len(), 2);

    let owner = c.owner(&app).await;
    let bad_id = owner.get("/api/v1/staff/not-a-uuid").await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.code(), "invalid_parameter");
    let bad_enum = owner.post("/api/v1/api-tokens", &json!({ "name": "x", "role": "emperor" })).await;
    assert_eq!(bad_enum.code(), "invalid_body");
}

#[tokio::test]
async fn parallel_guesses_count_against_the_limit() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let anon = c.anonymous(&app);
    let guesses = (0..20).map(|i| {
        let anon = anon.clone();
        let email = c.owner_email();
        async move {
            anon.post("/api/v1/auth/login", &json!({ "email": email, "password": format!("guess-number-{i}") })).await
        }
    });
    let replies = futures::future::join_all(guesses).await;
    let checked = replies.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} guesses were checked");
    assert_eq!(checked + refused, 20);
    // The block is audited once, not once per refused guess.
    let owner_tx_count = {
        let mut tx = app.tenant_write(&c.clinic).await;
        tx.fetch_scalar::<i64>(
            "select count(*) from audit_log where action = 'auth.login_failed' and outcome = 'denied'",
            contour::args![],
        )
        .await
        .unwrap()
    };
    assert_eq!(owner_tx_count, 1);
}

#[tokio::test]
async fn tokens_stop_when_their_owner_is_deactivated_or_demoted() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let (email, second_id) = c.add_staff(&app, Role::Owner).await;
    let second = c.sign_in(&app, &email, STAFF_PASSWORD).await;
    let token = second.post("/api/v1/api-tokens", &json!({ "name": "Theirs", "role": "owner" })).await.body["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let bot = Session { bearer: Some(token), ..c.anonymous(&app) };
    assert_eq!(bot.get("/api/v1/staff").await.status, StatusCode::OK);
    owner.patch(&format!("/api/v1/staff/{second_id}"), &json!({ "role": "provider" })).await;
    assert_eq!(bot.get("/api/v1/staff").await.status, StatusCode::UNAUTHORIZED, "demoted: their tokens stop");
    owner.patch(&format!("/api/v1/staff/{second_id}"), &json!({ "role": "owner" })).await;
    assert_eq!(bot.get("/api/v1/staff").await.status, StatusCode::OK);
    owner.post(&format!("/api/v1/staff/{second_id}/deactivate"), &json!({})).await;
    assert_eq!(bot.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "deactivated: their tokens stop");
}

#[tokio::test]
async fn a_temporary_password_must_be_changed_before_anything_else() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    let email = format!("temp@{}.example", c.clinic.slug);
    owner
        .post("/api/v1/staff", &json!({ "email": email, "displayName": "Tem Porary", "role": "front_desk", "temporaryPassword": "temporary-123" }))
        .await;
    let desk = c.sign_in(&app, &email, "temporary-123").await;
    let blocked = desk.get("/api/v1/patients").await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(blocked.code(), "password_change_required");
    assert_eq!(desk.get("/api/v1/me").await.status, StatusCode::OK);
    desk.post("/api/v1/me/password", &json!({ "currentPassword": "temporary-123", "newPassword": "my-own-choice-1" }))
        .await;
    assert_eq!(desk.get("/api/v1/patients").await.status, StatusCode::OK);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled_and_audited() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let s = c.owner(&app).await;
    for i in 0..5 {
        let r = s
            .post(
                "/api/v1/me/password",
                &json!({ "currentPassword": format!("guess-{i}-xxxx"), "newPassword": "new-password-123" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = s
        .post("/api/v1/me/password", &json!({ "currentPassword": OWNER_PASSWORD, "newPassword": "new-password-123" }))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let log = s.get("/api/v1/audit?action=auth.password_change_failed").await;
    assert_eq!(log.body["entries"].as_array().unwrap().len(), 5);
}
