//! Billing, server time per request, on Postgres and SQLite, against the demo clinic (its
//! injectables billed per unit from their charts) with a year of a busy clinic's invoices added
//! (20,000, two lines each; 500 when run as a test). Timed by the server itself (`server-timing`): checking out a
//! charted visit (the invoice made from the chart), target under 5 ms at the median; a page of
//! the invoices list with the totals of everything it matches, target under 10 ms, unfiltered
//! and filtered (outstanding this quarter; one patient). Run through `scripts/bench`.

mod support;

use std::time::Duration;

use anyhow::Context;
use chrono::{TimeZone, Utc};
use contour::app;
use contour::clock::Clock;
use contour::db::{Arg, Sql};
use contour::state::AppState;
use poem::listener::{Acceptor, Listener, TcpListener};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

/// `cargo bench` measures; `cargo test --all-targets` only checks that the benchmark still
/// runs, on a smaller clinic with fewer rounds.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn scale() -> (usize, usize, usize) {
    if measuring() { (20_000, 200, 20) } else { (500, 5, 1) }
}

struct Owner {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Owner {
    async fn send(&self, req: reqwest::RequestBuilder) -> anyhow::Result<(Value, Duration)> {
        let resp = req.header("x-csrf-token", &self.csrf).send().await?;
        let status = resp.status();
        let took = support::server_time(&resp)?;
        let body: Value = resp.json().await?;
        anyhow::ensure!(status.is_success(), "{status}: {body}");
        Ok((body, took))
    }

    async fn get(&self, path: &str) -> anyhow::Result<(Value, Duration)> {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    async fn post(&self, path: &str, body: &Value) -> anyhow::Result<(Value, Duration)> {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body)).await
    }
}

/// A year of invoices for the clinic's patients: most paid, some outstanding, a few void or
/// still drafts, written straight into the clinic's database.
async fn seed_invoices(state: &AppState, now: chrono::DateTime<Utc>) -> anyhow::Result<()> {
    let clinic = state.tenants().active("bench").await?.context("the bench clinic")?;
    let db = state.dbs().tenant(clinic.id.0);
    let mut tx = db.write().await?;
    let patients: Vec<uuid::Uuid> = tx.fetch_scalars("select id from patients", vec![]).await?;
    let staff: uuid::Uuid = tx.fetch_scalar("select id from staff_users where role = 'owner'", vec![]).await?;
    let mut rng = StdRng::seed_from_u64(14);
    for n in 0..scale().0 {
        let id = uuid::Uuid::now_v7();
        let at = now - chrono::Duration::minutes(rng.gen_range(0..525_600));
        let roll = rng.gen_range(0..100);
        let status = match roll {
            0..70 => "paid",
            70..80 => "unpaid",
            80..85 => "partially_paid",
            85..90 => "void",
            _ => "draft",
        };
        let (first, second) = (rng.gen_range(5_000..60_000i64), rng.gen_range(0..10_000i64));
        let total = first + second;
        let paid = match status {
            "paid" => total,
            "partially_paid" => total / 2,
            _ => 0,
        };
        let number = (status != "draft").then(|| format!("BENCH-{:06}", n + 1));
        // Made as a draft with its lines, then issued (and paid or voided): the order the
        // database insists on.
        tx.execute(
            "insert into invoices (id, patient_id, provider_id, status, subtotal_cents, total_cents, created_by, \
             dated_at, created_at, updated_at) values ($1, $2, $3, 'draft', $4, $4, $3, $5, $5, $5)",
            vec![
                Arg::Uuid(Some(id)),
                Arg::Uuid(Some(patients[n % patients.len()])),
                Arg::Uuid(Some(staff)),
                Arg::Int(Some(total)),
                Arg::Instant(Some(at)),
            ],
        )
        .await?;
        for (position, cents) in [first, second].into_iter().enumerate() {
            tx.execute(
                "insert into invoice_lines (id, invoice_id, position, kind, description, quantity_milli, \
                 unit_price_cents, total_cents, created_at, updated_at) \
                 values ($1, $2, $3, 'other', 'Treatment', 1000, $4, $4, $5, $5)",
                vec![
                    Arg::Uuid(Some(uuid::Uuid::now_v7())),
                    Arg::Uuid(Some(id)),
                    Arg::Int32(Some(position as i32)),
                    Arg::Int(Some(cents)),
                    Arg::Instant(Some(at)),
                ],
            )
            .await?;
        }
        if status != "draft" {
            tx.execute(
                "update invoices set number = $2, status = $3, paid_cents = $4, issued_at = $5, issued_by = $6, \
                 voided_at = $7, void_reason = $8 where id = $1",
                vec![
                    Arg::Uuid(Some(id)),
                    Arg::Text(number),
                    Arg::Text(Some(status.to_owned())),
                    Arg::Int(Some(paid)),
                    Arg::Instant(Some(at)),
                    Arg::Uuid(Some(staff)),
                    Arg::Instant((status == "void").then_some(at)),
                    Arg::Text((status == "void").then(|| "Booked in error".to_owned())),
                ],
            )
            .await?;
        }
    }
    tx.execute_script(Sql::from("analyze")).await?;
    tx.commit().await?;
    Ok(())
}

