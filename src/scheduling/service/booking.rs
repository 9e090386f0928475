//! Booking, moving, status changes and cancelling. Every write re-checks the slot inside its
//! transaction, after taking the provider's and then the room's lock (Postgres; SQLite writers
//! are already serial), and the database's own overlap guard stands behind that.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use serde_json::json;

use super::super::model::{
    AppointmentId, AppointmentSource, AppointmentStatus, CalendarAppointment, NewAppointment, RoomId, SchedulingError,
    Service, ServiceId, WeeklyHours,
};
use super::super::{repo, rules};
use crate::audit::AuditAction;
use crate::auth::permissions::{AppointmentsCancel, AppointmentsRead, AppointmentsWrite, OnlineBooking, Permission};
use crate::clinic::{Audited, ClinicOp};
use crate::db::{ClinicTx, DbFailure, classify};
use crate::patients::{self, PatientId, PatientsError};
use crate::staff::StaffUserId;

/// The permissions that may book: staff with `appointments:write`, and the online booking pages.
pub trait MayBook: Permission {}
impl MayBook for AppointmentsWrite {}
impl MayBook for OnlineBooking {}

#[derive(Debug, Clone)]
pub struct BookingRequest {
    pub patient: PatientId,
    pub provider: StaffUserId,
    pub service: ServiceId,
    pub room: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    /// Defaults to the service's duration.
    pub ends_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub source: AppointmentSource,
    pub idempotency_key: Option<String>,
}

/// A booked (or changed) appointment, and whether it falls outside the provider's hours.
#[derive(Debug, Clone)]
pub struct Booked {
    pub appointment: CalendarAppointment,
    pub outside_hours: bool,
    /// An earlier request with the same idempotency key made it; nothing new happened.
    pub replayed: bool,
}

const MAX_LENGTH: Duration = Duration::hours(12);

async fn bookable_service(tx: &mut ClinicTx, id: ServiceId) -> Result<(Service, Vec<RoomId>), SchedulingError> {
    match super::service(tx, id).await {
        Ok((s, _)) if s.archived_at.is_some() => {
            Err(SchedulingError::invalid("serviceId", "archived", "That service is no longer offered."))
        }
        Ok(found) => Ok(found),
        Err(SchedulingError::NotFound) => {
            Err(SchedulingError::invalid("serviceId", "unknown", "Choose one of the clinic's services."))
        }
        Err(e) => Err(e),
    }
}

async fn bookable_provider(tx: &mut ClinicTx, id: StaffUserId) -> Result<(), SchedulingError> {
    match repo::provider(tx, id).await? {
        Some(p) if p.active => Ok(()),
        Some(_) => Err(SchedulingError::invalid("providerId", "inactive", "That provider no longer works here.")),
        None => Err(SchedulingError::invalid("providerId", "unknown", "Choose a provider who takes appointments.")),
    }
}

/// The room to use: the one asked for (if it suits the service), or, when the service needs a
/// room and none was asked for, the first suitable one that is free.
async fn choose_room(
    tx: &mut ClinicTx,
    service: &Service,
    allowed: &[RoomId],
    asked: Option<RoomId>,
    span: (DateTime<Utc>, DateTime<Utc>),
    except: Option<AppointmentId>,
) -> Result<Option<RoomId>, SchedulingError> {
    let rooms: Vec<RoomId> = repo::rooms(tx)
        .await?
        .into_iter()
        .filter(|r| r.archived_at.is_none() && (allowed.is_empty() || allowed.contains(&r.id)))
        .map(|r| r.id)
        .collect();
    if let Some(room) = asked {
        if !rooms.contains(&room) {
            return Err(SchedulingError::invalid("roomId", "not_suitable", "That room isn't set up for this service."));
        }
        return Ok(Some(room));
    }
    if !service.needs_room {
        return Ok(None);
    }
    for room in rooms {
        if !repo::room_busy(tx, room, span.0, span.1, except).await? {
            return Ok(Some(room));
        }
    }
    Err(SchedulingError::invalid("roomId", "none_free", "No suitable room is free at that time."))
}

