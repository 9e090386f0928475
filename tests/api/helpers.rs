//! The test harness: the real server on port 0 over a temporary data directory (SQLite), or over
//! one fresh Postgres database per run when `CONTOUR_TEST_DATABASE_URL` is set; a fresh clinic
//! per test.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use contour::app;
use contour::clock::Clock;
use contour::config::Config;
use contour::db::{Backend, ClinicTx};
use contour::platform::{Clinic, NewClinic, provisioning};
use contour::state::AppState;
use poem::listener::{Acceptor, Listener, TcpListener};
use reqwest::StatusCode;
use serde_json::Value;

pub const OWNER_PASSWORD: &str = "owner-password-1";

/// The Postgres database for this run, created on first use.
fn postgres_url() -> Option<String> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        let server = std::env::var("CONTOUR_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let name = format!("contour_test_{}", uuid::Uuid::now_v7().simple());
        let admin = server.clone();
        let db = name.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("CONTOUR_TEST_DATABASE_URL is set but Postgres is unreachable: {e}"));
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("create database {db}"))).execute(&mut conn).await.unwrap();
            })
        })
        .join()
        .unwrap();
        let (base, _) = server.rsplit_once('/').expect("a database URL ends with /dbname");
        Some(format!("{base}/{name}"))
    })
    .clone()
}

pub fn backend() -> Backend {
    if postgres_url().is_some() { Backend::Postgres } else { Backend::Sqlite }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub clock: Clock,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        // Listen first, so the links the app makes (SSO redirect URIs) carry the real port.
        let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await.unwrap();
        let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            database_url: postgres_url(),
            db_max_connections: 8,
            port: addr.port(),
            log_filter: "warn".into(),
            ..Config::default()
        };
        adjust(&mut config);
        #[allow(clippy::disallowed_methods)]
        let clock = Clock::manual(Utc::now());
        let state = AppState::start(config, clock.clone()).await.expect("the app starts");
        tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));
        TestApp { addr, state, clock, dir }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A client that reaches `host` (e.g. `glow.localhost`) on this server.
    pub fn client_for(&self, host: &str) -> Client {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .resolve(host, self.addr)
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Client { http, base: format!("http://{host}:{}", self.addr.port()), jar }
    }

    pub fn clinic_host(&self, slug: &str) -> String {
        format!("{slug}.{}", self.state.config.base_domain)
    }

    /// A new clinic with a unique slug and an owner who can sign in with OWNER_PASSWORD.
    pub async fn create_clinic(&self) -> TestClinic {
        let slug = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let new = NewClinic::parse(
            &slug,
            "Test Clinic",
            "America/Los_Angeles",
            &format!("owner@{slug}.example"),
            "Olive Owner",
            OWNER_PASSWORD,
        )
        .unwrap();
        let clinic = provisioning::create(self.state.dbs(), new, "tests", self.now()).await.unwrap();
        let client = self.client_for(&self.clinic_host(&slug));
        TestClinic { clinic, client }
    }

    pub async fn tenant_write(&self, clinic: &Clinic) -> ClinicTx {
        self.state.dbs().tenant(clinic.id.0).write().await.unwrap()
    }
}

pub struct TestClinic {
    pub clinic: Clinic,
    pub client: Client,
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// The problem's `code` (errors) or panics.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_else(|| panic!("not a problem: {} {}", self.status, self.text))
    }
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The cookies this client would send, as a `Cookie` header value.
    pub async fn cookie_header(&self) -> String {
        self.cookie_header_for("/").await
    }

    /// The cookies this client would send to `path`.
    pub async fn cookie_header_for(&self, path: &str) -> String {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.url(path).parse().unwrap();
        self.jar.cookies(&url).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    }

    /// Sends a request; every answer from the API is checked against the committed spec.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        let req = req.build().unwrap();
        let (method, path) = (req.method().as_str().to_owned(), req.url().path().to_owned());
        let resp = self.http.execute(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let content_type = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        crate::conformance::check(&method, &path, status.as_u16(), content_type, &text);
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(self.url(path))).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.http.post(self.url(path)).json(body)).await
    }
}

/// A signed-in browser (cookie jar + CSRF token) or an API token.
#[derive(Clone)]
pub struct Session {
    pub client: Client,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    pub user_id: Option<String>,
}

impl Session {
    fn prepare(&self, mut req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if let Some(csrf) = &self.csrf {
            req = req.header("x-csrf-token", csrf);
        }
        if let Some(token) = &self.bearer {
            req = req.bearer_auth(token);
        }
        req
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.client.send(self.prepare(self.client.http.get(self.client.url(path)))).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.client.send(self.prepare(self.client.http.post(self.client.url(path)).json(body))).await
    }

