//! Fills a freshly built demo store.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::data::{ALLERGIES, FIRST_NAMES, LAST_NAMES, PRODUCTS, PROVIDERS, ROOMS, SERVICES, STAFF, TAGS};
use super::schedule::{self, ProviderIn, ServiceIn};
use super::{charts, consents, memberships};
use crate::auth::passwords::{self, Password};
use crate::auth::permissions::{MedicalWrite, PatientsWrite, SettingsWrite};
use crate::auth::{Signer, SystemWork};
use crate::catalogue;
use crate::charting::TemplateKind;
use crate::patients::{self, Address, NewAllergy, NewPatient, PatientId, PatientSource, Phone};
use crate::platform::Clinic;
use crate::scheduling::{self, AppointmentSource, NewAppointment, NewService, Pricing, RoomId, ServiceId};
use crate::sealed::Sensitive;
use crate::staff::{self, NewStaff, StaffUserId};
use crate::types::Email;

pub const PATIENTS: usize = 80;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub staff: usize,
    pub rooms: usize,
    pub services: usize,
    pub patients: usize,
    pub appointments: usize,
    pub products: usize,
    pub lots: usize,
    pub charts: usize,
    pub signed_consents: usize,
    pub memberships: usize,
}

fn minutes(hhmm: &str) -> i64 {
    NaiveTime::parse_from_str(hhmm, "%H:%M").map(|t| i64::from(t.num_seconds_from_midnight() / 60)).unwrap_or(0)
}