fn length(
    service: &Service,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, SchedulingError> {
    let ends_at = ends_at.unwrap_or(starts_at + Duration::minutes(i64::from(service.duration_minutes)));
    if ends_at <= starts_at {
        return Err(SchedulingError::invalid("endsAt", "before_start", "An appointment must end after it starts."));
    }
    if ends_at - starts_at > MAX_LENGTH {
        return Err(SchedulingError::invalid("endsAt", "too_long", "An appointment can last at most 12 hours."));
    }
    Ok(ends_at)
}

/// Takes the provider's lock and checks the provider is free, before any room is chosen: a
/// provider who is busy is the clash to report, whatever the rooms look like.
async fn claim_provider(
    tx: &mut ClinicTx,
    tz: Tz,
    provider: StaffUserId,
    span: (DateTime<Utc>, DateTime<Utc>),
    except: Option<AppointmentId>,
) -> Result<(), SchedulingError> {
    tx.lock(&format!("provider:{provider}")).await?;
    if let Some(conflict) = repo::conflict(tx, except, provider, None, span.0, span.1).await? {
        return Err(SchedulingError::SlotUnavailable { conflict: Box::new(conflict), provider_busy: true, tz });
    }
    Ok(())
}

/// Takes the provider's and then the room's lock and checks nothing else holds them.
async fn claim(
    tx: &mut ClinicTx,
    tz: Tz,
    provider: StaffUserId,
    room: Option<RoomId>,
    span: (DateTime<Utc>, DateTime<Utc>),
    except: Option<AppointmentId>,
) -> Result<(), SchedulingError> {
    tx.lock(&format!("provider:{provider}")).await?;
    if let Some(room) = room {
        tx.lock(&format!("room:{room}")).await?;
    }
    if let Some(conflict) = repo::conflict(tx, except, provider, room, span.0, span.1).await? {
        let provider_busy = conflict.provider_id == provider;
        return Err(SchedulingError::SlotUnavailable { conflict: Box::new(conflict), provider_busy, tz });
    }
    Ok(())
}

/// The database refused an overlap that slipped past the check: say who holds the slot.
async fn explain_overlap(
    tx: &mut ClinicTx,
    err: sqlx::Error,
    tz: Tz,
    provider: StaffUserId,
    room: Option<RoomId>,
    span: (DateTime<Utc>, DateTime<Utc>),
    except: Option<AppointmentId>,
) -> SchedulingError {
    if !matches!(classify(&err), DbFailure::Overlap(_)) {
        return err.into();
    }
    // The failed statement aborted the Postgres transaction; the explanation needs a fresh look,
    // which the caller's retry gives. Without one, report the slot as taken all the same.
    match repo::conflict(tx, except, provider, room, span.0, span.1).await {
        Ok(Some(conflict)) => {
            let provider_busy = conflict.provider_id == provider;
            SchedulingError::SlotUnavailable { conflict: Box::new(conflict), provider_busy, tz }
        }
        _ => SchedulingError::SlotTaken,
    }
}

/// Holds an idempotency key until the transaction ends: repeats of one request wait here for
/// the first to finish, then find what it made.
pub async fn hold_idempotency_key(tx: &mut ClinicTx, key: &str) -> Result<(), sqlx::Error> {
    tx.lock(&format!("idempotency:{key}")).await
}

/// The appointment made with an idempotency key that starts with `prefix`, if any.
pub async fn appointment_by_key_prefix(
    tx: &mut ClinicTx,
    prefix: &str,
) -> Result<Option<CalendarAppointment>, SchedulingError> {
    match repo::by_key_prefix(tx, prefix).await? {
        Some(id) => Ok(repo::calendar_one(tx, id).await?),
        None => Ok(None),
    }
}

/// How many active appointments each provider has starting in [from, to).
pub async fn bookings_per_provider(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(StaffUserId, i64)>, sqlx::Error> {
    repo::counts_by_provider(tx, from, to).await
}

/// The appointment an idempotency key made, if any.
pub async fn appointment_by_key(tx: &mut ClinicTx, key: &str) -> Result<Option<CalendarAppointment>, SchedulingError> {
    match repo::by_idempotency_key(tx, key).await? {
        Some(id) => Ok(repo::calendar_one(tx, id).await?),
        None => Ok(None),
    }
}

/// Books an appointment after checking the patient, provider, service, room and time; a
/// repeat of a request with the same idempotency key answers with the first booking.
pub async fn book<P: MayBook>(op: &mut ClinicOp<P>, req: BookingRequest) -> Result<Audited<Booked>, SchedulingError> {
    let (tz, now, by) = (op.tz(), op.now(), op.by());
    let tx = op.tx();
    if let Some(key) = &req.idempotency_key {
        hold_idempotency_key(tx, key).await?;
        if let Some(existing) = repo::by_idempotency_key(tx, key).await? {
            let appointment = repo::calendar_one(tx, existing).await?.ok_or(SchedulingError::NotFound)?;
            let outside_hours =
                outside_hours(tx, tz, appointment.provider_id, appointment.starts_at, appointment.ends_at).await?;
            return Ok(Audited::unchanged(Booked { appointment, outside_hours, replayed: true }));
        }
    }
    let patient = patients::record(tx, req.patient).await.map_err(|e| match e {
        PatientsError::NotFound => SchedulingError::invalid("patientId", "unknown", "Choose a patient."),
        other => other.into(),
    })?;
    if patient.deleted_at.is_some() {
        return Err(PatientsError::Archived.into());
    }
    bookable_provider(tx, req.provider).await?;
    let (service, allowed_rooms) = bookable_service(tx, req.service).await?;
    let ends_at = length(&service, req.starts_at, req.ends_at)?;
    let blocked_until = ends_at + Duration::minutes(i64::from(service.buffer_after_minutes));
    let span = (req.starts_at, blocked_until);
    claim_provider(tx, tz, req.provider, span, None).await?;
    let room = choose_room(tx, &service, &allowed_rooms, req.room, span, None).await?;
    claim(tx, tz, req.provider, room, span, None).await?;
    let new = NewAppointment {
        patient: req.patient,
        provider: req.provider,
        service: req.service,
        room,
        starts_at: req.starts_at,
        ends_at,
        blocked_until,
        status: AppointmentStatus::Booked,
        source: req.source,
        notes: req.notes.clone(),
        cancellation_reason: None,
        status_at: now,
        created_by: by,
        idempotency_key: req.idempotency_key.clone(),
    };
    let id = match super::insert_appointment(tx, &new, now).await {
        Ok(id) => id,
        Err(err) => return Err(explain_overlap(tx, err, tz, req.provider, room, span, None).await),
    };
    let appointment = repo::calendar_one(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let outside_hours = outside_hours(tx, tz, req.provider, req.starts_at, ends_at).await?;
    let mut details = json!({ "startsAt": appointment.starts_at, "providerId": appointment.provider_id });
    if req.source == AppointmentSource::Online {
        details["source"] = json!("online");
    }
    let entry = op
        .entry(AuditAction::AppointmentBooked)
        .entity("appointment", id.0)
        .patient(appointment.patient_id.0)
        .details(details);
    Ok(op.audit(entry, Booked { appointment, outside_hours, replayed: false }).await?)
}

/// A change to an appointment; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub provider: Option<StaffUserId>,
    /// `Some(None)` takes the appointment out of its room.
    pub room: Option<Option<RoomId>>,
    pub service: Option<ServiceId>,
    /// `Some(None)` clears the notes.
    pub notes: Option<Option<String>>,
}

/// Moves, resizes or reassigns an appointment (or edits its notes).
pub async fn change(
    op: &mut ClinicOp<AppointmentsWrite>,
    id: AppointmentId,
    change: Change,
) -> Result<Audited<Booked>, SchedulingError> {
    let (tz, now) = (op.tz(), op.now());
    let tx = op.tx();
    let current = repo::appointment(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let only_notes = change.starts_at.is_none()
        && change.ends_at.is_none()
        && change.provider.is_none()
        && change.room.is_none()
        && change.service.is_none();
    let moves_the_visit = change.starts_at.is_some_and(|t| t != current.starts_at)
        || change.ends_at.is_some_and(|t| t != current.ends_at)
        || change.provider.is_some_and(|p| p != current.provider_id)
        || change.service.is_some_and(|s| s != current.service_id);
    if moves_the_visit && crate::charting::holds_visit(tx, id).await? {
        return Err(SchedulingError::VisitLocked);
    }
    if !only_notes {
        rules::check_editable(current.status).map_err(SchedulingError::Rule)?;
    }
    let provider = change.provider.unwrap_or(current.provider_id);
    if provider != current.provider_id {
        bookable_provider(tx, provider).await?;
    }
    let service_id = change.service.unwrap_or(current.service_id);
    let (service, allowed_rooms) = if service_id == current.service_id {
        super::service(tx, service_id).await?
    } else {
        bookable_service(tx, service_id).await?
    };
    let starts_at = change.starts_at.unwrap_or(current.starts_at);
    // Moving keeps the length; resizing (or a new service) sets a new end.
    let ends_at = match (change.ends_at, change.starts_at, change.service) {
        (Some(end), _, _) => end,
        (None, _, Some(_)) => starts_at + Duration::minutes(i64::from(service.duration_minutes)),
        (None, Some(_), None) => starts_at + (current.ends_at - current.starts_at),
        (None, None, None) => current.ends_at,
    };
    let ends_at = length(&service, starts_at, Some(ends_at))?;
    let blocked_until = ends_at + Duration::minutes(i64::from(service.buffer_after_minutes));
    let span = (starts_at, blocked_until);
    let asked_room = match change.room {
        Some(room) => room,
        None if provider != current.provider_id || change.starts_at.is_some() || change.service.is_some() => {
            // Keep the room if it still suits and is free; otherwise find one.
            match current.room_id {
                Some(r) if !repo::room_busy(tx, r, span.0, span.1, Some(id)).await? => Some(r),
                _ => None,
            }
        }
        None => current.room_id,
    };
    let notes = match change.notes {
        Some(notes) => notes,
        None => current.notes.clone(),
    };
    let room = if only_notes {
        current.room_id
    } else {
        claim_provider(tx, tz, provider, span, Some(id)).await?;
        let room = choose_room(tx, &service, &allowed_rooms, asked_room, span, Some(id)).await?;
        claim(tx, tz, provider, room, span, Some(id)).await?;
        room
    };
    if let Err(err) =
        repo::reschedule(tx, id, provider, room, service_id, starts_at, ends_at, blocked_until, notes.as_deref(), now)
            .await
    {
        return Err(explain_overlap(tx, err, tz, provider, room, span, Some(id)).await);
    }
    let appointment = repo::calendar_one(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let outside_hours = outside_hours(tx, tz, provider, starts_at, ends_at).await?;
    let details = json!({
        "startsAt": appointment.starts_at,
        "endsAt": appointment.ends_at,
        "providerId": appointment.provider_id,
        "roomId": appointment.room_id,
    });
    let entry = op
        .entry(AuditAction::AppointmentChanged)
        .entity("appointment", id.0)
        .patient(appointment.patient_id.0)
        .details(details);
    Ok(op.audit(entry, Booked { appointment, outside_hours, replayed: false }).await?)
}

/// Moves an appointment along its statuses (checked in, in progress, completed, no-show...).
pub async fn set_status(
    op: &mut ClinicOp<AppointmentsWrite>,
    id: AppointmentId,
    to: AppointmentStatus,
) -> Result<Audited<CalendarAppointment>, SchedulingError> {
    let (tz, now) = (op.tz(), op.now());
    let tx = op.tx();
    let current = repo::appointment(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    if to == AppointmentStatus::NoShow && crate::charting::holds_visit(tx, id).await? {
        return Err(SchedulingError::VisitLocked);
    }
    let on_the_day = current.starts_at.with_timezone(&tz).date_naive() == now.with_timezone(&tz).date_naive();
    rules::check_transition(current.status, to, on_the_day, now >= current.starts_at).map_err(SchedulingError::Rule)?;
    if !current.status.is_active() && to.is_active() {
        // Undoing a no-show takes the time back, if it is still free.
        claim(tx, tz, current.provider_id, current.room_id, (current.starts_at, current.blocked_until), Some(id))
            .await?;
    }
    if let Err(err) = repo::set_status(tx, id, to, now).await {
        let span = (current.starts_at, current.blocked_until);
        return Err(explain_overlap(tx, err, tz, current.provider_id, current.room_id, span, Some(id)).await);
    }
    let appointment = repo::calendar_one(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let entry = op
        .entry(AuditAction::AppointmentStatusChanged)
        .entity("appointment", id.0)
        .patient(appointment.patient_id.0)
        .details(json!({ "from": current.status.as_str(), "to": to.as_str() }));
    Ok(op.audit(entry, appointment).await?)
}

/// Cancels with a reason; the time is free again at once.
pub async fn cancel(
    op: &mut ClinicOp<AppointmentsCancel>,
    id: AppointmentId,
    reason: &str,
) -> Result<Audited<CalendarAppointment>, SchedulingError> {
    let (by, now) = (op.by(), op.now());
    let tx = op.tx();
    let current = repo::appointment(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    if crate::charting::holds_visit(tx, id).await? {
        return Err(SchedulingError::VisitLocked);
    }
    rules::check_cancellable(current.status).map_err(SchedulingError::Rule)?;
    repo::cancel(tx, id, reason, by, now).await?;
    let appointment = repo::calendar_one(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let entry =
        op.entry(AuditAction::AppointmentCancelled).entity("appointment", id.0).patient(appointment.patient_id.0);
    Ok(op.audit(entry, appointment).await?)
}

pub async fn appointment(
    op: &mut ClinicOp<AppointmentsRead>,
    id: AppointmentId,
) -> Result<CalendarAppointment, SchedulingError> {
    find(op.tx(), id).await
}

/// The visit a chart is opened for: its patient, provider, the service's chart kind, and status.
pub async fn visit_for_chart(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<super::super::repo::VisitForChart>, sqlx::Error> {
    repo::visit_for_chart(tx, id).await
}

/// The visit as a chart being submitted records it. On Postgres the appointment row is held
/// until the transaction ends, so a move racing the submission either lands first (and is what
/// the chart records) or waits and is then refused by the visit lock.
pub async fn hold_visit_for_record(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<super::super::repo::VisitShown>, sqlx::Error> {
    repo::visit_held(tx, id).await
}

/// An appointment as the calendar shows it, for other domains.
pub async fn find(tx: &mut ClinicTx, id: AppointmentId) -> Result<CalendarAppointment, SchedulingError> {
    repo::calendar_one(tx, id).await?.ok_or(SchedulingError::NotFound)
}

/// Whether [start, end) falls outside every working span of the provider that day, or into
/// their time off.
async fn outside_hours(
    tx: &mut ClinicTx,
    tz: Tz,
    provider: StaffUserId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let hours: Vec<WeeklyHours> =
        repo::weekly_hours(tx).await?.into_iter().filter(|h| h.provider_id == provider).collect();
    let off = repo::time_off_between(tx, start, end, Some(provider)).await?;
    Ok(!off.is_empty() || !within_hours(tz, &hours, start, end))
}

pub fn within_hours(tz: Tz, hours: &[WeeklyHours], start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    let local_start = start.with_timezone(&tz).naive_local();
    let local_end = end.with_timezone(&tz).naive_local();
    let day = local_start.date();
    let Some(midnight) = day.and_hms_opt(0, 0, 0) else { return false };
    let from = (local_start - midnight).num_minutes();
    let to = (local_end - midnight).num_minutes();
    let weekday = day.weekday().number_from_monday() as i16;
    hours.iter().any(|h| h.weekday == weekday && i64::from(h.start_minute) <= from && to <= i64::from(h.end_minute))
}
