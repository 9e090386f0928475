//! What the booking pages offer and what confirming does: only services and providers open to
//! online booking, only times that are really free (working hours, time off, other bookings,
//! rooms, the clinic's lead time and horizon), and a booking made exactly once.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::settings::OnlineBooking as Settings;
use crate::auth::permissions::OnlineBooking;
use crate::clinic::{Audited, ClinicOp, Retryable};
use crate::db::ClinicTx;
use crate::patients::{self, Address, NewPatient, PatientSource, Phone};
use crate::scheduling::availability::Slot;
use crate::scheduling::model::{CalendarAppointment, Provider, SchedulingError, Service};
use crate::scheduling::service::{self as scheduling, AvailabilityQuery, BookingRequest};
use crate::scheduling::{AppointmentSource, RoomId, ServiceId};
use crate::staff::StaffUserId;
use crate::types::Email;

/// A service patients can book, with who performs it online.
pub struct Offered {
    pub service: Service,
    pub providers: Vec<Provider>,
}

/// Services open to online booking that someone bookable performs, in the clinic's order.
pub async fn offered(tx: &mut ClinicTx) -> Result<Vec<Offered>, sqlx::Error> {
    let providers = scheduling::providers(tx).await?;
    let mut out = Vec::new();
    for (service, _) in scheduling::services(tx).await? {
        if service.archived_at.is_some() || !service.bookable_online {
            continue;
        }
        let who: Vec<Provider> = providers
            .iter()
            .filter(|p| {
                p.provider.active
                    && p.provider.bookable_online
                    && p.services.contains(&service.id)
                    && !p.hours.is_empty()
            })
            .map(|p| p.provider.clone())
            .collect();
        if !who.is_empty() {
            out.push(Offered { service, providers: who });
        }
    }
    Ok(out)
}

pub async fn offered_service(tx: &mut ClinicTx, id: ServiceId) -> Result<Option<Offered>, sqlx::Error> {
    Ok(offered(tx).await?.into_iter().find(|o| o.service.id == id))
}

/// What every question about free times depends on: the clinic's zone, its settings, and now.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub tz: Tz,
    pub settings: &'a Settings,
    pub now: DateTime<Utc>,
}

impl Rules<'_> {
    /// The first bookable moment and the last bookable day.
    pub fn window(&self) -> (DateTime<Utc>, NaiveDate) {
        let earliest = self.now + Duration::minutes(i64::from(self.settings.lead_minutes));
        let last =
            self.now.with_timezone(&self.tz).date_naive() + Duration::days(i64::from(self.settings.horizon_days));
        (earliest, last)
    }
}

/// Free start times from `from` for `days` days, within the clinic's window.
pub async fn slots(
    tx: &mut ClinicTx,
    rules: Rules<'_>,
    service: ServiceId,
    provider: Option<StaffUserId>,
    from: NaiveDate,
    days: i64,
) -> Result<Vec<Slot>, SchedulingError> {
    let (earliest, last) = rules.window();
    let to = (from + Duration::days(days - 1)).min(last);
    if to < from {
        return Ok(Vec::new());
    }
    let query = AvailabilityQuery {
        service,
        provider,
        from,
        to,
        step_minutes: rules.settings.slot_minutes.unsigned_abs(),
        not_before: earliest,
        online: true,
    };
    scheduling::availability(tx, rules.tz, &query).await
}

/// What a patient typed, checked.
#[derive(Debug, Clone)]
pub struct Contact {
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub note: Option<String>,
}

