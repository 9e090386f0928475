//! Provisioning and migration speed on Postgres (or SQLite when no Postgres is given).
//!
//! Targets: creating and migrating a clinic on Postgres under 0.3 s; `contour migrate` over 200
//! clinics under 10 ms per clinic. Run through `scripts/bench`; not a test.

mod support;

use std::time::{Duration, Instant};

use contour::clock::Clock;
use contour::platform::{NewClinic, provisioning};
use contour::state::AppState;

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
    let scratch = support::Scratch::new(server.as_deref()).await?;
    let config = scratch.config.clone();
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
        provisioning::create(state.dbs(), new, "bench", state.clock.now()).await?;
        creates.push(started.elapsed());
    }
    creates.sort();

    let mut passes = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let report = provisioning::migrate_platform(state.dbs(), state.clock.now()).await?;
        let clinics = provisioning::migrate_clinics(state.dbs(), state.clock.now()).await?;
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

    scratch.finish(&state).await
}
