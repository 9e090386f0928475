use chrono::{DateTime, Utc};

use super::model::{AppointmentId, AppointmentStatus, NewAppointment, NewService, RoomId, ServiceId};
use crate::args;
use crate::db::{Arg, ClinicTx};
use crate::staff::StaffUserId;
use crate::types::name_key;

pub(super) async fn insert_room(
    tx: &mut ClinicTx,
    id: RoomId,
    name: &str,
    description: Option<&str>,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into rooms (id, name, name_key, description, sort_order, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
        args![id, name, name_key(name), description, sort_order, now],
    )
    .await
    .map(drop)
}

/// A service's own columns, in the order the insert and the update list them (`$2` to `$13`).
fn service_columns(s: &NewService) -> Vec<Arg> {
    args![
        &s.name,
        name_key(&s.name),
        &s.category,
        &s.description,
        s.duration_minutes,
        s.buffer_after_minutes,
        s.price_cents,
        &s.color,
        s.needs_room,
        s.bookable_online,
        s.chart_kind,
        s.pricing,
    ]
}

async fn add_service_rooms(tx: &mut ClinicTx, id: ServiceId, rooms: &[RoomId]) -> Result<(), sqlx::Error> {
    for room in rooms {
        tx.execute("insert into service_rooms (service_id, room_id) values ($1, $2)", args![id, *room]).await?;
    }
    Ok(())
}

pub(super) async fn insert_service(
    tx: &mut ClinicTx,
    id: ServiceId,
    s: &NewService,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into services (id, name, name_key, category, description, duration_minutes, buffer_after_minutes, \
         price_cents, color, needs_room, bookable_online, chart_kind, pricing, sort_order, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
        [args![id], service_columns(s), args![sort_order, now]].concat(),
    )
    .await?;
    add_service_rooms(tx, id, &s.rooms).await
}

pub(super) async fn insert_provider_profile(
    tx: &mut ClinicTx,
    user: StaffUserId,
    color: &str,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into provider_profiles (user_id, calendar_color, sort_order, created_at, updated_at) \
         values ($1, $2, $3, $4, $4)",
        args![user, color, sort_order, now],
    )
    .await
    .map(drop)
}

pub(super) async fn replace_working_hours(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    spans: &[(i16, i32, i32)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute("delete from provider_working_hours where provider_id = $1", args![provider]).await?;
    for &(weekday, start, end) in spans {
        tx.execute(
            "insert into provider_working_hours (id, provider_id, weekday, start_minute, end_minute, created_at, \
             updated_at) values ($1, $2, $3, $4, $5, $6, $6)",
            args![super::WorkingHoursId::generate(), provider, weekday, start, end, now],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn insert_time_off(
    tx: &mut ClinicTx,
    id: super::TimeOffId,
    provider: StaffUserId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into provider_time_off (id, provider_id, starts_at, ends_at, reason, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
        args![id, provider, starts_at, ends_at, reason, now],
    )
    .await
    .map(drop)
}

pub(super) async fn replace_provider_services(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    services: &[ServiceId],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute("delete from provider_services where provider_id = $1", args![provider]).await?;
    for service in services {
        tx.execute(
            "insert into provider_services (provider_id, service_id, created_at) values ($1, $2, $3)",
            args![provider, *service, now],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn insert_appointment(
    tx: &mut ClinicTx,
    id: AppointmentId,
    a: &NewAppointment,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    use AppointmentStatus as S;
    let at = |on: &[AppointmentStatus]| on.contains(&a.status).then_some(a.status_at);
    tx.execute(
        "insert into appointments (id, patient_id, provider_id, service_id, room_id, starts_at, ends_at, \
         blocked_until, status, source, notes, cancellation_reason, cancelled_at, cancelled_by, confirmed_at, \
         checked_in_at, started_at, completed_at, created_by, created_at, updated_at, idempotency_key) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)",
        args![
            id,
            a.patient,
            a.provider,
            a.service,
            a.room,
            a.starts_at,
            a.ends_at,
            a.blocked_until,
            a.status,
            a.source,
            &a.notes,
            &a.cancellation_reason,
            at(&[S::Cancelled]),
            if a.status == S::Cancelled { a.created_by } else { None },
            at(&[S::Confirmed, S::CheckedIn, S::InProgress, S::Completed]),
            at(&[S::CheckedIn, S::InProgress, S::Completed]),
            at(&[S::InProgress, S::Completed]),
            at(&[S::Completed]),
            a.created_by,
            now,
            &a.idempotency_key,
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn of_patient(
    tx: &mut ClinicTx,
    patient: crate::patients::PatientId,
) -> Result<Vec<super::model::PatientAppointment>, sqlx::Error> {
    tx.fetch_all(
        "select a.id, a.starts_at, a.ends_at, a.status, a.source, s.name as service_name, s.color as service_color, \
         u.display_name as provider_name, r.name as room_name, a.cancellation_reason from appointments a \
         join services s on s.id = a.service_id join staff_users u on u.id = a.provider_id \
         left join rooms r on r.id = a.room_id where a.patient_id = $1 order by a.starts_at desc",
        args![patient],
    )
    .await
}

mod appointments;
mod settings;

pub(super) use appointments::*;
pub use appointments::{VisitForChart, VisitShown};
pub(super) use settings::*;
