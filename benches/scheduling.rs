//! Scheduling reads, server time, on Postgres and SQLite. The calendar for a busy week (560
//! appointments of 8 providers and 4 rooms, every status, patients with allergies) in a book of
//! about 6,000: transaction, range query, working hours and time off, the API's shapes and their
//! JSON. Target: under 10 ms. Free start times for a room service over a week (10 providers, 500
//! appointments): the pure computation on inputs built in memory, target under 1 ms, and, for
//! information, `service::availability` with its database reads. Run through `scripts/bench`.

mod support;

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use contour::auth::permissions::{AppointmentsRead, MedicalWrite, PatientsWrite};
use contour::auth::{self, Role};
use contour::charting::TemplateKind;
use contour::clinic::Audited;
use contour::clock::Clock;
use contour::db::{Sql, TenantDb};
use contour::patients::{self, Address, NewAllergy, NewPatient, PatientSource, Phone, Severity};
use contour::platform::{Clinic, NewClinic, provisioning};
use contour::scheduling::api::{AppointmentOut, CalendarOut, Visibility, WorkingSpanOut};
use contour::scheduling::availability::{self, Busy, ProviderCalendar, RoomCalendar, ServiceNeeds};
use contour::scheduling::service::{self, AvailabilityQuery, CalendarFilter};
use contour::scheduling::{self, AppointmentSource, AppointmentStatus, NewAppointment, NewService, RoomId, ServiceId};
use contour::sealed::Sensitive;
use contour::staff::{self, NewStaff, StaffUserId};
use contour::state::AppState;
use contour::types::Email;
use poem_openapi::types::ToJSON;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const RUNS: usize = 300;
/// Untimed runs first: statements get prepared and caches warm, as on a running server.
const WARMUP: usize = 20;
const TZ: Tz = chrono_tz::America::Los_Angeles;
const PATIENTS: usize = 3_000;
/// Full weeks of history before the measured week, and how full the weeks after it are (%).
const WEEKS_BEFORE: i64 = 8;
const WEEKS_AFTER: &[usize] = &[75, 50, 25, 10];
const STEP_MINUTES: u32 = 15;

/// How a bench clinic's book looks.
struct Shape {
    providers: usize,
    /// Appointments (of any status) in the measured week.
    per_week: usize,
    /// Everyone works the first `days` of the week (Monday first), these minutes of the day.
    days: i64,
    open: i64,
    close: i64,
}

const CALENDAR: Shape = Shape { providers: 8, per_week: 560, days: 6, open: 9 * 60, close: 19 * 60 };
const AVAILABILITY: Shape = Shape { providers: 10, per_week: 500, days: 5, open: 9 * 60, close: 18 * 60 };

struct ServiceSpec {
    name: &'static str,
    category: &'static str,
    minutes: i64,
    buffer: i64,
    /// `None`: no room; `Some(&[])`: any room; otherwise these rooms (indexes into `ROOMS`).
    rooms: Option<&'static [usize]>,
    weight: u32,
    chart: TemplateKind,
}

const ROOMS: &[&str] = &["Facial Suite 1", "Facial Suite 2", "Laser Room", "Treatment Room"];
/// The shortest visit, which also fills a tight day and stands in when no room is free.
const FOLLOW_UP: usize = 0;
/// The service whose free times are measured: an hour in a facial suite, then cleaning.
const FACIAL: usize = 4;
const SERVICES: &[ServiceSpec] = &[
    ServiceSpec {
        name: "Follow-up",
        category: "Consultations",
        minutes: 15,
        buffer: 0,
        rooms: None,
        weight: 2,
        chart: TemplateKind::General,
    },
    ServiceSpec {
        name: "Consultation",
        category: "Consultations",
        minutes: 30,
        buffer: 0,
        rooms: None,
        weight: 3,
        chart: TemplateKind::General,
    },
    ServiceSpec {
        name: "Neurotoxin",
        category: "Injectables",
        minutes: 30,
        buffer: 10,
        rooms: None,
        weight: 4,
        chart: TemplateKind::Injectables,
    },
    ServiceSpec {
        name: "Dermal filler",
        category: "Injectables",
        minutes: 45,
        buffer: 15,
        rooms: None,
        weight: 3,
        chart: TemplateKind::Injectables,
    },
    ServiceSpec {
        name: "HydraFacial",
        category: "Skin",
        minutes: 60,
        buffer: 15,
        rooms: Some(&[0, 1]),
        weight: 2,
        chart: TemplateKind::Skin,
    },
    ServiceSpec {
        name: "Chemical peel",
        category: "Skin",
        minutes: 45,
        buffer: 10,
        rooms: Some(&[]),
        weight: 1,
        chart: TemplateKind::Skin,
    },
    ServiceSpec {
        name: "Laser hair removal",
        category: "Laser",
        minutes: 30,
        buffer: 10,
        rooms: Some(&[2]),
        weight: 2,
        chart: TemplateKind::Laser,
    },
    ServiceSpec {
        name: "IPL photofacial",
        category: "Laser",
        minutes: 45,
        buffer: 15,
        rooms: Some(&[2, 3]),
        weight: 1,
        chart: TemplateKind::Laser,
    },
];