pub async fn fill(work: &mut SystemWork, clinic: &Clinic, now: DateTime<Utc>) -> anyhow::Result<Counts> {
    let tz = clinic.tz();
    let today = now.with_timezone(&tz).date_naive();
    let mut rng = StdRng::seed_from_u64(0x676c_6f77);
    let mut counts = Counts::default();

    let mut staff_ids: HashMap<&str, StaffUserId> = HashMap::new();
    let mut people: HashMap<&str, Signer> = HashMap::new();
    let owner = staff::find_by_email(work.tx(), STAFF[0].email).await?.context("the demo owner is missing")?;
    staff_ids.insert(STAFF[0].key, owner.id);
    people.insert(STAFF[0].key, Signer { id: owner.id, name: owner.display_name.clone(), role: owner.role });
    for spec in &STAFF[1..] {
        let hash = passwords::hash(&Password::parse(spec.password)?).await?;
        let user = staff::insert(
            work.tx(),
            NewStaff {
                email: Email::parse(spec.email).context("demo email")?,
                display_name: spec.name.to_owned(),
                role: spec.role,
                credentials: spec.credentials.map(str::to_owned),
                password_hash: Some(hash),
                must_change_password: false,
            },
            now,
        )
        .await?;
        staff_ids.insert(spec.key, user.id);
        people.insert(spec.key, Signer { id: user.id, name: user.display_name.clone(), role: user.role });
    }
    counts.staff = STAFF.len();

    let mut room_ids: HashMap<&str, RoomId> = HashMap::new();
    for (i, (key, name, description)) in ROOMS.iter().enumerate() {
        let id = scheduling::create_room(work.tx(), name, Some(description), i as i32, now).await?;
        room_ids.insert(key, id);
    }
    counts.rooms = ROOMS.len();

    let mut service_ids: HashMap<&str, (ServiceId, usize)> = HashMap::new();
    let mut service_inputs = Vec::new();
    for (i, spec) in SERVICES.iter().enumerate() {
        let rooms: Vec<RoomId> = spec.rooms.iter().map(|r| room_ids[r]).collect();
        let id = scheduling::create_service(
            work.tx(),
            &NewService {
                name: spec.name.to_owned(),
                category: spec.category.to_owned(),
                description: Some(spec.description.to_owned()),
                duration_minutes: spec.minutes,
                buffer_after_minutes: spec.buffer,
                price_cents: spec.price_cents,
                color: spec.color.to_owned(),
                needs_room: !rooms.is_empty(),
                bookable_online: spec.online,
                chart_kind: spec.chart,
                // Injectables are billed by the units charted, at each product's price.
                pricing: if spec.chart == TemplateKind::Injectables { Pricing::PerUnit } else { Pricing::Fixed },
                rooms: rooms.clone(),
            },
            i as i32,
            now,
        )
        .await?;
        service_ids.insert(spec.key, (id, i));
        service_inputs.push(ServiceIn {
            id,
            minutes: i64::from(spec.minutes),
            buffer: i64::from(spec.buffer),
            rooms,
            weight: spec.weight,
        });
    }
    counts.services = SERVICES.len();
    let online =
        crate::booking::settings::OnlineBooking { enabled: true, lead_minutes: 60, horizon_days: 60, slot_minutes: 15 };
    work.run::<SettingsWrite, _, sqlx::Error>(now, Some(&people["owner"]), async |op| {
        crate::booking::settings::save(op, online).await
    })
    .await?;

    let mut provider_inputs = Vec::new();
    for (i, spec) in PROVIDERS.iter().enumerate() {
        let id = staff_ids[spec.key];
        scheduling::create_provider_profile(work.tx(), id, spec.color, i as i32, now).await?;
        let hours: Vec<(i16, i32, i32)> =
            spec.hours.iter().map(|&(d, s, e)| (d, minutes(s) as i32, minutes(e) as i32)).collect();
        scheduling::set_working_hours(work.tx(), id, &hours, now).await?;
        let services: Vec<ServiceId> = spec.services.iter().map(|k| service_ids[k].0).collect();
        scheduling::set_provider_services(work.tx(), id, &services, now).await?;
        provider_inputs.push(ProviderIn {
            id,
            hours: hours.iter().map(|&(d, s, e)| (d as u32, i64::from(s), i64::from(e))).collect(),
            services: spec.services.iter().map(|k| service_ids[k].1).collect(),
            time_off: Vec::new(),
        });
    }
    // Jordan is at a training course next Wednesday afternoon.
    let (_, end) = schedule::window(today);
    let next_wednesday = end - Duration::days(5);
    if let (Some(from), Some(to)) = (
        tz.from_local_datetime(&next_wednesday.and_hms_opt(13, 0, 0).unwrap_or_default()).earliest(),
        tz.from_local_datetime(&next_wednesday.and_hms_opt(18, 0, 0).unwrap_or_default()).earliest(),
    ) {
        let (from, to) = (from.with_timezone(&Utc), to.with_timezone(&Utc));
        let reason = Some("Advanced injector training");
        scheduling::seed_time_off(work.tx(), staff_ids["jordan"], from, to, reason, now).await?;
        if let Some(p) = provider_inputs.iter_mut().find(|p| p.id == staff_ids["jordan"]) {
            p.time_off.push((from, to));
        }
    }

    let mut tag_ids = Vec::new();
    let desk = &people["desk"];
    for (name, color) in TAGS {
        let tag =
            work.run::<PatientsWrite, _, _>(now, Some(desk), async |op| patients::create_tag(op, name, color).await);
        tag_ids.push(tag.await?.id);
    }
    let mut patient_ids: Vec<PatientId> = Vec::with_capacity(PATIENTS);
    let mut patient_names: Vec<(PatientId, String)> = Vec::with_capacity(PATIENTS);
    for i in 0..PATIENTS {
        let (first, sex, pronouns) = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i + (i / FIRST_NAMES.len()) * 7) % LAST_NAMES.len()];
        let born = NaiveDate::from_ymd_opt(1962, 1, 1).unwrap_or_default() + Duration::days(rng.gen_range(0..14_600));
        let email = (i % 10 != 3)
            .then(|| Email::parse(&format!("{}.{}@example.com", first.to_lowercase(), last.to_lowercase())))
            .flatten();
        let new = NewPatient {
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            preferred_name: None,
            date_of_birth: Some(born),
            sex: Some(sex),
            pronouns: pronouns.map(str::to_owned),
            email,
            phone: Phone::parse(&format!("(310) 555-01{:02}", i)),
            address: Address::default(),
            source: if i % 9 == 4 { PatientSource::Online } else { PatientSource::Staff },
        };
        let id = work
            .run::<PatientsWrite, _, _>(now, Some(desk), async |op| patients::create(op, &new, true).await)
            .await?
            .id;
        if i % 4 == 1 {
            let (substance, reaction, severity) = ALLERGIES[(i / 4) % ALLERGIES.len()];
            let allergy =
                NewAllergy { substance: Sensitive::new(substance), reaction: reaction.map(Sensitive::new), severity };
            let riley = &people["riley"];
            work.run::<MedicalWrite, _, _>(now, Some(riley), async |op| patients::add_allergy(op, id, &allergy).await)
                .await?;
        }
        for _ in 0..rng.gen_range(0..=2) {
            let tag = tag_ids[rng.gen_range(0..tag_ids.len())];
            work.run::<PatientsWrite, _, _>(now, Some(desk), async |op| patients::assign_tag(op, id, tag).await)
                .await?;
        }
        patient_ids.push(id);
        patient_names.push((id, format!("{first} {last}")));
    }
    counts.patients = PATIENTS;

    let mut stock: HashMap<&'static str, charts::Stock> = HashMap::new();
    for spec in PRODUCTS {
        let input = catalogue::ProductInput {
            name: spec.name.to_owned(),
            manufacturer: Some(spec.manufacturer.to_owned()),
            kind: spec.kind,
            unit: spec.unit,
            price_cents: Some(spec.price_cents),
            retail: spec.retail,
        };
        let product = catalogue::seed_product(work.tx(), &input, now).await?;
        for &(lot, months) in spec.lots {
            let expires = if months >= 0 {
                today.checked_add_months(Months::new(months as u32))
            } else {
                today.checked_sub_months(Months::new(months.unsigned_abs()))
            }
            .context("lot expiry")?;
            let received = today.checked_sub_months(Months::new(2));
            let expires_on = expires.with_day(1).unwrap_or(expires);
            let lot = catalogue::seed_lot(work.tx(), product, lot, expires_on, received, now).await?;
            // Charts use a lot that is good today (the expired one is there to be refused).
            if months > 1 {
                stock.entry(spec.name).or_insert(charts::Stock { product, lot });
            }
            counts.lots += 1;
        }
    }
    counts.products = PRODUCTS.len();

    let plan = schedule::plan(&provider_inputs, &service_inputs, PATIENTS, tz, now, &mut rng);
    let mut visits = Vec::with_capacity(plan.len());
    for p in &plan {
        let id = scheduling::insert_appointment(
            work.tx(),
            &NewAppointment {
                patient: patient_ids[p.patient],
                provider: p.provider,
                service: p.service,
                room: p.room,
                starts_at: p.starts_at,
                ends_at: p.ends_at,
                blocked_until: p.blocked_until,
                status: p.status,
                source: if p.patient % 5 == 2 { AppointmentSource::Online } else { AppointmentSource::Staff },
                notes: p.notes.map(str::to_owned),
                cancellation_reason: p.cancellation_reason.map(str::to_owned),
                status_at: p.status_at,
                created_by: Some(staff_ids["desk"]),
                idempotency_key: None,
            },
            now,
        )
        .await
        .context("writing a demo appointment")?;
        visits.push((id, p));
    }
    counts.appointments = plan.len();

    let by_key: HashMap<&'static str, ServiceId> = service_ids.iter().map(|(key, (id, _))| (*key, *id)).collect();
    let forms = consents::Ctx {
        now,
        owner: &people["owner"],
        desk: &people["desk"],
        services: &by_key,
        patients: &patient_names,
    };
    counts.signed_consents = consents::fill(work, &visits, &forms, &mut rng).await.context("the demo's consents")?;
    let plans = memberships::Ctx {
        tz,
        now,
        services: &service_ids,
        patients: &patient_ids,
        owner: &people["owner"],
        desk: &people["desk"],
    };
    counts.memberships = memberships::fill(work, &plans).await.context("the demo's memberships")?;

    let services: HashMap<ServiceId, &'static str> = service_ids.iter().map(|(key, (id, _))| (*id, *key)).collect();
    let people: HashMap<StaffUserId, Signer> =
        STAFF.iter().map(|spec| (staff_ids[spec.key], people[spec.key].clone())).collect();
    let md = people[&staff_ids["md"]].clone();
    let ctx = charts::Ctx { tz, now, services: &services, stock: &stock, people: &people, md };
    counts.charts = charts::fill(work, &visits, &ctx, &mut rng).await.context("charting the demo visits")?;
    Ok(counts)
}
