//! Patient search over 10,000 patients, server time (transaction, queries, ranking, tags and
//! allergy flags), on Postgres and SQLite. Target: under 5 ms. Run through `scripts/bench`.

mod support;

use std::time::{Duration, Instant};

use contour::auth::{
    self,
    permissions::{MedicalRead, MedicalWrite, PatientsRead, PatientsWrite},
};
use contour::clinic::Audited;
use contour::clock::Clock;
use contour::patients::{self, Address, Filter, NewAllergy, NewPatient, PatientSource, Phone, Severity};
use contour::platform::{NewClinic, provisioning};
use contour::sealed::Sensitive;
use contour::state::AppState;
use contour::types::Email;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PATIENTS: usize = 10_000;
const RUNS: usize = 200;

const FIRST: &[&str] = &[
    "Ava", "Mia", "Zoe", "Lena", "Nora", "Iris", "Maya", "Ruby", "Chloe", "Elena", "Priya", "Hana", "Camila", "Sofia",
    "Grace", "Olivia", "Leah", "Tessa", "Nadia", "Jade", "Aisha", "Stella", "Vera", "Luna", "Freya", "Daphne",
    "Harper", "Quinn", "Rowan", "Sage", "Marco", "Eli", "Theo", "Jonah", "Felix", "Omar", "Kai", "Luca", "Ravi",
    "Hugo",
];
const SYLLABLES: &[&str] = &[
    "ap", "ple", "wood", "birch", "field", "cloud", "ber", "ry", "dew", "drop", "el", "der", "fern", "sby", "gin",
    "ger", "hol", "ly", "hock", "ink", "well", "jun", "ip", "ket", "tle", "lav", "en", "mari", "gold", "nut", "meg",
    "oak", "ha", "ven", "pep", "per", "quill", "rose", "hip", "saf", "fron", "this", "tle", "ton", "ridge", "stone",
];

fn last_name(rng: &mut StdRng) -> String {
    let n = rng.gen_range(2..=3);
    let mut name: String = (0..n).map(|_| SYLLABLES[rng.gen_range(0..SYLLABLES.len())]).collect();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    name
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn run(backend: &str, server: Option<&str>) -> anyhow::Result<()> {
    let scratch = support::Scratch::new(server).await?;
    let config = scratch.config.clone();
    let state = AppState::start(config, Clock::system()).await?;
    let now = state.clock.now();
    let new = NewClinic::parse(
        "bench",
        "Bench Clinic",
        "America/Los_Angeles",
        "o@bench.example",
        "Owner",
        "bench-password-1",
    )
    .map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let clinic = provisioning::create(state.dbs(), new, "bench", now).await?;
    let db = state.dbs().tenant(clinic.id.0);

    let mut rng = StdRng::seed_from_u64(7);
    let seeded = Instant::now();
    let tag = {
        let mut work = auth::system_work(&state, &clinic, "Benchmark set-up", None).await?;
        let tag =
            work.run::<PatientsWrite, _, _>(now, None, async |op| patients::create_tag(op, "VIP", "#e0a800").await);
        let tag = tag.await?;
        work.commit().await?;
        tag
    };
    for batch in 0..(PATIENTS / 500) {
        let mut work = auth::system_work(&state, &clinic, "Benchmark set-up", None).await?;
        for i in 0..500 {
            let n = batch * 500 + i;
            let first = FIRST[rng.gen_range(0..FIRST.len())];
            let last = if n == 4242 { "Applewood".to_owned() } else { last_name(&mut rng) };
            let first = if n == 4242 { "Ava" } else { first };
            let p = NewPatient {
                first_name: first.into(),
                last_name: last.clone(),
                preferred_name: None,
                date_of_birth: chrono::NaiveDate::from_ymd_opt(
                    1960 + (n % 45) as i32,
                    1 + (n % 12) as u32,
                    1 + (n % 28) as u32,
                ),
                sex: None,
                pronouns: None,
                email: Email::parse(&format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase())),
                phone: Phone::parse(&format!("(310) 55{:01}-{:04}", n / 10_000, n % 10_000)),
                address: Address::default(),
                source: PatientSource::Staff,
            };
            let id =
                work.run::<PatientsWrite, _, _>(now, None, async |op| patients::create(op, &p, true).await).await?.id;
            if n % 4 == 0 {
                let allergy =
                    NewAllergy { substance: Sensitive::new("Latex"), reaction: None, severity: Severity::Mild };
                work.run::<MedicalWrite, _, _>(now, None, async |op| patients::add_allergy(op, id, &allergy).await)
                    .await?;
            }
            if n % 7 == 0 {
                work.run::<PatientsWrite, _, _>(now, None, async |op| patients::assign_tag(op, id, tag.id).await)
                    .await?;
            }
        }
        work.commit().await?;
    }
    let seed_time = seeded.elapsed();
    // A steady-state clinic has statistics; a bulk load needs them gathered once.
    let mut tx = db.write().await?;
    tx.execute_script(contour::db::Sql::each("analyze", "analyze")).await?;
    tx.commit().await?;

    println!(
        "patient search on {backend}, {PATIENTS} patients (seeded in {:.1} s), {RUNS} runs each:",
        seed_time.as_secs_f64()
    );
    let cases: &[(&str, &str, Option<contour::patients::TagId>)] = &[
        ("browse, first page", "", None),
        ("name prefix \"ava\"", "ava", None),
        ("two words \"ava app\"", "ava app", None),
        ("full name \"applewood\"", "applewood", None),
        ("typo \"aplewood\"", "aplewood", None),
        ("phone \"(310) 550-4242\"", "(310) 550-4242", None),
        ("last four \"4242\"", "4242", None),
        ("email prefix", "ava.applewood4242@", None),
        ("date of birth", "1972-07-15", None),
        ("tag filter + \"m\"", "m", Some(tag.id)),
    ];
    for (label, q, tag) in cases {
        let mut times = Vec::with_capacity(RUNS);
        let mut found = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let mut work = auth::system_read(&state, &clinic, "Benchmark").await?;
            let page = work
                .run::<PatientsRead, _, anyhow::Error>(now, None, async |op| {
                    let page = patients::search(op, q, Filter { archived: false, tag: *tag }, None, 25)
                        .await?
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    let flags = op.may::<MedicalRead>();
                    patients::decorate(op.tx(), &page.patients, flags).await?;
                    Ok(Audited::unchanged(page))
                })
                .await?;
            drop(work);
            times.push(started.elapsed());
            found = page.patients.len();
        }
        times.sort();
        println!(
            "  {label:<28} median {:>9}  p95 {:>9}  ({found} found)   target < 5 ms",
            ms(times[RUNS / 2]),
            ms(times[RUNS * 95 / 100])
        );
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