const PROVIDERS: &[(&str, &str, &str)] = &[
    ("Noor Haddad", "NP", "#7c3aed"),
    ("Tomás Ferreira", "PA-C", "#0891b2"),
    ("Greta Lindqvist", "RN", "#db2777"),
    ("Kwame Mensah", "MD", "#16a34a"),
    ("Yuki Tanabe", "LE", "#ea580c"),
    ("Ines Carvalho", "RN", "#2563eb"),
    ("Dev Malhotra", "NP", "#ca8a04"),
    ("Sasha Petrova", "LE", "#9333ea"),
    ("Bianca Russo", "RN", "#0d9488"),
    ("Owen Gallagher", "PA-C", "#dc2626"),
];

const GIVEN: &[&str] = &[
    "Amara", "Beatriz", "Celeste", "Dalia", "Esme", "Farah", "Gemma", "Helena", "Ingrid", "Josie", "Kiara", "Lucia",
    "Marisol", "Nina", "Odette", "Paloma", "Rosa", "Selin", "Talia", "Wren", "Adrian", "Bruno", "Cyrus", "Dario",
];
const FAMILY: &[&str] = &[
    "Abbott", "Baptiste", "Chandra", "Delgado", "Eriksen", "Fairley", "Goldberg", "Hale", "Iwasaki", "Jensen", "Kowal",
    "Lindgren", "Moreau", "Nakamura", "Okafor", "Prescott", "Quintero", "Rahman", "Sandoval", "Thorne", "Upton",
    "Vidal", "Whitcomb", "Yamada", "Zeller",
];
const NOTES: &[&str] = &[
    "First visit: allow extra time for photos.",
    "Prefers numbing cream 20 minutes before.",
    "Touch-up from last month.",
    "Running late, called ahead.",
    "Bring product list from her dermatologist.",
];

/// An appointment of the plan, by index into the clinic's providers, rooms and services.
struct Planned {
    provider: usize,
    room: Option<usize>,
    service: usize,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
    status: AppointmentStatus,
    notes: Option<&'static str>,
}

/// A clinic's whole book, laid out in memory before anything is written.
struct Plan {
    appointments: Vec<Planned>,
    /// (provider, from, to).
    time_off: Vec<(usize, DateTime<Utc>, DateTime<Utc>)>,
    /// The measured week's Monday, and the week as instants: [Monday, next Monday).
    monday: NaiveDate,
    week: (DateTime<Utc>, DateTime<Utc>),
}

impl Plan {
    fn in_week(&self) -> impl Iterator<Item = &Planned> {
        self.appointments.iter().filter(|a| a.starts_at >= self.week.0 && a.starts_at < self.week.1)
    }
}

fn at(day: NaiveDate, minute: i64) -> anyhow::Result<DateTime<Utc>> {
    let naive = day.and_hms_opt(0, 0, 0).context("midnight")? + chrono::Duration::minutes(minute);
    Ok(TZ.from_local_datetime(&naive).earliest().context("a wall-clock time that exists")?.with_timezone(&Utc))
}

/// A plausible status for a visit, seen from `now`.
fn status(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, now: DateTime<Utc>, rng: &mut StdRng) -> AppointmentStatus {
    use AppointmentStatus as S;
    let roll = rng.gen_range(0..100);
    if ends_at <= now {
        match roll {
            0..4 => S::NoShow,
            4..11 => S::Cancelled,
            _ => S::Completed,
        }
    } else if starts_at <= now {
        S::InProgress
    } else if roll < 7 {
        S::Cancelled
    } else if starts_at - now < chrono::Duration::hours(1) {
        if roll < 50 { S::CheckedIn } else { S::Confirmed }
    } else if starts_at - now < chrono::Duration::days(2) {
        if roll < 70 { S::Confirmed } else { S::Booked }
    } else {
        S::Booked
    }
}

