//! Memberships, server time per request, on Postgres and SQLite, against the demo clinic with
//! 2,000 members added (50 when run as a test), each with a year of monthly credits granted,
//! mostly used and now and then expired, and one member of five years. Timed by the server
//! itself (`server-timing`): that member's memberships with balances and ledger, target under
//! 3 ms at the median; the clinic's credit liability today, target under 50 ms. Run through
//! `scripts/bench`.

mod support;

use std::time::Duration;

use anyhow::Context;
use chrono::{Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use contour::app;
use contour::clock::Clock;
use contour::db::{Arg, ClinicTx};
use contour::state::AppState;
use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};

fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Members, timed runs, warm-up runs.
fn scale() -> (usize, usize, usize) {
    if measuring() { (2_000, 200, 20) } else { (50, 5, 1) }
}

fn uuid() -> Arg {
    Arg::Uuid(Some(uuid::Uuid::now_v7()))
}

/// One member's monthly history from `start` for `months`: a grant each month (its credit
/// lasting the month), used in most months, written off in the others once past.
async fn member(
    tx: &mut ClinicTx,
    plan: uuid::Uuid,
    service: uuid::Uuid,
    patient: uuid::Uuid,
    start: NaiveDate,
    months: u32,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let membership = uuid::Uuid::now_v7();
    let next = start.checked_add_months(Months::new(months)).context("a date")?;
    let created = Utc.from_utc_datetime(&start.and_hms_opt(17, 0, 0).context("a time")?);
    tx.execute(
        "insert into patient_memberships (id, patient_id, plan_id, status, started_on, next_renewal_on, created_at, \
         updated_at) values ($1, $2, $3, 'active', $4, $5, $6, $6)",
        vec![
            Arg::Uuid(Some(membership)),
            Arg::Uuid(Some(patient)),
            Arg::Uuid(Some(plan)),
            Arg::Date(Some(start)),
            Arg::Date(Some(next)),
            Arg::Instant(Some(created)),
        ],
    )
    .await?;
    for m in 0..months {
        let period = start.checked_add_months(Months::new(m)).context("a date")?;
        let last = start.checked_add_months(Months::new(m + 1)).and_then(|d| d.pred_opt()).context("a date")?;
        let at = Utc.from_utc_datetime(&period.and_hms_opt(17, 0, 0).context("a time")?);
        let grant = uuid::Uuid::now_v7();
        tx.execute(
            "insert into credit_ledger (id, membership_id, patient_id, entry_kind, credit_kind, service_id, \
             quantity_milli, period_starts_on, value_cents, expires_on, created_at) \
             values ($1, $2, $3, 'grant', 'service', $4, 1000, $5, 9900, $6, $7)",
            vec![
                Arg::Uuid(Some(grant)),
                Arg::Uuid(Some(membership)),
                Arg::Uuid(Some(patient)),
                Arg::Uuid(Some(service)),
                Arg::Date(Some(period)),
                Arg::Date(Some(last)),
                Arg::Instant(Some(at)),
            ],
        )
        .await?;
        let (kind, when) = if period.month() % 4 != 0 {
            ("use", at + chrono::Duration::days(9))
        } else if last < today {
            ("expire", Utc.from_utc_datetime(&(last + Days::new(1)).and_hms_opt(9, 0, 0).context("a time")?))
        } else {
            continue;
        };
        if when.date_naive() > today {
            continue;
        }
        tx.execute(
            "insert into credit_ledger (id, membership_id, patient_id, entry_kind, credit_kind, service_id, \
             quantity_milli, pot_id, created_at) values ($1, $2, $3, $4, 'service', $5, -1000, $6, $7)",
            vec![
                uuid(),
                Arg::Uuid(Some(membership)),
                Arg::Uuid(Some(patient)),
                Arg::Text(Some(kind.to_owned())),
                Arg::Uuid(Some(service)),
                Arg::Uuid(Some(grant)),
                Arg::Instant(Some(when)),
            ],
        )
        .await?;
    }
    Ok(())
}

/// The members, written straight into the clinic's database; answers the five-year member.
async fn seed(state: &AppState, now: chrono::DateTime<Utc>) -> anyhow::Result<uuid::Uuid> {
    let today = now.date_naive();
    let clinic = state.tenants().active("bench").await?.context("the bench clinic")?;
    let mut tx = state.dbs().tenant(clinic.id.0).write().await?;
    let patients: Vec<uuid::Uuid> = tx.fetch_scalars("select id from patients order by id", vec![]).await?;
    let service: uuid::Uuid = tx.fetch_scalar("select id from services order by name limit 1", vec![]).await?;
    let plan = uuid::Uuid::now_v7();
    let at = now;
    tx.execute(
        "insert into membership_plans (id, kind, name, name_key, price_cents, billing_interval, created_at, updated_at) \
         values ($1, 'membership', 'Bench club', 'bench club', 9900, 'month', $2, $2)",
        vec![Arg::Uuid(Some(plan)), Arg::Instant(Some(at))],
    )
    .await?;
    let (members, _, _) = scale();
    for n in 0..members {
        let start = today.checked_sub_months(Months::new(12)).context("a date")? + Days::new((n % 28) as u64);
        // Everyone but the five-year member, who has only their own membership.
        let patient = patients[1 + n % (patients.len() - 1)];
        member(&mut tx, plan, service, patient, start, 12, today).await?;
    }
    let veteran = patients[0];
    let start = today.checked_sub_months(Months::new(60)).context("a date")?;
    member(&mut tx, plan, service, veteran, start, 60, today).await?;
    tx.execute_script(contour::db::Sql::from("analyze")).await?;
    tx.commit().await?;
    Ok(veteran)
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
    let veteran = seed(&state, now).await?;
    let host = format!("bench.{}", state.config.base_domain);
    tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));

    let http = reqwest::Client::builder().resolve(&host, addr).cookie_store(true).build()?;
    let base = format!("http://{host}:{}", addr.port());
    let login = json!({ "email": "owner@glow.example", "password": "glow-owner-demo" });
    http.post(format!("{base}/api/v1/auth/login")).json(&login).send().await?.error_for_status()?;

    let (members, runs, warmup) = scale();
    println!("memberships on {backend} (the demo clinic + {members} members, one of five years), server time:");
    for (label, path, target, check) in [
        (
            "five years of one member",
            format!("/api/v1/patients/{veteran}/memberships"),
            Duration::from_millis(3),
            "entries",
        ),
        ("the credit liability today", "/api/v1/memberships/liability".to_owned(), Duration::from_millis(50), "plans"),
    ] {
        let mut times = Vec::with_capacity(runs);
        for i in 0..warmup + runs {
            let resp = http.get(format!("{base}{path}")).send().await?;
            let took = support::server_time(&resp)?;
            let status = resp.status();
            let body: Value = resp.json().await?;
            anyhow::ensure!(status.is_success(), "{label}: {status} {body}");
            anyhow::ensure!(body.to_string().contains(check), "{label}: {body}");
            if i >= warmup {
                times.push(took);
            }
        }
        support::report(label, times, target);
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