    pub async fn post_with(&self, path: &str, body: &Value, header: (&str, &str)) -> Reply {
        let req = self.client.http.post(self.client.url(path)).json(body).header(header.0, header.1);
        self.client.send(self.prepare(req)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.client.send(self.prepare(self.client.http.put(self.client.url(path)).json(body))).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.client.send(self.prepare(self.client.http.patch(self.client.url(path)).json(body))).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.client.send(self.prepare(self.client.http.delete(self.client.url(path)))).await
    }

    pub async fn request(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Reply {
        let mut req = self.client.http.request(method, self.client.url(path));
        if let Some(body) = body {
            req = req.json(body);
        }
        self.client.send(self.prepare(req)).await
    }
}

pub const STAFF_PASSWORD: &str = "staff-password-1";

impl TestClinic {
    pub fn owner_email(&self) -> String {
        format!("owner@{}.example", self.clinic.slug)
    }

    /// Adds an active staff member with STAFF_PASSWORD; returns their email and id.
    pub async fn add_staff(&self, app: &TestApp, role: contour::auth::Role) -> (String, contour::staff::StaffUserId) {
        let email = format!(
            "{}-{}@{}.example",
            role.as_str(),
            &uuid::Uuid::new_v4().simple().to_string()[..6],
            self.clinic.slug
        );
        let hash = contour::auth::passwords::hash(&contour::auth::passwords::Password::parse(STAFF_PASSWORD).unwrap())
            .await
            .unwrap();
        let mut tx = app.tenant_write(&self.clinic).await;
        let user = contour::staff::insert(
            &mut tx,
            contour::staff::NewStaff {
                email: contour::types::Email::parse(&email).unwrap(),
                display_name: format!("Test {}", role.label()),
                role,
                credentials: None,
                password_hash: Some(hash),
                must_change_password: false,
            },
            app.now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (email, user.id)
    }

    /// Signs in with a fresh cookie jar.
    pub async fn sign_in(&self, app: &TestApp, email: &str, password: &str) -> Session {
        let client = app.client_for(&app.clinic_host(&self.clinic.slug));
        let reply =
            client.post("/api/v1/auth/login", &serde_json::json!({ "email": email, "password": password })).await;
        assert_eq!(reply.status, StatusCode::OK, "sign-in failed: {}", reply.text);
        Session {
            client,
            csrf: reply.body["csrfToken"].as_str().map(str::to_owned),
            bearer: None,
            user_id: reply.body["user"]["id"].as_str().map(str::to_owned),
        }
    }

    pub async fn owner(&self, app: &TestApp) -> Session {
        self.sign_in(app, &self.owner_email(), OWNER_PASSWORD).await
    }

    /// A new staff member in `role`, signed in.
    pub async fn as_role(&self, app: &TestApp, role: contour::auth::Role) -> Session {
        if role == contour::auth::Role::Owner {
            return self.owner(app).await;
        }
        let (email, _) = self.add_staff(app, role).await;
        self.sign_in(app, &email, STAFF_PASSWORD).await
    }

    /// An unauthenticated client for this clinic's host.
    pub fn anonymous(&self, app: &TestApp) -> Session {
        Session { client: app.client_for(&app.clinic_host(&self.clinic.slug)), csrf: None, bearer: None, user_id: None }
    }
}

/// The test OpenID provider (tests/oidc/provider.mjs), started once per test process. It exits
/// when this process ends and its standard input closes.
pub fn idp_issuer() -> String {
    type Running = (std::process::Child, std::io::BufReader<std::process::ChildStdout>);
    static IDP: OnceLock<(String, std::sync::Mutex<Running>)> = OnceLock::new();
    let (issuer, _) = IDP.get_or_init(|| {
        use std::io::BufRead;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").exists(),
            "the test OpenID provider is not installed: run `npm install --prefix tests/oidc` (scripts/test does)"
        );
        let mut child = std::process::Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(std::env::temp_dir().join("contour-test-oidc-provider.log")).unwrap())
            .spawn()
            .expect("node runs");
        // The reader stays open for the provider's lifetime: closing it would break its stdout.
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let issuer = line.trim().strip_prefix("listening ").expect("the provider announces its issuer").to_owned();
        (issuer, std::sync::Mutex::new((child, out)))
    });
    issuer.clone()
}
