use chrono::{DateTime, Utc};

use super::super::model::{
    Appointment, AppointmentId, AppointmentStatus, CalendarAppointment, Conflict, RoomId, ServiceId,
};
use crate::args;
use crate::db::{ClinicTx, Sql};
use crate::staff::StaffUserId;

macro_rules! appointment_cols {
    () => {
        "provider_id, service_id, room_id, starts_at, ends_at, blocked_until, status, notes"
    };
}

pub(in crate::scheduling) async fn appointment(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<Appointment>, sqlx::Error> {
    tx.fetch_optional(concat!("select ", appointment_cols!(), " from appointments where id = $1"), args![id]).await
}

macro_rules! calendar_select {
    () => {
        "select a.id, a.patient_id, a.provider_id, a.service_id, a.room_id, a.starts_at, a.ends_at, a.blocked_until, \
         a.status, a.source, a.notes, a.cancellation_reason, p.first_name, p.last_name, p.preferred_name, \
         exists (select 1 from patient_allergies pa where pa.patient_id = a.patient_id and pa.deleted_at is null) \
         as has_allergies, s.name as service_name, s.color as service_color, u.display_name as provider_name, \
         r.name as room_name, ch.id as chart_id, ch.status as chart_status \
         from appointments a join patients p on p.id = a.patient_id \
         join services s on s.id = a.service_id join staff_users u on u.id = a.provider_id \
         left join rooms r on r.id = a.room_id \
         left join charts ch on ch.appointment_id = a.id and ch.deleted_at is null"
    };
}

pub(in crate::scheduling) async fn calendar_one(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<CalendarAppointment>, sqlx::Error> {
    tx.fetch_optional(concat!(calendar_select!(), " where a.id = $1"), args![id]).await
}

/// Appointments starting in [from, to), filtered by provider, room and status when the lists
/// are not empty.
pub(in crate::scheduling) async fn calendar_between(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    providers: Vec<uuid::Uuid>,
    rooms: Vec<uuid::Uuid>,
    statuses: Vec<String>,
) -> Result<Vec<CalendarAppointment>, sqlx::Error> {
    tx.fetch_all(
        Sql::each(
            concat!(
                calendar_select!(),
                " where a.starts_at >= $1 and a.starts_at < $2 \
                 and (cardinality($3::uuid[]) = 0 or a.provider_id = any($3)) \
                 and (cardinality($4::uuid[]) = 0 or a.room_id = any($4)) \
                 and (cardinality($5::text[]) = 0 or a.status = any($5)) order by a.starts_at, a.id"
            ),
            concat!(
                calendar_select!(),
                " where a.starts_at >= $1 and a.starts_at < $2 \
                 and (json_array_length($3) = 0 or a.provider_id in (select unhex(value) from json_each($3))) \
                 and (json_array_length($4) = 0 or a.room_id in (select unhex(value) from json_each($4))) \
                 and (json_array_length($5) = 0 or a.status in (select value from json_each($5))) \
                 order by a.starts_at, a.id"
            ),
        ),
        args![from, to, providers, rooms, statuses],
    )
    .await
}

/// The first active appointment (other than `except`) holding the provider or the room in
/// [start, blocked_until).
pub(in crate::scheduling) async fn conflict(
    tx: &mut ClinicTx,
    except: Option<AppointmentId>,
    provider: StaffUserId,
    room: Option<RoomId>,
    start: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
) -> Result<Option<Conflict>, sqlx::Error> {
    tx.fetch_optional(
        "select a.id, a.provider_id, a.room_id, a.starts_at, a.ends_at, u.display_name as provider_name, \
         r.name as room_name, s.name as service_name from appointments a \
         join staff_users u on u.id = a.provider_id join services s on s.id = a.service_id \
         left join rooms r on r.id = a.room_id \
         where a.status not in ('cancelled', 'no_show') and ($1 is null or a.id <> $1) \
         and a.starts_at < $5 and a.blocked_until > $4 \
         and (a.provider_id = $2 or ($3 is not null and a.room_id = $3)) \
         order by a.provider_id = $2 desc, a.starts_at limit 1",
        args![except, provider, room, start, blocked_until],
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(in crate::scheduling) struct BusySpan {
    pub provider_id: StaffUserId,
    pub room_id: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
}

/// Active appointments overlapping [from, to), for availability.
pub(in crate::scheduling) async fn busy_between(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BusySpan>, sqlx::Error> {
    tx.fetch_all(
        "select provider_id, room_id, starts_at, blocked_until from appointments \
         where status not in ('cancelled', 'no_show') and starts_at < $2 and blocked_until > $1",
        args![from, to],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(in crate::scheduling) async fn reschedule(
    tx: &mut ClinicTx,
    id: AppointmentId,
    provider: StaffUserId,
    room: Option<RoomId>,
    service: ServiceId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
    notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update appointments set provider_id = $2, room_id = $3, service_id = $4, starts_at = $5, ends_at = $6, \
         blocked_until = $7, notes = $8, updated_at = $9 where id = $1",
        args![id, provider, room, service, starts_at, ends_at, blocked_until, notes, now],
    )
    .await
    .map(drop)
}

pub(in crate::scheduling) async fn set_status(
    tx: &mut ClinicTx,
    id: AppointmentId,
    status: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Moving forward stamps when; stepping back clears what no longer holds.
    tx.execute(
        "update appointments set status = $2, updated_at = $3, \
         confirmed_at = case when $2 = 'confirmed' then $3 when $2 = 'booked' then null else confirmed_at end, \
         checked_in_at = case when $2 = 'checked_in' then coalesce(checked_in_at, $3) \
                              when $2 in ('booked', 'confirmed', 'no_show') then null else checked_in_at end, \
         started_at = case when $2 = 'in_progress' then coalesce(started_at, $3) \
                           when $2 in ('booked', 'confirmed', 'checked_in', 'no_show') then null else started_at end, \
         completed_at = case when $2 = 'completed' then $3 else completed_at end \
         where id = $1",
        args![id, status, now],
    )
    .await
    .map(drop)
}

pub(in crate::scheduling) async fn cancel(
    tx: &mut ClinicTx,
    id: AppointmentId,
    reason: &str,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update appointments set status = 'cancelled', cancellation_reason = $2, cancelled_at = $3, cancelled_by = $4, \
         updated_at = $3 where id = $1",
        args![id, reason, now, by],
    )
    .await
    .map(drop)
}

/// Whether an active appointment (other than `except`) holds the room in [start, blocked_until).
pub(in crate::scheduling) async fn room_busy(
    tx: &mut ClinicTx,
    room: RoomId,
    start: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
    except: Option<AppointmentId>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = tx
        .fetch_scalar(
            "select count(*) from appointments where room_id = $1 and status not in ('cancelled', 'no_show') \
             and starts_at < $3 and blocked_until > $2 and ($4 is null or id <> $4)",
            args![room, start, blocked_until, except],
        )
        .await?;
    Ok(n > 0)
}

pub(in crate::scheduling) async fn by_idempotency_key(
    tx: &mut ClinicTx,
    key: &str,
) -> Result<Option<AppointmentId>, sqlx::Error> {
    tx.fetch_scalars("select id from appointments where idempotency_key = $1", args![key]).await.map(|mut v| v.pop())
}

/// The first appointment whose idempotency key starts with `prefix` (a form's key, whatever name
/// it was sent with).
pub(in crate::scheduling) async fn by_key_prefix(
    tx: &mut ClinicTx,
    prefix: &str,
) -> Result<Option<AppointmentId>, sqlx::Error> {
    let found: Option<(AppointmentId,)> = tx
        .fetch_optional(
            "select id from appointments where idempotency_key like $1 order by created_at limit 1",
            args![format!("{prefix}%")],
        )
        .await?;
    Ok(found.map(|(id,)| id))
}

/// How many active appointments each provider has starting in [from, to).
pub(in crate::scheduling) async fn counts_by_provider(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(StaffUserId, i64)>, sqlx::Error> {
    tx.fetch_all(
        "select provider_id, count(*) from appointments where status not in ('cancelled', 'no_show') \
         and starts_at >= $1 and starts_at < $2 group by provider_id",
        args![from, to],
    )
    .await
}

/// What charting takes from a visit to open its chart.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VisitForChart {
    pub patient_id: crate::patients::PatientId,
    pub provider_id: StaffUserId,
    pub chart_kind: crate::charting::TemplateKind,
    pub status: AppointmentStatus,
}

pub(in crate::scheduling) async fn visit_for_chart(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<VisitForChart>, sqlx::Error> {
    tx.fetch_optional(
        "select a.patient_id, a.provider_id, s.chart_kind, a.status from appointments a \
         join services s on s.id = a.service_id where a.id = $1",
        args![id],
    )
    .await
}

/// What a chart shows of its visit, fixed at submission.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct VisitShown {
    pub visit_at: Option<DateTime<Utc>>,
    pub service_id: Option<ServiceId>,
    pub service_name: Option<String>,
}

/// The visit as it is now, the appointment row held until the transaction ends (Postgres).
pub(in crate::scheduling) async fn visit_held(
    tx: &mut ClinicTx,
    id: AppointmentId,
) -> Result<Option<VisitShown>, sqlx::Error> {
    tx.fetch_optional(
        Sql::each(
            "select a.starts_at as visit_at, a.service_id, s.name as service_name \
             from appointments a join services s on s.id = a.service_id where a.id = $1 for share of a",
            "select a.starts_at as visit_at, a.service_id, s.name as service_name \
             from appointments a join services s on s.id = a.service_id where a.id = $1",
        ),
        args![id],
    )
    .await
}
