//! The test harness: the real server on port 0 over a temporary data directory (SQLite), or over
//! one fresh Postgres database per run when `CONTOUR_TEST_DATABASE_URL` is set; a fresh clinic
//! per test.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use contour::app::{self, AppState};
use contour::clock::Clock;
use contour::config::Config;
use contour::db::{Backend, Tx};
use contour::platform::{Clinic, NewClinic, provisioning};
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
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            database_url: postgres_url(),
            db_max_connections: 8,
            ..Config::default()
        };
        adjust(&mut config);
        #[allow(clippy::disallowed_methods)]
        let clock = Clock::manual(Utc::now());
        let state = AppState::start(config, clock.clone()).await.expect("the app starts");
        let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await.unwrap();
        let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
        tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));
        TestApp { addr, state, clock, dir }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A client that reaches `host` (e.g. `glow.localhost`) on this server.
    pub fn client_for(&self, host: &str) -> Client {
        let http = reqwest::Client::builder()
            .resolve(host, self.addr)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Client { http, base: format!("http://{host}:{}", self.addr.port()) }
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
        let clinic = provisioning::create(&self.state.dbs, new, "tests", self.now()).await.unwrap();
        let client = self.client_for(&self.clinic_host(&slug));
        TestClinic { clinic, client }
    }

    pub async fn tenant_write(&self, clinic: &Clinic) -> Tx {
        self.state.dbs.tenant(clinic.id.0).write().await.unwrap()
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

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
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
