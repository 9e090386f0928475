use contour::args;
use contour::db::Backend;
use contour::platform::{ClinicStatus, provisioning};
use reqwest::StatusCode;

use crate::helpers::{TestApp, backend};

#[tokio::test]
async fn each_host_sees_only_its_own_clinic() {
    let app = TestApp::spawn().await;
    let a = app.create_clinic().await;
    let b = app.create_clinic().await;
    let from_a = a.client.get("/api/v1/clinic").await;
    let from_b = b.client.get("/api/v1/clinic").await;
    assert_eq!(from_a.status, StatusCode::OK);
    assert_eq!(from_a.body["slug"], a.clinic.slug.as_str());
    assert_eq!(from_b.body["slug"], b.clinic.slug.as_str());
}

#[tokio::test]
async fn unknown_malformed_and_suspended_hosts_get_the_same_404() {
    let app = TestApp::spawn().await;
    let live = app.create_clinic().await;
    let suspended = app.create_clinic().await;
    provisioning::set_status(
        app.state.dbs(),
        app.state.tenants(),
        &suspended.clinic.slug,
        ClinicStatus::Suspended,
        "tests",
        app.now(),
    )
    .await
    .unwrap();

    let mut bodies = Vec::new();
    for host in ["nosuchclinic.localhost", "bad_host.localhost", "a.b.localhost", "localhost", "glow.elsewhere.example"]
    {
        let reply = app.client_for(host).get("/api/v1/clinic").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{host}");
        bodies.push(reply.text);
    }
    let reply = suspended.client.get("/api/v1/clinic").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    bodies.push(reply.text);
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every 404 must read the same: {bodies:?}");
    assert_eq!(live.client.get("/api/v1/clinic").await.status, StatusCode::OK);

    // The platform host is not a clinic either.
    let platform = app.client_for("admin.localhost").get("/api/v1/clinic").await;
    assert_eq!(platform.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_resumed_clinic_answers_again() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    for status in [ClinicStatus::Suspended, ClinicStatus::Active] {
        provisioning::set_status(app.state.dbs(), app.state.tenants(), &c.clinic.slug, status, "tests", app.now())
            .await
            .unwrap();
    }
    assert_eq!(c.client.get("/api/v1/clinic").await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_clinic_lives_in_its_own_schema_or_file() {
    let app = TestApp::spawn().await;
    let a = app.create_clinic().await;
    let b = app.create_clinic().await;
    match backend() {
        Backend::Postgres => {
            let mut tx = app.state.dbs().platform_read().await.unwrap();
            let schemas: Vec<String> = tx
                .fetch_scalars(
                    "select nspname::text from pg_namespace where nspname like 'clinic\\_%' order by 1",
                    args![],
                )
                .await
                .unwrap();
            for c in [&a, &b] {
                let schema = contour::db::schema_name(c.clinic.id.0);
                assert!(schemas.contains(&schema), "{schema} missing from {schemas:?}");
            }
            // Inside a clinic transaction only that clinic's schema is on the path, not public.
            let mut tx = app.tenant_write(&a.clinic).await;
            let path: String = tx.fetch_scalar("select current_setting('search_path')", args![]).await.unwrap();
            assert_eq!(path, contour::db::schema_name(a.clinic.id.0));
        }
        Backend::Sqlite => {
            for c in [&a, &b] {
                let file = app.dir.path().join("clinics").join(format!("{}.sqlite", c.clinic.id));
                assert!(file.exists(), "{} missing", file.display());
            }
        }
    }
}

/// With a single pooled connection, a request for clinic B right after one for clinic A must
/// see B's data only: nothing of A's search_path (or file) survives into B's transaction.
#[tokio::test]
async fn one_connection_serves_two_clinics_without_leaking() {
    let app = TestApp::spawn_with(|c| c.db_max_connections = 1).await;
    let a = app.create_clinic().await;
    let b = app.create_clinic().await;
    for (c, color) in [(&a, "#aa0000"), (&b, "#00bb00")] {
        let mut tx = app.tenant_write(&c.clinic).await;
        tx.execute("update clinic_settings set brand_color = $1", args![color]).await.unwrap();
        tx.commit().await.unwrap();
    }
    for _ in 0..5 {
        assert_eq!(a.client.get("/api/v1/clinic").await.body["brandColor"], "#aa0000");
        assert_eq!(b.client.get("/api/v1/clinic").await.body["brandColor"], "#00bb00");
    }
    if backend() == Backend::Postgres {
        // A dropped (rolled back) transaction leaves nothing behind either.
        {
            let mut tx = app.state.dbs().tenant(a.clinic.id.0).read().await.unwrap();
            let _: String = tx.fetch_scalar("select brand_color from clinic_settings", args![]).await.unwrap();
        }
        let mut tx = app.state.dbs().platform_read().await.unwrap();
        let missing = tx.fetch_scalar::<String>("select brand_color from clinic_settings", args![]).await;
        assert!(missing.is_err(), "the platform transaction must not see clinic tables");
    }
}

#[tokio::test]
async fn slugs_are_unique() {
    let app = TestApp::spawn().await;
    let a = app.create_clinic().await;
    let again = contour::platform::NewClinic::parse(
        &a.clinic.slug,
        "Another",
        "UTC",
        "someone@example.com",
        "Someone",
        crate::helpers::OWNER_PASSWORD,
    )
    .unwrap();
    let err = provisioning::create(app.state.dbs(), again, "tests", app.now()).await.unwrap_err();
    assert!(matches!(err, contour::platform::ProvisionError::SlugTaken), "{err}");
}

/// Sends raw HTTP/1.x bytes and returns the status code and the body.
async fn raw(app: &TestApp, request: String) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn the_host_header_is_one_well_formed_name_or_the_request_is_refused() {
    let app = TestApp::spawn().await;
    let alpha = app.create_clinic().await;
    let beta = app.create_clinic().await;
    let port = app.addr.port();
    let (a, b) = (app.clinic_host(&alpha.clinic.slug), app.clinic_host(&beta.clinic.slug));
    let get = |target: &str, headers: &str| format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n");

    let (status, body) = raw(&app, get("/api/v1/clinic", &format!("Host: {a}:{port}\r\n"))).await;
    assert_eq!(status, 200);
    assert!(body.contains(alpha.clinic.slug.as_str()), "{body}");

    for (what, headers) in [
        ("two Host headers", format!("Host: {b}:{port}\r\nHost: {a}:{port}\r\n")),
        ("userinfo", format!("Host: {b}:{port}@{a}\r\n")),
        ("a bad port", format!("Host: {a}:80x\r\n")),
        ("a port too large", format!("Host: {a}:123456\r\n")),
        ("illegal characters", format!("Host: {a}/x\r\n")),
        ("no Host at all", String::new()),
    ] {
        let (status, body) = raw(&app, get("/api/v1/clinic", &headers)).await;
        assert_eq!(status, 400, "{what}: {body}");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["code"], "bad_request", "{what}");
    }

    // An absolute-form target names the clinic itself; the Host header doesn't override it.
    let (status, body) =
        raw(&app, get(&format!("http://{a}:{port}/api/v1/clinic"), &format!("Host: {b}:{port}\r\n"))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(alpha.clinic.slug.as_str()) && !body.contains(beta.clinic.slug.as_str()), "{body}");
    let (status, _) =
        raw(&app, get(&format!("http://user@{a}:{port}/api/v1/clinic"), &format!("Host: {a}:{port}\r\n"))).await;
    assert_eq!(status, 400, "userinfo in the target");

    // HTTP/1.0 had no Host: such a request reaches no clinic.
    let (status, _) = raw(&app, "GET /api/v1/clinic HTTP/1.0\r\n\r\n".to_owned()).await;
    assert_eq!(status, 404);
}
