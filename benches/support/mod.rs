//! What the benchmarks share: a scratch data directory and, on Postgres, a scratch database that
//! is dropped afterwards (kept when `CONTOUR_BENCH_KEEP` is set, to look at), and the choice of
//! backends (`CONTOUR_BENCH_POSTGRES` for Postgres, `CONTOUR_BENCH_ONLY=postgres|sqlite`), the
//! server's own timing of a request, and a line of figures against a target.
//! Each benchmark uses only part of it.

#![allow(dead_code)]

use std::time::Duration;

use anyhow::Context;
use contour::config::Config;
use contour::state::AppState;
use sqlx::Connection;

pub struct Scratch {
    /// The configuration to start the app with: the scratch directory and database.
    pub config: Config,
    _dir: tempfile::TempDir,
    postgres: Option<(sqlx::PgConnection, String)>,
}

impl Scratch {
    /// On Postgres when `server` (a URL naming any database on it) is given, else on SQLite.
    pub async fn new(server: Option<&str>) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let mut config = Config { data_dir: dir.path().to_path_buf(), log_filter: "warn".into(), ..Config::default() };
        let mut postgres = None;
        if let Some(server) = server {
            let name = format!("contour_bench_{}", uuid::Uuid::now_v7().simple());
            let mut conn = sqlx::PgConnection::connect(server).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await?;
            let (base, _) = server.rsplit_once('/').ok_or_else(|| anyhow::anyhow!("URL needs a database"))?;
            config.database_url = Some(format!("{base}/{name}"));
            postgres = Some((conn, name));
        }
        Ok(Self { config, _dir: dir, postgres })
    }

    /// Closes the app's pools and drops the scratch database.
    pub async fn finish(self, state: &AppState) -> anyhow::Result<()> {
        state.dbs().close().await;
        if std::env::var("CONTOUR_BENCH_KEEP").is_ok() {
            return Ok(());
        }
        if let Some((mut conn, name)) = self.postgres {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("drop database if exists {name} with (force)")))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
        }
        Ok(())
    }
}

/// The backends to measure, Postgres first: `(label, server URL)`.
pub fn backends() -> Vec<(&'static str, Option<String>)> {
    let only = std::env::var("CONTOUR_BENCH_ONLY").unwrap_or_default();
    let mut out = Vec::new();
    if let Some(server) = std::env::var("CONTOUR_BENCH_POSTGRES").ok().filter(|s| !s.is_empty())
        && only != "sqlite"
    {
        out.push(("Postgres", Some(server)));
    }
    if only != "postgres" {
        out.push(("SQLite", None));
    }
    out
}

/// How long the server says it took (its `server-timing` header).
pub fn server_time(resp: &reqwest::Response) -> anyhow::Result<Duration> {
    let header = resp.headers().get("server-timing").context("no server-timing")?.to_str()?;
    let ms: f64 = header.split("dur=").nth(1).context("no dur")?.parse()?;
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

/// Prints the median and 95th percentile of `times` and whether the median meets `target`.
pub fn report(label: &str, mut times: Vec<Duration>, target: Duration) {
    times.sort();
    let median = times[times.len() / 2];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let verdict = if median < target { "met" } else { "MISSED" };
    println!(
        "  {label:<34} median {:>9}  p95 {:>9}  ({} runs)   target < {}: {verdict}",
        ms(median),
        ms(times[times.len() * 95 / 100]),
        times.len(),
        ms(target)
    );
}
