//! Provisioning and migration speed on Postgres (or SQLite when no Postgres is given).
//!
//! Targets: creating and migrating a clinic on Postgres under 0.3 s; `contour migrate` over 200
//! clinics under 10 ms per clinic. Run through `scripts/bench`; not a test.

use std::time::{Duration, Instant};

use contour::app::AppState;
use contour::clock::Clock;
use contour::config::Config;
use contour::platform::{NewClinic, provisioning};

const CLINICS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let server = std::env::var("CONTOUR_BENCH_POSTGRES").ok().filter(|s| !s.is_empty());
    let dir = tempfile::tempdir()?;
    let mut config = Config { data_dir: dir.path().to_path_buf(), log_filter: "warn".into(), ..Config::default() };
    let mut dropper = None;
    if let Some(server) = &server {
        use sqlx::Connection;
        let name = format!("contour_bench_{}", uuid::Uuid::now_v7().simple());
        let mut conn = sqlx::PgConnection::connect(server).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await?;
        let (base, _) = server.rsplit_once('/').ok_or_else(|| anyhow::anyhow!("URL needs a database"))?;
        config.database_url = Some(format!("{base}/{name}"));
        dropper = Some((conn, name));
    }
    let backend = if server.is_some() { "Postgres" } else { "SQLite" };
    let state = AppState::start(config, Clock::system()).await?;

    let mut creates = Vec::with_capacity(CLINICS);
    for i in 0..CLINICS {
        let new = NewClinic::parse(
            &format!("bench{i}"),
            "Bench Clinic",
            "America/New_York",
            "owner@bench.example",
            "Bench Owner",
            "bench-password-1",
        )
        .map_err(|p| anyhow::anyhow!("{p:?}"))?;
        let started = Instant::now();
        provisioning::create(&state.dbs, new, "bench", state.clock.now()).await?;
        creates.push(started.elapsed());
    }
    creates.sort();

    let mut passes = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let report = provisioning::migrate_platform(&state.dbs, state.clock.now()).await?;
        let clinics = provisioning::migrate_clinics(&state.dbs, state.clock.now()).await?;
        assert_eq!(report, 0);
        assert_eq!(clinics.clinics, CLINICS);
        passes.push(started.elapsed());
    }
    passes.sort();
    let median_pass = percentile(&passes, 0.5);
    let per_clinic = median_pass / CLINICS as u32;

    println!("provisioning on {backend} ({CLINICS} clinics)");
    println!(
        "  create + migrate a clinic: median {}, p95 {}, max {}   (target < 300 ms)",
        ms(percentile(&creates, 0.5)),
        ms(percentile(&creates, 0.95)),
        ms(*creates.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "  contour migrate over {CLINICS} clinics: median {} = {} per clinic   (target < 10 ms per clinic)",
        ms(median_pass),
        ms(per_clinic)
    );

    state.dbs.close().await;
    if let Some((mut conn, name)) = dropper {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("drop database {name} with (force)"))).execute(&mut conn).await?;
    }
    Ok(())
}
