//! Reading the book: a range for the calendar, and free times for a service.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::super::availability::{self, Busy, ProviderCalendar, RoomCalendar, ServiceNeeds, Slot};
use super::super::model::{AppointmentStatus, CalendarAppointment, RoomId, SchedulingError, ServiceId, TimeOff};
use super::super::repo;
use crate::auth::permissions::AppointmentsRead;
use crate::clinic::ClinicOp;
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

#[derive(Debug, Clone, Default)]
pub struct CalendarFilter {
    pub providers: Vec<StaffUserId>,
    pub rooms: Vec<RoomId>,
    pub statuses: Vec<AppointmentStatus>,
}

/// A provider's working span on a given day, as instants.
#[derive(Debug, Clone, Copy)]
pub struct WorkingSpan {
    pub provider_id: StaffUserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

pub struct CalendarRange {
    pub appointments: Vec<CalendarAppointment>,
    pub time_off: Vec<TimeOff>,
    pub working: Vec<WorkingSpan>,
}

fn instant(tz: Tz, day: NaiveDate, minute: i32) -> Option<DateTime<Utc>> {
    let naive = day.and_hms_opt(0, 0, 0)? + Duration::minutes(i64::from(minute));
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// Everything the calendar shows between two instants, in one go.
pub async fn calendar(
    op: &mut ClinicOp<AppointmentsRead>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    filter: &CalendarFilter,
) -> Result<CalendarRange, sqlx::Error> {
    let tz = op.tz();
    let tx = op.tx();
    let appointments = repo::calendar_between(
        tx,
        from,
        to,
        filter.providers.iter().map(|p| p.0).collect(),
        filter.rooms.iter().map(|r| r.0).collect(),
        filter.statuses.iter().map(|s| s.as_str().to_owned()).collect(),
    )
    .await?;
    let wanted = |p: &StaffUserId| filter.providers.is_empty() || filter.providers.contains(p);
    let time_off =
        repo::time_off_between(tx, from, to, None).await?.into_iter().filter(|t| wanted(&t.provider_id)).collect();
    let hours = repo::weekly_hours(tx).await?;
    let mut working = Vec::new();
    let mut day = from.with_timezone(&tz).date_naive();
    let last = to.with_timezone(&tz).date_naive();
    while day <= last {
        let weekday = day.weekday().number_from_monday() as i16;
        for h in hours.iter().filter(|h| h.weekday == weekday && wanted(&h.provider_id)) {
            if let (Some(starts_at), Some(ends_at)) = (instant(tz, day, h.start_minute), instant(tz, day, h.end_minute))
                && starts_at < to
                && ends_at > from
            {
                working.push(WorkingSpan { provider_id: h.provider_id, starts_at, ends_at });
            }
        }
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    Ok(CalendarRange { appointments, time_off, working })
}

#[derive(Debug, Clone)]
pub struct AvailabilityQuery {
    pub service: ServiceId,
    pub provider: Option<StaffUserId>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub step_minutes: u32,
    pub not_before: DateTime<Utc>,
    /// Only providers who take online bookings, and only services offered online.
    pub online: bool,
}

/// Free start times for a service over a range of days.
pub async fn availability(tx: &mut ClinicTx, tz: Tz, q: &AvailabilityQuery) -> Result<Vec<Slot>, SchedulingError> {
    let (service, allowed_rooms) = super::service(tx, q.service).await?;
    if service.archived_at.is_some() || (q.online && !service.bookable_online) {
        return Err(SchedulingError::NotFound);
    }
    let window_start = instant(tz, q.from, 0).unwrap_or(q.not_before);
    let window_end =
        instant(tz, q.to + Duration::days(1), 0).unwrap_or(window_start + Duration::days(60)) + Duration::days(1);
    let eligible: Vec<StaffUserId> = repo::provider_services(tx)
        .await?
        .into_iter()
        .filter(|l| l.service_id == q.service && q.provider.is_none_or(|p| p == l.provider_id))
        .map(|l| l.provider_id)
        .collect();
    let providers: Vec<_> = repo::providers(tx)
        .await?
        .into_iter()
        .filter(|p| p.active && eligible.contains(&p.user_id) && (!q.online || p.bookable_online))
        .collect();
    let hours = repo::weekly_hours(tx).await?;
    let time_off = repo::time_off_between(tx, window_start, window_end, None).await?;
    let busy = repo::busy_between(tx, window_start, window_end).await?;
    let calendars: Vec<ProviderCalendar> = providers
        .iter()
        .map(|p| {
            let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
                busy.iter().filter(|b| b.provider_id == p.user_id).map(|b| (b.starts_at, b.blocked_until)).collect();
            spans.extend(time_off.iter().filter(|t| t.provider_id == p.user_id).map(|t| (t.starts_at, t.ends_at)));
            ProviderCalendar {
                id: p.user_id,
                hours: hours
                    .iter()
                    .filter(|h| h.provider_id == p.user_id)
                    .map(|h| (h.weekday as u32, h.start_minute as u32, h.end_minute as u32))
                    .collect(),
                busy: Busy::new(spans),
            }
        })
        .collect();
    let rooms: Vec<RoomCalendar> = repo::rooms(tx)
        .await?
        .into_iter()
        .filter(|r| r.archived_at.is_none() && (allowed_rooms.is_empty() || allowed_rooms.contains(&r.id)))
        .map(|r| RoomCalendar {
            id: r.id,
            busy: Busy::new(
                busy.iter().filter(|b| b.room_id == Some(r.id)).map(|b| (b.starts_at, b.blocked_until)).collect(),
            ),
        })
        .collect();
    let request = availability::Request {
        tz,
        from: q.from,
        to: q.to,
        step_minutes: q.step_minutes,
        not_before: q.not_before,
        service: ServiceNeeds {
            duration: Duration::minutes(i64::from(service.duration_minutes)),
            buffer: Duration::minutes(i64::from(service.buffer_after_minutes)),
            needs_room: service.needs_room,
        },
        providers: &calendars,
        rooms: &rooms,
    };
    Ok(availability::free_slots(&request))
}