/// A service at random, by weight, among those that `fit` (the follow-up when none does).
fn pick_service(rng: &mut StdRng, fit: impl Fn(&ServiceSpec) -> bool) -> usize {
    let total: u32 = SERVICES.iter().filter(|s| fit(s)).map(|s| s.weight).sum();
    let mut roll = if total == 0 { 0 } else { rng.gen_range(0..total) };
    for (i, s) in SERVICES.iter().enumerate().filter(|(_, s)| fit(s)) {
        if roll < s.weight {
            return i;
        }
        roll -= s.weight;
    }
    FOLLOW_UP
}

/// Lays out `quota` visits back to back (with the odd gap) in one provider's day. Rooms are
/// shared with the providers planned before on the same day, so neither a provider nor a room
/// is ever double-booked.
fn plan_day(
    plan: &mut Plan,
    (provider, quota): (usize, usize),
    (open, close): (DateTime<Utc>, DateTime<Utc>),
    rooms: &mut [Vec<(DateTime<Utc>, DateTime<Utc>)>],
    now: DateTime<Utc>,
    rng: &mut StdRng,
) {
    let shortest = SERVICES[FOLLOW_UP].minutes + SERVICES[FOLLOW_UP].buffer;
    let mut t = open;
    for left in (1..=quota as i64).rev() {
        // What the day can spare beyond the shortest visit for everyone still to come.
        let spare = |t: DateTime<Utc>| (close - t).num_minutes() - left * shortest;
        if spare(t) >= 15 && rng.gen_ratio(1, 6) {
            t += chrono::Duration::minutes(15);
        }
        let fits = |s: &ServiceSpec| s.minutes + s.buffer - shortest <= spare(t);
        let mut service = pick_service(rng, fits);
        let until = t + chrono::Duration::minutes(SERVICES[service].minutes + SERVICES[service].buffer);
        let mut room = None;
        if let Some(allowed) = SERVICES[service].rooms {
            room = (0..ROOMS.len())
                .filter(|r| allowed.is_empty() || allowed.contains(r))
                .find(|&r| rooms[r].iter().all(|&(start, end)| end <= t || until <= start));
            match room {
                Some(r) => rooms[r].push((t, until)),
                // Every suitable room is taken: a visit that needs none instead.
                None => service = pick_service(rng, |s| s.rooms.is_none() && fits(s)),
            }
        }
        let ends_at = t + chrono::Duration::minutes(SERVICES[service].minutes);
        let blocked_until = ends_at + chrono::Duration::minutes(SERVICES[service].buffer);
        plan.appointments.push(Planned {
            provider,
            room,
            service,
            starts_at: t,
            ends_at,
            blocked_until,
            status: status(t, ends_at, now, rng),
            notes: rng.gen_ratio(1, 5).then(|| NOTES[rng.gen_range(0..NOTES.len())]),
        });
        t = blocked_until;
    }
}

/// The book of a clinic of `shape`: `per_week` visits in the week from `monday`, full weeks
/// before it, thinning weeks after it.
fn plan(shape: &Shape, monday: NaiveDate, now: DateTime<Utc>, seed: u64) -> anyhow::Result<Plan> {
    let mut rng = StdRng::seed_from_u64(seed);
    let day = |week: i64, d: i64| monday + chrono::Duration::days(7 * week + d);
    // The last provider is at a conference all of the measured Friday.
    let (away, off) = (shape.providers - 1, 4);
    let mut plan = Plan {
        appointments: Vec::new(),
        time_off: vec![(away, at(day(0, off), 0)?, at(day(0, off + 1), 0)?)],
        monday,
        week: (at(monday, 0)?, at(day(1, 0), 0)?),
    };
    let weeks = (-WEEKS_BEFORE..=0).map(|w| (w, 100)).chain((1..).zip(WEEKS_AFTER.iter().copied()));
    for (w, fill) in weeks {
        let worked = shape.days as usize * shape.providers - usize::from(w == 0);
        let total = shape.per_week * fill / 100;
        let mut i = 0;
        for d in 0..shape.days {
            let hours = (at(day(w, d), shape.open)?, at(day(w, d), shape.close)?);
            let mut rooms = vec![Vec::new(); ROOMS.len()];
            for p in (0..shape.providers).filter(|&p| !(w == 0 && d == off && p == away)) {
                // The week's total, spread evenly over the days worked.
                let quota = total / worked + usize::from(i < total % worked);
                i += 1;
                plan_day(&mut plan, (p, quota), hours, &mut rooms, now, &mut rng);
            }
        }
    }
    Ok(plan)
}