async fn run(backend: &str, server: Option<&str>) -> anyhow::Result<()> {
    let scratch = support::Scratch::new(server).await?;
    let mut config = scratch.config.clone();
    let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
    let addr = *acceptor.local_addr()[0].as_socket_addr().context("an address")?;
    config.port = addr.port();
    let now = Utc.with_ymd_and_hms(2026, 5, 5, 16, 0, 0).single().context("a time")?;
    let state = AppState::start(config, Clock::manual(now)).await?;
    contour::demo::run_as(&state, "bench").await?;
    seed_invoices(&state, now).await?;
    let host = format!("bench.{}", state.config.base_domain);
    tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));

    let http = reqwest::Client::builder().resolve(&host, addr).cookie_store(true).build()?;
    let base = format!("http://{host}:{}", addr.port());
    let login = json!({ "email": "owner@glow.example", "password": "glow-owner-demo" });
    let me: Value = http.post(format!("{base}/api/v1/auth/login")).json(&login).send().await?.json().await?;
    let csrf = me["csrfToken"].as_str().context("a CSRF token")?.to_owned();
    let owner = Owner { http, base, csrf };

    // Charted injectables visits of the past weeks: each is checked out, then its invoice is
    // voided, so the next checkout of it makes a new one from the chart again.
    let range = format!("from={}&to={}", (now - chrono::Duration::days(28)).to_rfc3339(), now.to_rfc3339());
    let (calendar, _) = owner.get(&format!("/api/v1/calendar?{}", range.replace('+', "%2B"))).await?;
    let mut visits = Vec::new();
    for a in calendar["appointments"].as_array().context("appointments")? {
        if a["chartId"].is_string() && a["serviceName"].as_str().is_some_and(|s| s.contains("Neurotoxin")) {
            visits.push(a["id"].as_str().context("an id")?.to_owned());
        }
    }
    anyhow::ensure!(!visits.is_empty(), "no charted neurotoxin visits in the demo");

    let (invoices, runs, warmup) = scale();
    println!("billing on {backend} (the demo clinic + {invoices} invoices), server time:");
    let mut times = Vec::with_capacity(runs);
    for i in 0..warmup + runs {
        let visit = &visits[i % visits.len()];
        let (invoice, took) = owner.post(&format!("/api/v1/appointments/{visit}/checkout"), &json!({})).await?;
        anyhow::ensure!(invoice["lines"][0]["fromChart"] == true, "billed from the chart: {invoice}");
        let id = invoice["id"].as_str().context("an invoice id")?;
        owner.post(&format!("/api/v1/invoices/{id}/void"), &json!({ "reason": "Benchmark" })).await?;
        if i >= warmup {
            times.push(took);
        }
    }
    support::report("checkout from the chart", times, Duration::from_millis(5));

    let quarter = (now - chrono::Duration::days(90)).to_rfc3339().replace('+', "%2B");
    let (patient_page, _) = owner.get("/api/v1/invoices?limit=1").await?;
    let patient = patient_page["items"][0]["patientId"].as_str().context("a patient")?.to_owned();
    for (label, path) in [
        ("invoices, newest page + totals", "/api/v1/invoices?limit=50".to_owned()),
        ("outstanding this quarter", format!("/api/v1/invoices?status=unpaid&status=partially_paid&from={quarter}")),
        ("one patient's invoices", format!("/api/v1/invoices?patientId={patient}")),
    ] {
        let mut times = Vec::with_capacity(runs);
        for i in 0..warmup + runs {
            let (page, took) = owner.get(&path).await?;
            anyhow::ensure!(page["totals"]["count"].as_i64().is_some_and(|n| n > 0), "{label}: nothing matched");
            if i >= warmup {
                times.push(took);
            }
        }
        support::report(label, times, Duration::from_millis(10));
    }
    scratch.finish(&state).await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    for (backend, server) in support::backends() {
        run(backend, server.as_deref()).await?;
    }
    Ok(())
}