/// A booking to confirm.
pub struct Request<'a> {
    pub service: ServiceId,
    pub provider: Option<StaffUserId>,
    pub starts_at: DateTime<Utc>,
    pub contact: &'a Contact,
    /// From the form, so a second submit finds the first booking.
    pub key: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    /// The time is no longer free (or never was).
    #[error("the time is taken")]
    Taken,
    #[error(transparent)]
    Scheduling(SchedulingError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ConfirmError {
    fn from(e: sqlx::Error) -> Self {
        ConfirmError::Db(e)
    }
}

impl From<patients::PatientsError> for ConfirmError {
    fn from(e: patients::PatientsError) -> Self {
        ConfirmError::Scheduling(e.into())
    }
}

impl From<SchedulingError> for ConfirmError {
    fn from(e: SchedulingError) -> Self {
        match e {
            SchedulingError::SlotUnavailable { .. } | SchedulingError::SlotTaken => ConfirmError::Taken,
            SchedulingError::Db(db) => ConfirmError::Db(db),
            other => ConfirmError::Scheduling(other),
        }
    }
}

impl Retryable for ConfirmError {
    fn is_retryable(&self) -> bool {
        match self {
            ConfirmError::Db(e) => crate::db::classify(e) == crate::db::DbFailure::Retry,
            ConfirmError::Scheduling(e) => e.is_retryable(),
            ConfirmError::Taken => false,
        }
    }
}

fn idempotency_key(key: &str) -> String {
    format!("online:{key}")
}

/// The booking a request with this key already made, if any.
pub async fn already_confirmed(tx: &mut ClinicTx, key: &str) -> Result<Option<CalendarAppointment>, SchedulingError> {
    scheduling::appointment_by_key(tx, &idempotency_key(key)).await
}

/// The booking a details form made (for whichever name it was sent with), so coming back to the
/// form after booking shows the booking instead of "taken".
pub async fn booked_with_form(
    tx: &mut ClinicTx,
    form_key: &str,
) -> Result<Option<CalendarAppointment>, SchedulingError> {
    let key = if form_key.chars().all(|c| c.is_ascii_hexdigit()) { form_key } else { return Ok(None) };
    scheduling::appointment_by_key_prefix(tx, &format!("{}:", idempotency_key(key))).await
}

/// The patient's details as the patients domain takes them: only what was typed.
fn new_patient(c: &Contact) -> NewPatient {
    NewPatient {
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        preferred_name: None,
        date_of_birth: None,
        sex: None,
        pronouns: None,
        email: c.email.clone(),
        phone: c.phone.clone(),
        address: Address::default(),
        source: PatientSource::Online,
    }
}

/// A confirmed booking.
pub struct Confirmed {
    pub appointment: CalendarAppointment,
    /// An earlier submit of the same form made it; nothing new happened.
    pub replayed: bool,
    /// The booking made a new patient record.
    pub new_patient: bool,
}

/// Books the time if it is still free; a repeated request returns the first booking. The
/// patient is the one on file or a new record, and both the record and the booking are audited
/// under "Online booking".
pub async fn confirm(
    op: &mut ClinicOp<OnlineBooking>,
    rules: Rules<'_>,
    req: &Request<'_>,
) -> Result<Audited<Confirmed>, ConfirmError> {
    let tz = rules.tz;
    let key = idempotency_key(req.key);
    scheduling::hold_idempotency_key(op.tx(), &key).await?;
    if let Some(appointment) = scheduling::appointment_by_key(op.tx(), &key).await? {
        return Ok(Audited::unchanged(Confirmed { appointment, replayed: true, new_patient: false }));
    }
    // Only a time the pages would offer: within hours and the window, for a bookable provider.
    let day = req.starts_at.with_timezone(&tz).date_naive();
    let offered = slots(op.tx(), rules, req.service, req.provider, day, 1).await?;
    let slot = offered.iter().find(|s| s.starts_at == req.starts_at).ok_or(ConfirmError::Taken)?;
    let (provider, room) = least_busy(op.tx(), tz, &slot.options, day).await?.ok_or(ConfirmError::Taken)?;
    let found = patients::find_or_register_online(op, &new_patient(req.contact)).await?;
    let booked = scheduling::book(
        op,
        BookingRequest {
            patient: found.patient,
            provider,
            service: req.service,
            room,
            starts_at: req.starts_at,
            ends_at: None,
            notes: req.contact.note.clone(),
            source: AppointmentSource::Online,
            idempotency_key: Some(key),
        },
    )
    .await?;
    let new_patient = found.is_new;
    Ok(found.recorded.and(booked).map(|((), booked)| Confirmed {
        appointment: booked.appointment,
        replayed: booked.replayed,
        new_patient,
    }))
}

/// Of those who could take a time, the one with the fewest bookings that day, so "anyone
/// available" spreads online bookings across the team (ties go by the clinic's order).
async fn least_busy(
    tx: &mut ClinicTx,
    tz: Tz,
    options: &[(StaffUserId, Option<RoomId>)],
    day: NaiveDate,
) -> Result<Option<(StaffUserId, Option<RoomId>)>, sqlx::Error> {
    if options.len() < 2 {
        return Ok(options.first().copied());
    }
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| tz.from_local_datetime(&t).earliest());
    let (Some(from), Some(to)) = (start(day), start(day + Duration::days(1))) else {
        return Ok(options.first().copied());
    };
    let counts = scheduling::bookings_per_provider(tx, from.with_timezone(&Utc), to.with_timezone(&Utc)).await?;
    let load = |p: StaffUserId| counts.iter().find(|(id, _)| *id == p).map_or(0, |(_, n)| *n);
    Ok(options.iter().copied().min_by_key(|(p, _)| load(*p)))
}

/// Free times near one that was just taken, nearest first.
pub async fn nearby(
    tx: &mut ClinicTx,
    rules: Rules<'_>,
    service: ServiceId,
    provider: Option<StaffUserId>,
    around: DateTime<Utc>,
) -> Result<Vec<Slot>, SchedulingError> {
    let day = around.with_timezone(&rules.tz).date_naive();
    let mut found = slots(tx, rules, service, provider, day, 7).await?;
    found.sort_by_key(|s| (s.starts_at - around).num_seconds().abs());
    found.truncate(6);
    found.sort_by_key(|s| s.starts_at);
    Ok(found)
}