/// A clinic written through the crate's own functions, and the ids the bench asks about.
struct Seeded {
    db: TenantDb,
    clinic: Clinic,
    services: Vec<ServiceId>,
}

const BATCH: usize = 500;

async fn seed(state: &AppState, slug: &str, shape: &Shape, plan: &Plan) -> anyhow::Result<Seeded> {
    let now = state.clock.now();
    let owner = format!("owner@{slug}.example");
    let new = NewClinic::parse(slug, "Bench Clinic", TZ.name(), &owner, "Owner", "bench-password-1")
        .map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let clinic = provisioning::create(state.dbs(), new, "bench", now).await?;
    let db = state.dbs().tenant(clinic.id.0);

    // The set-up: rooms, services, and providers with their hours, services and time off.
    let mut tx = db.write().await?;
    let mut rooms = Vec::new();
    for (i, name) in ROOMS.iter().enumerate() {
        rooms.push(scheduling::create_room(&mut tx, name, None, i as i32, now).await?);
    }
    let mut services = Vec::new();
    for (i, s) in SERVICES.iter().enumerate() {
        let new = NewService {
            name: s.name.into(),
            category: s.category.into(),
            description: None,
            duration_minutes: s.minutes as i32,
            buffer_after_minutes: s.buffer as i32,
            price_cents: 12_500,
            color: "#8b5cf6".into(),
            needs_room: s.rooms.is_some(),
            bookable_online: true,
            chart_kind: s.chart,
            pricing: scheduling::Pricing::Fixed,
            rooms: s.rooms.unwrap_or_default().iter().map(|&r| rooms[r]).collect(),
        };
        services.push(scheduling::create_service(&mut tx, &new, i as i32, now).await?);
    }
    let hours: Vec<(i16, i32, i32)> =
        (1..=shape.days as i16).map(|d| (d, shape.open as i32, shape.close as i32)).collect();
    let mut providers = Vec::new();
    for (i, &(name, credentials, color)) in PROVIDERS.iter().take(shape.providers).enumerate() {
        let new = NewStaff {
            email: Email::parse(&format!("provider{i}@{slug}.example")).context("provider email")?,
            display_name: name.into(),
            role: Role::Provider,
            credentials: Some(credentials.into()),
            password_hash: None,
            must_change_password: false,
        };
        let id = staff::insert(&mut tx, new, now).await?.id;
        scheduling::create_provider_profile(&mut tx, id, color, i as i32, now).await?;
        scheduling::set_working_hours(&mut tx, id, &hours, now).await?;
        scheduling::set_provider_services(&mut tx, id, &services, now).await?;
        providers.push(id);
    }
    for &(p, from, to) in &plan.time_off {
        scheduling::seed_time_off(&mut tx, providers[p], from, to, Some("Conference"), now).await?;
    }
    tx.commit().await?;

    // Patients, a quarter of them with an allergy on record.
    let mut patient_ids = Vec::with_capacity(PATIENTS);
    for batch in (0..PATIENTS).collect::<Vec<_>>().chunks(BATCH) {
        let mut work = auth::system_work(state, &clinic, "Benchmark set-up", None).await?;
        for &n in batch {
            let first = GIVEN[n % GIVEN.len()];
            let last = FAMILY[(n / GIVEN.len() + n) % FAMILY.len()];
            let new = NewPatient {
                first_name: first.into(),
                last_name: last.into(),
                preferred_name: (n % 10 == 3).then(|| GIVEN[(n + 7) % GIVEN.len()].to_owned()),
                date_of_birth: NaiveDate::from_ymd_opt(
                    1965 + (n % 40) as i32,
                    1 + (n % 12) as u32,
                    1 + (n % 28) as u32,
                ),
                sex: None,
                pronouns: None,
                email: Email::parse(&format!("{}.{}.{n}@example.com", first.to_lowercase(), last.to_lowercase())),
                phone: Phone::parse(&format!("(415) 555-{:04}", n)),
                address: Address::default(),
                source: PatientSource::Staff,
            };
            let id =
                work.run::<PatientsWrite, _, _>(now, None, async |op| patients::create(op, &new, true).await).await?.id;
            if n % 4 == 0 {
                let allergy =
                    NewAllergy { substance: Sensitive::new("Lidocaine"), reaction: None, severity: Severity::Moderate };
                work.run::<MedicalWrite, _, _>(now, None, async |op| patients::add_allergy(op, id, &allergy).await)
                    .await?;
            }
            patient_ids.push(id);
        }
        work.commit().await?;
    }

    // The book. A patient comes back only after thousands of other visits, so never overlaps.
    for (c, batch) in plan.appointments.chunks(BATCH).enumerate() {
        let mut tx = db.write().await?;
        for (j, a) in batch.iter().enumerate() {
            let k = c * BATCH + j;
            let cancelled = a.status == AppointmentStatus::Cancelled;
            let new = NewAppointment {
                patient: patient_ids[k * 7919 % PATIENTS],
                provider: providers[a.provider],
                service: services[a.service],
                room: a.room.map(|r| rooms[r]),
                starts_at: a.starts_at,
                ends_at: a.ends_at,
                blocked_until: a.blocked_until,
                status: a.status,
                source: if k % 4 == 1 { AppointmentSource::Online } else { AppointmentSource::Staff },
                notes: a.notes.map(str::to_owned),
                cancellation_reason: cancelled.then(|| "Rescheduled by patient".to_owned()),
                status_at: a.starts_at.min(now),
                created_by: None,
                idempotency_key: None,
            };
            scheduling::insert_appointment(&mut tx, &new, now).await?;
        }
        tx.commit().await?;
    }
    // A steady-state clinic has statistics; a bulk load needs them gathered once.
    let mut tx = db.write().await?;
    tx.execute_script(Sql::from("analyze")).await?;
    tx.commit().await?;
    Ok(Seeded { db, clinic, services })
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Runs `run` untimed `WARMUP` times, then `RUNS` times timed; its first answer comes back too.
async fn timed<T>(mut run: impl AsyncFnMut() -> anyhow::Result<T>) -> anyhow::Result<(Vec<Duration>, T)> {
    let first = run().await?;
    for _ in 1..WARMUP {
        run().await?;
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        run().await?;
        times.push(started.elapsed());
    }
    Ok((times, first))
}

fn report(label: &str, mut times: Vec<Duration>, detail: &str, target: &str) {
    times.sort();
    println!(
        "  {label:<26} median {:>10}  p95 {:>10}  ({detail})   {target}",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100])
    );
}

