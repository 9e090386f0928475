//! Consents, server time per request, on Postgres and SQLite, against the demo clinic (six
//! consent forms, most services requiring two, some 300 signed copies). Timed by the server
//! itself (`server-timing`): where a visit's consents stand (template versions, the patient's
//! signed copies, renewal), target under 2 ms at the median; a signed copy as a PDF, target
//! under 50 ms; and the patient's phone page for the same visit, for information. Run through
//! `scripts/bench`.

mod support;

use std::time::Duration;

use anyhow::Context;
use chrono::{TimeZone, Utc};
use contour::app;
use contour::clock::Clock;
use contour::state::AppState;
use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};

const RUNS: usize = 200;
const WARMUP: usize = 20;

struct Desk {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Desk {
    async fn get(&self, path: &str) -> anyhow::Result<(reqwest::Response, Duration)> {
        let resp = self.http.get(format!("{}{path}", self.base)).send().await?;
        anyhow::ensure!(resp.status().is_success(), "{path}: {}", resp.status());
        let took = support::server_time(&resp)?;
        Ok((resp, took))
    }

    async fn json(&self, path: &str) -> anyhow::Result<Value> {
        Ok(self.get(path).await?.0.json().await?)
    }

    async fn post(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        let resp =
            self.http.post(format!("{}{path}", self.base)).header("x-csrf-token", &self.csrf).json(body).send().await?;
        anyhow::ensure!(resp.status().is_success(), "{path}: {}", resp.status());
        Ok(resp.json().await?)
    }
}

fn report(label: &str, mut times: Vec<Duration>, target: Option<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let verdict = match target {
        Some(t) if median < t => format!("target < {}: met", ms(t)),
        Some(t) => format!("target < {}: MISSED", ms(t)),
        None => "for information".to_owned(),
    };
    println!(
        "  {label:<26} median {:>9}  p95 {:>9}  ({} runs)   {verdict}",
        ms(median),
        ms(times[times.len() * 95 / 100]),
        times.len()
    );
}

async fn timed(desk: &Desk, label: &str, path: &str, target: Option<Duration>) -> anyhow::Result<()> {
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..WARMUP + RUNS {
        let (resp, took) = desk.get(path).await?;
        resp.bytes().await?;
        if i >= WARMUP {
            times.push(took);
        }
    }
    report(label, times, target);
    Ok(())
}

async fn run(backend: &str, server: Option<&str>) -> anyhow::Result<()> {
    let scratch = support::Scratch::new(server).await?;
    let mut config = scratch.config.clone();
    config.booking_pages_per_minute = 1_000_000;
    let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
    let addr = *acceptor.local_addr()[0].as_socket_addr().context("an address")?;
    config.port = addr.port();
    let now = Utc.with_ymd_and_hms(2026, 5, 5, 16, 0, 0).single().context("a time")?;
    let state = AppState::start(config, Clock::manual(now)).await?;
    contour::demo::run_as(&state, "bench").await?;
    let host = format!("bench.{}", state.config.base_domain);
    tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));

    let http = reqwest::Client::builder().resolve(&host, addr).cookie_store(true).build()?;
    let base = format!("http://{host}:{}", addr.port());
    let login = json!({ "email": "frontdesk@glow.example", "password": "glow-frontdesk-demo" });
    let me: Value = http.post(format!("{base}/api/v1/auth/login")).json(&login).send().await?.json().await?;
    let csrf = me["csrfToken"].as_str().context("a CSRF token")?.to_owned();
    let desk = Desk { http, base, csrf };

    // A visit today whose service requires consents and that has some signed.
    let day = format!("from={}&to={}", (now - chrono::Duration::days(3)).to_rfc3339(), now.to_rfc3339());
    let calendar = desk.json(&format!("/api/v1/calendar?{}", day.replace('+', "%2B"))).await?;
    let mut visit = None;
    for a in calendar["appointments"].as_array().context("appointments")? {
        let id = a["id"].as_str().context("an id")?;
        let consents = desk.json(&format!("/api/v1/appointments/{id}/consents")).await?;
        if consents["required"].as_array().is_some_and(|r| r.len() >= 2)
            && consents["signedHere"].as_array().is_some_and(|s| !s.is_empty())
        {
            visit = Some((id.to_owned(), consents));
            break;
        }
    }
    let (visit, consents) = visit.context("a visit with signed consents")?;
    let copy = consents["signedHere"][0]["id"].as_str().context("a signed copy")?.to_owned();
    let link = desk.post(&format!("/api/v1/appointments/{visit}/consent-link"), &json!({})).await?;
    let url = link["url"].as_str().context("a link")?;
    let phone_path = &url[url.find("/consent/").context("a consent path")?..];

    println!("consents on {backend} (the demo clinic), server time:");
    timed(&desk, "visit's consent status", &format!("/api/v1/appointments/{visit}/consents"), Some(ms(2))).await?;
    timed(&desk, "signed copy as PDF", &format!("/api/v1/consents/{copy}/pdf"), Some(ms(50))).await?;
    timed(&desk, "patient's phone page", phone_path, None).await?;
    scratch.finish(&state).await
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    for (backend, server) in support::backends() {
        run(backend, server.as_deref()).await?;
    }
    Ok(())
}