fn describe(slots: &[availability::Slot]) -> String {
    format!("{} slots, {} options", slots.len(), slots.iter().map(|s| s.options.len()).sum::<usize>())
}

/// Free times for the facial across the availability plan's week, asked at `now`.
fn facial_query(plan: &Plan, service: ServiceId, now: DateTime<Utc>) -> AvailabilityQuery {
    AvailabilityQuery {
        service,
        provider: None,
        from: plan.monday,
        to: plan.monday + chrono::Duration::days(6),
        step_minutes: STEP_MINUTES,
        not_before: now,
        online: false,
    }
}

/// The pure computation on inputs built straight from the plan, as `service::availability`
/// builds them from its reads.
async fn pure_availability(plan: &Plan, now: DateTime<Utc>) -> anyhow::Result<()> {
    let shape = &AVAILABILITY;
    let active = || plan.in_week().filter(|a| a.status.is_active());
    let providers: Vec<ProviderCalendar> = (0..shape.providers)
        .map(|p| {
            let mut busy: Vec<_> =
                active().filter(|a| a.provider == p).map(|a| (a.starts_at, a.blocked_until)).collect();
            busy.extend(plan.time_off.iter().filter(|t| t.0 == p).map(|&(_, from, to)| (from, to)));
            ProviderCalendar {
                id: StaffUserId::generate(),
                hours: (1..=shape.days as u32).map(|d| (d, shape.open as u32, shape.close as u32)).collect(),
                busy: Busy::new(busy),
            }
        })
        .collect();
    let rooms: Vec<RoomCalendar> = SERVICES[FACIAL]
        .rooms
        .unwrap_or_default()
        .iter()
        .map(|&r| RoomCalendar {
            id: RoomId::generate(),
            busy: Busy::new(active().filter(|a| a.room == Some(r)).map(|a| (a.starts_at, a.blocked_until)).collect()),
        })
        .collect();
    // The same days, grid and notice as the query `service::availability` answers below.
    let q = facial_query(plan, ServiceId::generate(), now);
    let request = availability::Request {
        tz: TZ,
        from: q.from,
        to: q.to,
        step_minutes: q.step_minutes,
        not_before: q.not_before,
        service: ServiceNeeds {
            duration: chrono::Duration::minutes(SERVICES[FACIAL].minutes),
            buffer: chrono::Duration::minutes(SERVICES[FACIAL].buffer),
            needs_room: true,
        },
        providers: &providers,
        rooms: &rooms,
    };
    let (times, slots) = timed(async || Ok(availability::free_slots(&request))).await?;
    println!(
        "availability in memory: one week, {} providers, {} appointments, {} rooms for a {}-minute {}, {RUNS} runs:",
        providers.len(),
        plan.in_week().count(),
        rooms.len(),
        SERVICES[FACIAL].minutes,
        SERVICES[FACIAL].name,
    );
    report("free_slots", times, &describe(&slots), "target < 1 ms");
    Ok(())
}

async fn run(
    backend: &str,
    server: Option<&str>,
    now: DateTime<Utc>,
    calendar: &Plan,
    free: &Plan,
) -> anyhow::Result<()> {
    let scratch = support::Scratch::new(server).await?;
    let config = scratch.config.clone();
    let state = AppState::start(config, Clock::manual(now)).await?;
    let seeding = Instant::now();
    let calendar_clinic = seed(&state, "bench-calendar", &CALENDAR, calendar).await?;
    let free_clinic = seed(&state, "bench-availability", &AVAILABILITY, free).await?;
    println!(
        "scheduling on {backend} (two clinics of {PATIENTS} patients, {} and {} appointments, seeded in {:.1} s), \
         {RUNS} runs each:",
        calendar.appointments.len(),
        free.appointments.len(),
        seeding.elapsed().as_secs_f64()
    );

    // The calendar's week view: read, shape as the API answers, serialize.
    let (from, to) = calendar.week;
    let (times, (count, bytes)) = timed(async || {
        let mut work = auth::system_read(&state, &calendar_clinic.clinic, "Benchmark").await?;
        let range = work
            .run::<AppointmentsRead, _, sqlx::Error>(now, None, async |op| {
                Ok(Audited::unchanged(service::calendar(op, from, to, &CalendarFilter::default()).await?))
            })
            .await?;
        drop(work);
        let out = CalendarOut {
            appointments: range
                .appointments
                .into_iter()
                .map(|a| AppointmentOut::new(a, Visibility { allergies: true, charts: true }))
                .collect(),
            time_off: range.time_off.into_iter().map(Into::into).collect(),
            working_hours: range
                .working
                .into_iter()
                .map(|w| WorkingSpanOut { provider_id: w.provider_id, starts_at: w.starts_at, ends_at: w.ends_at })
                .collect(),
        };
        let body = serde_json::to_vec(&out.to_json())?;
        Ok((out.appointments.len(), body.len()))
    })
    .await?;
    let detail = format!("{count} appointments, {} providers, {} KB of JSON", CALENDAR.providers, bytes / 1024);
    report("calendar, one week", times, &detail, "target < 10 ms");

    // Free times for the same shape as in memory, reads included.
    let query = facial_query(free, free_clinic.services[FACIAL], now);
    let db = &free_clinic.db;
    let (times, slots) = timed(async || {
        let mut tx = db.read().await?;
        let slots = service::availability(&mut tx, TZ, &query).await?;
        tx.rollback().await?;
        Ok(slots)
    })
    .await?;
    report("availability with reads", times, &describe(&slots), "informational");

    scratch.finish(&state).await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A fixed week, so every run sees the same book; "now" is its Wednesday, 1 pm.
    let monday = NaiveDate::from_ymd_opt(2026, 5, 4).context("a date")?;
    let now = at(monday + chrono::Duration::days(2), 13 * 60)?;
    let calendar = plan(&CALENDAR, monday, now, 1)?;
    // Availability is asked for the week after.
    let free = plan(&AVAILABILITY, monday + chrono::Duration::weeks(1), now, 2)?;
    anyhow::ensure!(
        calendar.in_week().count() == CALENDAR.per_week && free.in_week().count() == AVAILABILITY.per_week,
        "the plans' weeks should hold exactly the appointments asked for"
    );

    pure_availability(&free, now).await?;
    for (backend, server) in support::backends() {
        run(backend, server.as_deref(), now, &calendar, &free).await?;
    }
    Ok(())
}
